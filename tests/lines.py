"""The lines of a built handout as WeasyPrint laid them out: where each line really broke.

A PDF's text cannot say this for every script (Khmer reads back reordered inside clusters,
and a reader's text order crosses columns), so the tests read the line boxes of the layout
the PDF was written from: kept while a build runs in the test's process (`remembered`), or
else got by laying out the HTML the build kept (`--keep-html`) once more with the project's
typesetter, which gives the same pages.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from weasyprint import Document

from handouts.pdf import weasy
from handouts.pdf.typeset import DESK_STANDARD, Typesetter

PHONE = "phone"  # class of the links that hold a phone or text number (templates/macros)


@dataclass(frozen=True)
class Piece:
    """A run of text on a line, and whether it is a phone or text number."""
    text: str
    number: bool


@dataclass(frozen=True)
class Line:
    block: int  # lines of one paragraph share it
    source: str  # the paragraph's text as the HTML has it
    pieces: tuple[Piece, ...]

    @property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces)


def _pieces(box: weasy.boxes.Box, number: bool = False) -> list[Piece]:
    if isinstance(box, weasy.boxes.TextBox):
        return [Piece(box.text, number)]
    number = number or PHONE in weasy._classes(box)
    return [p for child in getattr(box, "children", ()) for p in _pieces(child, number)]


def _source(element: object) -> str:
    """An element's text, a <br> as a line break (itertext() leaves it out)."""
    said = [element.text or ""]
    for child in element:
        said.append("\n" if str(child.tag).endswith("br") else _source(child))
        said.append(child.tail or "")
    return "".join(said)


@functools.cache
def _typesetter(templates: Path) -> Typesetter:
    return Typesetter(templates, [templates])


def _layout(html: Path) -> Document:
    templates = html.parents[2] / "templates"  # <copy>/dist/<lang>/<name>.html
    return _typesetter(templates).layout(html.read_text(encoding="utf-8"),
                                         standard=DESK_STANDARD)


_KEPT: dict[str, list[Line]] = {}  # what --keep-html wrote -> the lines of its layout


@contextlib.contextmanager
def remembered() -> Iterator[None]:
    """While a build runs in this process, keep the lines of the layout each PDF is written
    from, by the HTML --keep-html writes beside it, so `laid_out` reads them instead of
    laying the kept HTML out again (half a second for a threshold-language handout). Should
    the build's code move, `laid_out` lays out again."""
    from handouts.publishing import worker

    fit, standalone = worker._fit, worker.standalone_html
    last: list[list[Line]] = []

    def fitted(*args: object, **kwargs: object) -> object:
        trial = fit(*args, **kwargs)
        last[:] = [_lines(trial.document)] if trial.document is not None else []
        return trial

    def kept(html: str, templates: Path) -> str:  # written after its handout's fit
        written = standalone(html, templates)
        if last:
            _KEPT[written] = last[0]
        return written

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(worker, "_fit", fitted)
        patch.setattr(worker, "standalone_html", kept)
        yield


@functools.cache
def laid_out(html: Path) -> list[Line]:
    """Every line of the handout whose kept HTML is `html`, in layout order."""
    kept = _KEPT.get(html.read_text(encoding="utf-8"))
    return kept if kept is not None else _lines(_layout(html))


def _lines(document: Document) -> list[Line]:
    found: list[Line] = []
    for page in document.pages:
        for box in weasy._walk(page._page_box):
            children = getattr(box, "children", ())
            if any(isinstance(child, weasy.boxes.LineBox) for child in children):
                element = getattr(box, "element", None)
                source = _source(element) if element is not None else ""
                found += [Line(id(box), source, tuple(_pieces(child))) for child in children
                          if isinstance(child, weasy.boxes.LineBox)]
    return found


@dataclass(frozen=True)
class Columns:
    """A box set in columns (CSS `columns`), on one page."""
    page: int  # from 1
    tag: str  # the element's, e.g. "main"
    ends: tuple[float, ...]  # where each column's last line ends, CSS px down the page
    line: float  # the tallest line in them


@functools.cache
def columns(html: Path) -> list[Columns]:
    """Every box set in columns in the handout whose kept HTML is `html`, page by page."""
    found = []
    for number, page in enumerate(_layout(html).pages, start=1):
        for box in weasy._walk(page._page_box):
            kept = [child for child in getattr(box, "children", ())
                    if getattr(child, "is_column", False)]
            lines = [[line for line in weasy._walk(column)
                      if isinstance(line, weasy.boxes.LineBox)] for column in kept]
            if kept and all(lines):
                found.append(Columns(number, box.element_tag,
                                     tuple(max(line.position_y + line.height for line in mine)
                                           for mine in lines),
                                     max(line.height for mine in lines for line in mine)))
    return found


INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\u00ad"))  # ZWSP, WORD JOINER, soft hyphen
FOLD = re.compile("[ \t\r\n]+")  # HTML's white space; a no-break space is not one


def _plain(text: str) -> str:
    return FOLD.sub(" ", text.translate(INVISIBLE))


def breaks(lines: list[Line]) -> list[tuple[str, int, Line]]:
    """Where each line of a paragraph starts in the paragraph's text, after the first line.

    (text, offset, line): the paragraph's text (invisible joiners and break marks taken out,
    white space folded) and the offset of the line's first character in it.
    """
    found = []
    for block in dict.fromkeys(line.block for line in lines):
        mine = [line for line in lines if line.block == block]
        text = _plain(mine[0].source)
        at = 0
        for number, line in enumerate(mine):
            start = _plain(line.text).strip(" ")
            where = text.find(start[:12], at) if start else -1
            if where < 0:
                continue
            if number:
                found.append((text, where, line))
            at = where + len(start)
    return found
