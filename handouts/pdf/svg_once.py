"""Each inline SVG drawing drawn once a process, its operators written again where it recurs.

The handouts draw their icons as inline SVG (templates/macros.html.j2): a dozen small
drawings, each on many pages, and every page drawn twice, for the desk and the print edition.
WeasyPrint draws an SVG by walking its tree and parsing each path's `d` again every time: about
a fifth of the time it takes to write a PDF went to drawing the same icons again.

What an SVG made only of shapes draws depends on nothing but its source, its size, and the
colour and opacity the drawing operators last set (WeasyPrint leaves out an operator that
sets them again to the same): so the first drawing of each is noted (the operators it added
to the page's content stream, the opacity states it named), and a later drawing with the same
source, size and colour state writes the same operators and names the same states. The PDFs
are the same bytes. An SVG with anything else (text, images, `use`, gradients, patterns,
clipping, masks, filters, markers, group opacity) is drawn by WeasyPrint each time, as is one
whose drawing did anything a replay would not (logged a message, added another resource).

It wraps one private method of WeasyPrint (`svg.SVG.draw`) and reads the state of its PDF
stream (`pdf.stream.Stream`), written for the same WeasyPrint major as pdf/weasy.py
(weasy.WRITTEN_FOR).
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

import pydyf
from weasyprint import svg

from handouts.pdf.weasy import AnyMessage

# Shapes and what only groups or describes them: their drawing reads nothing but the tree.
_DRAWN_ALONE = frozenset(("svg", "g", "title", "desc", "circle", "ellipse", "line", "path",
                          "polygon", "polyline", "rect"))
# In an attribute's name or value: something drawn from elsewhere, or in a group of its own.
_ELSEWHERE = ("url(", "clip", "mask", "filter", "marker", "opacity", "href")
_NAMED_STATE = re.compile(rb"/(\S+) gs")
_ALPHA_STATE = re.compile(r"[aA][0-9.]+")  # Stream.set_alpha's states, named by their value
_STATE = ("_current_color", "_current_color_stroke", "_current_alpha", "_current_alpha_stroke")


@dataclass(frozen=True)
class Drawing:
    """What drawing an SVG once did: the operators it added to the content stream, the
    opacity states they name (name, entries), in the order first named, and the stream's
    colour, opacity and font state after it."""

    operators: tuple[bytes, ...]
    states: tuple[tuple[str, dict[str, object]], ...]
    after: tuple[object, ...]


Drawings = dict[tuple[object, ...], Drawing]


@contextlib.contextmanager
def drawn_once(drawings: Drawings) -> Iterator[None]:
    """While it lasts, an SVG drawn before (in `drawings`) is written from what it drew, and
    the first drawing of each is kept there."""
    original = svg.SVG.draw

    def draw(self: Any, stream: Any, width: float, height: float, base_url: str,
             context: Any) -> None:
        source = _source(self.tree._etree_node)
        if source is None:
            original(self, stream, width, height, base_url, context)
            return
        key = (source, width, height, base_url, *(getattr(stream, name) for name in _STATE))
        if (found := drawings.get(key)) is not None:
            _replay(found, stream)
            return
        if (made := _record(original, self, stream, width, height, base_url, context)):
            drawings[key] = made

    svg.SVG.draw = draw
    try:
        yield
    finally:
        svg.SVG.draw = original


def _source(element: Element) -> tuple[object, ...] | None:
    """The tree an SVG is drawn from, without the text after it; None if something in it is
    drawn from elsewhere or in a group."""
    tree = _tree(element)
    said = " ".join(part for inner in element.iter() for item in inner.attrib.items()
                    for part in item).lower()
    return None if tree is None or any(word in said for word in _ELSEWHERE) else tree


def _tree(element: Element) -> tuple[object, ...] | None:
    tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
    if tag not in _DRAWN_ALONE:
        return None
    children = []
    for child in element:
        inner = _tree(child)
        if inner is None:
            return None
        children.append((inner, child.tail))
    return tag, tuple(sorted(element.attrib.items())), element.text, tuple(children)


def _sizes(stream: Any) -> tuple[object, ...]:
    """How many of each kind of resource, image, font and tag the stream holds."""
    return (*((name, len(entries)) for name, entries in stream._resources.items()
              if name != "ExtGState" and isinstance(entries, dict)),
            len(stream._images), len(stream._fonts), len(stream._tags or ()))


def _record(original: Any, image: Any, stream: Any, *args: Any) -> Drawing | None:
    """Draw the SVG; what it did, if a replay would do the same (else None)."""
    items, start = stream.stream, len(stream.stream)
    last = items[-1] if items else None
    sizes, depth = _sizes(stream), len(stream._ctm_stack)
    states = stream._resources["ExtGState"]
    named = set(states)
    said = AnyMessage()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(said)
    try:
        original(image, stream, *args)
    finally:
        logger.removeHandler(said)
    drawn = items[start:]
    if said.seen or image.stream is not stream or len(items) < start \
            or (start and items[start - 1] is not last) or _sizes(stream) != sizes \
            or len(stream._ctm_stack) != depth \
            or not all(isinstance(item, bytes) and b"/--" not in item for item in drawn):
        return None  # (a colour profile's colour space: desk and print PDFs differ in them)
    used = list(dict.fromkeys(name.decode() for item in drawn
                              for name in _NAMED_STATE.findall(item)))
    if not all(_ALPHA_STATE.fullmatch(name) and name in states for name in used) or \
            not set(states) - named <= set(used):  # a state it added that it does not name
        return None
    return Drawing(tuple(drawn), tuple((name, dict(states[name])) for name in used),
                   tuple(getattr(stream, name) for name in (*_STATE, "_current_font")))


def _replay(drawing: Drawing, stream: Any) -> None:
    states = stream._resources["ExtGState"]
    for name, entries in drawing.states:
        if name not in states:
            states[name] = pydyf.Dictionary(entries)
    stream.stream.extend(drawing.operators)
    for name, value in zip((*_STATE, "_current_font"), drawing.after, strict=True):
        setattr(stream, name, value)
