from odoo.fields import Command
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from ..hooks import post_init_hook


@tagged("post_install", "-at_install")
class TestInstallDefaults(TransactionCase):
    """Every company gets the documented pay-link settings, whether it existed
    before the addon was installed (the main company of the test database) or
    was created afterwards, and sends its first link with no setting touched."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eur = cls.env.ref("base.EUR")
        # The main company of Odoo's demo database works in dollars: billing
        # in euros starts by activating the currency.
        cls.eur.active = True
        cls.main_company = cls.env.ref("base.main_company")
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Boulangerie Martin",
                "email": "compta@boulangerie.example",
                "country_id": cls.env.ref("base.fr").id,
            }
        )

    def assertDocumentedDefaults(self, company):
        self.assertRecordValues(
            company,
            [
                {
                    "pay_link_enabled": True,
                    "pay_link_validity_days": 7,
                    "pay_link_currency_ids": self.eur.ids,
                    "pay_link_min_amount": 1.0,
                    "pay_link_max_amount": 20000.0,
                    "pay_link_email_template_id": self.env.ref(
                        "pay_by_link.mail_template_pay_link"
                    ).id,
                    "pay_link_reminder_days": "7,15,30",
                    "pay_link_reminder_email_template_id": self.env.ref(
                        "pay_by_link.mail_template_pay_link_reminder"
                    ).id,
                    "pay_link_reminder_sms_template_id": self.env.ref(
                        "pay_by_link.sms_template_pay_link_reminder"
                    ).id,
                    "pay_link_on_pdf": True,
                }
            ],
        )

    def new_french_company(self):
        """A company created in the settings, its chart of accounts loaded as
        the accounting settings do, and its way to be paid online set up as
        README.rst says (the demo provider duplicated for it): a company
        nobody can pay online gets no link (see test_payment_ways.py)."""
        company = self.env["res.company"].create(
            {
                "name": "Menuiserie Durand",
                "country_id": self.env.ref("base.fr").id,
                "currency_id": self.eur.id,
            }
        )
        self.env["account.chart.template"].try_loading(
            "generic_coa", company, install_demo=False
        )
        provider = self.env.ref("payment.payment_provider_demo").copy(
            {"company_id": company.id}
        )
        provider.write({"state": "test", "is_published": True})
        return company

    def posted_eur_invoice(self, company):
        """An EUR invoice posted by an accountant of ``company``."""
        accountant = new_test_user(
            self.env,
            login=f"accountant_{company.id}",
            groups="account.group_account_invoice",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        invoice = self.env(user=accountant)["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "currency_id": self.eur.id,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Pose d'une vitrine", "quantity": 1, "price_unit": 240}
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    def send_through_the_form(self, invoice):
        """Send payment link, then Send, as from the invoice's button."""
        action = invoice.action_send_pay_link()
        form = Form(invoice.env[action["res_model"]].with_context(**action["context"]))
        form.save().action_send()
        return invoice.pay_link_ids

    def test_company_existing_before_the_install_has_the_defaults(self):
        self.assertDocumentedDefaults(self.main_company)

    def test_company_existing_before_the_install_sends_a_link(self):
        invoice = self.posted_eur_invoice(self.main_company)
        self.assertEqual(invoice._pay_link_eligibility_errors(channel="email"), [])
        link = self.send_through_the_form(invoice)
        self.assertEqual(link.state, "sent")
        self.assertEqual(link.currency_id, self.eur)

    def test_company_created_after_the_install_sends_a_link(self):
        company = self.new_french_company()
        self.assertDocumentedDefaults(company)
        invoice = self.posted_eur_invoice(company)
        self.assertEqual(invoice._pay_link_eligibility_errors(channel="email"), [])
        link = self.send_through_the_form(invoice)
        self.assertEqual(link.state, "sent")
        self.assertEqual(link.company_id, company)

    def test_install_fills_what_is_empty_and_keeps_choices(self):
        """A company as the install finds it: relational settings empty (they
        have no column default), except one the admin already chose."""
        company = self.new_french_company()
        usd = self.env.ref("base.USD")
        company.write(
            {
                "pay_link_currency_ids": [Command.set(usd.ids)],
                "pay_link_email_template_id": False,
                "pay_link_reminder_email_template_id": False,
                "pay_link_reminder_sms_template_id": False,
            }
        )
        post_init_hook(self.env)
        self.assertEqual(company.pay_link_currency_ids, usd)
        self.assertEqual(
            company.pay_link_email_template_id,
            self.env.ref("pay_by_link.mail_template_pay_link"),
        )
        self.assertEqual(
            company.pay_link_reminder_email_template_id,
            self.env.ref("pay_by_link.mail_template_pay_link_reminder"),
        )
        self.assertEqual(
            company.pay_link_reminder_sms_template_id,
            self.env.ref("pay_by_link.sms_template_pay_link_reminder"),
        )
