from odoo.tests import tagged

from .common_providers import PayLinkProvidersCommon


@tagged("post_install", "-at_install")
class TestLateMoney(PayLinkProvidersCommon):
    """Money the provider reports after Odoo closed the attempt, or other than
    asked, is never ignored: it is recorded, and the accountant is asked to
    act where it does not fit."""

    def pay_another_way(self, link):
        """The page's "Pay another way" button."""
        self.opener.post(self.base_url() + link._pay_page_path("abandon"))
        self.env.invalidate_all()

    def activities(self, link):
        return link.move_id.activity_ids.mapped("summary")

    def test_a_card_form_paid_after_the_customer_chose_another_way_is_recorded(self):
        link = self.make_link(invoice=self.make_invoice(120.0))
        answer = self.start_payment(link)  # the demo provider's card form
        self.assertIn("result", answer, answer.get("error"))
        tx = link.transaction_ids
        self.pay_another_way(link)
        self.assertEqual(tx.state, "cancel")
        self.assertEqual(link.state, "interrupted")
        tx._set_done()  # the card form, still open in a tab, is paid after all
        self.assertEqual(tx.state, "done")
        self.assertEqual(link.state, "paid")
        self.assertIn(link.move_id.payment_state, ("paid", "in_payment"))

    def test_paid_twice_from_two_tabs_is_flagged(self):
        link = self.make_link(invoice=self.make_invoice(120.0))
        self.start_payment(link)
        first = link.transaction_ids
        self.pay_another_way(link)
        second = self.make_transaction(link)
        second._set_done()
        first._set_done()
        self.assertEqual(first.state, "done")
        self.assertIn("Duplicate payment to refund", self.activities(link))

    def test_a_bank_payment_after_the_link_was_cancelled_is_recorded(self):
        link, tx = self.pay_with(self.fintecture)
        link.action_cancel()
        self.assertEqual(tx.state, "cancel")
        self.fintecture_emulator.approve(tx.provider_reference)
        self.assertEqual(self.fintecture_webhook(tx).status_code, 200)
        self.assertEqual(tx.state, "done")
        self.assertEqual(link.state, "paid")

    def test_a_partial_transfer_ends_the_link_and_asks_the_accountant(self):
        link, tx = self.pay_with(self.fintecture, self.make_invoice(100.0))
        self.fintecture_emulator.receive(tx.provider_reference, "40.00")
        self.assertEqual(self.fintecture_webhook(tx).status_code, 200)
        self.assertEqual(link.state, "cancelled")
        self.assertEqual(link.cancel_reason, "partial_payment")
        self.assertIn("Partial payment to record", self.activities(link))
        answer = self.start_payment(link, self.payplug, flow="redirect")
        self.assertIn(
            "Part of your payment arrived", answer["error"]["data"]["message"]
        )
        page = self.url_open(link._pay_page_path())
        self.assertIn("do not pay the whole amount again", page.text)

    def test_an_overpaid_transfer_asks_for_a_refund_of_the_difference(self):
        link, tx = self.pay_with(self.fintecture, self.make_invoice(100.0))
        self.fintecture_emulator.receive(tx.provider_reference, "150.00")
        self.assertEqual(self.fintecture_webhook(tx).status_code, 200)
        self.assertEqual(link.state, "paid")
        self.assertIn("Overpayment to refund", self.activities(link))

    def test_a_transfer_the_bank_rejects_after_accepting_it_is_flagged(self):
        link, tx = self.pay_with(self.fintecture)
        self.fintecture_emulator.approve(tx.provider_reference)
        self.fintecture_webhook(tx)
        self.assertEqual(link.state, "paid")
        self.fintecture_emulator.refuse(tx.provider_reference)
        self.assertEqual(self.fintecture_webhook(tx).status_code, 200)
        self.assertIn("Payment reversed by the bank", self.activities(link))
        self.assertIn("now reports the payment", link.message_ids[0].body)
        self.fintecture_webhook(tx)
        self.assertEqual(
            self.activities(link).count("Payment reversed by the bank"), 1, "once"
        )
