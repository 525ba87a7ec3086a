"""Command line: `python build.py [COMMAND] [options]`. The only place that prints errors."""

from __future__ import annotations

import argparse
import contextlib
import errno
import functools
import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from handouts import __version__
from handouts.errors import HandoutError, Problem, UsageError
from handouts.log import NOTE, console, logger
from handouts.materials import MATERIALS

if TYPE_CHECKING:
    from handouts.jobs import Job
    from handouts.publishing.pipeline import Report

EXAMPLES = """\
examples:
  outreach staff:  %(prog)s                        # every handout, every language
                   %(prog)s --locale es --material hotline-card-sheet
                   %(prog)s --large-print             # also large print, for low vision
  schools:         %(prog)s --material school-handout --profile example-school
                   %(prog)s --material school-handout --profiles district.csv
  translators:     %(prog)s update                 # after the English changed
                   %(prog)s check --locale es      # before sending a .po back
                   %(prog)s --locale fr --draft    # see an unfinished language on paper
                   %(prog)s watch --locale es      # live preview: rebuild on every save

Each command's options: %(prog)s build --help (or check --help, watch --help, ...).
The PDFs land in dist/LANG/ (desk printers, screens) and dist/LANG/print/ (print shops),
large print in dist/LANG/large-print/, a school's own handout in their schools/ folders,
drafts in dist/drafts/LANG/; open dist/index.html to see them all, with a picture of each.
"""


