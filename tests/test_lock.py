"""The lock pins, exactly, a version inside every range pyproject.toml allows (no network)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"


def _direct_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = project["dependencies"] + project["optional-dependencies"]["test"]
    return [Requirement(line) for line in listed]


def _lock_entries() -> list[tuple[Requirement, bool]]:
    """Each requirement in the lock, and whether a `--hash` follows it."""
    entries: list[tuple[Requirement, bool]] = []
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if line[0].isspace():  # a continuation: a hash or a "# via" comment
            if stripped.startswith("--hash=") and entries:
                entries[-1] = (entries[-1][0], True)
            continue
        assert not stripped.startswith("-"), f"option in the lock, not a pin: {line!r}"
        entries.append((Requirement(stripped.removesuffix("\\").strip()), False))
    return entries


def _locked_versions() -> dict[str, Version]:
    return {canonicalize_name(req.name): Version(next(iter(req.specifier)).version)
            for req, _ in _lock_entries()}


def test_the_lock_pins_every_package_exactly_with_hashes():
    entries = _lock_entries()
    assert entries, f"no requirements in {LOCK.name}"
    for req, hashed in entries:
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==" and "*" not in specs[0].version, \
            f"{req} in {LOCK.name} is not pinned to one exact version"
        assert hashed, f"{req} in {LOCK.name} has no --hash (pip needs all or none)"
    names = [canonicalize_name(req.name) for req, _ in entries]
    assert len(names) == len(set(names)), "a package is pinned twice"


@pytest.mark.parametrize("requirement", _direct_requirements(), ids=str)
def test_the_lock_pins_each_dependency_inside_its_range(requirement: Requirement):
    if requirement.marker is not None and not requirement.marker.evaluate({"extra": "test"}):
        pytest.skip(f"{requirement} does not apply on this machine")
    locked = _locked_versions()
    name = canonicalize_name(requirement.name)
    assert name in locked, f"{requirement.name} is in pyproject.toml but not in {LOCK.name}"
    assert requirement.specifier.contains(locked[name], prereleases=True), \
        f"{LOCK.name} pins {requirement.name}=={locked[name]}, outside {requirement.specifier}"
