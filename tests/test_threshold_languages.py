"""Los Angeles County's threshold languages: every handout prints in every script.

Armenian has two catalogs: `hy`, Eastern Armenian, and `hyw`, Western Armenian; both are checked.

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
  A draft of every handout in every language cost more than twice these two builds (84 s of
  CPU against 39 s, 2026-12-03, when the suggestions' edge was still dotted), which is why
  only these drafts are made.

Desk PDFs only. A print PDF is the same layout on the same trim (css/print.css adds the bleed
and the marks outside the page box; each `.print` rule moves a background into the bleed and
adds exactly as much padding): its fitting, fonts and direction are those of its desk PDF, as
test_print_promises.py::test_print_pdfs_lay_out_like_the_desk_pdfs checks on every handout in
English, Spanish and both pseudo-locales, and its print-only promises (PDF/X-4, boxes, bleed,
DefaultRGB) are checked there too.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from handouts.jobs import Job
from handouts.materials import MATERIALS
from handouts.project import language_tag
from handouts.publishing import plan as planning
from handouts.render import khmer
from tests import lines, pdfs
from tests.conftest import ROOT, copy_project, run_cli

# language -> (the Unicode script most of its letters belong to, its own font family)
THRESHOLD = {
    "ar": ("ARABIC", "Handout-Arabic"), "fa": ("ARABIC", "Handout-Arabic"),
    "hy": ("ARMENIAN", "Handout-Armenian"), "hyw": ("ARMENIAN", "Handout-Armenian"),
    "km": ("KHMER", "Handout-Khmer"),
    "ko": ("HANGUL", "Handout-Korean"), "ru": ("CYRILLIC", "Handout-Sans"),
    "tl": ("LATIN", "Handout-Sans"), "vi": ("LATIN", "Handout-Sans"),
    "zh_Hans": ("CJK", "Handout-Simplified-Chinese"),
    "zh_Hant": ("CJK", "Handout-Traditional-Chinese"),
}
RIGHT_TO_LEFT = {"ar", "fa"}
# Scripts a PDF reader reads back in the order they were written (no shaping, no reordering).
SIMPLE_ORDER = {"hy", "hyw", "ko", "ru", "tl", "vi", "zh_Hans", "zh_Hant"}
REGIONAL = {"Handout-Korean", "Handout-Simplified-Chinese", "Handout-Traditional-Chinese"}
OWN = {"Handout-Sans", "Handout-Arabic", "Handout-Armenian", "Handout-Khmer", *REGIONAL}
BUILT = [name for name, spec in MATERIALS.items() if not spec.statutory]
STAMP = "Suggested translation, not yet reviewed"
DRAFTED = "ar"  # the language whose every handout is drafted too: right to left
# The wallet card's words, looked up in each catalog
CLOSING = set("，。、）」』；：！？")  # noqa: RUF001 (never at the start of a Chinese line)
CARD = ("You are not alone.", "For help if someone makes you trade sex.",
        "They can help you find a safe place.")


def present() -> list[str]:
    return [lang for lang in THRESHOLD
            if (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").exists()]


def desk_build(root: Path, *args: str, only: Callable[[Job], bool] = lambda job: True) -> str:
    """Build in-process with the pipeline's own plan less its print PDFs (and less the jobs
    `only` leaves out); the summary."""
    every = planning.plan

    def desk_only(*args: object, **kwargs: object) -> list:
        return [job for job in every(*args, **kwargs) if job.edition == "desk" and only(job)]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(planning, "plan", desk_only)
        result = run_cli(root, "--keep-html", *args)
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
    with lines.remembered():  # the line tests read the build's own layouts
        desk_build(root, *_locales())
    return root / "dist"


@pytest.fixture(scope="session")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The catalogs as they are, --draft: the card in every language, everything in Arabic."""
    root = copy_project(tmp_path_factory.mktemp("threshold-drafts"))
    desk_build(root, "--draft", *_locales(),
               only=lambda job: job.material == "hotline-card" or job.lang == DRAFTED)
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
def test_only_the_projects_fonts_embedded_and_the_regions_own(reviewed: Path, lang: str):
    for path in _pdfs(reviewed, lang):
        _own_fonts(path, lang)


