"""Every use of WeasyPrint's internals, in one place, checked against the version they fit.

WeasyPrint's public API lays out and writes a document; it has no public way to ask which
text a box holds, whether a line spills out of its box, to change a PDF object before it is
written, or which Pango and HarfBuzz it loaded. These do that by reading the laid-out page
boxes (`Page._page_box`), the pydyf objects a `finisher` is given, the font folder a
`FontConfiguration` keeps, and the C libraries behind `weasyprint.text.ffi`. When WeasyPrint
changes, this module is the one to read again; `version_problem` says so on every build.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

import pydyf
import weasyprint
from weasyprint import Document
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration

from handouts.errors import HandoutError, Problem

WRITTEN_FOR = 70  # the WeasyPrint major version these internals were read from
FIT_CLASS = "fit"  # elements with this class have a fixed size their text must stay inside
TOLERANCE = 0.5  # CSS px of rounding allowed before text counts as spilling over
ART_BLEED = 9  # points (1/8 in): how far print backgrounds run past the trim (css/print.css)


def version_problem() -> str | None:
    """What to say when the installed WeasyPrint is not the one this module was written for."""
    installed = weasyprint.__version__
    if installed.split(".")[0] == str(WRITTEN_FOR):
        return None
    return (f"WeasyPrint {installed} is installed, but the overflow check, the glyph check and "
            f"the print finishing were written for WeasyPrint {WRITTEN_FOR}: check the PDFs "
            "closely, or install the tested versions with `sh install.sh` "
            "(requirements.lock)")


def pango_version() -> tuple[int, int, int]:
    """The Pango library WeasyPrint loaded, e.g. (1, 50, 12)."""
    from weasyprint.text import ffi

    number = ffi.pango.pango_version()  # 15012 is 1.50.12
    return number // 10000, number // 100 % 100, number % 100


def has_harfbuzz_subset(at_least: tuple[int, int, int]) -> bool:
    """Whether WeasyPrint found HarfBuzz's subsetting library, at least this version."""
    from weasyprint.text import ffi

    return ffi.harfbuzz_subset is not None and bool(ffi.harfbuzz.hb_version_atleast(*at_least))


def internals_changed(exc: Exception) -> HandoutError:
    """The error for a WeasyPrint whose internals no longer look the way this module expects."""
    said = version_problem() or f"WeasyPrint {weasyprint.__version__}'s internals changed"
    return HandoutError(Problem(f"{said} ({type(exc).__name__}: {exc})"))


def _walk(box: boxes.Box) -> Iterator[boxes.Box]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _walk(child)


def _text(box: boxes.Box) -> str:
    if isinstance(box, boxes.TextBox):
        return box.text
    return "".join(_text(child) for child in getattr(box, "children", ()))


def _element_text(box: boxes.Box) -> str:
    element = getattr(box, "element", None)
    text = " ".join("".join(element.itertext()).split()) if element is not None else _text(box)
    return text if len(text) <= 90 else text[:87] + "..."


def _classes(box: boxes.Box) -> list[str]:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) is None:
        return []
    return (element.get("class") or "").split()


def _drawn(char: str) -> bool:
    """Whether a character needs a glyph: controls, bidi marks and spaces do not."""
    return unicodedata.category(char) not in ("Cc", "Cf", "Zs", "Zl", "Zp")


def missing_glyphs(document: Document, covered: Container[int]) -> dict[str, list[str]]:
    """Each character on the pages that is not in `covered` -> the strings it appears in."""
    found: dict[str, list[str]] = {}
    try:
        for page in document.pages:
            for box in _walk(page._page_box):
                if isinstance(box, boxes.TextBox):
                    for char in box.text:
                        if ord(char) not in covered and _drawn(char):
                            strings = found.setdefault(char, [])
                            if (text := _element_text(box)) not in strings:
                                strings.append(text)
    except AttributeError as exc:
        raise internals_changed(exc) from None
    return found


def find_overflow(document: Document, *, pages: int, fixed: bool) -> list[str]:
    """Describe every string that spills out of its fixed box or onto a page too many."""
    try:
        return _overflow(document, pages, fixed)
    except AttributeError as exc:
        raise internals_changed(exc) from None


def _overflow(document: Document, pages: int, fixed: bool) -> list[str]:
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


@dataclass(frozen=True)
class Piece:
    """One text box as a reader meets it: what it says, in the order it is drawn, and whether
    it can be seen at all."""

    element: Element | None  # the HTML element its text comes from; None for generated text
    text: str  # in the order the HTML has it
    shown: str  # as drawn, left to right, with the direction resolved as Pango displays it
    page: int  # 1 for the first page
    left: float  # where it is drawn on its line, in CSS px from the page's left edge
    visible: bool  # on the sheet (inside the trim), inside every clipping box, not hidden
    repeated: bool  # in a page margin or fixed: drawn again on every page


