"""Quality gates for translations: the checks pofilter and Weblate run, tuned to this content.

A handout is read by someone who may call the number printed on it, so a translation that drops
a digit, breaks a placeholder or loses a tag must stop the build, not reach paper. Style slips
(punctuation, spacing, a string left in English) are warnings a translator can judge.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from handouts.content.characters import ASCII_DIGITS, character_problems, own_digits
from handouts.errors import HandoutError, Problem
from handouts.i18n import catalogs
from handouts.i18n.catalogs import UNCHANGED_OK_FILE, Key, forms, is_translated, key_map
from handouts.project import Project, base_language, has_catalog

ERROR, WARNING = "error", "warning"
PINNED_PLURAL_FORMS = {"es": "nplurals=2; plural=(n != 1);"}  # Babel's CLDR data will change

_SPEC = r"[-#0 +]*[0-9]*(?:\.[0-9]+)?[diouxXeEfFgGcrs]"
_PLACEHOLDER = re.compile(rf"%\(\w+\){_SPEC}|\{{\w*\}}")
_BRACES = re.compile(r"\{\w*\}")
_PERCENT = re.compile(rf"%(?:(?P<escape>%)|(?P<name>\(\w+\))?{_SPEC}|\(\w*\)?)")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+"
                  r"|\b(?:[\w-]+\.)+(?:org|com|gov|net|edu|us|info)\b(?:/[^\s<>\"]*)?", re.I)
_DIGITS = re.compile(r"\d+")
_MAX_LENGTH = re.compile(r"max-length:\s*(\d+)")
_END_CLOSERS = "\"'\u201d\u2019\u00bb)]"
_END_PUNCT = {".": ".", "!": "!", "?": "?", ":": ":", ";": ";", "…": "…", "؟": "?",
              "\u3002": ".", "\uff01": "!", "\uff1f": "?", "\uff1a": ":",
              "\u17d4": ".", "\u17d6": ":",  # Khmer khan and camnuc pii kuuh
              "\u0589": ".", "\u055e": "?"}  # Armenian full stop and question mark
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class EntryProblem(Problem):
    """A Problem about one catalog entry, remembering which msgid it is (for JSON output)."""

    msgid: str = ""
    context: str | None = None


@dataclass(frozen=True)
class Needs:
    """What the PDFs of one build look up in one language's catalog."""

    printed: frozenset[Key]  # a final build needs each translated and reviewed
    optional: frozenset[Key] = frozenset()  # printed when the catalog has it (profile names,
    # a draft's stamp, the words a notice's third language need not have)

    def __or__(self, other: Needs) -> Needs:
        printed = self.printed | other.printed
        return Needs(printed, (self.optional | other.optional) - printed)


def locale_problems(project: Project, lang: str, used: Iterable[Key],
                    optional: Iterable[Key] = ()) -> list[EntryProblem]:
    """Every problem in one locale's catalog, naming the file as the translator sees it."""
    path = project.po_path(lang)
    catalog = catalogs.read_catalog(path, lang)
    return check_catalog(path.relative_to(project.root), catalog, lang, used,
                         catalogs.load_unchanged_ok(project.locales), optional)


def gate(project: Project, needs: Mapping[str, Needs], draft: bool) -> None:
    """Stop a build if a locale would print a broken translation (before anything is published;
    the pipeline runs this while its workers render into a staging folder).

    `needs` gives, for each language any PDF prints (a notice's three included), the entries
    its PDFs look up. A draft may leave strings untranslated or fuzzy (they print in English,
    highlighted, or as marked suggestions), but never print a wrong number, placeholder or tag.
    """
    lenient = {"untranslated", "fuzzy"} if draft else set()
    problems = []
    for lang, need in needs.items():
        if not has_catalog(lang):
            continue
        looked_up = need.printed | need.optional
        problems += [p for p in locale_problems(project, lang, need.printed, need.optional)
                     if p.level == ERROR and p.check not in lenient
                     and (p.check == "header" or (p.context, p.msgid) in looked_up)]
    if problems:
        hint = "" if draft else (" To see an unfinished translation on paper, build with "
                                 "--draft.")
        raise HandoutError(*problems, Problem(
            f"the build stopped before printing anything: fix the translations above, then "
            f"run `python build.py check` to confirm.{hint}"))


