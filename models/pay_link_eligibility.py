from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import format_amount


class PayLink(models.Model):
    """Eligibility: the company's rules a link must follow to be sent, with or
    without an Odoo invoice behind it (an invoice adds its own, see
    `account.move._pay_link_eligibility_errors`)."""

    _inherit = "pay.link"

    @api.model
    def _eligibility_errors(
        self,
        company,
        currency,
        amount,
        channel=None,
        email=None,
        phone=None,
        partner=None,
    ):
        """Every reason why a link for these values cannot be sent, with or
        without an Odoo invoice behind it.

        :return: translated sentences (list of str), empty when it can be sent
        """
        partner = partner or self.env["res.partner"]
        errors = []
        if not company.pay_link_enabled:
            errors.append(self.env._("Payment links are disabled in the settings."))
        if currency not in company.pay_link_currency_ids:
            errors.append(
                self.env._(
                    "The currency %(currency)s is not accepted for payment links.",
                    currency=currency.name,
                )
            )
        if not company.pay_link_min_amount <= amount <= company.pay_link_max_amount:
            errors.append(
                self.env._(
                    "The amount (%(amount)s) must be between %(min)s and %(max)s "
                    "to pay online.",
                    amount=format_amount(self.env, amount, currency),
                    min=format_amount(self.env, company.pay_link_min_amount, currency),
                    max=format_amount(self.env, company.pay_link_max_amount, currency),
                )
            )
        if channel == "email" and not (email or partner.email):
            errors.append(self.env._("The customer has no email address."))
        if channel == "sms" and not (phone or partner.phone or partner.mobile):
            errors.append(self.env._("The customer has no phone number."))
        return errors

    @api.model
    def _raise_eligibility_errors(self, label, errors):
        """:raise UserError: listing ``errors`` for the document ``label``"""
        if errors:
            raise UserError(
                self.env._(
                    "No payment link for %(invoice)s:\n%(reasons)s",
                    invoice=label,
                    reasons="\n".join(f"- {error}" for error in errors),
                )
            )
