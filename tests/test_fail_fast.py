"""Damaged content or a damaged catalog is reported before the renderer is even loaded."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = ("import sys; from pathlib import Path; from handouts.cli import main\n"
         "code = main(['--locale', 'es', '--material', 'fact-sheet', '--force'], "
         "root=Path.cwd())\n"
         "print(code)\n"
         "print(sorted({m.split('.')[0] for m in sys.modules} & {'weasyprint', 'pydyf'}))")


@pytest.mark.parametrize("damage", ["content", "catalog"])
def test_damaged_input_stops_the_build_before_weasyprint_loads(project: Path, damage: str):
    if damage == "content":
        (project / "content" / "resources.yaml").write_text("resources:\n  - id: [\n",
                                                            encoding="utf-8")
    else:
        po = project / "locales" / "es" / "LC_MESSAGES" / "messages.po"
        po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "unclosed\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=project, capture_output=True,
                            text=True, timeout=60, env={**os.environ, "CI": "1"})
    *_, code, loaded = result.stdout.strip().splitlines()
    assert code == "1", result.stdout + result.stderr
    assert ("resources.yaml" if damage == "content" else "messages.po") in result.stderr
    assert loaded == "[]", f"the build loaded {loaded} before reporting the damage"
