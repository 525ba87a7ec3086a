"""Live preview for translators: `build.py watch --locale es` rebuilds after every save.

It polls file times twice a second (no extra dependency; works the same on every system and on
shared drives). After each save of the locale's .po file, a content file, a template or a
stylesheet, it rebuilds that locale's PDFs, draws each page as a PNG in
dist/drafts/<lang>/preview/ and prints the translation check, so a translator sees their
words on the page within seconds.

Builds are drafts: strings not translated yet print in English, highlighted, under a DRAFT
mark, instead of stopping the build. They live apart from the final PDFs, in dist/drafts/.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from handouts.context import Context
from handouts.errors import HandoutError, Problem
from handouts.files import replacing
from handouts.i18n.checks import EntryProblem
from handouts.jobs import DRAFTS, PREVIEW
from handouts.materials import MATERIALS
from handouts.project import Project

POLL_SECONDS = 0.5
PREVIEW_DPI = 110  # readable on a laptop screen, ~100 KB a page


def watched(project: Project, lang: str) -> dict[Path, int]:
    """Every file whose change shows on the page -> its modification time."""
    files = [project.po_path(lang), *project.content.rglob("*.yaml"),
             *(p for p in project.templates.rglob("*") if p.is_file())]
    times = {}
    for path in files:
        try:
            times[path] = path.stat().st_mtime_ns
        except FileNotFoundError:  # the source locale has no .po; an editor may be mid-save
            continue
    return times


def watch(project: Project, lang: str, *, materials: list[str] | None, profile: str | None,
          once: bool, describe: Callable[[Problem], str] = str) -> int:
    """Rebuild on every change until Ctrl-C; with `once`, one round (exit 1 on any error)."""
    from handouts.publishing.plan import plan

    plan(Context(project), [lang], materials, profile, True)  # an unknown name stops here (exit 2)
    seen: dict[Path, int] = {}
    last: list[Problem] | None = None  # the check of the last round: later rounds say what changed
    try:
        while True:
            now = watched(project, lang)
            if now != seen:
                seen = now  # taken before building: a save during the build starts another
                ok, last = rebuild(project, lang, materials, profile, describe, last)
                if once:
                    return 0 if ok else 1
                print(f"Watching for saved changes to the {lang} translation, content and "
                      "templates. Press Ctrl-C to stop.", flush=True)
            time.sleep(POLL_SECONDS)
    except KeyboardInterrupt:
        print("Stopped watching.", flush=True)
        return 0


def rebuild(project: Project, lang: str, materials: list[str] | None, profile: str | None,
            describe: Callable[[Problem], str], last: list[Problem] | None = None
            ) -> tuple[bool, list[Problem]]:
    """One round: build, draw previews, check; print what a translator needs.

    Returns whether it was clean, and the check's problems; given the last round's (`last`),
    it prints only what changed since then.
    """
    context = Context(project)  # sees the files as saved now
    try:
        return _round(context, lang, materials, profile, describe, last)
    finally:
        context.close()


def _round(context: Context, lang: str, materials: list[str] | None, profile: str | None,
           describe: Callable[[Problem], str], last: list[Problem] | None
           ) -> tuple[bool, list[Problem]]:
    from handouts.publishing.pipeline import build

    project = context.project
    start = time.perf_counter()
    print(f"\n[{time.strftime('%H:%M:%S')}] building {lang} ...", flush=True)
    build_problems: list[Problem] = []
    try:
        report = build(context, locales=[lang], materials=materials, profile=profile,
                       draft=True)
    except HandoutError as exc:
        build_problems = exc.problems
        built = 0
    else:
        built = len(report.built)
    pages = previews(project, lang, materials or list(MATERIALS))
    check_problems, check_report = _check(context, lang, materials, last, describe)
    if check_report:
        print(check_report, flush=True)
    for problem in build_problems:
        if problem not in check_problems:
            print(describe(problem), flush=True)
    folder = (project.dist / DRAFTS / lang / PREVIEW).relative_to(project.root)
    if build_problems:
        print("Not rebuilt: fix the errors above and save again. The previews in "
              f"{folder}/ show the last good build.", flush=True)
    else:
        print(f"{built} PDFs rebuilt, previews in {folder}/ ({len(pages)} pages) in "
              f"{time.perf_counter() - start:.1f} s", flush=True)
    clean = not build_problems and not any(p.level == "error" for p in check_problems)
    return clean, check_problems


def _check(context: Context, lang: str, materials: list[str] | None,
           last: list[Problem] | None, describe: Callable[[Problem], str]
           ) -> tuple[list[Problem], str]:
    """The problems `build.py check --locale LANG` finds, and what to print of them: the
    whole report the first time, then only what changed since the last round."""
    from handouts.i18n.catalogs import translated_locales
    from handouts.translators.check_report import changes, totals
    from handouts.translators.review import check, format_problems, printed_by

    if lang not in translated_locales(context.project):
        return [], ""
    try:
        problems = check(context, [lang], materials)
    except HandoutError as exc:  # a damaged .po file: its problems say where
        return exc.problems, "\n".join(map(describe, exc.problems))
    if last is None or not all(isinstance(p, EntryProblem) for p in last):
        *said, _ = format_problems(problems, "text", printed_by(context, materials)).split("\n")
    else:
        said = changes(last, problems) or ["nothing changed since the last save"]  # type: ignore[arg-type]
    return problems, "\n".join([*said, f"check: {totals(problems)}"])


def previews(project: Project, lang: str, materials: list[str]) -> list[Path]:
    """Draw every page of the locale's draft desk PDFs as
    dist/drafts/<lang>/preview/<material>-<page>.png.

    A page is drawn again only when its PDF is newer than the picture.
    """
    import pypdfium2 as pdfium

    folder = project.dist / DRAFTS / lang / PREVIEW
    drawn = []
    for name in materials:
        source = project.dist / DRAFTS / lang / f"{name}.pdf"
        if not source.is_file():
            continue
        pdf = pdfium.PdfDocument(source)
        try:
            for number in range(1, len(pdf) + 1):
                target = folder / f"{name}-{number}.png"
                drawn.append(target)
                if target.exists() and target.stat().st_mtime_ns > source.stat().st_mtime_ns:
                    continue
                with replacing(target) as tmp:
                    pdf[number - 1].render(scale=PREVIEW_DPI / 72).to_pil().save(tmp, format="PNG")
            for old in folder.glob(f"{name}-*.png"):  # pages the handout no longer has
                if old not in drawn and old.stem.removeprefix(f"{name}-").isdigit():
                    old.unlink()
        finally:
            pdf.close()
    return drawn
