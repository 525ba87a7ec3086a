"""`check` and `stats`: what translators run to see what is left to do in their .po files."""

from __future__ import annotations

import json

from handouts.context import Context
from handouts.errors import UsageError
from handouts.i18n import signoff
from handouts.i18n.catalogs import Key, choose_locales
from handouts.i18n.checks import ERROR, EntryProblem, locale_problems
from handouts.i18n.signoff import SignOff
from handouts.i18n.stats import ALL, Stats
from handouts.languages import label
from handouts.project import Project
from handouts.render.strings import all_used
from handouts.translators.check_report import PENDING, report


def check(context: Context, locales: list[str] | None = None,
          materials: list[str] | None = None) -> list[EntryProblem]:
    """Run every gate on the chosen catalogs, against the strings today's handouts print.

    With `materials`, only the strings those handouts print (and the file's header) count.
    """
    project = context.project
    chosen = choose_locales(project, locales)
    if not chosen:
        return []
    lookups = context.lookups(materials_asked(context, materials)).values()
    used = all_used(found.printed for found in lookups)
    optional = all_used(found.optional for found in lookups)  # profile names, a draft's stamp
    problems = [p for lang in chosen for p in locale_problems(project, lang, used, optional)]
    if materials:
        problems = [p for p in problems if p.check == "header" or (p.context, p.msgid) in used]
    return sorted(problems, key=lambda p: p.check in PENDING or p.level != ERROR)


def printed_by(context: Context, materials: list[str] | None = None) -> dict[Key, list[str]]:
    """(context, msgid) -> the handouts that print it, for `check`'s summary per handout."""
    found: dict[Key, list[str]] = {}
    for name, keys in context.strings_used(materials_asked(context, materials)).items():
        for key in keys:
            found.setdefault(key, []).append(name)
    return found


def materials_asked(context: Context, wanted: list[str] | None) -> list[str]:
    """The handouts asked for (an unknown name stops with the known ones), else all of them."""
    buildable = context.buildable()
    for name in wanted or []:
        if name not in buildable:
            raise UsageError(f"there is no material '{name}' (known: {', '.join(buildable)})")
    return list(dict.fromkeys(wanted or buildable))


def format_problems(problems: list[EntryProblem], fmt: str,
                    printed: dict[Key, list[str]] | None = None, verbosity: int = 0) -> str:
    """The readable report (check_report.py), or a JSON list of every problem."""
    if fmt == "json":
        return json.dumps([{"path": str(p.path), "line": p.line, "level": p.level,
                            "check": p.check, "msgid": p.msgid, "context": p.context,
                            "message": p.message} for p in problems],
                          ensure_ascii=False, indent=1)
    return report(problems, printed or {}, verbosity)


def stats(context: Context, locales: list[str] | None = None,
          materials: list[str] | None = None) -> list[Stats]:
    """One row per locale for the whole catalog, then one per material it can build."""
    return context.translation_stats(choose_locales(context.project, locales), materials)


def signoffs(project: Project, rows: list[Stats]) -> dict[str, dict[str, SignOff]]:
    """Language -> handout -> who approved it and when (locales/<lang>/signoff.yaml)."""
    return {lang: signoff.read(project, lang) for lang in dict.fromkeys(r.locale for r in rows)}


def format_stats(rows: list[Stats], fmt: str,
                 signed: dict[str, dict[str, SignOff]] | None = None) -> str:
    """A plain table for people, or JSON for scripts; each handout says whether it prints as
    final (every string it prints reviewed) and who signed it off."""
    signed = signed or {}

    def approved(row: Stats) -> SignOff | None:
        return signed.get(row.locale, {}).get(row.material)

    if fmt == "json":
        return json.dumps([{**row.as_dict(), **({"approved_by": each.reviewer,
                                                  "approved_on": each.date}
                                                 if (each := approved(row)) else {})}
                           for row in rows], ensure_ascii=False, indent=1)
    languages = [f"{r.locale}: {label(r.locale)}, {r.status} ({r.translated} of {r.strings} "
                 f"reviewed, {r.fuzzy} suggested, {r.untranslated} missing)"
                 for r in rows if r.material == ALL]
    head = ("locale", "material", "strings", "reviewed", "suggested", "missing", "words to do",
            "prints as", "approved by")
    table = [head] + [(r.locale, r.material, str(r.strings), f"{r.percent}%", str(r.fuzzy),
                       str(r.untranslated), str(r.untranslated_words),
                       "" if r.material == ALL else "final" if r.final else "draft",
                       str(approved(r) or "")) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(w) if i < 2 or i > 6 else cell.rjust(w)
                       for i, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip()
             for row in table]
    return "\n".join([*languages, *[""] * bool(languages), *lines])
