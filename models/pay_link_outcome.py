from odoo import models


class PayLink(models.Model):
    """What the pay page says of a link that is finished (paid, expired,
    cancelled or replaced) in place of an amount to pay, and what it still
    serves of it."""

    _inherit = "pay.link"

    def _outcome_label(self):
        """What happened to this link, as the customer reads it on the pay
        page, in the context's language and timezone (e.g. "Paid on 14 March
        2025 at 13:00", "This link expired on …").

        :return: str, or None while the link can be paid or is being paid
        """
        self.ensure_one()
        if self.state == "paid":
            moment = self._receipt_transaction().last_state_change or self.paid_date
            return self.env._("Paid on %(moment)s", moment=self._moment_label(moment))
        if self.state == "expired":
            return self.env._(
                "This link expired on %(moment)s",
                moment=self._moment_label(self.expiry_date),
            )
        if self.state == "cancelled" and self.cancel_reason == "superseded":
            return self.env._("This link was replaced by a new one")
        if self.state == "cancelled":
            return self.env._("This link is closed")
        return None

    def _serves_invoice(self):
        """Whether the customer still gets the invoice PDF from this link:
        not once it is withdrawn (cancelled or replaced; a replacing link
        serves its own)."""
        self.ensure_one()
        return self.state != "cancelled"
