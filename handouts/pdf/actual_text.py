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
no glyph. But readers do not take a right-to-left span's /ActualText as written: PDFium
(Chrome's and Edge's viewer) reverses each run of letters or digits in it, and its own bidi
pass reorders the rest. So a span with right-to-left letters carries its text with each such
run already reversed (brackets mirrored), which PDFium reads back as typed; measured on every
Arabic and Farsi handout. A span is read this way when its first text object is drawn in the
span's own script's font, which is why Arabic pages take the Arabic font first, punctuation
and digits included (css/base.css). poppler (`pdftotext`) reverses the span as a whole
instead and reads such words in reverse order; where several spans share a line with numbers or
Latin names, PDFium can still put them out of order.

It changes one method of WeasyPrint's PDF stream (`Stream.marked`), a private API like those in
pdf/weasy.py, written for the same WeasyPrint major (weasy.WRITTEN_FOR).
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pydyf
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import stream as weasy_stream

# invisible characters the renderer inserts -> what a reader should get
READ_AS = {0x200B: None, 0x2060: None, 0x00AD: None, 0x00A0: " ",
           **dict.fromkeys(range(0x2066, 0x206A))}  # isolates (render/bidi.py)
# brackets a right-to-left line draws mirrored, and a reader mirrors back
_MIRRORED = str.maketrans("()[]{}<>\u00ab\u00bb\u2039\u203a", ")(][}{><\u00bb\u00ab\u203a\u2039")
# how a reader's own bidirectional pass classes a character (PDFium's CFX_BidiChar)
_DIRECTION = {"L": "L", "EN": "L", "AN": "L", "R": "R", "AL": "R"}
_RTL_MARKS = frozenset("\u200f\u202b\u202e\u2067")  # RLM, RLE, RLO, RLI
_INSTALLED = "_handouts_actual_text"


def install() -> None:
    """Make every tagged PDF written in this process carry each text span's own text."""
    cls = weasy_stream.Stream
    if getattr(cls, _INSTALLED, False):
        return
    original: Callable[..., AbstractContextManager[None]] = cls.marked

    @contextmanager
    def marked(self: Any, box: boxes.Box, tag: str) -> Iterator[None]:
        with original(self, box, tag):
            if self._tags is not None and tag == "Span" and isinstance(box, boxes.TextBox) \
                    and not _marked_only(box.text):
                _add_actual_text(self, as_read(box.text.translate(READ_AS)))
            yield

    cls.marked = marked
    setattr(cls, _INSTALLED, True)


def as_read(text: str) -> str:
    """The /ActualText that a reader turns into `text`: `text` itself, or where it holds
    right-to-left letters, each run of letters or digits reversed in place and its brackets
    mirrored (PDFium reverses them again as it reads a right-to-left span)."""
    if not any(_direction(c) == "R" for c in text):
        return text
    runs = itertools.groupby(text.translate(_MIRRORED), key=_direction)
    return "".join("".join(run)[::-1] if direction != "N" else "".join(run)
                   for direction, run in runs)


def _marked_only(text: str) -> bool:
    """Text made right to left by direction marks alone (the ar-XB pseudo-locale's Latin):
    left to its glyphs, which read as the marks order them."""
    return bool(_RTL_MARKS.intersection(text)) and not any(_direction(c) == "R" for c in text
                                                           if c not in _RTL_MARKS)


def _direction(char: str) -> str:
    return _DIRECTION.get(unicodedata.bidirectional(char), "N")


def _add_actual_text(stream: Any, text: str) -> None:
    """Put /ActualText into the property list `marked` has just opened (`/Span <<...>> BDC`)."""
    operands = stream.stream
    if len(operands) >= 2 and operands[-1] == b"BDC" and \
            isinstance(operands[-2], pydyf.Dictionary) and text:
        operands[-2]["ActualText"] = pydyf.String(text)
