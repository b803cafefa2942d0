from . import pay_link_send
from . import pay_link_send_recipient
from . import pay_link_send_batch
from . import pay_link_send_document
from . import pay_link_invoice_reader
from . import pay_link_invoice_reader_matching
