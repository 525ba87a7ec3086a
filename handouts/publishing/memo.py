"""A build with nothing to do, answered from the last one: no planning, no reading of inputs.

Planning reads every catalog's review state, the git history, the profiles and the content's
sources, and loads the renderer's libraries to read their versions, all before it can tell
that every PDF is up to date. When nothing a build depends on moved since the last build of
the same command succeeded, that build's answer still holds: what it made is unchanged, what
it left out is left out for the same reasons, the same numbers need confirming. Nothing moved
means: every file under content/, templates/, locales/ and the handouts code (and a
district's list) has the same `stat` as then, and so does every file in dist/; the same git
commit is checked out, it is the same day (SOURCE_DATE_EPOCH), and the Python packages and
shared libraries are those of then (the folders on Python's path and the linker's cache,
which installing either rewrites, unchanged).

A file is known by its inode, size, modification and change times; the change time (`ctime`)
is one no program can set back. A file changed less than RACY_NS before the snapshot is not
vouched for: a second edit within the same tick of the file system's clock could keep all
four, so such a build leaves no memo and the next one takes the long way, which hashes every
input (fingerprint.py). So does anything the snapshot cannot see into: a folder reached
through a symbolic link, a git setting given in the environment.

Light on purpose (no YAML, Babel, Jinja2, WeasyPrint): this is all a no-op build loads.
"""

from __future__ import annotations

import hashlib
import json
import os
import site
import stat
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from handouts.files import write_bytes
from handouts.project import STATE_FILE, Project

# In dist/: the last successful builds' answers, by command.
MEMO_FILE = ".build-memo.json"
# Two seconds: coarser than any file system clock a project folder is likely to sit on (FAT).
RACY_NS = 2_000_000_000
# How many different commands (sets of options) are remembered at once.
KEPT = 8
_CODE = Path(__file__).resolve().parent.parent  # the handouts package


@dataclass(frozen=True)
class Snapshot:
    """What the inputs looked like when a build began: a digest of every file's `stat` and of
    the world around them, and whether that digest can vouch for the files' contents."""

    digest: str
    trusted: bool


@dataclass
class Answer:
    """The last successful build of a command, as the pipeline's report needs it."""

    unchanged: list[dict]  # each job's fields (jobs.Job), a school's row left out
    skipped: list[str]
    bad_rows: list[dict]  # each Problem's fields
    warnings: list[str]


def snapshot(project: Project, command: dict, profiles_csv: Path | None) -> Snapshot | None:
    """The inputs of a build of `command` as they are now; None when they cannot be vouched
    for by `stat` at all (then no build of it is remembered)."""
    commit = _commit(project.root)
    if commit is None or "GIT_DIR" in os.environ or "GIT_WORK_TREE" in os.environ:
        return None
    h = hashlib.blake2b(digest_size=16)
    world = [json.dumps(command, sort_keys=True), commit, sys.version, sys.executable,
             str(project.root.resolve()), os.environ.get("SOURCE_DATE_EPOCH", ""),
             time.strftime("%Y-%m-%d"), os.environ.get("LD_LIBRARY_PATH", ""),
             os.environ.get("LD_PRELOAD", "")]
    h.update("\0".join(world).encode())
    taken = time.time_ns()
    newest = 0
    folders = [project.content, project.templates, project.locales, _CODE]
    packages = [*sys.path, *site.getsitepackages(), site.getusersitepackages()]
    for path in [*dict.fromkeys(filter(None, packages)), "/etc/ld.so.cache"]:
        h.update(_sign(Path(path)))  # installing a package or a library changes these
    for folder in folders:
        found = _walk(folder, h)
        if found is None:
            return None
        newest = max(newest, found)
    if profiles_csv is not None:
        h.update(_sign(profiles_csv, follow=False) + _sign(profiles_csv))
        newest = max(newest, _newest(profiles_csv))
    return Snapshot(h.hexdigest(), trusted=newest < taken - RACY_NS)


def recall(project: Project, command: dict, inputs: Snapshot | None) -> Answer | None:
    """The last answer to `command`, if neither its inputs nor dist/ changed since."""
    if inputs is None or not inputs.trusted:
        return None
    entry = _read(project.dist).get(_key(command))
    if not isinstance(entry, dict) or entry.get("inputs") != inputs.digest or \
            entry.get("outputs") != _outputs(project.dist):
        return None
    try:
        return Answer(list(entry["unchanged"]), list(entry["skipped"]),
                      list(entry["bad_rows"]), list(entry["warnings"]))
    except (KeyError, TypeError):
        return None


