"""An icon drawn once and written again where it recurs (pdf/svg_once.py) gives the bytes
WeasyPrint gives when it draws every icon itself, in the desk and the print edition."""

from __future__ import annotations

from pathlib import Path

from handouts.context import Context
from handouts.jobs import BOTH, Job
from handouts.pdf.typeset import DESK_STANDARD, PRINT_STANDARD
from handouts.project import Project
from handouts.render import palette
from handouts.render.handout import handout_html
from tests.conftest import ROOT


class _Forgets(dict):
    """Drawings that keep nothing: WeasyPrint draws every icon itself."""

    def __setitem__(self, key: object, value: object) -> None:
        pass


def _both_editions(context: Context, folder: Path) -> dict[str, bytes]:
    """The wallet card's desk and print PDFs, from one layout (as a build makes them): its
    front has a phone drawn in SVG and an icon on each line of numbers."""
    job = Job("es", "hotline-card", "desk", None, False)
    html = handout_html(context.project, context.content, context.env, job, edition=BOTH)
    typesetter = context.typesetter
    document = typesetter.layout(html, standard=DESK_STANDARD)
    made = {}
    for edition, standard in (("desk", DESK_STANDARD), ("print", PRINT_STANDARD)):
        printing = edition == "print"
        target = folder / f"{edition}.pdf"
        typesetter.write(document, target, seed=f"{edition}\n{html}".encode(), standard=standard,
                         default_rgb=context.project.rgb_profile if printing else None,
                         press=palette.press_builds() if printing else None)
        made[edition] = target.read_bytes()
    return made


def test_icons_written_again_give_the_pdfs_weasyprint_draws(tmp_path: Path):
    context = Context(Project(ROOT))
    replayed = _both_editions(context, tmp_path)
    assert context.typesetter.drawings, "the card's icons should have been kept to write again"
    context.typesetter.drawings = _Forgets()
    drawn = _both_editions(context, tmp_path)
    for edition, data in drawn.items():
        assert replayed[edition] == data, \
            f"the {edition} PDF changed when its icons were written from their first drawing"
