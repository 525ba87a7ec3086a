"""Every use of WeasyPrint's internals, in one place, checked against the version they fit.

WeasyPrint's public API lays out and writes a document; it has no public way to ask which
text a box holds, whether a line spills out of its box, to change a PDF object before it is
written, or which Pango and HarfBuzz it loaded. These do that by reading the laid-out page
boxes (`Page._page_box`), the pydyf objects a `finisher` is given, which structure element
each box became (`weasyprint.pdf.tags`), the font folder a `FontConfiguration` keeps, and the C
libraries behind `weasyprint.text.ffi`. When WeasyPrint changes, this module is the one to
read again; `version_problem` says so on every build.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import unicodedata
import zlib
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
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


class _ArraysOfAnyLength:
    """WeasyPrint's C bindings as its font subsetting sees them, where an array of a given
    length is made as an array of unstated length, which is the same array.

    The subsetting makes each array of glyph ids as `hb_codepoint_t[<its length>]`, and cffi
    parses a C type (with pycparser) the first time it meets its name: about 2 ms for each new
    length, some 30 times in a build of ten handouts. `hb_codepoint_t[]` is parsed once.
    """

    _SIZED = re.compile(r"(\w+)\[(\d+)\]")

    def __init__(self, ffi: Any) -> None:
        self._ffi = ffi

    def new(self, cdecl: str, init: Any = None) -> Any:
        sized = self._SIZED.fullmatch(cdecl)
        if sized and isinstance(init, list | tuple) and len(init) == int(sized[2]):
            cdecl = f"{sized[1]}[]"
        return self._ffi.new(cdecl) if init is None else self._ffi.new(cdecl, init)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ffi, name)


def subset_arrays_parsed_once() -> None:
    """Make WeasyPrint's font subsetting, in this process, parse its array type once."""
    from weasyprint.pdf import fonts

    if not isinstance(fonts.ffi, _ArraysOfAnyLength):
        fonts.ffi = _ArraysOfAnyLength(fonts.ffi)


def internals_changed(exc: Exception) -> HandoutError:
    """The error for a WeasyPrint whose internals no longer look the way this module expects."""
    said = version_problem() or f"WeasyPrint {weasyprint.__version__}'s internals changed"
    return HandoutError(Problem(f"{said} ({type(exc).__name__}: {exc})"))


def _walk(box: boxes.Box) -> Iterator[boxes.Box]:
    """`box` and every box under it, in document order."""
    stack = [box]
    while stack:
        box = stack.pop()
        yield box
        stack.extend(reversed(getattr(box, "children", ())))


def _text(box: boxes.Box) -> str:
    if isinstance(box, boxes.TextBox):
        return box.text
    return "".join(_text(child) for child in getattr(box, "children", ()))


_BREAK_MARKS = dict.fromkeys(map(ord, "\u200b\u2060"))  # render/khmer.py, render/nobreak.py


def _element_text(box: boxes.Box) -> str:
    element = getattr(box, "element", None)
    text = " ".join("".join(element.itertext()).split()) if element is not None else _text(box)
    text = text.translate(_BREAK_MARKS)
    return text if len(text) <= 90 else text[:87] + "..."


def _classes(box: boxes.Box) -> list[str]:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) is None:
        return []
    return (element.get("class") or "").split()


def needs_glyph(char: str) -> bool:
    """Whether a character needs a glyph: controls, bidi marks and spaces do not."""
    return unicodedata.category(char) not in ("Cc", "Cf", "Zs", "Zl", "Zp")


def missing_glyphs(document: Document, covered: Container[int]) -> dict[str, list[str]]:
    """Each character on the pages that is not in `covered` -> the strings it appears in."""
    found: dict[str, list[str]] = {}
    drawn: set[str] = set()  # characters met that a font has, or that need no glyph
    try:
        for page in document.pages:
            for box in _walk(page._page_box):
                if isinstance(box, boxes.TextBox) and not drawn.issuperset(box.text):
                    for char in box.text:
                        if char in drawn:
                            continue
                        if ord(char) in covered or not needs_glyph(char):
                            drawn.add(char)
                            continue
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


