"""QR codes: generated vector art (never a downloaded picture), and the link stays clickable."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from handouts.render.html import qr_image
from tests import pdfs

SITE = "https://humantraffickinghotline.org"


def test_qr_is_an_svg_data_url_with_escaped_alt_text():
    html = str(qr_image(SITE, 'Línea "Nacional" <b>', dark="#000000", light="#ffffff"))
    assert html.startswith('<img class="qr-code" src="data:image/svg+xml;base64,')
    svg = base64.b64decode(html.split("base64,", 1)[1].split('"', 1)[0]).decode()
    assert svg.startswith("<svg") and "<path" in svg
    assert 'alt="Línea &#34;Nacional&#34; &lt;b&gt;"' in html


def test_qr_modules_take_the_editions_colours_and_match_the_code():
    """The print edition's QR code is drawn in CMYK black on no ink, square for square what
    segno encodes (its own SVG writer takes no CMYK colour)."""
    import re

    import segno

    from handouts.render.palette import colours

    ink = colours(printing=True)
    html = str(qr_image(SITE, "site", dark=ink["black"], light=ink["paper"]))
    svg = base64.b64decode(html.split("base64,", 1)[1].split('"', 1)[0]).decode()
    assert 'fill="device-cmyk(0% 0% 0% 100%)"' in svg and 'fill="device-cmyk(0% 0% 0% 0%)"' in svg
    drawn = set()
    for x, y, width in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", svg):
        drawn |= {(int(x) + i, int(y)) for i in range(int(width))}
    rows = segno.make(SITE, error="m", micro=False).matrix_iter(border=4)
    assert drawn == {(x, y) for y, row in enumerate(rows) for x, dark in enumerate(row) if dark}


def _raster_images(xobjects: dict) -> list[str]:
    found = []
    for name, obj in (xobjects or {}).items():
        obj = obj.get_object()
        if obj.get("/Subtype") == "/Image":
            found.append(name)
        elif obj.get("/Subtype") == "/Form":
            found += _raster_images((obj.get("/Resources") or {}).get("/XObject"))
    return found


@pytest.mark.parametrize("material", ["fact-sheet", "school-handout"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_handouts_naming_a_website_print_a_vector_qr_code_and_keep_the_link(
        built: Path, lang: str, material: str):
    path = built / lang / f"{material}.pdf"
    assert SITE in pdfs.links(path)
    assert "humantraffickinghotline.org" in pdfs.text(path)  # the caption under the code
    for page in pdfs.reader(path).pages:
        resources = page.get("/Resources") or {}
        assert not _raster_images(resources.get("/XObject")), "the QR code must be vector art"
