"""Read a YAML file safely and remember the line of every value.

Content files are edited by hand, so errors must point at a line. The loader refuses what plain
data never needs: tags that build objects, anchors and aliases (which also stops alias bombs), and
a key given twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from handouts.errors import HandoutError, Problem
from handouts.project import confined

PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}

Loc = tuple[str | int, ...]
_SCALARS = yaml.SafeLoader("")  # builds str/int/bool/null scalars exactly as safe_load would


class _Refused(yaml.MarkedYAMLError):
    """Valid YAML that content files do not allow (not a typing slip, so no syntax advice)."""


class _NoAnchors(Composer):
    """A composer that refuses anchors and aliases."""

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(
                None, None, "anchors and aliases (*name) are not allowed in content files",
                event.start_mark,
            )
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise _Refused(
                None, None, "anchors (&name) are not allowed in content files", event.start_mark
            )
        return super().compose_node(parent, index)


class _Loader(_NoAnchors, yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases while composing: PyYAML's own parser, whose
    messages name what is wrong in a file."""


_LIBYAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # PyYAML built without libyaml: its own


class _FastLoader(_NoAnchors, _LIBYAML):  # type: ignore[misc,valid-type]
    """The same nodes from libyaml's parser, ten times faster than PyYAML's (the composer, and
    with it the refusal of anchors, stays PyYAML's)."""

    def __init__(self, stream: str) -> None:
        _LIBYAML.__init__(self, stream)
        Composer.__init__(self)


def compose(path: Path, text: str) -> Node | None:
    """Parse a file's text into YAML nodes, turning syntax errors into a file:line message.

    libyaml reads a good file; a file it refuses is read again by PyYAML, whose messages the
    advice below was written for.
    """
    try:
        return yaml.compose(text, Loader=_FastLoader)
    except (yaml.YAMLError, RecursionError):
        pass
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "not valid YAML"
        advice = "Write each value out in full." if isinstance(exc, _Refused) else \
            "Check the indentation, colons and quotes on this line."
        raise HandoutError(Problem(f"{what}. {advice}", path, line)) from None
    except yaml.YAMLError as exc:
        raise HandoutError(Problem(f"not valid YAML: {exc}", path)) from None
    except RecursionError:
        raise HandoutError(Problem("lists or keys are nested hundreds of levels deep; content "
                                   "files need only a few levels", path)) from None


def read_text(path: Path, within: Path) -> str:
    """Read a UTF-8 text file inside the folder `within`, with a clear message when it is
    missing, not UTF-8 or a link out of that folder."""
    try:
        data = confined(path, within).read_bytes()
    except FileNotFoundError:
        raise HandoutError(Problem("file not found; every build needs it (restore it from "
                                   "version control, or add it)", path)) from None
    except OSError as exc:
        raise HandoutError(Problem(f"cannot read this file ({exc.strerror}); it must be a "
                                   "plain text file", path)) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise HandoutError(
            Problem("this line is not UTF-8 text (probably saved as Latin-1 or Windows-1252); "
                    "save the file as UTF-8", path, line)
        ) from None


def to_data(node: Node | None, path: Path) -> tuple[Any, dict[Loc, int]]:
    """Turn a node tree into plain Python data and a map from each value's location to its line."""
    lines: dict[Loc, int] = {}

    def convert(n: Node, loc: Loc) -> Any:
        lines[loc] = n.start_mark.line + 1
        if n.tag == "tag:yaml.org,2002:timestamp":
            raise HandoutError(Problem("this reads as a date or time; put the text in quotes, "
                                       'like "2024-05-01"', path, n.start_mark.line + 1))
        if n.tag not in PLAIN_TAGS:
            raise HandoutError(
                Problem(f"the tag {n.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed; "
                        "write plain text, lists and keys (put text starting with ! in quotes)",
                        path,
                        n.start_mark.line + 1)
            )
        if isinstance(n, ScalarNode):
            value = _SCALARS.construct_object(n)
            _SCALARS.constructed_objects.clear()  # it would keep every value ever read (watch)
            return value
        if isinstance(n, SequenceNode):
            return [convert(child, (*loc, i)) for i, child in enumerate(n.value)]
        assert isinstance(n, MappingNode)
        result: dict[str, Any] = {}
        for key_node, value_node in n.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str):
                raise HandoutError(Problem("keys must be plain words, like title: or name:", path,
                                           key_node.start_mark.line + 1))
            if key in result:
                raise HandoutError(Problem(f"the key '{key}' is given twice; keep one", path,
                                           key_node.start_mark.line + 1))
            result[key] = convert(value_node, (*loc, key))
        return result

    if node is None:
        return None, lines
    return convert(node, ()), lines


def load(path: Path, within: Path) -> tuple[Any, dict[Loc, int]]:
    """Read, parse and convert one YAML file of the folder `within` (content/)."""
    return to_data(compose(path, read_text(path, within)), path)
