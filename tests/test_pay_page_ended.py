from datetime import datetime

from odoo.tests import tagged

from .test_pay_page import PayPageCase

PARIS = {"Cookie": "tz=Europe/Paris"}


@tagged("post_install", "-at_install")
class TestPayPageEnded(PayPageCase):
    """A finished link (paid, expired, cancelled, replaced) says what
    happened in place of an amount to pay, with no Pay button; a withdrawn
    link (cancelled or replaced) no longer serves its invoice."""

    def assertFinished(self, response, outcome):
        self.assertNotIn("Amount to pay", self.text(response))
        self.assertEqual(self.text(response, "o_pay_link_outcome"), outcome)
        self.assertFalse(self.methods_form(response))
        self.assertFalse(self.text(response, "o_pay_link_pay"))

    def assertInvoiceServed(self, link, served):
        response = self.url_open(link._pay_page_path("invoice.pdf"))
        self.assertEqual(response.status_code, 200 if served else 404)
        link_to_it = f'href="{link._pay_page_path("invoice.pdf")}"'
        self.assertEqual(link_to_it in self.open_page(link).text, served)

    def test_paid_link_says_when_it_was_paid(self):
        link = self.make_link()
        tx = self.make_transaction(link)
        tx._set_done()
        tx.last_state_change = datetime(2025, 3, 14, 12, 0)
        response = self.open_page(link, headers=PARIS)
        self.assertFinished(response, "Paid on March 14, 2025 at 1:00 PM")
        self.assertEqual(self.text(response, "o_pay_link_paid_badge"), "Paid")
        self.assertInvoiceServed(link, True)

    def test_expired_link_says_when_it_expired(self):
        self.company.pay_link_customer_renew = False
        link = self.make_link()
        self.set_expiry(link, datetime(2025, 3, 14, 12, 0))
        response = self.open_page(link, headers=PARIS)
        self.assertEqual(link.state, "expired")
        self.assertFinished(response, "This link expired on March 14, 2025 at 1:00 PM")
        self.assertIn("Amount requested", self.text(response, "o_pay_link_summary"))
        self.assertInvoiceServed(link, True)

    def test_expired_link_offering_a_new_one_shows_no_pay_button(self):
        link = self.make_link()
        self.set_expiry(link, datetime(2025, 3, 14, 12, 0))
        response = self.open_page(link, headers=PARIS)
        self.assertFinished(response, "This link expired on March 14, 2025 at 1:00 PM")
        self.assertIn("get a new one", self.text(response, "o_pay_link_renew"))

    def test_cancelled_link_is_closed_and_no_longer_serves_the_invoice(self):
        link = self.make_link()
        link.action_cancel()
        self.assertFinished(self.open_page(link), "This link is closed")
        self.assertInvoiceServed(link, False)

    def test_an_invoice_cancelled_closes_the_link_and_its_invoice(self):
        link = self.make_link()
        self.invoice.button_cancel()
        response = self.open_page(link)
        self.assertFinished(response, "This link is closed")
        self.assertIn("withdrawn", self.text(response, "o_pay_link_invoice_settled"))
        self.assertInvoiceServed(link, False)

    def test_replaced_link_says_so_and_no_longer_serves_the_invoice(self):
        old = self.make_link()
        new = self.make_link()
        # The page of a replaced link leads to the new one while it is live.
        self.assertTrue(self.open_page(old).url.endswith(new._pay_page_path()))
        self.assertEqual(
            self.url_open(old._pay_page_path("invoice.pdf")).status_code, 404
        )
        self.assertInvoiceServed(new, True)
        new.action_cancel()
        self.assertFinished(self.open_page(old), "This link was replaced by a new one")
        self.assertInvoiceServed(old, False)