ART_CLASSES = ("qr", "icon")  # a QR code with its caption, a drawn icon: no text may cover them
STAMP_CLASS = "draft-mark"  # a page's draft stamp is meant to lie over everything
CARD_STAMP_CLASS = "card-stamp"  # a card's stamp may lie over words, never over a number
NUMBER_CLASS = "phone"  # a phone or text number's link


def find_collisions(document: Document) -> list[str]:
    """Describe every string whose text touches or covers a QR code or an icon, and every
    card stamp that covers a number.

    A word too long for its column spills sideways out of its box (a grid cell, a panel);
    where a QR code or an icon is drawn there, the two overprint and neither can be read or
    scanned. The overflow check only sees text leaving a box of class "fit".
    """
    try:
        return _collisions(document)
    except AttributeError as exc:
        raise internals_changed(exc) from None


SAFE_ZONE = 12  # CSS px (1/8 in, 9 pt): the band inside the trim a print shop keeps text out of
CUT_CLASS = "card"  # elements cut out on their own: their box is a trim plus 1/8 in bleed


def find_unsafe_text(document: Document) -> list[str]:
    """Describe every string whose letters come closer than 1/8 in to a trimmed edge.

    A guillotine cut can wander by a millimetre or two, so print shops keep text at least
    1/8 in (9 pt) inside the trim. The trim is the page's edge, or, for an element with class
    `card` (a card on a sheet of cards), that card's own: its box less 1/8 in of bleed. The
    letters are measured as drawn (their ink), so a translation's accents count. A draft's
    stamp (turned, across the page, or a card's own) is not the handout's text and never goes
    to a shop.
    """
    try:
        return _unsafe_text(document)
    except AttributeError as exc:
        raise internals_changed(exc) from None


Rect = tuple[float, float, float, float]  # left, top, right, bottom in CSS px


def _meet(a: Rect, b: Rect) -> bool:
    return (a[0] < b[2] + TOLERANCE and a[2] > b[0] - TOLERANCE
            and a[1] < b[3] - TOLERANCE and a[3] > b[1] + TOLERANCE)


def _collisions(document: Document) -> list[str]:
    found: list[str] = []
    for number, page in enumerate(document.pages, start=1):
        seen: dict[str, list[tuple[Rect, boxes.Box]]] = {
            "art": [], "number": [], "text": [], "stamp": []}
        _art_and_text(page._page_box, seen, inside="")
        arts = [(rect, f"the {_art_name(art)}") for rect, art in seen["art"]]
        numbers = [(rect, f"the number {_text(digits).strip()}")
                   for rect, digits in seen["number"]]
        for texts, others in ((seen["text"] + seen["stamp"], arts), (seen["stamp"], numbers)):
            for rect, box in texts:
                for other, name in others:
                    if _meet(rect, other) and (said := f'page {number}: "{_element_text(box)}" '
                                                       f"runs into {name}") not in found:
                        found.append(said)
    return found


def _art_name(art: boxes.Box) -> str:
    return "QR code" if "qr" in _classes(art) else "icon"


def _border(box: boxes.Box) -> Rect:
    return (box.border_box_x(), box.border_box_y(), box.border_box_x() + box.border_width(),
            box.border_box_y() + box.border_height())


def _art_and_text(box: boxes.Box, seen: dict[str, list[tuple[Rect, boxes.Box]]], *,
                  inside: str) -> None:
    """Sort the boxes under `box`: art, numbers, text, a card stamp's text (`inside` says which
    of art, number or stamp an ancestor was)."""
    classes = _classes(box)
    if STAMP_CLASS in classes:
        return
    if not inside:
        if any(name in classes for name in ART_CLASSES):
            seen["art"].append((_border(box), box))
            inside = "art"
        elif NUMBER_CLASS in classes:
            seen["number"].append((_border(box), box))
            inside = "number"
        elif CARD_STAMP_CLASS in classes:
            inside = "stamp"
    if isinstance(box, boxes.TextBox) and inside != "art" and box.text.strip():
        # the letters, not the line's leading: from about the capital height above the
        # baseline to the descenders below it
        size = box.style["font_size"]
        baseline = box.position_y + box.baseline
        seen["stamp" if inside == "stamp" else "text"].append(
            ((box.position_x, baseline - 0.7 * size, box.position_x + box.width,
              baseline + 0.2 * size), box))
    for child in getattr(box, "children", ()):
        _art_and_text(child, seen, inside=inside)


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


