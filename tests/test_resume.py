"""A district's run killed part way resumes: the next run makes only the PDFs the killed one had
not finished, and dist/ gets them all in one go, never a part."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handouts.project import STATE_FILE
from tests import pdfs
from tests.conftest import run_process

SCHOOLS = 4  # eight PDFs: killed after three, five are left to make
OPTIONS = ("--material", "school-handout", "--locale", "en", "--jobs", "1")


def made(dist: Path) -> dict[str, int]:
    """The PDFs the staging area holds as made and whole (a record written), by their place in
    dist/, each with its file's inode."""
    found = {}
    for record in dist.glob(".staging/*/made.json"):
        rel = json.loads(record.read_text(encoding="utf-8"))["rel"]
        found[rel] = (record.parent / rel).stat().st_ino
    return found


def published(dist: Path) -> set[str]:
    return {p.relative_to(dist).as_posix() for p in dist.rglob("*.pdf")
            if ".staging" not in p.parts}


@pytest.mark.slow
def test_a_killed_district_run_resumes_and_publishes_everything_at_once(project: Path):
    rows = [f"School {n} Middle School,Counselor {n},counselor{n}@example.org"
            for n in range(1, SCHOOLS + 1)]
    csv = project / "district.csv"
    csv.write_text("organization,contact1_name,contact1_email\n" + "\n".join(rows) + "\n",
                   encoding="utf-8")
    args = (*OPTIONS, "--profiles", str(csv))
    dist = project / "dist"
    run = subprocess.Popen([sys.executable, "build.py", *args], cwd=project,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while len(made(dist)) < 3:  # three of the eight PDFs made: kill it there
            assert run.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline, "no PDF made in three minutes"
            time.sleep(0.05)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(run.pid, signal.SIGKILL)  # the build and any worker: a power cut
        run.wait(timeout=30)
    kept = made(dist)
    assert 3 <= len(kept) < 2 * SCHOOLS, "the run was not killed part way"
    assert not published(dist), "a killed run published some schools' handouts"

    result = run_process(project, *args)  # the same command again, from the same code
    assert result.returncode == 0, result.stdout + result.stderr
    rest = 2 * SCHOOLS - len(kept)
    assert (f"resumed a stopped build: {len(kept)} PDFs it had made were kept, {rest} made now"
            in result.stdout)
    every = {f"en/{edition}schools/school-{n}-middle-school.pdf"
             for n in range(1, SCHOOLS + 1) for edition in ("", "print/")}
    assert published(dist) == every
    for rel, inode in kept.items():  # the very file the killed run made, moved into place
        assert (dist / rel).stat().st_ino == inode, f"{rel} was made again"
    for rel in every:
        school = Path(rel).stem.split("-")[1]
        assert f"School {school} Middle School" in " ".join(pdfs.page_texts(dist / rel)), rel
    state = json.loads((dist / STATE_FILE).read_text(encoding="utf-8"))
    assert every <= set(state), "the state does not record every PDF published"
    assert not (dist / ".staging").exists(), "the staging area was not emptied"


DIES_WHILE_PUBLISHING = """
import os, sys
from pathlib import Path
from handouts.cli import main
from handouts.publishing import publish

moved = publish.publish
def publish_then_die(*args, **kwargs):
    if publish.moved:  # the second PDF: the power goes
        os._exit(9)
    publish.moved = True
    return moved(*args, **kwargs)
publish.moved = False
publish.publish = publish_then_die
main(sys.argv[1:], root=Path.cwd())
"""


@pytest.mark.slow
def test_a_build_killed_while_publishing_is_finished_by_the_next(project: Path):
    card = ("--locale", "en", "--material", "hotline-card", "--jobs", "1")
    dist = project / "dist"
    died = subprocess.run([sys.executable, "-c", DIES_WHILE_PUBLISHING, *card], cwd=project,
                          capture_output=True, text=True, timeout=300)
    assert died.returncode == 9, died.stdout + died.stderr
    assert published(dist) == {"en/hotline-card.pdf"}, "it died after publishing one PDF"

    result = run_process(project, *card)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "finished publishing 2 PDFs of a build stopped while it published them" \
        in result.stdout
    assert "0 built, 2 unchanged" in result.stdout, "what it had made was made again"
    assert published(dist) == {"en/hotline-card.pdf", "en/print/hotline-card.pdf"}
    assert not (dist / ".staging").exists()
