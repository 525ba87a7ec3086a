"""QR codes: generated vector art (never a downloaded picture), and the link stays clickable."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from handouts.render.html import qr_image
from tests import pdfs

SITE = "https://humantraffickinghotline.org"


def test_qr_is_an_svg_data_url_with_escaped_alt_text():
    html = str(qr_image(SITE, 'Línea "Nacional" <b>'))
    assert html.startswith('<img class="qr-code" src="data:image/svg+xml;base64,')
    svg = base64.b64decode(html.split("base64,", 1)[1].split('"', 1)[0]).decode()
    assert svg.startswith("<svg") and "<path" in svg
    assert 'alt="Línea &#34;Nacional&#34; &lt;b&gt;"' in html


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
