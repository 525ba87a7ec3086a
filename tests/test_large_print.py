"""Large print for readers with low vision: every glyph 18 pt or more, headings larger, one
column, the desk handout's words, tagged with its language and a title that says what it is.

The large-print editions (and their desk editions, to compare with) are those of the session
build (`built`, made with --large-print).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from handouts.cli import main
from handouts.content.load import load_content
from handouts.context import Context
from handouts.jobs import LARGE_PRINT
from handouts.materials import MATERIALS
from handouts.project import Project
from handouts.publishing.plan import plan
from tests import pdfs
from tests.conftest import ROOT, numbers_on
from tests.test_clear_communication import _alt_texts

LARGE = [name for name, spec in MATERIALS.items() if spec.large_print]
LANGS = ["en", "es"]
# The session build's own options (it keeps its HTML too): a second run with them is a no-op
ARGS = ["--large-print", "--keep-html", "--locale", "en", "--locale", "es",
        *[a for name in LARGE for a in ("--material", name)]]
PAGE_NUMBER = re.compile(r"^\d+ / \d+$")
BODY = 18  # pt: the smallest size large print allows


@pytest.fixture(scope="session")
def large(built: Path) -> Path:
    """The project folder of the session build, which has every large-print edition."""
    return built.parent


@functools.cache
def _read(path: Path) -> tuple[list[list[float]], list[list[tuple[str, float, float]]]]:
    """Each page's glyph sizes, and its lines of text as (text, left edge, size of its largest
    glyph): one reading of the PDF for the tests that ask about its glyphs and lines."""
    sizes, pages = [], []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            sizes.append([c["size"] for c in page.chars if c["text"].strip()])
            found = []
            for line in page.extract_text_lines(return_chars=True):
                chars = [c for c in line["chars"] if c["text"].strip()]
                if chars:
                    found.append((line["text"].strip(), line["x0"],
                                  max(c["size"] for c in chars)))
            pages.append(found)
    return sizes, pages


def lines(path: Path) -> list[list[tuple[str, float, float]]]:
    """Each page's lines of text as (text, left edge, size of its largest glyph)."""
    return _read(path)[1]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("material", LARGE)
def test_every_glyph_on_every_page_is_18_point_or_more(large: Path, lang: str, material: str):
    pages = _read(large / "dist" / lang / LARGE_PRINT / f"{material}.pdf")[0]
    assert len(pages) > 1
    for number, sizes in enumerate(pages, start=1):
        assert sizes, f"page {number} has no text"
        assert min(sizes) >= BODY - 0.01, f"page {number}: {min(sizes):.1f} pt"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("material", LARGE)
def test_one_column_starting_at_the_left_margin(large: Path, lang: str, material: str):
    """Every line starts within an inch of the left margin: nothing sits in a second column."""
    pages = lines(large / "dist" / lang / LARGE_PRINT / f"{material}.pdf")
    starts = [x for page in pages for text, x, _ in page if not PAGE_NUMBER.match(text)]
    margin = min(starts)
    assert max(starts) - margin < pdfs.POINTS_PER_INCH, \
        [t for page in pages for t, x, _ in page if x - margin >= pdfs.POINTS_PER_INCH]


@pytest.mark.parametrize("material", LARGE)
def test_headings_are_larger_than_the_text(large: Path, material: str):
    content = load_content(ROOT / "content")
    spec = MATERIALS[material]
    slots = content.materials[spec.source].slots
    headings = {str(content.sections[s].heading) for slot in spec.large_print
                for s in slots[slot]}
    pages = lines(large / "dist" / "en" / LARGE_PRINT / f"{material}.pdf")
    body = Counter(round(size) for page in pages for _, _, size in page).most_common(1)[0][0]
    assert body == BODY

    def size_of(words: str) -> float:
        """The size of the line(s) that print `words` (a heading may wrap)."""
        return min(size for page in pages for text, _, size in page if words.startswith(text))

    title = size_of(str(content.materials[spec.source].title))
    assert all(title > size_of(heading) > body for heading in headings)


@pytest.mark.parametrize("lang,suffix", [("en", " (large print)"), ("es", " (letra grande)")])
@pytest.mark.parametrize("material", LARGE)
def test_tagged_with_its_language_and_a_title_that_says_large_print(
        large: Path, material: str, lang: str, suffix: str):
    path = large / "dist" / lang / LARGE_PRINT / f"{material}.pdf"
    desk = large / "dist" / lang / f"{material}.pdf"
    catalog = pdfs.reader(path).trailer["/Root"]
    assert catalog["/Lang"] == lang
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert pdfs.reader(path).metadata.title == pdfs.reader(desk).metadata.title + suffix


def words(path: Path) -> set[str]:
    """The words of a PDF, whatever the line breaks, letter case and punctuation around them."""
    text = pdfs.text(path).replace("- ", "-").replace("/ ", "/").lower()
    return {w.strip(".,;:()«»\"“”¿?¡!·•\u2013") for w in text.split()} - {""}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("material", LARGE)
def test_the_same_words_and_numbers_as_the_desk_handout(large: Path, material: str, lang: str):
    path = large / "dist" / lang / LARGE_PRINT / f"{material}.pdf"
    missing = words(large / "dist" / lang / f"{material}.pdf") - words(path)
    assert not missing, f"in the desk handout, not in large print: {sorted(missing)}"
    text = pdfs.text(path)
    assert all(number in text for number in numbers_on(material))
    assert set(pdfs.links(large / "dist" / lang / f"{material}.pdf")) <= set(pdfs.links(path))


def test_the_catalog_page_links_them(large: Path):
    page = (large / "dist" / "index.html").read_text(encoding="utf-8")
    for lang in LANGS:
        for material in LARGE:
            assert f'href="{lang}/{LARGE_PRINT}/{material}.pdf"' in page


def test_a_second_run_rebuilds_nothing(large: Path, capsys):
    capsys.readouterr()
    assert main(ARGS, root=large) == 0
    assert "0 built" in capsys.readouterr().out


def test_only_asked_for_and_only_for_handouts_that_have_it():
    context = Context(Project(ROOT))
    assert not [j for j in plan(context, ["en"], None, None, False) if j.edition == LARGE_PRINT]
    skipped: list[str] = []
    jobs = plan(context, ["en"], ["hotline-card", "fact-sheet"], None, False, skipped=skipped,
                large_print=True)
    assert [j.material for j in jobs if j.edition == LARGE_PRINT] == ["fact-sheet"]
    assert skipped == ["hotline-card has no large-print edition (only fact-sheet, brochure, "
                       "school-handout do)"]


def test_a_school_s_own_handout_in_large_print_is_listed_under_its_school(project: Path):
    assert main(["--large-print", "--material", "school-handout", "--profile", "example-school",
                 "--locale", "en", "--jobs", "1"], root=project) == 0
    path = f"en/{LARGE_PRINT}/schools/example-school.pdf"
    assert (project / "dist" / path).is_file()
    assert f'href="{path}"' in (project / "dist" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang,when", [("en", "Danger right now"), ("es", "Peligro ahora mismo")])
@pytest.mark.parametrize("material", LARGE)
def test_who_to_call_icons_are_decoration_beside_their_words(large: Path, material: str,
                                                             lang: str, when: str):
    """The situation is read once, as the words beside its icon (no figure repeats them)."""
    path = large / "dist" / lang / LARGE_PRINT / f"{material}.pdf"
    assert when in pdfs.text(path)
    assert not any(when in alt for alt in _alt_texts(path))
