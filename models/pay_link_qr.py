import base64
import logging

from stdnum import iban, iso11649

from odoo import models
from odoo.tools import format_amount
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
        return self._transfer_bank_account(self.company_id, self.move_id)

    def _transfer_amount(self):
        """What the customer can pay by bank transfer now, or None: the
        link's amount while it can be paid; once it ended (expired, cancelled
        by a user, replaced), what its invoice still owes. None while a
        payment is in progress or done, here or on the link replacing it, and
        when the invoice owes nothing."""
        self.ensure_one()
        if self._is_payable():
            return self.amount
        successor = self._latest_successor()
        if {self.state, successor.state} & {"paid", "in_progress"}:
            return None
        if (self.cancel_reason or "").startswith("invoice_") or (
            self.cancel_reason == "partial_payment"
        ):
            return None
        if self.move_id:
            if self.move_id._pay_link_settled_reason():
                return None
            return self.move_id._pay_link_amount_due()
        return self.amount if self.state == "expired" else None

    def _offers_transfer(self):
        """Whether the pay page offers a bank transfer to the company's IBAN
        (`_transfer_details`); for a link being sent (a draft), whether it
        will once sent."""
        self.ensure_one()
        if self.state == "draft":
            amount = self.amount
        else:
            amount = self._transfer_amount()
        return bool(
            self.currency_id.name == "EUR"
            and amount is not None
            and self._epc_bank_account()
        )

    def _transfer_details(self):
        """The SEPA transfer the customer can make now (see
        `_transfer_amount`), for EUR links of a company with an IBAN.

        :return: dict with "beneficiary", "iban" (in groups of four), "bic",
            "amount" (float, euros) and its "amount_label", "reference" and
            "epc_payload" (the EPC069-12 QR code's text, or None), or None
        """
        self.ensure_one()
        if self.currency_id.name != "EUR":
            return None
        amount = self._transfer_amount()
        account = amount is not None and self._epc_bank_account()
        if not account:
            return None
        return {
            "beneficiary": account.partner_id.name or self.company_id.name,
            "iban": iban.format(account.acc_number),
            "bic": account.bank_bic or "",
            "amount": amount,
            "amount_label": format_amount(self.env, amount, self.currency_id),
            "reference": self.reference or "",
            "epc_payload": self._epc_payload_to(account, amount),
        }

    def _epc_payload(self, amount=None):
        """The EPC069-12 (SEPA QR) payload to pay ``amount`` euros for this
        link from a banking app, by default what can be paid by transfer now
        (`_transfer_amount`); None for other currencies, without a company
        IBAN, or when the EPC rules refuse it."""
        self.ensure_one()
        amount = self._transfer_amount() if amount is None else amount
        account = self._epc_bank_account()
        if amount is None or self.currency_id.name != "EUR" or not account:
            return None
        return self._epc_payload_to(account, amount)

    def _epc_payload_to(self, account, amount):
        # Not account_qr_code_sepa's payload: it cuts the name at 71 and the
        # text at 141 characters, one past the EPC limits, and counts
        # characters where the EPC counts UTF-8 bytes.
        reference = (self.reference or "").replace(" ", "").upper()
        is_rf = iso11649.is_valid(reference)
        try:
            return epc_payload(
                iban=account.acc_number,
                beneficiary_name=account.partner_id.name or self.company_id.name,
                amount=float_repr(amount, 2),
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
