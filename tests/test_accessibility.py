"""What a screen reader gets from the desk PDFs (the PDF/UA points of the December 2026 review,
issue 21): the H1 is the first heading read, every word is either read or an artifact, the
card sheet reads one card, decoration is skipped, and links say who they reach.

The session build's desk PDFs (English and Spanish, with large print) are opened with pikepdf
and their structure trees walked (tests/pdfs.py: `structure`); the text of each marked-content
sequence comes from pdfplumber. The notice's sections and the draft stamp are checked beside
their own builds (test_notice.py, test_threshold_languages.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest

from tests import pdfs

LANGS = ["en", "es"]
DESK = ["fact-sheet", "brochure", "hotline-card", "hotline-card-sheet", "school-handout"]
LARGE_PRINT = ["fact-sheet", "brochure", "school-handout"]
EXAMPLE = {"en": "Call LA County Child Protection Hotline, 1-800-540-4000",
           "es": "Llamar a Línea de Protección Infantil del Condado de LA, 1-800-540-4000"}


def desk_pdfs(built: Path, lang: str) -> list[Path]:
    return ([built / lang / f"{m}.pdf" for m in DESK]
            + [built / lang / "large-print" / f"{m}.pdf" for m in LARGE_PRINT])


def _words(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("lang", LANGS)
def test_the_first_heading_read_is_the_one_h1(built: Path, lang: str):
    """On every handout, the brochure's cover (outside, right) included: the fold-in flap
    beside it is read after the cover, though it is left of it on the page."""
    for path in desk_pdfs(built, lang):
        found = pdfs.headings(path)
        assert found, f"{path}: no heading"
        assert found[0].tag == "H1" and found[0].text.strip(), \
            f"{path}: the first heading read is {found[0].tag} {found[0].text!r}"
        assert [h.tag for h in found].count("H1") == 1, f"{path}: {found}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_card_s_title_is_its_heading(built: Path, lang: str):
    card = built / lang / "hotline-card.pdf"
    title = pdfs.headings(card)[0].text
    assert _words(title) in _words(pdfs.page_texts(card)[0]), "the H1 is not the front's title"
    assert pdfs.headings(built / lang / "hotline-card-sheet.pdf")[0].text == title


@pytest.mark.parametrize("lang", LANGS)
def test_every_word_is_read_or_an_artifact(built: Path, lang: str):
    """No text outside the structure tree, and no tagged text the tree does not reach."""
    for path in desk_pdfs(built, lang):
        marked = pdfs.marked_text(path)
        loose = {key: text for key, text in marked.items()
                 if key[1] is None and key[2] != "Artifact" and text.strip()}
        assert not loose, f"{path}: text neither tagged nor an artifact: {loose}"
        reached = {mark for element in pdfs.structure(path) for mark in element.marks}
        tagged = {(page, mcid) for page, mcid, _ in marked if mcid is not None}
        assert tagged <= reached, f"{path}: marked content the tree does not reach"


@pytest.mark.parametrize("lang", LANGS)
def test_icons_are_decoration_and_figures_say_what_no_label_says(built: Path, lang: str):
    """The icons stand beside the words they picture: a figure would say the words twice. A
    figure (a QR code, the card's drawing) has alternative text the page does not print."""
    for path in desk_pdfs(built, lang):
        printed = " ".join(pdfs.text(path).split())
        for figure in (e for e in pdfs.structure(path) if e.tag == "Figure"):
            assert figure.alt, f"{path}: a figure without alternative text: {figure}"
            assert " ".join(figure.alt.split()) not in printed, \
                f"{path}: a figure repeats the words printed beside it: {figure}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_card_sheet_reads_its_first_card_once(built: Path, lang: str):
    card, sheet = built / lang / "hotline-card.pdf", built / lang / "hotline-card-sheet.pdf"
    read = [_words(pdfs.structure(path)[0].text) for path in (card, sheet)]
    assert read[0] == read[1], "the sheet is read differently from one card"
    links = [[link for e in pdfs.structure(path) for link in e.links] for path in (card, sheet)]
    assert links[0] == links[1]
    with pikepdf.open(sheet) as pdf:
        annotations = sum(len(page.get("/Annots", [])) for page in pdf.pages)
    assert annotations == len(links[1]), "the seven copies still carry links"
    copies = "".join(text for (page, _, tag), text in pdfs.marked_text(sheet).items()
                     if page == 0 and tag == "Artifact")
    assert _words(copies).count(_words(pdfs.headings(card)[0].text)) == 7


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.mark.parametrize("lang", LANGS)
def test_links_say_who_they_reach_not_a_raw_address(built: Path, lang: str):
    said: list[str] = []
    for path in desk_pdfs(built, lang):
        with pikepdf.open(path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                for annotation in page.get("/Annots", []):
                    where = f"{path} page {number}"
                    assert "/StructParent" in annotation, f"{where}: a link outside the tree"
                    uri = str(annotation.A.URI)
                    description = str(annotation.get("/Contents", ""))
                    assert description and not re.match(r"[a-z]+:", description), \
                        f"{where}: the link to {uri} is described as {description!r}"
                    if uri.startswith(("tel:", "sms:")):  # ends with the number it calls
                        assert _digits(uri.split("?")[0]).endswith(
                            _digits(description.rsplit(",", 1)[-1])), (where, description)
                    said.append(description)
    assert EXAMPLE[lang] in said
