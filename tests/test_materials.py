"""Brochure, hotline card, card sheet and school handout: sizes, bleed, tags, numbers, overflow.

Everything reads the session build (`built`); only the overflow and profile tests build again,
each in its own throw-away copy and for a single material.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests import pdfs
from tests.conftest import ROOT, numbers_on, run_cli

BLEED = 0.25  # the art's bleed, 1/8 in on each side
MARKS = 0.5  # the sheet: 1/4 in on each side, so crop marks sit outside the bleed
# material -> (pages, trim width, trim height in inches, print variant has page bleed)
SIZES = {
    "brochure": (2, 11.0, 8.5, True),
    "hotline-card": (2, 3.5, 2.0, True),
    "hotline-card-sheet": (2, 8.5, 11.0, False),  # imposed sheet: marks per card, no page bleed
    "school-handout": (None, 8.5, 11.0, True),
}
MATERIALS = tuple(SIZES)
# The card sheet's print PDF: the Letter sheet, its BleedBox the block of 8 cards with their
# bleed (2 x 3.75 by 4 x 2.25 in), its TrimBox the block their trims span.
SHEET_PRINT_BOXES = {"/MediaBox": (8.5, 11.0), "/BleedBox": (7.5, 9.0), "/TrimBox": (7.25, 8.75)}


def _es_complete() -> bool:
    po = ROOT / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return False
    with po.open("rb") as f:
        catalog = read_po(f)
    return all(m.string and not m.fuzzy for m in catalog if m.id)


LOCALES = ("en", pytest.param("es", marks=pytest.mark.skipif(
    not _es_complete(), reason="the Spanish catalog is not complete yet")))


@pytest.mark.parametrize("material", MATERIALS)
@pytest.mark.parametrize("lang", LOCALES)
def test_desk_pdf_is_trim_size_tagged_with_embedded_fonts(built: Path, lang: str, material: str):
    path = built / lang / f"{material}.pdf"
    pages, width, height, _ = SIZES[material]
    reader = pdfs.reader(path)
    if pages:
        assert len(reader.pages) == pages
    else:
        assert 1 <= len(reader.pages) <= 2
    for i in range(len(reader.pages)):
        assert pdfs.box(path, i, "/MediaBox") == (width, height)
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == lang
    fonts = pdfs.fonts(path)
    assert fonts and all(fonts.values()), f"fonts not embedded: {fonts}"


@pytest.mark.parametrize("material", MATERIALS)
@pytest.mark.parametrize("lang", LOCALES)
def test_print_pdf_has_bleed_and_output_intent(built: Path, lang: str, material: str):
    path = built / lang / "print" / f"{material}.pdf"
    _, width, height, bleed = SIZES[material]
    reader = pdfs.reader(path)
    extra, sheet = (BLEED, MARKS) if bleed else (0, 0)
    boxes = SHEET_PRINT_BOXES if material == "hotline-card-sheet" else {
        "/TrimBox": (width, height), "/BleedBox": (width + extra, height + extra),
        "/MediaBox": (width + sheet, height + sheet)}
    for i in range(len(reader.pages)):
        for name, size in boxes.items():
            assert pdfs.box(path, i, name) == size, (name, i)
    intents = reader.trailer["/Root"]["/OutputIntents"]
    intent = intents[0].get_object()
    assert intent["/S"] == "/GTS_PDFX"
    assert intent["/DestOutputProfile"].get_object()["/N"] == 4  # a CMYK profile
    fonts = pdfs.fonts(path)
    assert fonts and all(fonts.values()), f"fonts not embedded: {fonts}"


@pytest.mark.parametrize("material", MATERIALS)
@pytest.mark.parametrize("lang", LOCALES)
def test_every_hotline_number_is_printed(built: Path, lang: str, material: str):
    text = pdfs.text(built / lang / f"{material}.pdf")
    for number in numbers_on(material):
        assert number in text, f"{number} missing from the {lang} {material}"
    for number in ("1-888-373-7888", "233733", "911", "1-800-540-4000"):
        assert number in text, f"{number} missing from the {lang} {material}"


@pytest.mark.parametrize("lang", LOCALES)
def test_card_sheet_has_eight_cards_on_each_side(built: Path, lang: str):
    reader = pdfs.reader(built / lang / "hotline-card-sheet.pdf")
    back = " ".join((reader.pages[1].extract_text() or "").split())
    assert back.count("1-888-373-7888") >= 8
    front = " ".join((reader.pages[0].extract_text() or "").split())
    # the national hotline's number is on every front too (issue 15), without its name
    assert front.count("1-888-373-7888") >= 8
    assert "Trafficking" not in front and "Trata" not in front


def test_card_front_is_discreet(built: Path):
    """The front says what the number is for in one quiet line, and nothing more."""
    front = " ".join((pdfs.reader(built / "en" / "hotline-card.pdf").pages[0]
                      .extract_text() or "").split()).lower()
    assert front.count("sex") == 1 and "for help if someone makes you trade sex" in front, front
    for word in ("traffick", "exploit", "abuse", "crime", "police"):
        assert word not in front


def test_desk_pdfs_have_clickable_numbers(built: Path):
    for material in MATERIALS:
        links = pdfs.links(built / "en" / f"{material}.pdf")
        assert "tel:+18883737888" in links, material
        assert "tel:911" in links, material


def test_school_handout_names_the_default_profile(built: Path):
    text = pdfs.text(built / "en" / "school-handout.pdf")
    assert "CSECinfo@dmh.lacounty.gov" in text
    assert "AB 1227" in text


def test_a_second_profile_changes_the_school_handout(project: Path):
    result = run_cli(project, "--locale", "en", "--material", "school-handout",
                     "--profile", "example-school")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (project / "dist" / "en" / "school-handout.pdf").exists(), \
        "a school's handout must not take the place of the county's"
    text = pdfs.text(project / "dist" / "en" / "schools" / "example-school.pdf")
    assert "Example Middle School" in text
    assert "Ms. Rivera" in text
    assert "CSECinfo@dmh.lacounty.gov" not in text


def test_text_that_does_not_fit_fails_the_build_naming_it(project: Path):
    long = ("wherever you are and whatever happened, kind people want to listen to you any "
            "time of the day or night, and they will help you find a safe place to stay")
    card = project / "content" / "materials" / "hotline-card.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace(
        "subtitle: For help if someone makes you trade sex.",
        f"subtitle: For help if someone makes you trade sex, {long}, {long}."),
        encoding="utf-8")
    sections = project / "content" / "sections.yaml"
    sections.write_text(sections.read_text(encoding="utf-8").replace(
        "      - They lie about their age.",
        # long enough to spill out of the panel even at the brochure's last copyfit step
        "      - They lie about their age." + " They hide what is going on from everyone." * 20),
        encoding="utf-8")
    result = run_cli(project, "--locale", "en", "--material", "hotline-card",
                     "--material", "brochure")
    assert result.returncode == 1, result.stdout + result.stderr
    err = result.stderr
    assert "Traceback" not in err
    assert re.search(r"en/hotline-card \(desk and print\): .*makes you trade sex, wherever",
                     err), err
    assert err.count("makes you trade sex, wherever") == 1, err  # one line, not one per PDF
    assert re.search(r"en/brochure\b.*They lie about their age", err), err
    assert "does not fit" in err
    assert not (project / "dist" / "en" / "hotline-card.pdf").exists()
    assert not (project / "dist" / "en" / "brochure.pdf").exists()


def _pixel(path: Path, page: int, x_in: float, y_in: float) -> tuple[int, int, int]:
    """The colour at (x, y) inches from the top-left corner of the sheet, rendered at 100 dpi."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        image = pdf[page].render(scale=100 / 72).to_pil().convert("RGB")
    finally:
        pdf.close()
    return image.getpixel((round(x_in * 100), round(y_in * 100)))


