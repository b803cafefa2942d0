import json

from odoo import fields
from odoo.fields import Command

from odoo.addons.account_payment.tests.common import AccountPaymentCommon


class PayLinkCommon(AccountPaymentCommon):
    """An invoicing company created after the install, its pay-link settings
    untouched; the demo payment provider, a customer with an email and a
    phone, and a posted invoice in euros."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.company.country_id = cls.env.ref("base.fr")
        # The company keeps the currency of Odoo's test chart; its customers
        # are billed in euros, the default currency payable by link.
        cls.eur = cls.env.ref("base.EUR")
        if cls.company.currency_id != cls.eur:
            cls.setup_other_currency("EUR")
        cls.demo_provider = cls._prepare_provider(
            "demo", company=cls.company, update_values={"is_published": True}
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Boulangerie Martin",
                "is_company": True,
                "email": "compta@boulangerie.example",
                "mobile": "06 12 34 56 78",
                "country_id": cls.env.ref("base.fr").id,
                "vat": "FR40303265045",
            }
        )
        cls.invoice = cls.make_invoice(240.0)

    @classmethod
    def accept_eur(cls):
        """Take links in euros, as an admin would in the settings of a test
        company whose currency is another one."""
        eur = cls.env.ref("base.EUR")
        eur.active = True
        cls.company.pay_link_currency_ids |= eur

    @classmethod
    def make_invoice(cls, amount, partner=None, post=True):
        """An invoice in euros."""
        return cls.init_invoice(
            "out_invoice",
            partner=partner or cls.customer,
            amounts=[amount],
            post=post,
            currency=cls.eur,
        )

    @classmethod
    def make_installment_invoice(cls, amount):
        """An invoice of ``amount`` dated today, due half now and half in 30
        days (two installments)."""
        term = cls.env["account.payment.term"].create(
            {
                "name": "Half now, half later",
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 50, "nb_days": 0}
                    ),
                    Command.create(
                        {"value": "percent", "value_amount": 50, "nb_days": 30}
                    ),
                ],
            }
        )
        invoice = cls.make_invoice(amount, post=False)
        invoice.write(
            {"invoice_payment_term_id": term.id, "invoice_date": fields.Date.today()}
        )
        invoice.action_post()
        return invoice

    @classmethod
    def make_link(cls, invoice=None, sent=True, channel="link", **values):
        invoice = invoice or cls.invoice
        link = invoice._pay_link_create(channel=channel, **values)
        if sent:
            link._mark_sent()
        return link

    def start_payment(self, link, provider=None, flow="direct", **params):
        """Call the pay page's JSON-RPC transaction route as the payment form
        does (HttpCase only); return the decoded answer (``result`` or
        ``error``)."""
        provider = provider or self.demo_provider
        params = {
            "provider_id": provider.id,
            "payment_method_id": provider.payment_method_ids[:1].id,
            "token_id": None,
            "amount": link.amount,
            "flow": flow,
            "tokenization_requested": False,
            "landing_route": link._pay_page_path(),
            "is_validation": False,
            "access_token": link.token,
            **params,
        }
        response = self.url_open(
            f"{link._pay_page_path()}/transaction",
            data=json.dumps(
                {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
            ),
            headers={"Content-Type": "application/json"},
        )
        self.env.invalidate_all()
        self.assertEqual(response.status_code, 200)
        return response.json()

    def make_transaction(self, link):
        """A payment attempt through the link with the demo provider."""
        return link._start_attempt(self.demo_provider)

    def set_expiry(self, link, moment):
        """Move the link's expiry to ``moment``, as the passing of time would
        (the expiry is no field a user may write)."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE pay_link SET expiry_date = %s WHERE id = %s", [moment, link.id]
        )
        link.invalidate_recordset(["expiry_date"])
