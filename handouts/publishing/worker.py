"""One job, start to finish, inside a worker process: content + catalog -> HTML -> PDF.

Each process has one build context (context.py): the content, the templates and the
typesetter are loaded once and reused for every job it is given. A forked worker starts with
the context its parent loaded (`adopt`), so nothing is parsed twice.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.content import district
from handouts.context import Context
from handouts.errors import HandoutError, Problem
from handouts.jobs import BOTH, EDITIONS, LARGE_PRINT, Job
from handouts.materials import MATERIALS
from handouts.pdf import readback, weasy
from handouts.pdf.typeset import DESK_STANDARD, PRINT_STANDARD, standalone_html
from handouts.project import SOURCE_LOCALE
from handouts.publishing import copyfit, thumbnails
from handouts.render import palette
from handouts.render.handout import handout_html

if TYPE_CHECKING:
    from weasyprint import Document


@dataclass
class Outcome:
    job: Job
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    notices: set[str] = field(default_factory=set)  # about the machine, for the summary
    fit: int = 0  # the copyfit step the handout needed (0: it fit as designed)


def run_job(context: Context, job: Job, staging: Path, keep_html: bool = False) -> Outcome:
    """Make one PDF into the staging folder; problems are returned, not raised."""
    return run_editions(context, [(job, staging)], keep_html)[0]


def run_editions(context: Context, jobs: list[tuple[Job, Path]], keep_html: bool = False
                 ) -> list[Outcome]:
    """Make the desk and print editions of one handout from one layout (pdf/editions.py), each
    into its staging folder; problems are returned, not raised.

    `jobs` are editions of one handout (`desk_of` the same), or a large-print job alone. A
    problem without a file is about the handout's output; the pipeline names the handouts.
    """
    start = time.perf_counter()
    project = context.project
    notices: set[str] = set()
    if said := weasy.version_problem():
        notices.add(said)
    model = jobs[0][0]
    try:
        first = _first_step(context, model, notices)
        trial = _fit(context, model, notices, first=first)
        if trial.problems:
            return [Outcome(job, trial.problems, notices=notices) for job, _ in jobs]
        fit, html, document, reading = trial.fit, trial.html, trial.document, trial.reading
        if wrong := _wrong_numbers(context, model, reading):
            problems = [Problem(w, check="numbers") for w in wrong]
            return [Outcome(job, problems, notices=notices) for job, _ in jobs]
        outcomes = []
        for job, staging in sorted(jobs, key=lambda pair: pair[0].edition == "print"):
            printing = job.edition == "print"
            target = staging / job.relpath()
            context.typesetter.write(
                document, target, seed=f"{job.edition}\n{html}".encode(),
                standard=PRINT_STANDARD if printing else DESK_STANDARD,
                default_rgb=project.rgb_profile if printing else None,
                press=palette.press_builds() if printing else None, notices=notices)
            if job.edition == "desk" and not job.school:
                # only a preview: if it fails, the catalog page draws it again or says what is
                # wrong
                with contextlib.suppress(OSError, ValueError, RuntimeError):
                    thumbnails.draw(target, thumbnails.path_for(staging, job.relpath()))
            if keep_html:  # the edition's own HTML: plain WeasyPrint makes the same PDF of it
                own = handout_html(project, context.content, context.env, job, fit)
                own = standalone_html(context.typesetter.page_html(own), project.templates)
                target.with_suffix(".html").write_text(own, encoding="utf-8")
            outcomes.append(Outcome(job, seconds=time.perf_counter() - start,
                                    notices=notices, fit=fit))
            start = time.perf_counter()
    except HandoutError as exc:
        return [Outcome(job, exc.problems, notices=notices) for job, _ in jobs]
    return outcomes


@dataclass
class _Trial:
    """The first copyfit step at which a job's text stays inside its boxes, laid out; or why
    none does."""

    fit: int = 0
    html: str = ""
    document: Document | None = None
    reading: weasy.Reading | None = None
    problems: list[Problem] = field(default_factory=list)


def _fit(context: Context, job: Job, notices: set[str], first: int = 0) -> _Trial:
    """Lay the job out at the smallest copyfit step from `first` at which its text fits.

    A desk or print job is laid out as both editions (pdf/editions.py). The search starts at
    `first` for a card sheet (the step of the card it is laid out like) and for large print
    (its stylesheet has no steps); for any other handout, one step below the step its text's
    width predicts. Then a step smaller while the text fits, or larger while it spills
    (copyfit.py: the same step as trying each from `first` up, in fewer layouts). The step
    found is kept in the context for the materials that fit like this one
    (materials.Spec.fits_like).
    """
    spec = MATERIALS[job.material]
    typesetter = context.typesetter
    predicted = job.edition in EDITIONS and spec.fits_like is None and spec.fit_steps > 0
    guess = copyfit.predict(context, job) if predicted else first
    search = copyfit.Search(min(first, spec.fit_steps), spec.fit_steps, guess)
    found = None
    while (fit := search.step) is not None:
        html = handout_html(context.project, context.content, context.env, job, fit,
                            edition=BOTH if job.edition in EDITIONS else None)
        document = typesetter.layout(html, standard=DESK_STANDARD, notices=notices)
        missing = typesetter.missing_glyphs(document)
        if missing:
            return _Trial(problems=[Problem(m, check="font") for m in missing])
        # large print takes as many pages as it needs; a fixed box must still hold its text
        pages = len(document.pages) if job.edition == LARGE_PRINT else spec.pages
        # text that spills out of its box may run into art too: the spill is the news
        spills = (weasy.find_overflow(document, pages=pages, fixed=spec.fixed)
                  or weasy.find_collisions(document))
        # text too near the trim: a print shop's cut could touch it (the 1/8 in safe zone)
        unsafe = weasy.find_unsafe_text(document)
        reading = weasy.read_pages(document)
        # text cut off or dropped whatever its box: what the geometry does not already name
        spills = spills or readback.lost(reading)
        search.record(not spills and not unsafe)
        if search.found == fit:
            found = _Trial(fit, html, document, reading)
    if found is not None:
        context.fitted[desk_of(job)] = found.fit
        return found
    # no step fit: the last one tried, the smallest type, says what still spills
    return _Trial(problems=[Problem(f"{s}. Shorten the translation, or ask for the layout to "
                                    "change.", check="overflow") for s in spills]
                  + [Problem(f"{u}. Shorten the translation, or ask for the layout to change.",
                             check="safe-zone") for u in unsafe])


def desk_of(job: Job) -> Job:
    """A job as far as laying out goes: the desk and print editions of a handout are one
    layout (pdf/editions.py), and the date printed in it changes no line."""
    edition = "desk" if job.edition in EDITIONS else job.edition
    return dataclasses.replace(job, edition=edition, created=0)


def _first_step(context: Context, job: Job, notices: set[str]) -> int:
    """The copyfit step to try first: 0, or the step of the handout this one fits like.

    A material that fits like another (the card sheet: eight of the wallet card's faces)
    starts at that one's step, found by laying out that handout when no one has yet (a card,
    not a sheet of sixteen faces), so the result never depends on which jobs ran before.
    """
    like = MATERIALS[job.material].fits_like
    if like is None:
        return 0
    model = desk_of(dataclasses.replace(job, material=like))
    if model not in context.fitted:
        trial = _fit(context, model, notices, first=_first_step(context, model, notices))
        if trial.problems:
            return 0  # the job's own layout names the spill, in its own words
    return context.fitted[model]


def _wrong_numbers(context: Context, job: Job, reading: weasy.Reading) -> list[str]:
    """The numbers and addresses the pages show that are not the content's, or not as often
    as in the English edition of the same handout (from its HTML: no second layout)."""
    school = district.profile_of(job.profile_data) if job.profile_data else None
    known = readback.house_forms(context.content, school)
    english = None if job.lang == SOURCE_LOCALE else context.english_numbers(job, known)
    return readback.wrong_numbers(reading, known, english)


# The context of a worker process, given by the pool when the process starts (`adopt`).
_WORKER: Context | None = None


def adopt(context: Context) -> None:
    """Pool initializer: the worker's context is the one its parent loaded."""
    global _WORKER
    _WORKER = context


def run_in_worker(jobs: list[tuple[Job, Path]], keep_html: bool) -> list[Outcome]:
    """`run_editions` with the worker process's own context."""
    assert _WORKER is not None, "adopt() runs first in every worker"
    return run_editions(_WORKER, jobs, keep_html)

