"""gettext for one locale over the content model: translate every sentence, and remember
which strings were looked up, which had to stay in English and which are only suggestions.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pydantic import BaseModel

from handouts.content.model import PROFILE_CONTEXT, LocalText, Msg
from handouts.i18n.catalogs import Key, read_catalog
from handouts.project import (
    PSEUDO_LOCALES,
    SOURCE_LOCALE,
    available_locales,
    base_language,
    no_such_locale,
    po_path,
)

RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ps"}


@dataclass
class Translator:
    """gettext for one locale. Remembers which strings it had to leave in English.

    In a draft, a translation nobody has reviewed yet (fuzzy: `suggestions`) is used, and
    remembered in `suggested`, so the page can mark it; a final build never prints one.
    """

    lang: str
    entries: dict[Key, str] = field(default_factory=dict)
    draft: bool = False
    pseudo: Any = None  # a str -> str function for pseudo-locales
    seen: dict[Key, None] = field(default_factory=dict)
    missing: dict[Key, None] = field(default_factory=dict)
    plurals: dict[Key, tuple[str, ...]] = field(default_factory=dict)  # keyed by the singular
    suggestions: dict[Key, str] = field(default_factory=dict)  # fuzzy, for drafts only
    suggested: dict[Key, None] = field(default_factory=dict)
    consulted: dict[Key, None] = field(default_factory=dict)  # asked with known()
    plural_form: Callable[[int], int] = field(default=lambda n: int(n != 1))

    @property
    def percent(self) -> int:
        """Share of the strings looked up so far that had a translation, rounded down."""
        if not self.seen:
            return 100
        return (len(self.seen) - len(self.missing)) * 100 // len(self.seen)

    @property
    def direction(self) -> str:
        return "rtl" if base_language(self.lang) in RTL_LANGUAGES else "ltr"  # ar-XB too

    def lookup(self, context: str | None, msgid: str, plural: str | None = None,
               n: int = 1) -> tuple[str, bool]:
        """Return (text, found); with `plural`, the form the language uses for `n`."""
        key = (context, msgid)
        self.seen[key] = None
        english = plural if plural is not None and n != 1 else msgid
        if self.pseudo is not None:
            return self.pseudo(english), True
        if self.lang == SOURCE_LOCALE:
            return english, True
        if plural is None:
            text = self.entries.get(key)
        else:
            forms = self.plurals.get(key, ())
            index = self.plural_form(n)
            text = forms[index] if index < len(forms) else None
        if text:
            return text, True
        self.missing[key] = None
        if self.draft and plural is None and key in self.suggestions:
            self.suggested[key] = None
            return self.suggestions[key], False
        return english, False

    def known(self, context: str | None, msgid: str) -> str | Msg | None:
        """The catalog's text for a string that need not be in it (a profile's names): a
        reviewed translation, or in a draft a suggestion, marked as one like every other
        (highlighted); never recorded as missing."""
        key = (context, msgid)
        self.consulted[key] = None
        if text := self.entries.get(key):
            return text
        if self.draft and (text := self.suggestions.get(key)):
            return Msg(text=text, context=context, suggested=True)
        return None

    def _shown(self, context: str | None, msgid: str, found: bool) -> dict[str, bool]:
        """How a draft marks a string: English left in, or a suggestion not yet reviewed."""
        suggested = (context, msgid) in self.suggested
        return {"missing": self.draft and not found and not suggested,
                "suggested": self.draft and suggested}

    def msg(self, m: Msg) -> Msg:
        text, found = self.lookup(m.context, m.text)
        return m.model_copy(update={"text": text, **self._shown(m.context, m.text, found)})

    def _markup(self, context: str | None, msgid: str, plural: str | None = None,
                n: int = 1) -> Markup:
        text, found = self.lookup(context, msgid, plural, n)
        return Markup(Msg(text=text, **self._shown(context, msgid, found)).__html__())

    def gettext(self, msgid: str) -> Markup:
        return self._markup(None, msgid)

    def pgettext(self, context: str, msgid: str) -> Markup:
        return self._markup(context, msgid)

    def filled_pgettext(self, context: str, msgid: str, **values: object) -> Markup:
        """pgettext as a template calls it (Jinja's new-style gettext): with its placeholders
        filled in, the values escaped. For a part of a page in another language."""
        return self.pgettext(context, msgid) % values

    def ngettext(self, singular: str, plural: str, n: int) -> Markup:
        return self._markup(None, singular, plural, n)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> Markup:
        return self._markup(context, singular, plural, n)


def translator_for(locales: Path, lang: str, *, draft: bool = False) -> Translator:
    """Build the translator for a locale: the source, a pseudo-locale, or a .po catalog."""
    from handouts.i18n.pseudo import PSEUDO

    if lang in PSEUDO:
        return Translator(lang, pseudo=PSEUDO[lang], draft=draft)
    if lang == SOURCE_LOCALE:
        return Translator(lang)
    path = po_path(locales, lang)
    if not path.exists():
        raise no_such_locale(lang, [*available_locales(locales), *PSEUDO_LOCALES])
    stat = path.stat()
    entries, plurals, suggestions, plural_expr = _parsed(path, stat.st_mtime_ns, stat.st_size,
                                                         lang, draft)
    return Translator(lang, entries=entries, plurals=plurals, draft=draft,
                      suggestions=suggestions, plural_form=gettext.c2py(plural_expr))


@functools.lru_cache(maxsize=32)
def _parsed(path: Path, mtime_ns: int, size: int, lang: str, draft: bool
            ) -> tuple[dict[Key, str], dict[Key, tuple[str, ...]], dict[Key, str], str]:
    """A catalog's translations, parsed once per process while the file stays as it was
    (every handout in a language reads the same .po; a saved edit is read again). The
    dictionaries are shared by the translators made from them, which only read them."""
    catalog = read_catalog(path, lang)
    entries: dict[Key, str] = {}
    plurals: dict[Key, tuple[str, ...]] = {}
    suggestions: dict[Key, str] = {}
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            if draft and isinstance(message.id, str) and message.string:
                suggestions[(message.context, message.id)] = message.string
            continue
        if isinstance(message.id, (tuple, list)):
            forms = tuple(message.string)
            if all(forms):
                plurals[(message.context, message.id[0])] = forms
        elif message.string:
            entries[(message.context, message.id)] = message.string
    return entries, plurals, suggestions, catalog.plural_expr


def localize(value: Any, tr: Translator) -> Any:
    """Return a copy of a content model with every Msg translated."""
    if isinstance(value, Msg):
        return tr.msg(value)
    if isinstance(value, LocalText):  # a profile's text, else the catalog's for the county's
        from_catalog = tr.known(PROFILE_CONTEXT, value.pick(SOURCE_LOCALE))  # asked always,
        return value.own(tr.lang) or from_catalog or value.pick(tr.lang)  # so the gate sees it
    if isinstance(value, BaseModel):
        return value.model_copy(update={name: localize(getattr(value, name), tr)
                                        for name in type(value).model_fields})
    if isinstance(value, list):
        return [localize(v, tr) for v in value]
    if isinstance(value, dict):
        return {k: localize(v, tr) for k, v in value.items()}
    return value
