"""Shared fixtures: a throw-away copy of the project, and every PDF built once per session."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("build.py", "babel.cfg", "pyproject.toml", "handouts", "content", "locales",
                 "templates")


def _copy_file(src: str, dst: str) -> str:
    """Copy one file; a bundled font (templates/fonts/, 50 MB in all) is hard-linked instead.

    No test writes into a font file: one that removes a font unlinks its own link and leaves
    the repository's file alone. A test that must change a font's bytes would change the
    repository's through the link: it has to replace the link with a copy first.
    """
    source = Path(src)
    if source.parent.name == "fonts" and source.parent.parent.name == "templates":
        try:
            os.link(source, dst)
            return dst
        except OSError:  # another file system: copy
            pass
    return shutil.copy2(src, dst)


def copy_tree(source: Path, target: Path) -> Path:
    """Copy a project folder (or a copy of one, with its dist/) to `target`, fonts linked."""
    shutil.copytree(source, target, symlinks=True, copy_function=_copy_file,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


def copy_project(target: Path) -> Path:
    """Copy what a build reads into `target`, so a test can break it without harm."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            copy_tree(src, target / part)
        elif src.exists():
            shutil.copy2(src, target / part)
    return target


def run_process(root: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run `python build.py ARGS` in a new process, exactly as a person would (smoke tests)."""
    return subprocess.run([sys.executable, "build.py", *args], cwd=root, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def run_cli(root: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run the command line's `main` in this process for a project folder, output captured.

    What `python build.py ARGS` does, without starting Python and loading WeasyPrint again
    for every case; `run_process` keeps a few cases honest about the real command.

    A build renders in this process (`--jobs 1`) unless the case says how many: the suite's
    two worker processes already keep both cores busy, and a pool of its own would only add
    its start-up (about 0.4 s of CPU a build).
    """
    from handouts.cli import COMMANDS, main

    command = next((a for a in args if not a.startswith("-")), "build")
    if (command == "build" or command not in COMMANDS) and \
            not any(a.startswith(("-j", "--jobs", "-h", "--help", "--version")) for a in args):
        args = (*args, "--jobs", "1")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args), root=root)
        except SystemExit as exc:  # argparse: --help, --version, a bad option
            code = exc.code if isinstance(exc.code, int) else 2
    return subprocess.CompletedProcess(["build.py", *args], code, out.getvalue(), err.getvalue())


def numbers_on(material: str) -> list[str]:
    """Every phone number and text short code the content says a handout prints."""
    from handouts.content.load import load_content

    content = load_content(ROOT / "content")
    source = "hotline-card" if material == "hotline-card-sheet" else material
    m = content.materials[source]
    found = []
    for rid in [*m.hotlines, *m.resources, *m.who_to_call,
                *(line.call for line in m.lead if line.call)]:
        r = content.resources[rid]
        found += [v for v in (r.phone, r.sms) if v]
    return found


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build every handout in every locale once, with the large-print editions (of the
    handouts that have one) and the HTML each PDF was made from; tests only read the
    results."""
    root = copy_project(tmp_path_factory.mktemp("built"))
    result = run_cli(root, "--large-print", "--keep-html")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "dist"


@pytest.fixture(scope="session")
def built_pseudo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every handout in both pseudo-locales, built once; the build's summary is kept beside
    dist/ in summary.txt (it names the handouts that needed copyfitting)."""
    root = copy_project(tmp_path_factory.mktemp("built-pseudo"))
    result = run_cli(root, "--locale", "en-XA", "--locale", "ar-XB")
    assert result.returncode == 0, result.stdout + result.stderr
    (root / "summary.txt").write_text(result.stdout, encoding="utf-8")
    return root / "dist"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh, writable copy of the project for a test that changes inputs."""
    return copy_project(tmp_path / "project")


# With pytest-xdist, the tests that read one session (or module) build run in one worker, so
# that build is made once (`--dist loadgroup`); the rest are shared out one test at a time.
# xdist hands out the groups first, the largest first; then the other tests in this order:
# those that build (slow) or copy the project first, so that the last tests either worker
# picks up are short and both finish together.
GROUPS = {"built": "built", "built_pseudo": "built",
          "reviewed": "threshold", "drafts": "drafts", "district": "district",
          "notice": "notice", "prebuilt": "bad-input"}
ORDER = ("threshold", "built", "drafts", "district", "notice", "bad-input")
# Session builds only some tests read: those tests are `slow` (-m "not slow" leaves them out).
SLOW = {"reviewed", "drafts", "district"}


def _cost_rank(item: pytest.Item) -> int:
    """0 for a test that makes a build of its own, 1 for one that copies the project, 2 for
    the rest (they read files or call a function)."""
    if item.get_closest_marker("slow"):
        return 0
    return 1 if "project" in item.fixturenames else 2


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {}
    for item in items:
        if SLOW & set(item.fixturenames):
            item.add_marker(pytest.mark.slow)
        groups = {GROUPS[name] for name in item.fixturenames if name in GROUPS}
        assert len(groups) <= 1, f"{item.nodeid} reads builds of two groups: {groups}"
        if groups:
            group = groups.pop()
            item.add_marker(pytest.mark.xdist_group(group))
            rank[item.nodeid] = (ORDER.index(group), 0)
        else:
            rank[item.nodeid] = (len(ORDER), _cost_rank(item))
    items.sort(key=lambda item: rank[item.nodeid])