def _prog() -> str:
    """How the user started us, for the examples: `python build.py` or `csec-handouts`."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "build.py"
    return f"python {name}" if name.endswith(".py") else name


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_prog(),
        description="Build print-ready CSEC outreach handouts from content/ and locales/.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks")
    for where, default in ((parser, 0), (loudness := argparse.ArgumentParser(add_help=False),
                                         argparse.SUPPRESS)):
        group = where.add_mutually_exclusive_group()
        group.add_argument("-v", "--verbose", action="store_const", const=1, dest="verbosity",
                           default=default, help="say more: every handout left unchanged, "
                                                 "and each one's time")
        group.add_argument("-q", "--quiet", action="store_const", const=-1, dest="verbosity",
                           default=default, help="say less: only warnings and errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    add = functools.partial(sub.add_parser, parents=[loudness])

    b = add("build", help="build the PDFs (the default command)")
    b.add_argument("--locale", action="append", metavar="LANG",
                   help="only this language (repeatable), e.g. es, zh-TW or en-XA")
    b.add_argument("--material", action="append", metavar="NAME",
                   help="only this handout (repeatable), e.g. fact-sheet")
    b.add_argument("--profile", metavar="NAME",
                   help="school or organisation profile for the school handout "
                        "(content/profiles/NAME.yaml; default la-county)")
    b.add_argument("--profiles", metavar="CSV", type=Path,
                   help="a district's schools, one a row (see "
                        "content/profiles/example-district.csv): one school handout per school "
                        "and language, in dist/LANG/schools/")
    b.add_argument("--notice-language", metavar="LANG",
                   help="the trafficking notice's third language, after English and Spanish "
                        "(California Civil Code 52.6), e.g. zh_Hant or zh-TW; or "
                        "`notice_language:` in the profile")
    b.add_argument("--large-print", action="store_true",
                   help="also build the large-print editions (18 pt and up, one column) of the "
                        "fact sheet, brochure and school handout, in dist/LANG/large-print/")
    b.add_argument("--draft", action="store_true",
                   help="build unfinished translations anyway, marked DRAFT, in "
                        "dist/drafts/LANG/")
    b.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="processes to render with (default: number of cores)")
    b.add_argument("--force", action="store_true",
                   help="rebuild everything, even outputs whose inputs did not change")
    b.add_argument("--keep-html", action="store_true",
                   help="also write the HTML each PDF was made from, next to it")

    add("extract", help="refresh locales/messages.pot from content and templates")
    add("update", help="extract, then merge the new English into every .po file "
                       "(changed strings become fuzzy, nothing is lost)")
    i = add("init", help="start a new language: locales/LANG/LC_MESSAGES/messages.po")
    i.add_argument("lang", metavar="LANG", help="language code, e.g. fr, pt_BR or zh_Hant")
    c = add("compile", help="write .mo files for other gettext tools (the build "
                            "reads the .po files and does not need them)")
    c.add_argument("--locale", action="append", metavar="LANG", help="only this language")
    for name, text in (("check", "check translations for errors without rendering (exit 1 "
                                 "on any error)"),
                       ("stats", "how much of each language and handout is translated")):
        p = add(name, help=text)
        p.add_argument("--locale", action="append", metavar="LANG",
                       help="only this language (repeatable)")
        p.add_argument("--format", choices=("text", "json"), default="text")
        if name == "check":
            p.add_argument("--material", action="append", metavar="NAME",
                           help="only the strings this handout prints (repeatable)")
    a = add("approve", help="a reviewer signs off a handout in a language: every string it "
                            "prints becomes reviewed (no longer fuzzy), and who and when is "
                            "recorded in locales/LANG/signoff.yaml")
    _one_language(a, "vi")
    a.add_argument("--material", action="append", required=True, metavar="NAME",
                   help="the handout approved (repeatable), e.g. hotline-card")
    a.add_argument("--reviewer", required=True, metavar="NAME",
                   help='who read and approved it, e.g. "Nguyen Van An"')
    pr = add("proof", help="a review proof to read on paper: every string the handouts print, "
                           "numbered, English beside the translation, with room to mark "
                           "(dist/LANG/proof/review-proof.pdf)")
    _one_language(pr, "ko")
    pr.add_argument("--material", action="append", metavar="NAME",
                    help="only the strings this handout prints (repeatable)")
    xe = add("xliff-export", help="write a language as XLIFF 1.2 for a translation vendor's "
                                  "CAT tool (dist/LANG/xliff/csec-handouts-LANG.xlf)")
    _one_language(xe, "vi")
    xi = add("xliff-import", help="bring a vendor's XLIFF back into the language's .po file, "
                                  "after the same checks as `check` (nothing is written if one "
                                  "fails)")
    _one_language(xi, "vi")
    xi.add_argument("file", type=Path, metavar="FILE.xlf", help="the XLIFF file to import")
    add("doctor", help="check that this machine can build the handouts, and say "
                       "how to fix what is missing")
    r = add("resources", help="list every phone number, text line, email and web "
                              "address each handout prints, with its source and "
                              "when a person last confirmed it")
    r.add_argument("--material", action="append", metavar="NAME",
                   help="only this handout (repeatable)")
    r.add_argument("--format", choices=("text", "json"), default="text")
    w = add("watch", help="live preview for translators: rebuild one language's "
                          "draft PDFs and page pictures (dist/drafts/LANG/preview/) every time "
                          "a .po, content file or template is saved")
    _one_language(w, "es")
    w.add_argument("--material", action="append", metavar="NAME",
                   help="only this handout (repeatable; faster)")
    w.add_argument("--profile", metavar="NAME", help="profile for the school handout")
    w.add_argument("--once", action="store_true",
                   help="build, draw and check once, then stop (exit 1 on any error)")
    return parser


def _one_language(command: argparse.ArgumentParser, example: str) -> None:
    """The --locale of a command about one language (approve, proof, XLIFF, watch)."""
    command.add_argument("--locale", required=True, metavar="LANG",
                         help=f"the language, e.g. {example}")


def _cmd_build(args: argparse.Namespace, root: Path) -> int:
    from handouts.context import Context
    from handouts.project import Project
    from handouts.publishing.pipeline import build

    if args.profile and args.profiles:
        raise UsageError("give either --profile (one school) or --profiles (a district's list "
                         "of schools), not both")
    start = time.perf_counter()
    with _Progress() as progress:
        report = build(Context(Project(root)), locales=args.locale, materials=args.material,
                       profile=args.profile, draft=args.draft, jobs=args.jobs,
                       force=args.force, keep_html=args.keep_html, progress=progress.step,
                       notice_language=args.notice_language,
                       profiles_csv=args.profiles, large_print=args.large_print)
    _summary(report, time.perf_counter() - start)
    if args.profiles:
        return _schools_said(report, root)
    return 0


def _schools_said(report: Report, root: Path) -> int:
    """How many schools' handouts a district build made, and which rows it left out (exit 1)."""
    made = {job.profile for job in [*report.built, *report.unchanged] if job.school}
    print(f"{len(made)} school{'s' if len(made) != 1 else ''} built; "
          f"{len(report.bad_rows)} row{'s' if len(report.bad_rows) != 1 else ''} skipped")
    for problem in report.bad_rows:
        print(_relative(problem, root), file=sys.stderr)
    return 1 if report.bad_rows else 0


