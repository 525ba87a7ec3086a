"""Every printed number right, sourced, in one place; stale ones visible; titles say what it is.

The PDF checks read the session build (`built`); the command cases run in-process.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from handouts.cli import main
from handouts.content.load import load_content
from handouts.errors import HandoutError
from tests import pdfs
from tests.conftest import ROOT

HANDOUTS = ("fact-sheet", "brochure", "hotline-card", "hotline-card-sheet", "school-handout")
LANGS = ("en", "es")
# 2028-06-01: more than 12 months after the 2026-12-02 checks in content/resources.yaml.
LATER = "1843430400"

PHONE = re.compile(r"(?<![\w-])(?:\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}|1[\s.-]\d{3}[\s.-]\d{3}"
                   r"[\s.-]\d{4}|1-800-[0-9A-Z-]{7,9}[0-9A-Z])(?![\w-])")
SHORT = re.compile(r"(?<![\w,.-])(?:\d{5,6}|[2-9]11|988)(?![\w,-]|\.\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _known() -> tuple[set[str], set[str], dict[str, str]]:
    """Numbers and emails from resources.yaml: (phones and codes, emails, digits -> spelling)."""
    data = yaml.safe_load((ROOT / "content" / "resources.yaml").read_text(encoding="utf-8"))
    numbers, emails, spelled = set(), set(), {}
    for r in data["resources"]:
        for key in ("phone", "phone_letters", "sms"):
            if r.get(key):
                numbers.add(r[key])
        if r.get("phone"):
            spelled[re.sub(r"\D", "", r["phone"]).removeprefix("1") or r["phone"]] = r["phone"]
        if r.get("email"):
            emails.add(r["email"].lower())
        numbers |= set(re.findall(r"\d+", r["name"]))  # "211 LA", "988 Suicide & Crisis ..."
    return numbers, emails, spelled


def strays(text: str) -> list[str]:
    """Phone numbers, short codes and emails in `text` that resources.yaml does not hold, or
    that spell a resource's number another way."""
    numbers, emails, spelled = _known()
    found = []
    for match in PHONE.findall(text):
        digits = re.sub(r"\D", "", match).removeprefix("1")
        if match not in numbers:
            found.append(match if digits not in spelled else f"{match} (written "
                                                             f"{spelled[digits]} elsewhere)")
    for match in SHORT.findall(PHONE.sub(" ", text)):
        if match not in numbers:
            found.append(match)
    found += [m for m in EMAIL.findall(text) if m.lower() not in emails]
    return found


def test_the_scanner_catches_a_typed_number_a_respelling_and_an_email():
    assert strays("Call 1-888-373-7888 or text 233733. In danger? Call 911.") == []
    assert strays("Llame al 1-866-331-9473.") == ["1-866-331-9473"]
    assert strays("Call (888) 373-7888 now.") == ["(888) 373-7888 (written 1-888-373-7888 "
                                                 "elsewhere)"]
    assert strays("Text 12345 or write to help@example.org") == ["12345", "help@example.org"]
    assert strays("SB 855 (2014), AB 1227, 300,000 youth, ages 12 to 14, 95 out of 100") == []


@pytest.mark.parametrize("material", HANDOUTS)
@pytest.mark.parametrize("lang", LANGS)
def test_every_number_on_a_handout_is_one_in_resources_yaml(built: Path, lang: str,
                                                            material: str):
    text = pdfs.text(built / lang / f"{material}.pdf")
    assert strays(text) == [], f"{lang}/{material} prints numbers not in resources.yaml"


def test_no_resource_number_is_spelled_two_ways_in_resources_yaml():
    data = yaml.safe_load((ROOT / "content" / "resources.yaml").read_text(encoding="utf-8"))
    seen: dict[str, str] = {}
    for r in data["resources"]:
        if r.get("phone"):
            digits = re.sub(r"\D", "", r["phone"]).removeprefix("1")
            assert seen.setdefault(digits, r["phone"]) == r["phone"], r["id"]


def test_the_numbers_match_the_confirmed_facts(built: Path):
    brochure = pdfs.text(built / "en" / "brochure.pdf")
    school = pdfs.text(built / "en" / "school-handout.pdf")
    for text in (brochure, school):
        assert "1-866-331-9474" in text and "Text LOVEIS to 22522" in text
        assert "9473" not in text
        assert "National Runaway Safeline" in text and "Switchboard" not in text
    assert "Childhelp" in school and "To report abuse, call the Child Protection Hotline" in school
    fact = pdfs.text(built / "en" / "fact-sheet.pdf")
    assert "call or text 988" in fact and "1-800-854-7771" in fact
    assert "because of their job" in fact and "Anyone else can report it too." in fact
    assert "You do not need proof" in fact
    assert "FBI" not in fact
    for lang in LANGS:
        assert "Text 233733" in pdfs.text(built / "en" / "hotline-card.pdf") or lang == "es"
    assert "Enviar LOVEIS por mensaje de texto al 22522" in pdfs.text(built / "es" /
                                                                      "brochure.pdf")


TITLES = {
    "fact-sheet": "Fact sheet for families: sexual exploitation of children and youth",
    "brochure": "Know the Signs: a brochure on the sexual exploitation of youth",
    "hotline-card": "National Human Trafficking Hotline card",
    "hotline-card-sheet": "National Human Trafficking Hotline cards, 8 to a sheet",
    "school-handout": "AB 1227 school handout: human trafficking prevention",
}


