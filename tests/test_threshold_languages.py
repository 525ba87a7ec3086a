"""Los Angeles County's threshold languages, built once as drafts: every script prints.

The catalogs hold suggested translations (all fuzzy) waiting for a community translator's
review, so a normal build skips them and `--draft` prints them stamped. Every handout, desk and
print, in every one of these languages: only the project's fonts (Chinese and Korean from their
own region's), the PDF's language, the language's script in the text, right to left where it
should be, and every page within its count.
"""

from __future__ import annotations

import contextlib
import io
import re
import unicodedata
from pathlib import Path

import pytest

from handouts.cli import main
from handouts.materials import MATERIALS
from handouts.project import language_tag
from tests import pdfs
from tests.conftest import ROOT, copy_project

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
REGIONAL = {"Handout-Korean", "Handout-Simplified-Chinese", "Handout-Traditional-Chinese"}
OWN = {"Handout-Sans", "Handout-Arabic", "Handout-Armenian", "Handout-Khmer", *REGIONAL}
BUILT = [name for name, spec in MATERIALS.items() if not spec.statutory]
STAMP = "Suggested translation, not yet reviewed"


def present() -> list[str]:
    return [lang for lang in THRESHOLD
            if (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").exists()]


@pytest.fixture(scope="session")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One draft build of every handout in every threshold language (desk and print)."""
    root = copy_project(tmp_path_factory.mktemp("threshold"))
    said = io.StringIO()
    with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
        code = main(["--draft", "--jobs", "2", "--keep-html",
                     *[a for lang in present() for a in ("--locale", lang)]], root=root)
    assert code == 0, said.getvalue()
    return root / "dist"


def test_every_threshold_language_has_a_complete_suggested_catalog():
    from handouts.i18n.poscan import review_counts

    assert present() == list(THRESHOLD), "a threshold language has no catalog"
    for lang in THRESHOLD:
        _reviewed, suggested, missing = review_counts(
            ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po")
        assert missing == 0, f"{lang}: {missing} strings have no suggested translation"
        assert suggested > 100, f"{lang}: only {suggested} suggested translations"


def _pdfs(dist: Path, lang: str) -> list[Path]:
    return [dist / lang / folder / f"{name}.pdf" for name in BUILT for folder in ("", "print")]


@pytest.mark.parametrize("lang", present())
def test_every_handout_prints_within_its_pages(drafts: Path, lang: str):
    for path in _pdfs(drafts, lang):
        assert path.exists(), path
        spec = MATERIALS[path.stem]
        count = len(pdfs.reader(path).pages)
        assert count == spec.pages if spec.fixed else 1 <= count <= spec.pages, (path, count)


@pytest.mark.parametrize("lang", present())
def test_only_the_projects_fonts_and_the_regions_own(drafts: Path, lang: str):
    family = THRESHOLD[lang][1]
    for path in _pdfs(drafts, lang):
        names = {re.sub(r"-(Bold|Italic|BoldItalic)$", "", name.split("+", 1)[-1])
                 for name in pdfs.fonts(path)}
        assert family in names and names <= OWN, (path, names)
        assert names & REGIONAL <= {family}, f"{path}: another region's font: {names}"


@pytest.mark.parametrize("lang", present())
def test_the_pdf_says_its_language_and_holds_its_script(drafts: Path, lang: str):
    """Every PDF's /Lang; the words of each desk PDF's first page (the print PDF's are the same)."""
    script = THRESHOLD[lang][0]
    for path in _pdfs(drafts, lang):
        reader = pdfs.reader(path)
        assert reader.trailer["/Root"]["/Lang"] == language_tag(lang), path
        if path.parent.name == "print":
            continue
        text = " ".join(reader.pages[0].extract_text().split())
        assert STAMP in text, f"{path}: no 'not yet reviewed' stamp"
        letters = [c for c in text.replace(STAMP, "") if c.isalpha()]
        ours = [c for c in letters if unicodedata.name(c, "").startswith(script)]
        assert len(ours) > len(letters) / 2, f"{path}: mostly not {script}"
        if lang == "vi":
            assert re.search("[ơưđệềờữ]", text), path


@pytest.mark.parametrize("lang", present())
def test_right_to_left_where_the_language_is(drafts: Path, lang: str):
    html = (drafts / lang / "fact-sheet.html").read_text(encoding="utf-8")
    direction = "rtl" if lang in RIGHT_TO_LEFT else "ltr"
    assert f'dir="{direction}"' in html.split(">", 2)[1]


@pytest.mark.parametrize("lang", present())
def test_the_countys_own_names_come_from_the_catalog(drafts: Path, lang: str):
    """la-county.yaml gives English and Spanish; other languages take the catalog's names."""
    text = " ".join(pdfs.reader(drafts / lang / "school-handout.pdf").pages[-1]
                    .extract_text().split())
    english = "Information about services for youth who are sexually exploited"
    assert english not in text, f"{lang}: the county contact's role printed in English"
