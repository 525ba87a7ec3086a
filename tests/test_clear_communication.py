"""Issue 15: each handout opens with its main message and number, shows "who to call, when"
(words translated, numbers as data, alternative text in the tagged desk PDF), closes with what
to remember, and the wallet card gives the national hotline on its front at 8 pt or more.

Everything reads the session build (`built`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import pdfs

LANGS = ("en", "es")
LETTER = ("fact-sheet", "school-handout", "brochure")
# material -> the main message's words (en, es) and the number printed with it, on page 1
MAIN = {
    "fact-sheet": (("Any child can be targeted", "Cualquier menor puede ser blanco"),
                   "1-800-540-4000"),
    "school-handout": (("Traffickers reach young people", "Los tratantes buscan a jóvenes"),
                       "1-888-373-7888"),
    "brochure": (("You can get help.", "Puedes recibir ayuda."), "1-888-373-7888"),
}
WHO = {
    "en": ("Who to call, when", "Danger right now", "Worried about a child",
           "Want to talk or get help", "Crisis or thoughts of suicide"),
    "es": ("A quién llamar y cuándo", "Peligro ahora mismo", "Preocupación por un menor",
           "Para hablar o pedir ayuda", "Crisis o ideas de suicidio"),
}
WHO_NUMBERS = ("911", "1-800-540-4000", "1-888-373-7888", "233733", "988")
REMEMBER = {"en": ("What to remember", "Remember"), "es": ("Para recordar",)}


def page_text(path: Path, page: int) -> str:
    return " ".join((pdfs.reader(path).pages[page].extract_text() or "").split())


@pytest.mark.parametrize("material", LETTER)
@pytest.mark.parametrize("lang", LANGS)
def test_main_message_with_its_number_opens_page_one(built: Path, lang: str, material: str):
    words, number = MAIN[material]
    first = page_text(built / lang / f"{material}.pdf", 0)
    said = words[LANGS.index(lang)]
    assert said in first and number in first, f"{lang}/{material} page 1: {first[:300]}"


@pytest.mark.parametrize("material", LETTER)
@pytest.mark.parametrize("lang", LANGS)
def test_who_to_call_words_and_numbers(built: Path, lang: str, material: str):
    first = page_text(built / lang / f"{material}.pdf", 0)
    for words in WHO[lang]:
        assert words in first, f"{words!r} missing from {lang}/{material} page 1"
    for number in WHO_NUMBERS:
        assert number in first, f"{number} missing from {lang}/{material} page 1"


def _alt_texts(path: Path) -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                found.append(str(node["/Alt"]))
            kids = node.get("/K")
            if kids is not None:
                walk(kids)
        elif isinstance(node, list):
            for kid in node:
                walk(kid)

    walk(pdfs.reader(path).trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_who_to_call_icons_are_decoration_beside_their_words(built: Path, lang: str):
    """A screen reader reads each situation once, as the words beside its icon: the icons are
    artifacts, so no figure says the words again (PDF/UA review, December 2026)."""
    path = built / lang / "fact-sheet.pdf"
    alts = _alt_texts(path)
    for words in WHO[lang][1:]:
        assert words in page_text(path, 0)
        assert not any(words in alt for alt in alts), f"a figure repeats {words!r}: {alts}"


@pytest.mark.parametrize("material", LETTER)
@pytest.mark.parametrize("lang", LANGS)
def test_each_letter_handout_has_a_what_to_remember_box(built: Path, lang: str, material: str):
    text = pdfs.text(built / lang / f"{material}.pdf")
    assert any(heading in text for heading in REMEMBER[lang]), f"{lang}/{material}"
    if material != "brochure":  # what is known and what is not
        assert ("No one knows exactly" if lang == "en" else "Nadie sabe con exactitud") in text


@pytest.mark.parametrize("lang", LANGS)
def test_card_front_has_the_national_hotline_and_no_text_under_8_pt(built: Path, lang: str):
    import pdfplumber

    path = built / lang / "hotline-card.pdf"
    front = page_text(path, 0)
    assert "1-888-373-7888" in front and "233733" in front
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            sizes = {round(c["size"], 2) for c in page.chars if c["text"].strip()}
            assert sizes and min(sizes) >= 8, f"{lang} card page {page.page_number}: {sizes}"
