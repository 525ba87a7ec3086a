"""One job, start to finish, inside a worker process: content + catalog -> HTML -> PDF.

Each process loads the content, the Jinja2 environment and WeasyPrint's font configuration
once and reuses them for every job it is given.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment

from handouts.i18n import catalogs
from handouts.content import district
from handouts.i18n import notice
from handouts.pdf import typeset as pdf
from handouts.render import html as render
from handouts.build import thumbnails
from handouts.content.model import Content, load_content, view
from handouts.errors import HandoutError, Problem
from handouts.materials import MATERIALS
from handouts.build.plan import LARGE_PRINT, Job
from handouts.project import Project


@dataclass
class Outcome:
    job: Job
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    notices: set[str] = field(default_factory=set)  # about the machine, for the summary
    fit: int = 0  # the copyfit step the handout needed (0: it fit as designed)


def _state(project: Project) -> tuple[Content, Environment]:
    """The content and the templates, each loaded once per process and again after a save."""
    return load_content(project.content), render.make_env(project.templates)


def prepare_html(project: Project, job: Job, fit: int = 0) -> str:
    """Content + catalog -> HTML for one job at a copyfit step (0: as designed).

    Raises on missing translations (unless draft).
    """
    content, env = _state(project)
    spec = MATERIALS[job.material]
    tr = catalogs.translator_for(project.locales, job.lang, draft=job.draft)
    resolved = view(content, job.material, spec.source, None if job.profile_data else job.profile)
    if job.profile_data:  # a school from a district's CSV
        resolved = resolved.model_copy(update={"profile": district.profile_of(job.profile_data)})
    material_view = catalogs.localize(resolved, tr)
    stamp: dict = {"created": _created(job)}
    if job.notice_language:
        stamp["blocks"] = notice.blocks(project, content, job)  # every language on the page
    html = render.render_html(env, spec, material_view, tr, variant=job.variant, fit=fit,
                              extra=stamp)
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
        html = render.render_html(env, spec, material_view, tr, variant=job.variant, fit=fit,
                                  extra={**stamp, "draft_percent": percent,
                                         "suggested": suggested})
    return html


def _created(job: Job) -> str:
    """The PDF's date, from the content's history (sourcedate.py): the same in every clone."""
    return datetime.fromtimestamp(job.created, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def run_job(project: Project, job: Job, staging: Path, keep_html: bool = False) -> Outcome:
    """Make one PDF into the staging folder; problems are returned, not raised.

    A problem without a file is about this job's output; the pipeline names the handouts.
    """
    import time

    start = time.perf_counter()
    notices: set[str] = set()
    try:
        printing = job.variant == "print"
        variant = pdf.PRINT_VARIANT if printing else pdf.DESK_VARIANT
        spec = MATERIALS[job.material]
        for fit in range(spec.fit_steps + 1):  # another layout only when the last overflowed
            html = prepare_html(project, job, fit)
            document = pdf.layout(html, base=project.templates, roots=project.asset_roots,
                                  variant=variant, notices=notices)
            missing = pdf.find_missing_glyphs(document, pdf.font_coverage(project.fonts))
            if missing:
                return Outcome(job, [Problem(m, check="font") for m in missing],
                               notices=notices)
            # large print takes as many pages as it needs; a fixed box must still hold its text
            pages = len(document.pages) if job.variant == LARGE_PRINT else spec.pages
            spills = pdf.find_overflow(document, pages=pages, fixed=spec.fixed)
            if not spills:
                break
        else:
            return Outcome(job, [Problem(f"{s}. Shorten the translation, or ask for the layout "
                                         "to change.", check="overflow") for s in spills],
                           notices=notices)
        target = staging / job.relpath()
        pdf.write_atomic(document, target, seed=html.encode("utf-8"), pdf_variant=variant,
                         default_rgb=project.rgb_profile if printing else None, notices=notices)
        if job.variant == "desk" and not job.school:
            # only a preview: if it fails, the catalog page draws it again or says what is wrong
            with contextlib.suppress(OSError, ValueError, RuntimeError):
                thumbnails.draw(target, thumbnails.path_for(staging, job.lang, job.material))
        if keep_html:
            target.with_suffix(".html").write_text(
                pdf.standalone_html(html, project.templates), encoding="utf-8")
    except HandoutError as exc:
        return Outcome(job, exc.problems, notices=notices)
    return Outcome(job, seconds=time.perf_counter() - start, notices=notices, fit=fit)


def load_checked(project: Project, locales: list[str]) -> None:
    """Fail fast, once, on damaged content or catalogs, before any process is started.

    Loading here also means forked worker processes inherit the imported modules and the
    parsed content instead of each loading them again.
    """
    _state(project)
    for lang in locales:
        catalogs.translator_for(project.locales, lang)
    _tune_gc()


@functools.cache
def _tune_gc() -> None:
    """Collect garbage less often while rendering, and never look at what is loaded by now.

    Layout makes hundreds of thousands of short-lived objects; with Python's default
    thresholds the collector runs thousands of times per handout and walks every imported
    module's objects, which also makes forked workers copy the parent's memory. Measured
    with bench/bench.py: about 6% off a cold build.
    """
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)
