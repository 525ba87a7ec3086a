"""The staging area: PDFs made but not yet published, kept across a build that was stopped.

Each PDF is made into its own folder, dist/.staging/<key>/, laid out as in dist/; the key is
a hash of the PDF's fingerprint (fingerprint.py: everything it is made from) and its place in
dist/. Once the PDF and its picture are whole, the build records them there (`made.json`:
each file's digest, the copyfit step). When every PDF of the build is made, they are published
together (publish.py), so dist/ changes all at once or not at all.

A build stopped before that (Ctrl-C, a failed check, kill -9, a power cut) leaves its PDFs
here, and the next build with the same inputs publishes each recorded one whose files still
match their digests instead of making it again: a district's run stopped at school 9,000 of
10,000 makes only the last thousand. A folder without a record (a PDF being made when the
build stopped) is made again, and a PDF made from inputs that changed since is removed;
`--force` empties the area. Should the build stop while it publishes, it has written down
what it was publishing (`publishing.json`), and the next build finishes that first.

The area is on dist/'s disk, so publishing a PDF is a rename; one build at a time uses it
(a lock on dist/): a second build started meanwhile waits for the first.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from handouts.errors import HandoutError, Problem
from handouts.files import write_bytes
from handouts.jobs import Job
from handouts.log import NOTE, logger
from handouts.publishing.publish import (
    NOT_A_FOLDER,
    publish,
    read_state,
    remove_abandoned,
    write_state,
)

AREA = ".staging"
RECORD = "made.json"
PUBLISHING = "publishing.json"


@contextlib.contextmanager
def held(dist: Path) -> Iterator[Path]:
    """The staging area, this build's alone while the block runs (a second build waits for
    it); a publication a stopped build left half done is finished first."""
    if dist.exists() and not dist.is_dir():
        raise HandoutError(Problem(NOT_A_FOLDER, dist))
    area = dist / AREA
    try:
        area.mkdir(parents=True, exist_ok=True)
        lock = os.open(dist, os.O_RDONLY)
    except OSError as exc:
        raise HandoutError(Problem(f"cannot write the handouts here ({exc.strerror}); check the "
                                   "folder's permissions or free some disk space", dist)) from None
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            logger.info("waiting for another build in this folder to finish")
            fcntl.flock(lock, fcntl.LOCK_EX)
        area.mkdir(exist_ok=True)  # the other build may have removed it
        remove_abandoned(dist)
        _finish_publishing(area, dist)
        yield area
    finally:
        with contextlib.suppress(OSError):
            area.rmdir()  # only when nothing is left in it
        os.close(lock)


def finish(dist: Path) -> None:
    """Finish a publication a stopped build left half done, before the build plans: what it
    published counts as made."""
    if (dist / AREA / PUBLISHING).is_file():
        with held(dist):
            pass


def key(fingerprint: str, job: Job) -> str:
    """A PDF's folder in the area: what it is made from, and where it goes."""
    text = f"{fingerprint}|{job.relpath().as_posix()}"
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def kept(area: Path, name: str, job: Job) -> dict | None:
    """The record of the PDF a stopped build made under `name`, if every file it made is still
    there whole; else None (and it is made again)."""
    record = _read(area / name / RECORD)
    if record is None or record.get("rel") != job.relpath().as_posix():
        return None
    files = record.get("files")
    if not isinstance(files, dict) or record["rel"] not in files:
        return None
    for rel, digest in files.items():
        if _digest(area / name / rel) != digest:
            return None
    return record


def record(area: Path, name: str, job: Job, *, fit: int, seconds: float, notices: set[str],
           inputs: dict) -> None:
    """Write down that the PDF under `name` is made and whole: each file's digest, and what the
    summary says of it. `inputs` (fingerprint.py) lets a later build remove it once stale."""
    folder = area / name
    files = {path.relative_to(folder).as_posix(): _digest(path)
             for path in sorted(folder.rglob("*")) if path.is_file() and path.name != RECORD}
    write_bytes(folder / RECORD, json.dumps(
        {"rel": job.relpath().as_posix(), "files": files, "fit": fit, "seconds": seconds,
         "notices": sorted(notices), "inputs": inputs}, sort_keys=True).encode("utf-8"))


def clear(area: Path, names: list[str]) -> None:
    """Empty the folders of the PDFs about to be made: what a stopped build left half done."""
    for name in names:
        shutil.rmtree(area / name, ignore_errors=True)


def discard(area: Path, keep: set[str], current: Callable[[object], bool]) -> None:
    """Remove what no build will publish: a folder not among `keep` (this build's) that has no
    record, or whose PDF was made from inputs that changed since (`current`). A stopped
    build's PDFs for other languages or handouts stay while their inputs are today's."""
    for folder in area.iterdir():
        if folder.name in keep or not folder.is_dir():
            continue
        record = _read(folder / RECORD)
        if record is None or not current(record.get("inputs")):
            shutil.rmtree(folder, ignore_errors=True)


def empty(area: Path) -> None:
    """Remove everything stopped builds left (`--force` trusts nothing made before)."""
    for folder in area.iterdir():
        if folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def publishing(area: Path, moves: dict[str, str], state: dict[str, dict],
               keep_html: bool) -> Iterator[None]:
    """Write down what is about to be published (`moves`: PDF -> its folder; `state`: their
    records for the build's state file) before the block publishes it, and forget it and the
    folders after: a build stopped in between is finished by the next (`held`)."""
    write_bytes(area / PUBLISHING, json.dumps({"moves": moves, "state": state,
                                               "keep_html": keep_html}).encode("utf-8"))
    yield
    (area / PUBLISHING).unlink(missing_ok=True)
    clear(area, list(moves.values()))


def _finish_publishing(area: Path, dist: Path) -> None:
    """Publish what a build stopped while publishing had not moved yet, and record it all."""
    pending = _read(area / PUBLISHING)
    if pending is None:
        return
    moves, state = pending.get("moves"), pending.get("state")
    if not isinstance(moves, dict) or not isinstance(state, dict):
        (area / PUBLISHING).unlink(missing_ok=True)
        return
    for rel, name in moves.items():
        folder = area / str(name)
        if (folder / rel).is_file():
            publish(folder, dist, Path(rel), bool(pending.get("keep_html")))
    write_state(dist, {**read_state(dist), **state})
    (area / PUBLISHING).unlink(missing_ok=True)
    clear(area, [str(name) for name in moves.values()])
    logger.info(f"finished publishing {len(moves)} PDF{'s' * (len(moves) != 1)} of a build "
                "stopped while it published them", extra={"label": NOTE})


def _read(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _digest(path: Path) -> str | None:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return None
