"""Every script a Los Angeles County translation may bring, laid out with the project's fonts.

Khmer gets line breaks between dictionary words, never inside a word or a cluster; Chinese
and Korean keep closing punctuation off the start of a line. The pseudo-locale en-XA (35%
longer) fits every handout, copyfitted where it has to be. (Each threshold language's own
font, /Lang and script in every handout: test_threshold_languages.py.)
"""
# ruff: noqa: RUF001  (full-width punctuation here is the point, not a typo)

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from handouts.materials import MATERIALS
from handouts.pdf import weasy
from handouts.pdf.typeset import DESK_STANDARD, Typesetter
from handouts.render import khmer
from tests import pdfs
from tests.conftest import ROOT

# --- Khmer line breaks -------------------------------------------------------------------

KHMER_SENTENCES = [
    "ការកេងប្រវ័ញ្ចផ្លូវភេទលើកុមារជាបទឧក្រិដ្ឋ។",  # exploiting children sexually is a crime
    "ប្រសិនបើអ្នកត្រូវការជំនួយ សូមទូរស័ព្ទមកយើងខ្ញុំ។",  # if you need help, please call us
    "ជនរងគ្រោះមិនមែនជាឧក្រិដ្ឋជនទេ។",  # victims are not criminals
    "ការជួញដូរមនុស្សកើតឡើងនៅក្នុងសហគមន៍របស់យើង។",  # trafficking happens in our community
]
# Never a break before these: COENG, dependent vowels, signs.
NO_BREAK_BEFORE = re.compile("[\u17d2\u17b6-\u17c5\u17c6-\u17d1\u17d3\u17dd]")


@pytest.mark.parametrize("sentence", KHMER_SENTENCES)
def test_khmer_breaks_fall_between_words_never_inside_a_cluster(sentence: str):
    marked = khmer.mark_breaks(sentence)
    assert marked.replace(khmer.ZWSP, "") == sentence  # nothing else changed
    assert marked.count(khmer.ZWSP) >= 3, "a Khmer sentence gets several break chances"
    for i, char in enumerate(marked):
        if char == khmer.ZWSP:
            before, after = marked[i - 1], marked[i + 1]
            assert not NO_BREAK_BEFORE.match(after), f"break inside a cluster at {i}: {marked!r}"
            assert before != "\u17d2", f"break after COENG at {i}: {marked!r}"
            assert "\u1780" <= after <= "\u17b3", f"break before a non-letter: {marked!r}"
    assert khmer.ZWSP + "។" not in marked and khmer.ZWSP + " " not in marked


def test_khmer_words_come_from_the_dictionary():
    """The breaks the review found inside words (ក|ន្លែង, ស|ញ្ញា, មនុ|ស្ស) are gone."""
    assert khmer.words("កុមារត្រូវការជំនួយ") == ("កុមារ", "ត្រូវការ", "ជំនួយ")  # a child needs help
    assert khmer.words("មិនអាចពន្យល់កន្លែង") == ("មិន", "អាច", "ពន្យល់", "កន្លែង")
    assert khmer.words("សញ្ញាជនជួញដូរមនុស្ស") == ("សញ្ញា", "ជន", "ជួញដូរ", "មនុស្ស")
    # a name the dictionary lacks stays whole, and takes no letter of the next word
    assert khmer.words("ខោនធីឡូសអាន់ជឺឡេសមិនអាច") == ("ខោនធី", "ឡូសអាន់ជឺឡេស", "មិន", "អាច")


def test_khmer_marks_only_khmer_in_the_body_and_respects_a_translators_own():
    typed = "ប្រសិនបើ\u200bអ្នក"
    assert khmer.mark_breaks(typed) == typed
    assert khmer.mark_breaks("Call 911 now.") == "Call 911 now."
    html = ('<html><head><title>កុមារត្រូវការ</title></head><body>'
            '<p title="កុមារត្រូវការ">កុមារត្រូវការ</p></body></html>')
    assert khmer.mark_breaks_in_html(html) == html.replace(
        "\">កុមារត្រូវការ<", f"\">កុមារ{khmer.ZWSP}ត្រូវការ<")


TEMPLATES = ROOT / "templates"


def _lines(html: str) -> list[str]:
    """Lay out `html` with the project's fonts and return the text of each line."""
    typesetter = _typesetter()
    document = typesetter.layout(html, standard=DESK_STANDARD)
    assert not typesetter.missing_glyphs(document)
    return [weasy._text(box) for page in document.pages for box in weasy._walk(page._page_box)
            if isinstance(box, weasy.boxes.LineBox)]


@functools.cache
def _typesetter() -> Typesetter:
    return Typesetter(TEMPLATES, [TEMPLATES])


def _narrow(lang: str, text: str, width: str) -> str:
    return (f'<html lang="{lang}"><head><link rel="stylesheet" href="css/base.css"></head>'
            f'<body><p style="width: {width}">{text}</p></body></html>')


