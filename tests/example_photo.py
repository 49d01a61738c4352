"""The bundled example author's photo (generator/examples/ada-marlowe.png), drawn here from shapes alone: no font,
no randomness, so the same Pillow draws the same pixels. `python -m tests.example_photo` writes it again."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

EXAMPLE_PHOTO = Path(__file__).resolve().parent.parent / "generator" / "examples" / "ada-marlowe.png"
SIDE = 256
SCALE = 4  # drawn four times as large, then shrunk: smooth edges without anti-aliasing support in ImageDraw


def draw() -> Image.Image:
    """A teal square with the initials "AM" in white strokes and a lighter ring."""
    size = SIDE * SCALE
    image = Image.new("RGB", (size, size), (22, 110, 122))
    pen = ImageDraw.Draw(image)
    pen.ellipse([size * 0.06, size * 0.06, size * 0.94, size * 0.94], outline=(120, 196, 190), width=size // 40)
    stroke = size // 14
    white = (250, 250, 245)
    # A: two legs and a bar.
    pen.line(
        [(size * 0.16, size * 0.70), (size * 0.30, size * 0.30), (size * 0.44, size * 0.70)],
        fill=white,
        width=stroke,
        joint="curve",
    )
    pen.line([(size * 0.22, size * 0.56), (size * 0.38, size * 0.56)], fill=white, width=stroke)
    # M: two posts joined by a V.
    pen.line(
        [
            (size * 0.54, size * 0.70),
            (size * 0.54, size * 0.30),
            (size * 0.67, size * 0.52),
            (size * 0.80, size * 0.30),
            (size * 0.80, size * 0.70),
        ],
        fill=white,
        width=stroke,
        joint="curve",
    )
    return image.resize((SIDE, SIDE), Image.Resampling.LANCZOS)


def write(path: Path = EXAMPLE_PHOTO) -> None:
    """Save the drawing as an optimised PNG of 32 colours (a few KB, no metadata)."""
    palette = draw().quantize(colors=32, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    palette.save(path, "PNG", optimize=True)


if __name__ == "__main__":
    write()
