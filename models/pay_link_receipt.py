import pytz

from odoo import models
from odoo.tools import format_amount, format_date, format_time


class PayLink(models.Model):
    """The receipt of a paid link (on the pay page and as a PDF), and the
    moments shown to the customer, in their timezone."""

    _inherit = "pay.link"

    def _customer_tz(self):
        """The timezone the customer reads moments in: the context's (the
        pay page puts the browser's there), else the customer's, else the
        company's, else UTC."""
        self.ensure_one()
        for tz in (
            self.env.context.get("tz"),
            self.partner_id.tz,
            self.company_id.partner_id.tz,
        ):
            if tz in pytz.all_timezones_set:
                return tz
        return "UTC"

    def _moment_label(self, moment):
        """``moment`` (naive UTC datetime) as the customer reads it: the date
        and the time to the minute, in `_customer_tz`, in the context's
        language (e.g. "14 March 2025 at 13:00")."""
        self.ensure_one()
        tz = self._customer_tz()
        local_day = pytz.utc.localize(moment).astimezone(pytz.timezone(tz)).date()
        return self.env._(
            "%(date)s at %(time)s",
            date=format_date(self.env, local_day, date_format="long"),
            time=format_time(self.env, moment, tz=tz, time_format="short"),
        )

    def _receipt_transaction(self):
        """The attempt that paid this link: the first done one bringing all
        the link asked (payment.transaction, sudo; empty unless paid)."""
        self.ensure_one()
        if self.state != "paid":
            return self.env["payment.transaction"].sudo()
        done = self.transaction_ids.filtered(
            lambda tx: tx.state == "done" and self._is_full_payment(tx)
        )
        return done.sorted("id")[:1].sudo()

    def _receipt_values(self):
        """What the receipt says, in the context's language and timezone.

        :return: dict with "transaction" (payment.transaction), "amount",
            "paid_at", "method", "provider" and "reference" (labels); empty
            when the link is not paid by one of its attempts
        """
        self.ensure_one()
        tx = self._receipt_transaction()
        if not tx:
            return {}
        return {
            "transaction": tx,
            "amount": format_amount(self.env, tx.amount, tx.currency_id),
            "paid_at": self._moment_label(tx.last_state_change or self.paid_date),
            "method": tx.payment_method_id.name or tx.provider_id.name,
            "provider": tx.provider_id.name,
            "reference": tx.provider_reference or tx.reference,
        }

    def _receipt_pdf(self):
        """The receipt of this paid link as a PDF, rendered on the first
        request and kept as an attachment of the link after that.

        :return: (bytes, file name)
        """
        self.ensure_one()
        content, _report_type = (
            self.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf("pay_by_link.action_report_pay_link_receipt", self.ids)
        )
        document = (self.move_id.name or self.reference or self.name).replace("/", "-")
        return content, self.env._("Receipt %(document)s.pdf", document=document)
