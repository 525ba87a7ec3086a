"""Diagnostics through `logging`, as Pelican and MkDocs do: the stages say what happened, the
command line decides how much of it a person sees (`-q`, `-v`).

DEBUG is what `-v` adds (each unchanged handout, each PDF's time); INFO is what a build did
(built, copyfitted, skipped); WARNING is what someone should act on (a number nobody confirmed,
a notice about this machine), held back and shown together after the summary so it is not
lost among the lines above. Errors are not logged: a stage raises HandoutError and the command
line prints each problem with its file, line and fix.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator

logger = logging.getLogger("handouts")

# What a message is, shown before it: "warning: ...", "notice: ..." (about this machine),
# "note: ..." (something left out on purpose). Passed as `extra={"label": ...}`.
WARNING_LABEL, NOTICE, NOTE = "warning", "notice", "note"


class _Console(logging.Handler):
    """Print each message on stdout (where the summary goes), warnings at the end."""

    def __init__(self, level: int, hold_warnings: bool) -> None:
        super().__init__(level)
        self.hold_warnings = hold_warnings
        self.held: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        label = getattr(record, "label", WARNING_LABEL if record.levelno >= logging.WARNING
                        else None)
        line = f"{label}: {record.getMessage()}" if label else record.getMessage()
        if self.hold_warnings and record.levelno >= logging.WARNING:
            self.held.append(line)
        else:
            print(line, file=sys.stdout, flush=True)

    def show_held(self) -> None:
        for line in self.held:
            print(line, file=sys.stdout, flush=True)
        self.held.clear()


@contextlib.contextmanager
def console(verbosity: int, *, hold_warnings: bool = True) -> Iterator[None]:
    """Show the package's messages for the length of one command.

    `verbosity` is -1 with -q (warnings only), 0 by default, 1 with -v (everything). Held
    warnings are shown when the command ends, whether it succeeded or not.
    """
    level = {-1: logging.WARNING, 0: logging.INFO}.get(verbosity, logging.DEBUG)
    handler = _Console(level, hold_warnings)
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate
        handler.show_held()
