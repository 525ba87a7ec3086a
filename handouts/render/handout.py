"""One job's HTML: its material's content, translated for its language, through its template.

A missing translation stops a final build here, naming the string; a draft prints it in
English, highlighted, under a stamp that says how much is translated.
"""

from __future__ import annotations

from datetime import UTC, datetime

from jinja2 import Environment

from handouts.content import district
from handouts.content.model import Content, view
from handouts.errors import HandoutError, Problem
from handouts.i18n import notice
from handouts.i18n.translator import localize, translator_for
from handouts.jobs import Job
from handouts.materials import MATERIALS
from handouts.project import Project
from handouts.render.html import render_html


def handout_html(project: Project, content: Content, env: Environment, job: Job,
                 fit: int = 0, edition: str | None = None) -> str:
    """Content + catalog -> HTML for one job at a copyfit step (0: as designed).

    `edition`: the job's own (the default), or jobs.BOTH for the HTML its desk and print
    editions are laid out from. Raises on missing translations (unless draft).
    """
    edition = edition or job.edition
    spec = MATERIALS[job.material]
    tr = translator_for(project.locales, job.lang, draft=job.draft)
    resolved = view(content, job.material, spec.source, None if job.profile_data else job.profile)
    if job.profile_data:  # a school from a district's CSV
        resolved = resolved.model_copy(update={"profile": district.profile_of(job.profile_data)})
    material_view = localize(resolved, tr)
    stamp: dict = {"created": _created(job)}
    if job.notice_language:
        stamp["blocks"] = notice.blocks(project, content, job)  # every language on the page
    html = render_html(env, spec, material_view, tr, edition=edition, fit=fit, extra=stamp)
    if tr.missing and not job.draft:
        path = project.po_path(job.lang).relative_to(project.root)
        raise HandoutError(*(Problem(f'no translation for "{msgid}"'
                                     + (f" (context {ctx})" if ctx else "")
                                     + f" used by {job.material}; translate it, or build with "
                                     "--draft to print a marked draft", path, None, "error",
                                     "untranslated")
                             for ctx, msgid in tr.missing))
    others = stamp.get("blocks", [])  # the notice's other languages on the same page
    percent = min([tr.percent, *(block["percent"] for block in others)])
    if job.draft and percent < 100:
        suggested = bool(tr.suggested) or any(block["suggested"] for block in others)
        html = render_html(env, spec, material_view, tr, edition=edition, fit=fit,
                           extra={**stamp, "draft_percent": percent, "suggested": suggested})
    return html


def _created(job: Job) -> str:
    """The PDF's date, from the content's history (publishing/sourcedate.py): the same in every
    clone."""
    return datetime.fromtimestamp(job.created, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
