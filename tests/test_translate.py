"""The translators' workflow: update loses nothing, init starts cleanly, stats count right."""

from __future__ import annotations

import gettext
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from handouts.errors import HandoutError
from handouts.i18n import translator
from handouts.i18n.catalogs import key_map
from handouts.i18n.extract import po_bytes
from handouts.i18n.stats import count
from handouts.project import Project
from handouts.translators import po_files as translate

from .conftest import run_cli
from .pdfs import page_texts, reader

HAS_MSGFMT = shutil.which("msgfmt") is not None


def msgfmt_ok(path: Path) -> None:
    """GNU gettext's own validity check, independent of Babel."""
    if HAS_MSGFMT:
        result = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(path)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def blocks(data: bytes) -> set[str]:
    """Entries of a .po file as text, the header's POT-Creation-Date left out: a fresh
    extraction moves it, as msgmerge does, whenever the template changes in a later minute."""
    header, *entries = data.decode("utf-8").split("\n\n")
    header = "\n".join(line for line in header.split("\n") if "POT-Creation-Date" not in line)
    return {header, *entries}


@pytest.fixture
def fresh(project: Path) -> Project:
    """A project copy whose only translation is a Spanish one made here, fully translated."""
    for folder in (project / "locales").iterdir():
        if folder.is_dir():
            shutil.rmtree(folder)
    proj = Project(project)
    path = translate.init(proj, "es")
    catalog = read_po(path.open("rb"), locale="es")
    for message in catalog:
        if message.id:
            message.string = f"ES {message.id}"
    path.write_bytes(po_bytes(catalog))
    return proj


def edit_one_source(proj: Project) -> tuple[str, str]:
    """Change one word of one sentence in content/sections.yaml; return the old msgid and
    its location."""
    template = read_po((proj.locales / "messages.pot").open("rb"))
    yaml_path = proj.content / "sections.yaml"
    lines = yaml_path.read_text("utf-8").split("\n")
    for message in template:
        (file, line), = message.locations[:1] or [("", 0)]
        if file == "content/sections.yaml" and len(message.id) > 40 \
                and message.id in lines[line - 1] and " the " in message.id:
            lines[line - 1] = lines[line - 1].replace(message.id,
                                                      message.id.replace(" the ", " THE ", 1))
            yaml_path.write_text("\n".join(lines), "utf-8")
            return message.id, f"{file}:{line}"
    raise AssertionError("no sentence to edit in content/sections.yaml")


def test_update_keeps_every_other_translation_byte_for_byte(fresh: Project) -> None:
    path = fresh.po_path("es")
    before = path.read_bytes()
    old, where = edit_one_source(fresh)
    new_id = old.replace(" the ", " THE ", 1)

    [(written, changed)] = translate.update(fresh)
    assert (written, changed) == (path, True)
    after = path.read_bytes()
    changed_blocks = blocks(before) ^ blocks(after)
    assert len(changed_blocks) == 2  # the edited entry, before and after; nothing else
    assert all(f"#: {where}\n" in b for b in changed_blocks)
    catalog = read_po(io.BytesIO(after), locale="es")
    message = catalog.get(new_id)
    assert message.fuzzy and message.string == f"ES {old}"
    assert message.previous_id == [] or message.previous_id == [old]  # Babel does not read #|
    assert "#| msgid " in after.decode("utf-8")
    msgfmt_ok(path)

    # A second update (translator has not looked yet) keeps the previous msgid and changes nothing.
    assert translate.update(fresh) == [(path, False)]
    assert path.read_bytes() == after


def gnu_normal(path: Path) -> list[str]:
    """A .po file's entries as GNU msgcat writes them (unwrapped, sorted), header left out."""
    result = subprocess.run(["msgcat", "--no-wrap", "--sort-output", str(path)],
                            capture_output=True, text=True, check=True)
    return result.stdout.split("\n\n")[1:]


@pytest.mark.skipif(shutil.which("msgmerge") is None,
                    reason="GNU gettext (Debian's gettext) is not installed")
