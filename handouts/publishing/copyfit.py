"""Copyfitting in fewer layouts: guess the step a handout needs from its text, then search
around the guess.

Each copyfit trial is a whole WeasyPrint layout (0.25-0.5 s). Tried from step 0 up, a
translation that needs step 3 costs four layouts, and those failed trials were nearly all of
what a long language's PDF cost over an English one (`bench.py --languages`, 2026-12-03:
Russian, Armenian, Tagalog about 2.8 x English as built against 1.2-1.6 x as designed).

The step a handout needs follows from how much wider its translation sets than the English:
the strings it prints, each character weighted by its script's average advance in the
bundled Noto fonts (a Chinese character is about two Latin letters; an Armenian letter 1.2).
`predict` maps that ratio to a step, with thresholds calibrated against the steps every
handout needed in every language (desk drafts, 2026-12-03). The search lays out one step
below the prediction first: if that spills, it goes up from there; if it fits, down until a
step spills. Each step only sets type smaller and tighter than the one before, so a handout
that fits at a step fits at every later one; then the step found is the one trying each
step from the first up finds, and the PDF the same bytes (checked for every handout in every
language, 2026-12-03). A step predicted right costs two layouts (the step below spills, the
step fits), step 0 one; a wrong guess costs a layout or two more, never a different step.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from typing import TYPE_CHECKING

from handouts.project import SOURCE_LOCALE

if TYPE_CHECKING:
    from handouts.context import Context
    from handouts.jobs import Job

# Em per letter, by script: each script's average advance over the catalogs' text in its
# bundled Noto font (templates/fonts). Arabic is set joined, narrower than the 0.63 its
# isolated forms measure. (first code point, last, em), in order.
SCRIPTS = (
    (0x0400, 0x052F, 0.59),  # Cyrillic
    (0x0530, 0x058F, 0.64),  # Armenian
    (0x0600, 0x06FF, 0.50),  # Arabic, Farsi
    (0x0750, 0x077F, 0.50),  # Arabic supplement
    (0x1100, 0x11FF, 0.92),  # Hangul jamo
    (0x1780, 0x17FF, 0.59),  # Khmer (its subscripts and vowel signs above or below: 0, marks)
    (0x2E80, 0x9FFF, 1.00),  # CJK: ideographs, kana, full-width punctuation
    (0xAC00, 0xD7AF, 0.92),  # Hangul syllables
    (0xF900, 0xFAFF, 1.00),  # CJK compatibility ideographs
    (0xFB50, 0xFEFF, 0.50),  # Arabic presentation forms
    (0xFF00, 0xFF60, 1.00),  # full-width forms
)
_FIRSTS = [first for first, _, _ in SCRIPTS]
# Whatever is in no script above, by Unicode category: space, punctuation and symbols, digits;
# letters (Latin, Vietnamese) 0.53. Marks that stack and invisible characters take no room.
OTHER = {"Z": 0.26, "P": 0.39, "S": 0.39, "N": 0.57}
LETTER = 0.53
INVISIBLE = {"Mn", "Me", "Cf", "Cc"}

# The width ratio (translation / English) from which a handout has needed step 1, 2, 3: halfway
# between the ratios of the handouts that needed one step less and one more, measured on every
# language's desk draft, 2026-12-03. A material not here is predicted step 0. The card depends
# on a few lines more than on its length (Khmer's card, no wider than English, needs step 2).
STEP_AT: dict[str, tuple[float, ...]] = {
    "fact-sheet": (1.06, 1.15, 1.24),
    "school-handout": (1.035, 1.07, 1.27),
    "brochure": (1.10, 1.28),
    "hotline-card": (1.25, 1.375),
}


def width(text: str) -> float:
    """About how wide `text` sets on one line, in em."""
    total = 0.0
    for char in text:
        category = unicodedata.category(char)
        if category in INVISIBLE:
            continue
        code = ord(char)
        i = bisect_right(_FIRSTS, code) - 1
        if i >= 0 and code <= SCRIPTS[i][1]:
            total += SCRIPTS[i][2]
        else:
            total += OTHER.get(category[0], LETTER)
    return total


def widening(context: Context, job: Job) -> float:
    """How much wider the strings a job's handout prints set in its language than in English."""
    from handouts.i18n.translator import translator_for

    profile = None if job.profile_data else job.profile  # a district's school: the county's
    printed = context.lookups([job.material], profile)[job.material].printed
    translator = translator_for(context.project.locales, job.lang, draft=job.draft)
    english = translated = 0.0
    for msgctxt, msgid in printed:
        english += width(msgid)
        translated += width(translator.lookup(msgctxt, msgid)[0])
    return translated / english if english else 1.0


def predict(context: Context, job: Job) -> int:
    """The copyfit step a job's handout is likely to need (English: 0, as designed)."""
    thresholds = STEP_AT.get(job.material, ())
    if job.lang == SOURCE_LOCALE or not thresholds:
        return 0
    ratio = widening(context, job)
    return sum(ratio >= threshold for threshold in thresholds)


class Search:
    """Which copyfit step to lay out next, from what the layouts so far showed.

    `step` starts one below `guess` (within `lowest`..`highest`). While the text fits, it goes
    one step down, to `lowest` at most; once a step spills, up, to `highest` at most. It is
    None when the answer is known: `found`, the smallest step that fit (None if none did).
    """

    def __init__(self, lowest: int, highest: int, guess: int) -> None:
        self.lowest, self.highest = lowest, highest
        self.step: int | None = max(lowest, min(guess - 1, highest))
        self.found: int | None = None
        self._spilled = False

    def record(self, fits: bool) -> None:
        """What the layout at `step` showed."""
        step = self.step
        assert step is not None, "the search is over"
        if fits:
            self.found = step
            self.step = step - 1 if step > self.lowest and not self._spilled else None
        else:
            self._spilled = True
            self.step = step + 1 if step < self.highest and self.found is None else None
