"""The content's schema: the frozen models content/load.py validates content/*.yaml into.

Sentences are `Msg` values (they become msgids); phone numbers, text short codes, URLs and
emails are plain data fields, so no translation can ever change them.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal

import phonenumbers
from markupsafe import Markup, escape
from phonenumbers import shortnumberinfo
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    StringConstraints,
    model_validator,
)

from handouts.content.characters import character_problems
from handouts.project import base_language, language_tag

# Inline markup a sentence may carry; everything else is printed literally.
ALLOWED_TAGS = ("b",)
_TAG_RE = re.compile(rf"&lt;(/?)({'|'.join(ALLOWED_TAGS)})&gt;")


class Msg(BaseModel):
    """A translatable sentence: the English text (the msgid) and an optional gettext context.

    After localisation `text` holds the translation; in a draft build `missing` marks a string
    shown in English and `suggested` one whose translation nobody has reviewed yet (fuzzy), so
    the template can highlight each.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: Annotated[str, StringConstraints(min_length=1)]
    context: str | None = None
    missing: bool = False
    suggested: bool = False

    def __str__(self) -> str:
        return self.text

    def __html__(self) -> str:
        html = _TAG_RE.sub(r"<\1\2>", str(escape(self.text)))
        if self.missing:
            return str(Markup('<mark class="untranslated">{}</mark>').format(Markup(html)))
        if self.suggested:
            return str(Markup('<mark class="suggested">{}</mark>').format(Markup(html)))
        return html


