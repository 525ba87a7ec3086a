"""Copyfitting: each handout is set at the smallest step at which it fits, however far the
guess of copyfit.py was from it; the guess only decides how many layouts that takes."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from handouts.materials import MATERIALS
from handouts.pdf import readback, weasy
from handouts.pdf.typeset import DESK_STANDARD, Typesetter
from handouts.project import Project
from handouts.publishing import copyfit
from tests.conftest import run_cli

STEP = re.compile(r'<html([^>]*?) class="fit-(\d)"')


def test_the_search_finds_the_step_trying_each_from_the_first_finds():
    """Whatever the guess, for every step a handout may first fit at (or none: highest + 1)."""
    for lowest in range(4):
        for highest in range(lowest, 4):
            for guess in range(highest + 2):
                for needed in range(lowest, highest + 2):
                    search, tried = copyfit.Search(lowest, highest, guess), []
                    while search.step is not None:
                        tried.append(search.step)
                        search.record(search.step >= needed)
                    case = (lowest, highest, guess, needed, tried)
                    assert search.found == (needed if needed <= highest else None), case
                    assert len(tried) == len(set(tried)), case
                    assert len(tried) <= needed - lowest + 1 + abs(guess - needed), case
                    if guess == needed <= highest:  # a right guess: the step, and the one below
                        assert len(tried) == (1 if needed == lowest else 2), case


def _spills(html: str, material: str, root: Path) -> list[str]:
    """What the build's checks (publishing/worker.py) find wrong with this HTML laid out."""
    spec = MATERIALS[material]
    typesetter = Typesetter(root / "templates", Project(root).asset_roots)
    document = typesetter.layout(html, standard=DESK_STANDARD)
    return [*weasy.find_overflow(document, pages=spec.pages, fixed=spec.fixed),
            *weasy.find_collisions(document), *weasy.find_unsafe_text(document),
            *readback.lost(weasy.read_pages(document))]


def test_each_copyfitted_handout_spills_one_step_larger(built: Path):
    """Spanish runs longer than English: the fact sheet and the school handout need step 2, the
    brochure step 1. One step less and each spills, so no smaller step fits (the steps only
    get smaller and tighter): the build chose the step trying each from 0 up chooses."""
    fitted = {}
    for html in sorted((built / "es").glob("*.html")):
        if (found := STEP.search(html.read_text(encoding="utf-8"))) is not None:
            fitted[html.stem] = int(found.group(2))
    assert {"fact-sheet", "brochure", "school-handout"} <= set(fitted), fitted
    for name, step in fitted.items():
        text = (built / "es" / f"{name}.html").read_text(encoding="utf-8")
        larger = f' class="fit-{step - 1}"' if step > 1 else ""
        assert _spills(STEP.sub(rf"<html\1{larger}", text, count=1), name, built.parent), \
            f"es/{name} fits at step {step - 1} too, but was set at step {step}"


@pytest.mark.slow  # three builds of its own
def test_a_wrong_guess_costs_layouts_never_a_different_pdf(project: Path,
                                                           monkeypatch: pytest.MonkeyPatch):
    """The Spanish fact sheet needs step 2. Guessed right, guessed 0 (the search climbs from
    the first step) and guessed past the last (it comes down from the last): the same step,
    and the same bytes in the desk and print PDFs."""
    outputs = []
    for guess in (None, 0, MATERIALS["fact-sheet"].fit_steps + 1):
        if guess is not None:
            monkeypatch.setattr(copyfit, "predict", lambda context, job, guess=guess: guess)
        result = run_cli(project, "--force", "--locale", "es", "--material", "fact-sheet")
        assert result.returncode == 0, result.stdout + result.stderr
        step = re.search(r"^copyfitted es/fact-sheet: .*\(step (\d) of", result.stdout, re.M)
        assert step and step.group(1) == "2", result.stdout
        outputs.append([hashlib.sha256((project / "dist" / "es" / folder / "fact-sheet.pdf")
                                       .read_bytes()).hexdigest() for folder in ("", "print")])
    assert outputs[0] == outputs[1] == outputs[2]
