"""Names that mix digits and Latin letters, kept in their own order in right-to-left text.

In an Arabic or Farsi sentence, "211 LA" is a number, a space and a Latin word: the Unicode
bidirectional algorithm sets the number and the word as two runs and orders them right to
left, so the page shows "LA 211". A left-to-right isolate (U+2066 ... U+2069) around the whole
name keeps it as written. The templates isolate numbers and addresses they print
(macros.ltr); this does the same for such names inside translated text, so translators never
type direction marks (the translation gate refuses them).
"""

from __future__ import annotations

import re

LRI, PDI = "\u2066", "\u2069"
_WORD = r"[0-9A-Za-z][0-9A-Za-z.'\-]*"
# text already isolated (by the templates) | two or more Latin words and numbers in a row
_RUN = re.compile(f"(&#x2066;.*?&#x2069;|{LRI}.*?{PDI})|({_WORD}(?: {_WORD})+)")
_TEXT = re.compile(r">([^<]+)<")
_RTL_PAGE = re.compile(r"<html\b[^>]*\bdir=\"rtl\"")


def _isolate(match: re.Match[str]) -> str:
    run = match.group(2)
    if run is None or not (re.search("[0-9]", run) and re.search("[A-Za-z]", run)):
        return match.group(0)
    return f"{LRI}{run}{PDI}"


def isolate_mixed_names(html: str) -> str:
    """Isolate every run of Latin words with a number in the <body> of a right-to-left page."""
    start = html.find("<body")
    if start < 0 or not _RTL_PAGE.search(html[:start]):
        return html
    return html[:start] + _TEXT.sub(lambda m: f">{_RUN.sub(_isolate, m.group(1))}<",
                                    html[start:])