def remember(project: Project, command: dict, inputs: Snapshot | None, answer: Answer) -> None:
    """Keep a successful build's answer for the next build of the same command (the latest
    KEPT commands), when its inputs' snapshot can vouch for them."""
    if inputs is None or not inputs.trusted or not project.dist.is_dir():
        return
    memo = _read(project.dist)
    key = _key(command)
    memo.pop(key, None)
    memo[key] = {"inputs": inputs.digest, "outputs": _outputs(project.dist),
                 "unchanged": answer.unchanged, "skipped": answer.skipped,
                 "bad_rows": answer.bad_rows, "warnings": answer.warnings}
    kept = dict(list(memo.items())[-KEPT:])
    write_bytes(project.dist / MEMO_FILE, json.dumps(kept).encode("utf-8"))


def _key(command: dict) -> str:
    return json.dumps(command, sort_keys=True)


def _read(dist: Path) -> dict:
    try:
        data = json.loads((dist / MEMO_FILE).read_bytes())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _sign(path: Path, *, follow: bool = True) -> bytes:
    """A file's (or folder's) identity and last change, or that it is missing."""
    try:
        st = path.stat(follow_symlinks=follow)
    except OSError:
        return f"{path}\0-\n".encode()
    return f"{path}\0{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}\n".encode()


def _newest(path: Path) -> int:
    try:
        st = path.stat()
    except OSError:
        return 0
    return max(st.st_mtime_ns, st.st_ctime_ns)


def _walk(folder: Path, h: hashlib.blake2b) -> int | None:
    """Add every file under `folder` to `h` by its `stat`, a link by its own and its target's;
    return the newest modification or change time, or None for a link to a folder."""
    newest = 0
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        h.update(f"{folder}\0-\n".encode())
        return newest
    for entry in entries:
        if entry.name == "__pycache__":
            continue
        own = entry.stat(follow_symlinks=False)
        if stat.S_ISLNK(own.st_mode):
            if Path(entry.path).is_dir():
                return None
            h.update(_sign(Path(entry.path)))
            newest = max(newest, _newest(Path(entry.path)))
        elif stat.S_ISDIR(own.st_mode):
            found = _walk(Path(entry.path), h)
            if found is None:
                return None
            newest = max(newest, found)
            continue
        h.update(f"{entry.path}\0{own.st_mode}:{own.st_ino}:{own.st_size}:{own.st_mtime_ns}:"
                 f"{own.st_ctime_ns}\n".encode())
        newest = max(newest, own.st_mtime_ns, own.st_ctime_ns)
    return newest


def _outputs(dist: Path) -> str:
    """A digest of every file in dist/ by its `stat`: a PDF removed, replaced or added by
    hand, or another build's, makes the memo's answer stale. The state file counts; the
    memo itself and the staging area do not."""
    h = hashlib.blake2b(digest_size=16)
    h.update(_sign(dist / STATE_FILE))
    _walk_outputs(dist, h)
    return h.hexdigest()


def _walk_outputs(folder: Path, h: hashlib.blake2b) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            _walk_outputs(Path(entry.path), h)
        else:
            h.update(_sign(Path(entry.path)))


def _commit(root: Path) -> str | None:
    """The commit checked out, read from .git without starting git (the dates inside the PDFs
    come from its history, sourcedate.py): "" outside a checkout, None when it cannot be read
    here (a reference git keeps elsewhere)."""
    for folder in (root, *root.parents):
        dot = folder / ".git"
        if dot.is_dir():
            gitdir = dot
        elif dot.is_file():
            text = dot.read_text(encoding="utf-8").strip()
            if not text.startswith("gitdir:"):
                return None
            gitdir = folder / text.removeprefix("gitdir:").strip()
        else:
            continue
        try:
            head = (gitdir / "HEAD").read_text(encoding="utf-8").strip()
            if not head.startswith("ref:"):
                return head  # a detached checkout names its commit
            ref = head.removeprefix("ref:").strip()
            common = gitdir / (gitdir / "commondir").read_text(encoding="utf-8").strip() \
                if (gitdir / "commondir").is_file() else gitdir
            for base in (gitdir, common):
                if (base / ref).is_file():
                    return (base / ref).read_text(encoding="utf-8").strip()
            for line in (common / "packed-refs").read_text(encoding="utf-8").splitlines():
                if line.endswith(f" {ref}"):
                    return line.split(" ", 1)[0]
        except OSError:
            return None
        return None
    return ""
