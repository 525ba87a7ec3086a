"""The catalog page, dist/index.html: every handout in dist/, a thumbnail per language.

Outreach staff and schools open it from a USB stick or on a phone, with no server and no
network: one static file with inline CSS, relative links, and PNG thumbnails in dist/thumbs/.

Light to import on purpose (Jinja2, Babel, pypdfium2 and Pillow load only when the page is
written), because the build calls `write_index` even when there was nothing to rebuild.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from handouts.errors import HandoutError
from handouts.files import write_bytes
from handouts.jobs import DRAFTS, LARGE_PRINT
from handouts.languages import label
from handouts.materials import MATERIALS
from handouts.project import PSEUDO_LOCALES, SOURCE_LOCALE, STATE_FILE, Project, has_catalog
from handouts.publishing import thumbnails
from handouts.publishing.publish import read_state

if TYPE_CHECKING:
    from handouts.i18n.stats import Stats

INDEX = "index.html"
SCHOOLS = "schools"  # each school's own school handout, in dist/<lang>/schools/
PAGE_TEMPLATE = Path(__file__).with_name("index_page.html.j2")

# What staff need to pick the right handout; the PDFs' own titles are shown in each language.
ABOUT = {
    "fact-sheet": ("Fact sheet", "For families and community members: what CSEC is, warning "
                                 "signs, what to do and where to get help."),
    "brochure": ("Tri-fold brochure", "For youth and families, at outreach tables and in "
                                      "waiting rooms. Print both sides, fold in three."),
    "hotline-card": ("Hotline card", "A discreet wallet card with the hotline numbers, front "
                                     "and back."),
    "hotline-card-sheet": ("Hotline cards, sheet of 8", "Eight wallet cards on one sheet: print "
                                                        "both sides and cut along the marks."),
    "school-handout": ("School handout (AB 1227)", "For students and parents at California "
                                                   "schools, with the school's own contacts."),
    "trafficking-notice": ("Human trafficking notice (Civil Code 52.6)",
                           "The hotline notice many California businesses must post: English, "
                           "Spanish and a third language, every word 16 pt or larger."),
}


@dataclass(frozen=True)
class Edition:
    """One handout in one language, as found in dist/."""

    lang: str
    language: str
    title: str
    status: str
    pages: int
    desk: str  # links, relative to dist/
    desk_size: str
    print: str | None
    print_size: str | None
    large_print: str | None  # built only with --large-print
    large_print_size: str | None
    thumb: str
    thumb_width: int
    thumb_height: int
    draft: bool = False  # in dist/drafts/: not for printing as final


@dataclass(frozen=True)
class Card:
    """One handout, with every language it was built in."""

    name: str
    label: str
    about: str
    paper: str
    editions: list[Edition]
    checks: str = ""  # when its numbers were confirmed, from content/resources.yaml
    schools: tuple[School, ...] = ()  # schools' own editions (dist/<lang>/schools/)


@dataclass(frozen=True)
class Translation:
    """One language's catalog: which handouts print as final, which only as drafts."""

    lang: str
    language: str
    final: list[str]
    drafts: list[str]  # "Fact sheet (12 of 90 reviewed)"
    approved: list[str]  # "Hotline card: Nguyen Van An, 2026-12-03" (i18n/signoff.py)


@dataclass(frozen=True)
class School:
    """One school's own school handout, in every language it was built in."""

    name: str  # its file name in dist/<lang>/schools/, without .pdf
    # (language, desk link, print link or None, large-print link or None)
    links: tuple[tuple[str, str, str | None, str | None], ...]


def _checks_said(oldest: object, never: int) -> str:
    """"Numbers last confirmed: oldest 2026-12-02; 1 never confirmed" for staff."""
    parts = []
    if oldest is not None:
        parts.append(f"oldest confirmation {oldest}")
    if never:
        parts.append(f"{never} resource{'s' if never != 1 else ''} never confirmed")
    return "Numbers on it: " + "; ".join(parts) if parts else ""


def write_index(project: Project, stats: Callable[[list[str]], list[Stats]]) -> Path | None:
    """Write dist/index.html from what dist/ holds; skip when it is already up to date.

    `stats` gives the translation rows (i18n/stats.py) of the languages asked for; the build
    hands in its context's, so the strings each handout prints are found once per build.

    Up to date means newer than the last build that published something and than the page's
    template, so a build with nothing to do costs two `stat` calls.
    """
    dist = project.dist
    index = dist / INDEX
    if _mtime(index) >= max(_mtime(dist / STATE_FILE), _mtime(PAGE_TEMPLATE)):
        return None
    rows = _catalog_rows(project, stats)
    cards = _cards(project, rows)
    html = _render(cards, _translations(project, rows), _updated(dist))
    write_bytes(index, html.encode("utf-8"))
    return index


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return -1


