"""Line-break opportunities in Khmer text, which is written without spaces between words.

Pango has no Khmer dictionary, so an unspaced Khmer sentence is one unbreakable run that
spills out of its box. Khmer typists mark word boundaries with ZERO WIDTH SPACE (U+200B);
translators should not have to, so the renderer inserts one between words. Where the words
end is a dictionary's question (ICU's word break iterator, which browsers use too): a break
between syllables of one word (ក|ន្លែង, មនុ|ស្ស) is a misprint to a Khmer reader.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

from icu4py.breakers import WordBreaker

ZWSP = "\u200b"
COENG = "\u17d2"  # joins the next consonant below the previous one: never break before it
_BASE = "\u1780-\u17b3"  # consonants U+1780-U+17A2, independent vowels U+17A3-U+17B3
_VOWELS = "\u17b4-\u17c5"  # inherent (invisible) and dependent vowel signs
_SIGNS = "\u17c6-\u17d1\u17d3\u17dd"  # nikahit, reahmuk, register shifters, bantoc, ...
_JOINERS = "\u200c\u200d"  # ZWNJ and ZWJ only change the cluster's shape

# One orthographic cluster: never split.
CLUSTER = re.compile(f"[{_BASE}](?:{COENG}[{_BASE}]|[{_VOWELS}{_SIGNS}{_JOINERS}])*")
_RUN = re.compile(f"(?:{CLUSTER.pattern})+")

# Words of these handouts that ICU's dictionary does not hold or reads wrong, kept whole:
# without them "Los Angeles" would break as ឡេ|សមិន (the name's last letter taken into the next
# word), "California" as កា|លី|ហ្វ័|រញ៉ា, "or anyone" (ឬ នរណា) as ឬន|រណា, "come to" as មករ|ក.
KNOWN = ("ឡូសអាន់ជឺឡេស", "ខោនធី", "កាលីហ្វ័រញ៉ា", "ក្រមរដ្ឋប្បវេណី", "តារាម៉ូដែល", "នរណា",
         "មករក")
_KNOWN = re.compile("|".join(map(re.escape, sorted(KNOWN, key=len, reverse=True))))


@cache
def words(run: str) -> tuple[str, ...]:
    """Split a run of Khmer letters (no spaces or punctuation) into words, by dictionary.

    A boundary the dictionary gives is used only where it falls between two orthographic
    clusters, so a break never separates a subscript or a vowel sign from its consonant.
    """
    found: list[str] = []
    start = 0
    for name in _KNOWN.finditer(run):
        found += _dictionary_words(run[start:name.start()])
        found.append(name.group(0))
        start = name.end()
    found += _dictionary_words(run[start:])
    return tuple(word for word in found if word)


def _dictionary_words(run: str) -> list[str]:
    if not run:
        return []
    clusters = {m.start() for m in CLUSTER.finditer(run)}
    cuts = [0, *(start for start, _end in WordBreaker(run, "km").segments()
                 if start in clusters and start), len(run)]
    return [run[a:b] for a, b in itertools.pairwise(cuts) if a < b]


def mark_breaks(text: str) -> str:
    """Put a ZERO WIDTH SPACE between every two Khmer words in `text`, and nowhere else.

    Text that is not Khmer letters (spaces, punctuation such as ។, digits, other scripts) is
    left alone, so no break appears before a full stop. Text a translator already marked with
    zero width spaces is taken as it is: they chose where its words end.
    """
    if ZWSP in text:
        return text
    return _RUN.sub(lambda m: ZWSP.join(words(m.group(0))), text)


_TEXT = re.compile(r">([^<]+)<")


def mark_breaks_in_html(html: str) -> str:
    """Mark Khmer word breaks in the text of a page's <body> (never inside tags).

    The <head> (the title becomes the PDF's title) and attribute values are left as they are.
    """
    start = html.find("<body")
    if start < 0 or not re.search(f"[{_BASE}]", html):
        return html
    return html[:start] + _TEXT.sub(lambda m: f">{mark_breaks(m.group(1))}<", html[start:])
