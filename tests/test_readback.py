"""The laid-out pages, read back as their reader meets them (handouts/pdf/readback.py).

Every session build passes these checks on every PDF it makes (a false alarm would fail it);
the cases here break one input in a copy of the project and ask the build what it says.
"""

# ruff: noqa: RUF001  (the Armenian full stop in the strings is the translation's, not a typo)

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from handouts.context import Context
from handouts.jobs import Job
from handouts.pdf import readback, weasy
from handouts.pdf.typeset import DESK_STANDARD
from handouts.project import Project
from handouts.publishing.worker import run_job
from handouts.render.handout import handout_html
from tests import pdfs
from tests.conftest import ROOT, run_cli

RLO, PDF = "\u202e", "\u202c"  # RIGHT-TO-LEFT OVERRIDE, POP DIRECTIONAL FORMATTING


def edit_catalog(root: Path, lang: str, strings: dict[str, str] | None = None, *,
                 reviewed: bool = False) -> None:
    """Give msgids new translations; `reviewed` clears every fuzzy flag, as a reviewer would."""
    path = root / "locales" / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        catalog = read_po(f)
    missing = set(strings or ()) - {message.id for message in catalog}
    assert not missing, f"no such msgid (the English changed?): {missing}"
    for message in catalog:
        if not message.id:
            continue
        if reviewed:
            message.flags.discard("fuzzy")
        if strings and message.id in strings:
            message.string = strings[message.id]
            message.flags.discard("fuzzy")
    with path.open("wb") as f:
        write_po(f, catalog, width=76)


def problems(root: Path, lang: str, material: str, *, draft: bool = False) -> list[str]:
    """Lay out one desk PDF the way a build's worker does, and what it says is wrong.

    Straight to the worker: these are the checks on the output, which must hold even when a
    check on the catalogs lets a string through.
    """
    context = Context(Project(root))
    outcome = run_job(context, Job(lang, material, "desk", None, draft), root / "staging")
    return [str(p) for p in outcome.problems]


@pytest.mark.slow  # lays out PDFs of its own
def test_a_number_turned_round_glued_or_from_nowhere_stops_the_pdf(project: Path):
    edit_catalog(project, "es", {
        # a direction override before the number: the reader sees 889
        "They may think about suicide or hurting themselves. If so, call or text 988 right "
        "away.": f"Pueden pensar en suicidarse. Si es así, llame o mande un texto al {RLO}988"
                 f"{PDF} de inmediato.",
        # a changed year: a number the English does not print
        "Since 2017, California law says no one under 18 can be arrested or charged for "
        "prostitution.": "Desde 20170, la ley de California dice que a nadie menor de 18 años "
                         "se le puede arrestar por prostitución.",
        # a leading zero: the emergency number reads 0911
        "In danger now? Call 911.": "¿Estás en peligro? Llama al 0911.",
        # the hotline's name in other digits
        "988 Suicide & Crisis Lifeline": "Línea \u0669\u0668\u0668 de Prevención del Suicidio",
        # a count in superscript digits
        "LA County's mental health department says almost all youth who are exploited (95 out "
        "of 100) were abused or hurt when they were younger.":
            "Casi todos (95 de cada \u00b9\u2070\u2070) sufrieron abuso.",
    })
    sheet = "\n".join(problems(project, "es", "fact-sheet"))
    assert '"Pueden pensar en suicidarse. Si es así, llame o mande un texto al 988 de ' \
           'inmediato." shows "889", which is 988 written backwards' in sheet
    assert "988 is shown" in sheet and "the English handout shows it" in sheet
    assert 'shows "20170", a number the English handout does not print' in sheet
    assert "shows \"\u0669\u0668\u0668\", which is 988 in other digits" in sheet
    assert "shows \"\u00b9\u2070\u2070\", which is 100 in superscript or circled digits" in sheet

    card = "\n".join(problems(project, "es", "hotline-card"))
    assert '"¿Estás en peligro? Llama al 0911." shows "0911": a character stands right next ' \
           "to the number" in card