class _Progress:
    """A live progress bar on an interactive terminal; silence in CI and in pipes."""

    def __init__(self) -> None:
        self.bar = None
        if sys.stderr.isatty() and not os.environ.get("CI"):
            from rich.progress import Progress

            self.bar = Progress(transient=True)
            self.task = self.bar.add_task("rendering", total=None)

    def __enter__(self) -> _Progress:
        if self.bar:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar:
            self.bar.stop()

    def step(self, job: Job, status: str) -> None:
        if self.bar:
            self.bar.update(self.task, advance=1, description=f"{status} {job.label}")


def _summary(report: Report, seconds: float) -> None:
    """Say what was built and what was already up to date, as a table on a terminal."""
    rows = [(str(job.relpath()), "built", f"{report.seconds.get(job, 0):.1f} s")
            for job in report.built]
    rows += [(str(job.relpath()), "unchanged", "") for job in report.unchanged]
    if sys.stdout.isatty() and not os.environ.get("CI"):
        from rich.console import Console
        from rich.table import Table

        table = Table("dist/", "status", "time", title="Handouts")
        for row in rows:
            table.add_row(*row)
        Console().print(table)
    else:
        for path, status, took in rows:
            if status == "built":
                timed = f" ({took})" if logger.isEnabledFor(logging.DEBUG) else ""
                logger.info(f"built      dist/{path}{timed}")
            else:
                logger.debug(f"unchanged  dist/{path}")
    logger.info(f"{len(report.built)} built, {len(report.unchanged)} unchanged "
                f"in {seconds:.2f} s")
    if report.resumed:
        kept = len(report.resumed)
        logger.info(f"resumed a stopped build: {kept} PDF{'s' * (kept != 1)} it had made "
                    f"{'were' if kept != 1 else 'was'} kept, {len(report.built) - kept} made now")
    for label, step in sorted(report.copyfitted.items()):
        material = label.split("/", 1)[1]
        logger.info(f"copyfitted {label}: text set smaller and tighter to fit (step {step} of "
                    f"{MATERIALS[material].fit_steps}); a shorter translation keeps the "
                    "design's size")
    for reason in report.skipped:
        logger.info(reason, extra={"label": NOTE})
    if report.removed:
        logger.info(_removed_said(report.removed), extra={"label": NOTE})


def _removed_said(removed: list[str]) -> str:
    """Which PDFs made from older inputs left dist/, and the options that make them again."""
    parts = [set(Path(rel).parts) for rel in removed]
    again = [option for option, sign in (("--large-print", "large-print"), ("--draft", "drafts"),
                                         ("--profile or --profiles", "schools"),
                                         ("--notice-language", "trafficking-notice.pdf"))
             if any(sign in each for each in parts)]
    shown = ", ".join(f"dist/{rel}" for rel in removed[:6])
    more = f" and {len(removed) - 6} more" if len(removed) > 6 else ""
    them = "it" if len(removed) == 1 else "them"
    how = f"build with {' and '.join(again)}" if again else \
        f"build {'its language' if len(removed) == 1 else 'their languages'} again"
    return (f"removed {shown}{more}: made from older inputs (the content, a translation, a "
            f"template or the build changed since), so nobody prints {them}; {how} to make "
            f"{them} again")


def _cmd_extract(args: argparse.Namespace, root: Path) -> int:
    from handouts.i18n.extract import write_template

    target, changed = write_template(root)
    print(f"{'wrote' if changed else 'unchanged'} {target.relative_to(root)}")
    return 0


def _cmd_update(args: argparse.Namespace, root: Path) -> int:
    from handouts.project import Project
    from handouts.translators.po_files import update

    for path, changed in update(Project(root)):
        print(f"{'updated' if changed else 'unchanged'} {path.relative_to(root)}")
    return 0


def _cmd_init(args: argparse.Namespace, root: Path) -> int:
    from handouts.project import Project
    from handouts.translators.po_files import init

    path = init(Project(root), args.lang)
    print(f"wrote {path.relative_to(root)}; translate it in Poedit or a text editor, then run "
          f"`python build.py check --locale {args.lang}`")
    return 0


