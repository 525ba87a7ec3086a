"""Nothing fetched, nothing read from outside: the renderer sees only the project's templates
folder (with its fonts and images) and data: URLs, and a translation is always text.

Every URL below points at a listening socket on 127.0.0.1 that must see no connection.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from markupsafe import escape
from pypdf import PdfReader

from handouts.content.load import load_content
from handouts.content.model import view
from handouts.errors import HandoutError
from handouts.i18n import translator
from handouts.materials import MATERIALS
from handouts.pdf.typeset import DESK_STANDARD, Typesetter
from handouts.project import Project
from handouts.render import html as render
from tests import pdfs
from tests.conftest import ROOT, copy_project, copy_tree, run_cli
from tests.guard import SPANISH_HEADER, Tripwire, po_entry, snapshot

FACT_TEMPLATE = "templates/fact-sheet.html.j2"
# The cases that break a template or a stylesheet lay out the card, the quickest handout
CARD = "hotline-card"
CARD_TEMPLATE = "templates/hotline-card.html.j2"
BASE_CSS = "templates/css/base.css"
ES_PO = "locales/es/LC_MESSAGES/messages.po"


@pytest.fixture(scope="module")
def tripwire():
    wire = Tripwire()
    yield wire
    assert not wire.connections, f"something connected to the tripwire: {wire.connections}"
    wire.close()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("pristine"))


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{rel} no longer contains {old!r}: update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def fill(text: str, url: str) -> str:
    return text.replace("{url}", url).replace("{port}", url.rsplit(":", 1)[1])


def in_template(markup: str) -> Callable[[Path, str], None]:
    return lambda root, url: edit(root, CARD_TEMPLATE, '<div class="face">',
                                  '<div class="face">' + fill(markup, url))


def in_stylesheet(rule: str, top: bool = False) -> Callable[[Path, str], None]:
    def breaks(root: Path, url: str) -> None:
        path = root / BASE_CSS
        text = path.read_text(encoding="utf-8")
        rule_text = fill(rule, url)
        path.write_text(rule_text + "\n" + text if top else text + "\n" + rule_text + "\n",
                        encoding="utf-8")
    return breaks


def outside_file(root: Path, url: str) -> None:
    (root / "outside.png").write_bytes((ROOT / "templates" / "fonts" / "OFL.txt").read_bytes())
    in_stylesheet("body { background: url(../../outside.png); }")(root, url)


def symlink_out(root: Path, url: str) -> None:
    (root / "templates" / "img").mkdir(exist_ok=True)
    (root / "templates" / "img" / "passwd.png").symlink_to("/etc/passwd")
    in_template('<img src="img/passwd.png" alt="">')(root, url)


# (id, how to break the copy, what the message must say)
REFUSED = [
    ("img-http", in_template('<img src="{url}/x.png" alt="">'), ("x.png", "network")),
    ("import-https", in_stylesheet('@import url("https://127.0.0.1:{port}/x.css");', top=True),
     ("x.css", "network")),
    ("file-etc-passwd", in_stylesheet("body { background: url(file:///etc/passwd); }"),
     ("/etc/passwd", "refused")),
    ("dotdot-escape", outside_file, ("outside.png", "only use")),
    ("symlink-out", symlink_out, ("/etc/passwd", "refused")),
    ("link-stylesheet-http", in_template('<link rel="stylesheet" href="{url}/x.css">'),
     ("x.css", "network")),
    ("font-face-http",
     in_stylesheet('@font-face { font-family: "Far"; src: url({url}/far.ttf); }\n'
                   'h1 { font-family: "Far"; }'), ("far.ttf", "network")),
    ("object-http", in_template('<object data="{url}/x.svg" type="image/svg+xml"></object>'),
     ("x.svg", "network")),
    ("svg-image-http",
     in_template('<svg width="10" height="10"><image href="{url}/x.png" width="10" height="10"/>'
                 "</svg>"), ("x.png", "network")),
    ("base-href-http", in_template('<base href="{url}/">'), ("network",)),
]


@pytest.mark.parametrize(("name", "breaks", "says"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_url_is_an_error_that_names_it(name: str, breaks, says: tuple[str, ...],
                                               pristine: Path, tripwire: Tripwire,
                                               tmp_path: Path) -> None:
    """In-process (the same code path as a worker) so ten cases stay fast."""
    root = tmp_path / "project"
    copy_tree(pristine, root)
    breaks(root, tripwire.url)
    html = _html(root, translator.Translator("en"), CARD)
    with pytest.raises(HandoutError) as caught:
        _pdf_bytes(root, html, tmp_path)
    message = str(caught.value)
    for phrase in says:
        assert phrase in message, message
    assert "Traceback" not in message
    assert not tripwire.connections, f"{name}: connected to the tripwire"


@pytest.mark.parametrize("rule", [
    '<img src="{url}/x.png" alt="">',
    "url(file:///etc/passwd)",
])
def test_refused_url_through_the_command_line(rule: str, project: Path,
                                              tripwire: Tripwire) -> None:
    """The message names the template line and the URL; dist/ stays as it was."""
    if rule.startswith("<img"):
        in_template(rule)(project, tripwire.url)
        where, needle = CARD_TEMPLATE, tripwire.url + "/x.png"
    else:
        in_stylesheet("body { background: " + rule + "; }")(project, tripwire.url)
        where, needle = BASE_CSS, "/etc/passwd"
    dist = snapshot(project / "dist")
    result = run_cli(project, "--locale", "en", "--material", CARD)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    line = next(i for i, text in enumerate(
        (project / where).read_text(encoding="utf-8").splitlines(), 1) if needle in text)
    assert result.stderr.startswith(f"{where}:{line}: "), result.stderr
    assert needle in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert snapshot(project / "dist") == dist
    assert not tripwire.connections


# ---- translations are text, never markup


def _html(root: Path, tr: translator.Translator, material: str = "fact-sheet") -> str:
    content = load_content(root / "content")
    env = render.make_env(root / "templates")
    spec = MATERIALS[material]
    localized = translator.localize(view(content, material, spec.source, None), tr)
    return render.render_html(env, spec, localized, tr, edition="desk")


def _pdf_bytes(root: Path, html: str, folder: Path) -> bytes:
    """Lay out and write a PDF the way a worker does (images in inline SVG load only now)."""
    typesetter = Typesetter(root / "templates", Project(root).asset_roots)
    document = typesetter.layout(html, standard=DESK_STANDARD)
    target = folder / "out.pdf"
    typesetter.write(document, target, seed=b"test", standard=DESK_STANDARD)
    return target.read_bytes()


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _squeezed(text: str) -> str:
    """Without whitespace and case: a PDF's text keeps the characters, not the spacing."""
    return "".join(text.split()).casefold()


