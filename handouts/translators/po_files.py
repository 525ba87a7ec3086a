"""`update`, `init` and `compile`: the translators' .po files, written with Babel's catalog API.

Nothing here may lose a translator's work: `update` keeps every translation (a changed source
turns its entry fuzzy with the old English kept as `#|` lines, a removed one becomes obsolete),
`init` never overwrites, and every file is written whole or not at all.
"""

from __future__ import annotations

import copy
import difflib
import io
import re
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, normalize, read_po
from babel.util import TextWrapper

from handouts.errors import HandoutError, Problem, UsageError
from handouts.files import write_bytes
from handouts.i18n import catalogs
from handouts.i18n.catalogs import choose_locales, forms, translated_locales
from handouts.i18n.checks import PINNED_PLURAL_FORMS
from handouts.i18n.extract import PO_WIDTH, po_bytes, write_template
from handouts.languages import duplicate_of, is_language
from handouts.project import (
    PSEUDO_LOCALES,
    SOURCE_LOCALE,
    Project,
    base_language,
)

FUZZY_CUTOFF = 0.6  # the same similarity Babel's own fuzzy matching asks for
_FUZZY_MARK = "handouts-update:obsolete-fuzzy"  # stands for `#, fuzzy` while Babel writes


def read_template(project: Project) -> Catalog:
    """Refresh locales/messages.pot from content and templates, then read it."""
    path, _ = write_template(project.root)
    with path.open("rb") as f:
        return read_po(f)


# --- update ---------------------------------------------------------------------------------


def update(project: Project) -> list[tuple[Path, bool]]:
    """Merge the template into every locale's .po; return (file, whether it changed)."""
    template = read_template(project)
    results = []
    for lang in translated_locales(project):
        path = project.po_path(lang)
        catalog = catalogs.read_catalog(path, lang)
        new = po_with_previous(merge(catalog, template))
        changed = new != path.read_bytes()
        if changed:
            write_bytes(path, new)
        results.append((path, changed))
    return results


def merge(catalog: Catalog, template: Catalog) -> Catalog:
    """Catalog.update, plus the repairs this project needs around it.

    Babel does not read `#|` lines back (they arrive as comments), so they are turned back into
    previous msgids for entries still fuzzy. Fuzzy matching is done here rather than by Babel:
    Babel keys its candidates by msgid alone, so two contexts sharing a msgid swap translations
    (Babel PR #1330), its difflib junk heuristic can miss a small edit to a long string (Babel
    #969), and it never looks at entries made obsolete by an earlier update.
    """
    previous = _take_previous(catalog)
    template = copy.deepcopy(template)  # Babel adds new entries by reference; each gets its own
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False,
                   keep_user_comments=True)
    for message in catalog:
        key = _key(message)
        if message.fuzzy and not message.previous_id and key in previous:
            message.previous_id = previous[key]
        if not message.fuzzy:
            message.previous_id = []
    _revive_obsolete(catalog)
    return catalog


def _key(message: Message) -> tuple[str | None, str]:
    return message.context, message.id[0] if isinstance(message.id, tuple) else message.id


def _take_previous(catalog: Catalog) -> dict[tuple[str | None, str], list[str]]:
    """Remove `#|` lines (read as comments) from every entry; return those of fuzzy ones."""
    found = {}
    for message in [*catalog, *catalog.obsolete.values()]:
        lines = [c[1:].strip() for c in message.user_comments if c.startswith("|")]
        if not lines:
            continue
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        if message.fuzzy and message.id:
            prev = _parse_previous(lines)
            if prev:
                found[_key(message)] = prev
    return found


def _parse_previous(lines: list[str]) -> list[str]:
    """Read `#| msgid "..."` lines with Babel's own parser, so no quoting is parsed by hand."""
    lines = [line for line in lines if not line.startswith("msgctxt")]
    plural = any(line.startswith("msgid_plural") for line in lines)
    ending = ['msgstr[0] ""', 'msgstr[1] ""'] if plural else ['msgstr ""']
    try:
        parsed = [m for m in read_po(io.StringIO("\n".join([*lines, *ending])),
                                     abort_invalid=True) if m.id]
    except PoFileError:  # a damaged comment is only a lost hint, never a failed update
        return []
    return list(forms(parsed[0].id)) if parsed else []


def _revive_obsolete(catalog: Catalog) -> None:
    """Give an untranslated entry the translation of the obsolete entry most like it.

    The same text in the same context comes back translated; anything else comes back fuzzy,
    with the old msgid shown. Among equally close matches the same context wins.
    """
    for message in catalog:
        if not message.id or any(forms(message.string)) or not catalog.obsolete:
            continue
        text = _key(message)[1].lower().strip()
        scores = {key: (difflib.SequenceMatcher(None, text, _key(old)[1].lower().strip(),
                                                autojunk=False).ratio(),
                        old.context == message.context)
                  for key, old in catalog.obsolete.items()
                  if any(forms(old.string))
                  and isinstance(old.id, tuple) == isinstance(message.id, tuple)}
        best = max(scores, key=scores.__getitem__, default=None)
        if best is None or scores[best][0] < FUZZY_CUTOFF:
            continue
        old = catalog.obsolete.pop(best)
        message.string = old.string
        if _key(old) != _key(message):
            message.flags.add("fuzzy")
            message.previous_id = list(forms(old.id))
        elif old.fuzzy:  # a suggestion nobody reviewed comes back as one
            message.flags.add("fuzzy")