def _languages(dist: Path) -> list[str]:
    """Language folders in dist/ (or dist/drafts/): English first, real translations, then
    pseudo-locales."""
    found = [p.name for p in dist.iterdir()
             if p.is_dir() and not p.name.startswith(".")
             and p.name not in (thumbnails.FOLDER, DRAFTS)
             and (any(p.glob("*.pdf")) or any(p.glob(f"{SCHOOLS}/*.pdf")))] \
        if dist.is_dir() else []
    return sorted(found, key=lambda lang: (lang != SOURCE_LOCALE, lang in PSEUDO_LOCALES, lang))


def _cards(project: Project, rows: list[Stats] | None) -> list[Card]:
    import pypdfium2 as pdfium

    dist = project.dist
    # (folder, language, draft): the final handouts, then the drafts (dist/drafts/<lang>/)
    folders = [(dist, lang, False) for lang in _languages(dist)] + \
        [(dist / DRAFTS, lang, True) for lang in _languages(dist / DRAFTS)]
    langs = list(dict.fromkeys(lang for _, lang, _ in folders))
    status = _statuses(langs, rows)
    names = _language_names(langs)
    on_page = _languages_on_page(dist)
    wanted: set[Path] = set()
    cards = []
    checks = _oldest_checks(project)
    for name in MATERIALS:
        editions, paper = [], ""
        for base, lang, draft in folders:
            desk = base / lang / f"{name}.pdf"
            if not desk.is_file():
                continue
            printed = base / lang / "print" / f"{name}.pdf"
            large = base / lang / LARGE_PRINT / f"{name}.pdf"
            thumb = thumbnails.path_for(dist, desk.relative_to(dist))
            wanted.add(thumb)
            said = status.get((lang, name), "")
            if desk in on_page:  # the notice: every language it prints
                said = _notice_said(on_page[desk], reviewed=not draft)
            if draft:
                said = f"Draft, not for printing{': ' + said if said else ''}"
            pdf = pdfium.PdfDocument(desk)
            try:
                width, height = pdf.get_page_size(0)  # without parsing the page
                paper = paper or _paper(width, height)
                thumb_size = _thumbnail(desk, thumb)
                editions.append(Edition(
                    lang=lang, language=names[lang],
                    title=pdf.get_metadata_dict().get("Title", "").strip(),
                    status=said, pages=len(pdf),
                    desk=_link(desk, dist), desk_size=_size(desk),
                    print=_link(printed, dist) if printed.is_file() else None,
                    print_size=_size(printed) if printed.is_file() else None,
                    large_print=_link(large, dist) if large.is_file() else None,
                    large_print_size=_size(large) if large.is_file() else None,
                    thumb=_link(thumb, dist), thumb_width=thumb_size[0],
                    thumb_height=thumb_size[1], draft=draft))
            finally:
                pdf.close()
        schools = _schools(dist, folders, names) if MATERIALS[name].uses_profile else ()
        if editions or schools:
            label, about = ABOUT.get(name, (name.replace("-", " ").capitalize(), ""))
            cards.append(Card(name, label, about, paper or _paper(612, 792), editions,
                              _checks_said(*checks[name]) if name in checks else "", schools))
    for old in (dist / thumbnails.FOLDER).rglob("*.png"):  # handouts no longer in dist/
        if old not in wanted:
            old.unlink()
    return cards


def _schools(dist: Path, folders: list[tuple[Path, str, bool]], names: dict[str, str]
             ) -> tuple[School, ...]:
    """Each school's handouts (--profile, --profiles), grouped by school; drafts apart."""
    found: dict[str, list[tuple[str, str, str | None, str | None]]] = {}
    for base, lang, draft in folders:
        for desk in sorted((base / lang / SCHOOLS).glob("*.pdf")):
            printed, large = (base / lang / kind / SCHOOLS / desk.name
                              for kind in ("print", LARGE_PRINT))
            found.setdefault(f"{desk.stem} (draft, not for printing)" if draft else desk.stem,
                             []).append(
                (names[lang], _link(desk, dist),
                 _link(printed, dist) if printed.is_file() else None,
                 _link(large, dist) if large.is_file() else None))
    return tuple(School(name, tuple(links)) for name, links in sorted(found.items()))


def _languages_on_page(dist: Path) -> dict[Path, list[str]]:
    """Each desk PDF that prints more than one language (the notice) -> those languages, as
    the build recorded them (publish.read_state)."""
    found = {}
    for rel, entry in read_state(dist).items():
        languages = (entry.get("inputs") or {}).get("languages")
        if isinstance(languages, list) and len(languages) > 1:
            found[dist / rel] = [str(lang) for lang in languages]
    return found