@pytest.mark.parametrize("lang", present())
def test_a_draft_card_embeds_only_the_projects_fonts_and_the_regions_own(drafts: Path,
                                                                         lang: str):
    for path in _pdfs(drafts, lang, ["hotline-card"]):
        _own_fonts(path, lang)


def _own_fonts(path: Path, lang: str) -> None:
    family = THRESHOLD[lang][1]
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


def test_the_catalog_page_tells_the_two_armenians_apart(drafts: Path):
    """hy (Eastern, reformed spelling) and hyw (Western, classical spelling) share a script:
    the page names each by its variety, so staff hand each reader the right one."""
    page = (drafts.parent / "index.html").read_text(encoding="utf-8")
    assert '<tr id="review-hy"><th scope="row">Հայերեն (Eastern Armenian)</th>' in page
    assert '<tr id="review-hyw"><th scope="row">Արեւմտահայերէն (Western Armenian)</th>' in page
    assert 'alt="First page of the hotline card in Արեւմտահայերէն (Western Armenian)' in page


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



@pytest.mark.parametrize(("lang", "county", "other"), [
    ("km", "ខោនធីឡូសអាន់ជឺឡេស", "los angeles"), ("tl", "county ng los angeles", "los angeles county")])
def test_the_school_handout_names_the_county_one_way(reviewed: Path, lang: str, county: str,
                                                     other: str):
    """The review saw "ខោនធី LOS ANGELES" beside "ខោនធីឡូសអាន់ជឺឡេស", and "LOS ANGELES
    COUNTY" beside "COUNTY NG LOS ANGELES": one form now, the catalog's."""
    text = " ".join(pdfs.page_texts(reviewed / lang / "school-handout.pdf")).casefold()
    assert county in text, f"{lang}: {county!r} not on the school handout"
    assert other not in text.replace(county, ""), f"{lang}: the county named two ways"

# --- each script set as its readers expect, checked on the laid-out lines ------------------

LAID_OUT = ["fact-sheet", "brochure", "hotline-card", "school-handout"]  # the sheet: the card's


def _breaks(dist: Path, lang: str, names: list[str] = LAID_OUT) -> list[tuple[str, str, int]]:
    """(handout, paragraph text, offset) of every place a line wrapped, as laid out."""
    return [(name, text, at) for name in names
            for text, at, _line in lines.breaks(lines.laid_out(dist / lang / f"{name}.html"))]


def test_khmer_lines_break_only_between_dictionary_words(reviewed: Path):
    """The review found breaks inside syllables (ក|ន្លែង, មនុ|ស្ស): now only between words."""
    checked = 0
    for name, text, at in _breaks(reviewed, "km"):
        run = next((m for m in khmer._RUN.finditer(text) if m.start() < at < m.end()), None)
        if run is None:  # the line starts after a space, a number or punctuation
            continue
        checked += 1
        starts = list(itertools.accumulate(len(w) for w in khmer.words(run.group(0))))
        assert at - run.start() in starts, (
            f"km/{name}: a line breaks inside a word: {text[max(0, at - 12):at]}|{text[at:at + 8]}")
    assert checked > 20, "Khmer text wraps between words in many places"


def test_korean_lines_break_only_between_words(reviewed: Path):
    """keep-all: no line starts with the rest of a word ("요?", "다.", "나 자살 생각")."""
    wrapped = _breaks(reviewed, "ko")
    assert len(wrapped) > 20
    for name, text, at in wrapped:
        assert not (text[at - 1].isalnum() and text[at].isalnum()), (
            f"ko/{name}: a line breaks inside a word: {text[max(0, at - 12):at]}|{text[at:at + 8]}")


