"""Where each printed number comes from, and how long ago a person confirmed it.

Every resource in content/resources.yaml names its `source` and the date it was last
`checked`. This module lists what each handout prints (`python build.py resources`), warns in
a build's summary about numbers never confirmed or confirmed more than 12 months before, and
gives the catalog page the oldest confirmation date on each handout.

Light on purpose (PyYAML only, no pydantic or Jinja2): the build's summary and the catalog page
use it even when nothing was rebuilt. The content was validated by the build that used it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from handouts.content import yamlsource
from handouts.materials import MATERIALS

MAX_AGE_MONTHS = 12


@dataclass(frozen=True)
class Printed:
    """One way to reach a resource, as a handout prints it."""

    material: str
    resource: str  # its id in resources.yaml
    name: str
    kind: str  # phone, phone letters, text, email, web
    value: str
    source: str
    checked: date | None


def reference_date() -> date:
    """The day ages are counted to: SOURCE_DATE_EPOCH's day when it is set (so the same inputs
    give the same report), else today. Only the summary and this report use it, never a PDF."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return date.today()


def _checked(value: object) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _load(path: Path, content: Path) -> dict:
    data, _ = yamlsource.load(path, content)
    return data if isinstance(data, dict) else {}


def printed(content: Path, materials: list[str] | None = None) -> list[Printed]:
    """What each handout prints that someone could call, text or write to, in page order."""
    listed = _load(content / "resources.yaml", content).get("resources") or []
    resources = {r.get("id"): r for r in listed if isinstance(r, dict)}
    found: list[Printed] = []
    for name in materials or list(MATERIALS):
        material = _load(content / "materials" / f"{MATERIALS[name].source}.yaml", content)
        lead = [line.get("call") for line in material.get("lead") or [] if isinstance(line, dict)]
        ids = [*(material.get("hotlines") or []), *(material.get("who_to_call") or []),
               *(r for r in lead if r)]
        if name not in ("hotline-card", "hotline-card-sheet"):  # the card prints hotlines only
            ids += material.get("resources") or []
        for rid in dict.fromkeys(ids):
            r = resources.get(rid)
            if r is None:
                continue
            sms = r.get("sms")
            ways = [("phone", r.get("phone")), ("phone letters", r.get("phone_letters")),
                    ("text", f"{r['sms_keyword']} to {sms}" if sms and r.get("sms_keyword")
                     else sms),
                    ("email", r.get("email")), ("web", r.get("url"))]
            if MATERIALS[name].statutory:
                ways.insert(3, ("text as the law writes it", r.get("sms_written")))
            for kind, value in ways:
                if value:
                    found.append(Printed(name, rid, str(r.get("name", rid)), kind, str(value),
                                         str(r.get("source") or ""), _checked(r.get("checked"))))
    return found


def months_between(earlier: date, later: date) -> int:
    """Whole months from `earlier` to `later` (0 if later is not after earlier)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(0, months)


def age(checked: date | None, today: date) -> str:
    """How long ago a person confirmed it, in words."""
    if checked is None:
        return "never confirmed"
    months = months_between(checked, today)
    if months == 0:
        days = max(0, (today - checked).days)
        return f"{days} day{'s' if days != 1 else ''} ago"
    return f"{months} month{'s' if months != 1 else ''} ago"


def is_stale(checked: date | None, today: date) -> bool:
    """Never confirmed, or confirmed more than 12 months before `today`."""
    if checked is None:
        return True
    try:
        year_before = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_before = today.replace(year=today.year - 1, day=28)
    return checked < year_before


def warnings(content: Path, materials: list[str], today: date) -> list[str]:
    """One line per resource some of these handouts print that needs a person to confirm it."""
    by_resource: dict[str, list[Printed]] = {}
    for p in printed(content, materials):
        if is_stale(p.checked, today):
            by_resource.setdefault(p.resource, []).append(p)
    lines = []
    for items in by_resource.values():
        first = items[0]
        numbers = ", ".join(dict.fromkeys(p.value for p in items if p.kind != "web"))
        handouts = ", ".join(dict.fromkeys(p.material for p in items))
        when = "never confirmed" if first.checked is None else \
            f"last confirmed {first.checked.isoformat()} ({age(first.checked, today)})"
        lines.append(f"{first.name} ({numbers or first.value}) on {handouts}: {when}; "
                     f"source {first.source}")
    return lines


def oldest_checks(content: Path) -> dict[str, tuple[date | None, int]]:
    """handout -> (oldest confirmation date of what it prints, how many never confirmed)."""
    by_material: dict[str, dict[str, date | None]] = {name: {} for name in MATERIALS}
    for p in printed(content):  # one reading of the files for every handout
        by_material[p.material][p.resource] = p.checked
    result: dict[str, tuple[date | None, int]] = {}
    for name, items in by_material.items():
        dates = [d for d in items.values() if d is not None]
        result[name] = (min(dates) if dates else None, sum(d is None for d in items.values()))
    return result


def report(content: Path, materials: list[str] | None, today: date) -> list[dict[str, str]]:
    """The rows of `python build.py resources`."""
    return [{"handout": p.material, "resource": p.name, "kind": p.kind, "number": p.value,
             "source": p.source, "checked": p.checked.isoformat() if p.checked else "",
             "age": age(p.checked, today),
             "status": "check it" if is_stale(p.checked, today) else "ok"}
            for p in printed(content, materials)]


def format_report(rows: list[dict[str, str]], fmt: str, today: date) -> str:
    if fmt == "json":
        import json

        return json.dumps({"as_of": today.isoformat(), "rows": rows}, indent=1,
                          ensure_ascii=False)
    out = [f"Numbers and addresses each handout prints, ages as of {today.isoformat()} "
           f"(confirm any marked !, never confirmed or older than {MAX_AGE_MONTHS} months):"]
    current = None
    for row in rows:
        if row["handout"] != current:
            current = row["handout"]
            out.append(f"\n{current}")
        mark = "!" if row["status"] != "ok" else " "
        out.append(f" {mark} {row['resource']}: {row['kind']} {row['number']}\n"
                   f"     source {row['source'] or '(none)'}; "
                   f"{'checked ' + row['checked'] + ', ' if row['checked'] else ''}{row['age']}")
    return "\n".join(out)
