"""The README and the guides in docs/: the README stays short, and every link between them lands.

The README keeps what a newcomer needs first and sends each audience to its guide; a guide moved
or a heading renamed must not leave a reader at a dead link.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
GUIDES = ("docs/outreach-and-print.md", "docs/translators.md", "docs/schools.md",
          "docs/developers.md", "docs/architecture.md")
PAGES = (README, *sorted((ROOT / "docs").glob("*.md")))
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def anchors(page: Path) -> set[str]:
    """The #anchors GitHub gives a page's headings: lower case, punctuation gone, '-' for ' '."""
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    headings = re.findall(r"^#{1,6}\s+(.+?)\s*$", text, re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}


def test_readme_fits_on_two_screens_and_keeps_the_two_commands():
    text = README.read_text(encoding="utf-8")
    lines = text.count("\n")
    assert lines <= 80, (f"README.md is {lines} lines: keep it to two screens (80 lines) and "
                         "move an audience's details to its guide in docs/")
    assert "sh install.sh && python build.py" in text
    assert "python -m pytest -q" in text
    missing = [guide for guide in GUIDES if f"]({guide}" not in text]
    assert not missing, f"README.md does not link {', '.join(missing)}"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(ROOT).as_posix())
def test_every_link_between_the_pages_lands(page: Path):
    dead = []
    for target in LINK.findall(FENCE.sub("", page.read_text(encoding="utf-8"))):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            dead.append(f"{target} (no such file)")
        elif anchor and file.suffix == ".md" and anchor not in anchors(file):
            dead.append(f"{target} (no heading #{anchor} in {file.relative_to(ROOT)})")
    assert not dead, f"{page.relative_to(ROOT)} links to: " + "; ".join(dead)
