"""The project's own fonts: the only ones a handout may use, and which characters they draw.

Fontconfig would otherwise fill any character the bundled fonts lack from whatever font the
machine happens to have, and the PDF would look different on every computer.
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from pathlib import Path

from weasyprint.text.fonts import FontConfiguration

from handouts.pdf import weasy

# A fontconfig setup with no font folders: WeasyPrint then sees only the @font-face fonts.
ONLY_BUNDLED_FONTS = Path(__file__).with_name("fontconfig.conf")


def named_in_stylesheets(templates: Path, *suffixes: str) -> list[Path]:
    """Every file with one of these suffixes that a stylesheet's url(...) names."""
    found = [path for css in sorted((templates / "css").glob("*.css"))
             for path in named_in_stylesheet(css, *suffixes)]
    return list(dict.fromkeys(found))


def named_in_stylesheet(css: Path, *suffixes: str) -> list[Path]:
    """Every file with one of these suffixes that one stylesheet's url(...) names."""
    names = "|".join(s.lstrip(".") for s in suffixes)
    pattern = re.compile(rf"url\(\s*['\"]?([^'\")]+\.(?:{names}))['\"]?\s*\)", re.IGNORECASE)
    text = css.read_text(encoding="utf-8")
    return [(css.parent / url).resolve() for url in pattern.findall(text)]


def declared_fonts(templates: Path) -> list[Path]:
    """The project's fonts: every font file an @font-face rule in the stylesheets names.

    The only ones a handout may use; `doctor` checks them, the glyph check reads them.
    """
    return named_in_stylesheets(templates, ".ttf", ".otf")


# The stylesheet of the Chinese and Korean fonts (48 of the 50 MB), linked only where needed.
LARGE_FONTS = "css/fonts-cjk.css"
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?")  # a CSS escape: \2022, \00A0
_CJK_LANG = re.compile(r"""\blang=["']?(?:ko|zh)\b""", re.IGNORECASE)


class LargeFonts:
    """Whether a page needs the large fonts' stylesheet (LARGE_FONTS): whether one of the
    characters it prints is in none of the other fonts.

    WeasyPrint copies every font an @font-face rule names into a folder of its own and
    fontconfig reads it, for each new font configuration: about half a second of system time
    for the six Chinese and Korean fonts, in every process that lays out a page. A page whose
    characters the other fonts all draw, and that sets no Chinese or Korean (whose rules in
    base.css put the region's font first, Latin letters included), takes nothing from those
    six, so it is laid out without them, to the same bytes. The characters the stylesheets add
    (generated content, CSS escapes decoded), and each character's other case
    (text-transform), count as the page's. Anything else WeasyPrint adds (a nested list's
    marker) is caught after layout: the glyph check of a page laid out without them asks only
    the fonts it had (`coverage`).
    """

    def __init__(self, templates: Path, declared: list[Path]) -> None:
        """`declared`: the project's fonts (`declared_fonts`)."""
        self.link = f'<link rel="stylesheet" href="{LARGE_FONTS}">'
        sheet = templates / LARGE_FONTS
        large = set(named_in_stylesheet(sheet, ".ttf", ".otf")) if sheet.is_file() else set()
        self.available = bool(large)
        self.coverage = FontCoverage([p for p in declared if p not in large])
        styles = "".join(_COMMENT.sub("", css.read_text(encoding="utf-8"))
                         for css in sorted((templates / "css").glob("*.css")))
        self._generated = set(_ESCAPE.sub(lambda m: chr(int(m[1], 16)), styles))

    def needed(self, html: str) -> bool:
        """Whether `html` sets Chinese or Korean, or prints a character only the large fonts
        draw."""
        if not self.available:
            return False
        if _CJK_LANG.search(html):
            return True
        chars = set(html) | self._generated
        cased = "".join(chars)
        chars |= set(cased.upper()) | set(cased.lower())
        return any(weasy.needs_glyph(c) and ord(c) not in self.coverage for c in chars)


def bundled_only() -> FontConfiguration:
    """A font configuration blind to the fonts installed on the machine.

    WeasyPrint copies each font into a temporary folder of the configuration's own (about
    50 MB with the Chinese and Korean fonts); `remove_font_copies` removes it.
    """
    old = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(ONLY_BUNDLED_FONTS)
    try:
        config = FontConfiguration()
    finally:
        if old is None:
            os.environ.pop("FONTCONFIG_FILE", None)
        else:
            os.environ["FONTCONFIG_FILE"] = old
    return config


def remove_font_copies(config: FontConfiguration) -> None:
    folder = weasy.font_folder(config)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


class FontCoverage:
    """Every character one of the project's fonts (`declared_fonts`) can draw.

    A font's character table is read only when a character on the page is not in the fonts
    read so far, smallest files first: Latin, Arabic, Armenian and Khmer handouts never pay
    for reading the large Chinese and Korean tables (about half a second).
    """

    def __init__(self, fonts: list[Path]) -> None:
        self._unread = sorted((p for p in fonts if p.is_file()),
                              key=lambda p: (p.stat().st_size, p.name))
        self._covered: set[int] = set()

    def __contains__(self, code: object) -> bool:
        while code not in self._covered and self._unread:
            self._covered.update(_characters(self._unread.pop(0)))
        return code in self._covered


# A font file's characters, by the file's identity (device, inode, size, time): a pure result,
# read once in a process however many typesetters ask (a test's builds, each project copy's
# fonts hard-linked to the same files).
_CHARACTERS: dict[tuple[int, int, int, int], frozenset[int]] = {}


def _characters(font: Path) -> frozenset[int]:
    """The characters a font file draws; none if fontTools cannot read it (a damaged or
    half-downloaded file: WeasyPrint then names it when it loads it)."""
    from fontTools.ttLib import TTFont

    stat = font.stat()
    key = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
    if key not in _CHARACTERS:
        try:
            _CHARACTERS[key] = frozenset(TTFont(font, lazy=True)["cmap"].getBestCmap())
        except Exception:  # fontTools raises many kinds of error on a damaged file
            _CHARACTERS[key] = frozenset()
    return _CHARACTERS[key]


def describe_missing(found: dict[str, list[str]]) -> list[str]:
    """One line per character no project font has, naming the string it is in."""
    return [f'the character "{char}" (U+{ord(char):04X}, {unicodedata.name(char, "unnamed")}) '
            f'in "{strings[0]}"'
            + (f" (and {len(strings) - 1} more)" if len(strings) > 1 else "")
            + " is in none of the project's fonts (templates/fonts/). Use another character, "
              "or add a font that has it (docs/translators.md, Fonts)"
            for char, strings in found.items()]
