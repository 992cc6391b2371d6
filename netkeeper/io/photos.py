"""Contact photos at the size NetKeeper shows them.

Phones and address books export photos at camera size (a 12-megapixel JPEG
is 3-6 MiB, 4-8 MiB as base64 in the card). NetKeeper shows a photo as a 64
px avatar in the contact's page and 72 px in the editor, twice that on a
HiDPI screen; every list repaint and every export carries the stored bytes.
So import stores photos at most PHOTO_SIDE pixels on their longest side
(JPEG, or PNG where the photo has transparency): a camera photo becomes
~30-60 KiB. `import --full-size-photos` keeps the originals when asked.

Pillow decodes the image; a photo it cannot read (an unknown format, a
damaged file, a decompression bomb) is kept as it came, since dropping a
user's photo is worse than storing it large.
"""

from __future__ import annotations

import io
import warnings

PHOTO_SIDE = 512
# Larger photos than this many pixels are not decoded at all (a "decompression bomb":
# a few KiB of PNG that unpacks into gigabytes).
MAX_PIXELS = 80_000_000


def fit_photo(data: bytes, mime: str | None) -> tuple[bytes, str | None, tuple[int, int] | None]:
    """(bytes, mime, original size) for storing; the size is None when nothing changed."""
    try:
        from PIL import Image, ImageOps
    except ImportError:  # a build without Pillow keeps photos as they are
        return data, mime, None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(data))
            width, height = opened.size
            if max(width, height) <= PHOTO_SIDE:
                return data, mime, None
            if width * height > MAX_PIXELS:
                return data, mime, None
            image = ImageOps.exif_transpose(opened)  # phones store portraits sideways
            image.thumbnail((PHOTO_SIDE, PHOTO_SIDE), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            if image.mode in ("RGBA", "LA", "P") and _has_alpha(image):
                image.save(out, "PNG", optimize=True)
                new_mime = "image/png"
            else:
                image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
                new_mime = "image/jpeg"
    except Exception:  # any decoder failure keeps the photo as it came
        return data, mime, None
    return out.getvalue(), new_mime, (width, height)


def _has_alpha(image: object) -> bool:
    from PIL import Image

    assert isinstance(image, Image.Image)
    if image.mode == "P":
        return "transparency" in image.info
    return True
