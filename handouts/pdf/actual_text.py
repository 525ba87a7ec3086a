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

Right-to-left text (a right-to-left page, or a span with right-to-left letters or marks) is left
to its glyphs: poppler and PDFium set a span's /ActualText in the order of the glyphs on the
page and reverse it for right-to-left text, so a logical-order /ActualText of an Arabic line
reads back backwards, where the glyphs alone read right.

It changes one method of WeasyPrint's PDF stream (`Stream.marked`), a private API like those in
pdf/weasy.py, written for the same WeasyPrint major (weasy.WRITTEN_FOR).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pydyf
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import stream as weasy_stream

# invisible characters the renderer inserts -> what a reader should get
READ_AS = {0x200B: None, 0x2060: None, 0x00AD: None, 0x00A0: " "}
# Hebrew, Arabic, Syriac, Thaana, N'Ko ... and their presentation forms
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200f\u202b\u202e\u2067]")
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
                    and box.style["direction"] == "ltr" and not _RIGHT_TO_LEFT.search(box.text):
                _add_actual_text(self, box.text.translate(READ_AS))
            yield

    cls.marked = marked
    setattr(cls, _INSTALLED, True)


def _add_actual_text(stream: Any, text: str) -> None:
    """Put /ActualText into the property list `marked` has just opened (`/Span <<...>> BDC`)."""
    operands = stream.stream
    if len(operands) >= 2 and operands[-1] == b"BDC" and \
            isinstance(operands[-2], pydyf.Dictionary) and text:
        operands[-2]["ActualText"] = pydyf.String(text)