def test_update_does_what_gnu_msgmerge_does_in_every_language(project: Path,
                                                              tmp_path: Path) -> None:
    """One English string changes and one goes: each language keeps its own translation of the
    first, marked fuzzy with the old English as `#| msgid`, and of the second as obsolete,
    exactly as `msgmerge --previous` makes them from the same files; nothing is copied from
    one language to another and nothing else moves."""
    proj = Project(project)
    reviewed = ("es", "ar", "ko", "zh_Hant")  # every entry approved; fa stays as shipped
    before = {}
    for lang in (*reviewed, "fa"):
        path = proj.po_path(lang)
        if lang in reviewed:  # approve every entry, as Poedit does: no fuzzy, no `#|`
            text = re.sub(r"(?m)^#\| .*\n", "", path.read_text("utf-8"))
            text = re.sub(r"(?m)^#, fuzzy\n", "", text).replace("#, fuzzy, ", "#, ")
            path.write_text(text, "utf-8")
        before[lang] = tmp_path / f"{lang}.po"
        shutil.copyfile(path, before[lang])
    old, _ = edit_one_source(proj)
    new_id = old.replace(" the ", " THE ", 1)
    removed = "It can happen in person, through photos or videos, or online."  # and one goes
    sections = proj.content / "sections.yaml"
    text = sections.read_text("utf-8")
    assert text.count(f"      - {removed}\n") == 1
    sections.write_text(text.replace(f"      - {removed}\n", ""), "utf-8")

    translate.update(proj)
    for lang, old_file in before.items():
        assert read_po(proj.po_path(lang).open("rb"), locale=lang).obsolete[removed].string \
            == read_po(old_file.open("rb"), locale=lang).get(removed).string, lang
        oracle = tmp_path / f"{lang}.msgmerge.po"
        subprocess.run(["msgmerge", "--previous", "--quiet", "-o", str(oracle), str(old_file),
                        str(proj.locales / "messages.pot")], check=True)
        ours, gnu = gnu_normal(proj.po_path(lang)), gnu_normal(oracle)
        own = read_po(old_file.open("rb"), locale=lang).get(old).string
        merged = read_po(proj.po_path(lang).open("rb"), locale=lang).get(new_id)
        assert merged.fuzzy and merged.string == own, lang
        entry = next(e for e in ours if f'msgid "{new_id}"' in e)
        assert f'#| msgid "{old}"\n' in entry, lang
        if lang == "fa":  # already fuzzy: msgmerge adds no `#|`, update shows what changed
            ours = [e.replace(f'#| msgid "{old}"\n', "") for e in ours]
        assert ours == gnu, lang


def test_previous_msgid_of_a_long_string_is_valid_gettext(tmp_path: Path) -> None:
    long_old = "Exploiters look for young people who seem alone, need money, or want love " \
               "and attention, at bus stations, malls and arcades."
    long_new = long_old.replace("malls", "shopping malls")
    catalog = Catalog(locale="es", fuzzy=False)
    catalog.add(long_old, "TRAD", locations=[("content/sections.yaml", 3)])
    template = Catalog()
    template.add(long_new, locations=[("content/sections.yaml", 3)])
    data = translate.po_with_previous(translate.merge(catalog, template))
    (tmp_path / "x.po").write_bytes(data)
    msgfmt_ok(tmp_path / "x.po")
    again = translate.merge(read_po(io.BytesIO(data), locale="es"), template)
    assert again.get(long_new).previous_id == [long_old]
    assert translate.po_with_previous(again) == data


def test_small_edit_to_a_long_msgid_comes_back_fuzzy() -> None:
    """Babel #969: a long string with a tiny edit must not be thrown away as obsolete."""
    base = " ".join(["Exploiters look for young people who seem alone, need money, or want "
                     "love and attention."] * 4)
    catalog = Catalog(locale="es")
    catalog.add(base, "TRAD", locations=[("a.yaml", 1)])
    template = Catalog()
    new = base.replace(",", ";")
    template.add(new, locations=[("a.yaml", 1)])
    merged = translate.merge(catalog, template)
    assert merged.get(new).fuzzy and merged.get(new).string == "TRAD"
    assert not merged.obsolete


def test_contexts_sharing_a_msgid_keep_their_own_translations() -> None:
    """Babel #1124 / PR #1330: obsolete entries and fuzzy matches across contexts."""
    catalog = Catalog(locale="es")
    catalog.add("Call", "Llame", locations=[("m", 1)], context="verb")
    catalog.add("Call", "Llamada", locations=[("m", 2)], context="noun")
    catalog.add("Guide", "Guía", locations=[("m", 3)], context="a")
    catalog.add("Guide", "Guiar", locations=[("m", 4)], context="b")
    template = Catalog()
    template.add("Guides", locations=[("m", 3)], context="a")
    template.add("Guides", locations=[("m", 4)], context="b")
    data = translate.po_with_previous(translate.merge(catalog, template))
    merged = read_po(io.BytesIO(data), locale="es")
    assert merged.get("Guides", "a").string == "Guía"
    assert merged.get("Guides", "b").string == "Guiar"
    assert {k: m.string for k, m in merged.obsolete.items()} == {
        ("Call", "verb"): "Llame", ("Call", "noun"): "Llamada"}
    # The strings come back: their translations do too, exactly and not fuzzy.
    template.add("Call", locations=[("m", 1)], context="verb")
    back = translate.merge(merged, template)
    assert back.get("Call", "verb").string == "Llame" and not back.get("Call", "verb").fuzzy


