"""Draw docs/handouts.png, the README's picture: the first page of each handout, en and es.

    python build.py --locale en --locale es && python docs/make_picture.py

Reads the desk PDFs in dist/ (pypdfium2) and lays them out with Pillow; run it again after a
layout change so the README shows what the build makes today.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
TARGET = ROOT / "docs" / "handouts.png"
FONT = ROOT / "templates" / "fonts" / "NotoSans-Bold.ttf"
MATERIALS = (("fact-sheet", "Fact sheet"), ("brochure", "Tri-fold brochure"),
             ("hotline-card", "Wallet card"), ("school-handout", "School handout"))
LANGUAGES = (("en", "English"), ("es", "Español"))
CELL = (250, 250)  # the largest a page may be drawn, in px
GAP, MARGIN, LABEL, HEADING = 28, 24, 120, 40
BACKGROUND, INK = (238, 245, 244), (13, 79, 92)


def first_page(path: Path) -> Image.Image:
    """Page 1, as large as fits in a cell, drawn at 2x and scaled down for clean text."""
    pdf = pdfium.PdfDocument(path)
    try:
        page = pdf[0]
        width, height = page.get_size()
        scale = min(CELL[0] / width, CELL[1] / height)
        image = page.render(scale=2 * scale).to_pil().convert("RGB")
    finally:
        pdf.close()
    return image.resize((round(width * scale), round(height * scale)), Image.LANCZOS)


def with_shadow(canvas: Image.Image, page: Image.Image, at: tuple[int, int]) -> None:
    shadow = Image.new("RGBA", (page.width + 16, page.height + 16), (0, 0, 0, 0))
    ImageDraw.Draw(shadow).rectangle((8, 10, page.width + 8, page.height + 10),
                                     fill=(0, 0, 0, 70))
    shadow = shadow.filter(ImageFilter.GaussianBlur(4))
    canvas.paste(shadow, (at[0] - 8, at[1] - 8), shadow)
    canvas.paste(page, at)


def main() -> int:
    missing = [f"dist/{lang}/{name}.pdf" for lang, _ in LANGUAGES for name, _ in MATERIALS
               if not (DIST / lang / f"{name}.pdf").is_file()]
    if missing:
        print(f"missing {', '.join(missing)}: run `python build.py --locale en --locale es` "
              "first", file=sys.stderr)
        return 1
    font = ImageFont.truetype(str(FONT), 22)
    width = MARGIN * 2 + LABEL + len(MATERIALS) * CELL[0] + (len(MATERIALS) - 1) * GAP
    height = MARGIN * 2 + HEADING + len(LANGUAGES) * CELL[1] + (len(LANGUAGES) - 1) * GAP
    canvas = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    for column, (_, title) in enumerate(MATERIALS):
        centre = MARGIN + LABEL + column * (CELL[0] + GAP) + CELL[0] // 2
        draw.text((centre, MARGIN + HEADING // 2), title, font=font, fill=INK, anchor="mm")
    for row, (lang, language) in enumerate(LANGUAGES):
        top = MARGIN + HEADING + row * (CELL[1] + GAP)
        draw.text((MARGIN, top + CELL[1] // 2), language, font=font, fill=INK, anchor="lm")
        for column, (name, _) in enumerate(MATERIALS):
            page = first_page(DIST / lang / f"{name}.pdf")
            left = MARGIN + LABEL + column * (CELL[0] + GAP)
            with_shadow(canvas, page, (left + (CELL[0] - page.width) // 2,
                                       top + (CELL[1] - page.height) // 2))
    canvas.quantize(colors=128, dither=Image.Dither.NONE).save(TARGET, optimize=True)
    print(f"wrote {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size // 1000} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