@pytest.mark.parametrize("lang", present())
def test_a_label_stays_on_the_line_of_its_number(reviewed: Path, lang: str):
    """"Звоните / 911", "Mag-text sa / 233733": a label and its number stay together."""
    for name in ["hotline-card", "school-handout"]:
        laid = lines.laid_out(reviewed / lang / f"{name}.html")
        for text, at, line in lines.breaks(laid):
            first = next(piece for piece in line.pieces if piece.text.strip())
            before = text[:at].rstrip()
            assert not (first.number and before and before[-1].isalpha()), (
                f"{lang}/{name}: the number {first.text} starts a line, apart from its label "
                f"{before[-20:]!r}")


def _qr_codes(path: Path) -> list[tuple[int, tuple[float, ...]]]:
    """(page index, rectangle) of each QR code: its link is the one square link on the page."""
    found = []
    for index, page in enumerate(pdfs.reader(path).pages):
        for annot in page.get("/Annots") or []:
            x0, y0, x1, y1 = (float(v) for v in annot.get_object()["/Rect"])
            (left, right), (bottom, top) = sorted((x0, x1)), sorted((y0, y1))
            if right - left > 30 and abs((right - left) - (top - bottom)) < 2:
                found.append((index, (left, bottom, right, top)))
    return found


@pytest.mark.parametrize("lang", present())
def test_no_letter_on_a_qr_code(reviewed: Path, lang: str):
    """hy, ru, tl printed words under the QR code: no glyph touches it now."""
    import pdfplumber

    for name in ["fact-sheet", "school-handout"]:
        path = reviewed / lang / f"{name}.pdf"
        codes = _qr_codes(path)
        assert codes, f"{path}: no QR code found"
        with pdfplumber.open(path) as doc:
            for index, (left, bottom, right, top) in codes:
                page = doc.pages[index]
                height = float(page.height)
                on_it = [c["text"] for c in page.chars if c["text"].strip()
                         and c["x0"] < right and c["x1"] > left
                         and height - c["bottom"] < top and height - c["top"] > bottom]
                assert not on_it, f"{lang}/{name} page {index + 1}: {''.join(on_it)!r} on the QR"


@pytest.mark.parametrize("lang", sorted(RIGHT_TO_LEFT))
def test_names_with_digits_and_latin_letters_keep_their_order(reviewed: Path, lang: str):
    """"211 LA" read left to right on the page (visual order), never "LA 211", and read back
    so by PDFium, which reorders such a line by a bidi pass of its own (pdf/pdfium_order.py)."""
    import pdfplumber

    for name in ["fact-sheet"]:  # the handouts that name 211 LA Youth Services
        with pdfplumber.open(reviewed / lang / f"{name}.pdf") as doc:
            # left to right; the digits are set in the Arabic font, "LA" in Noto Sans, whose
            # glyph boxes start a few points apart on the same line
            seen = " ".join(page.extract_text(y_tolerance=6) or "" for page in doc.pages)
        assert "211 LA" in seen and "LA 211" not in seen, f"{lang}/{name}"
        read = " ".join(pdfs.page_texts(reviewed / lang / f"{name}.pdf"))
        assert "211 LA" in read and not re.search(r"\bLA 211\b", read), f"{lang}/{name}"


@pytest.mark.parametrize("lang", ["zh_Hans", "zh_Hant"])
def test_chinese_punctuation(reviewed: Path, lang: str):
    """Full-width colons after the names; no line starts with closing punctuation."""
    text = pdfs.text(reviewed / lang / "fact-sheet.pdf")
    assert "\uff1a" in text and not re.search("[\u4e00-\u9fff]: ", text), text[:400]
    for name in LAID_OUT:
        for number, page in enumerate(pdfs.page_lines(reviewed / lang / f"{name}.pdf"), 1):
            for line in page:
                assert line[0] not in CLOSING, f"{lang}/{name} page {number}: {line!r}"


def test_every_card_of_a_draft_card_sheet_is_stamped_inside_its_trim(drafts: Path):
    """One stamp a sheet left 6 of the 8 cut cards unmarked: now each face of each card has
    its own, inside the card (the build stops if one covers a number: pdf/weasy.py)."""
    import pdfplumber

    texts = pdfs.page_texts(drafts / DRAFTED / "hotline-card-sheet.pdf")
    assert [text.count(STAMP) for text in texts] == [8, 8], texts
    for lang in present():
        with pdfplumber.open(pdfs.text_only(drafts / lang / "hotline-card.pdf")) as doc:
            for page in doc.pages:
                outside = [c["text"] for c in page.chars if c["x0"] < -0.5 or c["top"] < -0.5
                           or c["x1"] > page.width + 0.5 or c["bottom"] > page.height + 0.5]
                assert not outside, f"{lang}: {''.join(outside)!r} is cut off at the card's edge"


