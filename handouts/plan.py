"""Planning: which PDFs to make, and a fingerprint of every input each one depends on.

Light on purpose (no WeasyPrint, Babel, Jinja2 or pydantic), so `build.py` with nothing to
rebuild answers in a fraction of a second.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .errors import UsageError
from .materials import MATERIALS
from .project import DEFAULT_PROFILE, PSEUDO_LOCALES, SOURCE_LOCALE, Project, no_such_locale

VARIANTS = ("desk", "print")


@dataclass(frozen=True)
class Job:
    """One PDF to make."""

    lang: str
    material: str
    variant: str
    profile: str | None
    draft: bool

    def relpath(self) -> Path:
        folder = Path(self.lang) / "print" if self.variant == "print" else Path(self.lang)
        return folder / f"{self.material}.pdf"

    @property
    def label(self) -> str:
        return f"{self.lang}/{self.material}" + (" (print)" if self.variant == "print" else "")


def plan(project: Project, locales: list[str] | None, materials: list[str] | None,
         profile: str | None, draft: bool) -> list[Job]:
    """Turn the command line's choices into jobs, refusing unknown names (exit 2)."""
    known_locales = project.locales_available()
    for lang in locales or []:
        if lang not in known_locales and lang not in PSEUDO_LOCALES:
            raise no_such_locale(lang, [*known_locales, *PSEUDO_LOCALES])
    for name in materials or []:
        if name not in MATERIALS:
            raise UsageError(f"there is no material '{name}' (known: {', '.join(MATERIALS)})")
    profile = profile or DEFAULT_PROFILE
    if profile not in project.profiles_available():
        raise UsageError(f"there is no profile '{profile}' (known: "
                         f"{', '.join(project.profiles_available())}); to add one, copy "
                         f"content/profiles/example-school.yaml to content/profiles/{profile}.yaml")
    names = materials or list(MATERIALS)
    return [Job(lang, name, variant, profile if MATERIALS[name].uses_profile else None, draft)
            for lang in dict.fromkeys(locales or known_locales) for name in dict.fromkeys(names)
            for variant in VARIANTS]


def _digest(paths: list[Path]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(paths):
        h.update(str(path).encode())
        h.update(path.read_bytes() if path.is_file() else b"<missing>")
    return h.hexdigest()


def _files(folder: Path, pattern: str = "**/*") -> list[Path]:
    return [p for p in folder.glob(pattern) if p.is_file() and "__pycache__" not in p.parts]


class Fingerprints:
    """Hashes of each group of inputs, computed once per build and combined per job."""

    def __init__(self, project: Project, options: str = "") -> None:
        self.project = project
        code = Path(__file__).resolve().parent
        self.shared = _digest([*_files(code, "*.py"),
                               *[p for p in _files(project.content, "**/*.yaml")
                                 if "profiles" not in p.relative_to(project.content).parts],
                               *_files(project.templates)]) + __version__ + options
        self._catalogs: dict[str, str] = {}

    def catalog(self, lang: str) -> str:
        if lang not in self._catalogs:
            if lang == SOURCE_LOCALE or lang in PSEUDO_LOCALES:
                self._catalogs[lang] = lang
            else:
                self._catalogs[lang] = _digest([self.project.po_path(lang)])
        return self._catalogs[lang]

    def of(self, job: Job) -> str:
        profile = (_digest([self.project.content / "profiles" / f"{job.profile}.yaml"])
                   if job.profile else "")
        parts = (self.shared, self.catalog(job.lang), profile, job.variant, str(job.draft))
        return hashlib.blake2b("|".join(parts).encode(), digest_size=16).hexdigest()
