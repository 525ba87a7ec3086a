"""Balanced columns: a column laid out again only when its new height changes what it holds.

WeasyPrint balances columns (`layout.column.columns_layout`) in rounds: it tries a height, lays
every column out from the top, and, while the content does not fit, raises the height by the
space the next box lacked, or by 1 px when it cannot tell, and lays them all out again. Most
rounds give a column the same boxes as the round before: the Arabic fact sheet's four
resources were tried at 14 heights 1 px apart, the first column holding the same one at 13 of
them, and the Russian school handout's "What to remember" at 19 heights where its first point
did not fit yet. Every round also measures the next box again (the same box each time).

A column's layout depends on its height only through the overflow tests it makes
(`LayoutContext.overflows_page`: does this line, this box, end below the bottom?). So this
notes each test a column's layout made; when the same column is asked for again from the same
place, and every test it made comes out the same at the new height (by more than a rounding
error), the layout would be the same, and the one made before is given again. What is reused
is only read by the balancing rounds: the heights WeasyPrint tries, the one it keeps and the
columns it finally lays out are its own, so the PDFs are the same bytes.

A layout is reused at another height only when it broke between the column's own boxes, or
laid nothing out: a box broken across columns is stretched to the column's bottom, so its
height follows the column's. Nothing is reused from a layout that placed a float, a footnote
or a running element, or that holds columns of its own. The measurement of the next box
(laid out at no height at all) is reused from the same place.

It wraps two private functions of WeasyPrint (`block.columns_layout`, and, while one
multi-column box is laid out, `block.block_box_layout`, which column.py calls), written for
the same WeasyPrint major as pdf/weasy.py (weasy.WRITTEN_FOR); with any other it stays out.
Checked on every handout in every language, drafts, large print, print and a district: the
same 183 PDFs byte for byte, and each reused layout equal to one made afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from math import isfinite
from typing import Any

from weasyprint.layout import block

from handouts.pdf.weasy import version_problem

_INSTALLED = "_handouts_column_rounds"
_MARGIN = 1e-6  # CSS px: a test closer than this to flipping is not trusted to stay


def install() -> None:
    """Reuse a balancing round's column layouts that a new height leaves unchanged."""
    if getattr(block, _INSTALLED, False) or version_problem() is not None:
        return
    original: Callable[..., tuple[Any, ...]] = block.columns_layout

    def columns_layout(context: Any, box: Any, *args: Any) -> tuple[Any, ...]:
        # column.py reads block.block_box_layout when it starts: it gets the rounds' memory
        outer = block.block_box_layout
        if isinstance(outer, _Rounds):
            outer.nested = True  # the outer columns' layout now holds columns
        block.block_box_layout = _Rounds(outer)
        try:
            return original(context, box, *args)
        finally:
            block.block_box_layout = outer

    block.columns_layout = columns_layout
    setattr(block, _INSTALLED, True)


class _Rounds:
    """`block_box_layout` for one multi-column box's layout: remembers its columns' layouts.

    Called by column.py for each column of each round (with an empty list of adjoining margins)
    and for the columns it keeps (with none: always laid out afresh), and by block.py for every
    box inside them, which it passes straight on.
    """

    def __init__(self, layout: Callable[..., tuple[Any, ...]]) -> None:
        self.layout = layout
        self.laying_out = False
        self.nested = False
        self.laid_out: dict[tuple[Any, ...], list[_Layout]] = {}

    def __call__(self, context: Any, box: Any, bottom_space: float, skip_stack: Any,
                 *args: Any, **kwargs: Any) -> tuple[Any, ...]:
        if self.laying_out or not box.is_column or args[4] is None:
            return self.layout(context, box, bottom_space, skip_stack, *args, **kwargs)
        page_is_empty = args[1]
        # boxes compare as themselves: the key keeps them, so no other box takes their place
        key = (box, _frozen(skip_stack), page_is_empty, context.page_bottom,
               tuple(context.excluded_shapes))
        for earlier in self.laid_out.get(key, ()):
            if earlier.holds_at(bottom_space, context.page_bottom):
                return earlier.result
        before = _placed(context)
        tests: list[tuple[float, float, bool]] = []
        test = context.overflows_page

        def overflows_page(space: float, position_y: float) -> bool:
            overflows: bool = test(space, position_y)
            tests.append((space, position_y, overflows))
            return overflows

        self.laying_out, self.nested = True, False
        outer = context.__dict__.get("overflows_page")  # columns inside columns: the outer's
        context.overflows_page = overflows_page  # on this context only, while it lays out
        try:
            result = self.layout(context, box, bottom_space, skip_stack, *args, **kwargs)
        finally:
            if outer is None:
                del context.overflows_page
            else:
                context.overflows_page = outer
            self.laying_out = False
        if not self.nested and _placed(context) == before:
            self.laid_out.setdefault(key, []).append(_Layout(bottom_space, tests, result))
        return result


class _Layout:
    """One column's layout, and the overflow tests that decided it."""

    def __init__(self, bottom_space: float, tests: list[tuple[float, float, bool]],
                 result: tuple[Any, ...]) -> None:
        self.bottom_space = bottom_space
        self.tests = tests
        self.result = result
        new_box, resume_at = result[0], result[1]
        # broken inside a box: that box reaches down to the bottom, wherever it is
        self.stretches = new_box is not None and resume_at is not None and any(
            stack is not None for stack in resume_at.values())

    def holds_at(self, bottom_space: float, page_bottom: float) -> bool:
        """Whether laying the column out with this bottom space would give the same."""
        if bottom_space == self.bottom_space:
            return True
        if self.stretches or not isfinite(bottom_space) or not isfinite(self.bottom_space):
            return False
        shift = bottom_space - self.bottom_space
        for space, position_y, overflowed in self.tests:
            if space == -float("inf"):
                continue  # no bottom: nothing overflows, at any height
            if not isfinite(space):
                return False
            past = position_y - (page_bottom - space - shift) * (1 + 1e-9)
            if (past > _MARGIN) != overflowed or abs(past) <= _MARGIN:
                return False
        return True


def _placed(context: Any) -> tuple[int, ...]:
    """What a layout can leave behind on the page besides its boxes."""
    return (len(context.excluded_shapes), len(context.current_page_footnotes),
            len(context.reported_footnotes), len(context.broken_out_of_flow),
            sum(len(boxes) for pages in context.running_elements.values()
                for boxes in pages.values()))


def _frozen(skip_stack: dict[int, Any] | None) -> Any:
    """A skip stack (where a layout resumes, nested dicts) as a key."""
    if skip_stack is None:
        return None
    return tuple(sorted((index, _frozen(stack)) for index, stack in skip_stack.items()))
