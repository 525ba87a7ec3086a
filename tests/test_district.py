"""A district in one run: one school handout per CSV row and language, bad rows named by line
and column and skipped, the others built; the summary counts them; the catalog page lists them.

The district is built once per session, in-process through the command line's main().
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from handouts.cli import main
from tests import pdfs
from tests.conftest import ROOT, copy_project

CSV = """\
organization,organization_es,contact1_name,contact1_role,contact1_role_es,contact1_phone,contact1_email
Lincoln Middle School,Escuela Secundaria Lincoln,"Ms. Rivera, Counselor",Room 12,Salón 12,,
Roosevelt High School,,Mr. Chen,Room 4,,(323) 555-0142,chen@example.org
Jefferson Elementary,,Ms. Park,Office,,555-12,
Lincoln Middle School,,Someone Else,,,,
Adams Academy,,,Front office,,,
King Middle School,,Mr. King,Room 8,,,
"""
GOOD = ("lincoln-middle-school", "roosevelt-high-school", "king-middle-school")


@dataclass
class Run:
    code: int
    out: str
    err: str
    dist: Path
    csv: Path


@pytest.fixture(scope="session")
def district(tmp_path_factory: pytest.TempPathFactory) -> Run:
    root = copy_project(tmp_path_factory.mktemp("district"))
    csv = root / "district.csv"
    csv.write_text(CSV, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--material", "school-handout", "--profiles", str(csv), "--locale", "en",
                     "--locale", "es", "--jobs", "1"], root=root)
    return Run(code, out.getvalue(), err.getvalue(), root / "dist", csv)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("slug", GOOD)
def test_every_good_row_gives_a_handout_per_language(district: Run, slug: str, lang: str):
    for folder in ("schools", "print/schools"):
        assert (district.dist / lang / folder / f"{slug}.pdf").is_file()


def test_each_school_s_handout_has_its_own_name_and_contacts(district: Run):
    es = pdfs.text(district.dist / "es" / "schools" / "lincoln-middle-school.pdf")
    assert "Escuela Secundaria Lincoln" in es and "Salón 12" in es
    en = pdfs.text(district.dist / "en" / "schools" / "roosevelt-high-school.pdf")
    assert "Roosevelt High School" in en and "chen@example.org" in en
    assert "323-555-0142" in en and "(323)" not in en  # a common form, printed the house way
    assert "Lincoln" not in en


def test_the_county_s_own_school_handout_is_not_overwritten(district: Run):
    assert not (district.dist / "en" / "school-handout.pdf").exists()


def test_bad_rows_are_named_by_line_and_column_and_skipped(district: Run):
    assert district.code == 1
    err = district.err
    assert 'district.csv:4: column contact1_phone: "555-12" is not a US phone number' in err
    assert "district.csv:5: column slug:" in err and "line 2" in err
    assert "district.csv:6: column contact1_name: this field is required" in err
    assert not list(district.dist.glob("*/schools/jefferson-elementary.pdf"))
    assert not list(district.dist.glob("*/schools/adams-academy.pdf"))


def test_the_summary_counts_schools_built_and_rows_skipped(district: Run):
    assert "3 schools built; 3 rows skipped" in district.out
    assert "12 built, 0 unchanged" in district.out  # 3 schools x 2 languages x desk and print


def test_the_catalog_page_lists_each_school_under_the_school_handout(district: Run):
    page = (district.dist / "index.html").read_text(encoding="utf-8")
    section = page[page.index('id="school-handout"'):]
    for slug in GOOD:
        assert f'href="es/schools/{slug}.pdf"' in section
        assert f'href="en/print/schools/{slug}.pdf"' in section


def test_a_list_with_unknown_columns_stops_at_its_first_line(project: Path, capsys):
    csv = project / "district.csv"
    csv.write_text("organization,telephone\nLincoln,555\n", encoding="utf-8")
    code = main(["--material", "school-handout", "--profiles", str(csv), "--locale", "en"],
                root=project)
    err = capsys.readouterr().err
    assert code == 1 and "district.csv:1: unknown column telephone" in err


def test_the_template_csv_is_a_district_that_builds():
    from handouts.content.district import read_schools

    schools, problems = read_schools(ROOT / "content" / "profiles" / "example-district.csv")
    assert problems == [] and [s.slug for s in schools] == ["example-middle-school",
                                                            "example-high-school"]
