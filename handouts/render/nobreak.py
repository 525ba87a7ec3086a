"""Where a line must not break: between a label and its number, inside a Korean word, and
inside the Chinese word before a number.

Pango breaks a line wherever Unicode allows, which splits what readers take as one unit:
"Звоните / 911", "Mag-text sa / 233733", and any two Hangul syllables (Korean readers expect
breaks between words only, CSS `word-break: keep-all`, which WeasyPrint 70 lacks). The
renderer joins them with characters that only forbid a break and draw nothing: NO-BREAK
SPACE for the space between a label and its number (a long label still wraps, before the
number), WORD JOINER between the letters of a Korean word. Translators never type either:
this runs on the HTML, after their text has passed the translation gate.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
WJ = "\u2060"  # WORD JOINER: default-ignorable, so it has no glyph and no place in the text
HANGUL = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3"
HAN = "\u3400-\u4dbf\u4e00-\u9fff"

# The space between a label's last word (perhaps closing a highlight or <b>) and a number link
_BEFORE_NUMBER = re.compile(r'([^\s>])((?:</\w+>)*)[ \t\n]+(<a class="phone")')
# The space between a number link and the word that follows it in the same sentence
# ("Գրեք 233733 համարին": write to number 233733)
_AFTER_NUMBER = re.compile(r"(</a>)[ \t\n]+(?=\w)")
# The last two Han characters of a Chinese label, whose word ("拨打", dial) Pango would
# split like any two Han characters: "拨 / 打 1-800-540-4000"
_HAN_WORD_BEFORE_NUMBER = re.compile(f"(?<=[{HAN}])(?=[{HAN}](?:</\\w+>)*{NBSP}<a class=\"phone\")")
# A number link and a word written against it ("988번으로")
_AGAINST_NUMBER = re.compile(r"(</a>)(?=\w)")
# Two letters of one Korean word, at least one of them Hangul ("24시간", "상황이나")
_IN_KOREAN_WORD = re.compile(f"(?<=[{HANGUL}])(?=\\w)|(?<=\\w)(?=[{HANGUL}])")
_TEXT = re.compile(r">([^<]+)<(?!/title>)")  # an icon's <title> is its alternative text
_INLINE_TAGS = r"(?:</?(?:mark|b|strong|span)\b[^>]*>)+"
# A highlight or <b> that starts or ends inside a Korean word ("<mark>위기</mark>에")
_TAGS_IN_KOREAN_WORD = re.compile(f"(?<=[{HANGUL}])(?={_INLINE_TAGS}\\w)"
                                  f"|(?<=\\w)(?={_INLINE_TAGS}[{HANGUL}])")


def keep_together(html: str) -> str:
    """Join each label to its number and each Korean word's letters in a page's <body>."""
    start = html.find("<body")
    if start < 0:
        return html
    body = html[start:]
    body = _BEFORE_NUMBER.sub(lambda m: f"{m.group(1)}{m.group(2)}{NBSP}{m.group(3)}", body)
    body = _HAN_WORD_BEFORE_NUMBER.sub(WJ, body)
    body = _AFTER_NUMBER.sub(lambda m: f"{m.group(1)}{NBSP}", body)
    body = _AGAINST_NUMBER.sub(lambda m: f"{m.group(1)}{WJ}", body)
    if re.search(f"[{HANGUL}]", body):
        body = _TEXT.sub(lambda m: f">{_IN_KOREAN_WORD.sub(WJ, m.group(1))}<", body)
        body = _TAGS_IN_KOREAN_WORD.sub(WJ, body)
    return html[:start] + body
