"""Build orchestration: plan the outputs, render them (in parallel), publish them together.

Phase one checks everything cheap (content, catalogs, missing translations, HTML); phase two
lays out pages and writes PDFs into a staging folder; only when every output succeeded are they
moved into dist/. A failed build leaves dist/ exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import catalogs, pdf, render
from .content import Content, load_content, view
from .errors import HandoutError, Problem, UsageError
from .materials import MATERIALS, Spec

VARIANTS = ("desk", "print")


@dataclass(frozen=True)
class Project:
    """Where everything lives; every path the build reads or writes comes from here."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def locales(self) -> Path:
        return self.root / "locales"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def dist(self) -> Path:
        return self.root / "dist"

    @property
    def asset_roots(self) -> list[Path]:
        return [self.templates]


@dataclass(frozen=True)
class Job:
    """One PDF to make."""

    lang: str
    material: str
    variant: str
    profile: str | None
    draft: bool

    def relpath(self) -> Path:
        sub = Path(self.lang) / ("print" if self.variant == "print" else "")
        return sub / f"{self.material}.pdf"


@dataclass
class Outcome:
    job: Job
    problems: list[Problem] = field(default_factory=list)


def plan(project: Project, locales: list[str] | None, materials: list[str] | None,
         profile: str | None, draft: bool, content: Content) -> list[Job]:
    """Turn the command line's choices into jobs, refusing unknown names (exit 2)."""
    known_locales = catalogs.available_locales(project.locales)
    for lang in locales or []:
        if lang not in known_locales and lang not in catalogs.PSEUDO_LOCALES:
            names = ", ".join([*known_locales, *catalogs.PSEUDO_LOCALES])
            raise UsageError(f"there is no locale '{lang}' (known: {names}). To start one, run "
                             f"`python build.py init {lang}`.")
    for name in materials or []:
        if name not in MATERIALS:
            raise UsageError(f"there is no material '{name}' (known: {', '.join(MATERIALS)})")
    profile = profile or "la-county"
    if profile not in content.profiles:
        raise UsageError(f"there is no profile '{profile}' (known: "
                         f"{', '.join(sorted(content.profiles))}); add content/profiles/"
                         f"{profile}.yaml")
    names = [m for m in (materials or MATERIALS) if MATERIALS[m].source in content.materials]
    return [Job(lang, name, variant, profile if MATERIALS[name].uses_profile else None, draft)
            for lang in (locales or known_locales) for name in names for variant in VARIANTS]


# Per-process state: loaded once, reused for every job the process renders.
_STATE: dict[Path, tuple[Content, object]] = {}


def _state(project: Project) -> tuple[Content, object]:
    if project.root not in _STATE:
        _STATE[project.root] = (load_content(project.content), render.make_env(project.templates))
    return _STATE[project.root]


def prepare_html(project: Project, job: Job) -> str:
    """Content + catalog -> HTML for one job; raises on missing translations (unless draft)."""
    content, env = _state(project)
    spec: Spec = MATERIALS[job.material]
    tr = catalogs.translator_for(project.locales, job.lang, draft=job.draft)
    material_view = catalogs.localize(view(content, job.material, spec.source, job.profile), tr)
    html = render.render_html(env, spec, material_view, tr, variant=job.variant)  # type: ignore[arg-type]
    if tr.missing and not job.draft:
        path = catalogs.po_path(project.locales, job.lang).relative_to(project.root)
        raise HandoutError(*(Problem(f'no translation for "{msgid}"'
                                     + (f" (context {ctx})" if ctx else "")
                                     + f" used by {job.material}; translate it, or build with "
                                     "--draft to print a marked draft", path, None, "error",
                                     "untranslated")
                             for ctx, msgid in tr.missing))
    if job.draft and tr.missing:
        html = render.render_html(env, spec, material_view, tr, variant=job.variant,  # type: ignore[arg-type]
                                  extra={"draft_percent": tr.percent})
    return html


def run_job(project: Project, job: Job, staging: Path) -> Outcome:
    """Make one PDF into the staging folder; problems are returned, not raised."""
    label = f"{job.lang}/{job.material}" + (" (print)" if job.variant == "print" else "")
    try:
        html = prepare_html(project, job)
        variant = pdf.PRINT_VARIANT if job.variant == "print" else pdf.DESK_VARIANT
        document = pdf.layout(html, base=project.templates, roots=project.asset_roots,
                              variant=variant)
        spec = MATERIALS[job.material]
        spills = pdf.find_overflow(document, pages=spec.pages, fixed=spec.fixed)
        if spills:
            return Outcome(job, [Problem(f"{label}: {s}. Shorten the translation, or ask for "
                                         "the layout to change.", check="overflow")
                                 for s in spills])
        pdf.write_atomic(document, staging / job.relpath(), pdf_variant=variant)
    except HandoutError as exc:
        return Outcome(job, [Problem(f"{label}: {p.message}" if p.path is None else p.message,
                                     p.path, p.line, p.level, p.check) for p in exc.problems])
    return Outcome(job)


def build(project: Project, *, locales: list[str] | None = None,
          materials: list[str] | None = None, profile: str | None = None,
          draft: bool = False, jobs: int | None = None) -> list[Outcome]:
    """Build the chosen outputs; raise HandoutError (leaving dist/ untouched) if any fails."""
    content = load_content(project.content)
    todo = plan(project, locales, materials, profile, draft, content)
    for lang in {job.lang for job in todo}:
        catalogs.translator_for(project.locales, lang)  # a damaged catalog fails fast, once
    staging = _staging_dir(project.dist)
    try:
        workers = min(jobs or os.cpu_count() or 1, len(todo))
        if workers > 1:
            with ProcessPoolExecutor(workers) as pool:
                outcomes = list(pool.map(run_job, [project] * len(todo), todo,
                                         [staging] * len(todo)))
        else:
            outcomes = [run_job(project, job, staging) for job in todo]
        problems = [p for o in outcomes for p in o.problems]
        if problems:
            raise HandoutError(*_unique(problems))
        for outcome in outcomes:
            rel = outcome.job.relpath()
            (project.dist / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / rel, project.dist / rel)
        return outcomes
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def _staging_dir(dist: Path) -> Path:
    """A private folder inside dist/ (same disk, so moving a PDF into place is atomic)."""
    try:
        dist.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".staging-", dir=dist))
    except OSError as exc:
        raise HandoutError(Problem(f"cannot write the handouts here ({exc.strerror}); check the "
                                   "folder's permissions or free some disk space", dist)) from None
