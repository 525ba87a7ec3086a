"""The one error family: every stage raises these, only the CLI prints them.

Messages are written for a translator or an outreach worker: where (file and line), what is
wrong, and what to do about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

INVALID_INPUT = 1
USAGE = 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, pointing at the file and line to fix."""

    message: str
    path: Path | str | None = None
    line: int | None = None
    level: str = "error"
    check: str = ""

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        label = f"{self.level} {self.check}: " if self.check else ""
        return f"{where}{label}{self.message}"


class HandoutError(Exception):
    """Invalid input: the build stops and exits 1 after printing every problem."""

    exit_code = INVALID_INPUT

    def __init__(self, *problems: Problem | str) -> None:
        self.problems = [p if isinstance(p, Problem) else Problem(p) for p in problems]
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(HandoutError):
    """The command line asked for something that does not exist: exit 2."""

    exit_code = USAGE
