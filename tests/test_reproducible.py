"""Reproducible PDFs: the same inputs give the same bytes, so a changed file means changed words.

A print shop, a reviewer or `git diff` can then trust that two identical files say the same thing,
and a rebuild never produces a "new" PDF to send around.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import ROOT, copy_project, run_cli

BUILD = ("--locale", "es", "--material", "fact-sheet", "--jobs", "2")
OUTPUTS = ("es/fact-sheet.pdf", "es/print/fact-sheet.pdf")


def outputs(root: Path) -> dict[str, bytes]:
    return {rel: (root / "dist" / rel).read_bytes() for rel in OUTPUTS}


def test_rebuilding_with_force_gives_identical_desk_and_print_pdfs(project: Path):
    first = run_cli(project, *BUILD)
    assert first.returncode == 0, first.stdout + first.stderr
    before = outputs(project)
    again = run_cli(project, *BUILD, "--force")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "2 built" in again.stdout, "--force should have rendered both PDFs again"
    after = outputs(project)
    for rel in OUTPUTS:
        assert before[rel] == after[rel], f"{rel} changed between two builds of the same inputs"


def test_another_folder_and_source_date_epoch_give_identical_pdfs(project: Path, tmp_path: Path):
    """What a second machine does: a fresh copy elsewhere, the release date fixed by the CI."""
    elsewhere = copy_project(tmp_path / "elsewhere" / "deeper")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01
    for root in (project, elsewhere):
        result = subprocess.run([sys.executable, "build.py", *BUILD], cwd=root, env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
    here, there = outputs(project), outputs(elsewhere)
    for rel in OUTPUTS:
        assert here[rel] == there[rel], f"{rel} depends on the folder it was built in"
        created = PdfReader(io.BytesIO(here[rel])).metadata.creation_date
        assert created == datetime(2026, 1, 1, tzinfo=UTC), \
            f"{rel} should carry the date from SOURCE_DATE_EPOCH, not {created}"


def _clone(source: Path, target: Path, stamp: float) -> Path:
    """A git clone whose files all carry the time `stamp`, as if cloned at that moment."""
    subprocess.run(["git", "clone", "-q", str(source), str(target)], check=True, timeout=120)
    for path in target.rglob("*"):
        if ".git" not in path.parts:
            os.utime(path, (stamp, stamp), follow_symlinks=False)
    return target


def _commit_time(root: Path, *paths: str) -> datetime:
    out = subprocess.run(["git", "-C", str(root), "log", "-1", "--first-parent", "--format=%ct",
                          "--", *paths],
                         capture_output=True, text=True, check=True).stdout
    return datetime.fromtimestamp(int(out), tz=UTC)


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the project's git history")
def test_two_clones_built_at_different_times_give_identical_pdfs(tmp_path: Path):
    """The date inside comes from the last commit that touched the inputs, not file times."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    built = []
    for name, stamp in (("monday", 1_790_000_000), ("friday", 1_790_400_000)):
        root = _clone(ROOT, tmp_path / name, stamp)
        result = subprocess.run([sys.executable, "build.py", *BUILD], cwd=root, env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        built.append(outputs(root))
    for rel in OUTPUTS:
        assert built[0][rel] == built[1][rel], f"{rel} differs between two clones"
        created = PdfReader(io.BytesIO(built[0][rel])).metadata.creation_date
        expected = _commit_time(tmp_path / "monday", "content", "templates", "locales/es")
        assert created == expected, f"{rel}: dated {created}, the inputs' last commit {expected}"


def test_a_new_renderer_version_rebuilds_everything(monkeypatch: pytest.MonkeyPatch):
    from handouts.build import fingerprint
    from handouts.build.plan import plan
    from handouts.context import Context
    from handouts.project import Project

    project = Project(ROOT)
    jobs = plan(Context(project), ["en"], ["hotline-card"], None, False)
    before = [fingerprint.Fingerprints(project).of(job) for job in jobs]
    assert "weasyprint" in fingerprint.renderer_versions()
    monkeypatch.setattr(fingerprint, "renderer_versions",
                        lambda: "weasyprint 99.0; pango-1.0 2.0")
    after = [fingerprint.Fingerprints(project).of(job) for job in jobs]
    assert all(b != a for b, a in zip(before, after, strict=True))