def test_khmer_wraps_in_a_narrow_box_between_words():
    text = " ".join(KHMER_SENTENCES[:2])
    unmarked = _lines(_narrow("km", text, "1.2in"))
    assert any(len(line) > 30 for line in unmarked), "without marks Khmer does not wrap"
    lines = [line.replace(khmer.ZWSP, "") for line in
             _lines(khmer.mark_breaks_in_html(_narrow("km", text, "1.2in")))]
    assert len(lines) >= 4, lines
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        assert not NO_BREAK_BEFORE.match(line), f"a line starts inside a cluster: {lines}"


@pytest.mark.parametrize("lang, text", [
    ("zh-Hans", "如果您需要帮助，请随时拨打热线电话（全天二十四小时），我们会为您保密。"
                "如果有人处于危险之中，请拨打九一一。"),
    ("zh-Hant", "如果您需要幫助，請隨時撥打熱線電話（全天二十四小時），我們會為您保密。"
                "「孩子的安全」是我們的責任、也是您的責任。"),
    ("ko", "도움이 필요하면 언제든지 전화하세요(24시간). 비밀은 지켜집니다, 걱정하지 마세요."),
])
def test_closing_punctuation_never_starts_a_line(lang: str, text: str):
    for width in ("4.3em", "5.6em", "6.4em", "7.5em", "8.2em", "9.6em", "11em"):
        lines = [line.strip() for line in _lines(_narrow(lang, text, width))]
        assert len(lines) > 2
        starts = [line[0] for line in lines[1:] if line]
        assert not set(starts) & set("，。、）」』；：！？,.)"), (width, lines)


# --- copyfitting -------------------------------------------------------------------------

# What en-XA (35% longer) needs, as the summary says: the Letter handouts and the wallet card
# (and its sheet, which shares the card's faces) are set a step smaller and tighter.
COPYFITTED_EN_XA = {"fact-sheet", "brochure", "hotline-card", "hotline-card-sheet",
                    "school-handout"}


def test_en_xa_fits_every_handout_and_the_summary_names_the_copyfitted_ones(built_pseudo: Path):
    for material, spec in MATERIALS.items():
        if spec.statutory:  # the notice needs --notice-language; test_notice.py builds it
            continue
        for folder in ("", "print"):
            path = built_pseudo / "en-XA" / folder / f"{material}.pdf"
            assert path.exists(), path
            count = len(pdfs.reader(path).pages)
            assert count == spec.pages if spec.fixed else 1 <= count <= spec.pages, (path, count)
    summary = (built_pseudo.parent / "summary.txt").read_text(encoding="utf-8")
    fitted = re.findall(r"^copyfitted (\S+): .*\(step (\d) of (\d)\)", summary, re.MULTILINE)
    labels = {label for label, _, _ in fitted}
    assert {f"en-XA/{m}" for m in COPYFITTED_EN_XA} <= labels, summary
    assert len(labels) == len(fitted), summary  # one line per language and handout
    for label, step, of in fitted:
        assert 1 <= int(step) <= int(of) == MATERIALS[label.split("/")[1]].fit_steps, label
    assert not any(label.startswith("ar-XB/") for label in labels), summary


def test_the_card_sheet_is_set_like_the_wallet_card(built_pseudo: Path):
    """The sheet's faces are the card's (materials.Spec.fits_like): found fitting on one card,
    set at the same step, in the same sizes."""
    summary = (built_pseudo.parent / "summary.txt").read_text(encoding="utf-8")
    steps = dict(re.findall(r"^copyfitted (\S+): .*\(step (\d) of", summary, re.MULTILINE))
    for lang in ("en-XA", "ar-XB"):
        assert steps.get(f"{lang}/hotline-card-sheet") == steps.get(f"{lang}/hotline-card"), lang
        for folder in ("", "print"):
            card, sheet = (built_pseudo / lang / folder / f"{name}.pdf"
                           for name in ("hotline-card", "hotline-card-sheet"))
            assert set(_sizes(card)) == set(_sizes(sheet)), (lang, folder)


@functools.cache
def _sizes(path: Path) -> dict[float, int]:
    """How many visible characters the PDF sets at each size (points); read once."""
    import pdfplumber

    found: dict[float, int] = {}
    with pdfplumber.open(path) as doc:
        for page in doc.pages:
            for c in page.chars:
                if c["text"].strip():
                    size = round(c["size"], 1)
                    found[size] = found.get(size, 0) + 1
    return found


@pytest.mark.parametrize("material", ["fact-sheet", "brochure", "school-handout"])
def test_copyfitted_letter_handouts_keep_body_text_at_10_pt(built_pseudo: Path, material: str):
    sizes = _sizes(built_pseudo / "en-XA" / f"{material}.pdf")
    body = max(sizes, key=sizes.get)  # the size most of the text is set in
    assert body >= 10, sizes


@pytest.mark.parametrize("material", ["hotline-card", "hotline-card-sheet"])
def test_copyfitted_card_keeps_every_word_at_8_pt(built_pseudo: Path, material: str):
    sizes = _sizes(built_pseudo / "en-XA" / f"{material}.pdf")
    assert sizes and min(sizes) >= 8, sizes
