"""Every translation gate fires on a crafted entry and stays quiet on a good one."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from handouts.context import Context
from handouts.errors import HandoutError
from handouts.i18n import checks
from handouts.i18n.checks import check_catalog
from handouts.project import Project
from handouts.render.strings import all_used

ROOT = Path(__file__).resolve().parent.parent
HEADER = '''msgid ""
msgstr ""
"Language: es\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

'''


def catalog_of(entries: str, header: str = HEADER):
    return read_po(io.StringIO(header + entries), locale="es", abort_invalid=True)


def found(entries: str, used: set | None = None, ok: frozenset[str] = frozenset(),
          lang: str = "es"):
    """(level, check) pairs the gates report for a small catalog."""
    catalog = catalog_of(entries)
    used = used if used is not None else {(m.context, m.id) for m in catalog if m.id}
    return [(p.level, p.check) for p in check_catalog(f"{lang}.po", catalog, lang, used, ok)]


def entry(msgid: str, msgstr: str, extra: str = "") -> str:
    return f'{extra}msgid "{msgid}"\nmsgstr "{msgstr}"\n\n'


@pytest.mark.parametrize(("msgid", "msgstr", "extra", "check"), [
    ("Text %(number)s", "Envíe un mensaje", "#: templates/m.j2:1\n#, python-format\n",
     "placeholders"),
    ("Call now", "Llame {number}", "", "placeholders"),
    ("DRAFT — %(percent)s%% translated", "BORRADOR — %(percent)s % traducido",
     "#: templates/base.html.j2:19\n#, python-format\n", "placeholders"),
    ("<b>Myth:</b> no.", "Mito: no.", "", "tags"),
    ("<b>Myth:</b> no.", "<i>Mito:</i> no.", "", "tags"),
    ("Call 1-888-373-7888.", "Llame al 1-888-373-7878.", "", "numbers"),
    ("Ages 12-14.", "Edades de 12 a 15.", "", "numbers"),
    ("Open 24 hours.", "Abierto todo el día.", "", "numbers"),
    ("Visit https://example.org/help.", "Visite https://example.org/ayuda.", "", "urls"),
    ("Write to help@example.org.", "Escriba a ayuda@example.org.", "", "urls"),
    ("See 211la.org.", "Vea el sitio web.", "", "urls"),
    ("Get help", "Obtenga ayuda ahora mismo", "#. Short. max-length: 10\n", "max-length"),
    ("Get help", "Obtenga ayuda ahora mismo", "#, max-length:10\n", "max-length"),
])
def test_error_gates_fire(msgid: str, msgstr: str, extra: str, check: str) -> None:
    assert ("error", check) in found(entry(msgid, msgstr, extra))


@pytest.mark.parametrize(("msgid", "msgstr", "check"), [
    ("Call now.", "Llame ahora", "end-punctuation"),
    ("Call now.", " Llame ahora.", "whitespace"),
    ("Call now.", "Llame  ahora.", "double-space"),
    ("Warning signs", "Warning signs", "unchanged"),
])
def test_warning_gates_fire(msgid: str, msgstr: str, check: str) -> None:
    problems = found(entry(msgid, msgstr))
    assert ("warning", check) in problems
    assert not [p for p in problems if p[0] == "error"]


@pytest.mark.parametrize(("msgid", "msgstr"), [
    ("Ages 12-14.", "Edades de 12 a 14."),  # a change of form, not of number
    ("Open 24/7.", "Abierto 24/7."),
    ("Who is at risk?", "¿Quién está en riesgo?"),
    ("Get help now!", "¡Busque ayuda ya!"),
    ("Text %(number)s", "Envíe un mensaje al %(number)s"),
    ("<b>Myth:</b> 95% of youth.", "<b>Mito:</b> el 95 % de los jóvenes."),
    ("Call 1-888-373-7888 or visit https://example.org.",
     "Llame al 1-888-373-7888 o visite https://example.org."),
    ("Get help", "Ayuda"),
])
def test_good_translations_pass(msgid: str, msgstr: str) -> None:
    assert found(entry(msgid, msgstr, "#. max-length: 80\n")) == []


def test_allow_list_names_may_stay_unchanged() -> None:
    assert found(entry("RAINN", "RAINN"), ok=frozenset({"RAINN"})) == []
    assert found(entry("911", "911")) == []  # nothing to translate


def test_untranslated_and_fuzzy_are_errors_only_when_used() -> None:
    entries = entry("Call", "") + entry("Help", "Ayuda", "#, fuzzy\n") + entry("Go", "")
    assert found(entries, used={(None, "Call"), (None, "Help")}) == [
        ("error", "untranslated"), ("error", "fuzzy"), ("warning", "untranslated")]


def test_a_suggested_translation_is_checked_like_a_reviewed_one() -> None:
    """A draft prints fuzzy suggestions, so a wrong number or tag in one is still an error."""
    entries = entry("Call 911.", "Llame al 112.", "#, fuzzy\n") + \
        entry("<b>Fact:</b> Help", "<b>Hecho: Ayuda", "#, fuzzy\n")
    assert found(entries, used={(None, "Call 911."), (None, "<b>Fact:</b> Help")}) == [
        ("error", "fuzzy"), ("error", "numbers"), ("error", "fuzzy"), ("error", "tags")]


def test_persian_and_arabic_write_numbers_with_their_own_digits() -> None:
    persian = {n: "".join(chr(0x06F0 + int(d)) for d in str(n)) for n in (12, 14, 15)}
    arabic = {n: "".join(chr(0x0660 + int(d)) for d in str(n)) for n in (12, 14)}
    assert found(entry("Ages 12 to 14", f"سنین {persian[12]} تا {persian[14]}"), lang="fa") == []
    assert found(entry("Ages 12 to 14", f"الأعمار {arabic[12]} إلى {arabic[14]}"), lang="ar") == []
    assert ("error", "numbers") in found(entry("Ages 12 to 14",
                                               f"سنین {persian[12]} تا {persian[15]}"), lang="fa")
    # each its own: Arabic-Indic digits in Persian, or either in Spanish, are refused
    assert ("error", "characters") in found(entry("Ages 12 to 14", f"سنین {arabic[12]} تا 14"),
                                            lang="fa")
    assert ("error", "characters") in found(entry("Ages 12 to 14", f"Edades {persian[12]} a 14"))


def test_used_string_missing_from_file_is_an_error() -> None:
    problems = check_catalog("es.po", catalog_of(""), "es", {("ctx", "Call")})
    assert [(p.level, p.check, p.msgid, p.context) for p in problems] == [
        ("error", "untranslated", "Call", "ctx")]


def test_problem_names_file_line_check_and_msgid() -> None:
    catalog = catalog_of(entry("Call 911.", "Llame al 112."))
    [problem] = check_catalog("locales/es/x.po", catalog, "es", {(None, "Call 911.")})
    assert problem.msgid == "Call 911."
    assert str(problem).startswith('locales/es/x.po:8: error numbers: "Call 911."')


def test_spanish_plural_forms_are_pinned() -> None:
    header = HEADER.replace("nplurals=2; plural=(n != 1);", "nplurals=3; plural=(n == 1 ? 0 : 2);")
    catalog = catalog_of(entry("Call", "Llame"), header)
    assert [p.check for p in check_catalog("es.po", catalog, "es", set())] == ["header"]


def test_plural_forms_are_checked_against_their_source() -> None:
    entries = ('msgid "%(n)s call"\nmsgid_plural "%(n)s calls"\n'
               'msgstr[0] "%(n)s llamada"\nmsgstr[1] "llamadas"\n\n')
    assert ("error", "placeholders") in found(entries)


def test_draft_still_stops_on_a_wrong_number(project: Path) -> None:
    """A draft may print English for missing strings, never a changed phone number."""
    proj = Project(project)
    used = Context(proj).strings_used(["fact-sheet"])["fact-sheet"]
    msgid = next(m for _, m in used if "988" in m)
    po = project / "locales" / "xx" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(HEADER.replace("es", "xx") + entry(msgid.replace('"', '\\"'),
                                                     msgid.replace("988", "112")
                                                     .replace('"', '\\"')), "utf-8")
    with pytest.raises(HandoutError) as exc:
        checks.gate(proj, {"xx": checks.Needs(frozenset(used))}, draft=True)
    assert [p.check for p in exc.value.problems][:1] == ["numbers"]
    assert "untranslated" not in {p.check for p in exc.value.problems}


SPANISH = ROOT / "locales" / "es" / "LC_MESSAGES" / "messages.po"


@pytest.mark.skipif(not SPANISH.exists(), reason="the Spanish catalog is not written yet")
def test_real_spanish_catalog_passes_the_content_gates() -> None:
    """Untranslated strings are the translator's to finish; every other error is a bug."""
    proj = Project(ROOT)
    context = Context(proj)
    used = all_used(context.strings_used(context.buildable()).values())
    errors = [str(p) for p in checks.locale_problems(proj, "es", used)
              if p.level == "error" and p.check not in {"untranslated", "fuzzy"}]
    assert errors == []


