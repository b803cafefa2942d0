from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import PayLinkCommon


@tagged("post_install", "-at_install")
class TestTransactionRoute(PayLinkCommon, HttpCase):
    """`POST /pay/<token>/transaction` decides everything from the link: the
    browser picks a provider and a method among those the page offers."""

    def test_a_validation_flag_from_the_browser_is_ignored(self):
        link = self.make_link()
        answer = self.start_payment(link, is_validation=True, amount=0.0)
        self.assertIn("result", answer, answer.get("error"))
        tx = link.transaction_ids
        self.assertEqual(tx.operation, "online_direct")
        self.assertEqual(tx.amount, link.amount)
        self.assertFalse(tx.tokenize)

    def test_a_provider_the_page_does_not_offer_is_refused(self):
        other = self.demo_provider.copy({"name": "Excluded", "state": "test"})
        self.company.pay_link_provider_ids = self.demo_provider
        link = self.make_link()
        answer = self.start_payment(link, provider=other)
        self.assertIn("not offered", answer["error"]["data"]["message"])
        self.assertFalse(link.transaction_ids)
        self.assertEqual(link.state, "sent")

    def test_a_token_flow_is_refused(self):
        link = self.make_link()
        answer = self.start_payment(link, flow="token")
        self.assertIn("not offered", answer["error"]["data"]["message"])
        self.assertFalse(link.transaction_ids)

    def test_an_error_answers_a_message_without_traceback(self):
        link = self.make_link()
        link.action_cancel()
        answer = self.start_payment(link)
        error = answer["error"]["data"]
        self.assertIn("no longer valid", error["message"])
        self.assertNotIn("Traceback", str(error.get("debug", "")))

    def test_a_smaller_payment_never_makes_a_link_paid(self):
        link = self.make_link()
        partial = self.env["payment.transaction"].create(
            {
                "provider_id": self.demo_provider.id,
                "payment_method_id": self.demo_provider.payment_method_ids[:1].id,
                "reference": "PARTIAL-1",
                "amount": link.amount - 40.0,
                "currency_id": link.currency_id.id,
                "partner_id": link.partner_id.id,
                "operation": "online_direct",
                "pay_link_id": link.id,
            }
        )
        partial._set_done()
        self.assertEqual(link.state, "sent")
        self.assertIn("Partial payment", link.message_ids[0].body)
        self.assertFalse(link.paid_date)

    def test_a_validation_transaction_never_makes_a_link_paid(self):
        link = self.make_link()
        validation = self.env["payment.transaction"].create(
            {
                "provider_id": self.demo_provider.id,
                "payment_method_id": self.demo_provider.payment_method_ids[:1].id,
                "reference": "VALIDATION-1",
                "amount": link.amount,
                "currency_id": link.currency_id.id,
                "partner_id": link.partner_id.id,
                "operation": "validation",
                "pay_link_id": link.id,
                "last_state_change": fields.Datetime.now(),
            }
        )
        validation._set_done()
        self.assertEqual(link.state, "sent")
