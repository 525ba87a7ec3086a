"""The English a family reads is plain: at or below a 6th-grade Flesch-Kincaid level."""

from __future__ import annotations

import re

import pytest

from handouts.content.load import load_content
from tests.conftest import ROOT

textstat = pytest.importorskip("textstat")
HANDOUT_TEXT = ("sections", "materials", "resources")


def sentences() -> list[str]:
    content = load_content(ROOT / "content")
    found = []
    for s in content.sections.values():
        found += [s.heading.text, *(p.text for p in s.paragraphs), *(p.text for p in s.points),
                  *(p.text for p in s.after)]
    for m in content.materials.values():
        found += [x.text for x in (m.title, m.subtitle, m.intro) if x]
        found += [label.text for label in m.labels.values()]
        found += [line.say.text for line in m.lead] + [p.text for p in m.remember]
    for r in content.resources.values():
        found += [x.text for x in (r.description, r.hours, r.when) if x]
    return [re.sub(r"<[^>]+>", "", text) for text in found]


def test_english_is_at_or_below_grade_six():
    text = " ".join(t if t.rstrip()[-1:] in ".?!" else t + "." for t in sentences())
    assert textstat.flesch_kincaid_grade(text) <= 6