# --- what the reader sees: numbers digit for digit, no hidden or look-alike characters -------

RLO, PDF, RLM, LRI, PDI = "\u202e", "\u202c", "\u200f", "\u2066", "\u2069"
ZWSP, ZWNJ, SOFT_HYPHEN, BOM = "\u200b", "\u200c", "\u00ad", "\ufeff"


@pytest.mark.parametrize(("msgid", "msgstr", "check"), [
    ("Call 911.", "Llame al 0911.", "numbers"),  # a leading zero is another number
    ("Ages 12-14.", "Edades 012-14.", "numbers"),
    ("Ages 12-14.", f"Edades {RLO}12-14{PDF}.", "characters"),  # shows 41-21
    ("Ages 12-14.", f"Edades 12{RLM}-14.", "characters"),  # shows 14-12 in a right-to-left line
    ("Ages 12-14.", f"Edades {LRI}12-14{PDI}.", "characters"),
    ("Call 911.", f"Llame al 9{ZWSP}11.", "characters"),
    ("Call now.", f"Llame{ZWNJ} ya.", "characters"),  # Spanish needs no joiner control
    ("Call now.", f"Lla{SOFT_HYPHEN}me ya.", "characters"),
    ("Call now.", f"{BOM}Llame ya.", "characters"),
    ("Ages 12-14.", "Edades 12-1\u2074.", "characters"),  # superscript four
    ("Ages 12-14.", "Edades \uff11\uff12-14.", "characters"),  # fullwidth 12
    ("Ages 12-14.", "Edades \U0001d7cf\U0001d7d0-14.", "characters"),  # mathematical bold 12
    ("Ages 12-14.", "Edades \u0661\u0662-14.", "characters"),  # Arabic-Indic 12 in Spanish
])
def test_what_a_reader_would_misread_is_an_error(msgid: str, msgstr: str, check: str) -> None:
    assert ("error", check) in found(entry(msgid, msgstr))