def test_a_suggestion_that_leaves_and_comes_back_is_still_a_suggestion() -> None:
    """An unreviewed (fuzzy) translation kept as obsolete must not come back reviewed: it would
    print as final."""
    catalog = Catalog(locale="fa")
    catalog.add("Warning signs", "نشانه‌های هشدار", locations=[("m", 1)], flags=["fuzzy"])
    without, with_it = Catalog(), Catalog()
    with_it.add("Warning signs", locations=[("m", 1)])
    data = translate.po_with_previous(translate.merge(catalog, without))
    assert '#, fuzzy\n#~ msgid "Warning signs"\n' in data.decode("utf-8")
    back = translate.merge(read_po(io.BytesIO(data), locale="fa"), with_it)
    assert back.get("Warning signs").fuzzy
    assert back.get("Warning signs").string == "نشانه‌های هشدار"


def test_removed_strings_become_obsolete_not_deleted(fresh: Project) -> None:
    path = fresh.po_path("es")
    catalog = read_po(path.open("rb"), locale="es")
    catalog.add("A sentence the content no longer has.", "Una frase que ya no está.",
                locations=[("content/sections.yaml", 1)])
    path.write_bytes(po_bytes(catalog))
    translate.update(fresh)
    assert '#~ msgstr "Una frase que ya no está."' in path.read_text("utf-8")


def test_init_writes_a_correct_header_and_never_overwrites(fresh: Project) -> None:
    path = fresh.po_path("es")
    header = path.read_text("utf-8").split("\n\n")[0]
    assert '"Language: es\\n"' in header
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in header
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in header and "#, fuzzy" not in header
    msgfmt_ok(path)
    before = path.read_bytes()
    with pytest.raises(HandoutError, match="never overwrites"):
        translate.init(fresh, "es")
    assert path.read_bytes() == before


def test_init_refuses_pseudo_and_unknown_languages(fresh: Project) -> None:
    for lang in ("en-XA", "en", "xx-nonsense", "../es"):
        with pytest.raises(HandoutError):
            translate.init(fresh, lang)


def test_stats_match_a_hand_count() -> None:
    po = b'''msgid ""
msgstr ""
"Language: es\\n"

msgid "Call now"
msgstr "Llame ya"

#, fuzzy
msgid "Get help today"
msgstr "Ayuda"

msgid "<b>Myth:</b> it stops at 18."
msgstr ""

msgid "Text %(number)s"
msgstr ""
'''
    entries = key_map(read_po(io.BytesIO(po), locale="es"))
    keys = {(None, "Call now"): None, (None, "Get help today"): None,
            (None, "<b>Myth:</b> it stops at 18."): None, (None, "Text %(number)s"): None,
            (None, "Not in the file"): None}
    row = count("es", "fact-sheet", keys, entries)
    # 5 strings, 1 translated (20%), 1 fuzzy, 3 untranslated; words still to do:
    # "Get help today" 3 + "Myth it stops at 18" 5 + "Text" 1 + "Not in the file" 4 = 13
    assert (row.strings, row.translated, row.percent, row.fuzzy, row.untranslated,
            row.untranslated_words) == (5, 1, 20, 1, 3, 13)


def test_compile_writes_mo_files_gettext_reads(fresh: Project) -> None:
    [mo] = translate.compile_mo(fresh)
    assert mo == fresh.po_path("es").with_suffix(".mo")
    with mo.open("rb") as f:
        assert gettext.GNUTranslations(f).gettext("Warning signs") == "ES Warning signs"


