"""Incremental builds make again only what changed; --keep-html keeps the exact HTML."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from . import pdfs
from .conftest import run_cli

SMALL = ("--material", "fact-sheet", "--material", "hotline-card")


def stamps(dist: Path) -> dict[str, int]:
    """Each PDF in dist/ and the time it was written."""
    return {p.relative_to(dist).as_posix(): p.stat().st_mtime_ns for p in dist.rglob("*.pdf")}


def changed(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {name for name in after if before.get(name) != after[name]}


def build(root: Path, *args: str) -> str:
    result = run_cli(root, *SMALL, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_only_what_changed_is_made_again(project: Path) -> None:
    dist = project / "dist"
    build(project)
    first = stamps(dist)
    assert len(first) == 8  # en and es, two handouts, desk and print

    out = build(project)
    assert stamps(dist) == first, "nothing changed, so nothing may be written"
    assert "0 built, 8 unchanged" in out

    po = project / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text("utf-8").replace('msgstr "A quién llamar y cuándo"',
                                                'msgstr "Ayuda ahora mismo"'), "utf-8")
    build(project)
    after_po = stamps(dist)
    assert changed(first, after_po) == {n for n in first if n.startswith("es/")}
    assert "Ayuda ahora mismo" in pdfs.text(dist / "es" / "fact-sheet.pdf")

    css = project / "templates" / "css" / "card.css"
    css.write_text(css.read_text("utf-8") + "\n/* a saved edit */\n", "utf-8")
    build(project)
    assert changed(after_po, stamps(dist)) == set(first), "a stylesheet edit remakes every PDF"

    settled = stamps(dist)
    out = build(project, "--force")
    assert changed(settled, stamps(dist)) == set(first)
    assert "8 built, 0 unchanged" in out


def test_kept_html_renders_alone_with_plain_weasyprint(project: Path) -> None:
    dist = project / "dist"
    build(project, "--locale", "es", "--keep-html")
    for name in ("es/fact-sheet", "es/print/hotline-card"):
        html, ours = dist / f"{name}.html", dist / f"{name}.pdf"
        assert html.is_file(), f"--keep-html wrote no {html.name} next to {name}.pdf"
        plain = project / f"plain-{html.stem}.pdf"
        subprocess.run([sys.executable, "-m", "weasyprint", str(html), str(plain)], check=True,
                       cwd="/", capture_output=True, timeout=120)
        assert pdfs.text(plain) == pdfs.text(ours)
        theirs, mine = pdfs.reader(plain).pages, pdfs.reader(ours).pages
        assert [p.mediabox for p in theirs] == [p.mediabox for p in mine]
