"""An author's photo: a local image checked, shrunk and re-encoded with Pillow, metadata and all else left behind.

Limits, each refused with a one-line reason: files over 10 MB (a portrait is rarely over 5), images over 40
megapixels (a phone camera's is 12 to 48; a decompression bomb is a small file declaring billions), formats
other than PNG, JPEG, WebP and GIF (only the frame a browser shows first is kept). What goes out is at most 512
pixels on its longest side (twice the size a page shows it at, for sharp high-density screens), turned upright
by its EXIF orientation, then rebuilt from its pixels alone, so no EXIF (camera, GPS position), XMP, comment or
colour profile survives; JPEG at quality 85, or PNG when it has transparency. The same file always gives the
same bytes (with the same Pillow).
"""

from __future__ import annotations

import io
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path

from generator.readers.text import read_regular_file

MAX_PHOTO_BYTES = 10_000_000
MAX_PHOTO_PIXELS = 40_000_000
PHOTO_SIDE = 512
JPEG_QUALITY = 85
PHOTO_FORMATS = ("PNG", "JPEG", "WEBP", "GIF")


class PhotoError(ValueError):
    """The photo cannot be used; the message says why in one line."""


@dataclass(frozen=True)
class Photo:
    """A photo ready to publish: its bytes, file extension (`jpg` or `png`) and size in pixels."""

    data: bytes
    extension: str
    width: int
    height: int

    @property
    def media_type(self) -> str:
        return "image/png" if self.extension == "png" else "image/jpeg"


def prepare_photo(path: Path, max_side: int = PHOTO_SIDE) -> Photo:
    """The image at `path` checked and re-encoded for the site; raises PhotoError with a one-line reason."""
    try:
        info = path.stat()
    except OSError as exc:
        raise PhotoError(f"cannot read it: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise PhotoError("is not a file")
    if info.st_size > MAX_PHOTO_BYTES:
        raise PhotoError(f"is {info.st_size / 1e6:.1f} MB: a photo may be at most {MAX_PHOTO_BYTES // 1_000_000} MB")
    try:
        data = read_regular_file(path)  # checked again on the opened file: one swapped for a FIFO cannot block
    except OSError as exc:
        raise PhotoError(f"cannot read it: {exc.strerror or exc}") from None
    return prepare_photo_bytes(data, max_side)


def prepare_photo_bytes(data: bytes, max_side: int = PHOTO_SIDE) -> Photo:
    """`prepare_photo` for the bytes of an image file."""
    from PIL import Image, ImageOps, UnidentifiedImageError  # Pillow is loaded only by sites that have photos

    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoError(f"is {len(data) / 1e6:.1f} MB: a photo may be at most {MAX_PHOTO_BYTES // 1_000_000} MB")
    with warnings.catch_warnings():
        # Pillow warns of a possible bomb past 89 megapixels; ours is refused at 40 whatever it warns.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=PHOTO_FORMATS) as image:
                width, height = image.size
                if width * height > MAX_PHOTO_PIXELS:
                    raise PhotoError(
                        f"is {width} x {height} pixels ({width * height / 1e6:.0f} megapixels): "
                        f"a photo may have at most {MAX_PHOTO_PIXELS // 1_000_000} megapixels"
                    )
                image.load()  # the first frame only: an animation is never played through
                picture = _upright(image, ImageOps)
                picture = _flattened(picture)
                picture.thumbnail((max_side, max_side), Image.Resampling.LANCZOS, reducing_gap=None)
        except PhotoError:
            raise
        except UnidentifiedImageError:
            raise PhotoError("is not a PNG, JPEG, WebP or GIF image") from None
        except Image.DecompressionBombError:
            raise PhotoError(
                f"has too many pixels: a photo may have at most {MAX_PHOTO_PIXELS // 1_000_000} megapixels"
            ) from None
        except (OSError, ValueError, SyntaxError, EOFError, MemoryError, IndexError, TypeError, KeyError) as exc:
            # Pillow reports damaged files with any of these, depending on the format and where the damage is.
            reason = " ".join(str(exc).split())[:120] or type(exc).__name__
            raise PhotoError(f"cannot be decoded as an image ({reason})") from None
    # Rebuilt from its pixels alone: no EXIF, XMP, ICC profile, comment or text chunk comes along.
    clean = Image.frombytes(picture.mode, picture.size, picture.tobytes())
    out = io.BytesIO()
    if clean.mode == "RGBA":
        clean.save(out, "PNG", optimize=True)
        extension = "png"
    else:
        clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        extension = "jpg"
    return Photo(out.getvalue(), extension, clean.width, clean.height)


def _upright(image, image_ops):
    """The image turned as its EXIF orientation says (phone photos are stored sideways); a broken EXIF block
    leaves it as stored."""
    try:
        return image_ops.exif_transpose(image)
    except Exception:  # a hostile EXIF block must not sink the photo: it is dropped anyway
        return image.copy()


def _flattened(image):
    """RGB, or RGBA when some pixel is not fully opaque."""
    if image.mode in ("I", "F") or image.mode.startswith("I;"):  # 16-bit grey: its top 8 bits, not clipped to white
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    if has_alpha:
        rgba = image.convert("RGBA")
        if rgba.getextrema()[3][0] < 255:
            return rgba
        return rgba.convert("RGB")
    return image.convert("RGB")
