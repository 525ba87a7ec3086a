"""What a PDF paints, and in which colour: every content stream and form XObject walked with
pikepdf, as a RIP would read them, for the print shop's checks (test_print_promises.py)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pikepdf


@dataclass(frozen=True)
class Paint:
    """One thing painted: text, a filled or stroked path, an image or a shading."""

    what: str  # "text", "fill", "stroke", "image", "shading"
    space: str  # "DeviceCMYK", "DeviceRGB", "DeviceGray", "ICC/3" (an ICC space, 3 components)...
    values: tuple[float, ...]  # the colour's components (none for images and shadings)
    amount: int  # glyphs of text, subpaths of a path; 1 for the rest
    page: int

    @property
    def ink(self) -> float:
        """Total ink in percent, for a CMYK colour."""
        return round(sum(self.values) * 100, 3)


DEVICE = {"/DeviceCMYK": "DeviceCMYK", "/DeviceRGB": "DeviceRGB", "/DeviceGray": "DeviceGray"}
DEFAULT_VALUES = {"DeviceCMYK": (0.0, 0.0, 0.0, 1.0), "DeviceRGB": (0.0, 0.0, 0.0),
                  "DeviceGray": (0.0,)}
FILLS = {"f", "F", "f*"}
STROKES = {"S", "s"}
BOTH = {"B", "B*", "b", "b*"}
SHOW_TEXT = {"Tj", "TJ", "'", '"'}


def _space(space: object, resources: pikepdf.Dictionary) -> str:
    """The name of a colour space given by name or array, looked up in `resources`."""
    if isinstance(space, pikepdf.Name) and str(space) in DEVICE:
        return DEVICE[str(space)]
    named = resources.get("/ColorSpace") or {}
    if isinstance(space, pikepdf.Name) and space in named:
        space = named[space]
    if isinstance(space, pikepdf.Array):
        family = str(space[0])
        if family == "/ICCBased":
            return f"ICC/{int(space[1].N)}"
        return family.lstrip("/")
    return str(space).lstrip("/")


def _glyphs(operands: list, operator: str) -> int:
    strings = operands[-1:] if operator != "TJ" else [o for o in operands[0]
                                                     if isinstance(o, pikepdf.String)]
    return sum(max(len(bytes(s)) // 2, 1) for s in strings)


def _walk(content: pikepdf.Object, resources: pikepdf.Dictionary, page: int,
          state: dict, found: list[Paint], seen: set) -> None:
    stack: list[dict] = []
    subpaths = 0
    for operands, op in pikepdf.parse_content_stream(content):
        operator = str(op)
        if operator == "q":
            stack.append(dict(state))
        elif operator == "Q" and stack:
            state = stack.pop()
        elif operator in ("g", "G", "rg", "RG", "k", "K"):
            side = "fill" if operator.islower() else "stroke"
            space = {"g": "DeviceGray", "rg": "DeviceRGB", "k": "DeviceCMYK"}[operator.lower()]
            state[side] = (space, tuple(float(v) for v in operands))
        elif operator in ("cs", "CS"):
            side = "fill" if operator == "cs" else "stroke"
            space = _space(operands[0], resources)
            state[side] = (space, DEFAULT_VALUES.get(space, ()))
        elif operator in ("sc", "scn", "SC", "SCN"):
            side = "fill" if operator.islower() else "stroke"
            state[side] = (state[side][0], tuple(float(v) for v in operands
                                                 if not isinstance(v, pikepdf.Name)))
        elif operator == "Tr":
            state["mode"] = int(operands[0])
        elif operator in SHOW_TEXT:
            mode = state.get("mode", 0)
            for side in (["fill"] if mode in (0, 2, 4, 6) else []) + \
                        (["stroke"] if mode in (1, 2, 5, 6) else []):
                found.append(Paint("text", *state[side], _glyphs(operands, operator), page))
        elif operator in ("m", "re"):
            subpaths += 1
        elif operator in FILLS | STROKES | BOTH | {"n"}:
            if operator in FILLS | BOTH:
                found.append(Paint("fill", *state["fill"], subpaths, page))
            if operator in STROKES | BOTH:
                found.append(Paint("stroke", *state["stroke"], subpaths, page))
            subpaths = 0
        elif operator == "sh":
            shading = (resources.get("/Shading") or {})[operands[0]]
            found.append(Paint("shading", _space(shading.ColorSpace, resources), (), 1, page))
        elif operator == "INLINE IMAGE":
            image = operands[0]
            found.append(Paint("image", _space(image.obj.get("/CS", "/DeviceGray"), resources),
                               (), 1, page))
        elif operator == "Do":
            xobject = (resources.get("/XObject") or {})[operands[0]]
            if xobject.Subtype == "/Image":
                found.append(Paint("image", _space(xobject.get("/ColorSpace", "/DeviceGray"),
                                                   resources), (), 1, page))
            elif xobject.Subtype == "/Form" and xobject.objgen not in seen:
                _walk(xobject, xobject.get("/Resources", resources), page, dict(state), found,
                      seen | {xobject.objgen})


@cache
def paints(path: Path) -> tuple[Paint, ...]:
    """Everything every page of the PDF paints, forms included, in drawing order."""
    found: list[Paint] = []
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            state = {"fill": ("DeviceGray", (0.0,)), "stroke": ("DeviceGray", (0.0,))}
            _walk(page.obj, page.Resources, number, state, found, set())
    return tuple(found)
