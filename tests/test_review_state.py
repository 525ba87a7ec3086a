"""Suggested translations (fuzzy) never print as final: a normal build skips the language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handouts.cli import main
from handouts.i18n.poscan import review_counts

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
    assert (project / "dist" / "drafts" / "fr" / "hotline-card.pdf").exists()
    assert not (project / "dist" / "fr").exists(), "a draft never takes a final file name"


def test_a_draft_prints_suggested_translations_marked_and_stamped(
        project: Path, capsys: pytest.CaptureFixture):
    from babel.messages.pofile import read_po, write_po

    from tests import pdfs

    assert main(["init", "fr"], root=project) == 0
    po = project / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    catalog = read_po(po.open("rb"))
    spanish = read_po((project / "locales" / "es" / "LC_MESSAGES" / "messages.po").open("rb"))
    for message in catalog:  # every entry suggested: the Spanish stands in for French here
        if message.id and isinstance(message.id, str):
            message.string = spanish.get(message.id, message.context).string
            message.flags.add("fuzzy")
    with po.open("wb") as f:
        write_po(f, catalog)
    assert main(["--jobs", "1", "--draft", "--locale", "fr", "--material", "hotline-card",
                 "--keep-html"], root=project) == 0
    capsys.readouterr()
    pdf = project / "dist" / "drafts" / "fr" / "hotline-card.pdf"
    text = pdfs.text(pdf)
    assert "Suggested translation, not yet reviewed" in text, text
    assert "Traducción sugerida, aún sin revisar" in text, text
    assert "Llama o manda un mensaje." in text, text
    html = (project / "dist" / "drafts" / "fr" / "hotline-card.html").read_text(encoding="utf-8")
    assert "Llama o manda un mensaje.</mark>" in html and html.count('<mark class="suggested">') > 5
    reader = pdfs.reader(pdf)
    assert len(reader.pages) == 2, "the stamp must not push the card onto a third page"
    assert "<" not in reader.metadata.title, reader.metadata.title  # no highlight markup
    assert main(["stats", "--locale", "fr", "--format", "json"], root=project) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["status"] == "suggested translation, needs review"
    assert rows[0]["language"] == "Français (French)"
    assert rows[0]["translated"] == 0 and rows[0]["fuzzy"] == rows[0]["strings"] > 100


@pytest.mark.parametrize(("lang", "own"), [
    ("ar", "العربية"), ("fa", "فارسی"), ("hy", "Հայերեն"), ("hyw", "Արեւմտահայերէն"),
    ("km", "ខ្មែរ"), ("ko", "한국어"), ("ru", "Русский"), ("tl", "Tagalog"), ("vi", "Tiếng Việt"),
    ("zh_Hans", "简体中文"), ("zh_Hant", "繁體中文")])
def test_each_language_is_named_in_its_own_script(lang: str, own: str):
    from handouts.languages import label

    assert label(lang).startswith(own)
