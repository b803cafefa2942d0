import json

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, tagged

from .common import PayLinkCommon


@tagged("post_install", "-at_install")
class TestForgedRequests(PayLinkCommon, HttpCase):
    """What an insider's RPC calls or a customer's forged requests cannot do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = cls.env["res.users"].create(
            {
                "name": "Invoicing clerk",
                "login": "clerk",
                "company_id": cls.company.id,
                "company_ids": [fields.Command.set(cls.company.ids)],
                "groups_id": [
                    fields.Command.set(
                        [cls.env.ref("account.group_account_invoice").id]
                    )
                ],
            }
        )

    def test_a_link_serves_no_file_but_its_own(self):
        secret = self.env["ir.attachment"].create(
            {"name": "payroll.pdf", "raw": b"%PDF-1.4 secret", "res_model": "res.users"}
        )
        link = self.make_link().with_user(self.clerk)
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            link.write({"source_attachment_id": secret.id})
        for name, value in (
            ("recipient_email", "thief@example.com"),
            ("partner_id", self.env.user.partner_id.id),
            ("reference", "OTHER"),
        ):
            with self.assertRaisesRegex(UserError, "change only through its buttons"):
                link.write({name: value})

    def test_the_send_form_takes_no_file_but_the_readers_upload(self):
        secret = self.env["ir.attachment"].create(
            {"name": "payroll.pdf", "raw": b"%PDF-1.4 secret", "res_model": "res.users"}
        )
        action = self.env["pay.link.send"]._open_with_values(
            {
                "source_attachment_id": secret.id,
                "partner_id": self.customer.id,
                "currency_id": self.invoice.currency_id.id,
                "amount": 50.0,
                "reference": "X-1",
                "recipient_email": self.customer.email,
            }
        )
        wizard = self.env["pay.link.send"].with_context(**action["context"]).create({})
        with self.assertRaisesRegex(UserError, "Payment link from a PDF"):
            wizard.action_send()
        self.assertFalse(
            self.env["pay.link"].search([("reference", "=", "X-1")]), "nothing made"
        )

    def test_a_token_made_up_by_the_browser_makes_no_link(self):
        action = self.invoice.action_send_pay_link()
        form = Form(self.env["pay.link.send"].with_context(**action["context"]))
        wizard = form.save()
        wizard.token = "A" * 32
        with self.assertRaisesRegex(UserError, "out of date"):
            wizard.action_send()
        self.assertFalse(self.invoice.pay_link_ids)

    def test_an_email_address_with_a_header_in_it_is_refused(self):
        action = self.invoice.action_send_pay_link()
        form = Form(self.env["pay.link.send"].with_context(**action["context"]))
        form.recipient_email = "a@b.example\r\nBcc: all@example.com"
        with self.assertRaisesRegex(UserError, "not a valid email address"):
            form.save().action_send()

    def test_the_card_form_gives_no_token_odoos_own_routes_accept(self):
        link = self.make_link()
        method = self.demo_provider.payment_method_ids[:1]
        page = self.url_open(
            f"{link._pay_page_path()}?provider={self.demo_provider.id}&method={method.id}"
        )
        self.assertIn(f'data-access-token="{link.token}"', page.text)
        answer = self.url_open(
            "/payment/transaction",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "provider_id": self.demo_provider.id,
                        "payment_method_id": method.id,
                        "token_id": None,
                        "amount": None,
                        "currency_id": None,
                        "partner_id": link.partner_id.id,
                        "flow": "direct",
                        "tokenization_requested": True,
                        "landing_route": "https://evil.example/",
                        "is_validation": True,
                        "access_token": link.token,
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        ).json()
        self.assertIn("access token is invalid", answer["error"]["data"]["message"])

    def test_malformed_rpc_and_query_arguments_answer_cleanly(self):
        link = self.make_link()
        response = self.url_open(
            link._pay_page_path("transaction"),
            data=json.dumps({"jsonrpc": "2.0", "id": 1, "params": ["x"]}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 400)
        self.authenticate(None, None)
        page = self.url_open("/payment/pay?pay_link=1&amount=10")
        self.assertNotEqual(page.status_code, 500)
