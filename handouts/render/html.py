"""Render stage: a localised material view -> one HTML string, with Jinja2 autoescaping on.

Translations are text, never markup: everything a translator writes is escaped, except the
few inline tags listed in content/model.py (ALLOWED_TAGS).
"""

from __future__ import annotations

import base64
import functools
import itertools
import re
from pathlib import Path
from types import CodeType
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.loaders import split_template_path
from markupsafe import Markup, escape

from handouts.content.model import MaterialView
from handouts.errors import HandoutError, Problem
from handouts.i18n.translator import Translator
from handouts.jobs import LARGE_PRINT
from handouts.materials import Spec
from handouts.project import confined, language_tag
from handouts.render import palette
from handouts.render.bidi import isolate_mixed_names
from handouts.render.khmer import mark_breaks_in_html
from handouts.render.nobreak import keep_together

# One template for every large-print edition: it reads the material's content in the order its
# Spec.large_print gives, so the handouts' own layouts can change without touching it.
LARGE_PRINT_TEMPLATE = "large-print.html.j2"


class _ConfinedLoader(FileSystemLoader):
    """Jinja2's loader, refusing a template (or an include) that a link leads out of the
    templates folder (project.confined) before it is read. Jinja2 itself refuses `..`."""

    def get_source(self, environment: Environment, template: str) -> tuple:
        for folder in self.searchpath:
            confined(Path(folder, *split_template_path(template)), Path(folder))
        return super().get_source(environment, template)


class _CompiledTemplates(BytecodeCache):
    """Compiled templates, kept in this process by template name and used again only while
    the template's text is the same (Jinja2 checks its checksum): a second build context (a
    `watch` round, a test's build, the catalog page after the PDFs) reads them back instead
    of compiling them again, about 0.1 s each time. Kept in memory, never in a file: a build
    reads nothing outside the project. A template read back names its own file (in an error,
    a traceback), not the file of the copy of the project it was first compiled from."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return name  # the same template in another copy of the project: its text decides

    def get_bucket(self, environment: Environment, name: str, filename: str | None,
                   source: str) -> Bucket:
        bucket = super().get_bucket(environment, name, filename, source)
        if bucket.code is not None and filename and bucket.code.co_filename != filename:
            bucket.code = _refiled(bucket.code, filename)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def _refiled(code: CodeType, filename: str) -> CodeType:
    """Compiled code, and the code of the functions in it, naming `filename` as its file."""
    consts = tuple(_refiled(c, filename) if isinstance(c, CodeType) else c
                   for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


COMPILED = _CompiledTemplates()  # a cache of pure results: the same text compiles the same


def make_env(templates: Path) -> Environment:
    """The Jinja2 environment for a templates folder: autoescape, strict undefined, i18n
    extension. The build context keeps one per process, so each template is compiled once
    (or read back compiled, `COMPILED`), and each QR code drawn once (a handout's
    every render and language print the same ones).
    """
    env = Environment(
        loader=_ConfinedLoader(templates),
        bytecode_cache=COMPILED,
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.filters["tel"] = tel_uri
    env.filters["qr"] = functools.lru_cache(typed=True)(qr_image)
    env.filters["fill"] = fill
    env.filters["url_label"] = url_label
    return env


def qr_image(url: str, alt: str, dark: str, light: str) -> Markup:
    """A QR code for `url` as vector art (an SVG data: URL), never a downloaded picture.

    Vector art stays sharp at any print size; the 4-module white border is the quiet zone the
    QR standard asks for, which scanners need on a tinted background. The modules are drawn
    here from segno's matrix, one square a module, in the edition's own colours (`dark`,
    `light`: the print edition's are CMYK, which segno's own SVG writer does not accept).
    """
    import segno  # only templates that print a QR code pay for the import

    rows = list(segno.make(url, error="m", micro=False).matrix_iter(border=4))
    size = len(rows)
    squares = []
    for y, row in enumerate(rows):
        x = 0
        for is_dark, run in itertools.groupby(row):
            width = len(list(run))
            if is_dark:
                squares.append(f"M{x} {y}h{width}v1h-{width}z")
            x += width
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
           f'viewBox="0 0 {size} {size}"><rect width="{size}" height="{size}" fill="{light}"/>'
           f'<path fill="{dark}" d="{"".join(squares)}"/></svg>')
    data = base64.b64encode(svg.encode("ascii")).decode("ascii")
    return Markup('<img class="qr-code" src="data:image/svg+xml;base64,{}" alt="{}">').format(
        Markup(data), escape(alt))


def fill(sentence: Any, **values: str) -> Markup:
    """A content sentence whose %(name)s placeholders take data, such as a phone number link.

    The sentence (translated) is escaped as usual; the values are markup the template built
    from resources.yaml, so a number is never part of what a translator types.
    """
    return Markup(sentence.__html__()) % {name: Markup(value) for name, value in values.items()}


def url_label(url: str) -> str:
    """A web address as handouts print it: without https:// or www., no slash at the end."""
    return url.replace("https://", "").replace("www.", "").strip("/")