def _notice_said(languages: list[str], reviewed: bool) -> str:
    """"English, Español (Spanish) and 한국어 (Korean) on one page, each fully reviewed"."""
    said = [label(lang) for lang in languages]
    return f"{', '.join(said[:-1])} and {said[-1]} on one page" + \
        (", each fully reviewed" if reviewed else "")


def _oldest_checks(project: Project) -> dict:
    from handouts.content.provenance import oldest_checks

    try:
        return oldest_checks(project.content)
    except (HandoutError, OSError):
        return {}


def _thumbnail(source: Path, target: Path) -> tuple[int, int]:
    """The picture the build drew for `source`, or a new one if it is missing or older."""
    if _mtime(target) > _mtime(source):
        return thumbnails.size(target)
    return thumbnails.draw(source, target)


def _statuses(langs: list[str], rows: list[Stats] | None) -> dict[tuple[str, str], str]:
    """(language, handout) -> final or draft, by the one rule (i18n/stats.py `Stats.final`:
    every string the handout prints is reviewed); `rows` None: a catalog has errors."""
    status = {}
    for lang in langs:
        for name in MATERIALS:
            if lang == SOURCE_LOCALE:
                status[(lang, name)] = "English source"
            elif lang in PSEUDO_LOCALES:
                status[(lang, name)] = "Test language, not for printing"
            elif rows is None and has_catalog(lang):
                status[(lang, name)] = "Translation has errors: run `check`"
    for row in rows or []:
        if row.material in MATERIALS:
            status[(row.locale, row.material)] = (
                "Final: every string reviewed" if row.final else
                f"Draft: {row.translated} of {row.strings} strings reviewed, {row.fuzzy} "
                f"suggested, {row.untranslated} missing")
    return status


def _catalog_rows(project: Project, stats: Callable[[list[str]], list[Stats]]
                  ) -> list[Stats] | None:
    """Every catalog's rows (threshold languages too, built or not); None if one is damaged."""
    from handouts.i18n.catalogs import translated_locales

    try:
        return stats(translated_locales(project))
    except HandoutError:
        return None


def _translations(project: Project, rows: list[Stats] | None) -> list[Translation]:
    """Per language: which handouts print as final, which are drafts, who approved which."""
    from handouts.i18n import signoff

    found: dict[str, Translation] = {}
    for row in rows or []:
        if row.material not in MATERIALS:
            continue
        if row.locale not in found:
            try:
                signed = signoff.read(project, row.locale)
            except HandoutError:
                signed = {}
            found[row.locale] = Translation(row.locale, label(row.locale), [], [], [])
            found[row.locale].approved.extend(
                f"{ABOUT.get(name, (name,))[0]}: {each}" for name, each in signed.items()
                if name in MATERIALS)
        entry = found[row.locale]
        handout = ABOUT.get(row.material, (row.material,))[0]
        if row.final:
            entry.final.append(handout)
        else:
            entry.drafts.append(f"{handout} ({row.translated} of {row.strings} reviewed)")
    for entry in found.values():
        if not entry.final and all(" (0 of " in said for said in entry.drafts):
            entry.drafts[:] = [f"all {len(entry.drafts)} handouts (no string reviewed yet)"]
        if not entry.approved:
            entry.approved.append("not recorded" if entry.final else "nobody yet")
    return list(found.values())


def _language_names(langs: list[str]) -> dict[str, str]:
    """Each language's own name, with the English name for staff who do not read it."""
    return {lang: label(lang) for lang in langs}


def _paper(width: float, height: float) -> str:
    """Page size as staff say it: "US Letter (8.5 x 11 in)" or "3.5 x 2 in", with a real x."""
    times = "\u00d7"
    size = (round(width), round(height))
    if size == (612, 792):
        return f"US Letter (8.5 {times} 11 in)"
    if size == (792, 612):
        return f"US Letter, landscape (11 {times} 8.5 in)"
    return f"{width / 72:g} {times} {height / 72:g} in"


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{max(1, size // 1000)} KB"


def _link(path: Path, dist: Path) -> str:
    return quote(path.relative_to(dist).as_posix())


def _updated(dist: Path) -> str:
    newest = max((p.stat().st_mtime for p in dist.glob("*/*.pdf")), default=None)
    return datetime.fromtimestamp(newest).strftime("%Y-%m-%d %H:%M") if newest else ""


def _render(cards: list[Card], translations: list[Translation], updated: str) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from handouts.render.html import COMPILED  # loaded by the build that wrote PDFs

    env = Environment(loader=FileSystemLoader(PAGE_TEMPLATE.parent), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      bytecode_cache=COMPILED)
    return env.get_template(PAGE_TEMPLATE.name).render(cards=cards, translations=translations,
                                                       updated=updated)
