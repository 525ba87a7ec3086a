"""Small readers for facts about a built PDF, used by several test modules."""

from __future__ import annotations

import re
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Tagged:
    """One element of a tagged PDF's structure tree, as a screen reader meets it."""

    tag: str  # "H1", "P", "Link", ...
    text: str  # its words and its descendants', in reading order
    lang: str | None  # its own /Lang
    alt: str | None  # its alternative text (/Alt)
    links: tuple[str, ...]  # the descriptions (/Contents) of the link annotations it holds
    marks: tuple[tuple[int, int], ...]  # (page index, MCID) of the marked content it holds


@cache
def marked_text(path: Path) -> dict[tuple[int, int | None, str | None], str]:
    """(page index, MCID, marked-content tag) -> the characters drawn in it; an artifact's
    MCID is None. Text drawn outside any marked content has tag None."""
    import pdfplumber

    found: dict[tuple[int, int | None, str | None], str] = {}
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages):
            for char in page.chars:
                key = (number, char.get("mcid"), char.get("tag"))
                found[key] = found.get(key, "") + char["text"]
    return found


@cache
def structure(path: Path) -> tuple[Tagged, ...]:
    """Every element of the structure tree in reading order (depth first, as WeasyPrint and
    screen readers walk it)."""
    import pikepdf

    texts = {(page, mcid): text for (page, mcid, _), text in marked_text(path).items()
             if mcid is not None}
    found: list[Tagged] = []
    with pikepdf.open(path) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages)}

        def walk(node: pikepdf.Dictionary, page: int) -> str:
            page = pages[node.Pg.objgen] if "/Pg" in node else page
            at = len(found)
            found.append(Tagged("", "", None, None, (), ()))  # filled in after its kids
            words, links, marks = [], [], []
            kids = node.get("/K", [])
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, int):
                    marks.append((page, kid))
                    words.append(texts.get((page, kid), ""))
                elif kid.get("/Type") == "/OBJR":
                    links.append(str(kid.Obj.get("/Contents", "")))
                elif "/S" in kid:
                    words.append(walk(kid, page))
            text = " ".join(w for w in words if w)
            lang = str(node.Lang) if "/Lang" in node else None
            alt = str(node.Alt) if "/Alt" in node else None
            found[at] = Tagged(str(node.S).lstrip("/"), text, lang, alt, tuple(links),
                               tuple(marks))
            return text

        root = pdf.Root.StructTreeRoot.K
        for top in root if isinstance(root, pikepdf.Array) else [root]:
            walk(top, 0)
    return tuple(found)


def headings(path: Path) -> list[Tagged]:
    """The headings in reading order."""
    return [e for e in structure(path) if re.fullmatch(r"H[1-6]", e.tag)]
