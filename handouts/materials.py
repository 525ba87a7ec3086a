"""The handouts this project makes: which template, which words, and how many pages fit."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Spec:
    """How one material is built.

    `pages` is the exact page count for fixed-size materials (a card, a brochure); for
    flowing ones (`fixed=False`) it is the most pages allowed before the text counts as
    overflowing. `fit_steps` is how many copyfit steps its stylesheet has (html.fit-1 ...):
    ways to set a longer translation a little smaller and tighter before it counts as
    overflowing. `large_print` names the slots a large-print edition reads, in reading order
    (templates/large-print.html.j2); a material without them has no large-print edition.
    `fits_like` names a material whose copyfit step this one takes as its first try: the
    card sheet is eight of the wallet card's faces, and a face that needs a step on the card
    needs it on the sheet, so the sheet's spills are found on one card, not on sixteen faces.
    """

    name: str
    source: str  # content/materials/<source>.yaml
    pages: int
    fixed: bool
    slots: tuple[str, ...] = ()
    uses_profile: bool = False
    # A notice whose words a law fixes, printed in several languages on one page (i18n/notice.py):
    # English, Spanish and a third language chosen per build or per profile.
    statutory: bool = False
    fit_steps: int = 0
    large_print: tuple[str, ...] = ()
    fits_like: str | None = None

    @property
    def template(self) -> str:
        return f"{self.name}.html.j2"


MATERIALS: dict[str, Spec] = {
    spec.name: spec
    for spec in (
        Spec("fact-sheet", "fact-sheet", pages=2, fixed=False, slots=("main",), fit_steps=3,
             large_print=("main",)),
        Spec("brochure", "brochure", pages=2, fixed=True,
             slots=("flap", "back", "inside-left", "inside-middle", "inside-right"),
             fit_steps=2,
             # opened up: the inside, then the self-check on the flap, then the back
             large_print=("inside-left", "inside-middle", "inside-right", "flap", "back")),
        Spec("hotline-card", "hotline-card", pages=2, fixed=True, fit_steps=2),
        Spec("hotline-card-sheet", "hotline-card", pages=2, fixed=True, fit_steps=2,
             fits_like="hotline-card"),
        Spec("school-handout", "school-handout", pages=2, fixed=False,
             slots=("learn", "signs", "students", "parents"), uses_profile=True,
             fit_steps=3, large_print=("learn", "signs", "students", "parents")),
        Spec("trafficking-notice", "trafficking-notice", pages=1, fixed=False, statutory=True),
    )
}
