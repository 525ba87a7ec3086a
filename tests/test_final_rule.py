"""One rule for final, and a recorded sign-off: a reviewer approves the Vietnamese card, and the
build, `--locale`, `stats` and the catalog page all print it as final, with their name."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from handouts.context import Context
from handouts.i18n.notice import own_strings
from handouts.project import Project
from tests import pdfs
from tests.conftest import run_cli

PO = Path("locales/vi/LC_MESSAGES/messages.po")
REVIEWER = "Nguyễn Văn An"


def _approve(project: Path, *materials: str) -> str:
    args = [arg for name in materials for arg in ("--material", name)]
    result = run_cli(project, "approve", "--locale", "vi-VN", *args, "--reviewer", REVIEWER)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _unmarked(lines: list[str]) -> list[str]:
    """The lines less fuzzy marks and the previous English (`#|`) a reviewed entry drops."""
    return [line.replace("#, fuzzy, ", "#, ") for line in lines
            if line != "#, fuzzy" and not line.startswith("#| ")]


@pytest.mark.slow
def test_an_approved_card_prints_as_final_everywhere_and_names_its_reviewer(project: Path):
    before = (project / PO).read_text(encoding="utf-8").splitlines()
    said = _approve(project, "hotline-card")
    assert "31 suggestions now reviewed" in said and "hotline-card-sheet" in said, said
    after = (project / PO).read_text(encoding="utf-8").splitlines()
    assert _unmarked(before) == _unmarked(after), "approve changes only fuzzy marks"
    assert sum("fuzzy" in line for line in before) - sum("fuzzy" in line for line in after) == 31
    signed = (project / "locales" / "vi" / "signoff.yaml").read_text(encoding="utf-8")
    assert f"hotline-card: {{reviewer: {REVIEWER}, date: '" in signed

    # a plain build: the card is final, the fact sheet (still suggested) is left out
    plain = run_cli(project, "--jobs", "2", "--material", "hotline-card", "--material",
                    "fact-sheet")
    assert plain.returncode == 0, plain.stdout + plain.stderr
    card = project / "dist" / "vi" / "hotline-card.pdf"
    assert card.is_file() and not (project / "dist" / "vi" / "fact-sheet.pdf").exists()
    text = pdfs.text(card)
    assert "DRAFT" not in text and "Suggested translation" not in text
    # the card's strings the fact sheet shares are reviewed now; the rest are still suggestions
    skipped = re.search(r"skipped vi/fact-sheet \((\d+) of (\d+) reviewed, (\d+) suggested, "
                        r"0 missing\)", plain.stdout)
    assert skipped, plain.stdout
    reviewed, strings, suggested = map(int, skipped.groups())
    assert 0 < reviewed < strings == reviewed + suggested

    # asked for by name: the same answers
    assert run_cli(project, "--locale", "vi", "--material", "hotline-card").returncode == 0
    refused = run_cli(project, "--locale", "vi", "--material", "fact-sheet")
    assert refused.returncode == 1 and "error fuzzy" in refused.stderr

    rows = json.loads(run_cli(project, "stats", "--locale", "vi", "--format", "json").stdout)
    by = {row["material"]: row for row in rows}
    assert by["hotline-card"]["final"] and by["hotline-card"]["approved_by"] == REVIEWER
    assert not by["fact-sheet"]["final"] and "approved_by" not in by["fact-sheet"]
    table = run_cli(project, "stats", "--locale", "vi").stdout
    assert any(line.split()[1:2] == ["hotline-card"] and "final" in line and REVIEWER in line
               for line in table.splitlines()), table

    page = (project / "dist" / "index.html").read_text(encoding="utf-8")
    row = page[page.index('id="review-vi"'):].split("</tr>")[0]
    assert '<td class="final">Hotline card, Hotline cards, sheet of 8</td>' in row, row
    assert f"Fact sheet ({reviewed} of {strings} reviewed)" in row and REVIEWER in row
    assert "Final: every string reviewed" in page


def test_approve_refuses_a_handout_with_a_mistake_and_changes_nothing(project: Path):
    path = project / PO
    text = path.read_text(encoding="utf-8")
    broken = text.replace('msgstr "Đang gặp nguy hiểm? Gọi 911."',
                          'msgstr "Đang gặp nguy hiểm? Gọi ngay."')
    path.write_text(broken, encoding="utf-8")
    result = run_cli(project, "approve", "--locale", "vi", "--material", "hotline-card",
                     "--reviewer", REVIEWER)
    assert result.returncode == 1
    assert "error numbers" in result.stderr and "drops 911" in result.stderr
    assert "nothing was approved" in result.stderr
    assert path.read_text(encoding="utf-8") == broken
    assert not (project / "locales" / "vi" / "signoff.yaml").exists()


def test_a_damaged_signoff_file_is_named(project: Path):
    (project / "locales" / "vi" / "signoff.yaml").write_text("hotline-card: {reviewer: A}\n",
                                                            encoding="utf-8")
    result = run_cli(project, "stats", "--locale", "vi")
    assert result.returncode == 1
    assert "locales/vi/signoff.yaml" in result.stderr and "needs a reviewer and a date" in \
        result.stderr


def test_the_notice_counts_the_strings_it_prints_the_same_everywhere(project: Path):
    """The build's gate, `stats` and the catalog page ask the context; the notice's own gate
    counts its own strings: the same 11, not the hotlines' names it never prints."""
    context = Context(Project(project))
    printed = context.strings_used(["trafficking-notice"])["trafficking-notice"]
    assert set(printed) == own_strings(context.content)
    [row] = [r for r in context.translation_stats(["vi"], ["trafficking-notice"])
             if r.material == "trafficking-notice"]
    assert row.strings == len(own_strings(context.content))
