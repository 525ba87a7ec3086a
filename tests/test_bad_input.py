"""Every kind of bad input stops the build with one message a translator or outreach worker
can act on (file, line, what is wrong, what to do), and a failed build changes nothing.

Each case breaks a throw-away copy of the project whose dist/ already holds a small build,
runs `python build.py` as a person would, and checks: the exit code, the message (file, a key
phrase, no traceback), that dist/ and locales/ are byte-identical afterwards, and that nothing
connected to a listening socket the bad inputs point at.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from pypdf import PdfReader

from handouts.materials import MATERIALS
from tests import pdfs
from tests.conftest import copy_project, copy_tree, run_cli, run_process
from tests.guard import SPANISH_HEADER, Tripwire, po_entry, published, snapshot

ES_PO = "locales/es/LC_MESSAGES/messages.po"
FACT = "content/materials/fact-sheet.yaml"
EN_FACT = ("--locale", "en", "--material", "fact-sheet")
ES_FACT = ("--locale", "es", "--material", "fact-sheet")
EN_CARD = ("--locale", "en", "--material", "hotline-card")


def edit(root: Path, rel: str, old: str, new: str) -> None:
    """Replace the first `old` in a file, failing loudly if the project no longer has it."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{rel} no longer contains {old!r}: update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_bytes(root: Path, rel: str, old: bytes, new: bytes) -> None:
    path = root / rel
    data = path.read_bytes()
    assert old in data, f"{rel} no longer contains {old!r}: update this test"
    path.write_bytes(data.replace(old, new, 1))


