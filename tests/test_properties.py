"""Any Unicode a translator might type goes through the renderer as text: never a crash other
than a clear error, never markup, never a fetch.

In-process for speed: a Translator maps a few fact-sheet strings to the generated text, the HTML
is rendered the way a worker renders it, and for a handful of examples laid out as a PDF.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from html.parser import HTMLParser

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from handouts.content.load import load_content
from handouts.content.model import Content, view
from handouts.errors import HandoutError
from handouts.i18n import translator
from handouts.materials import MATERIALS
from handouts.pdf.typeset import DESK_STANDARD, Typesetter
from handouts.pdf.weasy import find_overflow
from handouts.render import html as render
from tests.conftest import ROOT
from tests.guard import Tripwire

MATERIAL = "fact-sheet"
TEMPLATE_MSGID = "Los Angeles County"  # in the template: %-formatted by Jinja's gettext
ALLOWED = re.compile(r"</?b>")  # the only inline tags a translation may carry


@cache
def _setup() -> tuple[Content, object]:
    """The content and a template environment whose QR filter draws each code once for its
    link, alt text and colours (the same drawing every time: drawing it again for every
    example was half of the escaping test's time)."""
    env = render.make_env(ROOT / "templates")
    env.filters["qr"] = cache(env.filters["qr"])
    return load_content(ROOT / "content"), env


@cache
def _typesetter() -> Typesetter:
    templates = ROOT / "templates"
    return Typesetter(templates, [templates])


def content_msgids() -> list[str]:
    material = _setup()[0].materials[MATERIAL]
    return [m.text for m in (material.title, material.subtitle, material.intro) if m]


def render_with(text: str, edition: str = "desk") -> str:
    content, env = _setup()
    entries = {(None, msgid): text for msgid in [*content_msgids(), TEMPLATE_MSGID]}
    tr = translator.Translator("es", entries=entries)
    spec = MATERIALS[MATERIAL]
    localized = translator.localize(view(content, MATERIAL, spec.source, None), tr)
    return render.render_html(env, spec, localized, tr, edition=edition)  # type: ignore[arg-type]


class _Parts(HTMLParser):
    """Start tags and text of an HTML document, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags[tag] += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parts(html: str) -> _Parts:
    parser = _Parts()
    parser.feed(html)
    parser.close()
    return parser


@cache
def english_tags() -> Counter[str]:
    return parts(render_with(TEMPLATE_MSGID)).tags  # every key maps to a harmless text


# Every Unicode scalar except lone surrogates (a .po file cannot hold them), weighted towards
# the characters that matter to HTML, CSS, Jinja2 and %-formatting.
SPECIAL = [*"<>&\"'%{}()#;:/\\!-=`\u00a0\u200b\u202e\ufeff\u0000\r\n\t",
           "<b>", "</b>", "<img src=x>", "<style>", "{{ x }}", "{% raw %}", "%(percent)s", "%%",
           "&amp;", "&lt;", "<!--", "]]>", "<![CDATA[", "</title>",
           "\u0645\u0631\u062d\u0628\u0627",
           # the layout test points these at a listener that must never be called
           '<img src="TRIPWIRE">', '<link rel="stylesheet" href="TRIPWIRE">',
           "@import url(TRIPWIRE);", "TRIPWIRE"]
TEXT = st.lists(st.one_of(st.text(st.characters(blacklist_categories=("Cs",)), max_size=8),
                          st.sampled_from(SPECIAL)), min_size=1, max_size=12).map("".join)


def _accepted_error(exc: HandoutError, text: str) -> bool:
    """The one clear error a translation can cause before layout: a stray % sign."""
    return "%" in text and all(p.check == "placeholders" for p in exc.problems)


@settings(max_examples=250, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_any_translation_renders_as_escaped_text(text: str) -> None:
    try:
        html = render_with(text)
    except HandoutError as exc:
        assert _accepted_error(exc, text), exc
        return
    found = parts(html)
    extra = found.tags - english_tags()
    assert set(extra) <= {"b"}, f"the translation added elements {dict(extra)}"
    printed = "".join(found.text)
    def newlines(s: str) -> str:  # HTML reads CR LF and a lone CR as one LF
        return re.sub(r"\r\n?", "\n", s)

    # the renderer's break marks and joiners (render/khmer.py, render/nobreak.py) draw nothing
    marks = {0x200B: None, 0x2060: None, 0xA0: " "}
    visible = newlines(ALLOWED.sub("", text)).translate(marks)
    assert visible in newlines(printed).translate(marks), \
        "the translation is not printed as written"


@settings(max_examples=4, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(TEXT)
@example('<img src="TRIPWIRE"> <link rel="stylesheet" href="TRIPWIRE"> @import url(TRIPWIRE);')
def test_any_translation_lays_out_or_reports_overflow(text: str) -> None:
    wire = Tripwire()
    text = text.replace("TRIPWIRE", wire.url)
    try:
        try:
            html = render_with(text)
        except HandoutError as exc:
            assert _accepted_error(exc, text), exc
            return
        spec = MATERIALS[MATERIAL]
        document = _typesetter().layout(html, standard=DESK_STANDARD)
        find_overflow(document, pages=spec.pages, fixed=spec.fixed)
        assert not wire.connections
    finally:
        wire.close()


def test_long_translation_is_an_overflow_not_a_crash() -> None:
    html = render_with("Una frase muy larga que no cabe. " * 400)
    spec = MATERIALS[MATERIAL]
    document = _typesetter().layout(html, standard=DESK_STANDARD)
    spills = find_overflow(document, pages=spec.pages, fixed=spec.fixed)
    assert any("runs onto page" in s for s in spills), spills
