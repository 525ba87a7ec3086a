"""What docs/outreach-and-print.md promises a print shop and an outreach worker, on real PDFs.

Only the project's own fonts are embedded; print PDFs keep PDF/X-4's colour rules under a
GRACoL CMYK output intent; what the renderer says about the machine is a notice, what it says
about the handout stops the build; `doctor` says what a build needs.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from handouts.cli import main
from handouts.materials import MATERIALS
from handouts.render.palette import PALETTE
from tests import inks, pdfs
from tests.conftest import ROOT

# The project's own fonts, by the family name each @font-face gives them (as a PDF spells it),
# and the files in templates/fonts/ they are read from.
OWN_FONTS = {
    "Handout-Sans": {"NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf",
                     "NotoSans-BoldItalic.ttf"},
    "Handout-Arabic": {"NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"},
    "Handout-Armenian": {"NotoSansArmenian-Regular.ttf", "NotoSansArmenian-Bold.ttf"},
    "Handout-Khmer": {"NotoSansKhmer-Regular.ttf", "NotoSansKhmer-Bold.ttf"},
    "Handout-Korean": {"NotoSansKR-Regular.ttf", "NotoSansKR-Bold.ttf"},
    "Handout-Simplified-Chinese": {"NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf"},
    "Handout-Traditional-Chinese": {"NotoSansTC-Regular.ttf", "NotoSansTC-Bold.ttf"},
}
FACE = re.compile(r"@font-face\s*{([^}]*)}")
FAMILY = re.compile(r'font-family:\s*"([^"]+)"')
SOURCE = re.compile(r"src:\s*([^;}]+)")
STYLE = re.compile(r"-(Bold|Italic|BoldItalic)$")  # a PDF font name's weight and style


def font_faces() -> dict[str, set[str]]:
    """Every @font-face family the stylesheets declare (as a PDF spells it) -> its sources."""
    found: dict[str, set[str]] = {}
    for css in (ROOT / "templates" / "css").glob("*.css"):
        for rule in FACE.findall(css.read_text(encoding="utf-8")):
            family = FAMILY.search(rule)
            source = SOURCE.search(rule)
            assert family and source, f"{css.name}: an @font-face without family or src"
            found.setdefault(family.group(1).replace(" ", "-"), set()).add(
                source.group(1).strip())
    return found


def every_pdf(*dists: Path) -> list[Path]:
    return sorted(p for dist in dists for p in dist.rglob("*.pdf"))


def embedded_fonts(pdf: pikepdf.Pdf) -> dict[str, bool]:
    """Base name (subset prefix removed) of every font on every page and in every form ->
    whether the font file itself is in the PDF."""
    found: dict[str, bool] = {}
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font" and \
                "/BaseFont" in obj:
            descendants = obj.get("/DescendantFonts")
            font = descendants[0] if descendants is not None else obj
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and \
                any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            name = str(obj.BaseFont).lstrip("/").split("+", 1)[-1]
            found[name] = found.get(name, True) and embedded
    return found


def test_the_stylesheets_declare_only_the_bundled_fonts():
    """No @font-face reads a font from anywhere else (a `local()` font is the machine's)."""
    assert font_faces() == {family: {f"url(../fonts/{name})" for name in files}
                            for family, files in OWN_FONTS.items()}
    for files in OWN_FONTS.values():
        for name in files:
            assert (ROOT / "templates" / "fonts" / name).is_file(), name


def test_every_pdf_embeds_only_the_projects_own_fonts(built: Path, built_pseudo: Path):
    paths = every_pdf(built, built_pseudo)
    langs = {p.relative_to(p.parents[1] if p.parent.name == "print" else p.parent.parent).parts[0]
             for p in paths}
    assert {"en", "es", "en-XA", "ar-XB"} <= langs
    assert any("print" in p.parts for p in paths) and any("print" not in p.parts for p in paths)
    strangers, missing, used = {}, {}, set()
    for path in paths:
        with pikepdf.open(path) as pdf:
            fonts = embedded_fonts(pdf)
        assert fonts, f"{path}: no fonts at all"
        families = {STYLE.sub("", name) for name in fonts}
        used |= families
        if families - set(OWN_FONTS):
            strangers[str(path)] = sorted(families - set(OWN_FONTS))
        if not all(fonts.values()):
            missing[str(path)] = sorted(name for name, inside in fonts.items() if not inside)
    assert not strangers, f"fonts that are not the project's own: {strangers}"
    assert not missing, f"fonts used but not embedded: {missing}"
    assert "Handout-Sans" in used


# PDF/X-4 with a CMYK output intent: device-independent spaces, CMYK and grey are fine;
# DeviceRGB only where the resources say what it means (DefaultRGB).
ALLOWED_SPACES = {"/DeviceCMYK", "/DeviceGray", "/ICCBased", "/Lab", "/Pattern", "/Separation",
                  "/DeviceN", "/Indexed"}
RGB_OPERATORS = {"rg", "RG"}


def _space_name(space: object, named: pikepdf.Dictionary | None) -> str:
    """'/DeviceRGB', '/ICCBased', ... for a colour space given by name or array."""
    if isinstance(space, pikepdf.Name) and named is not None and space in named:
        space = named[space]
    if isinstance(space, pikepdf.Array):
        return str(space[0])
    return str(space)


def colour_problems(where: str, content: pikepdf.Object, resources: pikepdf.Dictionary,
                    seen: set) -> list[str]:
    """Colour spaces PDF/X-4 forbids in one content stream and everything it draws."""
    spaces = resources.get("/ColorSpace") or pikepdf.Dictionary()
    rgb_ok = "/DefaultRGB" in spaces and _space_name(spaces.DefaultRGB, None) == "/ICCBased"
    problems = []
    for operands, operator in pikepdf.parse_content_stream(content):
        op = str(operator)
        if op in RGB_OPERATORS and not rgb_ok:
            problems.append(f"{where}: DeviceRGB '{op}' without a DefaultRGB")
        elif op in ("cs", "CS"):
            name = _space_name(operands[0], spaces)
            if name == "/DeviceRGB" and not rgb_ok:
                problems.append(f"{where}: colour space DeviceRGB without a DefaultRGB")
            elif name not in ALLOWED_SPACES | {"/DeviceRGB"}:
                problems.append(f"{where}: colour space {name}")
    for name, xobject in (resources.get("/XObject") or {}).items():
        if xobject.objgen in seen:
            continue
        seen.add(xobject.objgen)
        if xobject.Subtype == "/Image":
            name_found = _space_name(xobject.get("/ColorSpace", pikepdf.Name.DeviceGray), spaces)
            if name_found == "/DeviceRGB" and not rgb_ok:
                problems.append(f"{where}: RGB image {name} without a DefaultRGB")
            elif name_found not in ALLOWED_SPACES | {"/DeviceRGB"}:
                problems.append(f"{where}: image {name} in {name_found}")
        elif xobject.Subtype == "/Form":
            group = xobject.get("/Group")
            if group is not None and "/CS" in group and \
                    _space_name(group.CS, spaces) == "/DeviceRGB":
                problems.append(f"{where}: transparency group {name} in DeviceRGB")
            problems += colour_problems(f"{where} {name}", xobject,
                                        xobject.get("/Resources", resources), seen)
    for name, shading in (resources.get("/Shading") or {}).items():
        space = _space_name(shading.ColorSpace, spaces)
        if space not in ALLOWED_SPACES and not (space == "/DeviceRGB" and rgb_ok):
            problems.append(f"{where}: shading {name} in {space}")
    return problems


def print_pdfs(*dists: Path) -> list[Path]:
    return [p for p in every_pdf(*dists) if p.parent.name == "print"]


def test_print_pdfs_keep_the_pdfx4_colour_rules(built: Path, built_pseudo: Path):
    paths = print_pdfs(built, built_pseudo)
    assert len(paths) >= 15
    problems = []
    for path in paths:
        with pikepdf.open(path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                problems += colour_problems(f"{path.relative_to(path.parents[2])} p{number}",
                                            page.obj, page.Resources, set())
    assert not problems, "\n".join(problems[:20])


def test_print_pdfs_are_pdfx4_with_a_gracol_intent_and_print_boxes(built: Path):
    for path in print_pdfs(built):
        with pikepdf.open(path) as pdf:
            intent = pdf.Root.OutputIntents[0]
            assert intent.S == "/GTS_PDFX"
            assert "GRACoL" in str(intent.Info)
            assert intent.DestOutputProfile.N == 4
            meta = pdf.open_metadata()
            assert meta.get("pdfxid:GTS_PDFXVersion") == "PDF/X-4", path
            assert pdf.trailer.Info.Trapped == "/False"
            for page in pdf.pages:
                media, trim, bleed = ([float(v) for v in page.obj[k]]
                                      for k in ("/MediaBox", "/TrimBox", "/BleedBox"))
                assert media[0] <= bleed[0] <= trim[0] and trim[2] <= bleed[2] <= media[2]
                assert media[1] <= bleed[1] <= trim[1] and trim[3] <= bleed[3] <= media[3]


HANDOUTS = [name for name, spec in MATERIALS.items() if not spec.statutory]


def _unmirrored(pages: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """Lines without brackets: on a right-to-left page the desk PDF's /ActualText reads
    "(1-800-4-A-CHILD)" as typed, the untagged print PDF's mirrored glyphs ")...(".
    """
    return tuple(tuple(line.translate(str.maketrans("", "", "()")) for line in page)
                 for page in pages)


@pytest.mark.parametrize("lang", ["en", "es", "en-XA", "ar-XB"])
def test_print_pdfs_lay_out_like_the_desk_pdfs(built: Path, built_pseudo: Path, lang: str):
    """The print PDF is the desk layout on the same trim, plus bleed and marks: every line of
    every page the same, in the same fonts (left to right, right to left, and copyfitted).
    So what test_threshold_languages.py checks on desk PDFs alone holds for print too."""
    dist = built if lang in ("en", "es") else built_pseudo
    for name in HANDOUTS:
        desk, printed = dist / lang / f"{name}.pdf", dist / lang / "print" / f"{name}.pdf"
        lines = _unmirrored(pdfs.page_lines(desk))
        assert lines and all(lines), f"{desk}: no text"
        assert _unmirrored(pdfs.page_lines(printed)) == lines, (
            f"{lang}/{name}: print laid out differently")
        assert {f.split("+", 1)[-1] for f in pdfs.fonts(printed)} == \
            {f.split("+", 1)[-1] for f in pdfs.fonts(desk)}, f"{lang}/{name}: other fonts"


# ---------------------------------------------------------------- prepress (issue 21): what a
# print shop's preflight and RIP look for, beyond the formal PDF/X-4 rules above.

SAFE_ZONE = 9  # points (1/8 in): no letter nearer the trimmed edge
INK_LIMIT = 300  # percent, all four plates together
QR_MODULES = 100  # subpaths: a fill this busy is a QR code (glyphs are text, icons a few paths)
K_ONLY_BLACK = ("DeviceCMYK", (0.0, 0.0, 0.0, 1.0))


def _print_builds() -> set[tuple[float, ...]]:
    """The palette's CMYK builds, as a content stream writes them (0 to 1)."""
    return {tuple(v / 100 for v in colour.cmyk) for colour in PALETTE.values()}


def test_the_palette_prints_dark_neutrals_on_black_alone_and_no_colour_over_300_percent():
    """What the print edition's colours are chosen by (handouts/render/palette.py)."""
    for name, colour in PALETTE.items():
        red, green, blue = (int(colour.srgb[i:i + 2], 16) for i in (1, 3, 5))
        dark_neutral = max(red, green, blue) < 0x80 and \
            max(red, green, blue) - min(red, green, blue) <= 0x20
        if dark_neutral:
            assert colour.cmyk[:3] == (0, 0, 0), f"{name} is near-black: K only, not {colour.cmyk}"
        assert sum(colour.cmyk) <= INK_LIMIT, f"{name}: {sum(colour.cmyk)} % ink"
        assert not any(0 < plate < 5 for plate in colour.cmyk), f"{name}: a plate under 5 %"
    assert PALETTE["ink"].cmyk == (0, 0, 0, 100) and PALETTE["black"].cmyk == (0, 0, 0, 100)


def test_print_pdfs_paint_only_in_cmyk_and_within_the_ink_limit(built: Path, built_pseudo: Path):
    """No DeviceRGB (nor any RGB, nor grey) left for a RIP to separate its own way: every
    colour on every page and in every form is one of the palette's CMYK builds, at most 300 %
    ink; no images."""
    paths = print_pdfs(built, built_pseudo)
    builds = _print_builds()
    problems = []
    for path in paths:
        for paint in inks.paints(path):
            where = f"{path.relative_to(path.parents[2])} p{paint.page} {paint.what}"
            if paint.space != "DeviceCMYK":
                problems.append(f"{where} in {paint.space}")
            elif paint.ink > INK_LIMIT:
                problems.append(f"{where}: {paint.ink} % ink")
            elif paint.values not in builds:
                problems.append(f"{where}: {paint.values} is not a palette colour")
    assert not problems, "\n".join(problems[:20])


def test_the_desk_edition_keeps_the_designed_srgb(built: Path):
    """Screens and office printers get the colours as designed: sRGB, the body text #1f2a30."""
    ink = tuple(round(int(PALETTE["ink"].srgb[i:i + 2], 16) / 255, 3) for i in (1, 3, 5))
    for path in every_pdf(built / "en"):
        if "print" in path.parts:
            continue
        paints = inks.paints(path)
        assert {p.space for p in paints} == {"DeviceRGB"}, path
        assert any(p.what == "text" and tuple(round(v, 3) for v in p.values) == ink
                   for p in paints), path


def test_print_text_and_qr_modules_put_black_on_the_black_plate_alone(built: Path,
                                                                      built_pseudo: Path):
    """Body text (the colour most glyphs are set in) is K only, and so are the QR code's
    modules and the crop marks, so small type and fine lines never fringe."""
    for path in print_pdfs(built, built_pseudo):
        paints = inks.paints(path)
        glyphs: dict[tuple, int] = {}
        for paint in paints:
            if paint.what == "text":
                glyphs[(paint.space, paint.values)] = glyphs.get((paint.space, paint.values),
                                                                 0) + paint.amount
        space, most = max(glyphs, key=glyphs.get)
        assert space == "DeviceCMYK" and most[:3] == (0, 0, 0), (path, most)
        qr = [p for p in paints if p.what == "fill" and p.amount >= QR_MODULES]
        if path.stem in ("fact-sheet", "school-handout"):
            assert qr, f"{path}: no QR code found"
        assert all((p.space, p.values) == K_ONLY_BLACK for p in qr), (path, qr)
        if path.stem != "hotline-card-sheet":  # the sheet draws its own marks (test below)
            assert any((p.space, p.values) == K_ONLY_BLACK for p in paints
                       if p.what == "stroke"), f"{path}: no crop marks in black alone"


def _trims(page: pikepdf.Page, card_sheet: bool) -> list[tuple[float, float, float, float]]:
    """The trimmed edges on a page: its TrimBox, or on the card sheet each card's own (the
    BleedBox is the block of cards, 2 across and 4 down, each with 9 pt of bleed)."""
    if not card_sheet:
        return [tuple(float(v) for v in page.TrimBox)]
    left, bottom, right, top = (float(v) for v in page.BleedBox)
    width, height = (right - left) / 2, (top - bottom) / 4
    return [(left + c * width + 9, bottom + r * height + 9,
             left + (c + 1) * width - 9, bottom + (r + 1) * height - 9)
            for c in range(2) for r in range(4)]


def test_print_text_stays_9_pt_inside_the_trim(built: Path, built_pseudo: Path):
    """Every letter (its drawn outline, as PDFium measures it) at least 1/8 in inside the
    trimmed edge of its page, or of its card on the sheet, in every language built."""
    import pypdfium2 as pdfium

    problems = []
    for path in print_pdfs(built, built_pseudo):
        document = pdfium.PdfDocument(path)
        with pikepdf.open(path) as pdf:
            for number, (page, obj) in enumerate(zip(document, pdf.pages, strict=True), 1):
                trims = _trims(obj, path.stem == "hotline-card-sheet")
                text = page.get_textpage()
                for i in range(text.count_chars()):
                    if not text.get_text_range(i, 1).strip():
                        continue
                    x0, y0, x1, y1 = text.get_charbox(i)
                    centre = ((x0 + x1) / 2, (y0 + y1) / 2)
                    trim = next((t for t in trims if t[0] <= centre[0] <= t[2]
                                 and t[1] <= centre[1] <= t[3]), trims[0])
                    gap = min(x0 - trim[0], y0 - trim[1], trim[2] - x1, trim[3] - y1)
                    if gap < SAFE_ZONE - 0.5:
                        problems.append(f"{path.relative_to(path.parents[2])} p{number}: "
                                        f"{text.get_text_range(i, 1)!r} {gap:.1f} pt from the "
                                        "trim")
                text.close()
        document.close()
    assert not problems, "\n".join(problems[:20])


def test_text_in_the_safe_zone_stops_the_build_naming_the_string(
        project: Path, capsys: pytest.CaptureFixture):
    """A layout (or a long translation) that puts letters within 1/8 in of the trim does not
    reach a print shop: the build check beside the overflow check names the string."""
    css = project / "templates" / "css" / "card.css"
    text, moved = re.subn(r"(\.card-back \.card-safe \{[^}]*?top: )[\d.]+in", r"\g<1>0.17in",
                          css.read_text(encoding="utf-8"))
    assert moved == 1, "card.css has a .card-back .card-safe rule with a top"
    css.write_text(text, encoding="utf-8")  # as before the safe zone: 3 pt below the trim
    assert _build(project, "--locale", "en", "--material", "hotline-card") == 1
    err = capsys.readouterr().err
    assert "safe-zone" in err and "at least 9 pt (1/8 in)" in err, err
    assert "en/hotline-card (desk and print)" in err and "page 2" in err, err
    assert not (project / "dist" / "en" / "print" / "hotline-card.pdf").exists()


def test_print_pdfs_have_no_annotations(built: Path, built_pseudo: Path):
    """Links belong to the desk edition; a print preflight flags annotations in the trim."""
    for path in print_pdfs(built, built_pseudo):
        with pikepdf.open(path) as pdf:
            assert not any("/Annots" in page.obj for page in pdf.pages), path
    assert pdfs.links(built / "en" / "fact-sheet.pdf"), "the desk edition keeps its links"


def test_print_pdfs_carry_the_metadata_a_rip_reads(built: Path):
    """The registered output condition, the PDF/X version in Info and XMP, the rendition
    class, and nothing defined only for X-1a and X-3."""
    for path in print_pdfs(built):
        with pikepdf.open(path) as pdf:
            intent = pdf.Root.OutputIntents[0]
            assert str(intent.OutputConditionIdentifier) == "CGATS TR 006", path
            assert str(intent.RegistryName) == "http://www.color.org", path
            assert str(pdf.trailer.Info.GTS_PDFXVersion) == "PDF/X-4", path
            xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
            assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp, path
            assert "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>" in xmp, path
            assert "GTS_PDFXConformance" not in xmp and "/GTS_PDFXConformance" not in \
                pdf.trailer.Info, path


def test_a_font_subset_tag_names_one_glyph_program_across_every_pdf(built: Path,
                                                                    built_pseudo: Path):
    """A RIP that gangs two jobs on one press sheet takes fonts by name: the same six-letter
    tag must never name two different subsets, desk or print, in any language."""
    programs: dict[str, set[str]] = {}
    for path in every_pdf(built, built_pseudo):
        with pikepdf.open(path) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary) and \
                        obj.get("/Type") == "/FontDescriptor":
                    program = obj.get("/FontFile2") or obj.get("/FontFile3")
                    digest = hashlib.sha256(program.read_bytes()).hexdigest()
                    programs.setdefault(str(obj.FontName), set()).add(digest)
    assert len(programs) > 10
    assert all(re.fullmatch(r"/[A-Z]{6}\+.+", name) for name in programs), sorted(programs)
    shared = {name: len(found) for name, found in programs.items() if len(found) > 1}
    assert not shared, f"one tag, several glyph programs: {shared}"


def test_the_print_card_sheet_keeps_its_marks_outside_the_cards_and_clear_of_the_gripper(
        built: Path):
    """8 cards, each with its own bleed, on Letter; the cut marks outside every card's bleed
    and at least 1/4 in from the paper's edge; BleedBox and TrimBox span the cards."""
    import pdfplumber

    path = built / "en" / "print" / "hotline-card-sheet.pdf"
    inch = pdfs.POINTS_PER_INCH
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            media, bleed, trim = ([float(v) for v in page.obj[k]]
                                  for k in ("/MediaBox", "/BleedBox", "/TrimBox"))
            assert media == [0, 0, 8.5 * inch, 11 * inch]
            assert bleed == [0.5 * inch, 1 * inch, 8 * inch, 10 * inch]
            assert trim == [b + d for b, d in zip(bleed, (9, 9, -9, -9), strict=True)]
    cuts_x = {0.5 * inch + c * 3.75 * inch + e for c in range(2) for e in (9, 3.75 * inch - 9)}
    cuts_y = {1 * inch + r * 2.25 * inch + e for r in range(4) for e in (9, 2.25 * inch - 9)}
    with pdfplumber.open(path) as doc:
        for page in doc.pages:
            marks = [r for r in page.rects if r["x1"] <= 0.5 * inch or r["x0"] >= 8 * inch
                     or r["bottom"] <= 1 * inch or r["top"] >= 10 * inch]
            assert len(marks) == 2 * len(cuts_x) + 2 * len(cuts_y), len(marks)
            for mark in marks:
                assert min(mark["x0"], mark["top"], 8.5 * inch - mark["x1"],
                           11 * inch - mark["bottom"]) >= 0.25 * inch - 0.01, mark
            found_x = {round((m["x0"] + m["x1"]) / 2, 1) for m in marks if m["height"] > 1}
            found_y = {round(11 * inch - (m["top"] + m["bottom"]) / 2, 1) for m in marks
                       if m["width"] > 1}
            assert found_x == {round(x, 1) for x in cuts_x}, found_x
            assert found_y == {round(y, 1) for y in cuts_y}, found_y


def _plates(path: Path, page: int, dpi: int, folder: Path) -> dict[str, Image.Image]:
    """One page separated into its four inks by Ghostscript (tiffsep), as a RIP would: each
    plate a greyscale picture, 255 where that ink is absent."""
    assert shutil.which("gs"), "Ghostscript is missing: run `sh install.sh`"
    subprocess.run(["gs", "-q", "-dBATCH", "-dNOPAUSE", "-dSAFER", "-sDEVICE=tiffsep",
                    f"-r{dpi}", f"-dFirstPage={page}", f"-dLastPage={page}",
                    f"-sOutputFile={folder / 'sep.tif'}", str(path)], check=True, timeout=120)
    return {ink: Image.open(folder / f"sep({ink}).tif").convert("L")
            for ink in ("Cyan", "Magenta", "Yellow", "Black")}


@pytest.mark.parametrize(("material", "page"), [("fact-sheet", 1), ("fact-sheet", 2),
                                                ("hotline-card", 2)])
def test_a_separation_puts_body_text_on_the_black_plate_alone(built: Path, tmp_path: Path,
                                                              material: str, page: int):
    """Separated into inks, the body text (the size most letters are set in, in solid black)
    is on the black plate and on no other: where a letter's black ink is, cyan, magenta and
    yellow are not. (The composite and the four plates: `gs -sDEVICE=tiffsep -r200 -o
    sep.tif dist/en/print/fact-sheet.pdf` writes sep.tif and sep(Cyan).tif ... sep(Black).tif.)"""
    import numpy as np
    import pdfplumber

    path = built / "en" / "print" / f"{material}.pdf"
    dpi = 200
    plates = {ink: 255 - np.asarray(im, dtype=int) for ink, im in
              _plates(path, page, dpi, tmp_path).items()}  # ink amount, 0 to 255
    with pdfplumber.open(path) as doc:
        sheet = doc.pages[page - 1]
        left, top = float(sheet.mediabox[0]), float(sheet.mediabox[3])
        chars = [c for c in sheet.chars if c["text"].strip()]
    sizes: dict[float, int] = {}
    for char in chars:
        sizes[round(char["size"], 1)] = sizes.get(round(char["size"], 1), 0) + 1
    body = max(sizes, key=sizes.get)
    scale = dpi / pdfs.POINTS_PER_INCH
    checked = 0
    for char in (c for c in chars if round(c["size"], 1) == body):
        box = (slice(int((top - char["y1"]) * scale), int((top - char["y0"]) * scale) + 1),
               slice(int((char["x0"] - left) * scale), int((char["x1"] - left) * scale) + 1))
        letter = plates["Black"][box] > 242  # where this letter puts solid black ink
        if letter.sum() < 3:  # a brand colour (teal: 65 % black), a grey, or a dot
            continue
        checked += 1
        for ink in ("Cyan", "Magenta", "Yellow"):
            assert plates[ink][box][letter].max() == 0, \
                f"{material} p{page}: {char['text']!r} also on the {ink.lower()} plate"
    assert checked >= 50, (checked, sizes[body])  # body text was found and checked


def test_every_colour_profile_says_where_it_came_from_and_its_licence():
    readme = (ROOT / "templates" / "color" / "README.md").read_text(encoding="utf-8")
    profiles = sorted((ROOT / "templates" / "color").glob("*.icc"))
    assert [p.name for p in profiles] == ["GRACoL-TR006-coated.icc", "sRGB2014.icc"]
    for icc in profiles:
        assert icc.name in readme, f"{icc.name} is not described in templates/color/README.md"
    assert "Zlib" in readme and "International Color Consortium" in readme
    assert not list(ROOT.glob("*.deb")), "Debian packages do not belong in the repository"


def _build(root: Path, *args: str) -> int:
    return main(["--jobs", "1", *args], root=root)


def test_a_notice_about_the_machine_is_said_once_and_never_fails_a_build(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):
    """Without HarfBuzz subsetting WeasyPrint falls back to fontTools and says so."""
    import weasyprint.pdf.fonts

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)
    assert _build(project, "--locale", "en", "--material", "hotline-card") == 0
    out = capsys.readouterr().out
    assert out.count("notice: fonts were subset with fontTools") == 1, out
    assert (project / "dist" / "en" / "print" / "hotline-card.pdf").exists()


def test_a_character_no_bundled_font_has_stops_the_build_naming_it(
        project: Path, capsys: pytest.CaptureFixture):
    card = project / "content" / "materials" / "hotline-card.yaml"
    text = card.read_text(encoding="utf-8")
    words = re.search(r"^(\s*title:\s*)(.+)$", text, re.MULTILINE)
    assert words, "the card's content has a title line"
    card.write_text(text.replace(words.group(0), words.group(1) + words.group(2).rstrip() +
                                 " ཀ", 1), encoding="utf-8")  # Tibetan: no font here
    assert _build(project, "--locale", "en", "--material", "hotline-card") == 1
    err = capsys.readouterr().err
    assert "en/hotline-card (desk and print)" in err, err
    assert '"ཀ" (U+0F40' in err and "none of the project's fonts" in err, err
    assert not (project / "dist" / "en" / "hotline-card.pdf").exists()


def test_a_css_rule_the_renderer_ignores_stops_the_build(project: Path,
                                                         capsys: pytest.CaptureFixture):
    css = project / "templates" / "css" / "hotline-card.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.front { colour: red; }\n",
                   encoding="utf-8")
    assert _build(project, "--locale", "en", "--material", "hotline-card") == 1
    err = capsys.readouterr().err
    assert "colour: red" in err and "renderer reported" in err, err
    assert not (project / "dist" / "en" / "hotline-card.pdf").exists()


