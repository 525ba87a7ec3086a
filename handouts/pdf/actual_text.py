"""The text of a tagged PDF reads back as it was typed, in every script.

A PDF reader extracts text from each font's ToUnicode map, which WeasyPrint fills one entry per
glyph. Where shaping reorders or merges characters (a Khmer vowel written before its
consonant, subscript clusters, ligatures) copying, searching and screen readers get the wrong
text ("ខោនធី ឡូសអាន់ ជឺ ឡស" for "ខោនធីឡូសអាន់ជឺឡេស"). PDF's remedy is an /ActualText entry on
the marked-content span around the run (ISO 32000-1, 14.9.4), which poppler, PDFium and
Acrobat read instead of the glyphs. A tagged (PDF/UA) PDF already wraps every line of text of
an element in a /Span with its MCID; this adds the span's text, less the invisible break marks
and joiners the renderer put in (render/khmer.py, render/nobreak.py), no-break spaces read as
spaces.

Arabic and Farsi need it too: the glyphs alone give lam-alef and other ligatures' letters in
the wrong order (a font maps a ligature to its letters once, in reading order, and a reader
turns the whole right-to-left run round) and lose Persian's zero-width non-joiner, which draws
no glyph. But PDFium (Chrome's and Edge's viewer) does not take a right-to-left line's
/ActualText as written: it runs a bidi pass of its own over the whole line. So once a line
holding right-to-left letters is drawn, its spans' /ActualText is rewritten, together, into
what that pass turns back into the line as typed (pdf/pdfium_order.py): Arabic mixed with
digits, Latin names and links included. poppler (`pdftotext`) reads /ActualText as written,
from left to right, and so gets such lines' words in reverse order.

It changes one method of WeasyPrint's PDF stream (`Stream.marked`) and wraps the function that
draws a line (`draw.draw_inline_level`), private APIs like those in pdf/weasy.py, written for
the same WeasyPrint major (weasy.WRITTEN_FOR).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, NamedTuple

import pydyf
from weasyprint import draw as weasy_draw
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import stream as weasy_stream

from handouts.pdf import pdfium_order

# invisible characters the renderer inserts -> what a reader should get
READ_AS = {0x200B: None, 0x2060: None, 0x00AD: None, 0x00A0: " ",
           **dict.fromkeys(range(0x2066, 0x206A))}  # isolates (render/bidi.py)
_RTL_MARKS = frozenset("\u200f\u202b\u202e\u2067")  # RLM, RLE, RLO, RLI
_TJ_PARTS = re.compile(rb"<([0-9a-fA-F]*)>|(-?[0-9.]+)")  # glyphs, or a move left
_INSTALLED = "_handouts_actual_text"
_DRAWN = "_handouts_spans_drawn"  # on a stream: TextBox -> _Drawn
_DEPTH = "_handouts_lines_open"  # on a stream: how many lines are being drawn, one in another
_LAST_RTL = "_handouts_last_rtl"  # on a stream: PDFium read the last line's end right to left


def install() -> None:
    """Make every tagged PDF written in this process carry each text span's own text."""
    cls = weasy_stream.Stream
    if getattr(cls, _INSTALLED, False):
        return
    original: Callable[..., AbstractContextManager[None]] = cls.marked
    draw_line: Callable[..., None] = weasy_draw.draw_inline_level

    @contextmanager
    def marked(self: Any, box: boxes.Box, tag: str) -> Iterator[None]:
        with original(self, box, tag):
            properties, text = None, box.text.translate(READ_AS) if \
                isinstance(box, boxes.TextBox) else ""
            if self._tags is not None and tag == "Span" and text and not _marked_only(box.text):
                properties = _add_actual_text(self, text)
            start = len(self.stream)
            yield
            if properties is not None:
                self.__dict__.setdefault(_DRAWN, {})[box] = _Drawn(properties, text, start,
                                                                   len(self.stream))

    def draw_inline_level(stream: Any, page: Any, box: boxes.Box, *args: Any,
                          **kwargs: Any) -> None:
        if not isinstance(box, boxes.LineBox):
            draw_line(stream, page, box, *args, **kwargs)
            return
        depth = stream.__dict__.get(_DEPTH, 0)  # the lines of an inline block are its line's
        setattr(stream, _DEPTH, depth + 1)
        try:
            draw_line(stream, page, box, *args, **kwargs)
        finally:
            setattr(stream, _DEPTH, depth)
        if not depth and getattr(stream, _DRAWN, None):
            last_rtl = _in_pdfium_order(stream, box, getattr(stream, _LAST_RTL, False))
            if last_rtl is not None:
                setattr(stream, _LAST_RTL, last_rtl)

    cls.marked = marked
    weasy_draw.draw_inline_level = draw_inline_level
    setattr(cls, _INSTALLED, True)


