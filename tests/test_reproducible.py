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

from pypdf import PdfReader

from tests.conftest import copy_project, run_cli

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
