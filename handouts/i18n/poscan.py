"""Scan a .po file's bytes before Babel parses it, for the damage Babel lets through.

Babel reads a line like `msgstr Hola` or `msgstr "Hola` without complaint and silently cuts a
letter off each end; it keeps one of two entries with the same msgid without saying which; and
it decodes a UTF-8 file that says `charset=ISO-8859-1` into "LÃ­nea". Each of these would
print wrong words on paper, so each is an error naming the line to fix.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from handouts.errors import HandoutError, Problem

_BOM = codecs.BOM_UTF8
_CHARSET = re.compile(rb"charset\s*=\s*([^\s\\\"]+)", re.I)
_QUOTED = r'"(?:[^"\\]|\\.)*"'
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr\[\d+\]|msgstr)(?=[\s"]|$)\s*(.*)$')
_STRING = re.compile(rf"^{_QUOTED}$")
_MAX_PROBLEMS = 5
_QUOTES = ('must be in "double quotes" on this line, with any quote inside the text written '
           'as \\"')


def scan(data: bytes, path: Path | str) -> bytes:
    """Return the bytes Babel should parse (without a byte-order mark), or raise every problem."""
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    charset, charset_line = _declared_charset(data)
    try:
        codecs.lookup(charset)
    except LookupError:
        raise HandoutError(Problem(
            f"the header names the text encoding charset={charset}, which does not exist; "
            "write charset=UTF-8 and save the file as UTF-8", path, charset_line)) from None
    try:
        text = data.decode(charset)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        said = f", but the header says charset={charset}" if charset_line else ""
        raise HandoutError(Problem(
            f"this line is not {charset.upper()} text{said}: the file was probably saved as "
            "Latin-1 (ISO-8859-1) or Windows-1252. Save it as UTF-8 (Poedit does this; in a "
            "text editor choose 'Save with encoding: UTF-8')", path, line)) from None
    if codecs.lookup(charset).name != "utf-8" and not data.isascii() and _is_utf8(data):
        raise HandoutError(Problem(
            f"the header says charset={charset} but the file is saved as UTF-8, so accented "
            "letters would print wrong (Línea as LÃ­nea); change the header to charset=UTF-8",
            path, charset_line))
    problems = _syntax(text, path)
    if problems:
        more = len(problems) - _MAX_PROBLEMS
        shown = problems[:_MAX_PROBLEMS]
        if more > 0:
            shown.append(Problem(f"... and {more} more damaged lines; open the file in Poedit "
                                 "or compare it with locales/messages.pot", path))
        raise HandoutError(*shown)
    return data


def _declared_charset(data: bytes) -> tuple[str, int | None]:
    found = _CHARSET.search(data)
    if not found:
        return "utf-8", None
    return found.group(1).decode("ascii", "replace"), data[:found.start()].count(b"\n") + 1


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _syntax(text: str, path: Path | str) -> list[Problem]:
    """Lines that are not comments, keywords with quoted text, or quoted text; repeated msgids."""
    problems: list[Problem] = []
    seen: dict[tuple[str | None, str], int] = {}
    context: list[str] | None = None  # the msgctxt just read, waiting for its msgid
    entry: dict = {}  # the msgid being read: its context, its text parts, its line
    last: list[str] | None = None  # the text parts a continuation line extends

    def finish() -> None:
        if entry:
            key = (entry["context"] and "".join(entry["context"]), "".join(entry["id"]))
            if key in seen:
                problems.append(Problem(
                    f"this msgid is given twice (also at line {seen[key]}); the build would "
                    "print only one of the two translations. Keep the right one and delete "
                    "the other entry", path, entry["line"]))
            else:
                seen[key] = entry["line"]
            entry.clear()

    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        keyword = _KEYWORD.match(line)
        if keyword:
            name, rest = keyword.groups()
            last = None
            if not _STRING.match(rest):
                problems.append(Problem(f"the text after {name} {_QUOTES}", path, number))
            elif name == "msgctxt":
                finish()
                context = last = [rest[1:-1]]
            elif name == "msgid":
                finish()
                entry.update(context=context, id=[rest[1:-1]], line=number)
                context, last = None, entry["id"]
        elif line.startswith('"'):
            if not _STRING.match(line):
                problems.append(Problem(f"this line of text {_QUOTES}", path, number))
            elif last is not None:
                last.append(line[1:-1])
        else:
            problems.append(Problem(
                'this line is not part of a translation: each line is a comment (starting '
                'with #), msgid/msgstr followed by text in "double quotes", or more "quoted '
                'text". Delete it or put # in front', path, number))
    finish()
    return problems


def review_counts(path: Path) -> tuple[int, int, int]:
    """(reviewed, suggested, missing) entries of a .po file, read without Babel.

    Reviewed: translated and not fuzzy. Suggested: translated but fuzzy, the gettext flag for
    "needs a translator's review". Missing: no translation. The header and obsolete (#~)
    entries do not count. Light on purpose: a build with nothing to do reads every catalog.
    """
    counts = {"reviewed": 0, "suggested": 0, "missing": 0}
    text = path.read_bytes().decode("utf-8", errors="replace")
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [line.strip() for line in block.splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            keyword = _KEYWORD.match(line)
            if keyword:
                current, rest = keyword.groups()
                fields[current] = rest.strip().strip('"')
            elif line.startswith('"') and current:
                fields[current] += line.strip('"')
        if not fields.get("msgid") and "msgctxt" not in fields:
            continue  # the header, or not an entry
        strings = [value for name, value in fields.items() if name.startswith("msgstr")]
        state = "missing" if not any(strings) else "suggested" if fuzzy else "reviewed"
        counts[state] += 1
    return counts["reviewed"], counts["suggested"], counts["missing"]
