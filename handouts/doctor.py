"""`python build.py doctor`: what a build needs from this machine, and how to fix what is missing.

Each check says what it found; a missing piece comes with the exact command that fixes it.
The answer is "a build will work" (exit 0) unless something the build needs is missing; the
browser is needed only by one test, so its absence is a warning.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from handouts.pdf.fonts import declared_fonts, named_in_stylesheets
from handouts.project import Project

MIN_PYTHON = (3, 11)
MIN_PANGO = (1, 44)
MIN_HARFBUZZ_SUBSET = (4, 1, 0)


@dataclass(frozen=True)
class Finding:
    """One thing the build needs: whether it is there, what was found, and the fix."""

    name: str
    ok: bool
    found: str
    fix: str = ""
    needed: bool = True  # False: only a test needs it; missing is a warning

    def __str__(self) -> str:
        status = "ok" if self.ok else ("MISSING" if self.needed else "warning")
        line = f"{status:8} {self.name}: {self.found}"
        return line + (f"\n         fix: {self.fix}" if self.fix and not self.ok else "")


def system_packages(root: Path) -> dict[str, list[str]]:
    """What needs which Debian packages, from system-packages.txt (its second column)."""
    needs: dict[str, list[str]] = {}
    listing = root / "system-packages.txt"
    lines = listing.read_text(encoding="utf-8").splitlines() if listing.exists() else []
    for line in lines:
        words = line.split("#", 1)[0].split()
        if len(words) >= 2:
            needs.setdefault(words[1], []).append(words[0])
    return needs


def _apt(packages: list[str]) -> str:
    sudo = "" if not hasattr(os, "geteuid") or os.geteuid() == 0 else "sudo "
    return f"{sudo}apt-get install -y {' '.join(packages)}  (or: sh install.sh)"


def diagnose(project: Project) -> list[Finding]:
    """Look at this machine and the project's fonts and profiles; changes nothing."""
    packages = system_packages(project.root)
    findings = [Finding("Python", sys.version_info[:2] >= MIN_PYTHON,
                        sys.version.split()[0],
                        f"install Python {'.'.join(map(str, MIN_PYTHON))} or newer")]
    findings += _renderer(packages)
    findings += _fonts(project)
    findings.append(Finding("colour profiles", all(p.is_file() for p in _profiles(project)),
                            ", ".join(_shown(project, p) for p in _profiles(project)),
                            "restore templates/color/ from git (git checkout -- templates/color)"))
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    findings.append(Finding("Chromium (only for the test that opens dist/index.html)",
                            bool(browser), browser or "not found",
                            _apt(packages.get("chromium", ["chromium"])), needed=False))
    separator = shutil.which("gs")
    findings.append(Finding("Ghostscript (only for the test that separates print PDFs into inks)",
                            bool(separator), separator or "not found",
                            _apt(packages.get("ghostscript", ["ghostscript"])), needed=False))
    return findings


def _renderer(packages: dict[str, list[str]]) -> list[Finding]:
    pango_fix = _apt(packages.get("pango", ["libpango-1.0-0", "libpangoft2-1.0-0"]))
    try:
        import weasyprint

        from handouts.pdf import weasy
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint found no Pango library
        reason = str(exc).splitlines()[0]
        fix = pango_fix if isinstance(exc, OSError) else "python -m pip install -e '.[test]'"
        return [Finding("WeasyPrint", False, f"cannot be loaded ({reason})", fix)]
    pango = weasy.pango_version()
    subset = weasy.has_harfbuzz_subset(MIN_HARFBUZZ_SUBSET)
    changed = weasy.version_problem()
    return [
        Finding("WeasyPrint", changed is None, changed or weasyprint.__version__,
                "`sh install.sh` installs the tested version (requirements.lock)", needed=False),
        Finding("Pango", pango[:2] >= MIN_PANGO, ".".join(map(str, pango)), pango_fix),
        Finding("HarfBuzz subsetting", subset,
                "found" if subset else "missing: fonts would be subset with fontTools, slower "
                "and soon unsupported by WeasyPrint",
                _apt(packages.get("harfbuzz-subset", ["libharfbuzz-subset0"]))),
    ]


def _fonts(project: Project) -> list[Finding]:
    from fontTools.ttLib import TTFont, TTLibError

    fonts = declared_fonts(project.templates)
    broken = []
    for path in fonts:
        try:
            TTFont(path, lazy=True)["cmap"]
        except (OSError, TTLibError, KeyError):
            broken.append(path)
    shown = ", ".join(_shown(project, p) for p in fonts) or "no @font-face fonts"
    if broken:
        shown = "missing or damaged: " + ", ".join(_shown(project, p) for p in broken)
    return [Finding("bundled fonts (the only ones a handout uses)", bool(fonts) and not broken,
                    shown, "restore them from git (git checkout -- templates/fonts)")]


def _profiles(project: Project) -> list[Path]:
    """The print PDFs' CMYK output profile (named in print.css) and their RGB profile."""
    return [*named_in_stylesheets(project.templates, ".icc"), project.rgb_profile]


def _shown(project: Project, path: Path) -> str:
    return str(path.relative_to(project.root)) if path.is_relative_to(project.root) else str(path)
