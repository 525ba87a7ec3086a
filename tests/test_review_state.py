"""Suggested translations (fuzzy) never print as final: a normal build skips the language."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.cli import main
from handouts.poscan import review_counts

PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#. reviewed
msgid "Call"
msgstr "Llame"

#, fuzzy
msgid "Text"
msgstr "Mensaje"

msgctxt "button"
msgid "Help"
msgstr ""

msgid "One day"
msgid_plural "%(n)s days"
msgstr[0] "Un día"
msgstr[1] "%(n)s días"

#, fuzzy, python-format
msgid "Long"
msgstr ""
"Una "
"línea"

#~ msgid "Old"
#~ msgstr ""
'''


def test_review_counts_tell_reviewed_suggested_and_missing_apart(tmp_path: Path):
    po = tmp_path / "messages.po"
    po.write_text(PO, encoding="utf-8")
    assert review_counts(po) == (2, 2, 1)


def test_a_normal_build_skips_an_unreviewed_language_and_says_why(
        project: Path, capsys: pytest.CaptureFixture):
    assert main(["init", "fr"], root=project) == 0
    capsys.readouterr()
    args = ["--jobs", "1", "--material", "hotline-card"]
    assert main(args, root=project) == 0
    out = capsys.readouterr().out
    assert "skipped fr: not yet reviewed, 0 of" in out and "--draft --locale fr" in out, out
    assert (project / "dist" / "es" / "hotline-card.pdf").exists()
    assert not (project / "dist" / "fr").exists()
    assert main([*args, "--draft", "--locale", "fr"], root=project) == 0
    assert (project / "dist" / "fr" / "hotline-card.pdf").exists()