def write(root: Path, rel: str, data: str | bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")


def append(root: Path, rel: str, text: str) -> None:
    with (root / rel).open("a", encoding="utf-8") as f:
        f.write(text)


def line_of(root: Path, rel: str, needle: str) -> int:
    lines = (root / rel).read_text(encoding="utf-8", errors="replace").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def billion_laughs() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(["title: *i", *lines]) + "\n"


def overflowing_translation(root: Path, url: str) -> None:
    """A minimal Spanish catalog whose one translation is far too long for its box."""
    long = "Línea Nacional contra la Trata de Personas, " * 60
    if (root / "templates" / "hotline-card.html.j2").exists():
        msgid = "National Human Trafficking Hotline"
    else:  # the card is not written yet: push the fact sheet past its two pages
        msgid = "Sexual Exploitation of Children and Youth"
    write(root, ES_PO, SPANISH_HEADER + po_entry(msgid, long.strip()))


def overflow_args(root: Path) -> tuple[str, ...]:
    material = "hotline-card" if (root / "templates" / "hotline-card.html.j2").exists() \
        else "fact-sheet"
    return ("--locale", "en", "--locale", "es", "--material", material, "--draft", "--force",
            "-j", "1")


@dataclass(frozen=True)
class Case:
    """One bad input: how to break the copy, the command, and what the message must say."""

    id: str
    breaks: Callable[[Path, str], None]  # (project root, tripwire URL)
    args: tuple[str, ...] | Callable[[Path], tuple[str, ...]] = EN_FACT
    code: int = 1
    where: str | None = None  # the file the first message names (relative to the project)
    says: tuple[str, ...] = ()  # phrases the message contains
    line: Callable[[Path], int] | None = None  # the line it must name, found in the broken copy
    max_lines: int = 1


CASES = [
    # ---- content YAML
    Case("yaml-syntax",
         lambda r, u: edit(r, FACT, "\nsubtitle:", "\nsubtitle: [this list never closes\nx:"),
         where=FACT, says=("Check the indentation",)),
    Case("label-missing",
         lambda r, u: edit(r, FACT, "  hotline_heading: Who to call, when\n", ""),
         where=FACT, says=("labels has no hotline_heading", "under labels:")),
    Case("label-key-not-snake-case",
         lambda r, u: edit(r, FACT, "  hotline_heading:", "  Hotline-Heading:"),
         where=FACT, says=("joined by _",)),
    Case("wrong-type",
         lambda r, u: edit(r, "content/resources.yaml", 'phone: "1-888-373-7888"',
                           'phone: "call us"'),
         where="content/resources.yaml", says=("phone", "phone number written like"),
         line=lambda r: line_of(r, "content/resources.yaml", "call us")),
    Case("wrong-type-list",
         lambda r, u: edit(r, FACT, "hotlines:\n", "hotlines: national-hotline\nx_hotlines:\n"),
         where=FACT, says=("hotlines", "list"), max_lines=2),
    Case("number-not-in-quotes",
         lambda r, u: edit(r, "content/resources.yaml", 'phone: "911"', "phone: 911"),
         where="content/resources.yaml", says=("phone", "quotes"),
         line=lambda r: line_of(r, "content/resources.yaml", "phone: 911")),
    Case("date-not-in-quotes",
         lambda r, u: edit(r, FACT, "\nsubtitle:", "\nsubtitle: 2024-05-01\nx_subtitle:"),
         where=FACT, says=("date", "quotes"),
         line=lambda r: line_of(r, FACT, "2024-05-01")),
    Case("empty-text",
         lambda r, u: edit(r, FACT, "\nsubtitle:", '\nsubtitle: ""\nx_subtitle:'),
         where=FACT, says=("subtitle", "is empty"), max_lines=2),
    Case("null-text",
         lambda r, u: edit(r, FACT, "\ntitle: ", "\ntitle:\nx_title: "),
         where=FACT, says=("title: is empty",), max_lines=2),
    Case("text-given-as-list",
         lambda r, u: edit(r, FACT, "\nsubtitle:", "\nsubtitle: [a, b]\nx_subtitle:"),
         where=FACT, says=("subtitle", "not a list"), max_lines=2),
    Case("yaml-nested-too-deep",
         lambda r, u: write(r, FACT, "title: " + "[" * 5000 + "]" * 5000 + "\n"),
         where=FACT, says=("nested hundreds of levels",)),
    Case("content-file-is-a-folder",
         lambda r, u: (r / "content/materials/poster.yaml").mkdir(),
         where="content/materials/poster.yaml", says=("cannot read",)),
    Case("missing-field",
         lambda r, u: edit(r, FACT, "\ntitle:", "\n# title:"),
         where=FACT, says=("title", "required")),
    Case("unknown-key",
         lambda r, u: edit(r, FACT, "\nsubtitle:", "\nsubtilte:"),
         where=FACT, says=("subtilte", "misspelled"),
         line=lambda r: line_of(r, FACT, "subtilte:")),
    Case("duplicate-key",
         lambda r, u: edit(r, FACT, "\nsubtitle:", "\ntitle: Again\nsubtitle:"),
         where=FACT, says=("'title'", "twice"),
         line=lambda r: line_of(r, FACT, "title: Again")),
    Case("duplicate-id",
         lambda r, u: append(r, "content/resources.yaml",
                             "\n  - id: emergency\n    name: Emergency again\n"
                             "    source: https://www.911.gov\n"),
         where="content/resources.yaml", says=("'emergency'", "used twice"),
         line=lambda r: line_of(r, "content/resources.yaml", "Emergency again") - 1),
    Case("unknown-resource",
         lambda r, u: edit(r, FACT, "  - la-211\n", "  - la-311\n"),
         where=FACT, says=("no resource with the id 'la-311'",),
         line=lambda r: line_of(r, FACT, "la-311")),
    Case("unknown-section",
         lambda r, u: edit(r, FACT, "    - warning-signs\n", "    - warning-sings\n"),
         where=FACT, says=("no section with the id 'warning-sings'",)),
    Case("bad-slug",
         lambda r, u: edit(r, "content/resources.yaml", "- id: emergency", "- id: Emergency 2"),
         where="content/resources.yaml", says=("lowercase words joined by hyphens",)),
    Case("python-object-tag",
         lambda r, u: edit(r, FACT, "\nsubtitle: ",
                           "\nsubtitle: !!python/object/apply:socket.create_connection "
                           f"[[127.0.0.1, {u.rsplit(':', 1)[1]}]]\nx_subtitle: "),
         where=FACT, says=("tag", "not allowed")),
    Case("custom-tag",
         lambda r, u: edit(r, FACT, "\nsubtitle: ", "\nsubtitle: !include /etc/passwd\nx: "),
         where=FACT, says=("tag !include is not allowed",)),
    Case("alias-bomb",
         lambda r, u: write(r, FACT, billion_laughs()),
         where=FACT, says=("aliases", "not allowed")),
    Case("yaml-list-not-mapping",
         lambda r, u: write(r, FACT, "- title: A list\n- subtitle: of things\n"),
         where=FACT, says=("key: value",)),
    Case("yaml-empty",
         lambda r, u: write(r, FACT, "# nothing here yet\n"),
         where=FACT, says=("empty",)),
    Case("yaml-not-utf8",
         lambda r, u: edit_bytes(r, FACT, b"Facts for families",
                                 "Faits pour les familles é".encode("latin-1")),
         where=FACT, says=("UTF-8",),
         line=lambda r: line_of(r, FACT, "Faits pour les familles")),
    Case("yaml-non-string-key",
         lambda r, u: edit(r, FACT, "\nsubtitle:", "\n[a, b]: c\nsubtitle:"),
         where=FACT, says=("keys",)),
    Case("content-file-missing",
         lambda r, u: (r / "content" / "sections.yaml").unlink(),
         where="content/sections.yaml", says=("not found",)),
    Case("profile-bad-email",
         lambda r, u: edit(r, "content/profiles/la-county.yaml", "CSECinfo@dmh.lacounty.gov",
                           "CSECinfo at dmh"),
         where="content/profiles/la-county.yaml", says=("email address",)),
    Case("url-not-https",
         lambda r, u: edit(r, "content/resources.yaml", "url: https://humantraffickinghotline",
                           f"url: {u}/humantraffickinghotline"),
         where="content/resources.yaml", says=("https://",)),
    # ---- catalogs
    Case("po-syntax-junk-line",
         lambda r, u: edit(r, ES_PO, '\nmsgid "Los Angeles County"\n',
                           '\nmsgid "Los Angeles County"\nthis line is junk\n'),
         args=ES_FACT, where=ES_PO, says=("quoted",),
         line=lambda r: line_of(r, ES_PO, "this line is junk")),
    Case("po-unquoted-msgstr",
         lambda r, u: edit_bytes(r, ES_PO, b'msgstr "L\xc3\xadnea Nacional',
                                 b'msgstr L\xc3\xadnea Nacional'),
         args=ES_FACT, where=ES_PO, says=('"double quotes"',),
         line=lambda r: line_of(r, ES_PO, "msgstr Línea Nacional")),
    Case("po-unterminated-string",
         lambda r, u: edit_bytes(r, ES_PO, b'Trata de Personas"\n', b'Trata de Personas\n'),
         args=ES_FACT, where=ES_PO, says=('"double quotes"',),
         line=lambda r: line_of(r, ES_PO, "Trata de Personas")),
    Case("po-bad-plural-forms",
         lambda r, u: edit(r, ES_PO, "plural=(n != 1);", "plural=(n != 1;"),
         args=ES_FACT, where=ES_PO, says=('"Plural-Forms"', "brackets"),
         line=lambda r: line_of(r, ES_PO, "Plural-Forms")),
    Case("po-bare-msgstr",
         lambda r, u: edit(r, ES_PO, 'msgstr "A quién llamar y cuándo"', "msgstr"),
         args=ES_FACT, where=ES_PO, says=('the text after msgstr must be in "double quotes"',),
         line=lambda r: (r / ES_PO).read_text("utf-8").splitlines().index("msgstr") + 1),
    Case("po-duplicate-msgid",
         lambda r, u: edit(r, ES_PO, '\nmsgid "Los Angeles County"\n',
                           '\nmsgid "Los Angeles County"\nmsgstr "Otra"\n\n'
                           'msgid "Los Angeles County"\n'),
         args=ES_FACT, where=ES_PO, says=("twice",)),
    Case("po-declares-utf8-holds-latin1",
         lambda r, u: edit_bytes(r, ES_PO, "Línea Nacional".encode(),
                                 "Línea Nacional".encode("latin-1")),
         args=ES_FACT, where=ES_PO, says=("UTF-8", "Latin-1"),
         line=lambda r: line_of(r, ES_PO, "nea Nacional contra")),
    # A file saved as UTF-8 that says ISO-8859-1 would print "LÃ­nea": an error, not a guess.
    Case("po-declares-latin1-holds-utf8",
         lambda r, u: edit(r, ES_PO, "charset=UTF-8", "charset=ISO-8859-1"),
         args=ES_FACT, where=ES_PO, says=("ISO-8859-1", "charset=UTF-8"),
         line=lambda r: line_of(r, ES_PO, "charset=ISO-8859-1")),
    Case("po-unknown-charset",
         lambda r, u: edit(r, ES_PO, "charset=UTF-8", "charset=KLINGON"),
         args=ES_FACT, where=ES_PO, says=("KLINGON", "charset=UTF-8"),
         line=lambda r: line_of(r, ES_PO, "charset=KLINGON")),
    Case("po-is-a-folder",
         lambda r, u: ((r / ES_PO).unlink(), (r / ES_PO).mkdir()),
         args=ES_FACT, where=ES_PO, says=("cannot read",)),
    Case("po-empty",
         lambda r, u: write(r, ES_PO, ""),
         args=ES_FACT, where=ES_PO, says=("empty", "update")),
    Case("po-binary-garbage",
         lambda r, u: write(r, ES_PO, bytes(range(256)) * 4),
         args=ES_FACT, where=ES_PO),
    Case("po-markup-in-msgstr",
         lambda r, u: edit(r, ES_PO, 'msgstr "Condado de Los Ángeles"',
                           f'msgstr "<img src=\\"{u}/x.png\\"> Condado de Los Ángeles"'),
         args=ES_FACT, where=ES_PO, says=("tags", "<img"), max_lines=3,
         line=lambda r: line_of(r, ES_PO, "<img") - 1),
    Case("po-percent-in-template-string",
         lambda r, u: edit(r, ES_PO, 'msgstr "Condado de Los Ángeles"',
                           'msgstr "Condado % de LA"'),
         args=ES_FACT, where=ES_PO, says=("placeholders", "%%"), max_lines=2,
         line=lambda r: line_of(r, ES_PO, "Condado % de LA") - 1),
    # without its "#: templates/..." comment the gate cannot tell a template string (where %
    # starts a placeholder) from content; the render names the string instead of crashing
    Case("po-percent-without-location-comment",
         lambda r, u: write(r, ES_PO, SPANISH_HEADER + po_entry("Los Angeles County",
                                                                "Condado {% raw %}")),
         args=(*ES_FACT, "--draft"), says=('"Los Angeles County"', "%%"), max_lines=2),
    # ---- templates and assets
    Case("template-syntax",
         lambda r, u: edit(r, "templates/fact-sheet.html.j2", "{% endif %}", "{% endiff %}"),
         where="templates/fact-sheet.html.j2", says=("template error",),
         line=lambda r: line_of(r, "templates/fact-sheet.html.j2", "endiff")),
    Case("template-undefined",
         lambda r, u: edit(r, "templates/fact-sheet.html.j2", "m.material.intro %}",
                           "m.material.intro_text %}"),
         where="templates/fact-sheet.html.j2", says=("intro_text",), max_lines=2),
    Case("missing-font",
         lambda r, u: edit(r, "templates/css/base.css", "NotoSans-Regular.ttf",
                           "NotoSans-Regualr.ttf"),
         where=None, says=("NotoSans-Regualr.ttf", "missing"), max_lines=2),
    Case("missing-image",
         lambda r, u: edit(r, "templates/fact-sheet.html.j2", "<header class=\"masthead\">",
                           '<header class="masthead"><img src="img/logo.png" alt="">'),
         where=None, says=("img/logo.png", "missing"), max_lines=2),
    # ---- the command line and the output folder
    Case("unknown-locale", lambda r, u: None, args=("--locale", "xx"), code=2,
         says=("no locale 'xx'", "init xx")),
    Case("unknown-material", lambda r, u: None, args=("--material", "poster"), code=2,
         says=("no material 'poster'", "fact-sheet")),
    Case("unknown-profile", lambda r, u: None,
         args=("--material", "fact-sheet", "--profile", "nowhere-high"), code=2,
         says=("no profile 'nowhere-high'", "example-school")),
    # tests run as root, so a read-only folder would still be written: a file is in the way
    Case("dist-is-a-file",
         lambda r, u: (shutil.rmtree(r / "dist"), write(r, "dist", "not a folder\n")),
         where="dist", says=("not a folder",)),
    # the card: the quickest handout to make before its place in dist/ is found blocked
    Case("dist-subfolder-is-a-file",
         lambda r, u: (shutil.rmtree(r / "dist/en/print"), write(r, "dist/en/print", "x\n")),
         args=EN_CARD, where="dist/en/print", says=("not a folder",)),
    Case("dist-output-is-a-folder",
         lambda r, u: (r / "dist/en/print/hotline-card.pdf").mkdir(),
         args=EN_CARD, where="dist/en/print/hotline-card.pdf",
         says=("folder where the handout",)),
    Case("translation-overflows",
         overflowing_translation, args=overflow_args, where=None,
         says=("Shorten the translation", "es/"), max_lines=4),
]


@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project copy whose dist/ holds one small build, so 'unchanged' means something."""
    root = copy_project(tmp_path_factory.mktemp("prebuilt"))
    result = run_cli(root, *EN_FACT)
    assert result.returncode == 0, result.stderr
    assert (root / "dist" / "en" / "fact-sheet.pdf").exists()
    return root


@pytest.fixture(scope="module")
def tripwire():
    wire = Tripwire()
    yield wire
    wire.close()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_gives_one_clear_message_and_changes_nothing(
        case: Case, prebuilt: Path, tripwire: Tripwire, tmp_path: Path) -> None:
    root = tmp_path / "project"
    copy_tree(prebuilt, root)
    case.breaks(root, tripwire.url)
    dist, locales = published(root / "dist"), snapshot(root / "locales")
    args = case.args(root) if callable(case.args) else case.args

    result = run_cli(root, *args)

    message = result.stderr.strip()
    assert result.returncode == case.code, f"exit {result.returncode}\n{message}"
    assert "Traceback" not in result.stderr
    lines = message.splitlines()
    assert 1 <= len(lines) <= case.max_lines, message
    if case.where:
        expected = case.where + (f":{case.line(root)}:" if case.line else ":")
        assert lines[0].startswith(expected), f"expected {expected!r} first:\n{message}"
    for phrase in case.says:
        assert phrase in message, f"{phrase!r} not in:\n{message}"
    assert str(root) not in message, f"paths should be relative to the project:\n{message}"
    assert published(root / "dist") == dist, "a failed build changed dist/"
    assert snapshot(root / "locales") == locales, "a failed build changed locales/"
    assert not tripwire.connections, f"something connected to the tripwire: {message}"


def test_debug_shows_the_traceback(project: Path) -> None:
    edit(project, FACT, "\nsubtitle:", "\nsubtilte:")
    result = run_process(project, "--debug", *EN_FACT)
    assert result.returncode != 0
    assert "Traceback" in result.stderr and "HandoutError" in result.stderr


# ---- .mo files: the build reads .po files only


def _draft_catalog(root: Path, translation: str) -> None:
    write(root, ES_PO, SPANISH_HEADER + po_entry("Los Angeles County", translation))


def test_mo_files_are_ignored_garbage_or_stale(project: Path) -> None:
    """A garbage .mo and a stale one beside the .po change nothing: the build reads the .po."""
    _draft_catalog(project, "Condado de Los Ángeles")
    folder = project / "locales" / "es" / "LC_MESSAGES"
    (folder / "garbage.mo").write_bytes(b"\xde\x12\x04\x95" + os.urandom(64))
    stale = Catalog(locale="es")
    stale.add("Los Angeles County", "TRADUCCION VIEJA")
    with (folder / "messages.mo").open("wb") as f:
        write_mo(f, stale)
    result = run_cli(project, *ES_FACT, "--draft", "-j", "1")
    assert result.returncode == 0, result.stderr
    # read by PDFium: pypdf takes seconds over a draft's highlights
    text = " ".join(pdfs.page_texts(project / "dist" / "drafts" / "es" / "fact-sheet.pdf"))
    assert "CONDADO DE LOS ÁNGELES" in text  # the kicker, set in capitals
    assert "VIEJA" not in text
    (folder / "messages.mo").write_bytes(b"\x00garbage" * 100)  # the card: a cheaper build
    result = run_cli(project, "--locale", "es", "--material", "hotline-card", "--draft", "-j",
                     "1")
    assert result.returncode == 0, result.stderr


# ---- nothing lost


def _pdfs_in(dist: Path) -> list[Path]:
    return sorted(p for p in dist.rglob("*.pdf") if ".staging" not in p.parts)


@pytest.mark.slow
def test_a_killed_build_leaves_every_earlier_pdf_whole(prebuilt: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    copy_tree(prebuilt, root)
    before = snapshot(root / "dist")
    earlier = _pdfs_in(root / "dist")
    assert earlier
    proc = subprocess.Popen(
        [sys.executable, "build.py", "--force", "-j", "2", "--locale", "en",
         *[a for name in MATERIALS if (root / "templates" / MATERIALS[name].template).exists()
           and not MATERIALS[name].statutory  # the notice needs a third language
           for a in ("--material", name)]],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if any((root / "dist").glob(".staging/*/**/*.pdf")):
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the build finished before it could be stopped"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    for path in _pdfs_in(root / "dist"):
        assert len(PdfReader(path, strict=True).pages) >= 1, path
    after = published(root / "dist")
    assert after == before, "a stopped build must not change what dist/ already held"

    # the next build, forced, trusts nothing the killed one made and makes everything
    result = run_cli(root, *EN_FACT, "--force")
    assert result.returncode == 0, result.stderr
    assert not (root / "dist" / ".staging").exists(), "the killed build's leftovers remain"
    assert not list((root / "dist").rglob("*.tmp"))
    for path in _pdfs_in(root / "dist"):
        PdfReader(path, strict=True)



def test_an_internal_error_is_one_line_without_traceback(project: Path, monkeypatch, capsys
                                                         ) -> None:
    from handouts import cli
    from handouts.publishing import pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something nobody expected")

    monkeypatch.setattr(pipeline, "build", broken)
    assert cli.main([*EN_FACT], root=project) == 1
    err = capsys.readouterr().err
    assert "internal error" in err and "something nobody expected" in err and "--debug" in err
    assert "Traceback" not in err
    with pytest.raises(RuntimeError):
        cli.main(["--debug", *EN_FACT], root=project)
