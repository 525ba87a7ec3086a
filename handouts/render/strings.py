"""Which strings each handout prints: found by rendering its HTML with a recording translator.

Rendering (HTML only, no layout) is the one exact answer: it follows the material's sections,
resources, template and the templates it includes, in both editions (the one HTML both are laid
out from, jobs.BOTH, holds everything either prints), and the large-print template for a
material that has a large-print edition. The translation gate, `check`, `stats`
and the catalog page all ask; the build context (context.py) keeps the answer for its process.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from handouts.content.model import Content, view
from handouts.i18n.catalogs import Key
from handouts.i18n.notice import own_strings
from handouts.i18n.translator import Translator, localize
from handouts.jobs import BOTH, LARGE_PRINT
from handouts.materials import MATERIALS
from handouts.project import SOURCE_LOCALE
from handouts.render.html import render_html


def buildable(content: Content, templates: Path) -> list[str]:
    """Materials that can be built now: their words and their template both exist."""
    return [name for name, spec in MATERIALS.items()
            if spec.source in content.materials and (templates / spec.template).exists()]


@dataclass(frozen=True)
class Lookups:
    """What one material looks up in a language's catalog."""

    printed: dict[Key, None]  # its strings, in page order: a final build needs each reviewed
    optional: dict[Key, None]  # printed when the catalog has them, else left out or English:
    # the county profile's names (msgctxt "profile") and a draft's stamp


def strings_used(content: Content, env: Environment, material: str, profile: str | None
                 ) -> Lookups:
    """Every (context, msgid) one material prints, in the order the page asks for them, and
    those it prints only when a catalog has them.

    `profile` is the one the material shows (None for a material that shows none).
    """
    spec = MATERIALS[material]
    tr = Translator(SOURCE_LOCALE)
    localized = localize(view(content, material, spec.source, profile), tr)
    for edition in (BOTH, LARGE_PRINT) if spec.large_print else (BOTH,):
        render_html(env, spec, localized, tr, edition=edition)
    printed = dict(tr.seen)
    if spec.statutory:  # its hotlines are looked up for their numbers; their names never print
        own = own_strings(content)
        printed = {key: None for key in printed if key in own}
    for suggested in (True, False):  # the two stamps of a draft (templates/base.html.j2)
        render_html(env, spec, localized, tr, edition=BOTH,
                    extra={"draft_percent": 0, "suggested": suggested})
    optional = {key: None for key in [*tr.seen, *tr.consulted] if key not in printed}
    return Lookups(printed, optional)


def all_used(by_material: Iterable[dict[Key, None]]) -> dict[Key, None]:
    """The strings of several materials together, each once."""
    found: dict[Key, None] = {}
    for keys in by_material:
        found.update(keys)
    return found
