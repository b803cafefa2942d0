"""The one exception the reader raises, with a stable machine-readable code."""

# Stable codes: the Odoo side maps each one to a translated message.
ERROR_CODES = (
    "empty",  # 0-byte file
    "too_large",  # params: size, limit (bytes)
    "not_pdf",  # neither a PDF nor a JPEG/PNG image; params: kind when the
    # name says .pdf but the content is an image ("JPEG", "PNG")
    "damaged",  # truncated or unparsable PDF or image
    "encrypted",  # password-protected PDF
    "too_many_pages",  # params: pages, limit
    "unreadable_page",  # params: page (1-based); no text layer and OCR found nothing
    "not_an_invoice",  # readable, but no amount, reference nor customer found
    "page_too_large",  # params: page, limit (megapixels at the lowest OCR resolution)
    "image_too_large",  # params: pixels, limit (megapixels)
    "timeout",  # params: seconds (the limit that was reached), page (or None)
    "too_complex",  # a PDF past the parser's safety limits (objects, stream sizes)
    "bad_page_size",  # params: page; a PDF page with no usable size (MediaBox,
    # UserUnit zero, negative, not a number, or too small to hold text)
)


class InvoiceReadError(ValueError):
    """The file was refused; `code` is one of ERROR_CODES, `params` feed the
    message."""

    def __init__(self, code: str, message: str, **params):
        if code not in ERROR_CODES:
            raise ValueError(f"unknown invoice read error code: {code}")
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params
