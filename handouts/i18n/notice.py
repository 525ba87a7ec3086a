"""The Civil Code 52.6 notice: which languages it prints, and whether its third one is ready.

The law asks for the notice in English, Spanish and one more language (the county's most
widely spoken language that the federal Voting Rights Act requires ballots in), all on the
posted page. The third language is chosen per build (`--notice-language`) or per profile
(`notice_language:`); a notice is printed only when that language's translation of the
notice is complete and reviewed (no fuzzy entries), because the words are fixed by law.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from handouts.jobs import NOTICE_REQUIRED
from handouts.project import PSEUDO_LOCALES, Project, base_language, confined

if TYPE_CHECKING:
    from handouts.content.model import Content
    from handouts.jobs import Job

# Where the Attorney General publishes the model notice and its translations.
MODEL_NOTICE = "https://oag.ca.gov/human-trafficking/model-notice"
WHY = ("California Civil Code section 52.6 asks for the notice in English, Spanish and one "
       "more language: the county's most widely spoken language that the federal Voting "
       "Rights Act requires ballots in")


def chosen_language(project: Project, flag: str | None, profile: str) -> str | None:
    """The third language: --notice-language, else the profile's `notice_language:` (a code
    such as `zh-TW` or `hy-AM` read as the catalog it means, languages.py)."""
    if flag:
        return flag
    import yaml  # only when no --notice-language was given

    from handouts.languages import matches

    path = project.content / "profiles" / f"{profile}.yaml"
    try:
        data = yaml.safe_load(confined(path, project.content).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None  # the build reports a broken profile itself
    value = data.get("notice_language") if isinstance(data, dict) else None
    if not value:
        return None
    found = matches(str(value), project.locales_available())
    return found[0] if len(found) == 1 else str(value)


def why_not(project: Project, lang: str | None, draft: bool,
            content: Callable[[], Content]) -> str | None:
    """Why the notice cannot be printed with `lang` as its third language (None: it can).

    `content` gives the loaded content; it is asked for only when the catalog must be read.
    """
    from handouts.languages import choices

    if lang is None:
        return (f"the trafficking notice needs its third language. {WHY}. Choose it with "
                "--notice-language LANG, or `notice_language: LANG` in the profile")
    if base_language(lang) in NOTICE_REQUIRED or lang in PSEUDO_LOCALES:
        return (f"'{lang}' cannot be the trafficking notice's third language: {WHY}, so "
                "choose a language other than English and Spanish")
    path = project.po_path(lang)
    said = choices(lang, project.locales_available())
    if said and not path.exists():
        return (f"the trafficking notice's third language is not clear: {said}. {WHY}. Give "
                "one of these codes to --notice-language or `notice_language:` in the profile")
    if not path.exists():
        return (f"the trafficking notice needs a {lang} translation, and there is none yet "
                f"({path.relative_to(project.root)}). {WHY}. Start it with `python build.py "
                f"init {lang}`, have the notice's strings translated and reviewed, then build "
                "again")
    if draft:
        return None
    untranslated, fuzzy = unreviewed(project, content(), lang)
    if not untranslated and not fuzzy:
        return None
    said = []
    if untranslated:
        said.append(f"{untranslated} of its strings have no {lang} translation")
    if fuzzy:
        said.append(f"{fuzzy} {'is' if fuzzy == 1 else 'are'} marked fuzzy (not reviewed)")
    return (f"the trafficking notice is printed only with a complete, reviewed translation of "
            f"its third language, {lang}, because the law fixes its words: in "
            f"{path.relative_to(project.root)}, {' and '.join(said)}. Put in the Attorney "
            f"General's own {lang} translation of the model notice ({MODEL_NOTICE}), mark "
            "its source and review them (docs/translators.md says how; `python build.py "
            f"check --locale {lang} --material trafficking-notice` lists them), then build again")


def unreviewed(project: Project, content: Content, lang: str) -> tuple[int, int]:
    """How many of the notice's strings are (untranslated, fuzzy) in `lang`'s catalog."""
    from handouts.i18n.catalogs import key_map, read_catalog
    from handouts.i18n.stats import count

    entries = key_map(read_catalog(project.po_path(lang), lang))
    row = count(lang, "trafficking-notice", own_strings(content), entries)
    return row.untranslated, row.fuzzy


def own_strings(content: Content) -> set[tuple[str | None, str]]:
    """The notice's own words, (context, msgid): its titles and the law's text.

    The hotlines' names and descriptions in resources.yaml are not printed on it, so a
    translator of the third language need not have translated them.
    """
    material = content.materials["trafficking-notice"]
    texts = [material.title, material.document_title, *material.labels.values()]
    return {(m.context, m.text) for m in texts if m is not None}


def blocks(project: Project, content: Content, job: Job) -> list[dict]:
    """One localized notice per language on the page, for the template to print in order.

    Each says how much of it is translated and reviewed, so a draft stamps the whole page.

    Raises (unless drafting) when a language lacks one of the notice's strings: a notice that
    fell back to English in its Spanish part would not meet the law.
    """
    from handouts.content.model import view
    from handouts.errors import HandoutError, Problem
    from handouts.i18n import translator

    found, problems, own = [], [], own_strings(content)
    for lang in job.languages:
        tr = translator.translator_for(project.locales, lang, draft=job.draft)
        localized = translator.localize(view(content, job.material, job.material), tr)
        found.append({"lang": lang.replace("_", "-"), "dir": tr.direction, "m": localized,
                      "percent": tr.percent, "suggested": bool(tr.suggested),
                      "pgettext": tr.filled_pgettext})  # its links' descriptions
        missing = [msgid for key in tr.missing if key in own for msgid in key[1:]]
        if missing and not job.draft:
            path = project.po_path(lang).relative_to(project.root)
            problems += [Problem(f'no translation for "{msgid}" used by the trafficking notice; '
                                 "the law fixes its words, so translate it whole", path, None,
                                 "error", "untranslated") for msgid in missing]
    if problems:
        raise HandoutError(*problems)
    return found
