"""The review proof: a reviewer reads every string on paper, numbered, with room to mark."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handouts.context import Context
from handouts.project import Project
from handouts.translators.proof import entries, proof
from tests import pdfs
from tests.conftest import ROOT, copy_project, run_cli

THRESHOLD = ("ar", "fa", "hy", "hyw", "km", "ko", "ru", "tl", "vi", "zh_Hans", "zh_Hant")


def test_entries_are_every_printed_string_once_in_print_order():
    context = Context(Project(ROOT))
    found = entries(context, "ko")
    printed = {key for keys in context.strings_used(context.buildable()).values()
               for key in keys}
    assert {e.key for e in found} == printed and len(found) == len(printed)
    assert [e.number for e in found] == list(range(1, len(found) + 1))
    card = next(e for e in found if e.english == "In danger now? Call 911.")
    assert card.handouts == ["hotline-card", "hotline-card-sheet"]
    assert card.status == "suggested" and card.limit == 36 and 0 < card.length <= 36
    assert card.line and "Keep the number 911 as it is." in " ".join(card.notes)


@pytest.mark.slow
def test_the_korean_proof_numbers_each_string_beside_the_english_with_room_to_mark(
        project: Path):
    """The wallet card's strings: a proof of every handout is the same pages, 42 of them."""
    result = run_cli(project, "proof", "--locale", "ko-KR", "--material", "hotline-card")
    assert result.returncode == 0, result.stdout + result.stderr
    pdf = project / "dist" / "ko" / "proof" / "review-proof.pdf"
    assert "wrote dist/ko/proof/review-proof.pdf" in result.stdout
    count = len(entries(Context(Project(project)), "ko", ["hotline-card"]))
    text = pdfs.text(pdf)
    assert pdfs.reader(pdf).metadata.title == "Review proof: 한국어 (Korean)"
    assert f"{count} strings that the handouts print" in text
    assert text.count("Approve") == count + 1 and text.count("Change to:") == count
    assert "In danger now? Call 911." in text and "지금 위험한가요?" in text
    assert re.search(r"Length: \d+ of at most 36 characters", text)
    assert "prints on hotline-card ·" in text
    assert f"page 1 of {len(pdfs.reader(pdf).pages)}" in text
    assert "31 strings that the handouts print (hotline-card)" in text  # as every language's


@pytest.fixture(scope="module")
def proofing(tmp_path_factory: pytest.TempPathFactory) -> Context:
    """One project copy and one typesetter for the proofs of every language."""
    return Context(Project(copy_project(tmp_path_factory.mktemp("proofs"))))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["es", *(lang for lang in THRESHOLD if lang != "ko")])
def test_every_language_gets_a_proof_its_fonts_can_print(proofing: Context, lang: str):
    """Korean's is the command line's proof above, the same PDF (a proof takes a second)."""
    pdf = proof(proofing, lang, ["hotline-card"])  # a glyph no font has raises HandoutError
    assert pdf == proofing.project.dist / lang / "proof" / "review-proof.pdf"
    assert "31 strings that the handouts print (hotline-card)" in pdfs.text(pdf)


def test_english_has_nothing_to_review(project: Path):
    result = run_cli(project, "proof", "--locale", "en")
    assert result.returncode == 2 and "no translation file" in result.stderr
