"""Los Angeles County's threshold languages, built once as drafts: every script prints.

The catalogs hold suggested translations (all fuzzy) waiting for a community translator's
review, so a normal build skips them and `--draft` prints them stamped. Every handout in every
one of these languages: only the project's fonts, embedded (Chinese and Korean from their own
region's), the PDF's language, the language's script in the text (in reading order where the
script's order is simple), right to left where it should be, and every page within its count.

Desk PDFs only. A print PDF is the same layout on the same trim (css/print.css adds the bleed
and the marks outside the page box; each `.print` rule moves a background into the bleed and
adds exactly as much padding): its fitting, fonts and direction are those of its desk PDF, as
test_print_promises.py::test_print_pdfs_lay_out_like_the_desk_pdfs checks on every handout in
English, Spanish and both pseudo-locales, and its print-only promises (PDF/X-4, boxes, bleed,
DefaultRGB) are checked there too.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from handouts import pipeline
from handouts.materials import MATERIALS
from handouts.project import language_tag
from tests import pdfs
from tests.conftest import ROOT, copy_project, run_cli

pytestmark = pytest.mark.slow

# language -> (the Unicode script most of its letters belong to, its own font family)
THRESHOLD = {
    "ar": ("ARABIC", "Handout-Arabic"), "fa": ("ARABIC", "Handout-Arabic"),
    "hy": ("ARMENIAN", "Handout-Armenian"), "km": ("KHMER", "Handout-Khmer"),
    "ko": ("HANGUL", "Handout-Korean"), "ru": ("CYRILLIC", "Handout-Sans"),
    "tl": ("LATIN", "Handout-Sans"), "vi": ("LATIN", "Handout-Sans"),
    "zh_Hans": ("CJK", "Handout-Simplified-Chinese"),
    "zh_Hant": ("CJK", "Handout-Traditional-Chinese"),
}
RIGHT_TO_LEFT = {"ar", "fa"}
# Scripts a PDF reader reads back in the order they were written (no shaping, no reordering).
SIMPLE_ORDER = {"hy", "ko", "ru", "tl", "vi", "zh_Hans", "zh_Hant"}
REGIONAL = {"Handout-Korean", "Handout-Simplified-Chinese", "Handout-Traditional-Chinese"}
OWN = {"Handout-Sans", "Handout-Arabic", "Handout-Armenian", "Handout-Khmer", *REGIONAL}
BUILT = [name for name, spec in MATERIALS.items() if not spec.statutory]
STAMP = "Suggested translation, not yet reviewed"
# The wallet card's words, looked up in each catalog
CARD = ("You are not alone.", "You deserve to be safe.",
        "They can help you find a safe place and someone to talk to.")


def present() -> list[str]:
    return [lang for lang in THRESHOLD
            if (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").exists()]


@pytest.fixture(scope="session")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One draft build of every handout in every threshold language, desk PDFs only."""
    root = copy_project(tmp_path_factory.mktemp("threshold"))
    every = pipeline.plan

    def desk_only(*args: object, **kwargs: object) -> list:
        return [job for job in every(*args, **kwargs) if job.variant == "desk"]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "plan", desk_only)  # the build's plan, less the print PDFs
        result = run_cli(root, "--draft", "--jobs", "2", "--keep-html",
                         *[a for lang in present() for a in ("--locale", lang)])
    assert result.returncode == 0, result.stdout + result.stderr
    assert not list((root / "dist").glob("*/print")), "the print PDFs were built too"
    return root / "dist"


def test_every_threshold_language_has_a_complete_suggested_catalog():
    from handouts.poscan import review_counts

    assert present() == list(THRESHOLD), "a threshold language has no catalog"
    for lang in THRESHOLD:
        _reviewed, suggested, missing = review_counts(
            ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po")
        assert missing == 0, f"{lang}: {missing} strings have no suggested translation"
        assert suggested > 100, f"{lang}: only {suggested} suggested translations"


def _pdfs(dist: Path, lang: str) -> list[Path]:
    return [dist / lang / f"{name}.pdf" for name in BUILT]


@pytest.mark.parametrize("lang", present())
def test_every_handout_prints_within_its_pages(drafts: Path, lang: str):
    for path in _pdfs(drafts, lang):
        assert path.exists(), path
        spec = MATERIALS[path.stem]
        count = len(pdfs.reader(path).pages)
        assert count == spec.pages if spec.fixed else 1 <= count <= spec.pages, (path, count)


@pytest.mark.parametrize("lang", present())
def test_only_the_projects_fonts_embedded_and_the_regions_own(drafts: Path, lang: str):
    family = THRESHOLD[lang][1]
    for path in _pdfs(drafts, lang):
        fonts = pdfs.fonts(path)
        assert fonts and all(fonts.values()), f"{path}: fonts not embedded: {fonts}"
        names = {re.sub(r"-(Bold|Italic|BoldItalic)$", "", name.split("+", 1)[-1])
                 for name in fonts}
        assert family in names and names <= OWN, (path, names)
        # Chinese and Korean each from their own region's font, and only that one
        assert names & REGIONAL <= {family}, f"{path}: another region's font: {names}"


@pytest.mark.parametrize("lang", present())
def test_the_pdf_says_its_language_and_holds_its_script(drafts: Path, lang: str):
    """Every PDF's /Lang; the words of its first page: stamped, and mostly in the script."""
    script = THRESHOLD[lang][0]
    for path in _pdfs(drafts, lang):
        assert pdfs.reader(path).trailer["/Root"]["/Lang"] == language_tag(lang), path
        text = pdfs.page_texts(path)[0]
        assert STAMP in text, f"{path}: no 'not yet reviewed' stamp"
        letters = [c for c in text.replace(STAMP, "") if c.isalpha()]
        ours = [c for c in letters if unicodedata.name(c, "").startswith(script)]
        assert len(ours) > len(letters) / 2, f"{path}: mostly not {script}"
        if lang == "vi":
            assert re.search("[ơưđệềờữ]", text), path


@pytest.mark.parametrize("lang", sorted(SIMPLE_ORDER & set(present())))
def test_the_words_are_real_text_in_reading_order(drafts: Path, lang: str):
    """Searchable and read aloud as written: the card's translated sentences, whole."""
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f)
    text = unicodedata.normalize("NFC", " ".join(pdfs.page_texts(drafts / lang /
                                                                 "hotline-card.pdf")))
    folded = "".join(text.split())
    for msgid in CARD:
        said = catalog.get(msgid).string
        assert said and "".join(said.split()) in folded, f"{lang}: {said!r} not in {text[:300]}"


@pytest.mark.parametrize("lang", present())
def test_right_to_left_where_the_language_is(drafts: Path, lang: str):
    direction = "rtl" if lang in RIGHT_TO_LEFT else "ltr"
    for name in BUILT:
        html = (drafts / lang / f"{name}.html").read_text(encoding="utf-8")
        assert f'dir="{direction}"' in html.split(">", 2)[1], f"{lang}/{name}"


@pytest.mark.parametrize("lang", present())
def test_the_countys_own_names_come_from_the_catalog(drafts: Path, lang: str):
    """la-county.yaml gives English and Spanish; other languages take the catalog's names."""
    text = pdfs.page_texts(drafts / lang / "school-handout.pdf")[-1]
    english = "Information about services for youth who are sexually exploited"
    assert "CSECinfo@dmh.lacounty.gov" in text, f"{lang}: the county contact is not there"
    assert english not in text, f"{lang}: the county contact's role printed in English"
