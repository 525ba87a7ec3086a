"""Faults from outside the inputs: Ctrl-C, a full disk, a school name longer than a file name
may be, a reader of our output that goes away. Each ends in one clear line, and dist/ keeps
what it had."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handouts.content.district import MAX_SLUG, slugify
from handouts.project import STATE_FILE
from tests import pdfs
from tests.conftest import run_cli
from tests.guard import published, snapshot

LONG = "The " + "Very Long Name Of A Charter Academy For Science And Technology " * 5


@pytest.mark.slow
def test_ctrl_c_stops_a_long_build_within_seconds_and_leaves_dist_as_it_was(project: Path):
    dist = project / "dist"
    dist.mkdir()
    (dist / "keep.txt").write_text("from before", encoding="utf-8")
    before = snapshot(dist)
    build = subprocess.Popen(
        [sys.executable, "build.py", "--force", "--draft", "--large-print", "--jobs", "2"],
        cwd=project, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, start_new_session=True)  # its own group, as a shell
    try:
        deadline = time.monotonic() + 120
        while not list(dist.glob(".staging/*/**/*.pdf")):  # rendering: the first PDF is made
            assert build.poll() is None, build.communicate()
            assert time.monotonic() < deadline, "no PDF rendered in two minutes"
            time.sleep(0.05)
        os.killpg(build.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        out, err = build.communicate(timeout=30)  # with over a hundred handouts to go
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
    assert build.returncode == 130, out + err
    assert err == ("stopped; dist/ keeps the handouts from before; the next build keeps the "
                   "handouts this one finished and makes the rest\n")
    assert published(dist) == before, "dist/ changed"


def test_a_full_disk_is_said_as_such_not_as_a_bug(project: Path):
    """The kernel's own "no space left" (ENOSPC), from /dev/full, on the build's state file."""
    dist = project / "dist"
    dist.mkdir()
    (dist / f".{STATE_FILE}.{os.getpid()}.tmp").symlink_to("/dev/full")
    result = run_cli(project, "--locale", "en", "--material", "hotline-card", "--jobs", "1")
    assert result.returncode == 1
    assert result.stderr == "no space left on the disk: free some space and build again\n"
    again = run_cli(project, "--locale", "en", "--material", "hotline-card", "--jobs", "1")
    assert again.returncode == 0, again.stderr


def test_a_long_school_name_gives_a_short_file_name_unique_to_it():
    first, second = slugify(LONG + "School"), slugify(LONG + "Annex")
    assert len(first) <= MAX_SLUG and len(second) <= MAX_SLUG
    assert first != second
    assert first.startswith("the-very-long-name-of-a-charter-academy")
    assert slugify("Escuela Lincoln Middle School") == "escuela-lincoln-middle-school"


def test_a_slug_too_long_for_a_file_name_skips_only_its_row(tmp_path: Path):
    from handouts.content.district import read_schools

    csv = tmp_path / "district.csv"
    csv.write_text("organization,slug,contact1_name\n"
                   f"Lincoln,{'lincoln-' * 10}school,Ms. A\nKing,,Mr. King\n", encoding="utf-8")
    schools, problems = read_schools(csv)
    assert [school.slug for school in schools] == ["king"]
    assert len(problems) == 1 and problems[0].line == 2
    assert "column slug: a file name of at most 60 characters" in problems[0].message


@pytest.mark.slow
def test_a_district_with_very_long_school_names_is_built_whole(project: Path):
    csv = project / "district.csv"
    csv.write_text("organization,contact1_name,contact1_role\n"
                   f'"{LONG}School",Ms. Rivera,Room 12\n"{LONG}Annex",Mr. Chen,Room 4\n'
                   "King Middle School,Mr. King,Room 8\n", encoding="utf-8")
    result = run_cli(project, "--material", "school-handout", "--profiles", str(csv),
                     "--locale", "en", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert "3 schools built; 0 rows skipped" in result.stdout
    made = sorted((project / "dist" / "en" / "schools").glob("*.pdf"))
    assert len(made) == 3 and all(len(p.stem) <= MAX_SLUG for p in made), made
    for path in made:
        assert (project / "dist" / "en" / "print" / "schools" / path.name).is_file()
    annex = next(p for p in made if p.stem == slugify(LONG + "Annex"))
    assert "Mr. Chen" in pdfs.text(annex)


def test_a_reader_that_stops_reading_ends_the_command_quietly(project: Path):
    """`python build.py stats | head -1`: the pipe closes before stats writes a line."""
    stats = subprocess.Popen([sys.executable, "build.py", "stats", "--locale", "es"],
                             cwd=project, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    stats.stdout.close()
    err = stats.stderr.read()
    assert stats.wait(timeout=120) == 128 + signal.SIGPIPE
    assert err == ""
