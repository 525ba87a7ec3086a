"""`build.py watch`: a translator saves, and sees the page again within seconds."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import run_cli

WATCH = ("watch", "--locale", "es", "--material", "hotline-card")


def test_once_draws_every_page_then_keeps_the_last_good_preview_of_a_broken_translation(
        project: Path):
    """A first save builds and draws every page and reports the check; a broken save after it
    is named, and the pages drawn from the last good one stay."""
    result = run_cli(project, *WATCH, "--once")
    assert result.returncode == 0, result.stdout + result.stderr
    preview = project / "dist" / "drafts" / "es" / "preview"
    assert sorted(p.name for p in preview.glob("*.png")) == ["hotline-card-1.png",
                                                             "hotline-card-2.png"]
    assert (preview / "hotline-card-1.png").read_bytes()[:4] == b"\x89PNG"
    assert "check: 0 errors" in result.stdout, result.stdout

    page = preview / "hotline-card-2.png"
    drawn = page.read_bytes()
    po = project / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    with po.open("a", encoding="utf-8") as f:  # a save in the middle of an edit
        f.write('\nmsgid "You are not alone."\nmsgstr "No estás solo\n')

    result = run_cli(project, *WATCH, "--once")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "locales/es/LC_MESSAGES/messages.po:" in result.stdout
    assert "Not rebuilt" in result.stdout
    assert page.read_bytes() == drawn


def _lines(process: subprocess.Popen) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in process.stdout:  # type: ignore[union-attr]
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    return lines


def _wait_for(lines: queue.Queue[str], text: str, seen: list[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        seen.append(line)
        if text in line:
            return
    raise AssertionError(f"no {text!r} in watch output:\n{''.join(seen)}")


@pytest.mark.slow
def test_saving_a_file_rebuilds_and_ctrl_c_stops_cleanly(project: Path):
    process = subprocess.Popen([sys.executable, "build.py", *WATCH], cwd=project, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, env={**os.environ, "CI": "1"})
    seen: list[str] = []
    try:
        lines = _lines(process)
        _wait_for(lines, "Watching for saved changes", seen)
        po = project / "locales" / "es" / "LC_MESSAGES" / "messages.po"
        po.write_text(po.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a save
        _wait_for(lines, "building es", seen)
        _wait_for(lines, "Watching for saved changes", seen)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        _wait_for(lines, "Stopped watching.", seen, seconds=5)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "Traceback" not in "".join(seen)
