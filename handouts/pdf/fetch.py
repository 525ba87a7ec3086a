"""The renderer's only way to read a file: inside the project's asset folders, never the network.

A refused URL is kept in the fetcher's `refused` log as well as raised: WeasyPrint swallows
some refusals (an image inside an SVG) and only logs them, and the typesetter still has to
name the template line that asked for it.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from handouts.errors import Problem


class RefusedURL(FatalURLFetchingError):
    """Raised inside WeasyPrint to stop rendering at the first resource we will not serve.

    `needle` is the text to look for in the templates to find the line that names it.
    """

    def __init__(self, message: str, needle: str, roots: list[Path]) -> None:
        super().__init__(message)
        self.needle = needle
        self.roots = roots

    def problem(self) -> Problem:
        path, line = named_at(self.needle, self.roots)
        return Problem(str(self), path, line)


class ConfinedFetcher(URLFetcher):
    """Serve only files inside the given folders, and data: URLs. Nothing from the network."""

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False,
                         fail_on_errors=True)
        self.roots = [root.resolve() for root in roots]
        self.refused: list[RefusedURL] = []

    def _shown(self, path: Path) -> str:
        """A path as the person fixing it sees it: relative to the project folder."""
        top = self.roots[0].parent
        return str(path.relative_to(top)) if path.is_relative_to(top) else str(path)

    def _refuse(self, message: str, needle: str) -> RefusedURL:
        refused = RefusedURL(message, needle, self.roots)
        self.refused.append(refused)
        return refused

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path)).resolve()
            folders = ", ".join(f"{self._shown(r)}/" for r in self.roots)
            if not any(path.is_relative_to(root) for root in self.roots):
                raise self._refuse(f"refused to read {self._shown(path)}: a handout may only use "
                                   f"fonts, images and stylesheets inside {folders}; copy the "
                                   "file there and name it relative to the template or "
                                   "stylesheet", path.name)
            if not path.is_file():
                raise self._refuse(f"the font, image or stylesheet {self._shown(path)} does not "
                                   "exist (missing file); check the name and folder, or add the "
                                   "file", path.name)
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
        raise self._refuse(f"refused to fetch {url}: handouts never load anything from the "
                           "network; put a copy of the file in templates/ and name it relative "
                           "to the template or stylesheet", url)


def named_at(needle: str, roots: list[Path]) -> tuple[Path | None, int | None]:
    """The first template or stylesheet line that names `needle` (a URL or a file name)."""
    candidates = [needle, needle.rsplit("/", 1)[-1]]
    files = sorted(p for root in roots for p in root.rglob("*")
                   if p.suffix in (".css", ".j2", ".html", ".svg") and p.is_file())
    for text in dict.fromkeys(c for c in candidates if c):
        for path in files:
            for number, line in enumerate(
                    path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
                if text in line:
                    return path, number
    return None, None
