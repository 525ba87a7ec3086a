"""Build orchestration: plan, skip what is unchanged, render in parallel, publish together.

Outputs are rendered into a staging folder inside dist/ and moved into place only when every
one of them succeeded, so a failed build leaves dist/ exactly as it was. A small state file
remembers each output's input fingerprint, so an unchanged output is not rendered again.
"""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.context import Context
from handouts.errors import HandoutError, Problem
from handouts.jobs import EDITIONS, LARGE_PRINT, Job
from handouts.log import NOTICE, logger
from handouts.materials import MATERIALS
from handouts.project import Project, confined
from handouts.publishing.final import Drafts, drafts
from handouts.publishing.fingerprint import Fingerprints
from handouts.publishing.index_page import write_index
from handouts.publishing.plan import plan
from handouts.publishing.publish import (
    holding_interrupts,
    make_room,
    publish,
    read_state,
    staging_dir,
    sweep,
    write_state,
)

if TYPE_CHECKING:
    from handouts.i18n.checks import Needs


@dataclass
class Report:
    """What a build did, for the summary table."""

    built: list[Job] = field(default_factory=list)
    unchanged: list[Job] = field(default_factory=list)
    seconds: dict[Job, float] = field(default_factory=dict)
    notices: set[str] = field(default_factory=set)  # about this machine, said once
    skipped: list[str] = field(default_factory=list)  # handouts left out, and why
    bad_rows: list[Problem] = field(default_factory=list)  # schools of a district CSV left out
    # "lang/material" -> the copyfit step its longest edition needed to fit (never 0)
    copyfitted: dict[str, int] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)  # PDFs made from older inputs, now gone


def build(context: Context, *, locales: list[str] | None = None,
          materials: list[str] | None = None, profile: str | None = None,
          draft: bool = False, jobs: int | None = None, force: bool = False,
          keep_html: bool = False, progress: Callable[[Job, str], None] | None = None,
          notice_language: str | None = None, profiles_csv: Path | None = None,
          large_print: bool = False) -> Report:
    """Build the chosen outputs; raise HandoutError (leaving dist/ untouched) if any fails.

    Without --locale, a handout not final in a language (a string it prints is not reviewed,
    final.py) is left out, and the report says why: nothing unreviewed prints as final.
    --draft builds it, marked.
    With `profiles_csv`, a district's list of schools: the school handout is made for each
    good row; bad rows are left out and listed in the report, not raised. With `large_print`,
    the large-print editions too (dist/<lang>/large-print/).
    """
    project = context.project
    report = Report()
    waiting = Drafts() if locales or draft else drafts(context, materials)
    if waiting.languages:
        locales = [lang for lang in project.locales_available()
                   if lang not in waiting.languages]
    report.skipped += waiting.said
    schools = None
    if profiles_csv is not None:
        from handouts.content.district import read_schools

        schools, report.bad_rows = read_schools(confined(profiles_csv, project.root))
        if not schools:
            raise HandoutError(*report.bad_rows, Problem("no school in this list could be "
                                                         "built", profiles_csv))
    todo = [job for job in plan(context, locales, materials, profile, draft, notice_language,
                                report.skipped, schools, large_print)
            if job.material not in waiting.handouts.get(job.lang, ())]
    fingerprints = Fingerprints(project, options=f"html={keep_html}")
    state = read_state(project.dist)
    stale = []
    for job in todo:
        key = str(job.relpath())
        if not force and state.get(key, {}).get("fingerprint") == fingerprints.of(job) and \
                (project.dist / key).exists():
            report.unchanged.append(job)
        else:
            stale.append(job)
    if not stale:
        if project.dist.is_dir():
            with holding_interrupts():
                _settle(project.dist, {}, todo, fingerprints, report)
        write_index(project, context.translation_stats)  # only if missing or out of date
        _warn(project, report)
        return report

    _load_inputs(context, sorted({job.lang for job in stale}))
    from handouts.i18n.checks import gate
    from handouts.publishing.worker import tune_gc  # WeasyPrint loads only now

    tune_gc()
    staging = staging_dir(project.dist)

    def check_translations() -> None:
        gate(project, _translation_needs(context, stale, profile), draft)

    try:
        outcomes = _run(context, stale, staging, jobs, keep_html, progress, check_translations)
        for outcome in outcomes:
            report.notices |= outcome.notices
        problems = _named(outcomes)
        if problems:
            raise HandoutError(*dict.fromkeys(problems))
        make_room(project.dist, [o.job.relpath() for o in outcomes])
        with holding_interrupts():
            made = {}
            for outcome in outcomes:
                job = outcome.job
                publish(staging, project.dist, job, keep_html)
                made[str(job.relpath())] = {"fingerprint": fingerprints.of(job),
                                            "inputs": fingerprints.inputs(job)}
                report.built.append(job)
                report.seconds[job] = outcome.seconds
                if outcome.fit:
                    key = f"{job.lang}/{job.material}"
                    report.copyfitted[key] = max(outcome.fit, report.copyfitted.get(key, 0))
            _settle(project.dist, made, todo, fingerprints, report)
        write_index(project, context.translation_stats)
        _warn(project, report)
        return report
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _translation_needs(context: Context, jobs: list[Job], profile: str | None
                       ) -> dict[str, Needs]:
    """Every language the jobs print (a notice's three included), and what its PDFs look up.

    A notice's other languages need only the notice's own words (i18n/notice.py): whatever
    else of their catalog it looks up must still pass the checks.
    """
    from handouts.i18n.checks import Needs
    from handouts.i18n.notice import own_strings

    needs: dict[str, Needs] = {}
    for job in jobs:
        lookups = context.lookups([job.material], profile)[job.material]
        looked_up = frozenset(lookups.printed) | frozenset(lookups.optional)
        for lang in job.languages:
            printed = frozenset(lookups.printed) if lang == job.lang else \
                frozenset(own_strings(context.content))
            need = Needs(printed, looked_up - printed)
            needs[lang] = needs[lang] | need if lang in needs else need
    return needs


