import io

import pytest
from pypdf import PdfWriter

from lib.invoice_reader import (
    ERROR_CODES,
    MAX_BYTES,
    MAX_PAGES,
    InvoiceReadError,
    read_invoice,
)


def _blank_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _code(pdf_bytes: bytes) -> InvoiceReadError:
    with pytest.raises(InvoiceReadError) as error:
        read_invoice(pdf_bytes)
    return error.value


def test_error_codes_are_stable():
    assert ERROR_CODES == (
        "empty",
        "too_large",
        "not_pdf",
        "damaged",
        "encrypted",
        "too_many_pages",
        "unreadable_page",
        "not_an_invoice",
    )


def test_unknown_code_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown"):
        InvoiceReadError("oops", "message")


def test_empty():
    assert _code(b"").code == "empty"


def test_too_large_is_checked_before_parsing():
    error = _code(b"%PDF-1.7\n" + b"0" * MAX_BYTES)
    assert error.code == "too_large"
    assert error.params == {"size": MAX_BYTES + 9, "limit": MAX_BYTES}


def test_not_pdf():
    assert _code(b"<html>404</html>").code == "not_pdf"


def test_too_many_pages():
    error = _code(_blank_pdf(MAX_PAGES + 1))
    assert error.code == "too_many_pages"
    assert error.params == {"pages": MAX_PAGES + 1, "limit": MAX_PAGES}


def test_blank_page_is_unreadable():
    error = _code(_blank_pdf(1))
    assert (error.code, error.params) == ("unreadable_page", {"page": 1})


def test_damaged():
    assert _code(_blank_pdf(1)[:200]).code == "damaged"
