"""Validation of the uploaded bytes before any parsing work."""

import io
import logging

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from .errors import InvoiceReadError

MAX_BYTES = 15 * 1024 * 1024
MAX_PAGES = 20

logging.getLogger("pypdf").setLevel(logging.ERROR)


def open_pdf(pdf_bytes: bytes) -> PdfReader:
    """Return a reader for `pdf_bytes`, or raise InvoiceReadError."""
    _check_size(pdf_bytes)
    if not pdf_bytes.lstrip()[:5] == b"%PDF-":
        raise InvoiceReadError("not_pdf", "This file is not a PDF.")
    reader = _parse(pdf_bytes)
    page_count = _page_count(reader)
    if page_count == 0:
        raise InvoiceReadError("damaged", "The PDF is damaged: it has no page.")
    if page_count > MAX_PAGES:
        raise InvoiceReadError(
            "too_many_pages",
            f"The PDF has {page_count} pages; at most {MAX_PAGES} are accepted.",
            pages=page_count,
            limit=MAX_PAGES,
        )
    return reader


def _check_size(pdf_bytes: bytes) -> None:
    if not pdf_bytes:
        raise InvoiceReadError("empty", "The file is empty.")
    if len(pdf_bytes) > MAX_BYTES:
        raise InvoiceReadError(
            "too_large",
            f"The file is {len(pdf_bytes)} bytes; at most {MAX_BYTES} are accepted.",
            size=len(pdf_bytes),
            limit=MAX_BYTES,
        )


def _parse(pdf_bytes: bytes) -> PdfReader:
    try:
        # strict: a truncated file must be refused, not silently half-read
        reader = PdfReader(io.BytesIO(pdf_bytes), strict=True)
    except (DependencyError, FileNotDecryptedError) as exc:
        raise _encrypted() from exc
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InvoiceReadError("damaged", "The PDF is damaged or incomplete.") from exc
    if reader.is_encrypted and not _opens_without_password(reader):
        raise _encrypted()
    return reader


def _opens_without_password(reader: PdfReader) -> bool:
    try:
        return bool(reader.decrypt(""))
    except (DependencyError, FileNotDecryptedError, PdfReadError):
        return False


def _page_count(reader: PdfReader) -> int:
    try:
        return len(reader.pages)
    except (DependencyError, FileNotDecryptedError) as exc:
        raise _encrypted() from exc
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise InvoiceReadError("damaged", "The PDF is damaged or incomplete.") from exc


def _encrypted() -> InvoiceReadError:
    return InvoiceReadError("encrypted", "The PDF is password-protected.")
