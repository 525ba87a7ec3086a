"""The build context: loaded once per process, fresh for every new context, never shared."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from handouts.context import Context
from handouts.project import Project
from handouts.render import strings


def test_a_new_context_sees_saved_files_and_an_old_one_keeps_what_it_loaded(project: Path):
    context = Context(Project(project))
    title = context.content.materials["fact-sheet"].title.text
    path = project / "content" / "materials" / "fact-sheet.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(title, "A new title", 1),
                    encoding="utf-8")
    assert context.content.materials["fact-sheet"].title.text == title
    assert Context(Project(project)).content.materials["fact-sheet"].title.text == "A new title"


def test_each_handout_is_rendered_once_for_its_strings(monkeypatch: pytest.MonkeyPatch):
    rendered: list[str] = []
    real = strings.strings_used

    def counting(content: object, env: object, material: str, profile: str | None) -> dict:
        rendered.append(material)
        return real(content, env, material, profile)

    monkeypatch.setattr(strings, "strings_used", counting)
    context = Context(Project(Path(__file__).resolve().parent.parent))
    first = context.strings_used(["fact-sheet", "hotline-card"])
    again = context.strings_used(["hotline-card", "fact-sheet"])
    assert rendered == ["fact-sheet", "hotline-card"]
    assert first == again and first["fact-sheet"]


def test_a_worker_started_without_fork_gets_the_project_and_loads_the_rest():
    context = Context(Project(Path(__file__).resolve().parent.parent))
    context.load()
    copy = pickle.loads(pickle.dumps(context))
    assert copy.project == context.project
    assert copy._content is None and copy._env is None  # loads again in the new process
    assert copy.content == context.content


def test_a_forked_process_makes_its_own_typesetter():
    context = Context(Project(Path(__file__).resolve().parent.parent))
    parent = context.typesetter
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer whether it got a typesetter of its own
        os.close(read)
        os.write(write, b"own" if context.typesetter is not parent else b"shared")
        os._exit(0)
    os.close(write)
    answer = os.read(read, 10)
    os.waitpid(pid, 0)
    assert answer == b"own"
    assert context.typesetter is parent
