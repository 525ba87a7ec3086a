"""PDF stage: HTML -> laid-out pages -> checked -> PDF file, written whole or not at all.

WeasyPrint only sees files inside the project's asset folders (no network, no `..`) and only
the project's own fonts. What it logs is sorted by meaning: a notice about this machine (see
ENVIRONMENT_NOTICES) is kept for the summary, anything else is a problem with the handout and
fails the build. A fixed-size box whose text spills over, or a character no bundled font has,
is an error naming the string, found before any file is written.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import mimetypes
import multiprocessing.util
import os
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pydyf
from weasyprint import HTML, Document
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from handouts.errors import HandoutError, Problem
from handouts.files import replacing

DESK_VARIANT = "pdf/ua-1"
PRINT_VARIANT = "pdf/x-4"
FIT_CLASS = "fit"  # elements with this class have a fixed size their text must stay inside
TOLERANCE = 0.5  # CSS px of rounding allowed before text counts as spilling over


_REFUSED: list[RefusedURL] = []  # refusals during the current layout or write, this process


class RefusedURL(FatalURLFetchingError):
    """Raised inside WeasyPrint to stop rendering at the first resource we will not serve.

    `needle` is the text to look for in the templates to find the line that names it.
    """

    def __init__(self, message: str, needle: str, roots: list[Path]) -> None:
        super().__init__(message)
        self.needle = needle
        self.roots = roots
        _REFUSED.append(self)  # WeasyPrint swallows some (images in SVG) and only logs them

    def problem(self) -> Problem:
        path, line = named_at(self.needle, self.roots)
        return Problem(str(self), path, line)


class ConfinedFetcher(URLFetcher):
    """Serve only files inside the given folders, and data: URLs. Nothing from the network."""

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False,
                         fail_on_errors=True)
        self.roots = [root.resolve() for root in roots]

    def _shown(self, path: Path) -> str:
        """A path as the person fixing it sees it: relative to the project folder."""
        top = self.roots[0].parent
        return str(path.relative_to(top)) if path.is_relative_to(top) else str(path)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path)).resolve()
            folders = ", ".join(f"{self._shown(r)}/" for r in self.roots)
            if not any(path.is_relative_to(root) for root in self.roots):
                raise RefusedURL(f"refused to read {self._shown(path)}: a handout may only use "
                                 f"fonts, images and stylesheets inside {folders}; copy the file "
                                 "there and name it relative to the template or stylesheet",
                                 path.name, self.roots)
            if not path.is_file():
                raise RefusedURL(f"the font, image or stylesheet {self._shown(path)} does not "
                                 "exist (missing file); check the name and folder, or add the "
                                 "file", path.name, self.roots)
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
        raise RefusedURL(f"refused to fetch {url}: handouts never load anything from the "
                         "network; put a copy of the file in templates/ and name it relative "
                         "to the template or stylesheet", url, self.roots)


def named_at(needle: str, roots: list[Path]) -> tuple[Path | None, int | None]:
    """The first template or stylesheet line that names `needle` (a URL or a file name)."""
    candidates = [needle, needle.rsplit("/", 1)[-1]]
    files = sorted(p for root in roots for p in root.rglob("*")
                   if p.suffix in (".css", ".j2", ".html", ".svg") and p.is_file())
    for text in dict.fromkeys(c for c in candidates if c):
        for path in files:
            for number, line in enumerate(
                    path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
                if text in line:
                    return path, number
    return None, None


_FONT_CONFIG: tuple[int, FontConfiguration] | None = None  # (the process it belongs to, it)
# A fontconfig setup with no font folders: WeasyPrint then sees only the @font-face fonts.
ONLY_BUNDLED_FONTS = Path(__file__).with_name("fontconfig.conf")


def font_config() -> FontConfiguration:
    """One font configuration per process, blind to the fonts installed on the machine.

    Fontconfig would otherwise fill any character the bundled fonts lack from whatever font
    the machine happens to have, and the PDF would look different on every computer.
    WeasyPrint copies each font into a temporary folder of the configuration's own (about
    50 MB with the Chinese and Korean fonts): a forked worker makes its own configuration
    rather than write into its parent's folder alongside its siblings, and the folder is
    removed when the process ends (WeasyPrint's own clean-up does not run at exit).
    """
    global _FONT_CONFIG
    if _FONT_CONFIG is not None and _FONT_CONFIG[0] != os.getpid():
        # the parent's, inherited by fork: dropping it must not delete the parent's folder
        _FONT_CONFIG[1]._folder = None
        _FONT_CONFIG = None
    if _FONT_CONFIG is None:
        old = os.environ.get("FONTCONFIG_FILE")
        os.environ["FONTCONFIG_FILE"] = str(ONLY_BUNDLED_FONTS)
        try:
            config = FontConfiguration()
        finally:
            if old is None:
                os.environ.pop("FONTCONFIG_FILE", None)
            else:
                os.environ["FONTCONFIG_FILE"] = old
        # run at exit by the main process and by multiprocessing's workers alike
        multiprocessing.util.Finalize(None, _remove_font_copies, args=(config,),
                                      exitpriority=0)
        _FONT_CONFIG = (os.getpid(), config)
    return _FONT_CONFIG[1]


def _remove_font_copies(config: FontConfiguration) -> None:
    folder = getattr(config, "_folder", None)  # made by WeasyPrint on the first @font-face
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


FONT_SUFFIXES = (".ttf", ".otf")


class FontCoverage:
    """Every character some font in the project's own folder can draw.

    A font's character table is read only when a character on the page is not in the fonts
    read so far, smallest files first: Latin, Arabic, Armenian and Khmer handouts never pay
    for reading the large Chinese and Korean tables (about half a second).
    """

    def __init__(self, fonts: Path) -> None:
        self._unread = sorted((p for p in fonts.iterdir() if p.suffix.lower() in FONT_SUFFIXES),
                              key=lambda p: (p.stat().st_size, p.name))
        self._covered: set[int] = set()

    def __contains__(self, code: int) -> bool:
        from fontTools.ttLib import TTFont

        while code not in self._covered and self._unread:
            self._covered.update(TTFont(self._unread.pop(0), lazy=True)["cmap"].getBestCmap())
        return code in self._covered


_COVERAGE: dict[Path, FontCoverage] = {}


def font_coverage(fonts: Path) -> FontCoverage:
    """The coverage of the project's fonts (`fonts`), kept for the life of the process."""
    if fonts not in _COVERAGE:
        _COVERAGE[fonts] = FontCoverage(fonts)
    return _COVERAGE[fonts]


def _drawn(char: str) -> bool:
    """Whether a character needs a glyph: controls, bidi marks and spaces do not."""
    return unicodedata.category(char) not in ("Cc", "Cf", "Zs", "Zl", "Zp")


def find_missing_glyphs(document: Document, covered: FontCoverage) -> list[str]:
    """Describe each character on the pages that none of the project's fonts has."""
    found: dict[str, list[str]] = {}
    for page in document.pages:
        for box in _walk(page._page_box):
            if isinstance(box, boxes.TextBox):
                for char in box.text:
                    if ord(char) not in covered and _drawn(char):
                        strings = found.setdefault(char, [])
                        if (text := _element_text(box)) not in strings:
                            strings.append(text)
    return [f'the character "{char}" (U+{ord(char):04X}, {unicodedata.name(char, "unnamed")}) '
            f'in "{strings[0]}"'
            + (f" (and {len(strings) - 1} more)" if len(strings) > 1 else "")
            + " is in none of the project's fonts (templates/fonts/). Use another character, "
              "or add a font that has it (README, Fonts)"
            for char, strings in found.items()]


@contextlib.contextmanager
def _fixed_font_dates() -> Iterator[None]:
    """Give fontTools a fixed date while fonts are loaded and subset, then put things back.

    WeasyPrint rewrites each font with fontTools, which stamps the current time into it unless
    SOURCE_DATE_EPOCH is set, and the same inputs would give different bytes. A value set by
    the user is kept; otherwise 0 is used only for the duration, so nothing else in the
    process (or a program it starts) sees it.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = "0"
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


# What the renderer logs about the machine rather than the handout: shown once in the
# summary, never a reason to stop. Everything else it logs (a missing glyph, an image or
# stylesheet that did not load, an ignored CSS rule) is a problem with the handout.
ENVIRONMENT_NOTICES = {
    re.compile(r"^Using fontTools instead of HarfBuzz-Subset"):
        "fonts were subset with fontTools because HarfBuzz subsetting is not installed: the "
        "PDFs are fine, the build is slower. `python build.py doctor` says how to install it",
}


def environment_notice(message: str) -> str | None:
    """The summary's wording for a renderer message about the machine; None for the rest."""
    return next((said for pattern, said in ENVIRONMENT_NOTICES.items()
                 if pattern.search(message)), None)


class _Collect(logging.Handler):
    def __init__(self, notices: set[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.notices = notices

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        notice = environment_notice(message)
        if notice is None:
            self.messages.append(message)
        else:
            self.notices.add(notice)


@contextlib.contextmanager
def _strict_logs(notices: set[str]) -> Iterator[None]:
    """Turn every WeasyPrint message about the handout into a build error.

    Messages about the machine go into `notices` for the summary instead.
    """
    logger = logging.getLogger("weasyprint")
    handler = _Collect(notices)
    logger.addHandler(handler)
    old = logger.propagate
    logger.propagate = False
    _REFUSED.clear()
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = old
    if _REFUSED:  # the reason behind a logged "failed to load": name the URL and its line
        raise HandoutError(*dict.fromkeys(r.problem() for r in _REFUSED))
    if handler.messages:
        raise HandoutError(*(Problem(f"the renderer reported: {m}")
                             for m in handler.messages))


def layout(html: str, *, base: Path, roots: list[Path], variant: str,
           notices: set[str] | None = None) -> Document:
    """Lay out the pages (the expensive step) with a confined fetcher and strict logging."""
    fetcher = ConfinedFetcher(roots)
    try:
        with _strict_logs(set() if notices is None else notices), _fixed_font_dates():
            return HTML(string=html, base_url=base.resolve().as_uri() + "/",
                        url_fetcher=fetcher).render(font_config=font_config(),
                                                    pdf_variant=variant)
    except RefusedURL as exc:
        raise HandoutError(exc.problem()) from None


def standalone_html(html: str, templates: Path) -> str:
    """The HTML a PDF was made from, with a <base> so plain `weasyprint` finds its CSS and fonts."""
    base = f'<base href="{templates.resolve().as_uri()}/">'
    return html.replace("<head>", f"<head>\n{base}", 1)


def _text(box: boxes.Box) -> str:
    if isinstance(box, boxes.TextBox):
        return box.text
    return "".join(_text(child) for child in getattr(box, "children", ()))


def _element_text(box: boxes.Box) -> str:
    element = getattr(box, "element", None)
    text = " ".join("".join(element.itertext()).split()) if element is not None else _text(box)
    return text if len(text) <= 90 else text[:87] + "..."


def _walk(box: boxes.Box) -> Iterator[boxes.Box]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _walk(child)


def _classes(box: boxes.Box) -> list[str]:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) is None:
        return []
    return (element.get("class") or "").split()


def find_overflow(document: Document, *, pages: int, fixed: bool) -> list[str]:
    """Describe every string that spills out of its fixed box or onto a page too many."""
    found: list[str] = []
    for number, page in enumerate(document.pages, start=1):
        for box in _walk(page._page_box):
            if FIT_CLASS not in _classes(box) or isinstance(box, boxes.InlineBox):
                continue
            bottom = box.content_box_y() + box.height + box.padding_bottom
            right = box.content_box_x() + box.width + box.padding_right
            for inner in _walk(box):
                if isinstance(inner, boxes.LineBox) and inner.children and (
                    inner.position_y + inner.height > bottom + TOLERANCE
                    or inner.position_x + inner.width > right + TOLERANCE
                ):
                    found.append(f'page {number}: "{_element_text(inner.children[0])}" does not '
                                 "fit in its box")
                    break
    count = len(document.pages)
    if count > pages:
        first = next((t for b in _walk(document.pages[pages]._page_box)
                      if isinstance(b, boxes.LineBox) and (t := _element_text(b).strip())), "")
        found.append(f'the text runs onto page {pages + 1} (at most {pages} allowed), '
                     f'starting with "{first}"')
    elif fixed and count < pages:
        found.append(f"made {count} pages instead of {pages}")
    return found


ART_BLEED = 9  # points (1/8 in): how far print backgrounds run past the trim (css/print.css)


def _finisher(seed: bytes, default_rgb: Path | None) -> Callable[[Document, pydyf.PDF], None]:
    """Last touches to the PDF objects before they are written.

    WeasyPrint's random XMP document id is replaced with one derived from `seed`. On a page
    with bleed the BleedBox is set to the art's 1/8 in: WeasyPrint would set it to the whole
    1/4 in sheet margin (at most 10 pt), which holds the crop marks, not art. With
    `default_rgb`, every colour-space dictionary gets a DefaultRGB: WeasyPrint paints CSS
    colours, images and crop marks in DeviceRGB, which PDF/X-4 allows under a CMYK output
    intent only when the RGB is tied to an ICC profile this way.
    """
    did = hashlib.blake2b(seed, digest_size=16).hexdigest()
    stable = f"xmp.did:{did[:8]}-{did[8:12]}-{did[12:16]}-{did[16:20]}-{did[20:]}".encode()

    def finish(document: Document, pdf: pydyf.PDF) -> None:
        resources = []
        for obj in pdf.objects:
            chunks = getattr(obj, "stream", None)
            if isinstance(chunks, list):
                obj.stream = [re.sub(rb"xmp\.did:[0-9a-f-]{36}", stable, c)
                              if isinstance(c, bytes) else c for c in chunks]
                if "Resources" in obj.extra:
                    resources.append(obj.extra["Resources"])
            elif isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Page":
                resources.append(obj["Resources"])
                if list(obj.get("TrimBox", [])) != list(obj.get("MediaBox", [])):
                    left, bottom, right, top = obj["TrimBox"]
                    m_left, m_bottom, m_right, m_top = obj["MediaBox"]  # never off the sheet
                    obj["BleedBox"] = pydyf.Array([max(left - ART_BLEED, m_left),
                                                   max(bottom - ART_BLEED, m_bottom),
                                                   min(right + ART_BLEED, m_right),
                                                   min(top + ART_BLEED, m_top)])
        if default_rgb is not None:
            _add_default_rgb(pdf, resources, default_rgb)

    return finish


def _resolve(pdf: pydyf.PDF, value: object) -> object:
    """The object a pydyf reference (b"12 0 R") points at; anything else as it is."""
    if isinstance(value, bytes) and value.endswith(b" 0 R"):
        return pdf.objects[int(value.split()[0])]
    return value


def _add_default_rgb(pdf: pydyf.PDF, resources: list[object], profile: Path) -> None:
    icc = pydyf.Stream([profile.read_bytes()],
                       pydyf.Dictionary({"N": 3, "Alternate": "/DeviceRGB"}), compress=True)
    pdf.add_object(icc)
    default = pydyf.Array(("/ICCBased", icc.reference))
    for entry in resources:
        found = _resolve(pdf, entry)
        if not isinstance(found, dict):
            continue
        spaces = _resolve(pdf, found.get("ColorSpace"))
        if isinstance(spaces, dict):
            spaces["DefaultRGB"] = default
        else:
            found["ColorSpace"] = pydyf.Dictionary({"DefaultRGB": default})


def write_atomic(document: Document, target: Path, *, seed: bytes, default_rgb: Path | None = None,
                 notices: set[str] | None = None, **options: object) -> None:
    """Write the PDF beside its target, then rename: a reader never sees half a file.

    `seed` (a digest of the inputs) fixes the file identifiers, so the same inputs give the
    same bytes. `default_rgb` (an RGB ICC profile) declares what the RGB colours mean, as
    PDF/X-4 requires of a print file with a CMYK output intent.
    """
    try:
        # images inside inline SVG are fetched only now, while drawing: same rules as layout
        with replacing(target) as tmp, _strict_logs(set() if notices is None else notices), \
                _fixed_font_dates():
            document.write_pdf(tmp, pdf_identifier=hashlib.md5(seed).hexdigest().encode(),
                               finisher=_finisher(seed, default_rgb), **options)
    except RefusedURL as exc:
        raise HandoutError(exc.problem()) from None
