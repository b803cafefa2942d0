"""Uploaded photos (JPEG, PNG) decoded under a pixel cap."""

import io

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import InvoiceReadError
from .limits import Limits, megapixels

# the formats read (no other PIL plugin ever sees the bytes); a phone's MPO,
# a JPEG with a second picture appended, opens through JPEG
FORMATS = ("JPEG", "PNG")
JPEG_FORMATS = ("JPEG", "MPO")
# a photo narrower or shorter than this holds no readable invoice
MIN_SIDE_PIXELS = 100


def decode_image(data: bytes, limits: Limits) -> np.ndarray:
    """The photo as a grey array, upright (EXIF orientation applied).

    The size is read from the header, and checked before any decoding: a
    JPEG is decoded at the smallest DCT scale (1, 1/2, 1/4, 1/8) that fits
    `limits.max_image_pixels`, and any image still above the cap is refused
    (image_too_large), as is one PIL takes for a decompression bomb; an image
    that does not decode, or is too small to hold text, is damaged."""
    try:
        image = Image.open(io.BytesIO(data), formats=FORMATS)
        if image.format in JPEG_FORMATS:
            image.draft("L", _draft_size(image.size, limits.max_image_pixels))
    except Image.DecompressionBombError as exc:
        raise too_large_image(limits) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise damaged_image() from exc
    if image.width * image.height > limits.max_image_pixels:
        raise too_large_image(limits)
    if min(image.size) < MIN_SIDE_PIXELS:
        raise damaged_image()
    try:
        return np.asarray(ImageOps.exif_transpose(image.convert("L")))
    except (OSError, SyntaxError, ValueError) as exc:
        raise damaged_image() from exc


def _draft_size(size: tuple[int, int], max_pixels: int) -> tuple[int, int]:
    width, height = size
    scale = 1
    while scale < 8 and (width // scale) * (height // scale) > max_pixels:
        scale *= 2
    return width // scale, height // scale


def too_large_image(limits: Limits) -> InvoiceReadError:
    limit = megapixels(limits.max_image_pixels)
    return InvoiceReadError(
        "image_too_large",
        f"The image has more than {limit:g} million pixels.",
        limit=limit,
    )


def damaged_image() -> InvoiceReadError:
    return InvoiceReadError("damaged", "The image is damaged or incomplete.")
