"""Small readers for facts about a built PDF, used by several test modules."""

from __future__ import annotations

import io
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


# What draws a glyph: the graphics state and colours, the text state and positioning, the
# text itself, and the forms and marked content it sits in. Paths draw none.
_GLYPHS = ("q Q cm gs w J j M d ri i g G rg RG k K cs CS sc SC scn SCN BT ET Tf Tc Tw Tz TL "
           "Ts Tr Td TD Tm T* Tj TJ ' \" Do BDC BMC EMC")


def text_only(path: Path) -> io.BytesIO:
    """The PDF less the paths in its content streams, for pdfplumber to read characters from.

    pdfplumber's characters (text, box, font, size, colour, marked content) come out the
    same; it only skips the paths, which on a draft (the highlight round every string)
    made it about six times slower when that highlight's edge was dotted.
    """
    import pikepdf

    with pikepdf.open(path) as pdf:
        forms: set[tuple[int, int]] = set()
        for page in pdf.pages:
            page.obj.Contents = pdf.make_stream(_glyphs(page))
            for form in ((page.obj.get("/Resources") or {}).get("/XObject") or {}).values():
                if form.get("/Subtype") == "/Form" and form.objgen not in forms:
                    forms.add(form.objgen)
                    form.write(_glyphs(form))
        out = io.BytesIO()
        pdf.save(out)
    out.seek(0)
    return out


def _glyphs(content: object) -> bytes:
    import pikepdf

    return pikepdf.unparse_content_stream(pikepdf.parse_content_stream(content, _GLYPHS))


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


# The operators that show text or mark content (parse_content_stream skips the rest: the
# paths of a draft's highlights are most of its content stream).
_MARKING = "BDC BMC EMC Tf Tj TJ ' \" Do"


@cache
def marked_text(path: Path) -> dict[tuple[int, int | None, str | None], str]:
    """(page index, MCID, marked-content tag) -> the characters drawn in it; an artifact's
    MCID is None. Text drawn outside any marked content has tag None.

    What pdfplumber's characters say (their `mcid` and `tag`: an EMC ends the sequence, form
    XObjects share the page's), read with qpdf's content-stream parser, which is about
    fifteen times faster on a draft.
    """
    import pikepdf

    found: dict[tuple[int, int | None, str | None], str] = {}
    with pikepdf.open(path) as pdf:
        fonts: dict[tuple[int, int], _Font] = {}
        for number, page in enumerate(pdf.pages):
            state = _Marking(number)
            state.run(page, page.obj.get("/Resources", pikepdf.Dictionary()), fonts, found)
    return found


class _Font:
    """A font's character codes -> text, from its /ToUnicode map (two-byte codes for a Type0
    font, as WeasyPrint writes every font)."""

    def __init__(self, font: object) -> None:
        from io import BytesIO

        from pdfminer.cmapdb import CMapParser, FileUnicodeMap

        self.map = FileUnicodeMap()
        if "/ToUnicode" in font:
            CMapParser(self.map, BytesIO(font.ToUnicode.read_bytes())).run()
        self.wide = font.get("/Subtype") == "/Type0"

    def text(self, data: bytes) -> str:
        codes = ([int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data) - 1, 2)]
                 if self.wide else list(data))
        return "".join(self._char(code) for code in codes)

    def _char(self, code: int) -> str:
        try:
            return self.map.get_unichr(code)
        except KeyError:
            return f"(cid:{code})"  # pdfminer's word for a code without text


@dataclass
class _Marking:
    """The marked-content sequence a page's content stream is in, as it is read."""

    page: int
    mcid: int | None = None
    tag: str | None = None
    font: _Font | None = None

    def run(self, content: object, resources: object, fonts: dict, found: dict) -> None:
        import pikepdf

        declared = resources.get("/Font") or {}
        xobjects = resources.get("/XObject") or {}
        for operands, operator in pikepdf.parse_content_stream(content, _MARKING):
            op = str(operator)
            if op in ("BDC", "BMC"):
                self.tag = str(operands[0]).lstrip("/")
                props = operands[1] if op == "BDC" else None
                self.mcid = int(props.MCID) if isinstance(props, pikepdf.Dictionary) and \
                    "/MCID" in props else None
            elif op == "EMC":
                self.mcid = self.tag = None
            elif op == "Tf":
                font = declared[operands[0]]
                if font.objgen not in fonts or font.objgen == (0, 0):  # (0, 0): not shared
                    fonts[font.objgen] = _Font(font)
                self.font = fonts[font.objgen]
            elif op in ("Tj", "'", '"', "TJ"):
                shown = operands[-1]
                pieces = [s for s in shown if isinstance(s, pikepdf.String)] if op == "TJ" \
                    else [shown]
                key = (self.page, self.mcid, self.tag)
                found[key] = found.get(key, "") + "".join(self.font.text(bytes(s))
                                                          for s in pieces)
            elif op == "Do":
                form = xobjects.get(operands[0])
                if form is not None and form.get("/Subtype") == "/Form" and "/BBox" in form:
                    self.run(form, form.get("/Resources", resources), fonts, found)


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