@pytest.mark.parametrize(("lang", "msgid", "msgstr"), [
    ("fa", "Warning signs", f"نشانه{ZWNJ}های هشدار"),  # Persian's zero-width non-joiner
    ("km", "Warning signs", f"សញ្ញា{ZWSP}ព្រមាន"),  # Khmer marks word breaks with a ZWSP
    ("fa", "Ages 12 to 14", "سنین \u06f1\u06f2 تا \u06f1\u06f4"),  # in its own digits
])
def test_what_a_script_needs_is_kept(lang: str, msgid: str, msgstr: str) -> None:
    assert found(entry(msgid, msgstr), lang=lang) == []


def test_a_character_problem_names_the_character_and_where_it_is() -> None:
    catalog = catalog_of(entry("Ages 12-14.", f"Edades 12{RLM}-14."))
    [problem] = check_catalog("locales/es/x.po", catalog, "es", {(None, "Ages 12-14.")})
    assert str(problem).startswith('locales/es/x.po:8: error characters: "Ages 12-14." has a '
                                   "hidden direction control (U+200F RIGHT-TO-LEFT MARK after "
                                   '"Edades 12"); delete it')


DRAFT = "#: templates/base.html.j2:30\n#, python-format\n"


@pytest.mark.parametrize(("msgid", "msgstr", "extra"), [
    # the doubled % prints "%(percent)s" instead of the percentage
    ("DRAFT — %(percent)s%% translated", "BORRADOR — %%(percent)s traducido", DRAFT),
    ("DRAFT — %(percent)s%% translated", "BORRADOR — %(percent)s traducido", DRAFT),
    ("DRAFT — %(percent)s%% translated", "BORRADOR — %(percent)s%%%% traducido", DRAFT),
    ("Text %(number)s", "Envíe %s", "#: templates/m.j2:1\n#, python-format\n"),
    ("Text %(number)s", "Envíe al %(number)", "#: templates/m.j2:1\n#, python-format\n"),
])
def test_placeholders_and_escapes_match_by_name_and_count(msgid: str, msgstr: str,
                                                          extra: str) -> None:
    assert ("error", "placeholders") in found(entry(msgid, msgstr, extra))


ACTION = "#: content/materials/trafficking-notice.yaml:21\n"


def test_numbers_traded_between_entries_or_within_a_sentence_are_errors() -> None:
    hotline = "Call the hotline at %(hotline)s."
    cast = "Call CAST at %(cast)s."
    swapped = entry(hotline, "Llame a la línea al %(cast)s.", ACTION) + \
        entry(cast, "Llame a CAST al %(hotline)s.", ACTION)
    assert found(swapped) == [("error", "placeholders"), ("error", "placeholders")]
    both = "Call the hotline at %(hotline)s or CAST at %(cast)s."
    assert ("error", "placeholders") in found(entry(
        both, "Llame a la línea al %(cast)s o a CAST al %(hotline)s.", ACTION))
    assert found(entry(both, "Llame a la línea al %(hotline)s o a CAST al %(cast)s.",
                       ACTION)) == []


