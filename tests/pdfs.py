"""Small readers for facts about a built PDF, used by several test modules."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pypdf import PdfReader

POINTS_PER_INCH = 72


@cache
def reader(path: Path) -> PdfReader:
    return PdfReader(path)


@cache
def text(path: Path) -> str:
    """All text of the PDF, whitespace folded, so phrases can be searched across line breaks."""
    return " ".join(" ".join(page.extract_text() or "" for page in reader(path).pages).split())


@cache
def _pdfium_pages(path: Path) -> tuple[str, ...]:
    """Each page's text as PDFium (the engine of Chrome's PDF viewer) reads it, line by line.
    Much faster than pypdf on a draft, whose highlights make long content streams."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    try:
        found = []
        for page in document:
            textpage = page.get_textpage()
            found.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return tuple(found)
    finally:
        document.close()


def page_texts(path: Path) -> tuple[str, ...]:
    """Each page's text, whitespace folded (PDFium)."""
    return tuple(" ".join(text.split()) for text in _pdfium_pages(path))


def page_lines(path: Path) -> tuple[tuple[str, ...], ...]:
    """Each page's lines of text, as laid out (PDFium)."""
    return tuple(tuple(filter(None, (" ".join(line.split()) for line in text.splitlines())))
                 for text in _pdfium_pages(path))


def fonts(path: Path) -> dict[str, bool]:
    """Every font used on any page -> whether its file is embedded."""
    found: dict[str, bool] = {}
    for page in reader(path).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            desc = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            desc = desc.get_object() if desc else {}
            embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"]).lstrip("/")] = embedded
    return found


def box(path: Path, page: int, name: str) -> tuple[float, float]:
    """Width and height of a page box (/MediaBox, /TrimBox, /BleedBox) in inches."""
    p = reader(path).pages[page]
    b = [float(v) for v in p[name]]
    return round((b[2] - b[0]) / POINTS_PER_INCH, 3), round((b[3] - b[1]) / POINTS_PER_INCH, 3)


def links(path: Path) -> list[str]:
    """Every link target (URI actions) in the PDF."""
    found = []
    for page in reader(path).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                found.append(str(action["/URI"]))
    return found
