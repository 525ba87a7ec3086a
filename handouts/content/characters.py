"""Which characters a printed text may hold, in content and in translations.

A reader takes a handout's numbers at their word, so text must not hold what changes how they
read without showing itself: a direction control can show 12-14 as 14-12, an invisible
character can sit inside a word or a number, and a digit of another script, or a superscript,
fullwidth or mathematical one, looks like a number no data gave. A script that needs one of
these keeps it (Persian's zero-width non-joiner, Khmer's zero width space between words), and
a language written with its own digits may use them. The breaks the build inserts itself
(render/khmer.py) come after these checks.
"""

from __future__ import annotations

import functools
import unicodedata

from handouts.project import base_language

ASCII_DIGITS = "0123456789"
# Languages whose readers write numbers with their own digits, and those digits.
OWN_DIGITS = {
    "fa": "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",  # Persian
    "ar": "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669",  # Arabic-Indic
}
ZWSP, ZWNJ, ZWJ = "\u200b", "\u200c", "\u200d"
_ARABIC_SCRIPT = {"ar", "fa", "ur", "ps", "ku", "sd", "ug"}
_NO_SPACES = {"km", "th", "lo", "my"}  # written without spaces: a break chance between words
# Invisible characters a script needs, by language.
SCRIPT_NEEDS = {ZWNJ: _ARABIC_SCRIPT, ZWJ: _ARABIC_SCRIPT, ZWSP: _NO_SPACES}
DIRECTION = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                      "\u200e\u200f\u061c")
# Invisible although Unicode does not class them as format characters: fillers, variation
# selectors, the combining grapheme joiner, Khmer's deprecated inherent vowels, blank braille.
_ALSO_INVISIBLE = frozenset([*"\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0\u2800",
                             *map(chr, range(0x180B, 0x1810)), *map(chr, range(0xFE00, 0xFE10)),
                             *map(chr, range(0xE0100, 0xE01F0))])
_ALLOWED_CONTROLS = "\n\t"


def own_digits(lang: str) -> str:
    """The digits `lang` may write numbers with besides 0-9 ("" for most languages)."""
    return OWN_DIGITS.get(base_language(lang), "")


def character_problems(text: str, lang: str) -> list[str]:
    """What is wrong with the characters of one text in `lang`, each said with what to do."""
    found: dict[str, list[str]] = {}
    for index, char in enumerate(text):
        kind = _kind(char, lang)
        if kind:
            found.setdefault(kind, []).append(f"{_name(char)} after \"{_before(text, index)}\"")
    return [f"{ADVICE[kind][0]} ({'; '.join(dict.fromkeys(where))}); {ADVICE[kind][1]}"
            for kind, where in found.items()]


ADVICE = {
    "direction": ("has a hidden direction control", "delete it: the page sets each language's "
                  "direction itself, and a control can show a number reversed"),
    "invisible": ("has an invisible character", "delete it (retype the words around it if you "
                  "cannot see it)"),
    "digit": ("has a digit that is not one of 0-9", "write every number with the digits "
              "0123456789, as the English does"),
    "styled": ("has a superscript, fullwidth or styled digit or number sign", "write the number "
               "with the plain digits 0123456789"),
}


@functools.cache  # a catalog repeats its few hundred characters thousands of times
def _kind(char: str, lang: str) -> str | None:
    if char in DIRECTION:
        return "direction"
    category = unicodedata.category(char)
    if category[0] == "N":
        if char in ASCII_DIGITS or char in own_digits(lang):
            return None
        return "digit" if category == "Nd" and not _styled(char) else "styled"
    if char in SCRIPT_NEEDS:
        return None if base_language(lang) in SCRIPT_NEEDS[char] else "invisible"
    if char in _ALSO_INVISIBLE or category in ("Cf", "Co", "Cn", "Cs", "Zl", "Zp") \
            or (category == "Cc" and char not in _ALLOWED_CONTROLS):
        return "invisible"
    return None


def _styled(char: str) -> bool:
    """Fullwidth and mathematical digits: the same digit drawn another way."""
    return unicodedata.decomposition(char).startswith(("<wide>", "<font>"))


def _name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def _before(text: str, index: int) -> str:
    """The visible words just before `index` (up to three), so the translator can find it."""
    shown = "".join(c for c in text[max(0, index - 40):index]
                    if _kind(c, "xx") not in ("direction", "invisible"))
    return " ".join(shown.split(" ")[-4:])[-30:]
