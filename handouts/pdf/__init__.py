"""PDF stage: HTML -> laid-out pages -> checked -> PDF file (WeasyPrint).

WeasyPrint opens its libraries (Pango, HarfBuzz, fontconfig) by trying each platform's name
for them in turn, and cffi looks up every name the system's loader cannot open with
`ctypes.util.find_library`, which on Linux starts ldconfig, gcc and ld each time: 16 lookups,
about 0.15 s of every process that lays out a page, all for names of other platforms. Each
library's own Linux file name (libpango-1.0.so.0 ...) is in WeasyPrint's list and opens
directly, so on Linux that lookup is left out while WeasyPrint opens them; the same libraries
are loaded.
"""

from __future__ import annotations

import ctypes.util
import sys

if sys.platform.startswith("linux") and "weasyprint" not in sys.modules:
    _lookup = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint.text.ffi  # noqa: F401  (opens the libraries)
    finally:
        ctypes.util.find_library = _lookup
