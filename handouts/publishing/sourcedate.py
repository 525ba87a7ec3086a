"""The date written inside every PDF: from the content's history, never from file times.

A fresh clone sets every file's time to "now", so a date taken from file times would make two
clones of the same commit give different PDFs. The date is SOURCE_DATE_EPOCH when it is set;
otherwise the time of the last commit that touched what a language's handouts are made from
(content/, templates/ and that language's catalog); outside a git checkout, a fixed date.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# 1980-01-01: the date reproducible builds use when there is no history to read.
NO_HISTORY = 315532800
_SHARED = ("content/", "templates/")


def source_dates(root: Path, langs: list[str]) -> dict[str, int]:
    """Seconds since 1970 for each language's PDFs, from one look at the history."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dict.fromkeys(langs, int(epoch))
    newest = _newest_commits(root)
    shared = newest.get("", NO_HISTORY)
    return {lang: max(shared, newest.get(lang, 0)) for lang in langs}


def _newest_commits(root: Path) -> dict[str, int]:
    """When content or templates ("") and each locale's folder last changed in a commit.

    Along the first parents, with a merge compared to its first parent: a merge that brings in
    new content is the moment the content changed here.
    """
    try:
        log = subprocess.run(
            ["git", "-C", str(root), "log", "--first-parent", "-m", "--format=%x00%ct",
             "--name-only", "--", "content", "templates", "locales"],
            capture_output=True, text=True, check=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    newest: dict[str, int] = {}
    for commit in log.split("\0")[1:]:
        stamp, *files = commit.split("\n")
        for name in filter(None, files):
            key = "" if name.startswith(_SHARED) else _locale_of(name)
            if key is not None:
                newest.setdefault(key, int(stamp))
    return newest


def _locale_of(name: str) -> str | None:
    """"locales/es/LC_MESSAGES/messages.po" -> "es"; messages.pot and the like -> None."""
    parts = name.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "locales" else None
