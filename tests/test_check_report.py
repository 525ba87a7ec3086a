"""`check` a person can read: the real mistake first, the work still to review summed up."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli

PO = Path("locales/vi/LC_MESSAGES/messages.po")
CARD_911 = ('msgstr "Đang gặp nguy hiểm? Gọi 911."', 'msgstr "Đang gặp nguy hiểm? Gọi ngay."')
SHEET_24 = ('msgstr "Nguy hiểm ngay lúc này? Hãy gọi %(phone)s"',
            'msgstr "Nguy hiểm ngay lúc này 24? Hãy gọi %(phone)s"')


def _break(project: Path, *edits: tuple[str, str]) -> None:
    path = project / PO
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def broken(project: Path) -> Path:
    """The Vietnamese suggestions (all fuzzy) with a dropped 911 on the card and an added
    number on the fact sheet."""
    _break(project, CARD_911, SHEET_24)
    return project


def test_the_real_errors_come_first_and_the_suggestions_are_summed_per_handout(broken: Path):
    result = run_cli(broken, "check", "--locale", "vi")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) < 25, result.stdout  # not 200 lines of "fuzzy"
    assert all(" error numbers: " in line for line in lines[:2]), result.stdout
    assert "drops 911" in result.stdout and "adds 24" in result.stdout
    assert "  hotline-card  " in result.stdout
    card = next(line for line in lines if line.startswith("  hotline-card "))
    assert card.split()[1:] == ["31", "suggested,", "0", "missing"], card
    assert "  numbers: 2 errors" in lines
    assert any(line.startswith("  fuzzy: 227 suggested, 217 of them printed") for line in lines)
    assert lines[-1] == ("2 errors, 0 warnings; not final yet, the handouts print 217 suggested "
                         "and 0 missing translations")


def test_verbose_lists_every_entry_and_quiet_only_the_errors(broken: Path):
    verbose = run_cli(broken, "check", "--locale", "vi", "-v").stdout.splitlines()
    assert sum(": error fuzzy: " in line or ": warning fuzzy: " in line for line in verbose) == 227
    assert " numbers: " in verbose[0]

    quiet = run_cli(broken, "-q", "check", "--locale", "vi")
    assert quiet.returncode == 1
    lines = [line for line in quiet.stdout.splitlines() if line]
    assert [" numbers: " in line for line in lines[:2]] == [True, True]
    assert lines[2] == ("locales/vi/LC_MESSAGES/messages.po: 227 suggested, 0 missing "
                        "(`check -v` lists each entry)")
    assert "by kind:" not in quiet.stdout


def test_material_narrows_the_check_to_what_that_handout_prints(broken: Path):
    result = run_cli(broken, "check", "--locale", "vi", "--material", "hotline-card")
    assert result.returncode == 1
    assert "drops 911" in result.stdout and "adds 24" not in result.stdout
    assert "fact-sheet" not in result.stdout and "not printed by any handout" not in result.stdout
    assert result.stdout.splitlines()[-1].startswith("1 error, 0 warnings; not final yet, the "
                                                     "handouts print 31 suggested")
    unknown = run_cli(broken, "check", "--material", "poster")
    assert unknown.returncode == 2 and "no material 'poster'" in unknown.stderr


def test_a_reviewed_language_says_so_in_one_line(project: Path):
    result = run_cli(project, "check", "--locale", "es")
    assert (result.returncode, result.stdout) == (0, "0 errors, 0 warnings\n")


def test_watch_says_only_what_changed_since_the_last_save(project: Path, capsys):
    from handouts.project import Project
    from handouts.watch import rebuild

    ok, first = rebuild(Project(project), "vi", ["hotline-card"], None, str)
    assert not ok
    said = capsys.readouterr().out
    assert "  hotline-card  " in said and "check: 0 errors" in said

    _break(project, CARD_911)
    ok, second = rebuild(Project(project), "vi", ["hotline-card"], None, str, first)
    said = capsys.readouterr().out
    assert "new: locales/vi/LC_MESSAGES/messages.po:" in said and "drops 911" in said
    assert "per handout" not in said and "check: 1 error, 0 warnings" in said

    _break(project, (CARD_911[1], CARD_911[0]))
    _, _ = rebuild(Project(project), "vi", ["hotline-card"], None, str, second)
    said = capsys.readouterr().out
    assert "fixed: locales/vi/LC_MESSAGES/messages.po: error numbers:" in said, said
    assert "new:" not in said and "check: 0 errors" in said
