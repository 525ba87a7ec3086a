"""Build orchestration: plan, skip what is unchanged, render in parallel, publish together.

Outputs are rendered into the staging area inside dist/ (staging.py) and moved into place only
when every one of them succeeded, so a failed build leaves dist/ exactly as it was; what a
stopped build made there is published by the next instead of being made again. A small state
file remembers each output's input fingerprint, so an unchanged output is not rendered again,
and a memo (memo.py) answers a build whose inputs have not moved without planning it.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING

from handouts.context import Context
from handouts.errors import HandoutError, Problem
from handouts.jobs import EDITIONS, LARGE_PRINT, Job
from handouts.log import NOTICE, logger
from handouts.materials import MATERIALS
from handouts.project import Project, confined
from handouts.publishing import memo

if TYPE_CHECKING:
    from handouts.i18n.checks import Needs
    from handouts.publishing.fingerprint import Fingerprints
    from handouts.publishing.worker import Outcome


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
    # of `built`, those a stopped build had made and this one published without making again
    resumed: list[Job] = field(default_factory=list)


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
    command = {"locales": locales, "materials": materials, "profile": profile, "draft": draft,
               "notice_language": notice_language, "large_print": large_print,
               "keep_html": keep_html, "profiles": profiles_csv and str(profiles_csv)}
    inputs = memo.snapshot(project, command, profiles_csv)  # before any input is read
    if not force and (answer := memo.recall(project, command, inputs)) is not None:
        report = _recalled(answer)
        _warn(report, answer.warnings)
        return report
    _collect_less()  # before loading: the content, templates and WeasyPrint make many objects
    # only now, when the memo could not answer: what planning and publishing need
    from handouts.publishing import staging
    from handouts.publishing.final import Drafts, drafts
    from handouts.publishing.fingerprint import Fingerprints
    from handouts.publishing.index_page import write_index
    from handouts.publishing.plan import plan
    from handouts.publishing.publish import holding_interrupts, read_state

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
    staging.finish(project.dist)
    state = read_state(project.dist)
    stale = []
    for job in todo:
        key = str(job.relpath())
        if not force and state.get(key, {}).get("fingerprint") == fingerprints.of(job) and \
                (project.dist / key).exists():
            report.unchanged.append(job)
        else:
            stale.append(job)
    if stale:
        _make(context, stale, todo, fingerprints, report, profile=profile, draft=draft,
              jobs=jobs, force=force, keep_html=keep_html, progress=progress)
    elif project.dist.is_dir():
        with holding_interrupts():
            _settle(project.dist, {}, todo, fingerprints, report)
    write_index(project, context.translation_stats)  # only if missing or out of date
    warnings = _resource_warnings(project, report)
    _warn(report, warnings)
    memo.remember(project, command, inputs, _answer(report, warnings))
    return report


def _answer(report: Report, warnings: list[str]) -> memo.Answer:
    """What a later build of the same command with nothing to do reports (memo.py): every PDF
    unchanged (a school without its row, which nothing after the build reads)."""
    jobs = [{f.name: getattr(job, f.name) for f in fields(Job) if f.name != "profile_data"}
            for job in [*report.built, *report.unchanged]]
    rows = [{"message": p.message, "path": p.path and str(p.path), "line": p.line,
             "level": p.level, "check": p.check} for p in report.bad_rows]
    return memo.Answer(jobs, report.skipped, rows, warnings)


def _recalled(answer: memo.Answer) -> Report:
    return Report(unchanged=[Job(**each) for each in answer.unchanged], skipped=answer.skipped,
                  bad_rows=[Problem(**row) for row in answer.bad_rows])


def _make(context: Context, stale: list[Job], todo: list[Job], fingerprints: Fingerprints,
          report: Report, *, profile: str | None, draft: bool, jobs: int | None, force: bool,
          keep_html: bool, progress: Callable[[Job, str], None] | None) -> None:
    """Make the stale PDFs in the staging area (or take those a stopped build made there),
    then publish them all together."""
    project = context.project
    _load_inputs(context, sorted({job.lang for job in stale}))
    from handouts.i18n.checks import gate
    from handouts.publishing import staging
    from handouts.publishing.publish import holding_interrupts, make_room, publish
    from handouts.publishing.worker import Outcome  # WeasyPrint loads only now

    _freeze_loaded()

    def check_translations() -> None:
        gate(project, _translation_needs(context, stale, profile), draft)

    with staging.held(project.dist) as area:
        names = {job: staging.key(fingerprints.of(job), job) for job in stale}
        if force:
            staging.empty(area)
        else:
            staging.discard(area, set(names.values()), fingerprints.current)
        kept = {job: record for job in stale
                if not force and (record := staging.kept(area, names[job], job)) is not None}
        fresh = [job for job in stale if job not in kept]
        staging.clear(area, [names[job] for job in fresh])

        def made(outcome: Outcome) -> None:
            """Record each PDF as it is made: a stopped build's next run publishes it."""
            if not outcome.problems:
                staging.record(area, names[outcome.job], outcome.job, fit=outcome.fit,
                               seconds=outcome.seconds, notices=outcome.notices,
                               inputs=fingerprints.inputs(outcome.job))

        for job in kept:
            if progress:
                progress(job, "kept")
        outcomes = _run(context, fresh, lambda job: area / names[job], jobs, keep_html,
                        progress, check_translations, made)
        outcomes += [Outcome(job, seconds=record.get("seconds", 0.0),
                             notices=set(record.get("notices", [])), fit=record.get("fit", 0))
                     for job, record in kept.items()]
        order = {job: i for i, job in enumerate(stale)}
        outcomes.sort(key=lambda o: order[o.job])
        for outcome in outcomes:
            report.notices |= outcome.notices
        problems = _named(outcomes)
        if problems:
            raise HandoutError(*dict.fromkeys(problems))
        make_room(project.dist, [o.job.relpath() for o in outcomes])
        records = {str(o.job.relpath()): {"fingerprint": fingerprints.of(o.job),
                                          "inputs": fingerprints.inputs(o.job)}
                   for o in outcomes}
        moves = {str(o.job.relpath()): names[o.job] for o in outcomes}
        with holding_interrupts(), staging.publishing(area, moves, records, keep_html):
            for outcome in outcomes:
                job = outcome.job
                publish(area / names[job], project.dist, job.relpath(), keep_html)
                report.built.append(job)
                report.seconds[job] = outcome.seconds
                if outcome.fit:
                    key = f"{job.lang}/{job.material}"
                    report.copyfitted[key] = max(outcome.fit, report.copyfitted.get(key, 0))
            report.resumed = [job for job in stale if job in kept]
            _settle(project.dist, records, todo, fingerprints, report)


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
    from handouts.publishing.publish import read_state, sweep, write_state

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


