"""The handouts' colours, each named once: as the desk edition shows it, and as a press prints it.

The desk edition (screens, office printers) keeps the designed sRGB. The print edition gets
chosen CMYK builds, written as CSS `device-cmyk()`, which WeasyPrint writes as DeviceCMYK: a
RIP then prints them as they are instead of converting RGB itself (which turned the body text
into four plates, C58 M34 Y30 K85, and fringed small type when the plates misregistered).

- Black and near-black (text, rules, marks, QR modules) are K only.
- Brand colours and tints are the clean build closest to the desk colour through the print
  files' own output intent (templates/color/GRACoL-TR006-coated.icc, relative colorimetric):
  the delta E (CIE76) to the sRGB colour is noted beside each. Light tints use no black
  (black dots show in a pale tint), and no plate is used under 5 %.
- No build puts down more than 300 % ink.

The templates read these as CSS custom properties (`var(--ink)`, set on every page's <body>
by templates/base.html.j2) and, where CSS does not reach (inline SVG icons, the QR code), as
the `colors` mapping the templates are rendered with.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

INK_LIMIT = 300  # percent: the most ink any colour here may put down (all four plates)


@dataclass(frozen=True)
class Colour:
    srgb: str  # "#rrggbb": the desk edition, as designed
    cmyk: tuple[int, int, int, int]  # percent of cyan, magenta, yellow, black: the print edition
    alpha: float = 1.0  # below 1: drawn see-through over what is behind it

    def css(self, printing: bool) -> str:
        """The CSS colour for one edition."""
        if printing:
            plates = " ".join(f"{value}%" for value in self.cmyk)
            return f"device-cmyk({plates} / {self.alpha:g})" if self.alpha < 1 \
                else f"device-cmyk({plates})"
        if self.alpha < 1:
            red, green, blue = (int(self.srgb[i:i + 2], 16) for i in (1, 3, 5))
            return f"rgba({red}, {green}, {blue}, {self.alpha:g})"
        return self.srgb

    def see_through(self, alpha: float) -> Colour:
        return replace(self, alpha=alpha)


BLACK = Colour("#000000", (0, 0, 0, 100))  # cut and fold marks, QR modules
PAPER = Colour("#ffffff", (0, 0, 0, 0))  # no ink: the paper shows
ACCENT = Colour("#c2562f", (0, 75, 90, 20))  # rust, delta E 1.5

PALETTE: dict[str, Colour] = {
    "black": BLACK,
    "paper": PAPER,
    "ink": Colour("#1f2a30", (0, 0, 0, 100)),  # body text: solid black on press, delta E 7.2
    "muted": Colour("#3c4a50", (0, 0, 0, 87)),  # small print, captions: delta E 7.8
    "quiet": Colour("#4d5d63", (0, 0, 0, 79)),  # footers: delta E 7.2
    "deep": Colour("#0d4f5c", (80, 15, 20, 65)),  # dark teal, headings and bands: delta E 0.8
    "accent": ACCENT,
    "soft": Colour("#eef5f4", (10, 0, 5, 0)),  # pale teal band: delta E 1.6
    "foam": Colour("#e8f3f1", (10, 0, 5, 0)),  # pale teal text on the teal: delta E 1.1
    "mist": Colour("#cfe6e3", (20, 0, 10, 0)),  # light teal text on the teal: delta E 1.8
    "rule": Colour("#b9d3d0", (30, 10, 20, 0)),  # hairlines: delta E 2.4
    "sage": Colour("#9fb9b6", (45, 20, 30, 0)),  # the desk brochure's fold ticks: delta E 2.0
    "sand": Colour("#fbf3e4", (0, 5, 10, 0)),  # warm boxes: delta E 2.0
    "blush": Colour("#f3c9b8", (5, 26, 24, 0)),  # a draft card's stamp on the teal: delta E 0.8
    # Drafts only: the highlights that mark English left in and unreviewed suggestions.
    "highlight": Colour("#ffe066", (0, 10, 70, 0)),  # delta E 2.3
    "highlight-edge": Colour("#b08800", (0, 25, 100, 35)),  # delta E 2.5
    "suggest": Colour("#d8ecff", (20, 5, 0, 0)),  # delta E 3.1
    "suggest-edge": Colour("#3a6ea5", (80, 45, 0, 15)),  # delta E 1.1
    # See-through layers of the decoration (rings, veils) and the draft stamp.
    "paper-6": PAPER.see_through(0.06),
    "paper-7": PAPER.see_through(0.07),
    "paper-10": PAPER.see_through(0.1),
    "paper-35": PAPER.see_through(0.35),
    "accent-35": ACCENT.see_through(0.35),
    "accent-40": ACCENT.see_through(0.4),
    "accent-50": ACCENT.see_through(0.5),
    "accent-80": ACCENT.see_through(0.8),
}


def colours(printing: bool) -> dict[str, str]:
    """Every colour's name -> its CSS value in one edition (print: CMYK; desk: sRGB)."""
    return {name: colour.css(printing) for name, colour in PALETTE.items()}


@functools.cache
def press_builds() -> Mapping[str, tuple[int, int, int, int]]:
    """Each desk colour -> its CMYK build: how the print edition is written from the layout
    both editions share (pdf/editions.py). Two names may share a build, never a desk colour
    with two builds."""
    builds: dict[str, tuple[int, int, int, int]] = {}
    for name, colour in PALETTE.items():
        if builds.setdefault(colour.srgb, colour.cmyk) != colour.cmyk:
            raise ValueError(f"palette: {name} has the desk colour {colour.srgb} of another "
                             "colour but not its CMYK build")
    return MappingProxyType(builds)
