"""The fact sheet, end to end: content + catalogs -> two PDFs a county agency can print."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import lines, pdfs
from tests.conftest import numbers_on

LOCALES = ("en", "es")


@pytest.mark.parametrize("lang", LOCALES)
def test_desk_pdf_is_letter_with_title_language_and_embedded_fonts(built: Path, lang: str):
    path = built / lang / "fact-sheet.pdf"
    reader = pdfs.reader(path)
    assert 1 <= len(reader.pages) <= 2
    for i in range(len(reader.pages)):
        assert pdfs.box(path, i, "/MediaBox") == (8.5, 11.0)
    assert reader.trailer["/Root"]["/Lang"] == lang
    assert reader.metadata.title, "the PDF needs a title for screen readers and file lists"
    fonts = pdfs.fonts(path)
    assert fonts and all(fonts.values()), f"fonts not embedded: {fonts}"
    # subset fonts carry a six-letter tag; only the bundled Noto Sans family is used
    assert all(name[7:].startswith("Handout-Sans") and name[6] == "+" for name in fonts), fonts


@pytest.mark.parametrize("lang", LOCALES)
def test_every_hotline_number_is_printed(built: Path, lang: str):
    text = pdfs.text(built / lang / "fact-sheet.pdf")
    for number in numbers_on("fact-sheet"):
        assert number in text, f"{number} missing from the {lang} fact sheet"
    assert "233733" in text


@pytest.mark.parametrize("lang", LOCALES)
def test_the_second_page_columns_end_level(built: Path, lang: str):
    """The second page's two columns are balanced: neither ends more than two lines below
    the other (a point of a list, or a heading with its first line, moves whole, so one can
    end a line or two short). WeasyPrint finds the height in rounds, which reuse the
    columns a new height leaves the same (pdf/column_rounds.py)."""
    page_two = [c for c in lines.columns(built / lang / "fact-sheet.html")
                if c.page == 2 and c.tag == "main"]
    assert len(page_two) == 1 and len(page_two[0].ends) == 2, page_two
    ends, line = page_two[0].ends, page_two[0].line
    assert max(ends) - min(ends) <= 2 * line, (
        f"{lang}: the columns on page 2 end {max(ends) - min(ends):.0f} px apart")


def test_spanish_text_keeps_its_accents_and_has_no_english_left(built: Path):
    text = pdfs.text(built / "es" / "fact-sheet.pdf")
    for mark in "áéíóñ¿":
        assert mark in text, f"'{mark}' did not survive into the Spanish PDF"
    assert "trata de personas" in text.lower()
    words = set(text.lower().replace(".", " ").replace(",", " ").split())
    english = {"the", "your", "you", "is", "and", "help", "what", "who", "with"} & words
    assert not english, f"English words left in the Spanish fact sheet: {english}"
    assert pdfs.reader(built / "es" / "fact-sheet.pdf").metadata.title != \
        pdfs.reader(built / "en" / "fact-sheet.pdf").metadata.title


def test_phone_numbers_are_clickable_on_the_desk_pdf(built: Path):
    links = pdfs.links(built / "en" / "fact-sheet.pdf")
    assert "tel:+18883737888" in links
    assert "sms:233733" in links