def _unsafe_text(document: Document) -> list[str]:
    found: list[str] = []
    for number, page in enumerate(document.pages, start=1):
        trim = (0.0, 0.0, page.width, page.height)
        for text, left, top, right, bottom in _text_extents(page._page_box, trim):
            near = min(text.position_x - left, text.position_y - top,
                       right - (text.position_x + text.width),
                       bottom - (text.position_y + text.height))
            if near > SAFE_ZONE + text.style["font_size"]:  # letters reach about 1 em past it
                continue
            ink_left, ink_top, ink_right, ink_bottom = _ink(text)
            gap = min(ink_left - left, ink_top - top, right - ink_right, bottom - ink_bottom)
            if gap < SAFE_ZONE - TOLERANCE:
                words = _element_text(text)
                if not any(words in said for said in found[-3:]):
                    found.append(f'page {number}: "{words}" comes {max(gap, 0) * 0.75:.1f} pt '
                                 f"from the trimmed edge, where at least 9 pt (1/8 in) must stay "
                                 "clear")
    return found


def _ink(text: boxes.TextBox) -> tuple[float, float, float, float]:
    """Where a text box's letters put ink on the page (left, top, right, bottom, CSS px).

    The glyphs themselves, accents and descenders included, as Pango measures them; the
    box's own height is the line's, which tight line spacing makes smaller than the letters.
    """
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    layout = text.pango_layout
    layout.reactivate(text.style)  # as drawing does: laid-out boxes keep only the text
    try:
        line, _ = layout.get_first_line()
        ink = ffi.new("PangoRectangle *")
        pango.pango_layout_line_get_extents(line, ink, ffi.NULL)
    finally:
        layout.deactivate()
    left = text.position_x + ink.x * FROM_UNITS
    top = text.position_y + text.baseline + ink.y * FROM_UNITS
    return left, top, left + ink.width * FROM_UNITS, top + ink.height * FROM_UNITS


def _text_extents(box: boxes.Box, trim: tuple[float, float, float, float]
                  ) -> Iterator[tuple[boxes.TextBox, float, float, float, float]]:
    """Every text box with letters in it, with the trim it must keep clear of."""
    if STAMP_CLASS in _classes(box) or CARD_STAMP_CLASS in _classes(box):
        return
    if CUT_CLASS in _classes(box):
        trim = (box.border_box_x() + SAFE_ZONE, box.border_box_y() + SAFE_ZONE,
                box.border_box_x() + box.border_width() - SAFE_ZONE,
                box.border_box_y() + box.border_height() - SAFE_ZONE)
    if isinstance(box, boxes.TextBox) and box.text.strip():
        yield (box, *trim)
    for child in getattr(box, "children", ()):
        yield from _text_extents(child, trim)


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
                if obj.extra.get("Type") == "/Metadata":  # the XMP: not every page's drawing
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


def serialized_once(document: Document, pdf: pydyf.PDF) -> None:
    """A finishing step: while the PDF is written, each of its objects is serialized once.

    Given a file identifier, pydyf writes every object, then serializes them all again to
    hash them for the identifier's second half: every page's drawing and font deflated twice,
    a sixth of the time it takes to write a PDF. Nothing changes an object between the two,
    so the second time is given the first's bytes.
    """
    write = pdf.write

    def write_once(*args: Any, **kwargs: Any) -> None:
        with _data_once():
            write(*args, **kwargs)

    pdf.write = write_once


@contextlib.contextmanager
def _data_once() -> Iterator[None]:
    """While it lasts, an indirect object's (a numbered one's) bytes are made once."""
    made: dict[int, tuple[pydyf.Object, bytes]] = {}  # id -> the object (so the id stays its)
    properties = {kind: kind.__dict__["data"] for kind in (pydyf.Dictionary, pydyf.Stream)}

    def once(data: Callable[[pydyf.Object], bytes]) -> property:
        def made_once(obj: pydyf.Object) -> bytes:
            if obj.number is None:  # a direct object, perhaps made for the moment
                return data(obj)
            if (found := made.get(id(obj))) is None:
                found = made[id(obj)] = (obj, data(obj))
            return found[1]
        return property(made_once)

    for kind, data in properties.items():
        kind.data = once(data.fget)
    try:
        yield
    finally:
        for kind, data in properties.items():
            kind.data = data


