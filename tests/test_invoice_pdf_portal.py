import json

from odoo.tests import HttpCase, tagged

from .common import PayLinkCommon


@tagged("post_install", "-at_install")
class TestInvoicePdfPortal(PayLinkCommon, HttpCase):
    """The invoice sent with a link is Odoo's invoice PDF, made once; while a
    link is live, the portal's pay buttons lead to it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The admin lets customers pay invoices from the portal (Odoo's setting).
        cls.env["ir.config_parameter"].set_param(
            "account_payment.enable_portal_payment", True
        )

    def pdf_attachments(self, link):
        return self.env["ir.attachment"].search(
            [
                ("mimetype", "=", "application/pdf"),
                "|",
                "&",
                ("res_model", "=", "account.move"),
                ("res_id", "=", self.invoice.id),
                "&",
                ("res_model", "=", "pay.link"),
                ("res_id", "=", link.id),
                "|",
                ("res_field", "=", False),
                ("res_field", "!=", False),
            ]
        )

    def test_the_invoice_pdf_is_made_once_and_served_everywhere(self):
        link = self.make_link()
        self.assertFalse(self.invoice.invoice_pdf_report_id)
        downloads = [
            self.url_open(link._pay_page_path("invoice.pdf")) for _ in range(3)
        ]
        self.assertEqual({response.status_code for response in downloads}, {200})
        self.env.invalidate_all()
        pdf = self.invoice.invoice_pdf_report_id
        self.assertEqual(self.pdf_attachments(link), pdf, "three downloads, one file")
        self.assertEqual({response.content for response in downloads}, {pdf.raw})
        self.assertTrue(self.invoice.is_move_sent)

        portal = self.url_open(
            self.invoice.get_portal_url(report_type="pdf", download=True)
        )
        self.assertEqual(portal.content, pdf.raw, "the portal serves it, no pro forma")

        wizard = self.env["pay.link.send"].with_context(
            **self.invoice.action_send_pay_link()["context"]
        )
        wizard.create({"channel": "email"}).action_send()
        mail = self.env["mail.mail"].search([("email_to", "=", self.customer.email)])
        self.assertEqual(mail.attachment_ids.mapped("raw"), [pdf.raw])
        self.assertEqual(self.pdf_attachments(link), pdf, "the PDF is not made again")

    def test_the_portal_pay_button_leads_to_the_live_link(self):
        page = self.url_open(self.invoice.get_portal_url())
        self.assertIn('data-bs-target="#pay_with"', page.text)
        self.assertNotIn("o_pay_link_portal_pay", page.text)

        link = self.make_link(channel="email")
        page = self.url_open(self.invoice.get_portal_url())
        self.assertIn("o_pay_link_portal_pay", page.text)
        self.assertIn(f'href="{link.url}"', page.text)
        self.assertNotIn('data-bs-target="#pay_with"', page.text)
        self.assertNotIn('id="portal_pay"', page.text)

        link.action_cancel()
        page = self.url_open(self.invoice.get_portal_url())
        self.assertIn('data-bs-target="#pay_with"', page.text)

    def test_the_portal_refuses_to_pay_an_invoice_with_a_live_link(self):
        link = self.make_link(channel="email")
        response = self.url_open(
            f"/invoice/transaction/{self.invoice.id}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "access_token": self.invoice._portal_ensure_token(),
                        "provider_id": self.demo_provider.id,
                        "payment_method_id": self.demo_provider.payment_method_ids[
                            :1
                        ].id,
                        "token_id": None,
                        "amount": self.invoice.amount_residual,
                        "flow": "direct",
                        "tokenization_requested": False,
                        "landing_route": self.invoice.get_portal_url(),
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        error = response.json()["error"]["data"]["message"]
        self.assertIn("is to be paid through its payment link", error)
        self.assertIn(link.url, error)
        self.assertFalse(self.invoice.transaction_ids)
