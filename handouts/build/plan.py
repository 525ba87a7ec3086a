"""Planning: which PDFs to make, and a fingerprint of every input each one depends on.

Light on purpose (no WeasyPrint, Babel, Jinja2 or pydantic), so `build.py` with nothing to
rebuild answers in a fraction of a second.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from handouts import __version__
from handouts.errors import UsageError
from handouts.materials import MATERIALS
from handouts.project import DEFAULT_PROFILE, PSEUDO_LOCALES, SOURCE_LOCALE, Project, no_such_locale
from handouts.build.sourcedate import source_dates

VARIANTS = ("desk", "print")
# A third kind of PDF, made only when asked for (--large-print): 18 pt and up, one column, as
# many pages as it takes, tagged like the desk PDF. Not one of VARIANTS, which every build makes.
LARGE_PRINT = "large-print"


@dataclass(frozen=True)
class Job:
    """One PDF to make."""

    lang: str
    material: str
    variant: str  # "desk" or "print" (VARIANTS), or LARGE_PRINT
    profile: str | None
    draft: bool
    created: int = 0  # the date inside the PDF, seconds since 1970 (sourcedate.py)
    notice_language: str | None = None  # the notice's third language (notice.py)
    profile_data: str | None = None  # a school from a district's CSV (district.py), as JSON

    @property
    def school(self) -> bool:
        """A school's own handout, kept apart from the county's: dist/<lang>/schools/."""
        return self.profile is not None and self.profile != DEFAULT_PROFILE

    @property
    def languages(self) -> list[str]:
        """Every language the PDF prints: its own, and on the notice English, Spanish, one more."""
        if self.notice_language is None:
            return [self.lang]
        from handouts.i18n.notice import languages_on_page

        return languages_on_page(self.lang, self.notice_language)

    def relpath(self) -> Path:
        folder = Path(self.lang) if self.variant == "desk" else Path(self.lang) / self.variant
        if self.school:
            return folder / "schools" / f"{self.profile}.pdf"
        return folder / f"{self.material}.pdf"

    @property
    def label(self) -> str:
        name = f"schools/{self.profile}" if self.school else self.material
        return f"{self.lang}/{name}" + ("" if self.variant == "desk" else f" ({self.variant})")


def plan(project: Project, locales: list[str] | None, materials: list[str] | None,
         profile: str | None, draft: bool, notice_language: str | None = None,
         skipped: list[str] | None = None, schools: list | None = None,
         large_print: bool = False) -> list[Job]:
    """Turn the command line's choices into jobs, refusing unknown names (exit 2).

    The trafficking notice needs a third language ready to print (notice.py): asked for by
    name, it stops the build if that language is not ready; in a build of every handout it is
    left out, and the reason added to `skipped` for the summary. With `schools` (a
    district's CSV, district.py) the school handout is made once per school instead. With
    `large_print`, the materials that have a large-print edition get one too.
    """
    known_locales = project.locales_available()
    for lang in locales or []:
        if lang not in known_locales and lang not in PSEUDO_LOCALES:
            raise no_such_locale(lang, [*known_locales, *PSEUDO_LOCALES])
    for name in materials or []:
        if name not in MATERIALS:
            raise UsageError(f"there is no material '{name}' (known: {', '.join(MATERIALS)})")
    profile = profile or DEFAULT_PROFILE
    if schools is None and profile not in project.profiles_available():
        raise UsageError(f"there is no profile '{profile}' (known: "
                         f"{', '.join(project.profiles_available())}); to add one, copy "
                         f"content/profiles/example-school.yaml to content/profiles/{profile}.yaml")
    names = list(dict.fromkeys(materials or MATERIALS))
    third = None
    if any(MATERIALS[name].statutory for name in names):
        from handouts.i18n.notice import chosen_language, why_not

        third = chosen_language(project, notice_language, profile)
        reason = why_not(project, third, draft)
        if reason and materials:
            raise UsageError(reason)
        if reason:
            names = [name for name in names if not MATERIALS[name].statutory]
            if skipped is not None:
                skipped.append(f"trafficking-notice not built: {reason}")
    if large_print and materials and skipped is not None:
        skipped += [f"{name} has no large-print edition (only {_with_large_print()} do)"
                    for name in names if not MATERIALS[name].large_print]
    langs = list(dict.fromkeys(locales or known_locales))
    dates = source_dates(project.root, list(dict.fromkeys([*langs, "es", third or "en"])))
    jobs = []
    for lang in langs:
        for name in names:
            spec = MATERIALS[name]
            job = Job(lang, name, "desk", profile if spec.uses_profile else None, draft,
                      notice_language=third if spec.statutory else None)
            created = max(dates.get(each, dates[lang]) for each in job.languages)
            each = [job] if schools is None or not spec.uses_profile else \
                [replace(job, profile=s.slug, profile_data=s.profile) for s in schools]
            kinds = (*VARIANTS, LARGE_PRINT) if large_print and spec.large_print else VARIANTS
            jobs += [replace(one, variant=variant, created=created)
                     for one in each for variant in kinds]
    return jobs


def _with_large_print() -> str:
    return ", ".join(name for name, spec in MATERIALS.items() if spec.large_print)


def renderer_versions() -> str:
    """WeasyPrint and the libraries it draws with: upgrading any of them rebuilds everything.

    Read without importing WeasyPrint (its start-up is what a no-op build avoids).
    """
    import ctypes
    import ctypes.util
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package in ("weasyprint", "pydyf", "fonttools", "tinycss2", "tinyhtml5"):
        try:
            found.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            found.append(f"{package} missing")
    for library, call in (("pango-1.0", "pango_version_string"),
                          ("harfbuzz", "hb_version_string"),
                          ("harfbuzz-subset", "hb_subset_input_create_or_fail")):
        function = None
        for name in (f"lib{library}.so.0", ctypes.util.find_library(library)):
            try:
                function = getattr(ctypes.CDLL(name), call) if name else None
                break
            except (OSError, AttributeError):
                continue
        if function is not None and call.endswith("string"):
            function.restype = ctypes.c_char_p
            found.append(f"{library} {function().decode()}")
        else:
            found.append(f"{library} {'present' if function else 'missing'}")
    return "; ".join(found)


BIG = 1_000_000  # bytes: a file this large (a Chinese font) is known by its size and time


def _digest(paths: list[Path]) -> str:
    """Hash what each file holds; a big file by its size and modification time instead, so a
    build with nothing to do does not read 50 MB of fonts (replacing one changes its time)."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(paths):
        h.update(str(path).encode())
        if not path.is_file():
            h.update(b"<missing>")
        elif (stat := path.stat()).st_size >= BIG:
            h.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
        else:
            h.update(path.read_bytes())
    return h.hexdigest()


def _files(folder: Path, pattern: str = "**/*") -> list[Path]:
    return [p for p in folder.glob(pattern) if p.is_file() and "__pycache__" not in p.parts]


class Fingerprints:
    """Hashes of each group of inputs, computed once per build and combined per job."""

    def __init__(self, project: Project, options: str = "") -> None:
        self.project = project
        code = Path(__file__).resolve().parent.parent  # the whole handouts package
        self.shared = _digest([*_files(code, "**/*.py"),
                               *[p for p in _files(project.content, "**/*.yaml")
                                 if "profiles" not in p.relative_to(project.content).parts],
                               *_files(project.templates)]) + __version__ + options + \
            renderer_versions()
        self._catalogs: dict[str, str] = {}

    def catalog(self, lang: str) -> str:
        if lang not in self._catalogs:
            if lang == SOURCE_LOCALE or lang in PSEUDO_LOCALES:
                self._catalogs[lang] = lang
            else:
                self._catalogs[lang] = _digest([self.project.po_path(lang)])
        return self._catalogs[lang]

    def of(self, job: Job) -> str:
        profile = job.profile_data or \
            (_digest([self.project.content / "profiles" / f"{job.profile}.yaml"])
             if job.profile else "")
        parts = (self.shared, *(self.catalog(lang) for lang in job.languages), profile,
                 job.variant, str(job.draft), str(job.created))
        return hashlib.blake2b("|".join(parts).encode(), digest_size=16).hexdigest()
