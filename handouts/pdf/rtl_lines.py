"""Right-to-left lines laid out once, as left-to-right lines are.

WeasyPrint lays a line out, then asks where the floats leave room for it and lays it out again
until that place stops moving (`layout.inline.get_next_linebox`). For a left-to-right line it
compares the line's start with where it started; for a right-to-left line it compares the
line's end, `position_x + line.width`, with the empty line box's, `original_position_x +
original_width`, and with no float on the page the empty line box is 0 wide, so the two never
match and every Arabic and Farsi line was laid out twice (the second time the same): 40% more
layout for an Arabic handout than for the same pages set left to right.

With no float on the page nothing moves a line, so this answers the second question with the
place that makes the two ends match, and the line is kept after one layout. The answer's x is
read nowhere else: the other call with a laid-out line (for text-align) takes only the width.
Pages with floats, and left-to-right lines, get WeasyPrint's own answer.

It wraps one private function of WeasyPrint, written for the same WeasyPrint major as
pdf/weasy.py (weasy.WRITTEN_FOR).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline

_INSTALLED = "_handouts_rtl_lines_once"


def install() -> None:
    """Lay each right-to-left line of a page without floats out once, in this process."""
    if getattr(inline, _INSTALLED, False):
        return
    original: Callable[..., tuple[float, float, float]] = inline.avoid_collisions

    def avoid_collisions(context: Any, box: Any, containing_block: Any,
                         outer: bool = True) -> tuple[float, float, float]:
        position_x, position_y, available_width = original(context, box, containing_block,
                                                           outer)
        if not context.excluded_shapes and isinstance(box, boxes.LineBox) \
                and containing_block.style["direction"] == "rtl":
            # the empty line box was 0 wide: its end is where it started
            position_x -= box.width
        return position_x, position_y, available_width

    inline.avoid_collisions = avoid_collisions
    setattr(inline, _INSTALLED, True)