@pytest.mark.slow  # lays out PDFs of its own
def test_a_number_turned_round_in_right_to_left_text_is_read_as_drawn(project: Path):
    """In Arabic the number is isolated left to right; an override inside the translation
    still turns it round, and the check reads the line as Pango draws it."""
    edit_catalog(project, "ar", {
        "They may think about suicide or hurting themselves. If so, call or text 988 right "
        "away.": f"قد يفكرون في الانتحار. إذا حدث ذلك، اتصل أو أرسل رسالة نصية إلى {RLO}988{PDF} "
                 "فورًا.",
    })
    said = "\n".join(problems(project, "ar", "fact-sheet", draft=True))
    assert 'shows "889", which is 988 written backwards' in said


@pytest.mark.slow  # lays out PDFs of its own
def test_a_list_item_cut_at_the_foot_of_a_panel_is_copyfitted_or_stops_the_build(
        project: Path):
    """Issue 20: in the reviewed Armenian brochure the flap's list ran past the panel's foot,
    one item cut mid-sentence and the last one missing, and the build said nothing."""
    edit_catalog(project, "hy", reviewed=True)
    # As designed (no copyfitting) the brochure does not hold it all, and a check says so: the
    # box geometry, or else the text read back (which alone caught the cut list before the
    # rewrite of December 2026 changed the flap's words)
    context = Context(Project(project))
    job = Job("hy", "brochure", "desk", None, False)
    document = context.typesetter.layout(
        handout_html(context.project, context.content, context.env, job), standard=DESK_STANDARD)
    assert weasy.find_overflow(document, pages=2, fixed=True) or \
        readback.lost(weasy.read_pages(document))

    result = run_cli(project, "--locale", "hy", "--material", "brochure")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "copyfitted hy/brochure" in result.stdout  # set smaller, as a designer would
    shown = "".join(pdfs.text(project / "dist" / "hy" / "brochure.pdf").split())
    for item in ("Ինտերնետում ծանոթացած մեկը քեզ առաջարկում է աշխատել որպես մոդել կամ պարող։",
                 "Վախենում ես, թե ինչ կլինի, եթե հեռանաս։"):
        assert "".join(item.split()) in shown

    last = "Վախենում ես, թե ինչ կլինի, եթե հեռանաս։"
    edit_catalog(project, "hy", {"You are afraid of what will happen if you leave.":
                                 " ".join([last] * 14)})
    result = run_cli(project, "--locale", "hy", "--material", "brochure")
    assert result.returncode == 1
    said = result.stdout + result.stderr  # the geometry or the text read back names it
    assert "error overflow: hy/brochure (desk and print): " in said and last in said


@pytest.mark.slow  # lays out PDFs of its own
def test_text_clipped_by_its_box_counts_as_lost(project: Path):
    """Laid out but outside its box's visible area (overflow: hidden): not seen, so lost."""
    css = project / "templates" / "css" / "fact-sheet.css"
    css.write_text(css.read_text(encoding="utf-8")
                   + "\n.lead { max-height: 0.2in; overflow: hidden; }\n", encoding="utf-8")
    said = "\n".join(problems(project, "en", "fact-sheet"))
    assert "error overflow: " in said and "Danger right now?" in said


def test_every_translated_pdf_shows_the_english_numbers_as_often(built: Path):
    """Read with PDFium, not with the build's own reader: each phone number and text code
    appears in every language's PDF of a handout as often as in the English one."""
    from handouts.content.load import load_content

    resources = load_content(ROOT / "content").resources.values()
    values = sorted({v for r in resources for v in (r.phone, r.sms, r.sms_written) if v},
                    key=len, reverse=True)
    number = re.compile(rf"(?<![\d-])(?:{'|'.join(map(re.escape, values))})(?![\d]|-\d)")

    def counts(path: Path) -> Counter[str]:
        return Counter(number.findall(" ".join(pdfs.page_texts(path))))

    english = {path.relative_to(built / "en"): counts(path)
               for path in (built / "en").rglob("*.pdf")}
    compared = []
    for lang in sorted(p.name for p in built.iterdir() if p.is_dir() and p.name != "en"):
        for path in sorted((built / lang).rglob("*.pdf")):
            relative = path.relative_to(built / lang)
            if relative in english:
                assert counts(path) == english[relative], f"{lang}/{relative}"
                compared.append(relative)
    assert len(compared) >= 10 and all(english[r] for r in compared)