def _cmd_compile(args: argparse.Namespace, root: Path) -> int:
    from handouts.project import Project
    from handouts.translators.po_files import compile_mo

    for path in compile_mo(Project(root), args.locale):
        print(f"wrote {path.relative_to(root)}")
    return 0


def _cmd_check(args: argparse.Namespace, root: Path) -> int:
    from handouts.context import Context
    from handouts.i18n.checks import ERROR
    from handouts.project import Project
    from handouts.translators.review import check, format_problems, printed_by

    context = Context(Project(root))
    problems = check(context, args.locale, args.material)
    print(format_problems(problems, args.format, printed_by(context, args.material),
                          args.verbosity))
    return 1 if any(p.level == ERROR for p in problems) else 0


def _cmd_approve(args: argparse.Namespace, root: Path) -> int:
    from handouts.context import Context
    from handouts.project import Project
    from handouts.translators.approve import approve

    done = approve(Context(Project(root)), args.locale, args.material, args.reviewer)
    handouts = ", ".join(args.material)
    also = (f" (and {', '.join(done.also)}, which print{'s' * (len(done.also) == 1)} the same "
            "strings)" if done.also else "")
    print(f"approved {args.locale} {handouts}{also}: {done.cleared} suggestions now reviewed, "
          f"{done.already} were already; signed off by {args.reviewer.strip()} in "
          f"{done.record.relative_to(root)}")
    print(f"`python build.py --locale {args.locale} --material {args.material[0]}` prints it "
          "as final")
    return 0


def _cmd_proof(args: argparse.Namespace, root: Path) -> int:
    from handouts.context import Context
    from handouts.project import Project
    from handouts.translators.proof import proof

    path = proof(Context(Project(root)), _with_catalog(args.locale, root), args.material)
    print(f"wrote {path.relative_to(root)}: print it, mark each string, and return it")
    return 0


def _cmd_xliff_export(args: argparse.Namespace, root: Path) -> int:
    from handouts.context import Context
    from handouts.project import Project
    from handouts.translators.xliff import export

    path = export(Context(Project(root)), _with_catalog(args.locale, root))
    print(f"wrote {path.relative_to(root)}: send it to the translation vendor; import what "
          f"comes back with `python build.py xliff-import --locale {args.locale} FILE.xlf`")
    return 0


def _cmd_xliff_import(args: argparse.Namespace, root: Path) -> int:
    from handouts.context import Context
    from handouts.project import Project
    from handouts.translators.xliff import import_xliff

    done = import_xliff(Context(Project(root)), _with_catalog(args.locale, root), args.file)
    print(f"imported {args.file}: {done.translated} translations changed, {done.approval} "
          f"approvals changed, in {done.po.relative_to(root)}; `python build.py check --locale "
          f"{args.locale}` shows what is left")
    return 0


def _with_catalog(lang: str, root: Path) -> str:
    from handouts.project import has_catalog

    if not has_catalog(lang):
        raise UsageError(f"'{lang}' has no translation file")
    return lang


def _cmd_stats(args: argparse.Namespace, root: Path) -> int:
    from handouts.context import Context
    from handouts.project import Project
    from handouts.translators.review import format_stats, signoffs, stats

    context = Context(Project(root))
    rows = stats(context, args.locale)
    print(format_stats(rows, args.format, signoffs(context.project, rows)))
    return 0


def _cmd_resources(args: argparse.Namespace, root: Path) -> int:
    from handouts.content.provenance import format_report, reference_date, report
    from handouts.materials import MATERIALS

    for name in args.material or []:
        if name not in MATERIALS:
            raise UsageError(f"there is no material '{name}' (known: {', '.join(MATERIALS)})")
    today = reference_date()
    print(format_report(report(root / "content", args.material, today), args.format, today))
    return 0


def _cmd_watch(args: argparse.Namespace, root: Path) -> int:
    from handouts.project import Project
    from handouts.watch import watch

    return watch(Project(root), args.locale, materials=args.material, profile=args.profile,
                 once=args.once, describe=lambda problem: str(_relative(problem, root)))


