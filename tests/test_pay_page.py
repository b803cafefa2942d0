from datetime import datetime, timedelta
from io import BytesIO

from lxml import html
from PIL import Image

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import format_date, mute_logger

from .common import PayLinkCommon


def squash(text):
    """Text with every run of white space, non-breaking ones too, as one space."""
    return " ".join(text.split())


@tagged("post_install", "-at_install")
class TestPayPage(PayLinkCommon, HttpCase):
    # --- helpers -------------------------------------------------------------

    def open_page(self, link, headers=None):
        response = self.url_open(link._pay_page_path(), headers=headers)
        self.env.invalidate_all()
        self.assertEqual(response.status_code, 200)
        return response

    def text(self, response, css_class=None):
        """The visible text of the page, or of the elements with ``css_class``."""
        root = html.fromstring(response.content)
        if not css_class:
            return squash(root.body.text_content())
        xpath = f'//*[contains(concat(" ", @class, " "), " {css_class} ")]'
        return " ".join(squash(node.text_content()) for node in root.xpath(xpath))

    def payment_form(self, response):
        return html.fromstring(response.content).xpath('//form[@id="o_payment_form"]')

    # --- pay page, by state ----------------------------------------------------

    def test_unknown_token_is_a_plain_404(self):
        self.make_link()
        response = self.url_open("/pay/not-a-real-token-0123456789abcdef")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("o_pay_link", response.text)
        for secret in (self.company.name, self.invoice.name, self.customer.name):
            self.assertNotIn(secret, response.text)

    def test_sent_link_shows_invoice_and_payment_form(self):
        link = self.make_link()
        response = self.open_page(link)
        text, invoice = self.text(response), self.invoice
        self.assertIn(self.company.name, text)
        self.assertEqual(self.text(response, "o_pay_link_reference"), invoice.name)
        self.assertEqual(
            self.text(response, "o_pay_link_amount"), squash(link._amount_label())
        )
        self.assertIn(f"Issued {format_date(self.env, invoice.invoice_date)}", text)
        self.assertIn(f"Due {format_date(self.env, invoice.invoice_date_due)}", text)
        root, path = html.fromstring(response.content), link._pay_page_path()
        self.assertTrue(root.xpath(f'//a[@href="{path}/invoice.pdf"]'))
        self.assertTrue(root.xpath(f'//img[@src="{path}/qr.png"]'))
        self.assertTrue(root.xpath('//a[@href="/pay/help"]'))
        [form] = self.payment_form(response)
        self.assertEqual(form.get("data-transaction-route"), f"{path}/transaction")
        self.assertEqual(form.get("data-landing-route"), path)
        radio = './/input[@name="o_payment_radio"][@data-provider-id="%s"]'
        self.assertEqual(len(form.xpath(radio % self.demo_provider.id)), 1)

    def test_draft_link_is_not_reachable(self):
        link = self.make_link(sent=False)
        self.assertEqual(self.url_open(link._pay_page_path()).status_code, 404)

    def test_first_visit_marks_opened_once(self):
        link = self.make_link()
        self.open_page(link)
        self.assertEqual(link.state, "opened")
        self.assertTrue(link.opened_date)
        self.open_page(link)
        self.assertEqual(link.state, "opened")
        opened_logs = link.message_ids.filtered(
            lambda message: "opened by the customer" in (message.body or "")
        )
        self.assertEqual(len(opened_logs), 1)

    def test_expired_link_says_so_and_offers_no_payment(self):
        link = self.make_link()
        self.set_expiry(link, fields.Datetime.now() - timedelta(minutes=1))
        response = self.open_page(link)
        self.assertIn("has expired", self.text(response, "o_pay_link_expired"))
        self.assertIn(f"contact {self.company.name}", self.text(response))
        self.assertFalse(self.payment_form(response))
        self.assertEqual(link.state, "expired")

    def test_cancelled_link_says_so(self):
        link = self.make_link()
        link.action_cancel()
        response = self.open_page(link)
        self.assertIn("no longer valid", self.text(response, "o_pay_link_cancelled"))
        self.assertFalse(self.payment_form(response))

    def test_pending_payment_shows_in_progress(self):
        link = self.make_link()
        self.make_transaction(link)._set_pending()
        response = self.open_page(link)
        self.assertEqual(link.state, "in_progress")
        status = self.text(response, "o_pay_link_in_progress")
        self.assertIn("Payment in progress", status)
        self.assertFalse(self.payment_form(response))

    def test_paid_link_shows_receipt(self):
        link = self.make_link()
        tx = self.make_transaction(link)
        tx.provider_reference = "DEMO-42"
        tx._set_done()
        tx.last_state_change = datetime(2025, 3, 14, 12, 0)
        response = self.open_page(link)
        self.assertEqual(link.state, "paid")
        receipt = self.text(response, "o_pay_link_receipt")
        self.assertIn("this invoice is paid", receipt)
        self.assertIn(squash(link._amount_label()), receipt)
        self.assertIn(format_date(self.env, tx.last_state_change.date()), receipt)
        self.assertIn(f"with {tx.payment_method_id.name}", receipt)
        self.assertIn("DEMO-42", receipt)
        self.assertFalse(self.payment_form(response))

    def test_french_customer_gets_the_page_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["pay_by_link"], ["fr_FR"])
        self.customer.lang = "fr_FR"
        link = self.make_link()
        response = self.open_page(link, headers={"Accept-Language": "en-US,en;q=0.9"})
        self.assertIn("Montant à payer", self.text(response))
        french = self.env(context={"lang": "fr_FR"})
        self.assertEqual(
            self.text(response, "o_pay_link_amount"),
            squash(link.with_env(french)._amount_label()),
        )
        due = format_date(french, self.invoice.invoice_date_due)
        self.assertIn(f"Échéance le {due}", self.text(response))
        self.assertTrue(self.payment_form(response))

    # --- side routes -------------------------------------------------------------

    def test_help_page(self):
        response = self.url_open("/pay/help")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Paying an invoice by link", self.text(response))

    def test_qr_code_is_a_cacheable_png(self):
        link = self.make_link()
        response = self.url_open(f"{link._pay_page_path()}/qr.png")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "image/png")
        self.assertIn("public", response.headers["Cache-Control"])
        self.assertEqual(Image.open(BytesIO(response.content)).format, "PNG")

    def test_invoice_download(self):
        link = self.make_link()
        response = self.url_open(f"{link._pay_page_path()}/invoice.pdf")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertTrue(response.content)

    # --- transaction route ---------------------------------------------------------

    def test_transaction_uses_the_link_amount(self):
        link = self.make_link()
        answer = self.start_payment(link, amount=1.0, landing_route="/elsewhere")
        tx = self.env["payment.transaction"].search(
            [("reference", "=", answer["result"]["reference"])]
        )
        self.assertEqual(tx.amount, link.amount)
        self.assertEqual(tx.currency_id, link.currency_id)
        self.assertEqual(tx.partner_id, self.customer)
        self.assertEqual(tx.pay_link_id, link)
        self.assertEqual(tx.invoice_ids, self.invoice)
        self.assertEqual(tx.landing_route, link._pay_page_path())
        self.assertEqual(link.state, "in_progress")

    def test_second_transaction_is_refused(self):
        link = self.make_link()
        self.assertIn("result", self.start_payment(link))
        with mute_logger("odoo.http"):
            answer = self.start_payment(link)
        self.assertIn("already in progress", answer["error"]["data"]["message"])
        self.assertEqual(len(link.transaction_ids), 1)

    def test_expired_link_refuses_a_transaction(self):
        link = self.make_link()
        self.set_expiry(link, fields.Datetime.now() - timedelta(minutes=1))
        with mute_logger("odoo.http"):
            answer = self.start_payment(link)
        self.assertIn("no longer valid", answer["error"]["data"]["message"])
        self.assertFalse(link.transaction_ids)