LARGE_STREAM = 64 * 1024  # bytes: an embedded colour profile, not a page's drawing


def compressed_once(compressed: dict[bytes, bytes]) -> Callable[[Document, pydyf.PDF], None]:
    """A finishing step that deflates each large stream once per typesetter, not once per PDF.

    Every print PDF embeds the same 370 KB CMYK profile (its output intent), and deflating it
    as pydyf does (level 9) took longer than writing the rest of a card. The bytes are those
    pydyf would write: the same compression, the same /Filter, only done once.
    """
    def finish(document: Document, pdf: pydyf.PDF) -> None:
        for obj in pdf.objects:
            chunks = getattr(obj, "stream", None)
            if not (isinstance(obj, pydyf.Stream) and obj.compress and isinstance(chunks, list)
                    and len(chunks) == 1 and isinstance(chunks[0], bytes)
                    and len(chunks[0]) >= LARGE_STREAM):
                continue
            raw = chunks[0]
            if raw not in compressed:
                deflate = zlib.compressobj(level=9)  # pydyf.Stream.data's own settings
                compressed[raw] = deflate.compress(raw) + deflate.flush()
            obj.stream, obj.compress = [compressed[raw]], False
            obj.extra["Filter"] = "/FlateDecode"

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


# ------------------------------------------------------------------ the desk PDF's structure
# WeasyPrint 70 tags a PDF from the box tree (`weasyprint.pdf.tags`): one structure element a
# box, in document order, with none of the HTML's accessibility attributes. These carry them
# over, so the HTML says what a screen reader gets:
#   aria-hidden="true"  -> an artifact: its content is marked /Artifact and its structure
#                          elements and link annotations are removed (decoration, a draft's
#                          stamp, the repeated cards of a sheet); so is what WeasyPrint tags
#                          but leaves out of the tree: the page's margin boxes (running
#                          footers, page numbers), which PDF/UA wants as artifacts;
#   lang="..."          -> /Lang on the element (a notice's Spanish section);
#   aria-label on <a>   -> the link annotation's /Contents, said instead of a raw tel: address
#                          (a linked picture, such as a QR code, has its own annotation: its
#                          alt text).
Finishing = Callable[[Document, pydyf.PDF], None]
Made = list[tuple[boxes.Box, pydyf.Dictionary]]  # each box, and a structure element it made


@contextlib.contextmanager
def structure_fixes() -> Iterator[Finishing]:
    """A finishing step that applies the HTML's accessibility attributes to the structure tree.

    While the PDF is written, WeasyPrint's tree builder is wrapped to note which structure
    element each box became; WeasyPrint keeps no such link, and the step needs it to find an
    element's structure and marked content. A print PDF (not tagged) is left as it is.
    """
    from weasyprint.pdf import tags

    try:
        original = tags._build_box_tree
    except AttributeError as exc:
        raise internals_changed(exc) from None
    made: Made = []

    def noting(box: boxes.Box, *args: object) -> Iterator[pydyf.Dictionary]:
        for element in original(box, *args):
            made.append((box, element))
            yield element

    tags._build_box_tree = noting
    try:
        yield lambda document, pdf: _apply_html_semantics(pdf, made)
    finally:
        tags._build_box_tree = original


# ------------------------------------------------------------------ stylesheets, parsed once
# WeasyPrint parses every stylesheet a document links each time it lays one out, @font-face
# rules and all: about a third of the time it takes to style a page, paid again for every
# copyfit step. A typesetter keeps what it parsed (`Stylesheets`) and hands the same parsed
# sheets to the next document that links the same ones; parsed again, they would be the same.
@dataclass
class _Parsed:
    sheets: list[object]  # weasyprint.CSS, in the document's order
    color_profiles: dict[str, object]  # what parsing added to the render's dictionaries
    counter_styles: dict[str, object]


Stylesheets = dict[tuple[object, ...], _Parsed]


def _stylesheet_key(element: Element) -> tuple[object, ...]:
    """What makes a <link> or <style> the stylesheet it is, within one project and process."""
    return (element.tag, tuple(sorted(element.attrib.items())), element.text)


