"""Extraction stage: a Babel extractor for content YAML, and writing locales/messages.pot.

The extractor is mapped in babel.cfg (`yaml = handouts.i18n.extract:extract_yaml`), so `pybabel
extract -F babel.cfg` and `build.py extract` produce the same template.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import write_po
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from handouts import __version__
from handouts.content import yamlsource
from handouts.content.model import PROFILE_CONTEXT, TEXT_FIELDS, TEXT_MAPS
from handouts.files import write_bytes
from handouts.project import confined

PO_WIDTH = 76  # one wrapping width everywhere, so editors and our tools do not churn diffs
COMMENT_TAGS = ["TRANSLATORS:"]
Entry = tuple[int, str, Any, list[str]]  # what a Babel extraction method yields


def extract_yaml(
    fileobj: IO[bytes], keywords: Any, comment_tags: list[str], options: dict
) -> Iterator[Entry]:
    """Babel extraction method: yield every translatable string in a content YAML file.

    Comments starting with a comment tag (TRANSLATORS:) directly above a string become
    translator comments; `{text: ..., context: ...}` gives a message context.
    """
    text = fileobj.read().decode(options.get("encoding", "utf-8"))
    lines = text.splitlines()
    root = yamlsource.compose(Path(getattr(fileobj, "name", "<yaml>")), text)
    tags = comment_tags or COMMENT_TAGS

    def comments_above(lineno: int) -> list[str]:
        found: list[str] = []
        i = lineno - 2
        while i >= 0 and lines[i].strip().startswith("#"):
            body = lines[i].strip().lstrip("#").strip()
            for tag in tags:
                if body.startswith(tag):
                    found.insert(0, body[len(tag):].strip())
            i -= 1
        return found

    def message(node: Node) -> Iterator[Entry]:
        lineno = node.start_mark.line + 1
        if isinstance(node, ScalarNode) and node.value:
            yield lineno, "gettext", node.value, comments_above(lineno)
        elif isinstance(node, SequenceNode):
            for item in node.value:
                yield from message(item)
        elif isinstance(node, MappingNode):
            fields = {k.value: v for k, v in node.value}
            if "text" in fields and isinstance(fields["text"], ScalarNode):
                ctx = fields.get("context")
                if isinstance(ctx, ScalarNode):
                    yield lineno, "pgettext", (ctx.value, fields["text"].value), \
                        comments_above(lineno)
                else:
                    yield lineno, "gettext", fields["text"].value, comments_above(lineno)

    def texts(key: str, value: Node) -> Iterator[Entry] | None:
        if key in TEXT_FIELDS:
            return message(value)
        if key in TEXT_MAPS and isinstance(value, MappingNode):
            return (found for _, item in value.value for found in message(item))
        return None

    yield from _find(root, texts)


def _find(node: Node | None, pick: Callable[[str, Node], Iterator[Entry] | None]
          ) -> Iterator[Entry]:
    """Walk a YAML tree: `pick(key, value)` gives the entries a key holds, or None to look
    inside its value."""
    if isinstance(node, SequenceNode):
        for item in node.value:
            yield from _find(item, pick)
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            found = pick(key.value, value)
            yield from _find(value, pick) if found is None else found


_PROFILE_TEXT = ("organization", "name", "role")
_PROFILE_NOTE = ("A name or description from Los Angeles County's own profile "
                 "(content/profiles/la-county.yaml), printed on the school handout. Use the "
                 "name the county's agencies use in your language.")


def extract_profile(
    fileobj: IO[bytes], keywords: Any, comment_tags: list[str], options: dict
) -> Iterator[Entry]:
    """Babel extraction method for the county's profile: the English of each name, so a
    translator can give it in a language the profile itself does not (it has en and es)."""
    root = yamlsource.compose(Path(getattr(fileobj, "name", "<yaml>")),
                              fileobj.read().decode(options.get("encoding", "utf-8")))

    def names(key: str, value: Node) -> Iterator[Entry] | None:
        if key not in _PROFILE_TEXT:
            return None
        english = next((v for k, v in value.value if k.value == "en"), None) \
            if isinstance(value, MappingNode) else value
        if not isinstance(english, ScalarNode):
            return iter(())
        return iter([(english.start_mark.line + 1, "pgettext",
                      (PROFILE_CONTEXT, english.value), [_PROFILE_NOTE])])

    yield from _find(root, names)


def extract_catalog(project: Path) -> Catalog:
    """Run every extractor named in babel.cfg over the project and return the template.

    Babel opens the files itself: each is confined first (a link out of content/ or
    templates/ is refused, as the build refuses it).
    """
    for folder in (project / "content", project / "templates"):
        for path in folder.rglob("*"):
            confined(path, folder)
    with (project / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    catalog = Catalog(
        project="csec-handouts",
        version=__version__,
        msgid_bugs_address="",
        copyright_holder="",
        charset="utf-8",
        fuzzy=False,
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        str(project), method_map, options_map, comment_tags=COMMENT_TAGS, strip_comment_tags=True,
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments,
                    context=context)
    return catalog


def po_bytes(catalog: Catalog, **options: Any) -> bytes:
    """Serialise a catalog the one way this project writes every .po/.pot file.

    Always UTF-8, spelled as GNU gettext and Poedit write it (Babel would write "utf-8", so
    every `update` would change a header line the translator never touched).
    """
    catalog.charset = "UTF-8"
    buf = io.BytesIO()
    write_po(buf, catalog, width=PO_WIDTH, **options)
    return buf.getvalue()


def write_template(project: Path) -> tuple[Path, bool]:
    """Write locales/messages.pot; leave it untouched when only the date would change."""
    catalog = extract_catalog(project)
    target = project / "locales" / "messages.pot"
    new = po_bytes(catalog)
    if target.exists() and _without_date(target.read_bytes()) == _without_date(new):
        return target, False
    write_bytes(target, new)
    return target, True


def _without_date(data: bytes) -> bytes:
    return b"\n".join(line for line in data.splitlines()
                      if not line.startswith(b'"POT-Creation-Date:'))
