from odoo import models


class PayLink(models.Model):
    """Renewal: a fresh link replacing a dead one, asked for by a reminder,
    the user or the customer on the pay page."""

    _inherit = "pay.link"

    def _renew(self, message):
        """Issue a fresh link replacing this one: same customer, channel and
        sender; the reminder schedule goes on where it was.

        :return: the new link (pay.link), issued
        :raise UserError: when no link can be issued now (see `_renewal_errors`)
        """
        self.ensure_one()
        amount = self._renewal_amount()
        self._raise_eligibility_errors(
            self.move_id.display_name or self.reference or self.name,
            self._renewal_errors(),
        )
        with self._internal():
            new_link = self.copy(
                {
                    "amount": amount,
                    "reminder_start_date": self.reminder_start_date or self.sent_date,
                    "reminder_count": self.reminder_count,
                    "reminder_last_offset": self.reminder_last_offset,
                }
            )
        replaces = self.env._("It replaces %(link)s.", link=self.name)
        new_link._mark_issued(f"{message} {replaces}", self.sent_by_id or self.env.user)
        self._supersede(new_link)
        return new_link

    def _renewal_amount(self):
        if not self.move_id:
            return self.amount
        return min(self.amount, self.move_id._pay_link_amount_due())

    def _renewal_errors(self):
        """Every reason why this link cannot be issued again now: the rules of
        its invoice, or those of a link without invoice."""
        args = {
            "channel": self.channel,
            "amount": self._renewal_amount(),
            "email": self.recipient_email,
            "phone": self.recipient_phone,
        }
        if self.move_id:
            return self.move_id._pay_link_eligibility_errors(**args)
        return self._eligibility_errors(
            self.company_id, self.currency_id, partner=self.partner_id, **args
        )

    def _can_customer_renew(self):
        """Whether the pay page may offer the customer a fresh link: only
        when the last link of its chain ended by time (expired), never when a
        user cancelled it or its invoice ended it."""
        self.ensure_one()
        latest = self._latest_successor()
        return bool(
            latest.state == "expired"
            and self.company_id.pay_link_customer_renew
            and not latest._renewal_errors()
        )

    def _successor_to_show(self):
        """The link that replaced this one, for a customer who opens this
        one: the last of the chain while it can be paid, is being paid or is
        paid; else nothing (pay.link, maybe empty)."""
        self.ensure_one()
        latest = self._latest_successor()
        if latest == self or not (
            latest._is_payable() or latest.state in ("in_progress", "paid")
        ):
            return self.browse()
        return latest

    def _renew_by_customer(self):
        """The link the customer of this dead link should see now: the link
        that already replaced it (payable, in progress or paid), else a fresh
        one."""
        self.ensure_one()
        successor = self._latest_successor()
        if successor.state in ("in_progress", "paid") or successor._is_payable():
            return successor
        return successor._renew(
            self.env._("New payment link requested by the customer.")
        )
