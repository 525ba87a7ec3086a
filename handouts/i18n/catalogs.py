"""Read each locale's .po file with Babel, naming file and line for any damage; look entries up.

The build reads `.po` files directly (no `.mo` step): a translator's saved file is what prints,
and there is no compiled file that can go stale.
"""

from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

from babel.core import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po

from handouts.errors import HandoutError, Problem
from handouts.i18n import poscan
from handouts.project import Project, confined, has_catalog, no_such_locale

Key = tuple[str | None, str]  # (context, msgid)
UNCHANGED_OK_FILE = "unchanged-ok.txt"  # in locales/: source strings a translation may keep


def read_catalog(path: Path, lang: str, data: bytes | None = None) -> Catalog:
    """Parse one .po file (or `data`, the bytes already read from it), turning every kind of
    damage into a message naming file and line."""
    try:
        data = path.read_bytes() if data is None else data
    except FileNotFoundError:
        raise HandoutError(Problem("translation file not found", path)) from None
    except OSError as exc:
        raise HandoutError(Problem(f"cannot read this translation file ({exc.strerror}); it "
                                   "must be a plain text file", path)) from None
    if not data.strip():
        raise HandoutError(Problem("the translation file is empty; run `python build.py update` "
                                   "to refill it from the template", path))
    data = poscan.scan(data, path)  # what Babel would misread: quotes, repeats, charset
    try:
        catalog = read_po(io.BytesIO(data), locale=_babel_locale(lang), abort_invalid=True)
    except PoFileError as exc:
        line = getattr(exc, "lineno", None)
        line = line + 1 if isinstance(line, int) else None  # Babel counts lines from 0
        raise HandoutError(Problem(f"this .po file is damaged near here ({_po_reason(exc)}); "
                                   "open it in Poedit or compare with messages.pot", path,
                                   line)) from None
    except (UnicodeDecodeError, LookupError) as exc:
        raise HandoutError(Problem(
            f"the file's text does not match its declared charset ({exc}); save it as UTF-8 and "
            'set "Content-Type: text/plain; charset=UTF-8"', path)) from None
    try:
        gettext.c2py(catalog.plural_expr)
    except ValueError:
        line = next((n for n, text in enumerate(data.split(b"\n"), start=1)
                     if b"Plural-Forms" in text), None)
        raise HandoutError(Problem(
            'the "Plural-Forms" line in the header is not a formula gettext can read; check its '
            "brackets and semicolons, or let Poedit set it (Translation > Properties)",
            path, line)) from None
    return catalog


def _po_reason(exc: PoFileError) -> str:
    return re.sub(r"\s+", " ", str(exc)).strip().rstrip(".")


def _babel_locale(lang: str) -> Locale | None:
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return None


def key_map(catalog: Catalog) -> dict[Key, Message]:
    """(context, msgid) -> entry; a plural entry answers for its singular and plural msgid."""
    found: dict[Key, Message] = {}
    for message in catalog:
        if message.id:
            for msgid in forms(message.id):
                found[(message.context, msgid)] = message
    return found


def is_translated(message: Message) -> bool:
    """What the build prints: a non-fuzzy entry with every form filled in."""
    return not message.fuzzy and all(forms(message.string))


def forms(value: str | tuple | list | None) -> tuple[str, ...]:
    """An entry's msgid or msgstr as a tuple of its forms (one, unless it has plurals)."""
    if isinstance(value, (tuple, list)):
        return tuple(v or "" for v in value)
    return (value or "",)


def load_unchanged_ok(locales: Path) -> frozenset[str]:
    """Names that read the same in every language, one a line ('#' starts a comment)."""
    path = confined(locales / UNCHANGED_OK_FILE, locales)
    if not path.exists():
        return frozenset()
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return frozenset(line for line in lines if line)


def translated_locales(project: Project) -> list[str]:
    """Locales with a .po file; the source and the pseudo-locales have none."""
    return [lang for lang in project.locales_available() if has_catalog(lang)]


def choose_locales(project: Project, wanted: list[str] | None) -> list[str]:
    """The locales a command works on; pseudo-locales and English are skipped, not errors."""
    known = translated_locales(project)
    for lang in wanted or []:
        if lang not in known and has_catalog(lang):
            raise no_such_locale(lang, known)
    return [lang for lang in (wanted or known) if lang in known]