class AnyMessage(logging.Handler):
    """Notes whether WeasyPrint said anything (a warning or worse) while it was attached."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen = False

    def emit(self, record: logging.LogRecord) -> None:
        self.seen = True


def _fresh(profile: Any, url_fetcher: Any) -> object:
    """A new copy of an @color-profile's profile, read again from its file.

    Each PDF gets its own: the profile object changes as a PDF uses it, and a second PDF
    written with the same object would embed different bytes.
    """
    from weasyprint.css import ColorProfile
    from weasyprint.urls import fetch

    with fetch(url_fetcher, profile.src) as response:
        return ColorProfile(response, profile.src, profile.rendering_intent, profile.components)


@contextlib.contextmanager
def stylesheets_parsed_once(parsed: Stylesheets) -> Iterator[None]:
    """While laying out, reuse the sheets in `parsed` and keep what is parsed for the first time.

    A parse that logged anything (a rule WeasyPrint ignored, a file it could not load) is not
    kept: the next document parses it again and reports it again.
    """
    from weasyprint import css

    try:
        original = css.find_stylesheets
    except AttributeError as exc:
        raise internals_changed(exc) from None

    def reusing(wrapper_element: Any, media_type: str, url_fetcher: Any, base_url: str,
                font_config: FontConfiguration, counter_style: dict[str, object],
                color_profiles: dict[str, object], *lists: list[object]) -> list[object]:
        key = (media_type, base_url, id(font_config), *(
            _stylesheet_key(w.etree_element) for w in wrapper_element.query_all("style", "link")))
        if (found := parsed.get(key)) is None:
            profiles, counters = dict(color_profiles), dict(counter_style)
            logger = logging.getLogger("weasyprint")
            said = AnyMessage()
            logger.addHandler(said)
            try:  # `lists`: the document's @page rules and cascade layers, filled while parsing
                sheets = list(original(wrapper_element, media_type, url_fetcher, base_url,
                                       font_config, counter_style, color_profiles, *lists))
            finally:
                logger.removeHandler(said)
            found = _Parsed(
                sheets,
                {k: v for k, v in color_profiles.items() if profiles.get(k) is not v},
                {k: v for k, v in counter_style.items() if counters.get(k) is not v})
            if not said.seen:
                parsed[key] = found
            return found.sheets
        color_profiles.update({name: _fresh(profile, url_fetcher)
                               for name, profile in found.color_profiles.items()})
        counter_style.update(found.counter_styles)
        return found.sheets

    css.find_stylesheets = reusing
    try:
        yield
    finally:
        css.find_stylesheets = original


def in_turn(*steps: Finishing) -> Finishing:
    """One finisher that runs each step in order."""
    def finish(document: Document, pdf: pydyf.PDF) -> None:
        for step in steps:
            step(document, pdf)
    return finish


def _own_element(box: boxes.Box) -> Element | None:
    """The HTML element a structure element was made for; None for the page, html and body,
    whose boxes only pass their children's elements on."""
    if isinstance(box, boxes.PageBox) or getattr(box, "element_tag", None) in ("html", "body"):
        return None
    return getattr(box, "element", None)


def _apply_html_semantics(pdf: pydyf.PDF, made: Made) -> None:
    if "StructTreeRoot" not in pdf.catalog:
        return  # not tagged: a print PDF
    root = _resolve(pdf, pdf.catalog["StructTreeRoot"])
    in_tree = _reachable(pdf, root)
    hidden = [element for _, element in made if id(element) not in in_tree]
    for box, element in made:
        html = _own_element(box)
        if html is None:
            continue
        if html.get("aria-hidden") == "true":
            hidden.append(element)
        if lang := html.get("lang"):
            element["Lang"] = pydyf.String(lang)
        label = html.get("aria-label") or html.get("alt")
        if label and box.link_annotation is not None:
            box.link_annotation["Contents"] = pydyf.String(label)
    _make_artifacts(pdf, hidden)


def _reachable(pdf: pydyf.PDF, root: pydyf.Dictionary) -> set[int]:
    """The ids of the structure elements a reader reaches from `root`."""
    found: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        found.add(id(node))
        for kid in node.get("K", ()):
            if isinstance(kid, bytes) and isinstance(element := _resolve(pdf, kid), dict):
                stack.append(element)
    return found