def tel_uri(phone: str) -> str:
    """tel: link for a US number written 1-800-555-1234, 800-555-1234 or 911."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 10:
        digits = "1" + digits
    return f"tel:+{digits}" if len(digits) == 11 else f"tel:{digits}"


def render_html(env: Environment, spec: Spec, view: MaterialView, tr: Translator, *,
                edition: str, fit: int = 0, extra: dict[str, Any] | None = None) -> str:
    """Render one material for one locale and edition ("desk", "print" or "large-print"; or
    "both", the HTML both editions are laid out from: pdf/editions.py). The templates call it
    `variant`.

    `fit` is the copyfit step (css: html.fit-1, fit-2, ...), 0 for the design as drawn.
    """
    asked: list[str] = []  # the msgid looked up last, to name it if its % formatting fails

    def remember(func: Any, index: int) -> Any:
        def call(*args: Any) -> Any:
            asked[:] = [args[index]]
            return func(*args)
        return call

    env.install_gettext_callables(  # type: ignore[attr-defined]
        remember(tr.gettext, 0), remember(tr.ngettext, 0), newstyle=True,
        pgettext=remember(tr.pgettext, 1), npgettext=remember(tr.npgettext, 1),
    )
    try:
        template = env.get_template(LARGE_PRINT_TEMPLATE if edition == LARGE_PRINT
                                    else spec.template)
        html = mark_breaks_in_html(template.render(  # Khmer has no spaces to break lines at
            m=view, material=spec.name, lang=language_tag(tr.lang), dir=tr.direction,
            variant=edition, fit=fit, draft=tr.draft, reading_order=spec.large_print,
            colors=palette.colours(edition == "print"),
            **(extra or {}),
        ))
        # Labels stay with their numbers and Korean words whole, except on the statutory
        # notice: three languages of the law's words fill its one page, which has no line to
        # spare for a label moved down to its number.
        if not spec.statutory:
            html = keep_together(html)
        return isolate_mixed_names(html)  # "211 LA" in its own order in right-to-left text
    except TemplateSyntaxError as exc:
        raise HandoutError(Problem(f"template error: {exc.message}",
                                   exc.filename or exc.name, exc.lineno)) from None
    except TemplateNotFound as exc:
        raise HandoutError(Problem(f"template not found: {exc.name}")) from None
    except UndefinedError as exc:
        path, line = _template_frame(exc)
        label = re.fullmatch(r"'dict object' has no attribute '(\w+)'", exc.message or "")
        if label and label.group(1) not in view.material.labels:
            raise HandoutError(Problem(
                f"labels has no {label.group(1)}, which the {spec.name} template needs; add "
                f"`{label.group(1)}: ...` under labels: (the comments at the top of the file "
                "list every label)", f"content/materials/{spec.source}.yaml")) from None
        raise HandoutError(Problem(f"template {spec.template} uses something the content does "
                                   f"not have: {exc.message}; check the name against the "
                                   "content file's fields", path, line)) from None
    except (TypeError, ValueError, KeyError) as exc:
        if not asked or not _from_gettext(exc):
            raise
        raise HandoutError(Problem(
            f'the {tr.lang} translation of "{asked[0]}" has a % sign that is not a placeholder '
            f"({exc}); write %% for a percent sign and copy placeholders like %(percent)s "
            "exactly as in the English", check="placeholders")) from None


def _from_gettext(exc: BaseException) -> bool:
    """Whether an error came from Jinja2 filling a translation's %-placeholders."""
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith(("jinja2/ext.py", "jinja2\\ext.py")) and \
                code.co_name.endswith("gettext"):
            return True
        tb = tb.tb_next
    return False


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line an error was raised from (Jinja2 puts them in the traceback)."""
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found
