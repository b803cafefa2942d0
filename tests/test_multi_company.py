from lxml import html

from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from .common_providers import PayLinkProvidersCommon

KEY_B = "sk_test_company_b"
CREDENTIALS = {
    "fintecture": (
        "fintecture_app_id",
        "fintecture_app_secret",
        "fintecture_private_key",
    ),
    "payplug": ("payplug_secret_key",),
}


@tagged("post_install", "-at_install")
class TestMultiCompany(PayLinkProvidersCommon):
    """A second company sets up Fintecture and Payplug the way Odoo documents
    it for every provider: open the provider, Duplicate, set the Company, enter
    that company's own credentials."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company(
            name="Menuiserie Durand", currency_id=cls.eur.id
        )["company"]
        cls.company_b.country_id = cls.env.ref("base.fr")
        # Company B's own Payplug account.
        cls.payplug_b_emulator = type(cls.payplug_emulator)(KEY_B).start()
        cls.addClassCleanup(cls.payplug_b_emulator.stop)
        cls.admin = new_test_user(
            cls.env,
            login="group_admin",
            groups="base.group_system,base.group_multi_company,"
            "account.group_account_manager",
            company_id=cls.company.id,
            company_ids=[Command.set((cls.company + cls.company_b).ids)],
        )

    def duplicate_for_company_b(self, provider, **settings):
        """Provider form → Duplicate; on the copy: Company, the company's own
        credentials and settings, Test mode, Published."""
        duplicate = provider.with_user(self.admin).copy()
        for name in CREDENTIALS[provider.code]:
            self.assertFalse(duplicate[name], "credentials stay with their company")
        with Form(duplicate) as form:
            form.company_id = self.company_b
            for name, value in settings.items():
                setattr(form, name, value)
            form.state = "test"
        duplicate.action_toggle_is_published()
        return duplicate

    def offered_providers(self, link):
        page = self.url_open(link._pay_page_path())
        self.assertEqual(page.status_code, 200)
        # The page's plain form: one radio "<provider id>:<method id>" a way.
        options = html.fromstring(page.content).xpath(
            '//form[@id="o_pay_link_methods"]//input[@name="option"]/@value'
        )
        return {int(option.split(":")[0]) for option in options}

    def test_second_company_pays_with_its_own_payplug(self):
        payplug_b = self.duplicate_for_company_b(
            self.payplug,
            payplug_secret_key=KEY_B,
            payplug_api_url=self.payplug_b_emulator.base_url,
        )
        self.assertEqual(payplug_b.company_id, self.company_b)
        self.assertEqual(self.payplug.company_id, self.company)
        invoice = self.init_invoice(
            "out_invoice",
            partner=self.customer,
            amounts=[240.0],
            post=True,
            company=self.company_b,
            currency=self.eur,
        )
        link = self.make_link(invoice=invoice)
        self.assertEqual(self.offered_providers(link), {payplug_b.id})

        answer = self.start_payment(link, self.payplug, flow="redirect")
        self.assertIn("not offered", answer["error"]["data"]["message"])
        self.assertFalse(link.transaction_ids)

        answer = self.start_payment(link, payplug_b, flow="redirect")
        self.assertIn("result", answer, answer.get("error"))
        tx = link.transaction_ids
        self.assertIn(tx.provider_reference, self.payplug_b_emulator.payments)
        self.assertNotIn(tx.provider_reference, self.payplug_emulator.payments)
        self.payplug_b_emulator.approve(tx.provider_reference)
        self.env.flush_all()
        response = self.payplug_b_emulator.send_webhook(
            tx.provider_reference, url=self.webhook_url("payplug")
        )
        self.env.invalidate_all()
        self.assertEqual(response.status_code, 200)
        self.assertPaid(link, tx)
        self.assertEqual(tx.payment_id.company_id, self.company_b)

    def test_second_company_requests_payment_with_its_own_fintecture(self):
        fintecture_b = self.duplicate_for_company_b(
            self.fintecture,
            fintecture_app_id="company-b-app",
            fintecture_app_secret="company-b-secret",
            fintecture_private_key_input=self.private_pem,
        )
        providers = self.env["payment.provider"]
        self.assertEqual(
            providers._pay_link_request_to_pay_provider(self.company_b), fintecture_b
        )
        self.assertEqual(
            providers._pay_link_request_to_pay_provider(self.company), self.fintecture
        )
