"""Who approved each handout in a language, and when: `locales/<lang>/signoff.yaml`.

One entry per handout, written by `python build.py approve` (a reviewer may also add one by
hand):

    hotline-card: {reviewer: Nguyen Van An, date: "2026-12-03"}

It lives beside the .po file rather than in its header because Babel, which rewrites the .po
files on `update`, keeps only the standard header fields. The record says who signed off; the
.po file still decides what is final (every string the handout prints reviewed).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handouts.errors import HandoutError, Problem
from handouts.files import write_bytes
from handouts.project import Project

FILE = "signoff.yaml"
HEADER = ("# Who approved each handout in this language, and when (YYYY-MM-DD).\n"
          "# Written by `python build.py approve`; see docs/translators.md, Signing off.\n")


@dataclass(frozen=True)
class SignOff:
    """One reviewer's approval of one handout."""

    reviewer: str
    date: str

    def __str__(self) -> str:
        return f"{self.reviewer}, {self.date}"


def path(project: Project, lang: str) -> Path:
    return project.locales / lang / FILE


def read(project: Project, lang: str) -> dict[str, SignOff]:
    """Handout -> its sign-off; a damaged file names its line."""
    import yaml

    source = path(project, lang)
    if not source.is_file():
        return {}
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise HandoutError(Problem("this sign-off file is not valid YAML; each line reads "
                                   'handout: {reviewer: Name, date: "YYYY-MM-DD"}', source,
                                   mark.line + 1 if mark else None)) from None
    found = {}
    for name, entry in data.items() if isinstance(data, dict) else ():
        if not isinstance(entry, dict) or not entry.get("reviewer") or not entry.get("date"):
            raise HandoutError(Problem(f"the sign-off of '{name}' needs a reviewer and a date: "
                                       f'{name}: {{reviewer: Name, date: "YYYY-MM-DD"}}',
                                       source))
        found[str(name)] = SignOff(str(entry["reviewer"]), str(entry["date"]))
    return found


def record(project: Project, lang: str, handouts: list[str], signoff: SignOff) -> Path:
    """Add or replace the sign-off of each handout, keeping the others."""
    import yaml

    entries = {**read(project, lang), **dict.fromkeys(handouts, signoff)}
    lines = [yaml.safe_dump({name: {"reviewer": each.reviewer, "date": each.date}},
                            allow_unicode=True, default_flow_style=None, width=1000,
                            sort_keys=False)
             for name, each in sorted(entries.items())]
    target = path(project, lang)
    write_bytes(target, (HEADER + "".join(lines)).encode("utf-8"))
    return target