def po_with_previous(catalog: Catalog) -> bytes:
    """po_bytes with previous msgids, written the way GNU gettext reads them.

    Babel wraps a long `#| msgid` line inside its quotes (msgfmt then rejects the file as
    "end-of-line within string"); each such block is swapped for one quoted line per row.
    """
    data = _with_obsolete_fuzzy(catalog)
    wrapper = TextWrapper(width=PO_WIDTH, break_long_words=False)
    for message in catalog:
        for keyword, prev in zip(("msgid", "msgid_plural"), message.previous_id or [],
                                 strict=False):
            babel = "".join(f"#| {line.strip()}\n" for line in
                            wrapper.wrap(f"{keyword} {normalize(prev, width=PO_WIDTH)}"))
            gnu = f"#| {keyword} {normalize(prev, prefix='#| ', width=PO_WIDTH)}\n"
            data = data.replace(babel.encode(catalog.charset, "backslashreplace"),
                                gnu.encode(catalog.charset, "backslashreplace"))
    return data


def _with_obsolete_fuzzy(catalog: Catalog) -> bytes:
    """po_bytes, keeping the `#, fuzzy` mark of an obsolete entry as GNU gettext does.

    Babel writes no flags for an obsolete entry, so an unreviewed suggestion that leaves the
    content and comes back would return as reviewed. Its mark is passed through as a comment
    line Babel writes where the flag belongs, and turned back into the flag.
    """
    marked = [m for m in catalog.obsolete.values() if m.fuzzy]
    for message in marked:
        message.user_comments = [*message.user_comments, _FUZZY_MARK]
    try:
        data = po_bytes(catalog, ignore_obsolete=False, include_previous=True)
    finally:
        for message in marked:
            message.user_comments = message.user_comments[:-1]
    return data.replace(f"# {_FUZZY_MARK}\n".encode(), b"#, fuzzy\n")


# --- init -----------------------------------------------------------------------------------


def init(project: Project, lang: str) -> Path:
    """Start a new locale from the template, refusing to overwrite an existing file."""
    if lang == SOURCE_LOCALE or lang in PSEUDO_LOCALES:
        raise UsageError(f"'{lang}' is made from the English automatically and needs no "
                         "translation file")
    if not re.fullmatch(r"[a-z]{2,3}([_-][A-Za-z0-9]{2,8})*", lang):
        raise UsageError(f"'{lang}' is not a language code; use one like fr, pt_BR or zh_Hant")
    if not is_language(lang):
        raise UsageError(f"'{lang}' is not a language code we know; use a code like fr, pt_BR "
                         "or zh_Hant")
    duplicate = duplicate_of(lang, translated_locales(project))
    if duplicate:
        raise UsageError(duplicate)
    path = project.po_path(lang)
    if path.exists():
        raise HandoutError(Problem("this translation already exists, and init never overwrites "
                                   "a translator's work; to refresh it from the English, run "
                                   "`python build.py update`", path.relative_to(project.root)))
    template = read_template(project)
    catalog = Catalog(locale=lang.replace("-", "_"), project=template.project,
                      version=template.version, copyright_holder="", msgid_bugs_address="",
                      charset="utf-8", creation_date=template.creation_date,
                      revision_date=datetime.now(UTC), fuzzy=False)
    pinned = PINNED_PLURAL_FORMS.get(base_language(lang))
    if pinned:
        catalog.mime_headers = [("Plural-Forms", pinned)]
    for message in template:
        if message.id:
            catalog.add(message.id, "" if isinstance(message.id, str) else
                        ("",) * catalog.num_plurals, list(message.locations),
                        flags=message.flags, auto_comments=message.auto_comments,
                        context=message.context)
    write_bytes(path, po_bytes(catalog))
    return path


# --- compile --------------------------------------------------------------------------------


def compile_mo(project: Project, locales: list[str] | None = None) -> list[Path]:
    """Write messages.mo next to each .po for other gettext tools (the build reads .po)."""
    written = []
    for lang in choose_locales(project, locales):
        path = project.po_path(lang)
        catalog = catalogs.read_catalog(path, lang)
        buf = io.BytesIO()
        write_mo(buf, catalog, use_fuzzy=False)
        target = path.with_suffix(".mo")
        write_bytes(target, buf.getvalue())
        written.append(target)
    return written
