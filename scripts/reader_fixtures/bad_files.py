"""Files the reader must refuse, each with the error code it must give.
Too large and too many pages are made by the tests themselves (no 15 MB file
in the repository)."""

import io
import random
from unittest import mock

from PIL import Image
from pypdf import PdfWriter
from reportlab.pdfgen import canvas


def bad_files(invoice_pdf: bytes, photo_jpeg: bytes) -> dict[str, tuple[bytes, str]]:
    """{name: (bytes, expected error code)}"""
    return {
        "empty": (b"", "empty"),
        "not_a_pdf": (b"<html><body><h1>404 Not Found</h1></body></html>\n", "not_pdf"),
        "image_renamed": (photo_jpeg, "not_pdf"),
        "truncated": (invoice_pdf[: len(invoice_pdf) * 35 // 100], "damaged"),
        "encrypted": (_encrypted(invoice_pdf), "encrypted"),
        "blank_page": (_image_page(595, 842), "unreadable_page"),
        "huge_page": (_image_page(3600, 3600), "page_too_large"),
    }


def _encrypted(pdf_bytes: bytes) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes))
    buffer = io.BytesIO()
    # pypdf salts the key with random bytes: seeded, the file is reproducible
    with mock.patch("secrets.token_bytes", random.Random(7).randbytes):
        writer.encrypt("facture2024", algorithm="RC4-128")
        writer.write(buffer)
    return buffer.getvalue()


def _image_page(width_pt: float, height_pt: float) -> bytes:
    """A page of this size holding only a white image: no text layer."""
    white = Image.new("L", (60, 60), 255)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width_pt, height_pt), invariant=1)
    pdf.drawInlineImage(white, 0, 0, width_pt, height_pt)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
