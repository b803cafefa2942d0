"""Pages without a text layer, and photos: image in, layout text out,
within the time budget."""

import cv2
import numpy as np

from .errors import InvoiceReadError
from .language import FIRST_PASS, detect_language, tesseract_languages
from .limits import Budget
from .ocr import layout_words, ocr_words
from .ocr_repair import repair_line
from .page_finder import flatten_page
from .processes import ToolFailed, ToolTimeout
from .raster import page_dpi, render_page
from .scan_cleanup import OCR_DPI, clean_page
from .upload import damaged

# a straightened photo's sheet is taken to be as wide as an A4 page
PAGE_WIDTH_INCHES = 8.27


def ocr_pdf_page(pdf_bytes: bytes, page, number: int, budget: Budget) -> str:
    """Layout text of page `number` (1-based, pypdf `page`) read by OCR."""
    budget.start_page(number)
    dpi = page_dpi(page, number, budget.limits)
    try:
        image = render_page(pdf_bytes, number, dpi, budget.seconds_left())
    except ToolTimeout:
        raise budget.timeout() from None
    except ToolFailed as exc:
        raise damaged() from exc
    return ocr_image(image, dpi, number, budget)


def ocr_image(image: np.ndarray, dpi: float | None, number: int, budget: Budget) -> str:
    """Layout text of a page image (grey or RGB; a scan or a photo) at `dpi`
    (None for a photo: the sheet's width tells)."""
    if budget.page != number:
        budget.start_page(number)
    try:
        page = _prepared(image, dpi)
    except cv2.error as exc:  # an image OpenCV cannot work on (degenerate size)
        raise _unreadable(number) from exc
    text = _read(page, FIRST_PASS, number, budget)
    languages = tesseract_languages(detect_language(text))
    if languages != FIRST_PASS:
        text = _read(page, languages, number, budget)
    return text


def _prepared(image: np.ndarray, dpi: float | None) -> np.ndarray:
    """The page straightened and cleaned for tesseract; raises cv2.error."""
    page, sheet_width = flatten_page(image)
    if sheet_width or not dpi:
        dpi = (sheet_width or page.shape[1]) / PAGE_WIDTH_INCHES
    return clean_page(page, dpi)


def _read(page: np.ndarray, languages: str, number: int, budget: Budget) -> str:
    try:
        words = ocr_words(page, languages, OCR_DPI, budget.seconds_left())
    except ToolTimeout:
        raise budget.timeout() from None
    except ToolFailed as exc:
        raise _unreadable(number) from exc
    return "\n".join(repair_line(line) for line in layout_words(words).split("\n"))


def _unreadable(number: int) -> InvoiceReadError:
    return InvoiceReadError(
        "unreadable_page", f"Page {number} could not be read.", page=number
    )
