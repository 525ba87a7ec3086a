"""Change a few entries of a .po file and leave every other byte as it was.

`approve` clears fuzzy marks and an XLIFF import sets translations: each touches only the
entries it changes, so a reviewer's diff shows exactly those. Babel would write the whole file
again (and drops the `#|` previous English it cannot read back). The new text is quoted and
wrapped by Babel's own writer (`normalize`), as `update` writes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from babel.messages.pofile import normalize

from handouts.i18n.extract import PO_WIDTH


@dataclass(frozen=True)
class Edit:
    """What changes in one entry: its fuzzy mark, and (if given) its translation's forms."""

    fuzzy: bool
    strings: tuple[str, ...] | None = None  # one form, or one per plural form


def edit(data: bytes, edits: dict[int, Edit], charset: str = "utf-8") -> bytes:
    """The .po file with each entry whose msgid is on line N (1-based) changed as edits[N]."""
    rows = data.decode(charset).split("\n")
    for number in sorted(edits, reverse=True):  # from the end: earlier line numbers hold
        rows = _edit_entry(rows, number - 1, edits[number])
    return "\n".join(rows).encode(charset)


def _edit_entry(rows: list[str], msgid: int, change: Edit) -> list[str]:
    start = msgid
    while start > 0 and rows[start - 1].strip():
        start -= 1
    end = msgid
    while end < len(rows) and rows[end].strip():
        end += 1
    head, body = rows[start:msgid], rows[msgid:end]
    flags: list[str] = []
    kept = []
    for row in head:
        if row.startswith("#,"):
            flags = [f for f in re.split(r",\s*", row[2:].strip()) if f and f != "fuzzy"]
        elif not row.startswith("#|") or change.fuzzy:  # previous English goes once approved
            kept.append(row)
    if change.fuzzy:
        flags.insert(0, "fuzzy")
    comments = [row for row in kept if row.startswith("#")]
    context = [row for row in kept if not row.startswith("#")]  # msgctxt and its lines
    previous = [row for row in comments if row.startswith("#|")]
    notes = [row for row in comments if not row.startswith("#|")]
    flag_row = [f"#, {', '.join(flags)}"] if flags else []
    if change.strings is not None:
        body = _with_strings(body, change.strings)
    return [*rows[:start], *notes, *flag_row, *previous, *context, *body, *rows[end:]]


def _with_strings(body: list[str], strings: tuple[str, ...]) -> list[str]:
    """The msgid lines as they were, then msgstr (or msgstr[n]) lines for `strings`."""
    first = next(i for i, row in enumerate(body) if row.startswith("msgstr"))
    plural = body[first].startswith("msgstr[")
    out = body[:first]
    for index, text in enumerate(strings):
        keyword = f"msgstr[{index}]" if plural else "msgstr"
        out.append(f"{keyword} {normalize(text, prefix='', width=PO_WIDTH)}")
    return out