class _Drawn(NamedTuple):
    """A span drawn: its property list, its text, and where its operators start and end in
    the stream."""

    properties: pydyf.Dictionary
    text: str
    start: int
    end: int


def _in_pdfium_order(stream: Any, line: boxes.LineBox, after_rtl: bool) -> bool | None:
    """Rewrite the /ActualText of a drawn line's spans, if it holds right-to-left letters, so
    that PDFium reads the line back as typed; forget the line's spans. Whether PDFium reads
    the end of the line with a text object that draws right to left (None: no text, or
    none right to left, where it does not matter)."""
    drawn = stream.__dict__[_DRAWN]
    spans = [drawn.pop(box) for box in _text_boxes(line) if box in drawn]
    if not any(pdfium_order.has_right_to_left(span.text) for span in spans):
        return False if spans else None
    shown = [(span, _first_shown(stream, span.start, span.end)) for span in spans]
    shown = [(span, first) for span, first in shown if first is not None]
    order = [pdfium_order.Span(span.text, first) for span, first in shown]
    for (span, _), text in zip(shown, pdfium_order.actual_texts(order, after_rtl),
                               strict=True):
        span.properties["ActualText"] = pydyf.String(text)
    return pdfium_order.draws_right_to_left(max((first for _, first in shown),
                                                key=lambda first: first.x))


def _text_boxes(box: boxes.Box) -> Iterator[boxes.TextBox]:
    """The text boxes of a line, those of its inline blocks too, in the order they were typed
    (WeasyPrint keeps an inline's children in document order and places them right to left in
    a right-to-left box)."""
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.TextBox):
            yield child
        else:  # an inline box, or block; an inline block drawn as a stacking context
            yield from _text_boxes(getattr(child, "box", child))


def _first_shown(stream: Any, start: int, end: int) -> pdfium_order.Shown | None:
    """The first text object drawn from `start` to `end` that PDFium reads (the span's leftmost; a
    lone accent raised on its own, which does not advance, it leaves out), measured from the
    operators WeasyPrint wrote and the fonts' widths and glyph texts; None if there is none."""
    items, font, size, x = stream.stream, None, 0.0, 0.0
    for i in range(start, end):
        item = items[i]
        if _operator(item, b"Tm"):
            x = float(item.split()[4])
        elif _operator(item, b"Tf"):
            font, size = _font(stream, item)
        elif _operator(item, b"TJ"):
            if font is None:  # the font the span's text goes on with, set before it
                font, size = _font(stream, next(
                    (items[j] for j in range(start - 1, -1, -1) if _operator(items[j], b"Tf")),
                    b"/none 0 Tf"))
            if font is None:
                return None
            origin, glyphs = x, []  # each glyph's text, where it starts, width in 1/1000
            hex_digits = 2 if font.bitmap else 4
            for glyph_hex, number in _TJ_PARTS.findall(item):
                x -= float(number or 0) * size / 1000
                for k in range(0, len(glyph_hex), hex_digits):
                    glyph = int(glyph_hex[k:k + hex_digits], 16)
                    units = font.widths.get(glyph, 0)
                    glyphs.append((font.to_unicode.get(glyph) or chr(glyph), x, units))
                    x += units * size / 1000
            if sum(units for _, _, units in glyphs) > 0:
                (_, _, first_units), (last_text, last_x, last_units) = glyphs[0], glyphs[-1]
                return pdfium_order.Shown("".join(text[0] for text, _, _ in glyphs),
                                          last_text, origin, size, first_units, last_x,
                                          last_units)
    return None


def _operator(item: object, name: bytes) -> bool:
    return isinstance(item, bytes) and item.endswith(b" " + name)


def _font(stream: Any, set_font: bytes) -> tuple[Any, float]:
    """The WeasyPrint font and size a `/name size Tf` operator sets."""
    name, size = set_font.split()[:2]
    font = next((f for f in stream._fonts.values() if f.hash == name[1:].decode()), None)
    return font, float(size)


def _marked_only(text: str) -> bool:
    """Text made right to left by direction marks alone (the ar-XB pseudo-locale's Latin):
    left to its glyphs, which read as the marks order them."""
    return bool(_RTL_MARKS.intersection(text)) and not pdfium_order.has_right_to_left(
        "".join(c for c in text if c not in _RTL_MARKS))


def _add_actual_text(stream: Any, text: str) -> pydyf.Dictionary | None:
    """Put /ActualText into the property list `marked` has just opened (`/Span <<...>> BDC`)
    and return that list."""
    operands = stream.stream
    if len(operands) >= 2 and operands[-1] == b"BDC" and \
            isinstance(operands[-2], pydyf.Dictionary) and text:
        operands[-2]["ActualText"] = pydyf.String(text)
        return operands[-2]
    return None