def check_catalog(path: Path | str, catalog: Catalog, lang: str, used: Iterable[Key],
                  unchanged_ok: frozenset[str] = frozenset(), optional: Iterable[Key] = ()
                  ) -> list[EntryProblem]:
    """Every problem in one catalog. Untranslated or fuzzy is an error only for a used string
    (an optional one, such as a profile's name, prints in English without it)."""
    used, optional = set(used), set(optional)
    problems: list[EntryProblem] = []
    pinned = PINNED_PLURAL_FORMS.get(base_language(lang))
    if pinned and catalog.plural_forms != pinned:
        problems.append(EntryProblem(
            f'the header says "Plural-Forms: {catalog.plural_forms}"; this language must use '
            f'"Plural-Forms: {pinned}"', path, 1, ERROR, "header"))
    entries = key_map(catalog)
    for key in sorted(used - entries.keys(), key=lambda k: (k[1], k[0] or "")):
        problems.append(_entry_problem(path, None, key, ERROR, "untranslated",
                                       "is not in this file yet; run `python build.py update` "
                                       "and translate it"))
    for message in catalog:
        if not message.id:
            continue
        key = (message.context, forms(message.id)[0])
        keys = {(message.context, m) for m in forms(message.id)}
        is_used = bool(keys & used)
        printed = is_used or bool(keys & optional)
        level = ERROR if is_used else WARNING
        later = "" if printed else " (not used by any handout yet)"
        suggested = message.fuzzy and any(forms(message.string))
        if suggested:
            problems.append(_entry_problem(
                path, message.lineno, key, level, "fuzzy",
                "is marked fuzzy: check the translation against the English, fix it, then remove "
                f"the fuzzy mark{later}"))
        elif not is_translated(message):
            problems.append(_entry_problem(path, message.lineno, key, level, "untranslated",
                                           f"has no translation{later}"))
        if suggested or is_translated(message):  # a draft prints suggestions: check them too
            for level, check, text in check_message(message, unchanged_ok, lang):
                problems.append(_entry_problem(path, message.lineno, key, level, check, text))
    return problems


def _entry_problem(path: Path | str, line: int | None, key: Key, level: str, check: str,
                   text: str) -> EntryProblem:
    context, msgid = key
    short = msgid if len(msgid) <= 60 else msgid[:57] + "..."
    where = f" (context {context})" if context else ""
    return EntryProblem(f'"{short}"{where} {text}', path, line, level, check, msgid, context)


def check_message(message: Message, unchanged_ok: frozenset[str] = frozenset(),
                  lang: str = "") -> list[tuple[str, str, str]]:
    """(level, check, what is wrong) for one translated entry, each form against its source."""
    ids, strings = forms(message.id), forms(message.string)
    formatted = _is_formatted(message)
    ordered = _keeps_order(message)
    limit = _max_length(message)
    found: list[tuple[str, str, str]] = []
    for i, text in enumerate(strings):
        source = ids[min(i, len(ids) - 1)]
        found += _check_pair(source, text, formatted, ordered, limit, unchanged_ok, lang)
    return list(dict.fromkeys(found))


def _check_pair(source: str, text: str, formatted: bool, ordered: bool, limit: int | None,
                unchanged_ok: frozenset[str], lang: str) -> Iterator[tuple[str, str, str]]:
    for problem in character_problems(text, lang):
        yield ERROR, "characters", problem
    yield from _placeholder_problems(source, text, formatted, ordered)
    yield from _differs(ERROR, "tags", "markup tags", _TAG.findall(source), _TAG.findall(text),
                        "keep the same tags, such as <b>…</b>, around the matching words")
    yield from _differs(ERROR, "urls", "web and email addresses", _addresses(source),
                        _addresses(text), "copy them exactly as in the English")
    yield from _differs(ERROR, "numbers", "numbers", _numbers(source, ""), _numbers(text, lang),
                        "phone numbers, ages, hours and facts must stay exactly the same, "
                        "digit for digit")
    visible = len(_TAG.sub("", text))
    if limit is not None and visible > limit:
        yield (ERROR, "max-length", f"is {visible} characters long; it must fit in {limit} "
               "(shorten it: the space on the page is fixed)")
    if _edge_space(source) != _edge_space(text):
        yield (WARNING, "whitespace", "starts or ends with spaces differently from the English")
    if _end(source) != _end(text):
        yield (WARNING, "end-punctuation",
               f"ends with {_end(text) or 'no punctuation'} but the English ends with "
               f"{_end(source) or 'no punctuation'}")
    if "  " in text and "  " not in source:
        yield WARNING, "double-space", "has two spaces in a row"
    if text == source and _LETTER.search(source) and source.strip() not in unchanged_ok:
        yield (WARNING, "unchanged", "is the same as the English; if it is a name that stays "
               f"as it is, add it to locales/{UNCHANGED_OK_FILE}")


