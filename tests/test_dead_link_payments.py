from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_providers import PayLinkProvidersCommon


@tagged("post_install", "-at_install")
class TestDeadLinkPayments(PayLinkProvidersCommon):
    """A link replaced or ended while its customer is at the provider: the
    session is closed, or the replacement refused while money is on its way;
    money that still arrives is recorded and flagged for a refund."""

    def payment(self, tx):
        return self.payplug_emulator.payments[tx.provider_reference]

    def test_pay_now_closes_the_open_card_session_of_the_old_link(self):
        old, tx = self.pay_with(self.payplug)
        old.move_id.action_pay_link_counter()
        self.assertEqual(self.payment(tx)["failure"]["code"], "aborted")
        self.assertEqual(tx.state, "cancel")
        self.assertEqual(old.state, "cancelled")
        self.assertEqual(old.cancel_reason, "superseded")

    def test_a_new_link_is_refused_while_the_old_one_is_being_paid(self):
        old, tx = self.pay_with(self.payplug)
        self.payplug_emulator.approve(tx.provider_reference)
        with self.assertRaisesRegex(UserError, "already made at Payplug"):
            old.move_id.action_pay_link_counter()
        self.assertEqual(old.state, "in_progress")
        self.assertEqual(old.move_id.pay_link_ids, old)

    def test_money_arriving_after_the_invoice_was_paid_is_recorded_and_flagged(self):
        link, tx = self.pay_with(self.payplug)
        invoice = link.move_id
        # The customer pays at Payplug while the accountant registers a
        # transfer for the same invoice.
        self.payplug_emulator.approve(tx.provider_reference)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertEqual(link.state, "cancelled")
        self.assertEqual(self.payplug_webhook(tx).status_code, 200)
        self.assertEqual(tx.state, "done")
        self.assertEqual(link.state, "paid", "money received is never ignored")
        activity = invoice.activity_ids
        self.assertEqual(activity.summary, "Duplicate payment to refund")
        self.assertIn(tx.reference, activity.note)
        self.assertIn(f'data-oe-id="{tx.id}"', activity.note)

    def test_cancelling_the_invoice_is_refused_while_money_is_on_its_way(self):
        link, tx = self.pay_with(self.payplug)
        self.payplug_emulator.approve(tx.provider_reference)
        with self.assertRaisesRegex(UserError, "already made at Payplug"):
            link.move_id.button_cancel()
        self.assertEqual(link.move_id.state, "posted")
