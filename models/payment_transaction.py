from odoo import fields, models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    pay_link_id = fields.Many2one("pay.link", string="Payment link", index="btree_not_null",
                                  readonly=True)

    def _update_state(self, allowed_states, target_state, state_message):
        """Every state change of a payment attempt also moves its link."""
        updated = super()._update_state(allowed_states, target_state, state_message)
        for tx in updated.filtered("pay_link_id"):
            tx.pay_link_id._on_transaction_state(tx)
        if target_state == "done" and updated.filtered("pay_link_id"):
            # Post the payment and reconcile the invoice now, not at the next cron run.
            self.env.ref("payment.cron_post_process_payment_tx")._trigger()
        return updated
