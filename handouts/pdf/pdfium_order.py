"""The /ActualText that makes PDFium read a line holding right-to-left text back as typed.

PDFium (the viewer in Chrome and Edge, and pypdfium2) does not take a span's /ActualText as
the text. It takes a line's text objects from left to right (one that does not advance, a
raised accent drawn on its own, it leaves out), puts in each span's /ActualText with the
span's first object, a space where it finds two spans apart, and then runs a bidi pass of its
own over the whole line. That pass (measured on PDFium 8149 by reading test PDFs back, beside
the source of `CPDF_TextPage::CloseTempLine` and `CFX_BidiString`) cuts the line into runs of
one class each: left to right (L), weak (digits, NSM, separators, BN: ZWNJ too), right to
left (R, AL) and neutral (the rest). If the line has more right-to-left runs than
left-to-right ones it takes the runs in reverse order, else in order; it never reverses the
characters inside a run, and it mirrors each bracket it reads in a right-to-left stretch.

Before that pass PDFium turns a span's /ActualText round where the span's first text object
draws more right-to-left runs than left-to-right ones, and also where the /ActualText itself
has more and so does the object it read the text just before with (the span to the left, or
the end of the line before), for text matrices that flip y, as WeasyPrint's do.

So a line reads back as typed when its spans, taken left to right, hold the typed line's runs
in the order that pass will turn round, each bracket it will mirror already mirrored, and
each span's piece turned round where PDFium will turn it. With the spans of a right-to-left
line in reverse order on the page, as they are, each span then carries its own words: one
span per line of an Arabic paragraph, a number or a Latin name with it, or a link. This
module works that out for one line, knowing nothing of WeasyPrint. Where PDFium assembles a
line otherwise than the page sets it (two lines of a small label whose accents overlap, read
as one) the line still reads out of order.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# PDFium's classes (CFX_BidiChar::AppendChar): L left, W weak, R right, N neutral
_CLASS = {"L": "L", "R": "R", "AL": "R",
          **dict.fromkeys(("AN", "EN", "NSM", "CS", "ES", "ET", "BN"), "W")}
_FIRST_RIGHT_TO_LEFT = "\u0590"  # no character before Hebrew's is of class R or AL
_MIRRORED = str.maketrans("()[]{}<>\u00ab\u00bb\u2039\u203a", ")(][}{><\u00bb\u00ab\u203a\u2039")


@dataclass(frozen=True)
class Shown:
    """The first text object of a span, as PDFium measures it: the first character of each
    glyph's text, the last glyph's whole text, where the object starts, its font size, the
    first glyph's width (in 1/1000 of the size), and where the last glyph starts and its
    width."""

    chars: str
    last_text: str
    x: float
    size: float
    first_units: float
    last_x: float
    last_units: float


@dataclass(frozen=True)
class Span:
    """One span of a line: the text a reader should get, and its first text object (the
    leftmost, which PDFium reads the span's /ActualText with)."""

    text: str
    first: Shown


def has_right_to_left(text: str) -> bool:
    if not text or max(text) < _FIRST_RIGHT_TO_LEFT:  # Latin, Greek, Cyrillic, Armenian...
        return False
    return any(_class(char) == "R" for char in text)


def draws_right_to_left(shown: Shown) -> bool:
    """Whether PDFium takes a text object as right to left: more right-to-left runs than
    left-to-right ones among the first characters of its glyphs' text."""
    return _right_to_left(_runs(shown.chars))


def actual_texts(spans: Sequence[Span], after_rtl: bool) -> list[str]:
    """The /ActualText of each span of one line (in the order given, which is the order they
    were typed) that PDFium reads back as the spans' texts, one after the other; `after_rtl`:
    whether the text object PDFium read the end of the line before with draws right to
    left."""
    visual = sorted(range(len(spans)), key=lambda i: spans[i].first.x)  # as PDFium takes them
    # a space PDFium puts between two spans it reads apart, after the first typed of the two
    spaced = {visual[k] for k in range(1, len(visual))
              if _space_between(spans[visual[k - 1]].first, spans[visual[k]].first)}
    after = {min(visual[k - 1], visual[k]) for k in range(1, len(visual)) if visual[k] in spaced}
    stored = _stored("".join(span.text + (" " if i in after else "")
                             for i, span in enumerate(spans)))
    texts, start = {}, 0
    for i in visual:
        start += i in spaced
        piece = stored[start:start + len(spans[i].text)]
        start += len(spans[i].text)
        first_rtl = draws_right_to_left(spans[i].first)
        turned = first_rtl or (after_rtl and _right_to_left(_runs(piece)))
        texts[i] = piece[::-1] if turned else piece
        after_rtl = first_rtl
    return [texts[i] for i in range(len(spans))]


def _stored(line: str) -> str:
    """What PDFium must meet, left to right, to read `line` back: its runs in the order its
    pass turns round, each bracket it mirrors already mirrored."""
    runs = _runs(line)
    rtl = _right_to_left(runs)
    reading = "R" if rtl else "L"  # where the pass starts
    as_stored = []
    for kind, text in runs:
        if kind == "R" or (kind == "N" and reading == "R"):
            reading = "R"
            text = text.translate(_MIRRORED)  # the pass mirrors it back
        elif kind != "W":
            reading = "L"
        as_stored.append(text)
    return "".join(as_stored[::-1] if rtl else as_stored)


def _space_between(before: Shown, after: Shown) -> bool:
    """Whether PDFium puts a space between the text read with `before` and the object
    `after`, the next it meets on the line (`CPDF_TextPage::ProcessInsertObject`): neither
    side ends in a space and the gap is wider than its threshold."""
    if after.chars[:1] == " " or before.last_text[-1:] == " ":
        return False
    last_width = before.last_units * before.size / 1000
    this_width = after.first_units * after.size / 1000
    units = max(before.last_units, after.first_units)
    threshold = units / (2 if units < 400 else 4 if units < 700 else 5 if units < 800 else 6)
    threshold *= (before.size if before.last_units >= after.first_units else after.size) / 1000
    if abs(before.last_x + last_width - after.x) <= threshold:
        return False
    gap = after.x - before.last_x
    return abs(gap) > threshold + last_width or gap > this_width + last_width


def _class(char: str) -> str:
    return _CLASS.get(unicodedata.bidirectional(char), "N")


def _runs(text: str) -> list[tuple[str, str]]:
    runs: list[list[str]] = []
    for char in text:
        kind = _class(char)
        if runs and runs[-1][0] == kind:
            runs[-1][1] += char
        else:
            runs.append([kind, char])
    return [(kind, run) for kind, run in runs]


def _right_to_left(runs: list[tuple[str, str]]) -> bool:
    kinds = [kind for kind, _ in runs]
    return kinds.count("R") > kinds.count("L")
