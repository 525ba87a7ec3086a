"""Pseudo-locales made on the fly from the source strings, for layout testing.

en-XA: accented look-alikes, about 35% longer, wrapped in [brackets] so clipping shows.
ar-XB: every word shown right-to-left (as Android's ar-XB does), laid out with dir="rtl".
Placeholders like %(number)s and the allowed <b> tags are left intact.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_KEEP = re.compile(r"(%\([a-z_]+\)s|%%|</?b>|https?://\S+|\S+@\S+|[\d][\d-]*)")
_ACCENTS = str.maketrans(
    "aceinouyACEINOUYsSzZ",
    "àçéîñöûýÀÇÉÎÑÖÛÝšŠžŽ",
)
_FILLER = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_RLO, _PDF, _RLM = "\u202e", "\u202c", "\u200f"


def _pieces(text: str) -> list[tuple[str, bool]]:
    """Split text into (piece, keep) pairs: kept pieces are never changed."""
    out, pos = [], 0
    for m in _KEEP.finditer(text):
        out.append((text[pos:m.start()], False))
        out.append((m.group(0), True))
        pos = m.end()
    out.append((text[pos:], False))
    return [(p, keep) for p, keep in out if p]


def accented(text: str) -> str:
    """en-XA: accent every letter, add ~35% filler words, and bracket the result."""
    body = "".join(p if keep else p.translate(_ACCENTS) for p, keep in _pieces(text))
    extra_chars = round(len(text) * 0.35)
    filler: list[str] = []
    i = 0
    while sum(len(w) + 1 for w in filler) < extra_chars:
        filler.append(_FILLER[i % len(_FILLER)])
        i += 1
    return f"[{body}{' ' if filler else ''}{' '.join(filler)}]"


def mirrored(text: str) -> str:
    """ar-XB: force each word right-to-left so direction bugs show, keeping placeholders."""

    def flip(piece: str) -> str:
        return re.sub(r"[^\W\d_]+", lambda m: f"{_RLM}{_RLO}{m.group(0)}{_PDF}{_RLM}", piece)

    return "".join(p if keep else flip(p) for p, keep in _pieces(text))


PSEUDO: dict[str, Callable[[str], str]] = {"en-XA": accented, "ar-XB": mirrored}