def test_doctor_names_what_it_found_and_passes_here(capsys: pytest.CaptureFixture):
    assert main(["doctor"], root=ROOT) == 0
    out = capsys.readouterr().out
    for part in ("Python", "WeasyPrint", "Pango", "HarfBuzz subsetting", "NotoSans-Regular.ttf",
                 "GRACoL-TR006-coated.icc", "Chromium", "Ghostscript", "a build will work"):
        assert part in out, f"{part!r} not in:\n{out}"


def test_doctor_says_how_to_fix_a_missing_font(project: Path, capsys: pytest.CaptureFixture):
    (project / "templates" / "fonts" / "NotoSans-Bold.ttf").unlink()
    assert main(["doctor"], root=project) == 1
    out = capsys.readouterr().out
    assert "MISSING" in out and "NotoSans-Bold.ttf" in out, out
    assert "git checkout -- templates/fonts" in out, out


def test_system_packages_are_named_once_for_the_readme_and_ci():
    from handouts.doctor import system_packages

    needs = system_packages(ROOT)
    assert {"pango", "harfbuzz-subset", "chromium", "ghostscript"} <= set(needs)
    install = (ROOT / "install.sh").read_text(encoding="utf-8")
    assert "system-packages.txt" in install
    assert "sh install.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "sh install.sh && python build.py" in (ROOT / "README.md").read_text(encoding="utf-8")
