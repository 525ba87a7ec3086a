"""A job: one PDF to make. Planned by the build, read by every stage that makes it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handouts.project import DEFAULT_PROFILE, SOURCE_LOCALE

# The editions every build makes of a handout: for desk printers and screens (PDF/UA), and for
# print shops (PDF/X, with bleed and crop marks).
EDITIONS = ("desk", "print")
# Both editions are laid out once, from HTML made for both (pdf/editions.py): its `variant`.
BOTH = "both"
# A third kind of PDF, made only when asked for (--large-print): 18 pt and up, one column, as
# many pages as it takes, tagged like the desk PDF. Not one of EDITIONS.
LARGE_PRINT = "large-print"
# Drafts (--draft, and `watch`) live apart from the final handouts, under dist/drafts/<lang>/,
# so nobody prints one by its final file name; `watch` draws their pages in preview/ there.
DRAFTS = "drafts"
PREVIEW = "preview"


@dataclass(frozen=True)
class Job:
    """One PDF to make."""

    lang: str
    material: str
    edition: str  # "desk" or "print" (EDITIONS), or LARGE_PRINT
    profile: str | None
    draft: bool
    created: int = 0  # the date inside the PDF, seconds since 1970 (publishing/sourcedate.py)
    notice_language: str | None = None  # the notice's third language (i18n/notice.py)
    profile_data: str | None = None  # a school from a district's CSV (content/district.py), as JSON

    @property
    def school(self) -> bool:
        """A school's own handout, kept apart from the county's: dist/<lang>/schools/."""
        return self.profile is not None and self.profile != DEFAULT_PROFILE

    @property
    def languages(self) -> list[str]:
        """Every language the PDF prints: its own, and on the notice English, Spanish, one more."""
        if self.notice_language is None:
            return [self.lang]
        return languages_on_page(self.lang, self.notice_language)

    def relpath(self) -> Path:
        """Where in dist/ it goes: <lang>/[print/|large-print/][schools/]<name>.pdf, under
        drafts/ for a draft."""
        folder = Path(DRAFTS, self.lang) if self.draft else Path(self.lang)
        if self.edition != "desk":
            folder = folder / self.edition
        if self.school:
            return folder / "schools" / f"{self.profile}.pdf"
        return folder / f"{self.material}.pdf"

    @property
    def label(self) -> str:
        name = f"schools/{self.profile}" if self.school else self.material
        kinds = [kind for kind in (self.edition != "desk" and self.edition,
                                   self.draft and "draft") if kind]
        return f"{self.lang}/{name}" + (f" ({', '.join(kinds)})" if kinds else "")


# The Civil Code 52.6 notice prints English and Spanish, and one more language (i18n/notice.py).
NOTICE_REQUIRED = (SOURCE_LOCALE, "es")


def languages_on_page(lead: str, third: str) -> list[str]:
    """The page's languages, the one of its folder in dist/ first."""
    return list(dict.fromkeys([lead, *NOTICE_REQUIRED, third]))
