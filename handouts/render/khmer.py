"""Line-break opportunities in Khmer text, which is written without spaces between words.

Pango has no Khmer dictionary, so an unspaced Khmer sentence is one unbreakable run that
spills out of its box. Khmer typists mark word boundaries with ZERO WIDTH SPACE (U+200B);
translators should not have to, so the renderer inserts one between syllables. A syllable
here is an orthographic cluster (a consonant or independent vowel with its subscripts,
vowel signs and marks, which must never be split) plus a final consonant written without a
vowel of its own, so that lines break between spoken syllables (កុ|មារ, not កុ|មា|រ).
"""

from __future__ import annotations

import re

ZWSP = "\u200b"
COENG = "\u17d2"  # joins the next consonant below the previous one: never break before it
_BASE = "\u1780-\u17b3"  # consonants U+1780-U+17A2, independent vowels U+17A3-U+17B3
_VOWELS = "\u17b4-\u17c5"  # inherent (invisible) and dependent vowel signs
_SIGNS = "\u17c6-\u17d1\u17d3\u17dd"  # nikahit, reahmuk, register shifters, bantoc, ...
_JOINERS = "\u200c\u200d"  # ZWNJ and ZWJ only change the cluster's shape

# One orthographic cluster: never split.
CLUSTER = re.compile(f"[{_BASE}](?:{COENG}[{_BASE}]|[{_VOWELS}{_SIGNS}{_JOINERS}])*")
# A lone consonant, perhaps silenced or shortened (bantoc, toandakhiat): a final, or a syllable
# with the inherent vowel.
_BARE = re.compile("[\u1780-\u17a2][\u17cb\u17cd]?")
# A consonant under bantoc (shortens the vowel before it) or toandakhiat (silent): always the
# final of the syllable before it (ស្គាល់, not ស្គា|ល់).
_MARKED_FINAL = re.compile("[\u1780-\u17a2][\u17cb\u17cd]")
_SAMYOK = "\u17d0"  # samyok sannya: its syllable always ends in a final consonant
_SPOKEN = re.compile(f"[{_VOWELS}\u17c6\u17c7]")  # a vowel sign, nikahit or reahmuk


def syllables(run: str) -> list[str]:
    """Split a run of Khmer letters (no spaces or punctuation) into syllables.

    A consonant under bantoc or toandakhiat is the final of the syllable before it (ស្គាល់).
    Without a dictionary another lone consonant is ambiguous: the final of the syllable before it
    (ការ), or a syllable of its own with the inherent vowel (បទ). Lone consonants are read in
    pairs (consonant + final), and an odd one out closes the syllable before it. A cluster with
    subscripts and no vowel is a final after samyok sannya (ស័ព្ទ) or at the end of the run
    (មនុស្ស); elsewhere it starts a syllable (ប្រសិន). A guess can miss a syllable boundary,
    but a break never falls inside a cluster.
    """
    found: list[str] = []
    clusters = CLUSTER.findall(run)
    i = 0
    while i < len(clusters):
        cluster = clusters[i]
        if found and _MARKED_FINAL.fullmatch(cluster):
            found[-1] += cluster
            i += 1
            continue
        lone = 0
        while i + lone < len(clusters) and _BARE.fullmatch(clusters[i + lone]) and \
                not (lone and _MARKED_FINAL.fullmatch(clusters[i + lone])):
            lone += 1
        closed = bool(found) and bool(_MARKED_FINAL.search(found[-1][-2:]))
        if closed and lone == 1 and i + 1 < len(clusters) and COENG in clusters[i + 1]:
            found.append(cluster + clusters[i + 1])  # after a marked final: សញ្ញា starts here
            i += 2
        elif found and not closed and lone % 2 == 1:
            found[-1] += cluster  # the odd one out: the previous syllable's final
            i += 1
        elif lone >= 2:
            found.append(cluster + clusters[i + 1])
            i += 2
        elif found and COENG in cluster and not _SPOKEN.search(cluster) and \
                (found[-1].endswith(_SAMYOK) or i == len(clusters) - 1):
            found[-1] += cluster
            i += 1
        else:
            found.append(cluster)
            i += 1
    return found


_RUN = re.compile(f"(?:{CLUSTER.pattern})+")


def mark_breaks(text: str) -> str:
    """Put a ZERO WIDTH SPACE between every two Khmer syllables in `text`, and nowhere else.

    Text that is not Khmer letters (spaces, punctuation such as ។, digits, other scripts) is
    left alone, so no break appears before a full stop. Text a translator already marked with
    zero width spaces is taken as it is.
    """
    if ZWSP in text:
        return text
    return _RUN.sub(lambda m: ZWSP.join(syllables(m.group(0))), text)


_TEXT = re.compile(r">([^<]+)<")


def mark_breaks_in_html(html: str) -> str:
    """Mark Khmer syllable breaks in the text of a page's <body> (never inside tags).

    The <head> (the title becomes the PDF's title) and attribute values are left as they are.
    """
    start = html.find("<body")
    if start < 0 or not re.search(f"[{_BASE}]", html):
        return html
    return html[:start] + _TEXT.sub(lambda m: f">{mark_breaks(m.group(1))}<", html[start:])
