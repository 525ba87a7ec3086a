"""`approve`: a reviewer signs off a handout in a language, and it prints as final.

    python build.py approve --locale vi --material hotline-card --reviewer "Nguyen Van An"

The reviewer has read the handout's suggestions (on screen, in Poedit, or on a draft): the
command checks every string that handout prints, refuses if one has a mistake (a changed
number, a tag, a length) or has no translation yet, clears the `fuzzy` mark of the handout's
suggestions (what Poedit's "approve" does, one entry at a time) and records who and when in
`locales/<lang>/signoff.yaml` (i18n/signoff.py). Entries the handout does not print are left
as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from handouts.context import Context
from handouts.errors import HandoutError, Problem, UsageError
from handouts.files import write_bytes
from handouts.i18n import signoff
from handouts.i18n.catalogs import forms, read_catalog
from handouts.i18n.checks import ERROR
from handouts.translators.check_report import PENDING
from handouts.translators.po_edit import Edit, edit
from handouts.translators.review import check


@dataclass(frozen=True)
class Approved:
    """What `approve` did, for the command to say."""

    po: Path
    record: Path
    cleared: int  # suggestions approved now
    already: int  # strings reviewed before
    also: list[str]  # other handouts that print only these strings, signed off with them


def approve(context: Context, lang: str, materials: list[str], reviewer: str,
            today: date | None = None) -> Approved:
    """Approve every string the handouts print in `lang`, or raise naming what stops it."""
    project = context.project
    if not reviewer.strip():
        raise UsageError("give the reviewer's name: --reviewer \"First Last\"")
    problems = check(context, [lang], materials)
    mistakes = [p for p in problems if p.level == ERROR and p.check not in PENDING]
    missing = [p for p in problems if p.level == ERROR and p.check == "untranslated"]
    if mistakes or missing:
        raise HandoutError(*mistakes, *missing, Problem(
            f"nothing was approved: fix the {'mistakes' if mistakes else 'missing translations'}"
            f" above in {lang}, then approve {', '.join(materials)} again"))
    used = {key for keys in context.strings_used(materials).values() for key in keys}
    path = project.po_path(lang)
    catalog = read_catalog(path, lang)
    lines = [m.lineno for m in catalog if m.id and m.fuzzy and any(forms(m.string))
             and any((m.context, msgid) in used for msgid in forms(m.id))]
    if lines:
        write_bytes(path, edit(path.read_bytes(), dict.fromkeys(lines, Edit(fuzzy=False)),
                               catalog.charset))
    same = [name for name, keys in context.strings_used(context.buildable()).items()
            if name not in materials and keys.keys() <= used]  # the card's sheet, the card
    record = signoff.record(project, lang, [*materials, *same],
                            signoff.SignOff(reviewer.strip(), (today or date.today()).isoformat()))
    return Approved(path, record, len(lines), len(used) - len(lines), same)
