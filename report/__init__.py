from . import report_invoice
