from odoo import models
from odoo.tools import format_amount

from .const import OPEN_STATES


class PayLink(models.Model):
    """A link follows its invoice: it never asks more than the invoice owes
    now, and it ends, with the invoice's reason, when nothing is owed."""

    _inherit = "pay.link"

    def _follow_amount_due(self):
        """Bring the open invoice links among these in step with what their
        invoice owes now (`account.move._pay_link_amount_due`): cancel those
        whose invoice owes nothing, lower the amount of those it owes less.
        An attempt started for the former amount is closed at its provider.
        """
        for link in self.filtered(lambda lk: lk.move_id and lk.state in OPEN_STATES):
            reason = link.move_id._pay_link_settled_reason()
            if reason:
                link._close_provider_sessions()
                link._cancel(link._settled_message(reason), reason)
                continue
            due = link.move_id._pay_link_amount_due()
            if link.currency_id.compare_amounts(link.amount, due) > 0:
                link._lower_amount(due)

    def _lower_amount(self, due):
        self.ensure_one()
        old = self._amount_label()
        self._close_provider_sessions()
        self._write_internal({"amount": due})
        self._log_event(
            self.env._(
                "The invoice now owes %(due)s: the link asks for it instead of "
                "%(old)s.",
                due=self._amount_label(),
                old=old,
            )
        )

    def _settled_message(self, reason):
        """The chatter message for a link ended by its invoice's ``reason``."""
        messages = {
            "invoice_paid": self.env._("The invoice was paid."),
            "invoice_reversed": self.env._("The invoice was credited in full."),
            "invoice_cancelled": self.env._("The invoice was cancelled."),
            "invoice_draft": self.env._("The invoice was reset to draft."),
        }
        return messages[reason]

    def _is_duplicate_payment(self, transaction):
        """Whether money received by ``transaction`` comes on top of what the
        invoice owed: the link or its successor already paid, the invoice
        settled, or less due than received. Read before the link moves."""
        self.ensure_one()
        if "paid" in (self.state, self._latest_successor().state):
            return True
        move = self.move_id
        if not move:
            return False
        due = move._pay_link_amount_due(excluded_tx=transaction)
        return bool(
            move._pay_link_settled_reason(excluded_tx=transaction)
            or move.currency_id.compare_amounts(transaction.amount, due) > 0
        )

    def _warn_duplicate_payment(self, transaction):
        """Ask the accountant to refund a payment that arrived on top of what
        was due: an activity on the invoice (else on the link) leading to the
        payment, whose form has Odoo's Refund button."""
        self.ensure_one()
        record = self.move_id or self
        note = self.env._(
            "%(amount)s were received through the payment link %(link)s "
            "(%(provider)s, %(reference)s) although the invoice no longer owed "
            "them. Refund the payment %(payment)s, or keep it as a credit for "
            "the customer.",
            amount=format_amount(self.env, transaction.amount, transaction.currency_id),
            link=self.name,
            provider=transaction.provider_id.name,
            reference=transaction.provider_reference or transaction.reference,
            payment=transaction._get_html_link(transaction.reference),
        )
        record.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Duplicate payment to refund"),
            note=note,
            user_id=(
                self.sent_by_id
                or self.move_id.invoice_user_id
                or self.env.ref("base.user_admin")
            ).id,
        )
