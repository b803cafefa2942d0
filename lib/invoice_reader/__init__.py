"""Pure-Python invoice reader: PDF or photo bytes in, amount due, customer
and payee details out. See `read_invoice`."""

from .errors import ERROR_CODES, InvoiceReadError
from .fields import InvoiceFields
from .limits import DEFAULT_LIMITS, Limits
from .reader import read_invoice

__all__ = [
    "DEFAULT_LIMITS",
    "ERROR_CODES",
    "InvoiceFields",
    "InvoiceReadError",
    "Limits",
    "read_invoice",
]