def _dark(rgb: tuple[int, int, int]) -> bool:
    return sum(rgb) < 200  # the masthead's and the card's deep teal


def test_colour_runs_to_the_trim_and_into_the_bleed_not_onto_the_marks(built: Path):
    desk = built / "en" / "fact-sheet.pdf"
    assert _dark(_pixel(desk, 0, 0.02, 0.02)), "the masthead must start at the page's corner"
    printed = built / "en" / "print" / "fact-sheet.pdf"
    assert _dark(_pixel(printed, 0, 0.15, 0.5)), "the masthead must run 1/8 in into the bleed"
    assert _pixel(printed, 0, 0.05, 0.5) == (255, 255, 255), "nothing beyond the bleed"
    card = built / "en" / "print" / "hotline-card.pdf"
    assert _dark(_pixel(card, 0, 0.15, 1.0)) and _dark(_pixel(card, 0, 3.85, 1.0))
    assert _pixel(card, 0, 0.05, 1.0) == (255, 255, 255)


def _mark_positions(path: Path, page: int) -> tuple[list[float], list[float]]:
    """Where the cut marks are, in inches: x of the marks in the top margin, y of those in the
    left margin (dark pixels, rendered at 100 dpi)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        image = pdf[page].render(scale=100 / 72).to_pil().convert("L")
    finally:
        pdf.close()
    width, height = image.size
    xs = [x for x in range(width) if any(image.getpixel((x, y)) < 100 for y in range(5, 60))]
    ys = [y for y in range(height) if any(image.getpixel((x, y)) < 100 for x in range(5, 40))]

    def centres(found: list[int]) -> list[float]:
        runs: list[list[int]] = []
        for v in found:
            if runs and v - runs[-1][-1] <= 1:
                runs[-1].append(v)
            else:
                runs.append([v])
        return [round(sum(r) / len(r) / 100, 2) for r in runs]

    return centres(xs), centres(ys)


@pytest.mark.parametrize("form", ["", "print/"])
def test_card_sheet_cut_marks_line_up_front_and_back(built: Path, form: str):
    path = built / "en" / f"{form}hotline-card-sheet.pdf"
    front, back = _mark_positions(path, 0), _mark_positions(path, 1)
    assert front == back, "the backs would not land on the fronts"
    xs, ys = front
    near = {"abs": 0.02}
    assert xs == pytest.approx([0.625, 4.125, 4.375, 7.875], **near)  # two 3.5 in columns
    assert ys == pytest.approx([1.125, 3.125, 3.375, 5.375, 5.625, 7.625, 7.875, 9.875],
                               **near)  # four 2 in rows, 1/4 in gutters
    assert all(abs(x + y - 8.5) < 0.02 for x, y in zip(xs, reversed(xs), strict=True))
