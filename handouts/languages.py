"""What to call each language, and which catalog a code a person types means.

Names: in the language's own script, with its English name for staff. Babel's CLDR names are
right for most; a few are not what Los Angeles County's families and agencies say ("Filipino
(Pilipinas)" for Tagalog, "中文 (简体)" for Simplified Chinese).

Codes: people type `zh-TW`, `zh-Hans`, `hy-AM` or `fil` for the catalogs this project calls
`zh_Hant`, `zh_Hans`, `hy` and `tl`. Babel parses the code (case, `-` or `_`, old aliases such
as `tl` and `iw`) and CLDR's likely subtags give the script a region implies (`TW` is written
in Traditional characters), so each resolves to its catalog; a code that could mean two
catalogs (`zh`) gets the choices, never an offer to start a second catalog of a language.

Armenian has two catalogs, two languages in ISO 639-3: `hy` (Eastern Armenian, which `hy-AM`
means) and `hyw` (Western Armenian). Babel has no locale data for `hyw`, so a language CLDR
knows only by its likely subtags is read from the code itself, and the old registered variants
`hy-arevela` and `hy-arevmda` mean the code that replaced each.
"""

from __future__ import annotations

from typing import NamedTuple

from handouts.errors import UsageError
from handouts.project import no_such_locale

# locale -> (own name, English name), where CLDR's differ from what the county's agencies use
SAID = {
    "tl": ("Tagalog", "Tagalog"),
    "zh_Hans": ("简体中文", "Chinese, Simplified"),
    "zh_Hant": ("繁體中文", "Chinese, Traditional"),
    "km": ("ខ្មែរ", "Khmer"),
    "fa": ("فارسی", "Farsi"),
    "hy": ("Հայերեն", "Eastern Armenian"),
    "hyw": ("Արեւմտահայերէն", "Western Armenian"),  # Babel has no locale data for hyw
}
# IANA's variant subtags for the two Armenians, deprecated in favour of these language codes
VARIANT_LANGUAGES = {"AREVELA": "hy", "AREVMDA": "hyw"}
PSEUDO_NAMES = {"en-XA": "Pseudo-English (test of long text)",  # the project's PSEUDO_LOCALES
                "ar-XB": "Pseudo right-to-left (test of RTL layout)"}


def names(lang: str) -> tuple[str, str]:
    """(the language's own name, its English name)."""
    if lang in PSEUDO_NAMES:
        return PSEUDO_NAMES[lang], PSEUDO_NAMES[lang]
    if lang in SAID:
        return SAID[lang]
    from babel.core import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return lang, lang
    native = locale.get_display_name(locale) or lang
    return native[:1].upper() + native[1:], locale.get_display_name("en") or lang


def label(lang: str) -> str:
    """"한국어 (Korean)"; just "English" when both names are the same."""
    native, english = names(lang)
    return native if native == english else f"{native} ({english})"


class _Tag(NamedTuple):
    """A code as Babel reads it, with the script CLDR says it is written in."""

    language: str
    script: str | None
    territory: str | None
    explicit: bool  # a script or a region was named (or implied: `cmn` is zh_Hans_CN)


def _tag(code: str) -> _Tag | None:
    from babel.core import get_global

    parts = _parse(code.replace("-", "_"))
    if parts is None:
        return None
    language, script, territory = parts
    if script is None:
        likely = get_global("likely_subtags")
        guess = likely.get(f"{language}_{territory}") or likely.get(language, "")
        script = next((part for part in guess.split("_")[1:] if len(part) == 4), None)
    return _Tag(language, script, territory, bool(parts[1] or territory))


def _parse(code: str) -> tuple[str, str | None, str | None] | None:
    """(language, script, territory) of a code: as Babel reads it, or, for a language CLDR
    knows but Babel has no data for (`hyw`), as the code spells it; None if neither (`xx`,
    and the pseudo-locales' made-up regions of known languages, `en-XA`)."""
    from babel.core import Locale, UnknownLocaleError, get_global, parse_locale
    from babel.localedata import exists

    try:
        language, territory, script, variant = parse_locale(code)[:4]
    except (ValueError, TypeError):
        return None
    if variant in VARIANT_LANGUAGES:
        return VARIANT_LANGUAGES[variant], script, territory
    try:
        locale = Locale.parse(code)
    except (ValueError, TypeError, UnknownLocaleError):
        if exists(language) or language not in get_global("likely_subtags"):
            return None
        return language, script, territory
    return locale.language, locale.script, locale.territory


def is_language(code: str) -> bool:
    """Whether a code names a language, by Babel's data or (`hyw`) CLDR's likely subtags."""
    return _parse(code.replace("-", "_")) is not None


def matches(code: str, known: list[str]) -> list[str]:
    """The catalogs in `known` a typed code can mean: the same language, and when the code
    names a script or a region, the same script (and, among several, the same region)."""
    same = [lang for lang in known if _spelling(lang) == _spelling(code)]
    if same:
        return same
    typed = _tag(code)
    if typed is None:
        return []
    found = [(lang, tag) for lang in known
             if (tag := _tag(lang)) is not None and tag.language == typed.language]
    if typed.explicit:
        found = [(lang, tag) for lang, tag in found if tag.script == typed.script]
        same_region = [(lang, tag) for lang, tag in found if tag.territory == typed.territory]
        if len(found) > 1 and same_region:
            found = same_region
    return [lang for lang, _ in found]


def _spelling(code: str) -> str:
    return code.replace("-", "_").lower()


def resolve(code: str, known: list[str]) -> str:
    """The catalog a typed code means; UsageError listing the choices, or (for a language
    with no catalog at all) saying how to start one."""
    found = matches(code, known)
    if len(found) == 1:
        return found[0]
    if found:
        raise UsageError(f"{choices(code, known)}; give one of these codes")
    raise no_such_locale(code.replace("-", "_"), known)


def choices(code: str, known: list[str]) -> str | None:
    """"'zh' could mean zh_Hans (...) or zh_Hant (...)" when a code means several catalogs."""
    found = matches(code, known)
    return f"'{code}' could mean {_choices(found)}" if len(found) > 1 else None


def _choices(langs: list[str]) -> str:
    said = [f"{lang} ({label(lang)})" for lang in langs]
    return ", ".join(said[:-1]) + f" or {said[-1]}" if len(said) > 1 else said[0]


def duplicate_of(code: str, known: list[str]) -> str | None:
    """Why `init code` would start a second catalog of a language that has one (None if not)."""
    found = [lang for lang in matches(code, known) if lang != code]
    if not found:
        return None
    files = " or ".join(f"locales/{lang}/LC_MESSAGES/messages.po" for lang in found)
    return (f"'{code}' is already translated in {_choices(found)}: work in {files} rather "
            "than start a second catalog of the same language")
