"""Planning: which PDFs to make, from the command line's choices.

Light on purpose (no WeasyPrint, Babel, Jinja2 or pydantic), so `build.py` with nothing to
rebuild answers in a fraction of a second.
"""

from __future__ import annotations

from dataclasses import replace

from handouts.context import Context
from handouts.errors import UsageError
from handouts.jobs import EDITIONS, LARGE_PRINT, Job, languages_on_page
from handouts.materials import MATERIALS
from handouts.project import DEFAULT_PROFILE, PSEUDO_LOCALES, SOURCE_LOCALE, no_such_locale
from handouts.publishing.sourcedate import source_dates


def plan(context: Context, locales: list[str] | None, materials: list[str] | None,
         profile: str | None, draft: bool, notice_language: str | None = None,
         skipped: list[str] | None = None, schools: list | None = None,
         large_print: bool = False) -> list[Job]:
    """Turn the command line's choices into jobs, refusing unknown names (exit 2).

    The trafficking notice needs a third language ready to print (i18n/notice.py): asked for by
    name, it stops the build if that language is not ready; in a build of every handout it is
    left out, and the reason added to `skipped` for the summary. With `schools` (a
    district's CSV, content/district.py) the school handout is made once per school instead. With
    `large_print`, the materials that have a large-print edition get one too.
    """
    project = context.project
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
    langs = list(dict.fromkeys(locales or known_locales))
    third, notice_folders = None, []
    if any(MATERIALS[name].statutory for name in names):
        from handouts.i18n.notice import chosen_language, why_not

        third = chosen_language(project, notice_language, profile)
        reason = why_not(project, third, draft, lambda: context.content)
        if reason and materials:
            raise UsageError(reason)
        if reason:
            names = [name for name in names if not MATERIALS[name].statutory]
            if skipped is not None:
                skipped.append(f"trafficking-notice not built: {reason}")
        else:
            notice_folders = _notice_folders(langs, third, materials, skipped)
    if large_print and materials and skipped is not None:
        skipped += [f"{name} has no large-print edition (only {_with_large_print()} do)"
                    for name in names if not MATERIALS[name].large_print]
    dates = source_dates(project.root, list(dict.fromkeys([*langs, "es", third or "en"])))
    jobs = []
    for lang in langs:
        for name in names:
            spec = MATERIALS[name]
            if spec.statutory and lang not in notice_folders:
                continue
            job = Job(lang, name, "desk", profile if spec.uses_profile else None, draft,
                      notice_language=third if spec.statutory else None)
            created = max(dates.get(each, dates[lang]) for each in job.languages)
            each = [job] if schools is None or not spec.uses_profile else \
                [replace(job, profile=s.slug, profile_data=s.profile) for s in schools]
            kinds = (*EDITIONS, LARGE_PRINT) if large_print and spec.large_print else EDITIONS
            jobs += [replace(one, edition=edition, created=created)
                     for one in each for edition in kinds]
    return jobs


def _notice_folders(langs: list[str], third: str, materials: list[str] | None,
                    skipped: list[str] | None) -> list[str]:
    """The languages whose folders get the notice: those it prints (English, Spanish and the
    third), nowhere else, since a fourth language would not fit its page nor be the law's.

    Asked for by name in none of those languages, it stops the build (exit 2) saying where it
    is made; otherwise the other folders go without it, and the summary says so.
    """
    printed = languages_on_page(SOURCE_LOCALE, third)
    elsewhere = [lang for lang in langs if lang not in printed]
    if elsewhere:
        said = (f"the trafficking notice prints {', '.join(printed)} on one page and is made "
                f"in those languages' folders only, not in {', '.join(elsewhere)}")
        if materials and len(elsewhere) == len(langs):
            raise UsageError(f"{said}; build it with --locale {printed[0]}")
        if skipped is not None:
            skipped.append(said)
    return printed


def _with_large_print() -> str:
    return ", ".join(name for name, spec in MATERIALS.items() if spec.large_print)
