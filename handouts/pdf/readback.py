"""Read the laid-out pages back as their reader meets them: what goes in comes out, and every
number is one the content gives.

The other checks look at what should print (the catalogs, the box geometry); these look at
what does. `lost` compares the text of every HTML element with the text its boxes show on the
pages, so a list item cut off at the foot of a panel, or never laid out at all, stops the build
whether it spilled out of a panel, a flex box or a page. `wrong_numbers` reads every line as it
is drawn (the direction resolved by Pango, so a number a direction control turned around reads
turned around) and holds every phone number, text code, email and web address in it to the
house forms in content/resources.yaml and the profiles, and to the same count as the English
edition of the same handout.

"Found whole" ignores what layout may change without changing what a reader reads: spaces and
line breaks, hyphens (a soft hyphen becomes one at the end of a line), invisible format
characters (the zero width spaces the build puts between Khmer syllables, joiners, the bidi
isolation marks around numbers), and letter case (`text-transform`). Text that is laid out but
clipped away (`overflow: hidden`, past the trim) or hidden (`visibility`) does not count as
shown.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.etree.ElementTree import Element

from handouts.content.model import Content, Profile
from handouts.pdf.weasy import Piece, Reading
from handouts.render.html import url_label

# Elements whose text is not printed: the document's head, and vector art (an icon's title is
# its alternative text for screen readers, not print).
_UNPRINTED = frozenset(("head", "svg", "math", "script", "style", "template", "title"))
# Elements that flow inside a line: their text is part of the paragraph around them.
_INLINE = frozenset(("a", "abbr", "b", "bdi", "bdo", "cite", "code", "em", "i", "mark", "q",
                     "small", "span", "strong", "sub", "sup", "time", "u"))
_VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"))
_HYPHENS = "-\u2010\u2011"  # the hyphen-minus, and the hyphens a line break may draw
_SPACES_AND_HYPHENS = re.compile(rf"[\s{re.escape(_HYPHENS)}]")
_JOINERS = "-\u2010\u2011."  # what may join the digit groups of one number
_SHORT = 3  # fewer digits than this is a count, an age or an hour, not a number to check
_LONG = 7  # this many digits is a phone number, wherever it comes from
# Any digit a reader reads as one: 0-9, other scripts' digits, and the superscript, subscript and
# circled ones (which are not \d)
_DIGIT = r"\d" + "\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u24f5-\u24fd"
_DIGITS = re.compile(rf"[{_DIGIT}]+(?:[{_JOINERS}][{_DIGIT}]+)*")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WEB = re.compile(r"(?:https?://|www\.)[^\s<>\"]+"
                  r"|\b(?:[\w-]+\.)+(?:org|com|gov|net|edu|us|info)\b(?:/[^\s<>\"]*)?", re.I)
_MASK = "\0"
_MAYBE = re.compile(rf"[{_DIGIT}@.]")  # a passage without these has no number or address


# ---------------------------------------------------------------- what goes in comes out


def lost(reading: Reading) -> list[str]:
    """Each string of the HTML that the pages do not show whole, described for a translator.

    In a box of fixed size (class "fit") only the first: what follows it was pushed out by it.
    """
    parents = {child: parent for parent in reading.root.iter() for child in parent}
    shown: dict[Element, list[str]] = {}
    for line in reading.lines:
        for piece in line:
            if piece.visible and piece.element is not None:
                shown.setdefault(piece.element, []).append(piece.text)
    found: dict[Element, str] = {}
    first: dict[Element, Element] = {}  # each fit box -> its first lost string
    pushed: dict[Element, Element] = {}  # each later lost string -> its fit box
    for element, own in _printed(reading.root):
        expected = _bare(own)
        seen = _bare("".join(shown.get(element, ())))
        if expected in seen:
            continue
        block = _block(element, parents)
        if block in found or block in pushed:
            continue
        box = _fit_box(block, parents)
        if box is not None and box in first:
            pushed[block] = box
            continue
        if box is not None:
            first[box] = block
        cut = _longest_prefix(expected, seen)
        if cut:
            found[block] = (f'"{_quote(block)}" is cut off after "{_tail(own, cut)}": the '
                            "rest is not on the page (it runs past its box or the page)")
        else:
            found[block] = (f'"{_quote(block)}" is not on the page (it runs past its box or '
                            "the page)")
    for box, block in first.items():
        later = [_quote(b, 40) for b, where in pushed.items() if where is box]
        if later:
            named = "; ".join(f'"{text}"' for text in later[:2])
            more = f" and {len(later) - 2} more" if len(later) > 2 else ""
            found[block] += f"; after it in the same box, not on the page either: {named}{more}"
    return list(found.values())


def _fit_box(element: Element, parents: dict[Element, Element]) -> Element | None:
    """The box of fixed size an element is in, if any."""
    while element in parents:
        element = parents[element]
        if "fit" in (element.get("class") or "").split():
            return element
    return None


def _printed(root: Element) -> Iterator[tuple[Element, str]]:
    """Every element with text of its own (not its children's), in document order."""
    for element in _elements(root):
        own = (element.text or "") + "".join(child.tail or "" for child in element)
        if own.strip():
            yield element, own


def _elements(element: Element) -> Iterator[Element]:
    if not isinstance(element.tag, str) or _local(element.tag) in _UNPRINTED or \
            element.get("hidden") is not None:
        return
    yield element
    for child in element:
        yield from _elements(child)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _bare(text: str) -> str:
    """The text without what layout may add, drop or change without changing the words."""
    folded = _SPACES_AND_HYPHENS.sub("", text.casefold())
    unseen = {c: None for c in set(folded) if unicodedata.category(c) == "Cf"}  # invisible
    return folded.translate(str.maketrans(unseen)) if unseen else folded


def _longest_prefix(expected: str, seen: str) -> int:
    """How many leading characters of `expected` the shown text has, in one piece."""
    low, high = 0, len(expected)
    while low < high:  # a longer prefix can only be found if a shorter one is
        middle = (low + high + 1) // 2
        if expected[:middle] in seen:
            low = middle
        else:
            high = middle - 1
    return low


def _tail(own: str, count: int) -> str:
    """The original text up to its `count`-th bare character, its last few words."""
    kept = 0
    for index, char in enumerate(own):
        if _bare(char):
            kept += 1
            if kept == count:
                text = " ".join(own[:index + 1].split())
                return text if len(text) <= 40 else "..." + text[-37:]
    return ""


def _block(element: Element, parents: dict[Element, Element]) -> Element:
    """The paragraph, list item or heading an element's text is part of."""
    while _local(element.tag) in _INLINE and element in parents:
        element = parents[element]
    return element


def _quote(element: Element, most: int = 90) -> str:
    text = " ".join(_without_controls("".join(_texts(element))).split())
    return text if len(text) <= most else text[:most - 3] + "..."


def _texts(element: Element) -> Iterator[str]:
    """An element's printed text, in order (not an icon's title)."""
    if not isinstance(element.tag, str) or _local(element.tag) in _UNPRINTED:
        return
    yield element.text or ""
    for child in element:
        yield from _texts(child)
        yield child.tail or ""


def _without_controls(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


# ---------------------------------------------------------------- the numbers a reader sees


@dataclass(frozen=True)
class Known:
    """Every number and address the content gives, in the form the handouts print it."""

    numbers: frozenset[str]  # phone numbers, their letters, text codes
    addresses: frozenset[str]  # emails, web addresses as printed (no https://, no www.)


def house_forms(content: Content, extra: Profile | None = None) -> Known:
    """The numbers and addresses of content/resources.yaml and every profile (and `extra`, a
    school from a district's CSV), as the templates print them."""
    numbers: set[str] = set()
    addresses: set[str] = set()
    for r in content.resources.values():
        numbers.update(v for v in (r.phone, r.phone_letters, r.sms, r.sms_written) if v)
        addresses.update(v for v in (r.email, r.url and url_label(r.url)) if v)
    for profile in [*content.profiles.values(), *([extra] if extra else [])]:
        for c in profile.contacts:
            numbers.update(v for v in (c.phone,) if v)
            addresses.update(v for v in (c.email, c.url and url_label(c.url)) if v)
    return Known(frozenset(numbers), frozenset(addresses))


@dataclass(frozen=True)
class Expected:
    """What the English edition of a handout shows: each known number's count, and the other
    numbers and addresses its text has (a law's number, a year, a count of languages)."""

    counts: Counter[str]
    others: frozenset[str]


def expected_from(english_html: str, known: Known) -> Expected:
    """What the English HTML of a handout prints (HTML only, no layout: it is fast)."""
    counts: Counter[str] = Counter()
    others: set[str] = set()
    for passage in _html_passages(english_html):
        scan = _scan(passage, known)
        counts += scan.counts
        others.update(token for _, token, _ in scan.others)
    return Expected(counts, frozenset(others))


def wrong_numbers(reading: Reading, known: Known, english: Expected | None) -> list[str]:
    """Each number or address on the pages that is not exactly one the content gives, or not
    shown as many times as the English edition shows it (`english`: None for English itself).
    """
    problems: dict[str, None] = {}
    counts: Counter[str] = Counter()
    shown_in: dict[str, dict[str, None]] = {}  # each value -> the strings it stands in
    parents = {child: parent for parent in reading.root.iter() for child in parent}
    for text, pieces in _passages(reading):
        scan = _scan(text, known)
        counts += scan.counts
        for start, value in scan.found:
            shown_in.setdefault(value, {})[_where(pieces, start, parents)] = None
        for start, token in scan.glued:
            where = _where(pieces, start, parents)
            problems[f'"{where}" shows "{token}": a character stands right next to the number '
                     "or address, so it reads as another one. Keep it apart from the words "
                     "around it, exactly as in the English"] = None
        for start, token, address in scan.others:
            said = (_wrong_address if address else _wrong_number)(token, known, english)
            if said:
                problems[f'"{_where(pieces, start, parents)}" shows "{token}", {said}'] = None
    if english is not None:
        for value in sorted(set(counts) | set(english.counts)):
            if counts[value] != english.counts[value]:
                strings = "; ".join(f'"{where}"' for where in list(shown_in.get(value, {}))[:4])
                problems[f"{value} is shown {_times(counts[value])}, the English handout shows it "
                         f"{_times(english.counts[value])}: a translation dropped, repeated or "
                         "changed it. Keep every number and placeholder as in the English"
                         + (f" (it is shown in: {strings})" if strings else "")] = None
    return list(problems)


def _wrong_address(token: str, known: Known, english: Expected | None) -> str | None:
    """What is wrong with an address that is not one the content gives, or None."""
    if token[::-1] in known.addresses:
        return (f"which is {token[::-1]} written backwards: remove the invisible direction "
                "characters from the translation")
    if english is None or token in english.others:
        return None
    return "an address content/resources.yaml does not give: keep addresses as in the English"


def _wrong_number(token: str, known: Known, english: Expected | None) -> str | None:
    """What is wrong with a number that is not one the content gives, or None."""
    ascii_form = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in token)
    digits = re.sub(r"\D", "", ascii_form)
    if any(c.isdigit() and not c.isdecimal() for c in token):
        return (f"which is {ascii_form} in superscript or circled digits: numbers print in "
                "plain digits")
    if token[::-1] in known.numbers and len(digits) >= _SHORT:
        return (f"which is {token[::-1]} written backwards: remove the invisible direction "
                "characters (such as U+202E) from the translation")
    if ascii_form != token and ascii_form in known.numbers:
        return (f"which is {ascii_form} in other digits: phone numbers print in the digits "
                f"0-9, as {ascii_form}")
    same = next((n for n in sorted(known.numbers) if re.sub(r"\D", "", n) == digits), None)
    if same is not None and len(digits) >= _SHORT:
        return f"which should print as {same}: keep numbers exactly as in the English"
    if all(len(group) < _SHORT for group in re.split(f"[{_JOINERS}]", ascii_form)):
        return None  # a range of ages or grades ("12-14" for "12 to 14"): each part is short
    if len(digits) >= _LONG:
        return ("a phone number content/resources.yaml does not give: put numbers in "
                "content/resources.yaml, never in the text")
    if len(digits) < _SHORT or english is None or ascii_form in english.others:
        return None
    return "a number the English handout does not print: keep numbers exactly as in the English"


def _times(count: int) -> str:
    return {0: "nowhere", 1: "once", 2: "twice"}.get(count, f"{count} times")


def _where(pieces: list[tuple[int, int, Piece]], start: int,
           parents: dict[Element, Element]) -> str:
    """The paragraph or item a position of a passage is in, for the message."""
    element = next((piece.element for begin, end, piece in pieces if begin <= start < end
                    and piece.element is not None), None)
    if element is None:
        return next((piece.text.strip() for _, _, piece in pieces), "")
    return _quote(_block(element, parents))


@dataclass
class _Scan:
    counts: Counter[str]
    found: list[tuple[int, str]]  # (where, which): each known value, apart as it should be
    glued: list[tuple[int, str]]  # (where, what): a known value with a stray character beside it
    others: list[tuple[int, str, bool]]  # (where, what, is it an address): everything else


def _scan(text: str, known: Known) -> _Scan:
    """Find the known values in one passage, then what else looks like a number or address."""
    scan = _Scan(Counter(), [], [], [])
    if not _MAYBE.search(text):  # most lines: words only
        return scan
    masked = text
    # longest first: an address that holds digits, a number that holds another
    for value in sorted(known.addresses, key=len, reverse=True):
        masked = _mask(masked, value, _address_apart, scan)
    for value in sorted(known.numbers, key=len, reverse=True):
        masked = _mask(masked, value, _number_apart, scan)
    taken: list[tuple[int, int]] = []
    for pattern in (_EMAIL, _WEB):
        for m in pattern.finditer(masked):
            if _MASK not in m.group(0) and not any(a < m.end() and m.start() < b
                                                   for a, b in taken):
                taken.append(m.span())
                scan.others.append((m.start(), m.group(0).rstrip("."), True))
    for m in _DIGITS.finditer(masked):
        if not any(a <= m.start() < b for a, b in taken):
            scan.others.append((m.start(), m.group(0), False))
    return scan


def _mask(text: str, value: str, apart: Callable[[str, int, int], bool], scan: _Scan) -> str:
    """Count each place `value` stands in `text` (or note it glued to something), and blank
    it out so that nothing is read twice."""
    start = text.find(value)
    while start >= 0:
        end = start + len(value)
        if apart(text, start, end):
            scan.counts[value] += 1
            scan.found.append((start, value))
        else:
            scan.glued.append((start, _around(text, start, end)))
        text = text[:start] + _MASK * len(value) + text[end:]
        start = text.find(value, end)
    return text


def _number_apart(text: str, start: int, end: int) -> bool:
    """No digit touches the number, directly or through a hyphen or a point."""
    before, after = text[max(0, start - 2):start], text[end:end + 2]
    return not (before[-1:].isdigit() or (before[-1:] in _JOINERS and before[:1].isdigit())
                or after[:1].isdigit() or (after[:1] in _JOINERS and after[1:].isdigit()))


def _address_apart(text: str, start: int, end: int) -> bool:
    """No letter, digit or address character runs on from the address."""
    before, after = text[start - 1:start], text[end:end + 2]
    return not (before.isalnum() or (before and before in "@._-/+")
                or after[:1].isalnum() or (after[:1] and after[:1] in "@_-/+")
                or (after[:1] == "." and after[1:].isalnum()))


def _around(text: str, start: int, end: int) -> str:
    """A value with what is glued to it on either side, up to the next space."""
    while start > 0 and not text[start - 1].isspace() and text[start - 1] != _MASK:
        start -= 1
    while end < len(text) and not text[end].isspace() and text[end] != _MASK:
        end += 1
    return text[start:end].strip(".,;:!?()")


def _passages(reading: Reading) -> Iterator[tuple[str, list[tuple[int, int, Piece]]]]:
    """Each line as drawn, left to right, with where each piece of it begins and ends.

    A link (every number and address is one) broken over two lines is read whole on the line
    it starts on. Text in a page margin or fixed on the page (drawn on every page) is read on
    its first page only; clipped or hidden text is not read at all.
    """
    links: dict[Element, list[Piece]] = {}
    for line in reading.lines:
        for piece in line:
            if _is_link(piece):
                links.setdefault(piece.element, []).append(piece)  # type: ignore[arg-type]
    split = {element for element, pieces in links.items() if len(pieces) > 1}
    done: set[Element] = set()
    first_page: dict[Element | None, int] = {}
    for line in reading.lines:
        text, spans = "", []
        for piece in sorted(line, key=lambda piece: piece.left):
            if not piece.visible:
                continue
            if piece.repeated and first_page.setdefault(piece.element, piece.page) != piece.page \
                    and piece.element is not None:
                continue
            shown = piece.shown
            if piece.element in split:
                if piece.element in done:
                    continue
                done.add(piece.element)
                shown = "".join(p.shown for p in links[piece.element])  # type: ignore[index]
            shown = _without_controls(shown)
            spans.append((len(text), len(text) + len(shown), piece))
            text += shown
        if text.strip():
            yield text, spans


def _is_link(piece: Piece) -> bool:
    return piece.element is not None and isinstance(piece.element.tag, str) and \
        _local(piece.element.tag) == "a"


class _Passages(HTMLParser):
    """The printed text of an HTML page, split wherever an element starts or ends.

    Without the style sheet it is not known which elements a line puts side by side, so the
    English is only counted, never held to what stands beside a number (the pages are).
    The standard library's parser: it reads the English HTML in a quarter of the time of the
    HTML5 parser WeasyPrint uses, and the templates' HTML needs no error recovery.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []  # the unprinted elements we are inside

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping or tag in _UNPRINTED or any(name == "hidden" for name, _ in attrs):
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if self.skipping[-1] == tag:
                self.skipping.pop()
            return
        self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _html_passages(html: str) -> list[str]:
    parser = _Passages()
    parser.feed(html)
    parser.close()
    text = _without_controls("".join(parser.parts))
    return [line for line in text.split("\n") if line.strip()]
