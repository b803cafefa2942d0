"""What was uploaded: a PDF, or a JPEG or PNG photo, checked before any
parsing work."""

import contextlib
import io
import logging

from pypdf import PdfReader
from pypdf.errors import (
    DependencyError,
    FileNotDecryptedError,
    LimitReachedError,
    PdfReadError,
    PyPdfError,
)

from .errors import InvoiceReadError
from .limits import Limits

PDF, JPEG, PNG = "pdf", "jpeg", "png"
# what a file of each kind is served as: mimetype, file name extensions
# (the first one is given to a name that has none of them)
MIMETYPES = {PDF: "application/pdf", JPEG: "image/jpeg", PNG: "image/png"}
EXTENSIONS = {PDF: (".pdf",), JPEG: (".jpg", ".jpeg"), PNG: (".png",)}
_IMAGE_SIGNATURES = ((JPEG, b"\xff\xd8\xff"), (PNG, b"\x89PNG\r\n\x1a\n"))

logging.getLogger("pypdf").setLevel(logging.ERROR)


def file_kind(data: bytes, filename: str | None, limits: Limits) -> str:
    """PDF, JPEG or PNG, from the content; raise InvoiceReadError when the file
    is empty, too large, of another kind, or an image named like a PDF (a
    renamed file is refused rather than read behind the user's back)."""
    if not data:
        raise InvoiceReadError("empty", "The file is empty.")
    if len(data) > limits.max_bytes:
        raise InvoiceReadError(
            "too_large",
            f"The file is {len(data)} bytes; at most {limits.max_bytes} are accepted.",
            size=len(data),
            limit=limits.max_bytes,
        )
    if data.lstrip()[:5] == b"%PDF-":
        return PDF
    kind = next(
        (kind for kind, head in _IMAGE_SIGNATURES if data.startswith(head)), None
    )
    if kind is None:
        raise InvoiceReadError("not_pdf", "This file is not a PDF, JPEG or PNG file.")
    if (filename or "").lower().endswith(".pdf"):
        raise InvoiceReadError(
            "not_pdf", f"This file is named .pdf but is a {kind.upper()} image.",
            kind=kind.upper(),
        )  # fmt: skip
    return kind


def open_pdf(pdf_bytes: bytes, limits: Limits) -> PdfReader:
    """Return a reader for `pdf_bytes`, or raise InvoiceReadError."""
    with reading_pdf():
        reader = _parse(pdf_bytes)
        page_count = len(reader.pages)
    if page_count == 0:
        raise InvoiceReadError("damaged", "The PDF is damaged: it has no page.")
    if page_count > limits.max_pages:
        raise InvoiceReadError(
            "too_many_pages",
            f"The PDF has {page_count} pages; at most {limits.max_pages} are accepted.",
            pages=page_count,
            limit=limits.max_pages,
        )
    return reader


@contextlib.contextmanager
def reading_pdf():
    """Wrap any reading of the PDF's structure with pypdf: what pypdf raises
    on a hostile or broken file becomes the reader's error. Its safety limits
    (too many objects, a stream too large once decompressed) and a nesting
    deeper than Python's stack give too_complex; a password, encrypted;
    anything else, damaged."""
    try:
        yield
    except InvoiceReadError:
        raise
    except (
        PyPdfError,
        RecursionError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        ZeroDivisionError,
        OSError,
    ) as exc:
        raise _read_error(exc) from exc


def _read_error(exc: Exception) -> InvoiceReadError:
    if isinstance(exc, RecursionError) or _caused_by_limit(exc):
        return too_complex()
    if isinstance(exc, (DependencyError, FileNotDecryptedError)):
        return _encrypted()
    return damaged()


def _caused_by_limit(exc: BaseException | None) -> bool:
    """Whether a LimitReachedError is `exc` or among its causes (pypdf
    rewraps some, e.g. in reading a compressed cross-reference stream)."""
    while exc is not None:
        if isinstance(exc, LimitReachedError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _parse(pdf_bytes: bytes) -> PdfReader:
    # strict: a truncated file must be refused, not silently half-read
    reader = PdfReader(io.BytesIO(pdf_bytes), strict=True)
    if reader.is_encrypted and not _opens_without_password(reader):
        raise _encrypted()
    return reader


def _opens_without_password(reader: PdfReader) -> bool:
    try:
        return bool(reader.decrypt(""))
    except (DependencyError, FileNotDecryptedError, PdfReadError):
        return False


def damaged() -> InvoiceReadError:
    return InvoiceReadError("damaged", "The PDF is damaged or incomplete.")


def too_complex() -> InvoiceReadError:
    return InvoiceReadError(
        "too_complex", "The PDF is past the reader's safety limits (objects, sizes)."
    )


def _encrypted() -> InvoiceReadError:
    return InvoiceReadError("encrypted", "The PDF is password-protected.")