def _as_msg(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


def _house_phone(value: Any) -> Any:
    """A US phone number in any common written form, in the house form: 1-800-555-1234 for a
    toll-free number, 323-555-0142 for any other, 911 for a three-digit service number."""
    if not isinstance(value, str):
        return value  # the type check names it
    text = value.strip()
    if not re.fullmatch(r"[0-9 ()+.\-]+", text):
        raise ValueError(f'"{value}" is not a phone number written like (323) 555-0142 or '
                         "1-800-555-1234 (or 911): use the digits 0-9, with spaces, hyphens, "
                         "dots or brackets if you like (letters go in phone_letters)")
    try:
        number = phonenumbers.parse(text, "US")
    except phonenumbers.NumberParseException:
        number = None
    digits = re.sub(r"[^0-9]", "", text)
    if len(digits) == 3 and number is not None \
            and shortnumberinfo.is_valid_short_number_for_region(number, "US"):
        return digits
    if number is None or not phonenumbers.is_valid_number_for_region(number, "US"):
        raise ValueError(f'"{value}" is not a US phone number; write its 10 digits with the area '
                         "code, such as (323) 555-0142 or 1-800-555-1234, or a three-digit "
                         "number such as 911 or 988")
    national = str(number.national_number)
    house = f"{national[:3]}-{national[3:6]}-{national[6:]}"
    toll_free = phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.TOLL_FREE
    return f"1-{house}" if toll_free else house


_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.(?:[A-Za-z]{{2,63}}|xn--[a-z0-9-]{{1,59}})")
_URL = re.compile(r"https://(?P<host>[^/?#:\s]+)(?P<rest>[/?#][!-~]*)?")
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(?P<host>[^@\s]+)")


def _ascii_host(host: str, value: str) -> None:
    """Refuse a host name a reader could take for another: ASCII letters, digits and hyphens
    only; an international name in its xn-- form, printed as it is."""
    if not host.isascii():
        raise ValueError(f'"{value}" has a letter outside A-Z in its host name ({host}); a '
                         "letter from another alphabet can look like a Latin one and lead "
                         "elsewhere. Write the address in plain ASCII; for an international name "
                         "use its xn-- form (punycode), which is printed as it is")
    if not _HOST.fullmatch(host):
        raise ValueError(f'"{value}" does not have a host name like example.org')
    for label in host.lower().split("."):
        if label.startswith("xn--"):
            try:
                label.encode("ascii").decode("idna")
            except UnicodeError:
                raise ValueError(f'"{value}": {label} is not a valid xn-- (punycode) name'
                                 ) from None


def _address(pattern: re.Pattern, said: str) -> Callable[[Any], Any]:
    """A validator: the value matches `pattern` (with a `host` group) and its host is ASCII."""
    def check(value: Any) -> Any:
        if isinstance(value, str):
            found = pattern.fullmatch(value)
            if found is None:
                raise ValueError(f'"{value}" is not {said}')
            _ascii_host(found["host"], value)
        return value
    return check


_web_address = _address(_URL, "a web address starting with https://, in plain ASCII "
                              "characters, without spaces")
_email_address = _address(_EMAIL, "an email address like name@example.org, in plain ASCII "
                                  "characters")


Text = Annotated[Msg, BeforeValidator(_as_msg)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Phone = Annotated[str, BeforeValidator(_house_phone)]
PhoneLetters = Annotated[str, StringConstraints(pattern=r"^1-[0-9]{3}-[0-9A-Z()-]+$")]
ShortCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{3,6}$")]
Url = Annotated[str, BeforeValidator(_web_address)]
Email = Annotated[str, BeforeValidator(_email_address)]
Keyword = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{2,20}$")]
# Where a resource's facts come from: the public page where a person confirmed them, or a
# citation a reader can find: publisher, "title", date (or undated), where in it.
Source = Annotated[str, StringConstraints(
    pattern=r'^(https://\S+|[^",]+, "[^"]+".*, [^,]*(\d{4}|undated)[^,]*, .+)$')]


def _no_date(value: Any) -> Any:
    return None if value == "" else value


Checked = Annotated[date | None, BeforeValidator(_no_date)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Resource(_Model):
    """A place to get help. Only `name`, `description`, `hours` and `area` are translated."""

    id: Slug
    name: Text
    description: Text | None = None
    hours: Text | None = None
    area: Text | None = None
    when: Text | None = None  # the situation it is for, in the "who to call, when" picture
    phone: Phone | None = None
    phone_letters: PhoneLetters | None = None  # 1-800-4-A-CHILD
    sms: ShortCode | None = None
    sms_keyword: Keyword | None = None  # "Text LOVEIS to 22522"
    # The short code as a law's fixed words write it ("233-733" in Civil Code 52.6's notice):
    # the same digits as `sms`, printed only where those words are.
    sms_written: str | None = None
    url: Url | None = None
    email: Email | None = None
    source: Source
    checked: Checked = None  # when a person last confirmed the facts at `source`

    @model_validator(mode="after")
    def _written_as_sms(self) -> Resource:
        if self.sms_written is not None and re.sub(r"\D", "", self.sms_written) != self.sms:
            raise ValueError(f"sms_written ({self.sms_written}) must be the text number "
                             f"({self.sms}) with only spaces or hyphens added")
        return self

    def numbers(self) -> list[tuple[str, str]]:
        """What this resource prints that someone could dial, text or write to: (kind, value)."""
        found = [("phone", self.phone), ("phone letters", self.phone_letters),
                 ("text", f"{self.sms_keyword} to {self.sms}" if self.sms_keyword else self.sms),
                 ("text as the law writes it", self.sms_written),
                 ("email", self.email)]
        return [(kind, value) for kind, value in found if value]


class Section(_Model):
    """A heading with paragraphs and a bullet list, shared by every material that names it."""

    id: Slug
    heading: Text
    paragraphs: list[Text] = Field(default_factory=list)
    points: list[Text] = Field(default_factory=list)
    after: list[Text] = Field(default_factory=list)  # after the list: what to do next
    # A captioned picture that carries the section's message, after its text: vector art
    # drawn in templates/macros.html.j2 (macro `picture`), its words in the catalog there.
    picture: Literal["how-it-starts", "fake-offer"] | None = None


class LeadLine(_Model):
    """One line of a handout's main message; `call` names the resource whose number follows."""

    say: Text
    call: Slug | None = None


class Material(_Model):
    """The words of one handout; the template decides where each slot goes on the page."""

    title: Text
    document_title: Text | None = None  # the PDF's title: what the handout is (default: title)
    subtitle: Text | None = None
    intro: Text | None = None
    lead: list[LeadLine] = Field(default_factory=list)  # the main message, first on the page
    who_to_call: list[Slug] = Field(default_factory=list)  # the "who to call, when" picture
    remember: list[Text] = Field(default_factory=list)  # the closing "what to remember" box
    slots: dict[Slug, list[Slug]] = Field(default_factory=dict)
    hotlines: list[Slug] = Field(default_factory=list)
    resources: list[Slug] = Field(default_factory=list)
    labels: dict[Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")], Text] = Field(
        default_factory=dict
    )


# msgctxt of the county profile's names in the catalog (i18n/extract.py, extract_profile): a
# language the profile does not give takes its translation from there.
PROFILE_CONTEXT = "profile"


class LocalText(RootModel[dict[str, str]]):
    """Profile text, written by a school rather than a translator: one string, or one per
    language (`{en: Room 12, es: Salón 12}`); a language without its own falls back to `en`."""

    model_config = ConfigDict(frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _one_string(cls, value: Any) -> Any:
        return {"en": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _readable(self) -> LocalText:
        problems = [f'the {lang} text "{text}" {problem}' for lang, text in self.root.items()
                    for problem in character_problems(text, lang)]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def own(self, lang: str) -> str | None:
        """The text the profile gives for this language itself, if any."""
        texts = self.root
        return texts.get(lang) or texts.get(language_tag(lang)) or texts.get(base_language(lang))

    def pick(self, lang: str) -> str:
        texts = self.root
        return self.own(lang) or texts.get("en") or next(iter(texts.values()), "")

    def __str__(self) -> str:
        return self.pick("en")


class Contact(_Model):
    """A local person or service named on the school handout; data, shown as written."""

    name: LocalText
    role: LocalText | None = None
    phone: Phone | None = None
    email: Email | None = None
    url: Url | None = None


class Profile(_Model):
    """A school's or organisation's own details for the school handout."""

    organization: LocalText
    contacts: list[Contact] = Field(default_factory=list)
    # The third language of the Civil Code 52.6 notice (after English and Spanish), e.g. zh.
    notice_language: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2,3}([_-]\w+)?$")] \
        | None = None
    # Where that choice comes from (the Attorney General's list), and when a person checked it.
    notice_language_source: Source | None = None
    notice_language_checked: Checked = None


class ResourcesFile(_Model):
    resources: list[Resource]


class SectionsFile(_Model):
    sections: list[Section]


class Content(_Model):
    """Everything in content/, cross-checked."""

    resources: dict[str, Resource]
    sections: dict[str, Section]
    materials: dict[str, Material]
    profiles: dict[str, Profile]


def _text_keys() -> tuple[frozenset[str], frozenset[str]]:
    """Which YAML keys hold translatable text, derived from the models so there is one truth.

    Returns (keys whose value or list items are text, keys whose mapping values are text).
    """

    def has_msg(tp: Any) -> bool:
        return tp is Msg or any(has_msg(a) for a in typing.get_args(tp))

    fields, maps = set(), set()
    for model in (Resource, Section, LeadLine, Material):
        for name, info in model.model_fields.items():
            tp = info.annotation
            if typing.get_origin(tp) is dict:
                if has_msg(typing.get_args(tp)[1]):
                    maps.add(name)
            elif has_msg(tp):
                fields.add(name)
    return frozenset(fields), frozenset(maps)


TEXT_FIELDS, TEXT_MAPS = _text_keys()


class MaterialView(_Model):
    """One material with its references resolved: what a template needs, nothing more."""

    name: str
    material: Material
    slots: dict[str, list[Section]]
    hotlines: list[Resource]
    resources: list[Resource]
    who_to_call: list[Resource] = Field(default_factory=list)
    calls: dict[str, Resource] = Field(default_factory=dict)  # the lead's numbers, by id
    profile: Profile | None = None


def view(content: Content, name: str, source: str, profile: str | None = None) -> MaterialView:
    """Resolve a material's section and resource ids (already checked when loading)."""
    material = content.materials[source]
    return MaterialView(
        name=name,
        material=material,
        slots={slot: [content.sections[s] for s in ids] for slot, ids in material.slots.items()},
        hotlines=[content.resources[r] for r in material.hotlines],
        resources=[content.resources[r] for r in material.resources],
        who_to_call=[content.resources[r] for r in material.who_to_call],
        calls={line.call: content.resources[line.call] for line in material.lead if line.call},
        profile=content.profiles[profile] if profile else None,
    )
