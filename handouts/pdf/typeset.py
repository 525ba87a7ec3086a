"""PDF stage: HTML -> laid-out pages -> checked -> PDF file, written whole or not at all.

WeasyPrint only sees files inside the project's asset folders (no network, no `..`) and only
the project's own fonts. What it logs is sorted by meaning: a notice about this machine (see
ENVIRONMENT_NOTICES) is kept for the summary, anything else is a problem with the handout and
fails the build. A fixed-size box whose text spills over, or a character no bundled font has,
is an error naming the string, found before any file is written.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import multiprocessing.util
import os
import re
import weakref
from collections.abc import Iterator
from pathlib import Path

from weasyprint import HTML, Document

from handouts.errors import HandoutError, Problem
from handouts.files import replacing
from handouts.pdf import actual_text, column_rounds, editions, fonts, rtl_lines, svg_once, weasy
from handouts.pdf.fetch import ConfinedFetcher, RefusedURL

DESK_STANDARD = "pdf/ua-1"  # desk and large-print PDFs: tagged for screen readers
PRINT_STANDARD = "pdf/x-4"  # print-shop PDFs: CMYK output intent, bleed and crop marks


class Typesetter:
    """Lays out and writes the PDFs of one process, for one project.

    It owns what must not be shared between processes: WeasyPrint's font configuration (with
    its folder of font copies), the record of which characters the project's fonts draw, and
    the fetcher with its log of refused URLs. The build context (context.py) makes one per
    process; a forked worker makes its own.
    """

    def __init__(self, templates: Path, roots: list[Path]) -> None:
        self.base_url = templates.resolve().as_uri() + "/"
        self.fetcher = ConfinedFetcher(roots)
        declared = fonts.declared_fonts(templates)
        self.coverage = fonts.FontCoverage(declared)
        self.large_fonts = fonts.LargeFonts(templates, declared)
        self._without_large_fonts: weakref.WeakSet[Document] = weakref.WeakSet()
        self.font_config = fonts.bundled_only()
        self.stylesheets: weasy.Stylesheets = {}  # parsed once, laid out many times
        self.compressed: dict[bytes, bytes] = {}  # the print PDFs' colour profile, deflated
        self.drawings: svg_once.Drawings = {}  # each icon's drawing, written again where it recurs
        actual_text.install()  # tagged PDFs read back as typed, Khmer included
        rtl_lines.install()  # a right-to-left line laid out once, not twice
        column_rounds.install()  # a balancing round lays out again only the columns it changes
        weasy.subset_arrays_parsed_once()  # font subsetting: no C type parsed for each length
        # The font copies go with this typesetter (`close()`, or when it is dropped), and at
        # the latest when its process ends, in the main process and in a pool's workers alike:
        # WeasyPrint's own clean-up does not run at exit. A forked child never runs its
        # parent's (multiprocessing runs a finalizer only in the process that made it).
        self.close = multiprocessing.util.Finalize(self, fonts.remove_font_copies,
                                                   args=(self.font_config,), exitpriority=0)

    def layout(self, html: str, *, standard: str, notices: set[str] | None = None) -> Document:
        """Lay out the pages (the expensive step) with a confined fetcher and strict logging."""
        try:
            with self._strict_logs(set() if notices is None else notices), _fixed_font_dates(), \
                    weasy.stylesheets_parsed_once(self.stylesheets):
                laid_out = self.page_html(html)
                document = HTML(string=laid_out, base_url=self.base_url,
                                url_fetcher=self.fetcher).render(font_config=self.font_config,
                                                                 pdf_variant=standard)
                if laid_out is html:
                    self._without_large_fonts.add(document)
                return document
        except RefusedURL as exc:
            raise HandoutError(exc.problem()) from None

    def page_html(self, html: str) -> str:
        """The HTML as it is laid out: linking the Chinese and Korean fonts only if a character
        needs them (fonts.LargeFonts)."""
        if not self.large_fonts.needed(html):
            return html
        return html.replace("</head>", f"{self.large_fonts.link}\n</head>", 1)

    def missing_glyphs(self, document: Document) -> list[str]:
        """Each character on the pages that none of the fonts it was laid out with has (the
        project's, or all but the Chinese and Korean ones: fonts.LargeFonts), described."""
        coverage = self.large_fonts.coverage if document in self._without_large_fonts \
            else self.coverage
        return fonts.describe_missing(weasy.missing_glyphs(document, coverage))

    def write(self, document: Document, target: Path, *, seed: bytes, standard: str,
              default_rgb: Path | None = None, press: editions.Builds | None = None,
              notices: set[str] | None = None) -> None:
        """Write the PDF beside its target, then rename: a reader never sees half a file.

        `seed` (a digest of the inputs) fixes the file identifiers, so the same inputs give the
        same bytes. `default_rgb` (an RGB ICC profile) declares what the RGB colours mean, as
        PDF/X-4 requires of a print file with a CMYK output intent. With `press` (each palette
        colour's CMYK build) the layout is written as the print shop's edition, else as the
        desk's (pdf/editions.py), and finished for a print shop (weasy.finish_for_press). Every
        PDF's font subsets are named by their glyphs.
        """
        steps = [weasy.finisher(seed, default_rgb), weasy.name_subsets_by_glyphs]
        if press is not None:
            steps += [editions.cmyk_colours(press), weasy.finish_for_press]
        edition = editions.as_desk(document) if press is None else editions.as_press(document)
        try:
            # images inside inline SVG are fetched only now, while drawing: same rules as layout
            with replacing(target) as tmp, edition, \
                    self._strict_logs(set() if notices is None else notices), \
                    _fixed_font_dates(), svg_once.drawn_once(self.drawings), \
                    weasy.structure_fixes() as fix_structure:
                document.write_pdf(tmp, pdf_identifier=hashlib.md5(seed).hexdigest().encode(),
                                   finisher=weasy.in_turn(*steps, fix_structure,
                                                          weasy.compressed_once(self.compressed),
                                                          weasy.serialized_once),
                                   pdf_variant=standard)
        except RefusedURL as exc:
            raise HandoutError(exc.problem()) from None

    @contextlib.contextmanager
    def _strict_logs(self, notices: set[str]) -> Iterator[None]:
        """Turn every WeasyPrint message about the handout into a build error.

        Messages about the machine go into `notices` for the summary instead.
        """
        logger = logging.getLogger("weasyprint")
        handler = _Collect(notices)
        logger.addHandler(handler)
        old = logger.propagate
        logger.propagate = False
        self.fetcher.refused.clear()
        try:
            yield
        finally:
            logger.removeHandler(handler)
            logger.propagate = old
        if self.fetcher.refused:  # the reason behind a logged "failed to load": name the line
            raise HandoutError(*dict.fromkeys(r.problem() for r in self.fetcher.refused))
        if handler.messages:
            raise HandoutError(*(Problem(f"the renderer reported: {m}")
                                 for m in handler.messages))


@contextlib.contextmanager
def _fixed_font_dates() -> Iterator[None]:
    """Give fontTools a fixed date while fonts are loaded and subset, then put things back.

    WeasyPrint rewrites each font with fontTools, which stamps the current time into it unless
    SOURCE_DATE_EPOCH is set, and the same inputs would give different bytes. A value set by
    the user is kept; otherwise 0 is used only for the duration, so nothing else in the
    process (or a program it starts) sees it.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = "0"
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


# What the renderer logs about the machine rather than the handout: shown once in the
# summary, never a reason to stop. Everything else it logs (a missing glyph, an image or
# stylesheet that did not load, an ignored CSS rule) is a problem with the handout.
ENVIRONMENT_NOTICES = {
    re.compile(r"^Using fontTools instead of HarfBuzz-Subset"):
        "fonts were subset with fontTools because HarfBuzz subsetting is not installed: the "
        "PDFs are fine, the build is slower. `python build.py doctor` says how to install it",
}


def environment_notice(message: str) -> str | None:
    """The summary's wording for a renderer message about the machine; None for the rest."""
    return next((said for pattern, said in ENVIRONMENT_NOTICES.items()
                 if pattern.search(message)), None)


class _Collect(logging.Handler):
    def __init__(self, notices: set[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.notices = notices

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        notice = environment_notice(message)
        if notice is None:
            self.messages.append(message)
        else:
            self.notices.add(notice)


def standalone_html(html: str, templates: Path) -> str:
    """The HTML a PDF was made from, with a <base> so plain `weasyprint` finds its CSS and fonts."""
    base = f'<base href="{templates.resolve().as_uri()}/">'
    return html.replace("<head>", f"<head>\n{base}", 1)