def _make_artifacts(pdf: pydyf.PDF, elements: list[pydyf.Dictionary]) -> None:
    """Take `elements` out of the structure tree, their content marked as artifacts."""
    pages = {reference: number for number, reference in enumerate(pdf.page_references)}
    mcids: dict[int, set[int]] = {}  # page number -> marked-content ids to unmark
    annotations: list[tuple[int, pydyf.Dictionary]] = []  # (page number, link annotation)
    seen: set[int] = set()
    for element in elements:
        parent = _resolve(pdf, element["P"])
        if isinstance(parent, dict) and element.reference in parent.get("K", ()):
            parent["K"].remove(element.reference)
        stack = [element]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            for kid in node.get("K", ()):
                if isinstance(kid, int):
                    mcids.setdefault(pages[node["Pg"]], set()).add(kid)
                    continue
                found = _resolve(pdf, kid)
                if isinstance(found, dict) and found.get("Type") == "/OBJR":
                    annotations.append((pages[found["Pg"]], _resolve(pdf, found["Obj"])))
                elif isinstance(found, dict):
                    stack.append(found)
    # The parent tree maps each page's marked content, and each annotation, to its element:
    # [page 0, [element of MCID 0, ...], ..., StructParent of an annotation, its element, ...]
    nums = _resolve(pdf, _resolve(pdf, pdf.catalog["StructTreeRoot"])["ParentTree"])["Nums"]
    keys = nums[0::2]
    for page, ids in mcids.items():
        _unmark(_resolve(pdf, _resolve(pdf, pdf.page_references[page])["Contents"]), ids)
        for mcid in ids:
            nums[2 * keys.index(page) + 1][mcid] = b"null"
    for page, annotation in annotations:
        _resolve(pdf, pdf.page_references[page])["Annots"].remove(annotation.reference)
        nums[2 * keys.index(annotation.pop("StructParent")) + 1] = b"null"


def _unmark(stream: pydyf.Stream, ids: set[int]) -> None:
    """Turn the marked-content sequences with these ids into artifacts, in place.

    WeasyPrint opens each as three items: the tag ("/Span"), a property list holding the
    MCID, and BDC; an artifact is "/Artifact BMC", closed by the same EMC. A span's
    /ActualText (pdf/actual_text.py) stays with it, so a running footer in Khmer still reads
    back as typed: "/Artifact <</ActualText ...>> BDC".
    """
    items = stream.stream
    for i in range(len(items) - 1, 0, -1):
        item = items[i]
        if (isinstance(item, pydyf.Dictionary) and item.get("MCID") in ids
                and items[i + 1] == b"BDC"):
            if "ActualText" in item:
                items[i - 1:i + 2] = [
                    "/Artifact", pydyf.Dictionary({"ActualText": item["ActualText"]}), b"BDC"]
            else:
                items[i - 1:i + 2] = ["/Artifact", b"BMC"]


