"""Where everything lives, and which locales, materials and profiles exist.

Light on purpose: it imports nothing heavy, so a build with nothing to do stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handouts.errors import HandoutError, Problem, UsageError

SOURCE_LOCALE = "en"
PSEUDO_LOCALES = ("en-XA", "ar-XB")
DEFAULT_PROFILE = "la-county"
# In dist/: what each output was built from, rewritten by every build that publishes something.
STATE_FILE = ".build-state.json"


@dataclass(frozen=True)
class Project:
    """The project folder; every path the build reads or writes comes from here."""

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
    def rgb_profile(self) -> Path:
        """What RGB colours mean in a print PDF (PDF/X-4's DefaultRGB): ICC's sRGB."""
        return confined(self.templates / "color" / "sRGB2014.icc", self.templates)

    @property
    def dist(self) -> Path:
        return self.root / "dist"

    @property
    def asset_roots(self) -> list[Path]:
        """The only folders the renderer may read: templates, with their fonts and images."""
        return [self.templates]

    def po_path(self, lang: str) -> Path:
        return po_path(self.locales, lang)

    def locales_available(self) -> list[str]:
        return available_locales(self.locales)

    def profiles_available(self) -> list[str]:
        return sorted(p.stem for p in (self.content / "profiles").glob("*.yaml"))


def has_catalog(lang: str) -> bool:
    """Whether a locale is translated in a .po file (English and pseudo-locales are not)."""
    return lang != SOURCE_LOCALE and lang not in PSEUDO_LOCALES


def no_such_locale(lang: str, known: list[str]) -> UsageError:
    """The one message for a --locale nobody has started, naming the way to start it."""
    return UsageError(f"there is no locale '{lang}' (known: {', '.join(known) or 'none'}). "
                      f"To start one, run `python build.py init {lang}`.")


def base_language(lang: str) -> str:
    """The language without its region or script: "fa" for fa_IR, fa-IR or fa."""
    return lang.replace("_", "-").split("-")[0].lower()


def language_tag(lang: str) -> str:
    """The locale as HTML and PDF want it (BCP 47): pt_BR, the gettext spelling, is pt-BR."""
    return lang.replace("_", "-")


def po_path(locales: Path, lang: str) -> Path:
    """A locale's catalog, refused (`confined`) if a link or the locale's name (--locale,
    --notice-language, `init`) leads out of locales/."""
    return confined(locales / lang / "LC_MESSAGES" / "messages.po", locales)


def confined(path: Path, folder: Path) -> Path:
    """`path`, if it stays inside `folder` once every symbolic link and `..` in it is followed;
    else a HandoutError naming it.

    Every reader of the project's files asks this first: content YAML and profiles (content/),
    catalogs (locales/), templates and stylesheets (templates/), a district's list (the project
    folder). A link or a name never makes the build read, or print, a file from elsewhere.
    WeasyPrint's own reads go through pdf/fetch.py, which holds to templates/ the same way.
    """
    target = path.resolve()
    if target.is_relative_to(folder.resolve()):
        return path
    raise HandoutError(Problem(
        f"this is outside {folder} (it leads to {target}); the build reads only files inside "
        "the project: put the file itself there, not a link to it", path))


def available_locales(locales: Path) -> list[str]:
    """English (the source) and every locale with a catalog, in a stable order."""
    found = sorted(p.parent.parent.name for p in locales.glob("*/LC_MESSAGES/messages.po"))
    return [SOURCE_LOCALE, *[lang for lang in found if lang != SOURCE_LOCALE]]