def _payloads(url: str) -> dict[str, str]:
    return {
        "Los Angeles County": f'<img src="{url}/x.png"> LA',
        "Facts for families and communities in Los Angeles County":
            f'<link rel="stylesheet" href="{url}/x.css"><style>@import url({url}/y.css);</style>',
        "Sexual Exploitation of Children and Youth":
            '<script>alert(1)</script>{{ 7*7 }}<b onload="x">',
    }


def test_markup_in_a_translation_prints_literally_and_fetches_nothing(
        pristine: Path, tripwire: Tripwire, tmp_path: Path) -> None:
    """Even if the gate let it through, a translation's markup is escaped text on the page."""
    payloads = _payloads(tripwire.url)
    tr = translator.Translator("es", entries={(None, k): v for k, v in payloads.items()},
                             draft=True)
    html = _html(pristine, tr)
    for text in payloads.values():
        assert text not in html
        assert str(escape(text)) in html
    for raw in ("<img src", "<script", "<style>", "<link rel=\"stylesheet\" href=\"http"):
        assert raw not in html
    printed = _squeezed(_pdf_text(_pdf_bytes(pristine, html, tmp_path)))
    for text in payloads.values():
        assert _squeezed(text) in printed, text
    assert not tripwire.connections


def test_the_gate_stops_a_translation_with_tags_before_rendering(
        project: Path, tripwire: Tripwire) -> None:
    payloads = _payloads(tripwire.url)
    entries = "".join(po_entry(k, v) for k, v in payloads.items())
    (project / ES_PO).write_text(SPANISH_HEADER + entries, encoding="utf-8")
    locales = snapshot(project / "locales")
    result = run_cli(project, "--locale", "es", "--material", "fact-sheet", "--draft")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{ES_PO}:" in result.stderr and "tags" in result.stderr
    assert not (project / "dist" / "drafts" / "es").exists()
    assert snapshot(project / "locales") == locales
    assert not tripwire.connections


def test_text_that_looks_like_code_prints_literally(project: Path, tripwire: Tripwire) -> None:
    """Template syntax, comments, entities and angle brackets in a translation pass the gate
    (they are not tags) and must reach the PDF as the characters the translator typed."""
    literal = {
        "Los Angeles County": "{{ condado }} %%",  # a template string: %% is one %
        "Facts for families and communities in Los Angeles County":  # content: no % format
            "Datos {% raw %} <!-- nota --> a < b && c > d &amp; &lt;i&gt; ${jndi:ldap://x/a}",
    }
    entries = "".join(po_entry(k, v) for k, v in literal.items())
    (project / ES_PO).write_text(SPANISH_HEADER + entries, encoding="utf-8")
    result = run_cli(project, "--locale", "es", "--material", "fact-sheet", "--draft", "-j", "1")
    assert result.returncode == 0, result.stderr
    # read by PDFium: pypdf takes seconds over a draft's highlights
    text = " ".join(pdfs.page_texts(project / "dist" / "drafts" / "es" / "fact-sheet.pdf"))
    for value in literal.values():
        value = value.replace("%%", "%")
        assert _squeezed(value) in _squeezed(text), f"{value!r} not printed literally"
    assert not tripwire.connections


