from stdnum import iban

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
            errors.append(company._pay_link_disabled_message())
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
        if channel == "request_to_pay" and not self.env[
            "payment.provider"
        ].sudo()._pay_link_request_to_pay_provider(company, currency):
            errors.append(
                self.env._(
                    "No payment provider sends requests to pay in %(currency)s.",
                    currency=currency.name,
                )
            )
        if not errors and not self._payment_ways(company, partner, amount, currency):
            errors.append(
                self.env._(
                    "Nothing can pay %(amount)s online: no payment provider of "
                    "%(company)s takes it, and there is no IBAN for a transfer "
                    "(in euros). Enable a provider or add the company's IBAN.",
                    amount=format_amount(self.env, amount, currency),
                    company=company.name,
                )
            )
        return errors

    @api.model
    def _payment_ways(self, company, partner, amount, currency, move=None):
        """How the customer of such a link could pay it.

        :return: set of "online" (a provider of the pay page takes it) and
            "transfer" (a SEPA transfer to the company's IBAN, for euros)
        """
        ways = set()
        if self._offered_providers(company, partner, amount, currency):
            ways.add("online")
        if currency.name == "EUR" and self._transfer_bank_account(company, move):
            ways.add("transfer")
        return ways

    @api.model
    def _offered_providers(self, company, partner, amount, currency, compatible=None):
        """The providers the pay page offers for such a link: those Odoo finds
        compatible with the company, customer, amount and currency, within the
        company's choice (sudo, payment.provider).

        :param compatible: what Odoo's payment page found compatible already
            (payment.provider), not to search it twice
        """
        providers = compatible
        if providers is None:
            providers = (
                self.env["payment.provider"]
                .sudo()
                ._get_compatible_providers(
                    company.id, partner.id, amount, currency_id=currency.id
                )
            )
        if company.pay_link_provider_ids:
            providers &= company.pay_link_provider_ids
        return providers

    @api.model
    def _transfer_bank_account(self, company, move=None):
        """The IBAN account a customer can transfer to (res.partner.bank):
        the invoice's, else the company's."""
        move = move or self.env["account.move"]
        accounts = move.partner_bank_id | company.partner_id.bank_ids
        return accounts.filtered(lambda account: iban.is_valid(account.acc_number))[:1]

    @api.model
    def _transfer_only_warning(self, company, partner, amount, currency, move=None):
        """A warning when only a bank transfer can pay such a link (no
        provider takes it), else None."""
        if self._payment_ways(company, partner, amount, currency, move) != {"transfer"}:
            return None
        return self.env._(
            "No payment provider takes %(amount)s: the customer can only pay "
            "this link by bank transfer to your IBAN (the pay page shows the "
            "transfer details). Tick “Send it for a transfer only” to send it "
            "anyway.",
            amount=format_amount(self.env, amount, currency),
        )

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