def _settle(dist: Path, made: dict[str, dict], todo: list[Job], fingerprints: Fingerprints,
            report: Report) -> None:
    """Record what this build made, and remove from dist/ every other PDF not made from today's
    inputs (publish.sweep): after any build, dist/ holds only what the inputs make.

    The state is read again here, so a build that published meanwhile keeps its records.
    """
    state = {**read_state(dist), **made}
    report.removed = sweep(dist, state, {str(job.relpath()) for job in todo},
                           fingerprints.current)
    if made or report.removed:
        write_state(dist, state)


def _load_inputs(context: Context, locales: list[str]) -> None:
    """Fail fast, once, on damaged content, templates or catalogs: before WeasyPrint is loaded
    and before any worker process starts.

    Loading here also means forked worker processes inherit the parsed content and compiled
    templates instead of each loading them again.
    """
    from handouts.i18n.translator import translator_for

    context.load()
    for lang in locales:
        translator_for(context.project.locales, lang)


def _warn(project: Project, report: Report) -> None:
    """Log what someone should act on: notices about this machine, and printed numbers nobody
    confirmed in the last 12 months (never a reason to fail)."""
    from handouts.content.provenance import reference_date, warnings

    for notice in sorted(report.notices):
        logger.warning(notice, extra={"label": NOTICE})
    printed = {job.material for job in [*report.built, *report.unchanged]}
    try:
        lines = warnings(project.content, [name for name in MATERIALS if name in printed],
                         reference_date())
    except (HandoutError, OSError):
        return  # the build itself reports broken content
    for line in lines:
        logger.warning(line)
    if lines:
        logger.warning(f"{len(lines)} printed resource{'s' if len(lines) != 1 else ''} never "
                       "confirmed or confirmed more than 12 months ago: check them at their "
                       "source, then set `checked:` in content/resources.yaml (`python build.py "
                       "resources` lists all)", extra={"label": ""})


def _run(context: Context, todo: list[Job], staging: Path, jobs: int | None, keep_html: bool,
         progress: Callable[[Job, str], None] | None, gate: Callable[[], None]) -> list:
    """Render every job into the staging folder, after or alongside the translation gate.

    With worker processes the gate runs here while they render: its checks cost no extra time,
    and if it fails the rendered files are only in the staging folder, which is thrown away.
    """
    from handouts.publishing.worker import run_in_worker, run_job

    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    if workers == 1:
        gate()
        outcomes = []
        for job in todo:
            outcomes.append(run_job(context, job, staging, keep_html))
            if progress:
                progress(job, "failed" if outcomes[-1].problems else "built")
        return outcomes
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(context,)) as pool:
        futures = {pool.submit(run_in_worker, job, staging, keep_html): job for job in todo}
        try:
            gate()
            outcomes = []
            for future in as_completed(futures):
                outcome = future.result()
                outcomes.append(outcome)
                if progress:
                    progress(outcome.job, "failed" if outcome.problems else "built")
        except BaseException:  # Ctrl-C, a failed gate, a full disk: no pending job starts
            pool.shutdown(cancel_futures=True)
            raise
    order = {job: i for i, job in enumerate(todo)}
    return sorted(outcomes, key=lambda o: order[o.job])


def _start_worker(context: Context) -> None:
    """Pool initializer. Ctrl-C reaches every process of the terminal's group: the workers
    leave it to the build, which cancels what has not started and waits only for the handouts
    being rendered (seconds), instead of each worker dying with a traceback of its own."""
    from handouts.publishing.worker import adopt

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    adopt(context)


def _named(outcomes: list) -> list[Problem]:
    """Every problem once, a problem without a file prefixed with the handouts it affects.

    The same string spilling over in the desk and print PDFs, or on the card and the card
    sheet, is one line for the translator, not four.
    """
    affected: dict[Problem, dict[tuple[str, str], set[str]]] = {}
    for outcome in outcomes:
        job = outcome.job
        for problem in outcome.problems:
            affected.setdefault(problem, {}).setdefault((job.lang, job.material),
                                                        set()).add(job.edition)
    named = []
    for problem, jobs in affected.items():
        if problem.path is not None:
            named.append(problem)
            continue
        labels = ", ".join(f"{lang}/{material}{_editions_said(editions)}"
                           for (lang, material), editions in jobs.items())
        named.append(Problem(f"{labels}: {problem.message}", None, None, problem.level,
                             problem.check))
    return named


def _editions_said(editions: set[str]) -> str:
    """"" for the desk PDF alone, else " (print)", " (desk and print)", " (desk, print and
    large-print)"."""
    if editions == {"desk"}:
        return ""
    said = [kind for kind in (*EDITIONS, LARGE_PRINT) if kind in editions]
    return f" ({', '.join(said[:-1])} and {said[-1]})" if len(said) > 1 else f" ({said[0]})"
