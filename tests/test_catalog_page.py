"""dist/index.html: the catalog staff open from a USB stick or a phone, checked in a browser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import run_cli, run_process

CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser",
                                                "google-chrome"))), None)
HEAVY = ("weasyprint", "jinja2", "babel", "pypdfium2", "PIL", "pydantic")


class Page(HTMLParser):
    """Every link, image and tag of a page, as a browser would see them."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[str] = []
        self.images: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if tag == "a" and found.get("href"):
            self.links.append(found["href"] or "")
        if tag == "img":
            self.images.append(found.get("src") or "")


def local(dist: Path, url: str) -> Path:
    """The file a relative link opens; fails on anything that would leave the folder."""
    parts = urlsplit(url)
    assert not parts.scheme and not parts.netloc and not url.startswith("/"), \
        f"{url}: the page must work offline, from any folder (relative links only)"
    path = (dist / unquote(parts.path)).resolve()
    assert path.is_relative_to(dist.resolve()), url
    return path


def test_every_link_opens_a_pdf_that_exists_and_every_pdf_is_listed(built: Path):
    page = Page((built / "index.html").read_text(encoding="utf-8"))
    assert page.links and page.images
    for url in page.links:
        target = local(built, url)
        assert target.suffix == ".pdf" and target.is_file(), f"broken link {url}"
    for url in page.images:
        target = local(built, url)
        assert target.is_file() and target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", url
    linked = {local(built, url) for url in page.links}
    pdfs = {p.resolve() for folder in ("*", "*/print", "*/large-print")
            for p in built.glob(f"{folder}/*.pdf")}
    assert any(p.parent.name == "large-print" for p in pdfs)
    assert pdfs == linked, f"not listed: {sorted(map(str, pdfs - linked))}"


def test_page_is_self_contained_and_names_size_pages_and_translation(built: Path):
    text = (built / "index.html").read_text(encoding="utf-8")
    page = Page(text)
    names = {tag for tag, _ in page.tags}
    assert "script" not in names and "iframe" not in names
    assert not [a for tag, a in page.tags if tag == "link" and a.get("rel") == "stylesheet"], \
        "CSS must be inline: the page is opened offline"
    assert "http://" not in text and "https://" not in text
    assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) \
        in page.tags
    for phrase in ("Fact sheet", "US Letter", "2 pages", "English source", "Español",
                   "Desk PDF", "Print shop", " KB"):
        assert phrase in text, phrase
    assert "Final: every string reviewed" in text  # Spanish
    assert 'id="review-vi"' in text and "Draft, waiting for review" in text


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM or "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
         *args],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def console_errors(log: str) -> list[str]:
    """Messages the page wrote to the browser console (the check's own report aside)."""
    return [line for line in log.splitlines()
            if (":CONSOLE" in line or "Uncaught" in line) and "CHECK-IMAGES" not in line]


NO_CHROMIUM = pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine "
                                 "(apt-get install chromium) to open the page in a real browser")


@pytest.mark.browser
@NO_CHROMIUM
@pytest.mark.parametrize("size", ["1280,1600", "390,844"])
def test_page_loads_in_a_real_browser_at_desktop_and_phone_width(built: Path, tmp_path: Path,
                                                                 size: str):
    """At each width: no console errors, and a screenshot with something on it."""
    index = (built / "index.html").resolve()
    shot = tmp_path / "index.png"
    result = chromium("--allow-file-access-from-files", "--virtual-time-budget=5000",
                      f"--window-size={size}", f"--screenshot={shot}", index.as_uri(),
                      profile=tmp_path / "profile")
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.is_file() and shot.stat().st_size > 10_000, "the screenshot is empty"
    assert not console_errors(result.stderr), console_errors(result.stderr)


@pytest.mark.browser
@NO_CHROMIUM
def test_every_picture_on_the_page_decodes_in_a_real_browser(built: Path, tmp_path: Path):
    """Every thumbnail loads and decodes (this check never depended on the window's width:
    it ran, the same, once for each width before)."""
    index = (built / "index.html").resolve()
    # A wrapper page inspects the catalog in a frame (file:// frames may see each other only
    # with --allow-file-access-from-files) and logs what it found to the console.
    wrapper = tmp_path / "check.html"
    wrapper.write_text(f"""<!DOCTYPE html><html><head><link rel="icon" href="data:,"></head>
<body><iframe id="f" src="{index.as_uri()}" style="width:100%;height:2000px"></iframe>
<script>
document.getElementById("f").addEventListener("load", () => {{
  const doc = document.getElementById("f").contentDocument;
  const images = [...doc.images];
  const broken = images.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src);
  console.log("CHECK-IMAGES " + images.length + " broken=" + JSON.stringify(broken));
}});
</script></body></html>""", encoding="utf-8")
    checked = chromium("--allow-file-access-from-files", "--virtual-time-budget=5000",
                       "--dump-dom", wrapper.as_uri(), profile=tmp_path / "profile")
    assert not console_errors(checked.stderr), console_errors(checked.stderr)
    report = [line for line in checked.stderr.splitlines() if "CHECK-IMAGES" in line]
    assert report, "the browser did not run the check:\n" + checked.stderr[-2000:]
    count = len(list(built.glob("thumbs/*/*.png")))
    assert count and f"CHECK-IMAGES {count} broken=[]" in report[0], report[0]


def test_partial_build_keeps_every_language_and_redraws_only_changed_thumbnails(project: Path):
    one = ("--material", "hotline-card", "--jobs", "1")
    assert run_cli(project, "--locale", "en", *one).returncode == 0
    dist = project / "dist"
    en_thumb = dist / "thumbs" / "en" / "hotline-card.png"
    first = en_thumb.stat().st_mtime_ns

    result = run_cli(project, "--locale", "es", *one)
    assert result.returncode == 0, result.stderr
    text = (dist / "index.html").read_text(encoding="utf-8")
    assert "en/hotline-card.pdf" in text and "es/hotline-card.pdf" in text
    assert (dist / "thumbs" / "es" / "hotline-card.png").is_file()
    assert en_thumb.stat().st_mtime_ns == first, "an unchanged PDF's thumbnail was redrawn"

    assert run_cli(project, "--locale", "en", "--force", *one).returncode == 0
    assert en_thumb.stat().st_mtime_ns > first, "a rebuilt PDF kept its old thumbnail"


def test_no_op_build_leaves_the_page_alone_and_imports_nothing_heavy(project: Path):
    """How fast it is, bench/bench.py measures; here, that it loads nothing it does not need."""
    # a real process, like the probe: the build's fingerprint names the code it ran
    assert run_process(project, "--locale", "en", "--material", "hotline-card").returncode == 0
    index = project / "dist" / "index.html"
    before = index.stat().st_mtime_ns
    probe = (f"import sys; from pathlib import Path; from handouts.cli import main\n"
             f"code = main(['--locale', 'en', '--material', 'hotline-card'], root=Path.cwd())\n"
             f"print(code)\n"
             f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=project, capture_output=True,
                            text=True, timeout=60, env={**os.environ, "CI": "1"})
    *_, code, heavy = result.stdout.strip().splitlines()
    assert code == "0", result.stdout + result.stderr
    assert heavy == "[]", f"a no-op build imported {heavy}"
    assert index.stat().st_mtime_ns == before
