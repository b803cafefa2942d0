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
        was due, from the payment, whose form has Odoo's Refund button."""
        self._ask_accountant(
            transaction,
            self.env._("Duplicate payment to refund"),
            self.env._(
                "%(amount)s were received through the payment link %(link)s "
                "(%(provider)s, %(reference)s) although the invoice no longer "
                "owed them. Refund the payment %(payment)s, or keep it as a "
                "credit for the customer.",
                **self._payment_words(transaction, transaction.amount),
            ),
        )

    def _warn_overpayment(self, transaction, received):
        """Ask the accountant to refund what came on top of the link's amount
        (a bank transfer of more than was asked)."""
        self._ask_accountant(
            transaction,
            self.env._("Overpayment to refund"),
            self.env._(
                "%(amount)s were received through the payment link %(link)s "
                "(%(provider)s, %(reference)s) for %(due)s asked: refund the "
                "difference from the payment %(payment)s, or keep it as a credit "
                "for the customer.",
                due=self._amount_label(),
                **self._payment_words(transaction, received),
            ),
        )

    def _on_partial_payment(self, transaction, received):
        """Part of the money arrived (a transfer of less than asked; its
        amount ``received``, or None when the provider does not say): the
        link ends, so that nobody pays the whole amount again, and the
        accountant records what came and asks for the rest."""
        self._cancel(self.env._("Only part of the payment arrived."), "partial_payment")
        self._ask_accountant(
            transaction,
            self.env._("Partial payment to record"),
            self.env._(
                "Only %(amount)s of %(due)s arrived through the payment link "
                "%(link)s (%(provider)s, %(reference)s). Register the payment "
                "received on the invoice, then send a link for the rest.",
                due=self._amount_label(),
                **self._payment_words(transaction, received),
            ),
        )

    def _warn_payment_reversed(self, transaction, reason):
        """The provider takes back a payment it had confirmed (a transfer the
        bank rejects after accepting it): the accountant must reverse the
        recorded payment."""
        self._log_event(
            self.env._(
                "%(provider)s now reports the payment %(reference)s as not "
                "received (%(reason)s).",
                provider=transaction.provider_id.name,
                reference=transaction.provider_reference or transaction.reference,
                reason=reason,
            )
        )
        self._ask_accountant(
            transaction,
            self.env._("Payment reversed by the bank"),
            self.env._(
                "%(provider)s now reports that the %(amount)s of the payment "
                "link %(link)s (%(reference)s) did not arrive: cancel the "
                "payment %(payment)s and ask the customer to pay again.",
                **self._payment_words(transaction, transaction.amount),
            ),
        )

    def _payment_words(self, transaction, amount):
        return {
            "amount": format_amount(self.env, float(amount), transaction.currency_id)
            if amount is not None
            else self.env._("an unknown amount"),
            "link": self.name,
            "provider": transaction.provider_id.name,
            "reference": transaction.provider_reference or transaction.reference,
            "payment": transaction._get_html_link(transaction.reference),
        }

    def _ask_accountant(self, transaction, summary, note):
        """An activity on the invoice (else on the link) for the user who
        sent the link, once per payment and summary."""
        self.ensure_one()
        record = (self.move_id or self).sudo()
        if record.activity_ids.filtered(
            lambda activity: (
                activity.summary == summary
                and transaction.reference in (activity.note or "")
            )
        ):
            return
        record.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=summary,
            note=note,
            user_id=(
                self.sent_by_id
                or self.move_id.invoice_user_id
                or self.env.ref("base.user_admin")
            ).id,
        )