def test_a_profiles_suggested_names_are_highlighted(drafts: Path):
    """The county's own names (msgctxt profile) are suggestions too, marked like the rest."""
    html = (drafts / DRAFTED / "school-handout.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="org"><mark class="suggested">', html), html[:2000]


_MARKUP = re.compile(r"<[^>]+>|%\(\w+\)s|%%")
_ALT_TEXT = re.compile(r"<title>.*?</title>", re.DOTALL)  # an icon's, in the tags only
_MARKS = {**dict.fromkeys(map(ord, "\u200b\u2060\u2066\u2067\u2068\u2069")),
          0xFFFE: "-"}  # PDFium's word for a hyphen that ends a text span ("mag-|text")


def _folded(text: str) -> str:
    """Without white space and invisible marks, in one case (a kicker prints in capitals)."""
    return "".join(unicodedata.normalize("NFC", text.translate(_MARKS)).casefold().split())


def _printed_pieces(dist: Path, lang: str, name: str, catalog) -> list[str]:
    """Every piece of a catalog entry (split at its markup and placeholders) the handout's
    HTML prints, as typed."""
    import html as html_module

    page = (dist / lang / f"{name}.html").read_text(encoding="utf-8")
    body = page.split("<body", 1)[1].split(">", 1)[1]  # not the tag's colours (style=)
    printed = _folded(html_module.unescape(_MARKUP.sub(" ", _ALT_TEXT.sub(" ", body))))
    return [piece for message in catalog if message.id and isinstance(message.string, str)
            for piece in _MARKUP.split(message.string)
            if _folded(piece) and _folded(piece) in printed]


def _catalog(lang: str):
    with (ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f)


# Arabic strings PDFium still reads out of order, where it assembles a line otherwise than the
# page sets it (pdf/pdfium_order.py writes each line's /ActualText for the lines as laid out):
# the school handout's mock message, where the fatha raised over "وليبقَ" starts a group of its
# own and PDFium reads that word first (two pieces of one string). The small labels whose second
# line's hamza reached the first line's baseline, so that PDFium joined the two lines (the
# hotline's name under its number, the county department's name), have Arabic-script line
# spacing now (letter.css, school-handout.css). Measured 2026-12-03 on the four handouts: 2 of
# the 309 pieces ar prints (6 before that spacing, 27 before lines were written for PDFium's
# bidi pass, about half of all before /ActualText); every Farsi piece reads back. The count may
# only fall.
MIXED_LINES_OUT_OF_ORDER = {"ar": 2}


@pytest.mark.parametrize("lang", present())
def test_every_printed_string_reads_back_as_typed(reviewed: Path, lang: str):
    """Copying, searching and screen readers get each string on the page as the translator
    typed it: Khmer's reordered vowels and subscripts, Arabic's ligatures and Persian's
    zero-width non-joiners too (/ActualText, pdf/actual_text.py), as PDFium (Chrome's viewer)
    reads them, lines that mix Arabic or Farsi with digits and Latin names included; in
    Arabic all but MIXED_LINES_OUT_OF_ORDER."""
    catalog = _catalog(lang)
    lost = []
    for name in LAID_OUT:
        text = _folded(" ".join(pdfs.page_texts(reviewed / lang / f"{name}.pdf")))
        lost += [f"{name}: {_folded(piece)}"
                 for piece in _printed_pieces(reviewed, lang, name, catalog)
                 if _folded(piece) not in text]
    allowed = MIXED_LINES_OUT_OF_ORDER.get(lang, 0)
    assert len(lost) <= allowed, (
        f"{lang}: {len(lost)} strings do not read back as typed (at most {allowed}): "
        f"{lost[:8]}")
