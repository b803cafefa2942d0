"""A PDF page as a grey image for OCR, rendered by poppler's pdftoppm under
the page pixel cap."""

import math

import cv2
import numpy as np
from pypdf import PageObject

from .errors import InvoiceReadError
from .limits import Limits
from .processes import run_tool
from .scan_cleanup import OCR_DPI

# a scan's own resolution is used when it is at least this (a lower one is
# rendered at this, then scaled up after denoising)
MIN_RENDER_DPI = 100


def page_dpi(page: PageObject, number: int, limits: Limits) -> int:
    """The resolution to render page `number` at: the resolution of the scan
    it holds (no resampling of its noise), at most OCR_DPI, and less for a
    big page so that it stays under limits.max_page_pixels; raise
    page_too_large when even limits.min_dpi would not."""
    width, height = _size_inches(page)
    fitting = math.floor(math.sqrt(limits.max_page_pixels / max(width * height, 1e-6)))
    if fitting < limits.min_dpi:
        limit = round(limits.max_page_pixels / 1_000_000, 1)
        raise InvoiceReadError(
            "page_too_large",
            f"Page {number} is too large to read (more than {limit:g} million pixels).",
            page=number,
            limit=limit,
        )
    native = _image_dpi(page, width)
    return min(max(native, MIN_RENDER_DPI) if native else OCR_DPI, OCR_DPI, fitting)


def _size_inches(page: PageObject) -> tuple[float, float]:
    box = page.cropbox
    unit = float(page.get("/UserUnit", 1)) / 72
    return abs(float(box.width)) * unit, abs(float(box.height)) * unit


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
    if image is None:
        raise InvoiceReadError("damaged", "The PDF is damaged or incomplete.")
    return image
