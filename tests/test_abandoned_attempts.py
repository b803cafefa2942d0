from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common_providers import PayLinkProvidersCommon


@tagged("post_install", "-at_install")
class TestAbandonedAttempts(PayLinkProvidersCommon):
    """An attempt the customer left unfinished at the provider never locks the
    link for good, even once the pending-payments check has seen it."""

    def check_pending_payments(self, tx):
        self.age_transaction(tx)
        self.env["payment.transaction"]._cron_pay_link_poll_providers()

    def test_an_unfinished_card_payment_is_released_after_half_an_hour(self):
        link, tx = self.pay_with(self.payplug)
        self.check_pending_payments(tx)
        self.assertEqual(tx.state, "draft", "not finished is not pending")
        self.age_transaction(tx, minutes=40)
        answer = self.start_payment(link, self.payplug, flow="redirect")
        self.assertIn("result", answer, answer.get("error"))
        self.assertEqual(tx.state, "cancel")
        self.assertEqual(
            self.payplug_emulator.payments[tx.provider_reference]["failure"]["code"],
            "aborted",
        )
        self.assertEqual(len(link.transaction_ids), 2)

    def test_an_unfinished_bank_payment_is_released_after_half_an_hour(self):
        link, tx = self.pay_with(self.fintecture)
        self.check_pending_payments(tx)
        self.assertEqual(tx.state, "draft")
        self.age_transaction(tx, minutes=40)
        answer = self.start_payment(link, self.payplug, flow="redirect")
        self.assertIn("result", answer, answer.get("error"))
        self.assertEqual(tx.state, "cancel")

    def test_an_unfinished_payment_does_not_stop_the_expiry(self):
        link, tx = self.pay_with(self.payplug)
        self.check_pending_payments(tx)
        with freeze_time(link.expiry_date + timedelta(hours=1)):
            self.env["pay.link"]._cron_expire_links()
        self.assertEqual(link.state, "expired")
        self.assertEqual(tx.state, "cancel")

    def test_a_session_the_provider_no_longer_knows_locks_nothing(self):
        """Sandbox sessions once production credentials are set, or an
        emulator restarted: the provider answers "unknown session"."""
        link, tx = self.pay_with(self.fintecture)
        self.fintecture_emulator.sessions.pop(tx.provider_reference)
        self.check_pending_payments(tx)
        self.assertEqual(tx.state, "cancel")
        self.assertEqual(link.state, "interrupted")
        other, tx = self.pay_with(self.fintecture)
        self.fintecture_emulator.sessions.pop(tx.provider_reference)
        other.action_cancel()
        self.assertEqual(other.state, "cancelled")
        self.assertIn("does not know this payment", tx.state_message)

    def test_a_payment_the_bank_is_processing_keeps_the_lock(self):
        link, tx = self.pay_with(self.fintecture)
        self.fintecture_emulator.leave_pending(tx.provider_reference)
        self.check_pending_payments(tx)
        self.assertEqual(tx.state, "pending")
        self.age_transaction(tx, minutes=40)
        answer = self.start_payment(link, self.payplug, flow="redirect")
        self.assertIn("already in progress", answer["error"]["data"]["message"])
        self.set_expiry(link, fields.Datetime.now() - timedelta(minutes=1))
        self.env["pay.link"]._cron_expire_links()
        self.assertEqual(link.state, "in_progress")
