"""Fingerprints: a hash of every input a PDF depends on, so an unchanged PDF is not made again.

Light on purpose (no WeasyPrint, Babel, Jinja2 or pydantic), so `build.py` with nothing to
rebuild answers in a fraction of a second.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from handouts import __version__
from handouts.jobs import Job
from handouts.project import PSEUDO_LOCALES, SOURCE_LOCALE, Project, confined


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
        inputs = [*[p for p in _files(project.content, "**/*.yaml")
                    if "profiles" not in p.relative_to(project.content).parts],
                  *_files(project.templates)]
        for path in inputs:  # not even hashed when a link leads out of the project
            confined(path, project.root)
        self.shared = _digest([*_files(code, "**/*.py"), *_files(code, "**/*.conf"),  # fontconfig
                               *inputs]) + __version__ + renderer_versions()
        self.options = options  # how, not from what: --keep-html
        self._catalogs: dict[str, str] = {}
        self._profiles: dict[str, str] = {}

    def catalog(self, lang: str) -> str:
        if lang not in self._catalogs:
            if lang == SOURCE_LOCALE or lang in PSEUDO_LOCALES:
                self._catalogs[lang] = lang
            else:
                self._catalogs[lang] = _digest([self.project.po_path(lang)])
        return self._catalogs[lang]

    def profile(self, name: str) -> str:
        if name not in self._profiles:
            self._profiles[name] = _digest([confined(
                self.project.content / "profiles" / f"{name}.yaml", self.project.content)])
        return self._profiles[name]

    def of(self, job: Job) -> str:
        """Whether to make the PDF again: its inputs, how it is made and the date inside."""
        profile = job.profile_data or (self.profile(job.profile) if job.profile else "")
        parts = (self.shared + self.options, *(self.catalog(lang) for lang in job.languages),
                 profile, job.edition, str(job.draft), str(job.created))
        return hashlib.blake2b("|".join(parts).encode(), digest_size=16).hexdigest()

    def inputs(self, job: Job) -> dict:
        """What the PDF is made from, kept in the build's state so a later build that does not
        make it can still tell whether it was made from that build's inputs (`current`)."""
        return {"shared": self.shared,
                "languages": job.languages,
                "catalogs": [self.catalog(lang) for lang in job.languages],
                # a school of a district's CSV is made from its row, which no later build sees
                "profile": None if job.profile_data or not job.profile else job.profile,
                "profile_digest": self.profile(job.profile)
                if job.profile and not job.profile_data else None}

    def current(self, inputs: object) -> bool:
        """Whether a PDF made from `inputs` (a state record, `inputs`) is what today's inputs
        make: the same code, content, templates, catalogs and profile file."""
        if not isinstance(inputs, dict) or inputs.get("shared") != self.shared:
            return False
        languages, catalogs = inputs.get("languages"), inputs.get("catalogs")
        if not isinstance(languages, list) or not isinstance(catalogs, list) or \
                [self.catalog(str(lang)) for lang in languages] != catalogs:
            return False
        name = inputs.get("profile")
        return not name or self.profile(str(name)) == inputs.get("profile_digest")
