"""Small PNG pictures of a handout's first page, shown on the catalog page (dist/thumbs/).

Drawn by the worker that made the PDF, right after writing it, so the pictures are made in
parallel; the catalog page draws one itself only when it finds a PDF without a fresh picture.
"""

from __future__ import annotations

from pathlib import Path

from handouts.files import replacing

FOLDER = "thumbs"
BOX = (300, 340)  # px: sharp at 150 x 170 CSS px on a phone's 2x screen, ~20 KB each


def path_for(dist: Path, desk: Path) -> Path:
    """Where the picture of the desk PDF `dist/<desk>` goes (`dist` may be a staging folder):
    thumbs/en/fact-sheet.png, thumbs/drafts/ko/fact-sheet.png."""
    return (dist / FOLDER / desk).with_suffix(".png")


def draw(pdf_path: Path, target: Path) -> tuple[int, int]:
    """Render page 1 to fit BOX, in 64 colours (small files); return the picture's size."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_path)
    try:
        page = pdf[0]
        width, height = page.get_size()
        scale = min(BOX[0] / width, BOX[1] / height)
        image = page.render(scale=scale).to_pil().convert("RGB").quantize(colors=64)
    finally:
        pdf.close()
    with replacing(target) as tmp:  # not `optimize`: 2% smaller for nine times the work
        image.save(tmp, format="PNG")
    return image.size


def size(path: Path) -> tuple[int, int]:
    """A picture's width and height in pixels (reads only the PNG header)."""
    from PIL import Image

    with Image.open(path) as image:
        return image.size
