from odoo import models


class PaymentTransaction(models.Model):
    """The chatter of a link's payment attempts: the link logs what happens
    to them itself, on the link and the invoice (see
    `pay.link._on_transaction_state`), so Odoo does not say it a second time."""

    _inherit = "payment.transaction"

    def _log_received_message(self):
        """Override of `payment`: not for the attempts of a link."""
        others = self.filtered(lambda tx: not tx.pay_link_id)
        return super(PaymentTransaction, others)._log_received_message()
