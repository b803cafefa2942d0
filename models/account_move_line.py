from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _reconcile_post_hook(self, data):
        """Override of `account`: after a payment, a credit note or any
        matching changed what an invoice owes, its open links follow (Odoo
        calls `_invoice_paid_hook` only for invoices that become paid)."""
        result = super()._reconcile_post_hook(data)
        invoices = self.move_id.filtered(lambda move: move.move_type == "out_invoice")
        invoices.pay_link_ids._follow_amount_due()
        return result
