"""The Civil Code 52.6 notice: the law's form (Letter, 16 pt or more, three languages, exact
words), its numbers from resources.yaml, and a third language printed only when reviewed.

The notice is built once per session, with a throw-away Portuguese catalog whose notice strings
are filled in (with the Spanish text: only completeness is under test); the command cases run
in-process in their own copies.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from babel.messages.pofile import read_po, write_po

from handouts.cli import main
from handouts.content.load import load_content
from handouts.context import Context
from handouts.errors import UsageError
from handouts.i18n.notice import own_strings
from handouts.project import Project
from handouts.publishing.plan import plan
from tests import pdfs
from tests.conftest import copy_project
from tests.test_provenance import strays

STATUTE = (
    "If you or someone you know is being forced to engage in any activity and cannot leave—"
    "whether it is commercial sex, housework, farm work, construction, factory, retail, or "
    "restaurant work, or any other activity—text 233-733 (Be Free) or call the National Human "
    "Trafficking Hotline at 1-888-373-7888 or the California Coalition to Abolish Slavery and "
    "Trafficking (CAST) at 1-888-KEY-2-FRE(EDOM) or 1-888-539-2373 to access help and services. "
    "Victims of slavery and human trafficking are protected under United States and California "
    "law. The hotlines are: Available 24 hours a day, 7 days a week. Toll-free. Operated by "
    "nonprofit, nongovernmental organizations. Anonymous and confidential. Accessible in more "
    "than 160 languages. Able to provide help, referral to services, training, and general "
    "information.")
SPANISH_START = "Si usted o alguien que usted conoce está siendo obligado"
NOTICE = "trafficking-notice"


def add_third_language(root: Path, lang: str = "pt", fuzzy: int = 0) -> None:
    """A throw-away catalog whose notice strings are filled (from Spanish); `fuzzy` of them
    marked fuzzy."""
    assert main(["init", lang], root=root) == 0
    with (root / "locales" / "es" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        spanish = {(m.context, m.id): m.string for m in read_po(f)}
    path = root / "locales" / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        catalog = read_po(f)
    own = own_strings(load_content(root / "content"))
    marked = 0
    for message in catalog:
        if (message.context, message.id) in own:
            message.string = spanish[(message.context, message.id)]
            if marked < fuzzy:
                message.flags.add("fuzzy")
                marked += 1
    with path.open("wb") as f:
        write_po(f, catalog)


@pytest.fixture(scope="session")
def notice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("notice"))
    add_third_language(root)
    code = main(["--material", NOTICE, "--notice-language", "pt", "--locale", "en", "--locale",
                 "es", "--jobs", "1"], root=root)
    assert code == 0
    return root / "dist"


def _text(path: Path) -> str:
    """The words as a reader takes them in: without the bullets between the list's items, and
    with a number broken at its hyphen read whole."""
    return pdfs.text(path).replace(" \u2022 ", " ").replace("- ", "-")


@pytest.mark.parametrize("variant", ["", "print/"])
def test_the_notice_is_one_us_letter_page(notice: Path, variant: str):
    path = notice / "en" / f"{variant}{NOTICE}.pdf"
    assert len(pdfs.reader(path).pages) == 1
    assert pdfs.box(path, 0, "/TrimBox") == (8.5, 11.0)


def test_the_law_s_english_words_print_exactly(notice: Path):
    assert STATUTE in _text(notice / "en" / f"{NOTICE}.pdf")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_english_spanish_and_the_third_language_are_all_on_the_page(notice: Path, lang: str):
    text = _text(notice / lang / f"{NOTICE}.pdf")
    assert "If you or someone you know" in text
    assert text.count(SPANISH_START) == 2, "Spanish and the (Spanish-filled) third language"
    first = "If you" if lang == "en" else "Si usted"
    assert text.startswith(first), "the folder's language comes first"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_glyph_of_the_notice_is_16_point_or_more(notice: Path, lang: str):
    with pdfplumber.open(notice / lang / f"{NOTICE}.pdf") as pdf:
        sizes = [round(c["size"], 2) for page in pdf.pages for c in page.chars
                 if c["text"].strip()]
    assert sizes and min(sizes) >= 16, f"smallest text is {min(sizes)} pt"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_screen_reader_hears_its_name_then_each_language_in_that_language(notice: Path,
                                                                           lang: str):
    """A heading (the page itself shows only the law's words) and one section a language,
    each with its own /Lang and its links described in it."""
    path = notice / lang / f"{NOTICE}.pdf"
    assert [h.tag for h in pdfs.headings(path)] == ["H1"]
    if lang == "en":
        assert pdfs.headings(path)[0].text == "Human Trafficking Hotline Notice"
    sections = [e for e in pdfs.structure(path) if e.tag == "Sect"]
    assert sections[0].lang == lang, "the folder's language first"
    assert sorted(s.lang for s in sections) == ["en", "es", "pt"]
    said: dict[str, list[str]] = {}
    part: list[str] = said.setdefault("before the sections", [])
    for element in pdfs.structure(path):
        if element.tag == "Sect":
            part = said.setdefault(str(element.lang), [])
        part += element.links
    assert not said["before the sections"] and len(said["en"]) == len(said["es"]) == 4, said
    assert all(d.startswith(("Call ", "Text ")) for d in said["en"]), said["en"]
    assert all(d.startswith(("Llamar ", "Enviar ")) for d in said["es"]), said["es"]


def test_its_numbers_are_the_ones_in_resources_yaml(notice: Path):
    text = _text(notice / "en" / f"{NOTICE}.pdf")
    assert strays(text) == []
    links = pdfs.links(notice / "en" / f"{NOTICE}.pdf")
    assert {"sms:233733", "tel:+18883737888", "tel:+18885392373"} <= set(links)


@pytest.mark.parametrize("lang,title", [
    ("en", "Human trafficking hotline notice (California Civil Code section 52.6)"),
    ("es", "Aviso sobre las líneas directas contra la trata de personas (sección 52.6 del "
           "Código Civil de California)")])
def test_its_title_says_what_it_is(notice: Path, lang: str, title: str):
    assert pdfs.reader(notice / lang / f"{NOTICE}.pdf").metadata.title == title


def edition_on_page(dist: Path, link: str) -> str:
    """The catalog page's entry (its <li>) that links to `link`."""
    page = (dist / "index.html").read_text(encoding="utf-8")
    return next(item.split("</li>")[0] for item in page.split("<li ") if f'href="{link}"' in item)


def test_the_catalog_page_links_the_notice_and_names_its_three_languages(notice: Path):
    page = (notice / "index.html").read_text(encoding="utf-8")
    assert f'href="en/{NOTICE}.pdf"' in page and f'href="es/print/{NOTICE}.pdf"' in page
    said = edition_on_page(notice, f"es/{NOTICE}.pdf")
    assert "Español (Spanish), English and Português (Portuguese) on one page" in said, said


def test_a_language_without_a_catalog_is_named_with_the_reason(project: Path, capsys):
    code = main(["--material", NOTICE, "--notice-language", "ja", "--locale", "en"], root=project)
    err = capsys.readouterr().err
    assert code == 2
    assert "ja" in err and "Civil Code section 52.6" in err and "python build.py init ja" in err
    assert not (project / "dist" / "en" / f"{NOTICE}.pdf").exists()


def test_a_third_language_with_fuzzy_strings_is_not_printed(project: Path, capsys):
    add_third_language(project, fuzzy=2)
    code = main(["--material", NOTICE, "--notice-language", "pt", "--locale", "en"],
                root=project)
    err = capsys.readouterr().err
    assert code == 2
    assert "2 are marked fuzzy (not reviewed)" in err and "pt" in err
    # a draft prints it, the whole page stamped: the English part alone is not the notice
    code = main(["--material", NOTICE, "--notice-language", "pt", "--locale", "en", "--draft",
                 "--jobs", "1"], root=project)
    assert code == 0, capsys.readouterr().err
    text = pdfs.text(project / "dist" / "drafts" / "en" / f"{NOTICE}.pdf")
    assert "Suggested translation, not yet reviewed" in text, text[-300:]
    # apart from the final notice, and the catalog page says what it is and what it holds
    assert not (project / "dist" / "en" / f"{NOTICE}.pdf").exists()
    said = edition_on_page(project / "dist", f"drafts/en/{NOTICE}.pdf")
    assert "Draft, not for printing: English, Español (Spanish) and Português (Portuguese) " \
        "on one page" in said, said
    assert "Fully translated" not in said and "reviewed" not in said


@pytest.mark.parametrize("third", [None, "es"])
def test_a_build_of_everything_leaves_the_notice_out_and_says_why(third: str | None):
    from tests.conftest import ROOT

    skipped: list[str] = []
    jobs = plan(Context(Project(ROOT)), ["en"], None, None, False, third, skipped)
    assert jobs and all(job.material != NOTICE for job in jobs)
    assert len(skipped) == 1 and "third language" in skipped[0]


def test_a_profile_can_choose_the_third_language(project: Path):
    add_third_language(project)
    profile = project / "content" / "profiles" / "la-county.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        "notice_language: zh_Hant", "notice_language: pt"), encoding="utf-8")
    jobs = plan(Context(Project(project)), ["en"], [NOTICE], None, False)
    assert {job.notice_language for job in jobs} == {"pt"}
    assert jobs[0].languages == ["en", "es", "pt"]


def test_the_notice_is_made_only_in_the_folders_of_the_languages_it_prints():
    """A fourth language on the page would neither fit nor be the law's three."""
    from tests.conftest import ROOT

    context, skipped = Context(Project(ROOT)), []
    jobs = plan(context, ["en", "ar", "zh_Hant"], None, None, True, "zh_Hant", skipped)
    assert {job.lang for job in jobs if job.material == NOTICE} == {"en", "zh_Hant"}
    assert {job.lang for job in jobs if job.material == "fact-sheet"} == {"en", "ar", "zh_Hant"}
    assert any("not in ar" in said for said in skipped), skipped
    with pytest.raises(UsageError, match="build it with --locale en"):
        plan(context, ["ar"], [NOTICE], None, True, "zh_Hant")


def test_los_angeles_county_s_third_language_is_chosen_with_its_source_and_date():
    """Civil Code 52.6's third language for the county, from the Attorney General's list; a
    plain build names the one thing missing for a final notice."""
    from tests.conftest import ROOT

    context, skipped = Context(Project(ROOT)), []
    profile = context.content.profiles["la-county"]
    assert profile.notice_language == "zh_Hant"
    assert profile.notice_language_source.startswith("https://oag.ca.gov/")
    assert profile.notice_language_checked is not None
    jobs = plan(context, ["en"], None, None, False, None, skipped)
    assert all(job.material != NOTICE for job in jobs)
    assert len(skipped) == 1 and "third language, zh_Hant" in skipped[0]
    assert "oag.ca.gov" in skipped[0] and "marked fuzzy" in skipped[0]
