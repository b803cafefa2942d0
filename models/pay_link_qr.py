import base64
import logging

from stdnum import iban, iso11649

from odoo import models
from odoo.tools.float_utils import float_repr
from odoo.tools.image import image_data_uri

from ..lib.epc_qr import EpcQrError, epc_payload
from ..lib.qr_image import qr_png

_logger = logging.getLogger(__name__)


class PayLink(models.Model):
    """QR codes: the link's own (on PDFs and the counter page) and the SEPA
    transfer code (EPC069-12) a banking app reads."""

    _inherit = "pay.link"

    def _qr_image_data_uri(self):
        """The QR code of the link, inline (for PDFs, which cannot fetch it)."""
        self.ensure_one()
        return image_data_uri(base64.b64encode(qr_png(self.url)))

    def _epc_bank_account(self):
        """The company's IBAN account the customer can transfer to."""
        accounts = self.move_id.partner_bank_id | self.company_id.partner_id.bank_ids
        return accounts.filtered(lambda account: iban.is_valid(account.acc_number))[:1]

    def _epc_payload(self):
        """The EPC069-12 (SEPA QR) payload to pay this link from a banking app,
        or None: only for EUR links of a company with an IBAN."""
        # Not account_qr_code_sepa's payload: it cuts the name at 71 and the
        # text at 141 characters, one past the EPC limits, and counts
        # characters where the EPC counts UTF-8 bytes.
        self.ensure_one()
        account = self._epc_bank_account()
        if self.currency_id.name != "EUR" or not account:
            return None
        reference = (self.reference or "").replace(" ", "").upper()
        is_rf = iso11649.is_valid(reference)
        try:
            return epc_payload(
                iban=account.acc_number,
                beneficiary_name=account.partner_id.name or self.company_id.name,
                amount=float_repr(self.amount, 2),
                bic=account.bank_bic or None,
                structured_reference=reference if is_rf else None,
                text=None if is_rf else self.reference,
            )
        except EpcQrError as error:
            _logger.warning("Payment link %s: no EPC QR code: %s", self.name, error)
            return None

    def _counter_status(self):
        """What the counter page shows while it waits for the payment."""
        self.ensure_one()
        messages = {
            "paid": self.env._("Paid"),
            "in_progress": self.env._("Payment in progress…"),
            "interrupted": self.env._("The payment did not go through: scan again."),
            "expired": self.env._("This QR code has expired."),
            "cancelled": self.env._("This QR code is no longer valid."),
        }
        if self.cancel_reason == "invoice_paid":
            messages["cancelled"] = self.env._("This invoice is already paid.")
        return {
            "state": self.state,
            "message": messages.get(
                self.state, self.env._("Scan the code with your phone to pay.")
            ),
        }
