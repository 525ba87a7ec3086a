"""Incremental builds make again only what changed; --keep-html keeps the exact HTML."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from . import pdfs
from .conftest import run_cli

SMALL = ("--material", "hotline-card")  # the quickest handout to lay out, in en and es


def stamps(dist: Path) -> dict[str, int]:
    """Each PDF in dist/ and the time it was written."""
    return {p.relative_to(dist).as_posix(): p.stat().st_mtime_ns for p in dist.rglob("*.pdf")}


def changed(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {name for name in after if before.get(name) != after[name]}


def build(root: Path, *args: str) -> str:
    result = run_cli(root, *SMALL, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.slow
def test_only_what_changed_is_made_again(project: Path) -> None:
    dist = project / "dist"
    build(project)
    first = stamps(dist)
    assert len(first) == 4  # en and es, desk and print

    out = build(project)
    assert stamps(dist) == first, "nothing changed, so nothing may be written"
    assert "0 built, 4 unchanged" in out

    po = project / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    said = po.read_text("utf-8")
    assert 'msgstr "Hay quien te apoya."' in said, "the card's Spanish changed: update this test"
    po.write_text(said.replace('msgstr "Hay quien te apoya."', 'msgstr "Ayuda ahora mismo"'),
                  "utf-8")
    build(project)
    after_po = stamps(dist)
    assert changed(first, after_po) == {n for n in first if n.startswith("es/")}
    assert "Ayuda ahora mismo" in pdfs.text(dist / "es" / "hotline-card.pdf")

    # a stylesheet the card does not even use
    css = project / "templates" / "css" / "fact-sheet.css"
    css.write_text(css.read_text("utf-8") + "\n/* a saved edit */\n", "utf-8")
    build(project)
    assert changed(after_po, stamps(dist)) == set(first), "a stylesheet edit remakes every PDF"

    settled = stamps(dist)
    forced = run_cli(project, "--force", "--locale", "en", "--material", "hotline-card")
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert changed(settled, stamps(dist)) == {"en/hotline-card.pdf", "en/print/hotline-card.pdf"}
    assert "2 built, 0 unchanged" in forced.stdout, "--force remakes what did not change"


def test_kept_html_renders_alone_with_plain_weasyprint(built: Path, tmp_path: Path) -> None:
    """The session build was made with --keep-html: its HTML gives the same PDFs alone."""
    names = ("es/fact-sheet", "es/print/hotline-card")
    for name in names:
        assert (built / f"{name}.html").is_file(), \
            f"--keep-html wrote no {name}.html next to {name}.pdf"
    # the `weasyprint` command, once per file, in one fresh process that knows nothing else
    args = [str(path) for name in names
            for path in (built / f"{name}.html", tmp_path / f"plain-{Path(name).name}.pdf")]
    plain = ("import sys; from weasyprint.__main__ import main\n"
             "for pair in zip(sys.argv[1::2], sys.argv[2::2]): main(list(pair))")
    subprocess.run([sys.executable, "-c", plain, *args], check=True, cwd="/",
                   capture_output=True, timeout=120)
    for name in names:
        theirs, ours = tmp_path / f"plain-{Path(name).name}.pdf", built / f"{name}.pdf"
        assert pdfs.text(theirs) == pdfs.text(ours), name
        plain_pages, our_pages = pdfs.reader(theirs).pages, pdfs.reader(ours).pages
        assert [p.mediabox for p in plain_pages] == [p.mediabox for p in our_pages], name


def editions_offered(dist: Path) -> set[str]:
    """Every PDF the catalog page links to."""
    page = (dist / "index.html").read_text(encoding="utf-8")
    return set(re.findall(r'href="([^"]+\.pdf)"', page))


@pytest.mark.slow
def test_after_any_build_dist_holds_only_what_today_s_inputs_make(project: Path) -> None:
    """A build that does not make an edition (large print, another language) removes it once
    its inputs changed, says so, and the catalog page no longer offers it."""
    dist = project / "dist"
    fact = ("--material", "fact-sheet")
    result = run_cli(project, *fact, "--large-print", "--locale", "en", "--locale", "es")
    assert result.returncode == 0, result.stderr
    assert len(stamps(dist)) == 6

    po = project / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text("utf-8").replace('msgstr "A quién llamar y cuándo"',
                                                'msgstr "Ayuda ahora mismo"'), "utf-8")
    result = run_cli(project, *fact, "--locale", "en")  # nothing of English changed
    assert result.returncode == 0, result.stderr
    assert "0 built, 2 unchanged" in result.stdout
    assert set(stamps(dist)) == {"en/fact-sheet.pdf", "en/print/fact-sheet.pdf",
                                 "en/large-print/fact-sheet.pdf"}
    assert "removed dist/es/fact-sheet.pdf" in result.stdout
    assert "build with --large-print" in result.stdout
    assert editions_offered(dist) == set(stamps(dist))

    resources = project / "content" / "resources.yaml"
    old, new = 'phone: "1-800-540-4000"', 'phone: "1-800-540-4001"'
    assert old in resources.read_text("utf-8")
    resources.write_text(resources.read_text("utf-8").replace(old, new), "utf-8")
    result = run_cli(project, *fact, "--locale", "en")
    assert result.returncode == 0, result.stderr
    assert "2 built" in result.stdout
    assert set(stamps(dist)) == {"en/fact-sheet.pdf", "en/print/fact-sheet.pdf"}, \
        "the large-print edition still prints the old number"
    assert "1-800-540-4001" in pdfs.text(dist / "en" / "fact-sheet.pdf")
    assert editions_offered(dist) == set(stamps(dist))
    assert not (dist / "en" / "large-print").exists()


@pytest.mark.slow
def test_a_build_with_nothing_to_do_answers_from_memory_until_any_input_moves(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The memo (publishing/memo.py) answers as planning would, and only while no input's
    `stat` moved: an edit that keeps the file's size and time still makes the PDFs again."""
    from handouts.publishing import memo
    from handouts.publishing import plan as planning

    planned = []
    every = planning.plan
    monkeypatch.setattr(planning, "plan", lambda *a, **k: planned.append(1) or every(*a, **k))

    def build_card() -> str:  # the quickest handout to lay out; it prints the number below
        result = run_cli(project, *SMALL, "--locale", "en")
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    dist = project / "dist"
    resources = project / "content" / "resources.yaml"
    for _ in range(2):
        resources.write_bytes(resources.read_bytes())  # saved just now, as an editor does
        planning_said = build_card()
    assert len(planned) == 2, "a file saved within RACY_NS of a build is not vouched for"

    monkeypatch.setattr(memo, "RACY_NS", 0)  # from here on, no file is too new to trust
    build_card()
    remembered = build_card()
    assert len(planned) == 3, "the build with nothing to do planned again"
    without_times = re.compile(r" in \d+\.\d\d s")
    assert without_times.sub("", remembered) == without_times.sub("", planning_said)
    assert "0 built, 2 unchanged" in remembered
    (dist / "en" / "print" / "hotline-card.pdf").unlink()  # dist/ moved: the memo cannot answer
    assert "1 built, 1 unchanged" in build_card()
    assert len(planned) == 4

    old, new = 'phone: "1-800-540-4000"', 'phone: "1-800-540-4001"'
    before = resources.stat()
    resources.write_text(resources.read_text("utf-8").replace(old, new), "utf-8")
    os.utime(resources, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert resources.stat().st_size == before.st_size
    assert "2 built" in build_card()
    assert "1-800-540-4001" in pdfs.text(dist / "en" / "hotline-card.pdf")
    assert len(planned) == 5
