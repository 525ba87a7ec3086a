"""Los Angeles County's threshold languages: every handout prints in every script.

The catalogs hold suggested translations (all fuzzy) waiting for a community translator's
review, so a normal build skips them and `--draft` prints them stamped. Two session builds:

- `reviewed`: every handout in every threshold language as it prints once a reviewer has
  approved the catalog (a copy whose fuzzy flags are cleared, as approving each entry in
  Poedit does), built normally: every page within its count, only the project's fonts,
  embedded (Chinese and Korean from their own region's), the PDF's language, the language's
  script in the text (in reading order where the script's order is simple), right to left
  where it should be, the county's names from the catalog.
- `drafts`: the catalogs as they are, with --draft: the wallet card in every threshold
  language and every handout in Arabic, each page stamped "not yet reviewed" and within its
  count. A draft lays out like the reviewed handout: the stamp is `position: fixed` (out of
  the flow) and the highlights are inline <mark>s with no margin, border or padding (their
  outline takes no room; css/base.css). Their edges can nudge a word by a point or two along
  its line, never onto another line in today's catalogs (every glyph of the 50 draft and
  reviewed desk PDFs was compared when these two builds replaced one draft build of all).
  Drawing the dotted highlight round every string costs four times the layout, which is
  why only these drafts are made.

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

from handouts.build import pipeline
from handouts.materials import MATERIALS
from handouts.project import language_tag
from tests import pdfs
from tests.conftest import ROOT, copy_project, run_cli

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
DRAFTED = "ar"  # the language whose every handout is drafted too: right to left
# The wallet card's words, looked up in each catalog
CARD = ("You are not alone.", "For help if someone makes you trade sex.",
        "They can help you find a safe place.")


def present() -> list[str]:
    return [lang for lang in THRESHOLD
            if (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").exists()]


def desk_build(root: Path, *args: str) -> str:
    """Build in-process with the pipeline's own plan less its print PDFs; the summary."""
    every = pipeline.plan

    def desk_only(*args: object, **kwargs: object) -> list:
        return [job for job in every(*args, **kwargs) if job.edition == "desk"]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "plan", desk_only)
        result = run_cli(root, "--jobs", "2", "--keep-html", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not list((root / "dist").glob("**/print")), "the print PDFs were built too"
    return result.stdout


def approve(po: Path) -> None:
    """Clear every fuzzy flag, as a reviewer approving each entry in Poedit does."""
    lines = []
    for line in po.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("#,"):
            flags = [f.strip() for f in line[2:].split(",") if f.strip() != "fuzzy"]
            if not flags:
                continue
            line = "#, " + ", ".join(flags) + "\n"
        lines.append(line)
    po.write_text("".join(lines), encoding="utf-8")


def _locales() -> list[str]:
    return [a for lang in present() for a in ("--locale", lang)]


@pytest.fixture(scope="session")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every handout in every threshold language, its catalog approved, desk PDFs."""
    root = copy_project(tmp_path_factory.mktemp("threshold-reviewed"))
    for lang in present():
        approve(root / "locales" / lang / "LC_MESSAGES" / "messages.po")
    desk_build(root, *_locales())
    return root / "dist"


@pytest.fixture(scope="session")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The catalogs as they are, --draft: the card in every language, everything in Arabic."""
    root = copy_project(tmp_path_factory.mktemp("threshold-drafts"))
    desk_build(root, "--draft", "--material", "hotline-card", *_locales())
    desk_build(root, "--draft", "--locale", DRAFTED)
    return root / "dist" / "drafts"


def test_every_threshold_language_has_a_complete_suggested_catalog():
    from handouts.i18n.poscan import review_counts

    assert present() == list(THRESHOLD), "a threshold language has no catalog"
    for lang in THRESHOLD:
        _reviewed, suggested, missing = review_counts(
            ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po")
        assert missing == 0, f"{lang}: {missing} strings have no suggested translation"
        assert suggested > 100, f"{lang}: only {suggested} suggested translations"


def _pdfs(dist: Path, lang: str, names: list[str] = BUILT) -> list[Path]:
    return [dist / lang / f"{name}.pdf" for name in names]


def _within_its_pages(path: Path) -> None:
    assert path.exists(), path
    spec = MATERIALS[path.stem]
    count = len(pdfs.reader(path).pages)
    assert count == spec.pages if spec.fixed else 1 <= count <= spec.pages, (path, count)


@pytest.mark.parametrize("lang", present())
def test_every_handout_prints_within_its_pages(reviewed: Path, lang: str):
    for path in _pdfs(reviewed, lang):
        _within_its_pages(path)


@pytest.mark.parametrize("lang", present())
def test_only_the_projects_fonts_embedded_and_the_regions_own(reviewed: Path, drafts: Path,
                                                              lang: str):
    family = THRESHOLD[lang][1]
    for path in [*_pdfs(reviewed, lang), *_pdfs(drafts, lang, ["hotline-card"])]:
        fonts = pdfs.fonts(path)
        assert fonts and all(fonts.values()), f"{path}: fonts not embedded: {fonts}"
        names = {re.sub(r"-(Bold|Italic|BoldItalic)$", "", name.split("+", 1)[-1])
                 for name in fonts}
        assert family in names and names <= OWN, (path, names)
        # Chinese and Korean each from their own region's font, and only that one
        assert names & REGIONAL <= {family}, f"{path}: another region's font: {names}"


def _mostly(script: str, text: str, path: Path) -> None:
    letters = [c for c in text.replace(STAMP, "") if c.isalpha()]
    ours = [c for c in letters if unicodedata.name(c, "").startswith(script)]
    assert len(ours) > len(letters) / 2, f"{path}: mostly not {script}"


@pytest.mark.parametrize("lang", present())
def test_the_pdf_says_its_language_and_holds_its_script(reviewed: Path, lang: str):
    """Every PDF's /Lang; the words of its first page, mostly in the language's script."""
    script = THRESHOLD[lang][0]
    for path in _pdfs(reviewed, lang):
        assert pdfs.reader(path).trailer["/Root"]["/Lang"] == language_tag(lang), path
        text = pdfs.page_texts(path)[0]
        assert STAMP not in text, f"{path}: an approved catalog prints as a draft"
        _mostly(script, text, path)
        if lang == "vi":
            assert re.search("[ơưđệềờữ]", text), path


@pytest.mark.parametrize("lang", present())
def test_a_draft_is_stamped_on_every_page_and_prints_within_its_pages(drafts: Path, lang: str):
    """What `--draft` prints today: the suggestions, every page stamped not yet reviewed."""
    for path in _pdfs(drafts, lang, BUILT if lang == DRAFTED else ["hotline-card"]):
        _within_its_pages(path)
        assert pdfs.reader(path).trailer["/Root"]["/Lang"] == language_tag(lang), path
        texts = pdfs.page_texts(path)
        for number, text in enumerate(texts, start=1):
            assert STAMP in text, f"{path} page {number}: no 'not yet reviewed' stamp"
        _mostly(THRESHOLD[lang][0], texts[0], path)


def test_a_screen_reader_skips_the_draft_stamp(drafts: Path):
    """The stamp is on the page for the eye; in the desk PDF it is an artifact, never read."""
    stamp = "".join(STAMP.split())
    for path in _pdfs(drafts, DRAFTED, BUILT):
        read = "".join(pdfs.structure(path)[0].text.split())
        assert stamp not in read, f"{path}: the stamp is read aloud"
        for page in range(len(pdfs.reader(path).pages)):
            skipped = "".join(text for (number, _, tag), text in pdfs.marked_text(path).items()
                              if number == page and tag == "Artifact")
            assert stamp in "".join(skipped.split()), f"{path} page {page + 1}"


def test_drafts_live_apart_and_the_catalog_page_marks_each_one(drafts: Path):
    """No draft takes a final handout's file name, and the page never calls one final."""
    dist = drafts.parent
    assert [p for p in dist.rglob("*.pdf") if not p.is_relative_to(drafts)] == []
    page = (dist / "index.html").read_text(encoding="utf-8")
    offered = [item for item in page.split("<li ") if 'href="drafts/' in item]
    assert len(offered) == len(list(drafts.glob("*/*.pdf"))) > len(present())
    for item in offered:
        assert item.startswith('class="edition draft"'), item[:200]
        assert "Draft, not for printing" in item and "Fully translated" not in item, item


@pytest.mark.parametrize("lang", sorted(SIMPLE_ORDER & set(present())))
def test_the_words_are_real_text_in_reading_order(reviewed: Path, lang: str):
    """Searchable and read aloud as written: the card's translated sentences, whole."""
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalog = read_po(f)
    text = unicodedata.normalize("NFC", " ".join(pdfs.page_texts(reviewed / lang /
                                                                 "hotline-card.pdf")))
    folded = "".join(text.split())
    for msgid in CARD:
        said = catalog.get(msgid).string
        assert said and "".join(said.split()) in folded, f"{lang}: {said!r} not in {text[:300]}"


@pytest.mark.parametrize("lang", present())
def test_right_to_left_where_the_language_is(reviewed: Path, lang: str):
    direction = "rtl" if lang in RIGHT_TO_LEFT else "ltr"
    for name in BUILT:
        html = (reviewed / lang / f"{name}.html").read_text(encoding="utf-8")
        assert f'dir="{direction}"' in html.split(">", 2)[1], f"{lang}/{name}"


@pytest.mark.parametrize("lang", present())
def test_the_countys_own_names_come_from_the_catalog(reviewed: Path, lang: str):
    """la-county.yaml gives English and Spanish; other languages take the catalog's names."""
    text = pdfs.page_texts(reviewed / lang / "school-handout.pdf")[-1]
    english = "Information about services for youth who are sexually exploited"
    assert "CSECinfo@dmh.lacounty.gov" in text, f"{lang}: the county contact is not there"
    assert english not in text, f"{lang}: the county contact's role printed in English"
