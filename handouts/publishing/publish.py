"""Publishing: every PDF of a build reaches dist/ together, or none does.

Outputs are made in the staging area inside dist/ (staging.py; the same disk, so moving one
into place is atomic) and moved only when every one of them succeeded, so a failed build
leaves dist/ exactly as it was. A small state file remembers each output's input fingerprint.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from handouts.errors import HandoutError, Problem
from handouts.files import write_bytes
from handouts.jobs import PREVIEW
from handouts.project import STATE_FILE
from handouts.publishing import thumbnails


def make_room(dist: Path, rels: list[Path]) -> None:
    """Make every output's folder before moving any output, so a failure changes nothing."""
    problems = []
    for rel in rels:
        folder = dist
        for part in rel.parent.parts:
            folder = folder / part
            if folder.exists() and not folder.is_dir():
                problems.append(Problem(NOT_A_FOLDER, folder))
        if (dist / rel).is_dir():
            problems.append(Problem("this is a folder where the handout should be written; move "
                                    "or rename it, then build again", dist / rel))
    if problems:
        raise HandoutError(*dict.fromkeys(problems))
    for rel in rels:
        try:
            (dist / rel).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HandoutError(Problem(f"cannot make this folder ({exc.strerror}); check the "
                                       "folder's permissions or free some disk space",
                                       (dist / rel).parent)) from None


def publish(staging: Path, dist: Path, rel: Path, keep_html: bool) -> None:
    """Move one PDF (`rel`, its place in dist/) into place from its staging folder, with its
    picture and (if kept) its HTML."""
    (dist / rel).parent.mkdir(parents=True, exist_ok=True)
    os.replace(staging / rel, dist / rel)
    html = rel.with_suffix(".html")
    if keep_html and (staging / html).exists():
        os.replace(staging / html, dist / html)
    drawn, shown = (thumbnails.path_for(folder, rel) for folder in (staging, dist))
    if drawn.exists():  # the desk job draws it; the catalog page redraws it if this fails
        with contextlib.suppress(OSError):
            shown.parent.mkdir(parents=True, exist_ok=True)
            os.replace(drawn, shown)


@contextlib.contextmanager
def holding_interrupts() -> Iterator[None]:
    """Hold Ctrl-C while the outputs move into dist/ (milliseconds a PDF), so dist/ never keeps
    half a build: the build is done when the block ends, and finishes as a build does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, lambda *_: None)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def read_state(dist: Path) -> dict[str, dict]:
    """Each output in dist/ (its path, "en/fact-sheet.pdf") -> {"fingerprint": whether to make
    it again (fingerprint.py `of`), "inputs": what it was made from (`inputs`)}."""
    try:
        data = json.loads((dist / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {rel: entry for rel, entry in data.items() if isinstance(entry, dict)}


def write_state(dist: Path, state: dict[str, dict]) -> None:
    write_bytes(dist / STATE_FILE, json.dumps(state, indent=1, sort_keys=True).encode("utf-8"))


def sweep(dist: Path, state: dict[str, dict], keep: set[str],
          current: Callable[[object], bool]) -> list[str]:
    """Remove every PDF in dist/ that this build did not make or keep (`keep`) and that was not
    made from today's inputs, so nobody prints a handout with an old phone number from it or
    from the catalog page: a large-print edition after the content changed, a school whose
    profile is gone, a PDF no build recorded. Returns their paths; `state` forgets them.
    """
    removed = []
    for path in sorted(dist.rglob("*.pdf")):
        rel = path.relative_to(dist)
        key = rel.as_posix()
        if key in keep or any(part.startswith(".") for part in rel.parts):  # staging
            continue
        if key in state and current(state[key].get("inputs")):
            continue
        for made in (path, path.with_suffix(".html"),  # --keep-html; watch's page pictures:
                     *path.parent.glob(f"{PREVIEW}/{glob.escape(path.stem)}-[0-9]*.png")):
            made.unlink(missing_ok=True)
        removed.append(key)
    for key in [key for key in state if key not in keep and not (dist / key).is_file()]:
        del state[key]
    for folder in sorted({p for key in removed
                          for p in ((dist / key).parent / PREVIEW, *(dist / key).parents)
                          if p.is_relative_to(dist) and p != dist}, reverse=True):
        with contextlib.suppress(OSError):  # only the folders this left empty
            folder.rmdir()
    return removed


NOT_A_FOLDER = ("this is a file, not a folder: the handouts are written into a folder with "
                "this name. Move or rename the file, then build again")


def remove_abandoned(dist: Path) -> None:
    """Remove the temporary files (state, memo) of builds whose process no longer runs."""
    for path in dist.glob(".*.*.tmp"):
        pid = path.name.split(".")[-2]
        if pid.isdigit() and not _alive(int(pid)):
            path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
