"""One job, start to finish, inside a worker process: content + catalog -> HTML -> PDF.

Each process has one build context (context.py): the content, the templates and the
typesetter are loaded once and reused for every job it is given. A forked worker starts with
the context its parent loaded (`adopt`), so nothing is parsed twice.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.content import district
from handouts.context import Context
from handouts.errors import HandoutError, Problem
from handouts.jobs import LARGE_PRINT, Job
from handouts.materials import MATERIALS
from handouts.pdf import readback, weasy
from handouts.pdf.typeset import DESK_STANDARD, PRINT_STANDARD, standalone_html
from handouts.project import SOURCE_LOCALE
from handouts.publishing import copyfit, thumbnails
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


def run_job(context: Context, job: Job, staging: Path, keep_html: bool = False,
            desk_fit: int | None = None) -> Outcome:
    """Make one PDF into the staging folder; problems are returned, not raised.

    A problem without a file is about this job's output; the pipeline names the handouts.
    `desk_fit`: for a print job, the copyfit step its desk edition took (if known).
    """
    start = time.perf_counter()
    project = context.project
    notices: set[str] = set()
    if said := weasy.version_problem():
        notices.add(said)
    try:
        printing = job.edition == "print"
        standard = PRINT_STANDARD if printing else DESK_STANDARD
        typesetter = context.typesetter
        first = _first_step(context, job, notices, desk_fit)
        trial = _fit(context, job, standard, notices, first=first)
        if trial.problems:
            return Outcome(job, trial.problems, notices=notices)
        fit, html, document, reading = trial.fit, trial.html, trial.document, trial.reading
        if wrong := _wrong_numbers(context, job, reading):
            return Outcome(job, [Problem(w, check="numbers") for w in wrong], notices=notices)
        target = staging / job.relpath()
        typesetter.write(document, target, seed=html.encode("utf-8"), standard=standard,
                         default_rgb=project.rgb_profile if printing else None, press=printing,
                         notices=notices)
        if job.edition == "desk" and not job.school:
            # only a preview: if it fails, the catalog page draws it again or says what is wrong
            with contextlib.suppress(OSError, ValueError, RuntimeError):
                thumbnails.draw(target, thumbnails.path_for(staging, job.relpath()))
        if keep_html:
            target.with_suffix(".html").write_text(
                standalone_html(html, project.templates), encoding="utf-8")
    except HandoutError as exc:
        return Outcome(job, exc.problems, notices=notices)
    return Outcome(job, seconds=time.perf_counter() - start, notices=notices, fit=fit)


@dataclass
class _Trial:
    """The first copyfit step at which a job's text stays inside its boxes, laid out; or why
    none does."""

    fit: int = 0
    html: str = ""
    document: Document | None = None
    reading: weasy.Reading | None = None
    problems: list[Problem] = field(default_factory=list)


def _fit(context: Context, job: Job, standard: str, notices: set[str], first: int = 0
         ) -> _Trial:
    """Lay the job out at the smallest copyfit step from `first` at which its text fits.

    The search starts at `first` for a print edition or a card sheet (the step of the
    handout each is laid out like) and for large print (its stylesheet has no steps); for
    any other desk edition, one step below the step its text's width predicts. Then a step
    smaller while the text fits, or larger while it spills (copyfit.py: the same step as
    trying each from `first` up, in fewer layouts). The step found is kept in the context for
    the materials that fit like this one (materials.Spec.fits_like).
    """
    spec = MATERIALS[job.material]
    typesetter = context.typesetter
    predicted = job.edition == "desk" and spec.fits_like is None and spec.fit_steps > 0
    guess = copyfit.predict(context, job) if predicted else first
    search = copyfit.Search(min(first, spec.fit_steps), spec.fit_steps, guess)
    found = None
    while (fit := search.step) is not None:
        html = handout_html(context.project, context.content, context.env, job, fit)
        document = typesetter.layout(html, standard=standard, notices=notices)
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
        context.fitted[_fit_key(job)] = found.fit
        return found
    # no step fit: the last one tried, the smallest type, says what still spills
    return _Trial(problems=[Problem(f"{s}. Shorten the translation, or ask for the layout to "
                                    "change.", check="overflow") for s in spills]
                  + [Problem(f"{u}. Shorten the translation, or ask for the layout to change.",
                             check="safe-zone") for u in unsafe])


def _fit_key(job: Job) -> Job:
    """A job as far as copyfitting goes: the date printed in it changes no line."""
    return dataclasses.replace(job, created=0)


def desk_of(job: Job) -> Job:
    """The desk edition a print job is laid out like, as far as copyfitting goes."""
    return _fit_key(dataclasses.replace(job, edition="desk"))


def _first_step(context: Context, job: Job, notices: set[str],
                desk_fit: int | None = None) -> int:
    """The copyfit step to try first: the step of the handout this one is laid out like.

    A print edition is its desk edition with bleed and marks, so it starts at the desk's step
    (`desk_fit`, or this process's record): the two editions print the same text size, and
    the print edition skips the trials its desk edition already failed. A material that fits
    like another (the card sheet: eight of the wallet card's faces) starts at that one's step.
    Either step is found by laying out that handout when no one has yet (a card, not a sheet
    of sixteen faces), so the result never depends on which jobs ran before.
    """
    like = MATERIALS[job.material].fits_like
    if job.edition == "print":
        model = desk_of(job)
        if desk_fit is not None:
            context.fitted.setdefault(model, desk_fit)
    elif like is not None:
        model = _fit_key(dataclasses.replace(job, material=like))
    else:
        return 0
    if model not in context.fitted:
        trial = _fit(context, model, DESK_STANDARD, notices,
                     first=_first_step(context, model, notices))
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


def run_in_worker(job: Job, staging: Path, keep_html: bool, desk_fit: int | None = None
                  ) -> Outcome:
    """`run_job` with the worker process's own context."""
    assert _WORKER is not None, "adopt() runs first in every worker"
    return run_job(_WORKER, job, staging, keep_html, desk_fit)


@functools.cache
def tune_gc() -> None:
    """Collect garbage less often while rendering, and never look at what is loaded by now.

    Layout makes hundreds of thousands of short-lived objects; with Python's default
    thresholds the collector runs thousands of times per handout and walks every imported
    module's objects, which also makes forked workers copy the parent's memory. Measured
    with bench/bench.py: about 6% off a cold build.
    """
    gc.freeze()
    gc.set_threshold(20_000, 50, 100)