def test_a_template_s_placeholders_may_change_places() -> None:
    """Korean puts the number before the word to send; nothing there ties a number to a name."""
    assert found(entry("Text %(keyword)s to %(number)s", "%(number)s번으로 %(keyword)s 전송",
                       "#: templates/macros.html.j2:40\n#, python-format\n"), lang="ko") == []


# --- every catalog a PDF looks up passes the gate ---------------------------------------------

def _replace_in_po(root: Path, lang: str, old: str, new: str) -> None:
    path = root / "locales" / lang / "LC_MESSAGES" / "messages.po"
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def test_the_county_profile_s_names_are_gated(project: Path) -> None:
    from .conftest import run_cli

    name = 'msgctxt "profile"\nmsgid "Los Angeles County"\nmsgstr "Condado de Los Ángeles"'
    _replace_in_po(project, "es", name, name.replace("Los Á", f"Los {RLO}Á"))
    result = run_cli(project, "--locale", "es", "--material", "school-handout", "--jobs", "1")
    assert result.returncode == 1
    assert re.search(r'locales/es/LC_MESSAGES/messages.po:\d+: error characters: "Los Angeles '
                     r'County" \(context profile\) has a hidden direction control \(U\+202E '
                     r'RIGHT-TO-LEFT OVERRIDE after "Condado de Los "\)', result.stderr)
    assert not (project / "dist" / "es").exists()


def test_a_draft_s_stamp_is_gated(project: Path) -> None:
    from .conftest import run_cli

    _replace_in_po(project, "es", 'msgstr "BORRADOR — %(percent)s%% traducido"',
                   'msgstr "BORRADOR — %%(percent)s traducido"')
    result = run_cli(project, "--locale", "es", "--material", "hotline-card", "--draft",
                     "--jobs", "1")
    assert result.returncode == 1
    assert 'error placeholders: "DRAFT — %(percent)s%% translated"' in result.stderr
    assert "--draft" not in result.stderr.split("fix the translations above")[-1]


def test_the_notice_s_third_language_is_gated(project: Path) -> None:
    from .conftest import run_cli
    from .test_notice import add_third_language

    add_third_language(project)  # pt, its notice strings filled from Spanish
    path = project / "locales" / "pt" / "LC_MESSAGES" / "messages.po"
    text = path.read_text("utf-8")
    assert "%(hotline)s o " in text
    path.write_text(text.replace("%(hotline)s o ", f"%(hotline)s{RLM} o ", 1), "utf-8")
    result = run_cli(project, "--material", "trafficking-notice", "--notice-language", "pt",
                     "--locale", "en", "--jobs", "1")
    assert result.returncode == 1
    assert "locales/pt/LC_MESSAGES/messages.po:" in result.stderr
    assert "error characters:" in result.stderr and "U+200F RIGHT-TO-LEFT MARK" in result.stderr
    assert not (project / "dist" / "en").exists()


def test_the_gate_knows_every_entry_a_draft_render_looks_up(monkeypatch: pytest.MonkeyPatch):
    """What the gate checks (Context.lookups) covers what rendering each handout asks every
    catalog on its page for, as a draft (with its stamp), the notice with its third language."""
    from handouts.i18n import translator
    from handouts.jobs import EDITIONS, LARGE_PRINT, Job
    from handouts.materials import MATERIALS
    from handouts.project import DEFAULT_PROFILE
    from handouts.render import handout

    made: list[translator.Translator] = []
    real = translator.translator_for

    def recording(*args: object, **kwargs: object) -> translator.Translator:
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(handout, "translator_for", recording)
    monkeypatch.setattr(translator, "translator_for", recording)
    proj = Project(ROOT)
    context = Context(proj)
    materials = context.buildable()
    for material in materials:
        spec = MATERIALS[material]
        for edition in (*EDITIONS, LARGE_PRINT) if spec.large_print else EDITIONS:
            job = Job("ko", material, edition, DEFAULT_PROFILE if spec.uses_profile else None,
                      draft=True, notice_language="zh_Hant" if material == "trafficking-notice"
                      else None)
            handout.handout_html(proj, context.content, context.env, job)
    assert {tr.lang for tr in made} == {"ko", "en", "es", "zh_Hant"}
    asked = {key for tr in made for key in [*tr.seen, *tr.consulted]}
    known = {key for found in context.lookups(materials).values()
             for key in [*found.printed, *found.optional]}
    assert asked - known == set()
    assert (None, "Suggested translation, not yet reviewed") in asked  # the draft stamp
    assert ("profile", "Los Angeles County") in asked
