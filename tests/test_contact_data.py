"""Phones, web and email addresses are read by a library made for them and printed one way:
any common US form is accepted and printed in the house form; a digit, letter or character a
reader could take for another is refused, naming the file, line and value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handouts.content.district import read_schools
from handouts.content.load import load_content
from handouts.content.model import Contact, LocalText
from handouts.errors import HandoutError

CYRILLIC_A = "\u0430"


@pytest.mark.parametrize(("written", "house"), [
    ("(323) 555-0142", "323-555-0142"),
    ("323.555.0142", "323-555-0142"),
    ("+1 323 555 0142", "323-555-0142"),
    ("1-323-555-0142", "323-555-0142"),
    ("1 (800) 555-1234", "1-800-555-1234"),  # toll-free numbers keep their 1-
    ("800-555-1234", "1-800-555-1234"),
    ("1-888-373-7888", "1-888-373-7888"),
    ("911", "911"),
    ("988", "988"),
])
def test_a_us_number_in_any_common_form_is_printed_in_the_house_form(written: str,
                                                                      house: str) -> None:
    assert Contact(name="Ms. Rivera", phone=written).phone == house


@pytest.mark.parametrize("written", [
    "(323) \uff15\uff15\uff15-0142",  # fullwidth digits
    "(\u0663\u0662\u0663) 555-0142",  # Arabic-Indic digits
    "(323) 555-0142\u200b",  # an invisible character
    "555-0142",  # no area code
    "999",  # no such service number
    "+44 20 7946 0958",  # not a US number
    "1-800-4-A-CHILD",  # letters belong in phone_letters
])
def test_a_number_a_reader_could_misdial_is_refused(written: str) -> None:
    with pytest.raises(ValueError, match="phone number"):
        Contact(name="Ms. Rivera", phone=written)


@pytest.mark.parametrize("url", ["https://humantraffickinghotline.org",
                                 "https://www.211la.org/youth-services?lang=es#top",
                                 "https://xn--80ak6aa92e.com/"])  # an IDN, shown as xn--
def test_plain_ascii_web_addresses_pass(url: str) -> None:
    assert Contact(name="Ms. Rivera", url=url).url == url


@pytest.mark.parametrize(("field", "value", "says"), [
    ("url", f"https://hum{CYRILLIC_A}ntraffickinghotline.org", "outside A-Z in its host name"),
    ("url", "https://xn--zz.org", "not a valid xn--"),
    ("url", "https://help .org", "plain ASCII characters"),
    ("url", "https://example/", "host name like example.org"),
    ("email", f"help@hum{CYRILLIC_A}ntraffickinghotline.org", "outside A-Z in its host name"),
    ("email", "h\u00e9lp@example.org", "email address"),
])
def test_look_alike_addresses_are_refused(field: str, value: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        Contact.model_validate({"name": "Ms. Rivera", field: value})


def test_a_district_s_phones_are_read_in_any_form_and_foreign_digits_refused(tmp_path: Path):
    csv = tmp_path / "district.csv"
    csv.write_text("organization,contact1_name,contact1_phone\n"
                   'Lincoln Middle School,Ms. Rivera,(323) 555-0142\n'
                   'Adams Academy,Mr. Chen,(\u0663\u0662\u0663) 555-0142\n'
                   'King Middle School,Mr. King,1 800 555 1234\n', encoding="utf-8")
    schools, problems = read_schools(csv)
    phones = {s.slug: json.loads(s.profile)["contacts"][0]["phone"] for s in schools}
    assert phones == {"lincoln-middle-school": "323-555-0142",
                      "king-middle-school": "1-800-555-1234"}
    [problem] = problems
    assert str(problem).startswith(f"{csv}:3: column contact1_phone: "
                                   '"(\u0663\u0662\u0663) 555-0142" is not a phone number')


def test_a_district_school_name_with_a_direction_control_is_refused(tmp_path: Path):
    csv = tmp_path / "district.csv"
    csv.write_text("organization,contact1_name\nLincoln \u202eMiddle School,Ms. Rivera\n",
                   encoding="utf-8")
    schools, [problem] = read_schools(csv)
    assert not schools
    assert "column organization:" in str(problem) and "direction control" in str(problem)


def test_profile_text_may_hold_what_its_own_language_needs() -> None:
    assert LocalText({"fa": "\u0645\u062f\u0631\u0633\u0647\u200c\u0647\u0627"})  # ZWNJ
    with pytest.raises(ValueError, match=r"the es text .* has an invisible character"):
        LocalText({"es": "Escuela\u200c Lincoln"})


@pytest.mark.parametrize(("file", "old", "new", "says"), [
    ("resources.yaml", 'phone: "323-379-4232"', 'phone: "(323) 379-4232"', None),
    ("resources.yaml", 'phone: "1-888-373-7888"', 'phone: "1-888-373-\u0667888"',
     "is not a phone number"),
    ("resources.yaml", "url: https://humantraffickinghotline.org",
     f"url: https://hum{CYRILLIC_A}ntraffickinghotline.org", "outside A-Z"),
    ("resources.yaml", 'sms: "233733"', 'sms: "\u0662\u0663\u0663733"', "short code"),
    ("resources.yaml", 'phone_letters: "1-800-4-A-CHILD"', 'phone_letters: "1-800-4-\u0410-CHILD"',
     "1-800-4-A-CHILD"),
    ("sections.yaml", "Warning signs", "Warning\u200b signs", "invisible character"),
    ("sections.yaml", "Warning signs", "Warning signs \u00b9", "superscript"),
])
def test_content_is_read_in_the_house_form_and_misreadable_text_refused(
        project: Path, file: str, old: str, new: str, says: str | None) -> None:
    path = project / "content" / file
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")
    if says is None:
        content = load_content(project / "content")
        assert "323-379-4232" in {r.phone for r in content.resources.values()}
        return
    with pytest.raises(HandoutError) as exc:
        load_content(project / "content")
    line = text[:text.index(old)].count("\n") + 1
    [problem] = exc.value.problems
    assert (problem.path, problem.line) == (path, line) and says in problem.message
