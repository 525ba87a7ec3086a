"""`check` and `stats`: what translators run to see what is left to do in their .po files."""

from __future__ import annotations

import json

from handouts.context import Context
from handouts.i18n.catalogs import choose_locales
from handouts.i18n.checks import ERROR, EntryProblem, locale_problems
from handouts.i18n.stats import ALL, Stats
from handouts.languages import label
from handouts.render.strings import all_used


def check(context: Context, locales: list[str] | None = None) -> list[EntryProblem]:
    """Run every gate on the chosen catalogs, against the strings today's handouts print."""
    project = context.project
    chosen = choose_locales(project, locales)
    lookups = context.lookups(context.buildable()).values() if chosen else []
    used = all_used(found.printed for found in lookups)
    optional = all_used(found.optional for found in lookups)  # profile names, a draft's stamp
    return [p for lang in chosen for p in locale_problems(project, lang, used, optional)]


def format_problems(problems: list[EntryProblem], fmt: str) -> str:
    """`file:line: LEVEL check: message` lines and a count, or a JSON list."""
    if fmt == "json":
        return json.dumps([{"path": str(p.path), "line": p.line, "level": p.level,
                            "check": p.check, "msgid": p.msgid, "context": p.context,
                            "message": p.message} for p in problems],
                          ensure_ascii=False, indent=1)
    errors = sum(p.level == ERROR for p in problems)
    lines = [str(p) for p in problems]
    lines.append(f"{errors} errors, {len(problems) - errors} warnings")
    return "\n".join(lines)


def stats(context: Context, locales: list[str] | None = None,
          materials: list[str] | None = None) -> list[Stats]:
    """One row per locale for the whole catalog, then one per material it can build."""
    return context.translation_stats(choose_locales(context.project, locales), materials)


def format_stats(rows: list[Stats], fmt: str) -> str:
    """A plain table for people, or JSON for scripts."""
    if fmt == "json":
        return json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=1)
    languages = [f"{r.locale}: {label(r.locale)}, {r.status} ({r.translated} of {r.strings} "
                 f"reviewed, {r.fuzzy} suggested, {r.untranslated} missing)"
                 for r in rows if r.material == ALL]
    head = ("locale", "material", "strings", "reviewed", "suggested", "missing", "words to do")
    table = [head] + [(r.locale, r.material, str(r.strings), f"{r.percent}%", str(r.fuzzy),
                       str(r.untranslated), str(r.untranslated_words)) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(w) if i < 2 else cell.rjust(w)
                       for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
             for row in table]
    return "\n".join([*languages, *[""] * bool(languages), *lines])
