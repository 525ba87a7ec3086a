"""The package reads as the pipeline: no module imports from a stage after its own."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "handouts"

# Each stage may import from the stages before it, never from one after it. The build and the
# translators' commands are siblings: both use the stages below, neither uses the other.
STAGES = [
    {"errors", "files", "project", "materials", "languages", "jobs", "log"},
    {"content"},
    {"i18n"},
    {"render"},
    {"pdf"},
    {"context"},
    {"publishing", "translators"},
    {"cli", "watch", "doctor"},
]


def stage_of(module: str) -> int:
    """`handouts.i18n.checks` -> the index of its stage (its first name under handouts)."""
    top = module.split(".")[1] if "." in module else ""
    return next(i for i, names in enumerate(STAGES) if top in names)


def imports(path: Path) -> list[tuple[str, int]]:
    """Every `handouts.*` module a file imports (at the top, in a function, or for typing)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and \
                node.module.startswith("handouts"):
            if node.module == "handouts":
                found += [(f"handouts.{alias.name}", node.lineno) for alias in node.names
                          if alias.name != "__version__"]
            else:
                found.append((node.module, node.lineno))
        elif isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names
                      if alias.name.startswith("handouts.")]
    return found


def modules() -> list[tuple[str, Path]]:
    return [(".".join(("handouts", *path.relative_to(PACKAGE).with_suffix("").parts)), path)
            for path in sorted(PACKAGE.rglob("*.py")) if path.name != "__init__.py"]


def test_every_module_belongs_to_a_stage():
    assert [name for name, _ in modules() if not any(
        name.split(".")[1] in names for names in STAGES)] == []


def test_no_module_imports_from_a_later_stage_or_its_sibling():
    wrong = []
    for name, path in modules():
        own = stage_of(name)
        for target, line in imports(path):
            other = stage_of(target)
            sibling = other == own and target.split(".")[1] != name.split(".")[1] \
                and own == stage_of("handouts.publishing")
            if other > own or sibling:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    assert wrong == []
