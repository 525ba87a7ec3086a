"""What `check` prints for a person: the mistakes to fix first, then what is left to review.

A new or suggested catalog has hundreds of entries nobody has reviewed yet; listed one by one
they bury the one dropped 911. So the real errors come first, each on its own line; then the
warnings; then the entries still to translate or review, summed up per handout (each listed
only with -v); then one line per kind of problem, and the totals. `watch` prints only what
changed since the last save (`changes`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from handouts.i18n.catalogs import Key
from handouts.i18n.checks import ERROR, WARNING, EntryProblem

# Not a mistake in a translation but work still to do: a reviewer approves, a translator fills in.
PENDING = {"fuzzy": "suggested", "untranslated": "missing"}
NOT_PRINTED = "not printed by any handout"


def report(problems: list[EntryProblem], printed_by: Mapping[Key, Iterable[str]],
           verbosity: int = 0) -> str:
    """The readable report; `printed_by` says which handouts print each string.

    -q (`verbosity` -1) keeps the errors and the totals; -v (1) lists every entry to review.
    """
    errors = [p for p in problems if p.level == ERROR and p.check not in PENDING]
    warnings = [p for p in problems if p.level == WARNING and p.check not in PENDING]
    pending = [p for p in problems if p.check in PENDING]
    lines = [str(p) for p in errors]
    if verbosity >= 0:
        lines += [str(p) for p in warnings]
    if verbosity > 0:
        lines += [str(p) for p in pending]
    elif pending:
        lines += _blank(lines) + _per_handout(pending, printed_by, verbosity)
    if verbosity >= 0 and problems:
        lines += _blank(lines) + _per_kind(problems)
    return "\n".join([*lines, *_blank(lines), totals(problems)])


def totals(problems: list[EntryProblem]) -> str:
    """"1 error, 9 warnings; not final yet: 200 suggested and 2 missing translations"."""
    errors = sum(p.level == ERROR and p.check not in PENDING for p in problems)
    warnings = sum(p.level == WARNING and p.check not in PENDING for p in problems)
    said = f"{_count(errors, 'error')}, {_count(warnings, 'warning')}"
    printed = Counter(p.check for p in problems if p.check in PENDING and p.level == ERROR)
    if printed:
        said += (f"; not final yet, the handouts print {printed['fuzzy']} suggested and "
                 f"{printed['untranslated']} missing translations")
    return said


def changes(before: list[EntryProblem], now: list[EntryProblem]) -> list[str]:
    """What a save changed: each new or fixed mistake, and entries reviewed or suggested, summed.

    Problems are compared without their line numbers, which move whenever a line is added.
    """
    old, new = Counter(map(_identity, before)), Counter(map(_identity, now))
    lines = []
    for problem in now:
        if problem.check not in PENDING and new[_identity(problem)] > old[_identity(problem)]:
            lines.append(f"new: {problem}")
    for problem in before:
        if problem.check not in PENDING and old[_identity(problem)] > new[_identity(problem)]:
            lines.append(f"fixed: {_without_line(problem)}")
    for check, word in PENDING.items():
        was = sum(n for key, n in old.items() if key[2] == check)
        is_now = sum(n for key, n in new.items() if key[2] == check)
        if was > is_now:
            lines.append(f"{was - is_now} fewer {word} entries ({is_now} left)")
        elif is_now > was:
            lines.append(f"{is_now - was} more {word} entries ({is_now} now)")
    return lines


def _per_handout(pending: list[EntryProblem], printed_by: Mapping[Key, Iterable[str]],
                 verbosity: int) -> list[str]:
    """Per file, one line per handout: how many of its strings are suggested or missing."""
    lines = []
    for path in dict.fromkeys(p.path for p in pending):
        tally: dict[str, Counter[str]] = {}
        for problem in (p for p in pending if p.path == path):
            for name in printed_by.get((problem.context, problem.msgid)) or [NOT_PRINTED]:
                tally.setdefault(name, Counter())[problem.check] += 1
        if verbosity < 0:
            total = Counter(p.check for p in pending if p.path == path)
            lines.append(f"{path}: {_pending_said(total)} (`check -v` lists each entry)")
            continue
        lines.append(f"{path}: not reviewed yet, per handout (`check -v` lists each entry):")
        width = max(map(len, tally))
        lines += [f"  {name.ljust(width)}  {_pending_said(counts, 3)}"
                  for name, counts in sorted(tally.items(), key=lambda i: i[0] == NOT_PRINTED)]
    return lines


def _per_kind(problems: list[EntryProblem]) -> list[str]:
    """One line per kind of problem: the mistakes first, then warnings, then work to do."""
    kinds: dict[str, Counter[str]] = {}
    for problem in problems:
        kinds.setdefault(problem.check, Counter())[problem.level] += 1

    def order(check: str) -> tuple[int, str]:
        return (2 if check in PENDING else 0 if kinds[check][ERROR] else 1), check

    lines = ["by kind:"]
    for check in sorted(kinds, key=order):
        counts = kinds[check]
        if check in PENDING:
            total = counts[ERROR] + counts[WARNING]
            said = f"{total} {PENDING[check]}, {counts[ERROR]} of them printed by a handout"
        else:
            said = ", ".join(_count(counts[level], level) for level in (ERROR, WARNING)
                             if counts[level])
        lines.append(f"  {check}: {said}")
    return lines


def _pending_said(counts: Counter[str], width: int = 0) -> str:
    return ", ".join(f"{counts[check]:>{width}} {word}" for check, word in PENDING.items())


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _blank(lines: list[str]) -> list[str]:
    return [""] if lines else []


def _identity(problem: EntryProblem) -> tuple:
    return (str(problem.path), problem.level, problem.check, problem.context, problem.msgid,
            problem.message)


def _without_line(problem: EntryProblem) -> str:
    where = f"{problem.path}: " if problem.path is not None else ""
    return f"{where}{problem.level} {problem.check}: {problem.message}"
