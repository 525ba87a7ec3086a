"""The desk and print editions of a handout, written from one layout.

Laying the pages out is most of what a PDF costs (bench/bench.py), and the two editions put
every word in the same place: the print edition is the desk edition with a bleed, crop marks
and CMYK ink. So both are laid out once, from HTML with the print edition's stylesheet
(css/print.css: bleed, marks, the output intent's profile) and backgrounds that run 1/8 in past
the trim, in the desk edition's sRGB colours; then

- the desk PDF is written as the trim alone: no bleed, no crop marks, no output intent. What
  runs past the trim is off its page;
- the print PDF is written as laid out, without the boxes marked `desk-only` (the desk's fold
  guides, the notice's heading for screen readers), each palette colour in the CMYK build
  render/palette.py chose for it instead of its sRGB value.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping

import pydyf
from tinycss2.color5 import parse_color
from weasyprint import Document
from weasyprint.formatting_structure import boxes

DESK_ONLY = "desk-only"  # the class of what the print edition leaves out

Builds = Mapping[str, tuple[int, int, int, int]]  # "#rrggbb" -> percent of C, M, Y, K


@contextlib.contextmanager
def as_desk(document: Document) -> Iterator[None]:
    """While it lasts, the document writes as the desk edition: its pages are the trim."""
    pages = [(page, page.bleed, page._page_box.style["marks"]) for page in document.pages]
    profiles = document.color_profiles
    try:
        for page, bleed, _marks in pages:
            page.bleed = dict.fromkeys(bleed, 0)
            page._page_box.style["marks"] = ()
        document.color_profiles = {}  # no CMYK output intent on a screen's PDF
        yield
    finally:
        for page, bleed, marks in pages:
            page.bleed = bleed
            page._page_box.style["marks"] = marks
        document.color_profiles = profiles


@contextlib.contextmanager
def as_press(document: Document) -> Iterator[None]:
    """While it lasts, the document writes as the print edition: without `desk-only` boxes."""
    kept: list[tuple[boxes.Box, list[boxes.Box]]] = []
    for page in document.pages:
        parents = [box for box in page._page_box.descendants()
                   if any(_desk_only(child) for child in getattr(box, "children", ()))]
        for box in parents:
            kept.append((box, box.children))
            box.children = [child for child in box.children if not _desk_only(child)]
    try:
        yield
    finally:
        for box, children in kept:
            box.children = children


def _desk_only(box: boxes.Box) -> bool:
    element = getattr(box, "element", None)
    return element is not None and getattr(box, "element_tag", None) is not None and \
        DESK_ONLY in (element.get("class") or "").split()


def cmyk_colours(builds: Builds) -> Callable[[Document, pydyf.PDF], None]:
    """A finishing step that writes each palette colour as its CMYK build.

    WeasyPrint writes a CSS colour as one `r g b rg` (or `RG`) chunk of a content stream, the
    same bytes for the same colour; each becomes `/DeviceCMYK cs` and `c m y k scn`, as
    WeasyPrint writes a `device-cmyk()` colour. See-through colours keep their alpha (set
    apart, in a graphics state). Pure black, which WeasyPrint also draws the crop marks in
    (and the see-through fill under them), becomes black ink alone: `0 0 0 1 k`.
    """
    chunks = {}
    for srgb, cmyk in builds.items():
        red, green, blue = parse_color(srgb).to("srgb").coordinates
        for stroke in (False, True):
            rgb, press = pydyf.Stream(), pydyf.Stream()
            rgb.set_color_rgb(red, green, blue, stroke)
            if (red, green, blue) == (0, 0, 0):
                press.stream.append(b"0 0 0 1 " + (b"K" if stroke else b"k"))
            else:
                press.set_color_space("DeviceCMYK", stroke)
                press.set_color_special(None, stroke, *(value / 100 for value in cmyk))
            chunks[rgb.stream[0]] = b"\n".join(press.stream)

    def finish(document: Document, pdf: pydyf.PDF) -> None:
        for obj in pdf.objects:
            stream = getattr(obj, "stream", None)
            if isinstance(stream, list) and obj.extra.get("Type") != "/Metadata":
                obj.stream = [chunks.get(c, c) if isinstance(c, bytes) else c for c in stream]

    return finish
