from odoo import api, fields, models


class PayLink(models.Model):
    """The refunds of a link's payments, shown beside its attempts."""

    _inherit = "pay.link"

    refund_transaction_ids = fields.Many2many(
        "payment.transaction",
        string="Refunds",
        compute="_compute_refund_transaction_ids",
    )

    @api.depends("transaction_ids.child_transaction_ids")
    def _compute_refund_transaction_ids(self):
        for link in self:
            link.refund_transaction_ids = (
                link.transaction_ids.child_transaction_ids.filtered(
                    lambda tx: tx.operation == "refund"
                )
            )
