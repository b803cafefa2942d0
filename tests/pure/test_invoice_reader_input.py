"""What the reader accepts, and the errors it gives for the rest."""

import io
import struct
import zlib

import pytest
from PIL import Image
from pypdf import PdfWriter

from lib.invoice_reader import (
    DEFAULT_LIMITS,
    InvoiceReadError,
    Limits,
    read_invoice,
)
from lib.invoice_reader.upload import JPEG, PDF, PNG, file_kind


def _blank_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _error(data: bytes, filename=None, limits=DEFAULT_LIMITS) -> InvoiceReadError:
    with pytest.raises(InvoiceReadError) as error:
        read_invoice(data, filename, limits)
    return error.value


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header announces `width` x `height` pixels (its data is
    a few bytes: what a decompression bomb looks like)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def _photo(kind: str, size=(400, 300)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, kind)
    return buffer.getvalue()


def test_unknown_code_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown"):
        InvoiceReadError("oops", "message")


def test_the_content_tells_the_kind_of_file():
    assert file_kind(_blank_pdf(1), "scan.PDF", DEFAULT_LIMITS) == PDF
    assert file_kind(_photo("JPEG"), "photo.jpg", DEFAULT_LIMITS) == JPEG
    assert file_kind(_photo("PNG"), None, DEFAULT_LIMITS) == PNG


def test_an_image_named_like_a_pdf_is_refused():
    error = _error(_photo("JPEG"), "invoice.pdf")
    assert (error.code, error.params) == ("not_pdf", {"kind": "JPEG"})


def test_too_large_is_checked_before_parsing():
    limits = Limits(max_bytes=1000)
    error = _error(b"%PDF-1.7\n" + b"0" * 1000, limits=limits)
    assert error.code == "too_large"
    assert error.params == {"size": 1009, "limit": 1000}


def test_the_default_size_limit_is_15_mb():
    assert DEFAULT_LIMITS.max_bytes == 15 * 1024 * 1024


def test_too_many_pages():
    error = _error(_blank_pdf(DEFAULT_LIMITS.max_pages + 1))
    assert error.code == "too_many_pages"
    assert error.params == {"pages": 21, "limit": 20}


def test_a_photo_above_the_pixel_cap_is_refused():
    error = _error(_photo("PNG", (400, 300)), limits=Limits(max_image_pixels=100_000))
    assert (error.code, error.params) == ("image_too_large", {"limit": 0.1})


def test_a_large_jpeg_is_decoded_smaller_instead_of_refused():
    limits = Limits(max_image_pixels=40_000)  # 400 x 300 decoded at 1/4 fits
    error = _error(_photo("JPEG", (400, 300)), limits=limits)
    assert error.code == "unreadable_page"  # decoded and read: a blank photo


def test_a_decompression_bomb_is_the_readers_own_error():
    error = _error(_png_header(20_000, 20_000))
    assert error.code == "image_too_large"


def test_a_damaged_image():
    assert _error(_photo("JPEG")[:100]).code == "damaged"


def test_blank_page_is_unreadable():
    error = _error(_blank_pdf(1))
    assert (error.code, error.params) == ("unreadable_page", {"page": 1})


def test_damaged():
    assert _error(_blank_pdf(1)[:200]).code == "damaged"
