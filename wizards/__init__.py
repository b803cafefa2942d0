from . import pay_link_send
from . import pay_link_invoice_reader
from . import pay_link_invoice_reader_matching