def name_subsets_by_glyphs(document: Document, pdf: pydyf.PDF) -> None:
    """Give each embedded font a subset tag (the six letters before `+`) made from its glyphs.

    WeasyPrint makes the tag from the font's name and size, so the same tag names different
    subsets in different PDFs; a RIP that gangs two jobs on one sheet can then take one file's
    subset for the other's and drop glyphs. A hash of the embedded font program itself never
    names two different programs.
    """
    renamed: dict[object, bytes] = {}
    for obj in pdf.objects:
        if not (isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/FontDescriptor"):
            continue
        program = _resolve(pdf, obj.get("FontFile2") or obj.get("FontFile3"))
        chunks = getattr(program, "stream", None)
        old = obj.get("FontName")
        if not isinstance(chunks, list) or not isinstance(old, bytes) or b"+" not in old:
            continue
        digest = hashlib.blake2b(b"".join(c for c in chunks if isinstance(c, bytes)),
                                 digest_size=6).digest()
        tag = bytes(65 + byte % 26 for byte in digest)
        renamed[old] = obj["FontName"] = b"/" + tag + b"+" + old.split(b"+", 1)[1]
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Font" and \
                obj.get("BaseFont") in renamed:
            obj["BaseFont"] = renamed[obj["BaseFont"]]


# The output condition a GRACoL print shop's RIP recognises by name: the ICC registry's entry
# for the CGATS TR 006 data the profile in templates/color/ was built from.
OUTPUT_CONDITION = "CGATS TR 006"
OUTPUT_REGISTRY = "http://www.color.org"
PDFX_VERSION = "PDF/X-4"


def finish_for_press(document: Document, pdf: pydyf.PDF) -> None:
    """What a print shop's preflight and RIP look for, beyond what WeasyPrint writes.

    - No annotations: links belong to the desk edition; preflight flags annotations inside
      the trim.
    - The registered output condition (CGATS TR 006 in the color.org registry), the PDF/X
      version in the Info dictionary as well as the XMP (some RIPs and imposition tools read
      only Info), rendition class "default", and no GTS_PDFXConformance (X-1a and X-3 only).
    - A sheet of cards (`sheet_boxes`) says where its cards are.
    """
    sheet_boxes(document, pdf)
    for obj in pdf.objects:
        chunks = getattr(obj, "stream", None)
        if isinstance(chunks, list) and obj.extra.get("Type") == "/Metadata":
            obj.stream = [_press_xmp(c) if isinstance(c, bytes) else c for c in chunks]
        elif isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Page":
            obj.pop("Annots", None)
    pdf.info["GTS_PDFXVersion"] = pydyf.String(PDFX_VERSION)
    for intent in _resolve(pdf, pdf.catalog.get("OutputIntents")) or ():
        intent = _resolve(pdf, intent)
        if isinstance(intent, dict) and intent.get("S") == "/GTS_PDFX":
            intent["OutputCondition"] = intent.get("Info", pydyf.String(OUTPUT_CONDITION))
            intent["OutputConditionIdentifier"] = pydyf.String(OUTPUT_CONDITION)
            intent["RegistryName"] = pydyf.String(OUTPUT_REGISTRY)


def _press_xmp(chunk: bytes) -> bytes:
    chunk = re.sub(rb"<pdfx:GTS_PDFXConformance>[^<]*</pdfx:GTS_PDFXConformance>", b"", chunk)
    return chunk.replace(b"<xmpMM:RenditionClass>proof:pdf</xmpMM:RenditionClass>",
                         b"<xmpMM:RenditionClass>default</xmpMM:RenditionClass>")


def sheet_boxes(document: Document, pdf: pydyf.PDF) -> None:
    """On a page imposed with cards (class `card`, each with its own bleed) and no bleed of
    its own, the TrimBox spans the cards' trims and the BleedBox the cards with their bleed.

    WeasyPrint would leave both the whole sheet, which tells imposition software the job is
    a Letter page with no bleed and its cut marks inside the art.
    """
    kids = pdf.pages["Kids"]  # pydyf keeps references as flat triples: number, 0, "R"
    for page, number in zip(document.pages, kids[::3], strict=True):
        obj = pdf.objects[number]
        if not isinstance(obj, dict) or \
                list(obj.get("TrimBox", obj["MediaBox"])) != list(obj["MediaBox"]):
            continue
        cards = [(b.border_box_x(), b.border_box_y(), b.border_box_x() + b.border_width(),
                  b.border_box_y() + b.border_height())
                 for b in _walk(page._page_box) if CUT_CLASS in _classes(b)]
        if cards:
            span = (min(c[0] for c in cards), min(c[1] for c in cards),
                    max(c[2] for c in cards), max(c[3] for c in cards))
            origin = (obj["MediaBox"][0], obj["MediaBox"][3])
            obj["BleedBox"] = _pdf_box(span, origin, 0)
            obj["TrimBox"] = _pdf_box(span, origin, ART_BLEED / 0.75)


def _pdf_box(span: tuple[float, float, float, float], origin: tuple[float, float],
             inset: float) -> pydyf.Array:
    """A page box in PDF points (y up from `origin`, the page's top left) for a rectangle of
    the layout (CSS px, y down), `inset` px smaller on every side."""
    left, top = origin
    x0, y0, x1, y1 = (v * 0.75 for v in (span[0] + inset, span[1] + inset,
                                          span[2] - inset, span[3] - inset))
    return pydyf.Array([round(left + x0, 3), round(top - y1, 3),
                        round(left + x1, 3), round(top - y0, 3)])
