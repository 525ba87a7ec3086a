"""Which handouts a build prints as final: the one rule, per language and handout.

A handout in a language is final when every string that handout prints is reviewed (translated
and not fuzzy) in the language's catalog: `Stats.final`, the same rows `stats` prints and the
catalog page shows. A plain build prints the final ones and leaves the rest out, saying which
and why; `--draft` prints them marked. One fuzzy entry the hotline card does not print leaves
the card final.

Cheap when it can be: a catalog with every entry reviewed makes every handout final, and one
with none reviewed makes none final (every handout prints at least its title), both read from a
quick scan of the .po file; only a catalog partly reviewed needs the strings each handout prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from handouts.context import Context
from handouts.i18n.poscan import review_counts
from handouts.project import has_catalog


@dataclass
class Drafts:
    """What a plain build leaves out, waiting for a reviewer."""

    languages: list[str] = field(default_factory=list)  # nothing in them is final
    handouts: dict[str, set[str]] = field(default_factory=dict)  # language -> handouts not final
    said: list[str] = field(default_factory=list)  # for the build's summary


def drafts(context: Context, materials: list[str] | None) -> Drafts:
    """The languages and handouts, of those asked for, that are not final."""
    project = context.project
    found = Drafts()
    for lang in project.locales_available():
        if not has_catalog(lang):
            continue
        reviewed, suggested, missing = review_counts(project.po_path(lang))
        if not (suggested or missing):
            continue
        draft = f"`--draft --locale {lang}` prints a marked draft"
        if not reviewed:
            found.languages.append(lang)
            found.said.append(f"skipped {lang}: not yet reviewed, 0 of {suggested + missing} "
                              f"translations reviewed ({suggested} suggested, {missing} "
                              f"missing); {draft}")
            continue
        names = materials or context.buildable()
        rows = [row for row in context.translation_stats([lang], names)
                if row.material in names and not row.final]
        if len(rows) == len(names):
            found.languages.append(lang)
        elif rows:
            found.handouts[lang] = {row.material for row in rows}
        if rows:
            left = ", ".join(f"{lang}/{row.material} ({row.translated} of {row.strings} "
                             f"reviewed, {row.fuzzy} suggested, {row.untranslated} missing)"
                             for row in rows)
            found.said.append(f"skipped {left}: not final until every string the handout "
                              f"prints is reviewed; {draft}")
    return found