def _collect_less() -> None:
    """Collect garbage less often while loading and rendering.

    Loading and layout make hundreds of thousands of short-lived objects; with Python's default
    thresholds the collector runs thousands of times per handout. Measured with bench/bench.py:
    about 6% off a cold build (and a few hundredths of a second more when set before the
    content, templates and WeasyPrint load rather than after).
    """
    gc.set_threshold(20_000, 50, 100)


@functools.cache
def _freeze_loaded() -> None:
    """Never look at what is loaded by now (modules, content, templates) when collecting:
    a full collection would walk every object of them, and make forked workers copy the
    parent's memory."""
    gc.freeze()


def _resource_warnings(project: Project, report: Report) -> list[str]:
    """Printed numbers nobody confirmed in the last 12 months (never a reason to fail)."""
    from handouts.content.provenance import reference_date, warnings

    printed = {job.material for job in [*report.built, *report.unchanged]}
    try:
        return warnings(project.content, [name for name in MATERIALS if name in printed],
                        reference_date())
    except (HandoutError, OSError):
        return []  # the build itself reports broken content


def _warn(report: Report, lines: list[str]) -> None:
    """Log what someone should act on: notices about this machine, and the printed numbers
    to confirm (`_resource_warnings`)."""
    for notice in sorted(report.notices):
        logger.warning(notice, extra={"label": NOTICE})
    for line in lines:
        logger.warning(line)
    if lines:
        logger.warning(f"{len(lines)} printed resource{'s' if len(lines) != 1 else ''} never "
                       "confirmed or confirmed more than 12 months ago: check them at their "
                       "source, then set `checked:` in content/resources.yaml (`python build.py "
                       "resources` lists all)", extra={"label": ""})


def _run(context: Context, todo: list[Job], folder: Callable[[Job], Path], jobs: int | None,
         keep_html: bool, progress: Callable[[Job, str], None] | None,
         gate: Callable[[], None], made: Callable[[Outcome], None]) -> list[Outcome]:
    """Render every job into its staging folder (`folder`), after or alongside the translation
    gate; `made` hears of each outcome as it arrives.

    With worker processes the gate runs here while they render: its checks cost no extra time,
    and if it fails the rendered files are only in the staging area, never in dist/. The desk
    and print editions of a handout are one task: one layout, two PDFs (pdf/editions.py).
    """
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    from handouts.publishing.worker import desk_of, run_editions, run_in_worker

    tasks: dict[Job, list[tuple[Job, Path]]] = {}
    for job in todo:
        tasks.setdefault(desk_of(job), []).append((job, folder(job)))
    workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    outcomes: list[Outcome] = []

    def heard(results: list[Outcome]) -> None:
        for outcome in results:
            outcomes.append(outcome)
            made(outcome)
            if progress:
                progress(outcome.job, "failed" if outcome.problems else "built")

    if workers == 1:
        gate()
        for task in tasks.values():
            heard(run_editions(context, task, keep_html))
        return outcomes
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(context,)) as pool:
        submitted = {pool.submit(run_in_worker, task, keep_html) for task in tasks.values()}
        answered: set = set()
        try:
            gate()
            while len(answered) < len(submitted):
                done, _ = wait(submitted - answered, return_when=FIRST_COMPLETED)
                for future in done:
                    answered.add(future)
                    heard(future.result())
        except BaseException:  # Ctrl-C, a failed gate, a full disk: no pending job starts
            pool.shutdown(cancel_futures=True)
            with contextlib.suppress(Exception):  # the PDFs being made when it stopped
                for future in submitted - answered:
                    if future.done() and not future.cancelled() and future.exception() is None:
                        for outcome in future.result():
                            made(outcome)
            raise
    return outcomes


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
