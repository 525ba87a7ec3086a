"""`proof`: a review proof for a reviewer who reads on paper.

    python build.py proof --locale ko

One PDF (dist/<lang>/proof/review-proof.pdf) listing every string the handouts print, once, in
the order the handouts print them: its number, the English, the translation or suggestion,
whether it is reviewed, which handouts print it, its length limit against its length, the
notes for translators, what `check` says about it, and room to tick "approve" or write a
change. The reviewer returns the marked pages; the numbers lead back to each entry, and the
.po line is printed beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from babel.messages.catalog import Message

from handouts.context import Context
from handouts.errors import HandoutError, Problem
from handouts.i18n.catalogs import (
    Key,
    forms,
    is_translated,
    key_map,
    load_unchanged_ok,
    read_catalog,
)
from handouts.i18n.checks import _TAG, _max_length, check_message  # the checks' own reading
from handouts.languages import label
from handouts.pdf.typeset import DESK_STANDARD
from handouts.project import language_tag
from handouts.render import palette
from handouts.render.khmer import mark_breaks_in_html
from handouts.translators.review import materials_asked

TEMPLATE = "proof.html.j2"
FOLDER = "proof"


@dataclass
class Entry:
    """One string as the reviewer sees it."""

    number: int
    key: Key
    english: str
    translation: str
    status: str  # "reviewed", "suggested" or "missing"
    handouts: list[str] = field(default_factory=list)
    line: int | None = None  # in the .po file
    notes: list[str] = field(default_factory=list)
    limit: int | None = None
    length: int = 0
    problems: list[str] = field(default_factory=list)


def entries(context: Context, lang: str, materials: list[str] | None = None) -> list[Entry]:
    """Every string the chosen handouts print, once, numbered in the order they print them."""
    project = context.project
    catalog = key_map(read_catalog(project.po_path(lang), lang))
    unchanged_ok = load_unchanged_ok(project.locales)
    found: dict[Key, Entry] = {}
    for name, keys in context.strings_used(materials_asked(context, materials)).items():
        for key in keys:
            if key in found:
                found[key].handouts.append(name)
                continue
            message = catalog.get(key)
            entry = Entry(len(found) + 1, key, key[1], "", "missing", [name])
            if message is not None:
                _fill(entry, message, unchanged_ok, _max_length(message))
                entry.length = len(_TAG.sub("", entry.translation))
            found[key] = entry
    return list(found.values())


def _fill(entry: Entry, message: Message, unchanged_ok: frozenset[str],
          limit: int | None) -> None:
    entry.english = " / ".join(forms(message.id))
    entry.translation = " / ".join(form for form in forms(message.string) if form)
    entry.status = ("reviewed" if is_translated(message) else
                    "suggested" if entry.translation else "missing")
    entry.line = message.lineno
    entry.notes = [note for note in message.auto_comments if note.strip()]
    entry.limit = limit
    if entry.translation:
        entry.problems = [f"{level} {check}: {text}"
                          for level, check, text in check_message(message, unchanged_ok)]


def proof(context: Context, lang: str, materials: list[str] | None = None,
          today: date | None = None) -> Path:
    """Write the review proof PDF for `lang`; return its path."""
    project = context.project
    found = entries(context, lang, materials)
    po = project.po_path(lang).relative_to(project.root).as_posix()
    html = mark_breaks_in_html(context.env.get_template(TEMPLATE).render(
        lang=language_tag(lang), language=label(lang), entries=found, po=po,
        colors=palette.colours(printing=False),
        handouts=materials_asked(context, materials), day=(today or date.today()).isoformat(),
        counts={status: sum(e.status == status for e in found)
                for status in ("suggested", "missing", "reviewed")}))  # Khmer lines wrap
    typesetter = context.typesetter
    document = typesetter.layout(html, standard=DESK_STANDARD)
    missing = typesetter.missing_glyphs(document)
    if missing:
        raise HandoutError(*(Problem(m, project.po_path(lang), check="font") for m in missing))
    target = project.dist / lang / FOLDER / "review-proof.pdf"
    typesetter.write(document, target, seed=html.encode("utf-8"), standard=DESK_STANDARD)
    return target