# ---- every reader of the project's files: nothing read through a link or a name that leads out

SECRET = "OUTSIDE-THE-PROJECT-7731"


def _outside(root: Path, rel: str) -> Path:
    """A copy of the project's file `rel`, outside the project, with a marker in it."""
    source = root / rel
    target = root.parent / "outside" / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    text = source.read_text(encoding="utf-8")
    target.write_text(text.replace("Los Angeles County", SECRET) + f"\n# {SECRET}\n",
                      encoding="utf-8")
    return target


def _linked_out(rel: str) -> Callable[[Path], None]:
    """Replace the project's file `rel` with a symbolic link to a copy outside the project."""
    def breaks(root: Path) -> None:
        target = _outside(root, rel)
        (root / rel).unlink()
        (root / rel).symlink_to(target)
    return breaks


def _profile_out(root: Path) -> None:
    target = _outside(root, "content/profiles/example-school.yaml")
    (root / "content" / "profiles" / "away.yaml").symlink_to(target)


def _district_out(root: Path) -> None:
    csv = root.parent / "outside" / "district.csv"
    csv.parent.mkdir(parents=True, exist_ok=True)
    csv.write_text(f"organization,contact1_name\n{SECRET} School,Ms. A\n", encoding="utf-8")
    (root / "district.csv").symlink_to(csv)


def _catalog_named_out(root: Path) -> None:
    _outside(root, ES_PO)  # ../outside/locales/es/LC_MESSAGES/messages.po


ES_FACT = ("--locale", "es", "--material", "fact-sheet", "-j", "1")
# (id, how to break the copy, the command, the file the message must name)
READERS = [
    ("template", _linked_out(FACT_TEMPLATE), ES_FACT, FACT_TEMPLATE),
    ("template-for-check", _linked_out("templates/base.html.j2"),
     ("check", "--locale", "es"), "templates/base.html.j2"),
    ("content-yaml", _linked_out("content/sections.yaml"), ES_FACT, "content/sections.yaml"),
    ("content-yaml-for-resources", _linked_out("content/resources.yaml"), ("resources",),
     "content/resources.yaml"),
    ("profile", _profile_out, ("--material", "school-handout", "--profile", "away",
                               "--locale", "en", "-j", "1"), "content/profiles/away.yaml"),
    ("catalog", _linked_out(ES_PO), ES_FACT, ES_PO),
    ("catalog-for-stats", _linked_out(ES_PO), ("stats", "--locale", "es"), ES_PO),
    ("unchanged-ok", _linked_out("locales/unchanged-ok.txt"), ("check", "--locale", "es"),
     "locales/unchanged-ok.txt"),
    ("district-csv", _district_out, ("--material", "school-handout", "--profiles",
                                     "district.csv", "--locale", "en", "-j", "1"),
     "district.csv"),
    ("notice-language", _catalog_named_out,
     ("--material", "trafficking-notice", "--locale", "en", "--notice-language",
      "../../outside/locales/es"), "locales/../../outside/locales/es/LC_MESSAGES/messages.po"),
]


@pytest.mark.parametrize(("name", "breaks", "args", "where"), READERS,
                         ids=[r[0] for r in READERS])
def test_a_link_or_name_leading_out_of_the_project_is_refused(
        name: str, breaks: Callable[[Path], None], args: tuple[str, ...], where: str,
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    breaks(project)
    monkeypatch.chdir(project)  # a relative --profiles is the project folder's, as typed there
    result = run_cli(project, *args)
    said = result.stdout + result.stderr
    assert result.returncode == 1, said
    assert f"{where}: this is outside " in result.stderr, said
    assert "the build reads only files inside the project" in result.stderr
    assert "Traceback" not in said and SECRET not in said
    assert not list((project / "dist").rglob("*.pdf"))


def test_a_district_list_outside_the_project_is_refused(project: Path) -> None:
    csv = project.parent / "district.csv"
    csv.write_text(f"organization,contact1_name\n{SECRET} School,Ms. A\n", encoding="utf-8")
    result = run_cli(project, "--material", "school-handout", "--profiles", str(csv),
                     "--locale", "en")
    assert result.returncode == 1 and "this is outside" in result.stderr, result.stderr
    assert SECRET not in result.stdout + result.stderr


def test_init_never_writes_a_catalog_outside_the_project(project: Path) -> None:
    result = run_cli(project, "init", "../../outside")
    assert result.returncode != 0
    assert "outside" in result.stderr and "Traceback" not in result.stderr
    assert not (project.parent / "outside").exists()
