"""Helpers for the bad-input and confinement tests: tree snapshots and a network tripwire."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

SPANISH_HEADER = '''msgid ""
msgstr ""
"Language: es\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

'''


def snapshot(path: Path) -> dict[str, bytes | None]:
    """Every file's bytes (and every folder, as None) under `path`, or the file itself."""
    if path.is_file():
        return {".": path.read_bytes()}
    if not path.exists():
        return {}
    return {str(p.relative_to(path)): (p.read_bytes() if p.is_file() else None)
            for p in sorted(path.rglob("*"))}


def published(dist: Path) -> dict[str, bytes | None]:
    """dist/ as its readers see it: everything but the staging area, where a build that stopped
    or failed keeps the PDFs it finished for the next build (publishing/staging.py)."""
    return {name: data for name, data in snapshot(dist).items()
            if not name.startswith(".staging")}


def po_entry(msgid: str, msgstr: str, comment: str = "") -> str:
    """One .po entry; `comment` lines go above it as they are."""
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'

    return f"{comment}msgid {quote(msgid)}\nmsgstr {quote(msgstr)}\n\n"


class Tripwire:
    """A listening socket on 127.0.0.1 that records every connection made to it.

    Bad inputs point their URLs at its port; a test then asserts nobody connected.
    """

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections: list[tuple[str, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, addr = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections.append(addr)
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()
