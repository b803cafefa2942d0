"""A PDF page as a grey image for OCR, rendered by poppler's pdftoppm under
the page pixel cap."""

import math

import cv2
import numpy as np
from pypdf import PageObject

from .errors import InvoiceReadError
from .limits import Limits, megapixels
from .processes import run_tool
from .scan_cleanup import OCR_DPI
from .upload import reading_pdf

# a scan's own resolution is used when it is at least this (a lower one is
# rendered at this, then scaled up after denoising)
MIN_RENDER_DPI = 100
# a page narrower or shorter than this cannot hold a readable invoice (a
# till receipt is about 2 inches wide)
MIN_PAGE_INCHES = 1.0


def page_dpi(page: PageObject, number: int, limits: Limits) -> int:
    """The resolution to render page `number` at: the resolution of the scan
    it holds (no resampling of its noise), at most OCR_DPI, and less for a
    big page so that it stays under limits.max_page_pixels; raise
    page_too_large when even limits.min_dpi would not, bad_page_size when
    the page has no usable size."""
    with reading_pdf():
        width, height = _size_inches(page, number)
        native = _image_dpi(page, width)
    fitting = math.floor(math.sqrt(limits.max_page_pixels / (width * height)))
    if fitting < limits.min_dpi:
        limit = megapixels(limits.max_page_pixels)
        raise InvoiceReadError(
            "page_too_large",
            f"Page {number} is too large to read (more than {limit:g} million pixels).",
            page=number,
            limit=limit,
        )
    return min(max(native, MIN_RENDER_DPI) if native else OCR_DPI, OCR_DPI, fitting)


def _size_inches(page: PageObject, number: int) -> tuple[float, float]:
    """(width, height) of the page's crop box in inches, its /UserUnit
    applied; raise bad_page_size when the box or the unit is zero, negative
    (the unit), not a finite number, or the page smaller than
    MIN_PAGE_INCHES (either box).
    A huge size is left to the pixel cap."""
    unit = _number(page.get("/UserUnit", 1))
    # poppler renders the crop box clipped to the media box: both must be sound
    sizes = [
        abs(_number(side)) * unit / 72
        for box in (page.mediabox, page.cropbox)
        for side in (box.width, box.height)
    ]
    if not (unit > 0 and all(MIN_PAGE_INCHES <= size < math.inf for size in sizes)):
        raise InvoiceReadError(
            "bad_page_size", f"Page {number} has no usable size.", page=number
        )
    return sizes[2], sizes[3]


def _number(value) -> float:
    """`value` as a float; NaN when it is not a number (a name, a string)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def _image_dpi(page: PageObject, width_inches: float) -> int | None:
    """Horizontal resolution of the widest image of the page, as if it
    covered the page's width (a scan or a photo does), or None."""
    try:
        objects = page["/Resources"].get_object().get("/XObject") or {}
        widths = [
            int(image.get_object().get("/Width", 0))
            for image in objects.get_object().values()
            if image.get_object().get("/Subtype") == "/Image"
        ]
    except (KeyError, AttributeError, TypeError, ValueError):
        return None
    widest = max(widths, default=0)
    return round(widest / width_inches) if widest and width_inches else None


def render_page(pdf_bytes: bytes, number: int, dpi: int, seconds: float) -> np.ndarray:
    """Page `number` (1-based) in grey levels at `dpi`; the caller chose
    `dpi` with page_dpi(). Raises ToolTimeout / ToolFailed."""
    pgm = run_tool(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-f",
            str(number),
            "-l",
            str(number),
            "-gray",
            "-",
        ],
        pdf_bytes,
        seconds,
    )
    image = cv2.imdecode(np.frombuffer(pgm, np.uint8), cv2.IMREAD_GRAYSCALE)
    if image is None or min(image.shape) < 2:  # nothing rendered
        raise InvoiceReadError("damaged", "The PDF is damaged or incomplete.")
    return image