def _cmd_doctor(args: argparse.Namespace, root: Path) -> int:
    from handouts.doctor import diagnose
    from handouts.project import Project

    findings = diagnose(Project(root))
    for finding in findings:
        print(finding)
    ready = all(f.ok for f in findings if f.needed)
    print("a build will work" if ready else "a build will not work until the MISSING items "
          "above are fixed")
    return 0 if ready else 1


def _resolve_languages(args: argparse.Namespace, root: Path) -> None:
    """Each language code typed (`zh-TW`, `hy-AM`, `fil`) -> the catalog it means
    (languages.py); a code that could mean two catalogs stops with the choices (exit 2)."""
    locale = getattr(args, "locale", None)
    third = getattr(args, "notice_language", None)
    if not locale and not third:
        return
    from handouts.languages import matches, resolve
    from handouts.project import PSEUDO_LOCALES, available_locales

    known = [*available_locales(root / "locales"), *PSEUDO_LOCALES]
    if isinstance(locale, list):
        args.locale = [resolve(code, known) for code in locale]
    elif locale:
        args.locale = resolve(locale, known)
    if third and matches(third, known):  # a language with no catalog: the notice says why
        args.notice_language = resolve(third, known)


def _relative(problem: Problem, root: Path) -> Problem:
    """Show paths the way the user sees them: relative to the project folder."""
    path = Path(problem.path) if problem.path is not None else None
    if path is not None and path.is_absolute() and path.is_relative_to(root):
        return replace(problem, path=path.relative_to(root))
    return problem


GLOBAL_OPTIONS = ("--debug", "-v", "--verbose", "-q", "--quiet")  # before the command's name

COMMANDS: dict[str, Callable[[argparse.Namespace, Path], int]] = {
    "build": _cmd_build,
    "extract": _cmd_extract,
    "update": _cmd_update,
    "init": _cmd_init,
    "compile": _cmd_compile,
    "check": _cmd_check,
    "stats": _cmd_stats,
    "approve": _cmd_approve,
    "proof": _cmd_proof,
    "xliff-export": _cmd_xliff_export,
    "xliff-import": _cmd_xliff_import,
    "watch": _cmd_watch,
    "doctor": _cmd_doctor,
    "resources": _cmd_resources,
}


# A write that failed because the disk (or the user's share of it) is full.
DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


def _reader_gone() -> int:
    """The program reading our output stopped (`stats | head -1`): end quietly, as Unix tools
    do, with nothing more written to the closed pipe, not even by Python's exit."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 128 + signal.SIGPIPE


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    """Run one command; `root` is the project folder (default: the current directory)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _build_parser()
    first = next((a for a in argv if not a.startswith("-")), None)
    if first not in COMMANDS and not {"-h", "--help", "--version"} & set(argv):
        argv.insert(next((i for i, a in enumerate(argv) if a not in GLOBAL_OPTIONS), len(argv)),
                    "build")
    args = parser.parse_args(argv)
    root = (root or Path.cwd()).resolve()
    try:
        if not (root / "content").is_dir() or not (root / "templates").is_dir():
            raise UsageError(f"{root} is not a handouts project folder: run this command in "
                             "the folder that holds content/, locales/ and templates/")
        _resolve_languages(args, root)
        with console(args.verbosity, hold_warnings=args.command != "watch"):
            code = COMMANDS[args.command](args, root)
        sys.stdout.flush()  # here, where a reader that went away is caught, not at exit
        return code
    except BrokenPipeError:
        return _reader_gone()
    except HandoutError as exc:
        if args.debug:
            raise
        for problem in exc.problems:
            print(_relative(problem, root), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        again = ("; the next build keeps the handouts this one finished and makes the rest"
                 if args.command == "build" else "")
        print(f"stopped; dist/ keeps the handouts from before{again}", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input: still no traceback unless --debug
        if args.debug:
            raise
        if isinstance(exc, OSError) and exc.errno in DISK_FULL:  # the machine, not the build
            print("no space left on the disk: free some space and build again",
                  file=sys.stderr)
            return 1
        print(f"internal error ({type(exc).__name__}: {exc}). This is a bug in the build, not "
              "in your files; dist/ keeps the handouts from before. Run again with --debug and "
              "send the output to whoever maintains the handouts.", file=sys.stderr)
        return 1
