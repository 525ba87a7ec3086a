"""Read every file in content/, check it against the models, and cross-check the ids.

Each problem names its file and line, in words for the person who edits the YAML; every
problem in the folder is reported at once, not only the first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from handouts.content import yamlsource
from handouts.content.characters import character_problems
from handouts.content.model import (
    Content,
    Material,
    Profile,
    ResourcesFile,
    SectionsFile,
    _Model,
)
from handouts.errors import HandoutError, Problem
from handouts.project import SOURCE_LOCALE


def _validate(model: type[_Model], data: Any, path: Path, lines: dict) -> Any:
    if not isinstance(data, dict):
        needed = [name for name, info in model.model_fields.items() if info.is_required()]
        example = f" (it needs at least: {', '.join(f'{n}:' for n in needed)})" if needed else ""
        what = "empty" if data is None else \
            "a list (lines starting with -)" if isinstance(data, list) else "a single value"
        raise HandoutError(Problem(f"this file is {what}; it must be `key: value` lines"
                                   f"{example}, like the other files in its folder", path,
                                   lines.get(())))
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            line = _nearest_line(loc, lines)
            field = ".".join(str(p) for p in loc if not str(p).startswith("function-")) or "file"
            problems.append(Problem(f"{field}: {plain_error(err)}", path, line))
        raise HandoutError(*problems) from None


def _nearest_line(loc: tuple, lines: dict) -> int | None:
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get(())


def plain_error(err: dict) -> str:
    """Say a pydantic error in words an outreach worker can act on."""
    kind = err["type"]
    if kind == "missing":
        return "this field is required but missing"
    if kind == "extra_forbidden":
        return "unknown field (is it misspelled?)"
    value = err.get("input")
    if kind == "string_too_short" or (value is None and kind.endswith("_type")):
        return "is empty; write the text, or delete the line if the field is optional"
    if kind.endswith("_type") and isinstance(value, int | float | bool):
        return 'should be text: put it in quotes, like "911" (a bare number or yes/no is read ' \
               "as something else)"
    if kind == "model_type" and isinstance(value, list):
        return "should be one piece of text or `key: value` lines, not a list"
    if kind == "model_type" and err.get("ctx", {}).get("class_name") == "Msg":
        return "should be text, like: title: Facts for families"
    if kind == "model_type" and isinstance(value, str):
        return "should be `key: value` lines (like name: and phone:), not plain text"
    if kind == "list_type":
        return "should be a list: one item a line, each starting with -"
    if kind == "dict_type":
        return "should be `key: value` lines, one a line, indented under this one"
    if kind.startswith("date_"):
        return 'should be a date in quotes, like "2026-12-02", or "" if nobody has confirmed it'
    if kind == "value_error":  # our own validators say it in words already
        return str(err.get("ctx", {}).get("error", err["msg"]))
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        if pattern.startswith("^1-[0-9]{3}-"):
            return ("not a phone number in words written like 1-800-4-A-CHILD (capital "
                    "letters, digits 0-9 and hyphens)")
        if "undated" in pattern:
            return ("should say where the facts come from, so anyone can follow it: the public "
                    "web address (https://...) where a person confirmed them, or a citation: "
                    'publisher, "title", date (or undated), where in it, like: CASA of Los '
                    'Angeles, "CSEC & CASA Advocacy", training slides, undated, slide "Resources"')
        if "A-Z" in pattern:
            return "should be the word to text in capitals, like LOVEIS"
        if "@" in pattern:
            return "not an email address like name@example.org"
        if "https" in pattern:
            return "not a web address starting with https://"
        if "[0-9]{3,6}" in pattern:
            return "not a text short code (3 to 6 of the digits 0-9)"
        if "_" in pattern:
            return "use lowercase words joined by _, like back_heading"
        return "use lowercase words joined by hyphens, like warning-signs"
    return err["msg"].replace("Input should be", "should be")


def load_content(root: Path) -> Content:
    """Load and cross-check every content file under `root` (the project's content/ folder).

    Raises HandoutError listing every problem found. The build context loads it once per
    process (context.py).
    """
    problems: list[Problem] = []

    def load(path: Path, model: type[_Model]) -> Any:
        try:
            data, lines = yamlsource.load(path, root)
        except HandoutError as exc:
            problems.extend(exc.problems)
            return None, {}
        # a profile's text is checked in its own languages (model.LocalText)
        readable = [] if model is Profile else _character_problems(data, path, lines)
        try:
            return _validate(model, data, path, lines), lines
        except HandoutError as exc:
            problems.extend(exc.problems)
            named = {p.line for p in exc.problems}  # a phone's own check says it better
            readable = [p for p in readable if p.line not in named]
            return None, {}
        finally:
            problems.extend(readable)

    res_path, sec_path = root / "resources.yaml", root / "sections.yaml"
    res_file, res_lines = load(res_path, ResourcesFile)
    sec_file, sec_lines = load(sec_path, SectionsFile)
    resources = _by_id(res_file.resources if res_file else [], "resources", res_path, res_lines,
                       problems)
    sections = _by_id(sec_file.sections if sec_file else [], "sections", sec_path, sec_lines,
                      problems)

    materials: dict[str, Material] = {}
    for path in sorted((root / "materials").glob("*.yaml")):
        material, lines = load(path, Material)
        if material is None:
            continue
        materials[path.stem] = material
        if res_file and sec_file:
            problems.extend(_check_refs(material, path, lines, resources, sections))

    profiles: dict[str, Profile] = {}
    for path in sorted((root / "profiles").glob("*.yaml")):
        profile, _ = load(path, Profile)
        if profile is not None:
            profiles[path.stem] = profile

    if problems:
        raise HandoutError(*problems)
    return Content(resources=resources, sections=sections, materials=materials,
                   profiles=profiles)


def _character_problems(data: Any, path: Path, lines: dict, loc: tuple = ()
                        ) -> list[Problem]:
    """Direction controls, invisible characters and digits other than 0-9 in English text
    (content/characters.py): each named with its field and line."""
    if isinstance(data, str):
        field = ".".join(str(part) for part in loc) or "file"
        return [Problem(f"{field}: {problem}", path, _nearest_line(loc, lines))
                for problem in character_problems(data, SOURCE_LOCALE)]
    if isinstance(data, dict):
        return [p for key, value in data.items()
                for p in _character_problems(value, path, lines, (*loc, key))]
    if isinstance(data, list):
        return [p for i, value in enumerate(data)
                for p in _character_problems(value, path, lines, (*loc, i))]
    return []


def _by_id(items: list, kind: str, path: Path, lines: dict, problems: list) -> dict:
    result: dict = {}
    for i, item in enumerate(items):
        if item.id in result:
            problems.append(Problem(f"the id '{item.id}' is used twice in {kind}; ids must be "
                                    "unique", path, lines.get((kind, i, "id"))))
        result[item.id] = item
    return result


def _check_refs(material: Material, path: Path, lines: dict, resources: dict,
                sections: dict) -> list[Problem]:
    problems = []
    refs: list[tuple[tuple, str, dict, str]] = []
    for slot, ids in material.slots.items():
        refs += [(("slots", slot, i), sid, sections, "section") for i, sid in enumerate(ids)]
    for field in ("hotlines", "resources", "who_to_call"):
        refs += [((field, i), rid, resources, "resource")
                 for i, rid in enumerate(getattr(material, field))]
    refs += [(("lead", i, "call"), line.call, resources, "resource")
             for i, line in enumerate(material.lead) if line.call]
    for loc, ref, known, kind in refs:
        if ref not in known:
            hint = ", ".join(sorted(known)) or "none yet"
            problems.append(Problem(f"there is no {kind} with the id '{ref}' (known: {hint})",
                                    path, lines.get(loc)))
    return problems
