"""Pure-Python invoice reader: PDF bytes in, amount due, customer and payee
details out. See `read_invoice`."""

from .errors import ERROR_CODES, InvoiceReadError
from .fields import InvoiceFields
from .pdf_input import MAX_BYTES, MAX_PAGES
from .reader import read_invoice

__all__ = [
    "ERROR_CODES",
    "MAX_BYTES",
    "MAX_PAGES",
    "InvoiceFields",
    "InvoiceReadError",
    "read_invoice",
]
