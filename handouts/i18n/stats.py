"""How far a locale's translation is: reviewed, suggested (fuzzy) and missing strings, for the
whole catalog and for each handout's own strings."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass

from babel.messages.catalog import Message

from handouts.i18n.catalogs import Key, forms, is_translated, key_map, read_catalog
from handouts.languages import label
from handouts.project import Project

ALL = "(all)"


@dataclass(frozen=True)
class Stats:
    """How far one locale is, over one material's strings or the whole catalog (ALL).

    Reviewed (`translated`) prints as final; suggested (`fuzzy`: translated, waiting for a
    translator's review) and missing (`untranslated`) print only in a draft.
    `untranslated_words` counts the English words still to do: in suggested and missing
    strings alike, since neither prints.
    """

    locale: str
    material: str
    strings: int
    translated: int
    fuzzy: int
    untranslated: int
    untranslated_words: int

    @property
    def percent(self) -> int:
        """Rounded down, so 100 means done."""
        return self.translated * 100 // self.strings if self.strings else 100

    @property
    def final(self) -> bool:
        """The one rule for final: every string counted here is reviewed. For a handout's row,
        the build prints it as final only then; else only as a marked draft."""
        return self.translated == self.strings

    @property
    def status(self) -> str:
        """Whether these strings can print as final, in a reviewer's words."""
        if self.final:
            return "reviewed"
        if self.untranslated == 0:
            return "suggested translation, needs review"
        return "incomplete"

    def as_dict(self) -> dict:
        return {**asdict(self), "percent": self.percent, "status": self.status,
                "final": self.final, "language": label(self.locale)}


def catalog_stats(project: Project, lang: str, used: dict[str, dict[Key, None]]) -> list[Stats]:
    """One row for the whole catalog of `lang`, then one per material in `used` (material ->
    the strings it prints)."""
    path = project.po_path(lang)
    try:
        data = path.read_bytes()
    except OSError:
        data = None  # reading it again says what is wrong
    key = (lang, data and hashlib.blake2b(data, digest_size=16).digest(),
           tuple((name, tuple(keys)) for name, keys in used.items()))
    if data is None or key not in _COUNTED:
        catalog = read_catalog(path, lang, data)
        entries = key_map(catalog)
        everything = {(m.context, f): None for m in catalog if m.id for f in forms(m.id)}
        _COUNTED[key] = (count(lang, ALL, everything, entries),
                         *(count(lang, name, keys, entries) for name, keys in used.items()))
    return list(_COUNTED[key])


# Each catalog's rows, by the .po file's bytes and the strings asked about: a pure result,
# counted once in a process (the catalog page of every build counts every catalog).
_COUNTED: dict[tuple, tuple[Stats, ...]] = {}


def count(lang: str, material: str, keys: dict | set, entries: dict[tuple, Message]) -> Stats:
    """Tally the strings `keys` against a catalog's entries; a missing entry is untranslated."""
    translated = fuzzy = untranslated = words = 0
    for key in keys:
        message = entries.get(key)
        if message is not None and is_translated(message):
            translated += 1
            continue
        if message is not None and message.fuzzy and any(forms(message.string)):
            fuzzy += 1
        else:
            untranslated += 1
        words += word_count(key[1])
    return Stats(lang, material, len(keys), translated, fuzzy, untranslated, words)


def word_count(text: str) -> int:
    """Words a translator reads: markup tags and %(name)s placeholders do not count."""
    text = re.sub(r"</?[A-Za-z][^<>]*>|%\(\w+\)\w|%%", " ", text)
    return len(re.findall(r"[^\W_]+(?:['\u2019-][^\W_]+)*", text))