@pytest.mark.parametrize("material", HANDOUTS)
def test_pdf_titles_say_what_the_handout_is_in_each_language(built: Path, material: str):
    english = pdfs.reader(built / "en" / f"{material}.pdf").metadata.title
    spanish = pdfs.reader(built / "es" / f"{material}.pdf").metadata.title
    assert english == TITLES[material]
    assert spanish and spanish != english
    assert pdfs.reader(built / "en" / "print" / f"{material}.pdf").metadata.title == english
    first_words = pdfs.text(built / "es" / f"{material}.pdf")[:40]
    assert not first_words.startswith(spanish[:20]), "the title is the first sentence"


def test_every_resource_needs_a_source(project: Path):
    path = project / "content" / "resources.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "    source: https://humantraffickinghotline.org\n", "", 1), encoding="utf-8")
    with pytest.raises(HandoutError) as caught:
        load_content(project / "content")
    said = str(caught.value.problems[0])
    assert "resources.0.source" in said and "required" in said


def test_checked_must_be_a_date_or_empty(project: Path):
    path = project / "content" / "resources.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'checked: "2026-12-02"', 'checked: "last spring"', 1), encoding="utf-8")
    with pytest.raises(HandoutError) as caught:
        load_content(project / "content")
    assert 'like "2026-12-02"' in str(caught.value.problems[0])


CITATION = re.compile(r'^(?P<publisher>[^",]+), "(?P<title>[^"]+)".*, '
                      r'(?P<date>[^,]*(\d{4}|undated)[^,]*), (?P<where>.+)$')


def test_every_source_is_a_public_address_or_a_citation_a_reader_can_find():
    """Anyone can follow a number back: a web page, or publisher, title, date and where in it;
    never a file outside the repository."""
    text = (ROOT / "content" / "resources.yaml").read_text(encoding="utf-8")
    assert "/work/" not in text and not re.search(r"\b\w+\.(txt|md|pdf)\b", text)
    for r in load_content(ROOT / "content").resources.values():
        if r.source.startswith("https://"):
            assert " " not in r.source, r.id
            if "leginfo.legislature.ca.gov" not in r.source:  # a law prints the number; a
                assert r.checked is not None, r.id             # person still confirms it
            continue
        cited = CITATION.match(r.source)
        assert cited, f"{r.id}: {r.source}"
        assert len(cited["title"]) > 10 and cited["where"].strip(), r.id
        assert r.checked is None, f"{r.id}: a cited document is not a confirmation"


def test_a_file_name_is_not_a_source(project: Path):
    path = project / "content" / "resources.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("source: https://www.loveisrespect.org",
                                 "source: 004_8395a01316cedb9d.txt"), encoding="utf-8")
    with pytest.raises(HandoutError) as caught:
        load_content(project / "content")
    said = str(caught.value.problems[0])
    assert "content/resources.yaml:" in said and 'publisher, "title", date' in said


def test_resources_command_lists_every_number_with_source_and_age(monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATER)
    assert main(["resources", "--format", "json"], root=ROOT) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2028-06-01"
    rows = data["rows"]
    assert {row["handout"] for row in rows} == {*HANDOUTS, "trafficking-notice"}
    dating = [r for r in rows if r["handout"] == "brochure" and "loveisrespect" in r["resource"]]
    assert {(r["kind"], r["number"]) for r in dating} == {("phone", "1-866-331-9474"),
                                                          ("text", "LOVEIS to 22522")}
    assert all(r["checked"] == "2026-12-02" and r["age"] == "17 months ago" and
               r["status"] == "check it" for r in dating)
    never = [r for r in rows if r["resource"] == "Saving Innocence"]
    assert never and all(r["age"] == "never confirmed" and
                         r["source"].startswith('CASA of Los Angeles, "Commercial Sexual')
                         for r in never)
    for material in HANDOUTS:  # the numbers a handout lists are the ones it prints
        listed = {r["number"] for r in rows if r["handout"] == material and r["kind"] == "phone"}
        assert "1-888-373-7888" in listed

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    assert main(["resources", "--material", "hotline-card"], root=ROOT) == 0
    out = capsys.readouterr().out
    assert "hotline-card\n" in out and "fact-sheet" not in out
    assert "1-800-540-4000" in out and "dcfs.lacounty.gov" in out and " ! " not in out
    assert main(["resources", "--material", "nope"], root=ROOT) == 2


def test_build_summary_warns_about_stale_numbers_and_still_succeeds(project: Path,
                                                                   monkeypatch, capsys):
    monkeypatch.setenv("CI", "1")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    args = ["--locale", "en", "--material", "hotline-card", "--jobs", "1"]
    assert main(args, root=project) == 0
    assert "warning:" not in capsys.readouterr().out  # the card's numbers were just confirmed

    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATER)
    assert main([*args, "--material", "brochure"], root=project) == 0
    out = capsys.readouterr().out
    assert re.search(r"warning: National Human Trafficking Hotline \(1-888-373-7888, 233733, "
                     r"help@humantraffickinghotline.org\) on brochure, hotline-card: last "
                     r"confirmed 2026-12-02 \(17 months ago\)", out), out
    assert re.search(r'warning: Saving Innocence .* on brochure: never confirmed; source '
                     r'CASA of Los Angeles, "Commercial Sexual Exploitation of Children \(CSEC\) '
                     r'& CASA Advocacy", training slides, undated .*, slide "Resources"', out), out
    assert "printed resources never confirmed or confirmed more than 12 months ago" in out


def test_catalog_page_shows_each_handouts_oldest_confirmation(built: Path):
    html = (built / "index.html").read_text(encoding="utf-8")
    sections = dict(re.findall(r'<section class="material" id="([\w-]+)">(.*?)</section>',
                               html, re.S))
    assert set(sections) == set(HANDOUTS)
    for name, body in sections.items():
        assert "oldest confirmation 2026-12-02" in body, name
    assert "never confirmed" in sections["fact-sheet"]
    assert "never confirmed" not in sections["hotline-card"]
