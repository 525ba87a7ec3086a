"""Replacing a file so that nobody sees half of it: write beside it, then rename.

A reader (a print shop's browser, Poedit, a build running at the same time) sees the old file
or the new one, never a mix; a write that fails leaves the old file and no temporary one.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; it replaces `target` if the block succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def signature(root: Path) -> tuple | None:
    """Every file under `root` with its size and time saved: equal signatures, same files.

    None if a file vanishes while looking, so a caller never trusts a half-read folder.
    """
    try:
        return tuple((p, st.st_mtime_ns, st.st_size)
                     for p in sorted(root.rglob("*")) for st in [p.stat()])
    except OSError:
        return None


def write_bytes(target: Path, data: bytes) -> None:
    with replacing(target) as tmp:
        tmp.write_bytes(data)
