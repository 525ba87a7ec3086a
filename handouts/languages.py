"""What to call each language: in its own script, with its English name for staff.

Babel's CLDR names are right for most; a few are not what Los Angeles County's families and
agencies say ("Filipino (Pilipinas)" for Tagalog, "中文 (简体)" for Simplified Chinese).
"""

from __future__ import annotations

# locale -> (own name, English name), where CLDR's differ from what the county's agencies use
SAID = {
    "tl": ("Tagalog", "Tagalog"),
    "zh_Hans": ("简体中文", "Chinese, Simplified"),
    "zh_Hant": ("繁體中文", "Chinese, Traditional"),
    "km": ("ខ្មែរ", "Khmer"),
    "fa": ("فارسی", "Farsi"),
}
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
