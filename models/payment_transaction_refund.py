from odoo import models
from odoo.tools import format_amount

# The states a refund reaches, and what the link's chatter says of each.
REFUND_LOGGED_STATES = ("pending", "done", "cancel", "error")


class PaymentTransaction(models.Model):
    """Refunds of a link's payments, whatever the provider: Odoo's *Refund*
    (`action_refund` -> `_send_refund_request`, overridden per provider)
    creates them; the link and the invoice show them."""

    _inherit = "payment.transaction"

    def _update_state(self, allowed_states, target_state, state_message):
        """Override of `payment` to tell the link of a refund of its payment,
        and post the refund payment now rather than at the next cron run."""
        updated = super()._update_state(allowed_states, target_state, state_message)
        refunds = updated.filtered(
            lambda tx: tx.operation == "refund" and tx.source_transaction_id.pay_link_id
        )
        if target_state in REFUND_LOGGED_STATES:
            for refund in refunds:
                refund.source_transaction_id.pay_link_id._log_event(
                    refund._pay_link_refund_message()
                )
        if target_state == "done" and refunds:
            self.env.ref("payment.cron_post_process_payment_tx")._trigger()
        return updated

    def _pay_link_refund_message(self):
        values = {
            "amount": format_amount(self.env, -self.amount, self.currency_id),
            "provider": self.provider_id._pay_link_label(),
            "reference": self.provider_reference or self.reference,
            "reason": self.state_message or self.state,
        }
        if self.state == "done":
            return self.env._(
                "Refund of %(amount)s via %(provider)s made (%(reference)s).", **values
            )
        if self.state == "pending":
            return self.env._(
                "Refund of %(amount)s via %(provider)s requested (%(reference)s).",
                **values,
            )
        return self.env._(
            "Refund of %(amount)s via %(provider)s failed: %(reason)s", **values
        )

    def _pay_link_record_refund(self, amount, provider_reference):
        """A refund of this payment made at the provider itself (its
        dashboard), known from its notification: record it as Odoo's own.

        :param amount: the refunded amount (positive, major units)
        :return: the refund transaction (draft)
        """
        self.ensure_one()
        refund = self._create_child_transaction(
            amount, is_refund=True, provider_reference=provider_reference
        )
        refund._log_sent_message()
        return refund

    def _create_payment(self, **extra_create_values):
        """Override of `account_payment` so that the invoice of a link shows
        its refunds: the refund payment is matched with the payment it gives
        back, and the invoice owes the refunded amount again."""
        payment = super()._create_payment(**extra_create_values)
        if self.operation == "refund" and self.source_transaction_id.pay_link_id:
            self._pay_link_match_refund()
        return payment

    def _pay_link_match_refund(self):
        source_payment = self.source_transaction_id.payment_id
        invoices = self.source_transaction_id.invoice_ids.filtered(
            lambda move: move.state == "posted"
        )
        if not source_payment or not invoices:
            return
        account = source_payment.destination_account_id

        def open_lines(moves):
            return moves.line_ids.filtered(lambda line: line.account_id == account)

        refund_payments = self.env["account.payment"].search(
            [
                ("source_payment_id", "=", source_payment.id),
                ("state", "not in", ("draft", "canceled")),
            ]
        )
        source_lines = open_lines(source_payment.move_id)
        source_lines.remove_move_reconcile()
        (source_lines + open_lines(refund_payments.move_id)).reconcile()
        lines = (source_lines + open_lines(invoices)).filtered(
            lambda line: not line.reconciled
        )
        if source_lines & lines and lines - source_lines:
            lines.reconcile()