@dataclass(frozen=True)
class Reading:
    """The text of laid-out pages: the HTML they were laid out from, and every line."""

    root: Element
    lines: list[list[Piece]]  # in reading order, each line's pieces in the HTML's order


_Area = tuple[float, float, float, float]  # left, top, right, bottom in CSS px

# Bidi classes that make a text box's drawn order differ from its stored order.
_REORDERING = frozenset(("R", "AL", "AN", "RLE", "RLO", "LRE", "LRO", "PDF", "RLI", "LRI",
                         "FSI", "PDI"))


def read_pages(document: Document) -> Reading:
    """Every line of every page, as drawn, and which text is hidden or clipped away."""
    try:
        lines: list[list[Piece]] = []
        for number, page in enumerate(document.pages, start=1):
            box = page._page_box
            sheet = (0.0, 0.0, box.margin_width(), box.margin_height())
            _read_box(box, number, sheet, False, lines)
        return Reading(document._html.etree_element, lines)
    except AttributeError as exc:
        raise internals_changed(exc) from None


def _read_box(box: boxes.Box, page: int, clip: _Area,
              repeated: bool, lines: list[list[Piece]]) -> None:
    if isinstance(box, boxes.LineBox):
        if pieces := [_piece(text, area, page, repeated) for text, area in _text_boxes(box, clip)]:
            lines.append(pieces)
        return
    repeated = repeated or isinstance(box, boxes.MarginBox) or box.style["position"] == "fixed"
    if box.style["overflow"] != "visible" and not isinstance(box, boxes.PageBox):
        clip = _clipped(clip, box)
    for child in getattr(box, "children", ()):
        _read_box(child, page, clip, repeated, lines)


def _text_boxes(box: boxes.Box, clip: _Area
                ) -> Iterator[tuple[boxes.TextBox, _Area]]:
    """The text boxes of a line, each with the clipping area it is drawn in."""
    if isinstance(box, boxes.TextBox):
        yield box, clip
        return
    if box.style["overflow"] != "visible" and not isinstance(box, boxes.LineBox):
        clip = _clipped(clip, box)
    for child in getattr(box, "children", ()):
        yield from _text_boxes(child, clip)


def _clipped(area: _Area, box: boxes.Box) -> _Area:
    """What is left of `area` inside a box that hides its overflow (its padding box, as
    WeasyPrint clips when it draws)."""
    left, top = box.padding_box_x(), box.padding_box_y()
    return (max(area[0], left), max(area[1], top), min(area[2], left + box.padding_width()),
            min(area[3], top + box.padding_height()))


def _piece(box: boxes.TextBox, clip: _Area, page: int,
           repeated: bool) -> Piece:
    left, top = box.position_x, box.position_y
    right, bottom = left + box.margin_width(), top + box.margin_height()
    visible = (box.style["visibility"] == "visible" and box.style["font_size"] > 0
               and left >= clip[0] - TOLERANCE and top >= clip[1] - TOLERANCE
               and right <= clip[2] + TOLERANCE and bottom <= clip[3] + TOLERANCE)
    generated = "::" in (box.element_tag or "")
    text = box.text
    shown = _as_drawn(box) if box.style["direction"] == "rtl" or any(
        unicodedata.bidirectional(c) in _REORDERING for c in text) else text
    return Piece(None if generated else box.element, text, shown, page, left, visible, repeated)


def _as_drawn(box: boxes.TextBox) -> str:
    """A text box's characters in the order Pango draws them: its runs left to right, each
    right-to-left run reversed (what the PDF shows, whatever controls the text holds)."""
    from weasyprint.text.ffi import ffi

    layout = box.pango_layout
    layout.reactivate(box.style)
    try:
        line, _ = layout.get_first_line()
        utf8 = layout.text.encode()
        parts = []
        run = line.runs
        while run != ffi.NULL:
            item = run.data.item
            chunk = utf8[item.offset:item.offset + item.length].decode()
            parts.append(chunk[::-1] if item.analysis.level % 2 else chunk)
            run = run.next
    finally:
        layout.deactivate()
    return "".join(parts)


def font_folder(config: FontConfiguration) -> str | None:
    """The temporary folder WeasyPrint copies @font-face fonts into (made on first use)."""
    return getattr(config, "_folder", None)


def forget_font_folder(config: FontConfiguration) -> None:
    """Make a configuration inherited from a parent process leave the parent's folder alone."""
    config._folder = None


def finisher(seed: bytes, default_rgb: Path | None) -> Callable[[Document, pydyf.PDF], None]:
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