def test_check_and_stats_commands(fresh: Project) -> None:
    root = fresh.root
    result = run_cli(root, "check", "--format", "json")
    assert (result.returncode, json.loads(result.stdout)) == (0, [])

    path = fresh.po_path("es")
    path.write_text(path.read_text("utf-8").replace('"ES Call"', '"ES Llame 1-800"'), "utf-8")
    result = run_cli(root, "check", "--locale", "es")
    assert result.returncode == 1
    assert "locales/es/LC_MESSAGES/messages.po:" in result.stdout
    assert " error numbers: " in result.stdout
    [problem] = json.loads(run_cli(root, "check", "--format", "json").stdout)
    assert problem["check"] == "numbers" and problem["msgid"] == "Call"
    assert problem["context"] == "call a phone number" and problem["line"] > 1

    for pseudo in ("en-XA", "ar-XB"):
        assert run_cli(root, "check", "--locale", pseudo).returncode == 0
    stats = json.loads(run_cli(root, "stats", "--format", "json").stdout)
    assert {row["locale"] for row in stats} == {"es"}
    assert stats[0]["material"] == "(all)" and stats[0]["percent"] == 100
    assert "fact-sheet" in run_cli(root, "stats").stdout


def test_adding_a_language(project: Path) -> None:
    """What a new translator does: init, translate a little, see it refused, then a draft."""
    assert run_cli(project, "init", "fr").returncode == 0
    path = project / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    catalog = read_po(path.open("rb"), locale="fr")
    catalog.get("Warning signs").string = "Signes d'alerte"
    path.write_bytes(po_bytes(catalog))

    refused = run_cli(project, "--locale", "fr", "--material", "fact-sheet")
    assert refused.returncode == 1
    assert "error untranslated" in refused.stderr and "--draft" in refused.stderr
    assert not (project / "dist" / "fr" / "fact-sheet.pdf").exists()

    # the card, desk and print (every handout is drafted, each page stamped, in
    # test_threshold_languages.py; the stamp is base.html.j2's, on every handout's pages)
    draft = run_cli(project, "--locale", "fr", "--draft", "--material", "hotline-card")
    assert draft.returncode == 0, draft.stderr
    made = sorted((project / "dist").rglob("*.pdf"))
    assert [p.relative_to(project / "dist").as_posix() for p in made] == [
        "drafts/fr/hotline-card.pdf", "drafts/fr/print/hotline-card.pdf"]
    for pdf in made:
        assert all("DRAFT" in page for page in page_texts(pdf)), pdf


def test_plural_entries_are_read_and_pick_the_languages_form(tmp_path: Path) -> None:
    """A .po with msgstr[N] lines reads cleanly, and each count gets the form its language uses."""
    po = tmp_path / "ru" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('''msgid ""
msgstr ""
"Language: ru\\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
"(n%100<10 || n%100>=20) ? 1 : 2);\\n"

msgid "%(num)s hotline"
msgid_plural "%(num)s hotlines"
msgstr[0] "%(num)s линия"
msgstr[1] "%(num)s линии"
msgstr[2] "%(num)s линий"
''', encoding="utf-8")
    tr = translator.translator_for(tmp_path, "ru")
    forms = [str(tr.ngettext("%(num)s hotline", "%(num)s hotlines", n)) for n in (1, 3, 5, 21)]
    assert forms == ["%(num)s линия", "%(num)s линии", "%(num)s линий", "%(num)s линия"]
    assert not tr.missing
    assert str(tr.ngettext("%(num)s call", "%(num)s calls", 2)) == "%(num)s calls"  # English
    assert tr.missing == {(None, "%(num)s call"): None}


def test_a_locale_spelled_with_an_underscore_gets_its_tag_and_direction(project: Path) -> None:
    """gettext writes ur_PK; the PDF must say ur-PK and lay the page out right to left."""
    assert run_cli(project, "init", "ur_PK").returncode == 0
    built = run_cli(project, "--locale", "ur_PK", "--material", "hotline-card", "--draft",
                    "--keep-html")
    assert built.returncode == 0, built.stderr
    pdf = project / "dist" / "drafts" / "ur_PK" / "hotline-card.pdf"
    assert reader(pdf).trailer["/Root"]["/Lang"] == "ur-PK"
    html = pdf.with_suffix(".html").read_text("utf-8")
    assert '<html lang="ur-PK" dir="rtl">' in html


def test_committed_template_and_catalogs_match_the_sources(project: Path) -> None:
    """A string edited in content/ or templates/ without `extract` and `update` would reach
    translators late; running them on a fresh copy must change nothing but dates."""
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")}
    assert run_cli(project, "update").returncode == 0
    for path, data in before.items():
        assert blocks(path.read_bytes()) == blocks(data), \
            f"{path.relative_to(project)} is out of date: run `python build.py update`"
