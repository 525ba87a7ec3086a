"""A whole district in one run: read a CSV of schools into school-handout profiles.

One row a school, with the fields a profile file holds (content/profiles/example-school.yaml):
`organization`, then `contact1_name`, `contact1_role`, `contact1_phone`, `contact1_email`,
`contact1_url`, `contact2_...` and so on. A column ending in a language code
(`organization_es`) gives that language's text. `slug` names the PDF
(dist/<lang>/schools/<slug>.pdf); without it the school's name does. A bad row is named by its
line and column and left out, so one typo does not stop a district's other schools.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from handouts.content.load import plain_error
from handouts.content.model import Contact, Profile
from handouts.errors import HandoutError, Problem

_LANG = r"(?:_([a-z]{2,3}(?:_[A-Za-z]+)?))?"  # organization_es, contact1_role_zh_Hant
_CONTACT = re.compile(rf"^contact(\d+)_(name|role|phone|email|url){_LANG}$")
_ORGANIZATION = re.compile(rf"^organization{_LANG}$")
_TEXT_FIELDS = {"name", "role"}  # shown as written, one text or one per language


@dataclass(frozen=True)
class School:
    """One good row: its slug (the PDF's name) and its profile, as JSON for the build plan."""

    slug: str
    line: int
    profile: str  # Profile as JSON: hashable, and cheap to send to a worker process


# Characters in a school's file name: readable in a folder listing, and far below the 255
# bytes a disk allows a name (with the temporary file's suffix and the print folder's path).
MAX_SLUG = 60


def slugify(name: str) -> str:
    """"Escuela Lincoln Middle School" -> "escuela-lincoln-middle-school".

    A longer name is cut at a word to MAX_SLUG, with a short hash of the whole name, so two
    long names that begin alike still get two files.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if len(slug) <= MAX_SLUG:
        return slug
    tag = hashlib.blake2b(slug.encode(), digest_size=3).hexdigest()
    head = slug[:MAX_SLUG - len(tag) - 1]
    return f"{head.rsplit('-', 1)[0] if '-' in head else head}-{tag}"


def read_schools(path: Path) -> tuple[list[School], list[Problem]]:
    """Every good row as a School, and one Problem per bad row (line and column named)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise HandoutError(Problem("this school list does not exist; copy "
                                   "content/profiles/example-district.csv and fill it in",
                                   path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise HandoutError(Problem(f"cannot read this school list ({exc}); save it as a CSV "
                                   "file in UTF-8 (in Excel: CSV UTF-8)", path)) from None
    reader = csv.DictReader(text.splitlines())
    columns = reader.fieldnames or []
    unknown = [c for c in columns if c != "slug" and not _CONTACT.match(c)
               and not _ORGANIZATION.match(c)]
    if "organization" not in columns or unknown:
        said = f"unknown column {', '.join(unknown)}; " if unknown else ""
        raise HandoutError(Problem(
            f"{said}the first line must name the columns: organization, then contact1_name, "
            "contact1_role, contact1_phone, contact1_email, contact1_url (contact2_... for a "
            "second person; organization_es for a Spanish name); see "
            "content/profiles/example-district.csv", path, 1))
    schools: list[School] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        values = {k: (v or "").strip() for k, v in row.items() if k is not None}
        if not any(values.values()):
            continue  # a blank line
        try:
            slug, profile = _profile(values)
        except _RowError as exc:
            problems.append(Problem(f"column {exc.column}: {exc.message}; this school was "
                                    "skipped", path, line))
            continue
        if slug in seen:
            problems.append(Problem(f"column slug: the school name gives the same file name "
                                    f"({slug}.pdf) as line {seen[slug]}; add a slug column to "
                                    "tell them apart; this school was skipped", path, line))
            continue
        seen[slug] = line
        schools.append(School(slug, line, profile.model_dump_json(exclude_none=True)))
    return schools, problems


class _RowError(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column, self.message = column, message


def _profile(values: dict[str, str]) -> tuple[str, Profile]:
    """One row -> (slug, Profile), or _RowError naming the column that is wrong."""
    organization = _texts(values, _ORGANIZATION)
    if not organization:
        raise _RowError("organization", "the school's name is empty")
    contacts: dict[int, dict] = {}
    for column, value in values.items():
        match = _CONTACT.match(column)
        if match and value:
            number, field, lang = int(match[1]), match[2], match[3]
            contact = contacts.setdefault(number, {})
            if field in _TEXT_FIELDS:
                contact.setdefault(field, {})[lang or "en"] = value
            else:
                contact[field] = value
    people = []
    for number in sorted(contacts):
        try:
            people.append(Contact.model_validate(contacts[number]))
        except ValidationError as exc:
            err = exc.errors()[0]
            field = str(err["loc"][0]) if err["loc"] else "name"
            raise _RowError(f"contact{number}_{field}", plain_error(err)) from None
    slug = values.get("slug") or slugify(organization.get("en") or
                                         next(iter(organization.values())))
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug):
        raise _RowError("slug", "use lowercase letters, digits and hyphens, like lincoln-middle")
    if len(slug) > MAX_SLUG:
        raise _RowError("slug", f"a file name of at most {MAX_SLUG} characters, please (this "
                                f"one has {len(slug)})")
    try:
        return slug, Profile.model_validate({"organization": organization, "contacts": people})
    except ValidationError as exc:  # the name's characters (model.LocalText)
        raise _RowError("organization", plain_error(exc.errors()[0])) from None


def _texts(values: dict[str, str], pattern: re.Pattern) -> dict[str, str]:
    found = {}
    for column, value in values.items():
        match = pattern.match(column)
        if match and value:
            found[match[1] or "en"] = value
    return found


def profile_of(data: str) -> Profile:
    """The profile a School carried through the plan, back as the model the template reads."""
    return Profile.model_validate(json.loads(data))
