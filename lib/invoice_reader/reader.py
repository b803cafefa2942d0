"""read_invoice(): PDF or photo bytes in, InvoiceFields out."""

from .errors import InvoiceReadError
from .facturx import read_facturx
from .fields import InvoiceFields
from .image_input import decode_image
from .layout import split_lines
from .limits import DEFAULT_LIMITS, Budget, Limits
from .page_ocr import ocr_image, ocr_pdf_page
from .text_fields import fields_from_text
from .text_layer import has_text, page_texts
from .upload import PDF, file_kind, open_pdf
from .xml_check import printed_xml


def read_invoice(
    data: bytes, filename: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> InvoiceFields:
    """Read an invoice from a PDF or a JPEG/PNG photo.

    `filename` (optional) only serves to refuse an image named like a PDF.
    Raises InvoiceReadError when the file is refused or the work exceeds
    `limits`."""
    budget = Budget(limits)
    is_pdf = file_kind(data, filename, limits) == PDF
    if is_pdf:
        pages, used_ocr = _read_pdf_pages(data, budget)
        xml = read_facturx(data)
    else:
        pages, used_ocr, xml = [_read_photo(data, budget)], True, {}
    lines = split_lines("\n".join(pages))
    xml_fields = printed_xml(xml, lines)
    fields = fields_from_text(lines, dict(xml_fields), used_ocr)
    if fields.amount is None and fields.reference is None and fields.name is None:
        raise InvoiceReadError("not_an_invoice", "No invoice data found in this file.")
    fields.source = _source(is_pdf, used_ocr, bool(xml_fields))
    return fields


def _source(is_pdf: bool, used_ocr: bool, has_xml: bool) -> str:
    """What the fields were read from: "facturx" (the PDF's embedded data),
    "text" (the PDF's text), "ocr" (a scanned PDF), "photo" (an image)."""
    if has_xml:
        return "facturx"
    if not is_pdf:
        return "photo"
    return "ocr" if used_ocr else "text"


def _read_pdf_pages(pdf_bytes: bytes, budget: Budget) -> tuple[list[str], bool]:
    pdf_pages = open_pdf(pdf_bytes, budget.limits).pages
    texts = page_texts(pdf_bytes, budget)
    texts = (texts + [""] * len(pdf_pages))[: len(pdf_pages)]
    used_ocr = False
    for number, text in enumerate(texts, start=1):
        if not has_text(text):
            texts[number - 1] = ocr_pdf_page(
                pdf_bytes, pdf_pages[number - 1], number, budget
            )
            used_ocr = True
    unreadable = [number for number, text in enumerate(texts, 1) if not has_text(text)]
    # a blank page after the invoice (backside, decoration only) is tolerated;
    # an unreadable first page, or nothing readable at all, is refused
    if unreadable and (unreadable[0] == 1 or len(unreadable) == len(texts)):
        raise _unreadable(unreadable[0])
    return texts, used_ocr


def _read_photo(data: bytes, budget: Budget) -> str:
    text = ocr_image(decode_image(data, budget.limits), None, 1, budget)
    if not has_text(text):
        raise _unreadable(1)
    return text


def _unreadable(page: int) -> InvoiceReadError:
    return InvoiceReadError(
        "unreadable_page",
        f"Page {page} has neither text nor a readable image.",
        page=page,
    )
