"""Bounds on the work one upload may cause, and the clock that enforces them.

The defaults keep a whole document well inside Odoo's request limits
(limit_time_real 120 s by default), so that the reader always ends cleanly
and Odoo never has to kill a worker in the middle of an OCR."""

import time
from dataclasses import dataclass

from .errors import InvoiceReadError

# The pixel cap of an uploaded photo, checked from its header before any
# decoding: a 50 Mpx phone photo passes (as JPEG it is decoded at half its
# size), a decompression bomb (a few KB announcing 20000 x 20000) does not.
MAX_IMAGE_PIXELS = 60_000_000


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 15 * 1024 * 1024
    max_pages: int = 20
    # pixels of one page image handed to OCR: A4 at 300 dpi is 8.7 Mpx; a page
    # is rendered at a lower resolution (not below min_dpi) to stay under it
    max_page_pixels: int = 25_000_000
    min_dpi: int = 150
    # decoded pixels of an uploaded photo (JPEG is decoded at 1/2, 1/4 or 1/8
    # of its size when that brings it under the cap; PNG cannot be)
    max_image_pixels: int = MAX_IMAGE_PIXELS
    page_seconds: float = 20.0
    document_seconds: float = 60.0


DEFAULT_LIMITS = Limits()


class Budget:
    """The time left for one document, and for the page being read."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self._document_end = time.monotonic() + limits.document_seconds
        self._page_end = self._document_end
        self.page: int | None = None

    def start_page(self, page: int) -> None:
        self.page = page
        self._page_end = time.monotonic() + self.limits.page_seconds

    def seconds_left(self) -> float:
        """Seconds the current step may still use; raises `timeout` when none
        are left."""
        left = min(self._document_end, self._page_end) - time.monotonic()
        if left <= 0:
            raise self.timeout()
        return left

    def timeout(self) -> InvoiceReadError:
        """The error for the limit that ran out (or is about to)."""
        if self._page_end < self._document_end:
            return timeout_error(self.limits.page_seconds, self.page)
        return timeout_error(self.limits.document_seconds, self.page)


def megapixels(pixels: int) -> float | int:
    """`pixels` in millions, to one decimal, as an int when whole (the
    messages say "60 million", not "60.0 million")."""
    value = round(pixels / 1_000_000, 1)
    return int(value) if value.is_integer() else value


def timeout_error(seconds: float, page: int | None) -> InvoiceReadError:
    where = f"page {page}" if page else "the document"
    return InvoiceReadError(
        "timeout",
        f"Reading {where} took longer than {seconds:g} seconds.",
        seconds=seconds,
        page=page,
    )
