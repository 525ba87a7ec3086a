"""Reproducible PDFs: the same inputs give the same bytes, so a changed file means changed words.

A print shop, a reviewer or `git diff` can then trust that two identical files say the same thing,
and a rebuild never produces a "new" PDF to send around.
"""

from __future__ import annotations

import io
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import ROOT, copy_project, run_cli

# In two processes: the session build it is compared with rendered in one.
BUILD = ("--locale", "es", "--material", "fact-sheet", "--jobs", "2")
OUTPUTS = ("es/fact-sheet.pdf", "es/print/fact-sheet.pdf")
# The cases about the date inside build the card, the quickest handout to lay out; the
# fact sheet (QR code, icons, two pages) is built again above, byte for byte.
CARD = ("--locale", "es", "--material", "hotline-card")
CARD_OUTPUTS = ("es/hotline-card.pdf", "es/print/hotline-card.pdf")


def outputs(root: Path, made: tuple[str, ...] = OUTPUTS) -> dict[str, bytes]:
    return {rel: (root / "dist" / rel).read_bytes() for rel in made}


def test_building_again_in_another_folder_gives_identical_desk_and_print_pdfs(
        built: Path, tmp_path: Path):
    """What a second build, or a second machine, does: a fresh copy elsewhere, rendered
    again, gives the session build's desk and print PDFs byte for byte."""
    elsewhere = copy_project(tmp_path / "elsewhere" / "deeper")
    result = run_cli(elsewhere, *BUILD)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 built" in result.stdout, "both PDFs should have been rendered"
    here = outputs(built.parent)
    for rel, data in outputs(elsewhere).items():
        assert data == here[rel], f"{rel} changed between two builds of the same inputs"


def test_source_date_epoch_gives_the_date_inside(project: Path, monkeypatch: pytest.MonkeyPatch):
    """The release date fixed by the CI: SOURCE_DATE_EPOCH is the date in every PDF."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    result = run_cli(project, *CARD)
    assert result.returncode == 0, result.stdout + result.stderr
    for rel, data in outputs(project, CARD_OUTPUTS).items():
        created = PdfReader(io.BytesIO(data)).metadata.creation_date
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


@pytest.mark.slow
@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the project's git history")
def test_two_clones_built_at_different_times_give_identical_pdfs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The date inside comes from the last commit that touched the inputs, not file times."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    built = []
    for name, stamp in (("monday", 1_790_000_000), ("friday", 1_790_400_000)):
        root = _clone(ROOT, tmp_path / name, stamp)
        result = run_cli(root, *CARD)
        assert result.returncode == 0, result.stdout + result.stderr
        built.append(outputs(root, CARD_OUTPUTS))
    for rel in CARD_OUTPUTS:
        assert built[0][rel] == built[1][rel], f"{rel} differs between two clones"
        created = PdfReader(io.BytesIO(built[0][rel])).metadata.creation_date
        expected = _commit_time(tmp_path / "monday", "content", "templates", "locales/es")
        assert created == expected, f"{rel}: dated {created}, the inputs' last commit {expected}"


def test_a_new_renderer_version_rebuilds_everything(monkeypatch: pytest.MonkeyPatch):
    from handouts.context import Context
    from handouts.project import Project
    from handouts.publishing import fingerprint
    from handouts.publishing.plan import plan

    project = Project(ROOT)
    jobs = plan(Context(project), ["en"], ["hotline-card"], None, False)
    before = [fingerprint.Fingerprints(project).of(job) for job in jobs]
    assert "weasyprint" in fingerprint.renderer_versions()
    monkeypatch.setattr(fingerprint, "renderer_versions",
                        lambda: "weasyprint 99.0; pango-1.0 2.0")
    after = [fingerprint.Fingerprints(project).of(job) for job in jobs]
    assert all(b != a for b, a in zip(before, after, strict=True))