@dataclass(frozen=True)
class _Format:
    """What %-formatting finds in a text: its placeholders by name, its %% escapes, and any %
    that is neither (printed as is, or breaking the format)."""

    named: list[str]
    escapes: int
    stray: list[str]


def _format(text: str, formatted: bool) -> _Format:
    if not formatted:  # printed as written: a % is a percent sign
        return _Format(_PLACEHOLDER.findall(text), 0, [])
    named, escapes, stray = _BRACES.findall(text), 0, []
    for token in _PERCENT.finditer(text):
        if token["escape"]:
            escapes += 1
        elif token["name"]:
            named.append(token[0])
        else:
            stray.append(token[0])
    return _Format(named, escapes, stray)


def _placeholder_problems(source: str, text: str, formatted: bool, ordered: bool
                          ) -> Iterator[tuple[str, str, str]]:
    """Placeholders match the English by name (so no two entries can trade numbers), %% escapes
    by count, and in a sentence of the content (whose placeholders are numbers, each beside the
    organization the sentence names) by order too."""
    want, got = _format(source, formatted), _format(text, formatted)
    yield from _differs(ERROR, "placeholders", "placeholders", want.named, got.named,
                        "copy each one exactly as in the English")
    if formatted and "%%(" in text:
        yield (ERROR, "placeholders", "writes %%( : the doubled % makes the placeholder print "
               "its own name instead of the number; write a single % before the (")
    elif got.escapes != want.escapes:
        yield (ERROR, "placeholders", f"has {got.escapes} %% (a printed percent sign) where the "
               f"English has {want.escapes}; keep them as in the English")
    if got.stray:
        yield (ERROR, "placeholders", f"has {', '.join(dict.fromkeys(got.stray))}, which is not "
               "a placeholder of the English; write %% for a percent sign")
    if ordered and Counter(want.named) == Counter(got.named) and want.named != got.named:
        yield (ERROR, "placeholders", f"puts the numbers in another order ({', '.join(got.named)}"
               f") than the English ({', '.join(want.named)}); each number belongs beside the "
               "organization the English puts it with, so keep their order")


def _differs(level: str, check: str, what: str, source: list[str], text: list[str],
             advice: str) -> Iterator[tuple[str, str, str]]:
    missing = Counter(source) - Counter(text)
    added = Counter(text) - Counter(source)
    if missing or added:
        parts = []
        if missing:
            parts.append("drops " + ", ".join(sorted(missing.elements())))
        if added:
            parts.append("adds " + ", ".join(sorted(added.elements())))
        yield level, check, f"changes the {what}: the translation {' and '.join(parts)}; {advice}"


def _is_formatted(message: Message) -> bool:
    """Template strings are always %-formatted (Jinja newstyle gettext); content is when it has
    placeholders (render/html.py, fill)."""
    in_template = any(str(path).startswith("templates/") for path, _ in message.locations)
    return in_template or any(_PLACEHOLDER.search(m) for m in forms(message.id))


def _keeps_order(message: Message) -> bool:
    """A sentence of content/: its placeholders are numbers from resources.yaml."""
    return bool(message.locations) and all(str(path).startswith("content/")
                                           for path, _ in message.locations)


def _max_length(message: Message) -> int | None:
    flags = " ".join(message.flags).replace("max-length:", "max-length: ")
    for text in (flags, " ".join(message.auto_comments)):
        if found := _MAX_LENGTH.search(text):
            return int(found.group(1))
    return None


def _addresses(text: str) -> list[str]:
    emails = _EMAIL.findall(text)
    urls = [u.rstrip(".,;:!?)") for u in _URL.findall(_EMAIL.sub(" ", text))]
    return emails + urls


def _numbers(text: str, lang: str) -> list[str]:
    """Digit runs outside placeholders and addresses, compared as written (a leading zero
    counts): 12-14 and "12 a 14" are the same; a language that writes its own digits
    (characters.OWN_DIGITS) may write 18 as ۱۸."""
    for pattern in (_PLACEHOLDER, _TAG, _EMAIL, _URL):
        text = pattern.sub(" ", text)
    own = own_digits(lang)
    if own:
        text = text.translate(str.maketrans(own, ASCII_DIGITS))
    return _DIGITS.findall(text)


def _edge_space(text: str) -> tuple[bool, bool]:
    return text[:1].isspace(), text[-1:].isspace()


def _end(text: str) -> str:
    """The closing punctuation (Spanish ¿…? and ¡…! compare by their end only)."""
    text = _TAG.sub("", text).rstrip().rstrip(_END_CLOSERS).rstrip()
    if text.endswith("..."):
        return "…"
    return _END_PUNCT.get(text[-1:], "")
