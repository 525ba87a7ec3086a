"""XLIFF for agencies: a translation vendor's CAT tool works on a language, and it comes back.

    python build.py xliff-export --locale vi       # dist/vi/xliff/csec-handouts-vi.xlf
    python build.py xliff-import --locale vi FILE.xlf

Export is translate-toolkit's po2xliff (XLIFF 1.2, as Trados, memoQ and Phrase read it): the
English, the translation, the notes for translators (`#.`, with each length limit), where
each string is used, and fuzzy as `approved="no"`. po2xliff leaves msgctxt out (two uses of one
English word would merge), so each unit also carries it as an `x-po-msgctxt` context, the
toolkit's own name for it.

Import reads the units back with the toolkit's XLIFF store and changes only the entries whose
translation or approval changed, each in place (po_edit.py): an entry the vendor did not approve
stays or becomes fuzzy, so nothing unreviewed prints as final. The same checks as `check` run
first (numbers, placeholders, tags, addresses, length): one mistake and nothing is written.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.context import Context
from handouts.errors import HandoutError, Problem
from handouts.files import write_bytes
from handouts.i18n.catalogs import Key, forms, key_map, load_unchanged_ok, read_catalog
from handouts.i18n.checks import ERROR, check_message
from handouts.translators.po_edit import Edit, edit

FOLDER = "xliff"
CONTEXT_GROUP, CONTEXT_TYPE = "po-entry", "x-po-msgctxt"


def export(context: Context, lang: str) -> Path:
    """Write the language's catalog as XLIFF; return its path."""
    from translate.convert.po2xliff import po2xliff
    from translate.storage import po

    class WithContext(po2xliff):
        def convertunit(self, outputstore: Any, inputunit: Any, filename: str) -> Any:
            unit = super().convertunit(outputstore, inputunit, filename)
            if inputunit.getcontext() and not inputunit.isheader():
                unit.createcontextgroup(CONTEXT_GROUP, [(CONTEXT_TYPE, inputunit.getcontext())],
                                        purpose="information")
            return unit

    project = context.project
    path = project.po_path(lang)
    store = po.pofile(path.read_bytes())
    store.filename = path.relative_to(project.root).as_posix()
    store.units = [unit for unit in store.units if not unit.isobsolete()]  # `#~`: not printed
    target = project.dist / lang / FOLDER / f"csec-handouts-{lang}.xlf"
    write_bytes(target, WithContext().convertstore(store))
    return target


@dataclass(frozen=True)
class Unit:
    """One translation unit as the vendor sent it back."""

    key: Key
    strings: tuple[str, ...]
    fuzzy: bool
    unit_id: str


def read_units(data: bytes) -> list[Unit]:
    """Every unit of an XLIFF file (the header aside), with its msgctxt."""
    from translate.misc.multistring import multistring
    from translate.storage import poxliff

    store = poxliff.PoXliffFile.parsestring(data)
    found = []
    for unit in store.units:
        if unit.isheader():
            continue
        source = unit.source.strings[0] if isinstance(unit.source, multistring) else unit.source
        target = unit.target
        strings = tuple(str(s) for s in target.strings) if isinstance(target, multistring) \
            else (str(target or ""),)
        found.append(Unit((_context(unit), str(source)), strings, unit.isfuzzy(),
                          str(unit.getid())))
    return found


def _context(unit: object) -> str | None:
    for group in unit.getcontextgroups(CONTEXT_GROUP):  # type: ignore[attr-defined]
        for kind, text in group:
            if kind == CONTEXT_TYPE:
                return text
    return None


@dataclass(frozen=True)
class Imported:
    """What an import changed."""

    po: Path
    translated: int  # entries whose translation changed
    approval: int  # entries whose approval alone changed


def import_xliff(context: Context, lang: str, source: Path) -> Imported:
    """Apply a vendor's XLIFF to the language's .po; raise (writing nothing) on any mistake."""
    project = context.project
    path = project.po_path(lang)
    catalog = read_catalog(path, lang)
    entries = key_map(catalog)
    unchanged_ok = load_unchanged_ok(project.locales)
    try:
        units = read_units(source.read_bytes())
    except (OSError, ValueError, SyntaxError) as exc:  # lxml's XMLSyntaxError is a SyntaxError
        raise HandoutError(Problem(f"this is not an XLIFF file the import can read ({exc}); "
                                   "export it again from the translation tool as XLIFF 1.2",
                                   source)) from None
    problems: list[Problem] = []
    edits: dict[int, Edit] = {}
    translated = 0
    for unit in units:
        message = entries.get(unit.key)
        where = f'unit {unit.unit_id}, "{unit.key[1][:50]}"'
        if message is None:
            problems.append(Problem(f"{where}: this English is not in {lang}'s catalog (the "
                                    "text changed since the export?); export again and redo "
                                    "this unit", source, level=ERROR, check="unknown"))
            continue
        strings = unit.strings[:len(forms(message.string))] if any(unit.strings) else \
            forms(message.string)
        fuzzy = unit.fuzzy if any(unit.strings) else message.fuzzy
        if strings == forms(message.string) and fuzzy == message.fuzzy:
            continue
        trial = copy.copy(message)
        trial.string = strings if isinstance(message.id, (tuple, list)) else strings[0]
        for level, check, text in check_message(trial, unchanged_ok):
            if level == ERROR:
                problems.append(Problem(f"{where}: {text}", source, level=level, check=check))
        translated += strings != forms(message.string)
        edits[message.lineno] = Edit(fuzzy, strings if strings != forms(message.string) else None)
    if problems:
        raise HandoutError(*problems, Problem(
            f"nothing was imported into {path.relative_to(project.root)}: fix the units above "
            "in the translation tool, export the XLIFF again and import it again"))
    if edits:
        write_bytes(path, edit(path.read_bytes(), edits, catalog.charset))
    return Imported(path, translated, len(edits) - translated)

