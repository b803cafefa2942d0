from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_providers import PayLinkProvidersCommon


@tagged("post_install", "-at_install")
class TestPayplug(PayLinkProvidersCommon):
    def payment(self, tx):
        return self.payplug_emulator.payments[tx.provider_reference]

    def test_pay_page_to_paid_invoice(self):
        link, tx = self.pay_with(self.payplug)
        payment = self.payment(tx)
        self.assertEqual(payment["amount"], 24000)
        self.assertEqual(payment["currency"], "EUR")
        self.assertNotIn("customer", payment)
        billing = payment["billing"]
        self.assertEqual(billing["email"], link.recipient_email)
        self.assertEqual(billing["company_name"], "Boulangerie Martin")
        self.assertEqual(billing["mobile_phone_number"], "+33612345678")
        self.assertEqual((billing["country"], billing["language"]), ("FR", "en"))
        self.assertEqual(payment["shipping"], {**billing, "delivery_type": "BILLING"})
        self.assertEqual(payment["metadata"]["communication"], link.reference)
        self.assertTrue(
            payment["hosted_payment"]["return_url"].endswith(link._pay_page_path())
        )
        self.assertTrue(
            payment["notification_url"].endswith("/pay_by_link/webhook/payplug")
        )
        self.payplug_emulator.approve(tx.provider_reference)
        self.assertEqual(self.payplug_webhook(tx).status_code, 200)
        self.assertPaid(link, tx)

    def test_refused_card_interrupts_the_link(self):
        link, tx = self.pay_with(self.payplug)
        self.payplug_emulator.refuse(tx.provider_reference)
        self.assertEqual(self.payplug_webhook(tx).status_code, 200)
        self.assertEqual(tx.state, "error")
        self.assertIn("The card was declined.", tx.state_message)
        self.assertEqual(link.state, "interrupted")

    def test_provider_down_leaves_nothing_behind(self):
        link = self.make_link(invoice=self.make_invoice(50.0))
        self.payplug_emulator.set_down(mode="error")
        with mute_logger("odoo.http", "odoo.addons.pay_by_link.lib.provider_errors"):
            answer = self.start_payment(link, self.payplug, flow="redirect")
        message = answer["error"]["data"]["message"]
        self.assertTrue(message.startswith("Payplug: "), message)
        self.assertFalse(link.transaction_ids)
        self.assertEqual(link.state, "sent")

    def test_missed_webhook_is_caught_by_the_cron(self):
        link, tx = self.pay_with(self.payplug)
        self.payplug_emulator.approve(tx.provider_reference)
        self.age_transaction(tx)
        self.env["payment.transaction"]._cron_pay_link_poll_providers()
        self.assertPaid(link, tx)

    def test_cancel_link_aborts_the_payment(self):
        link, tx = self.pay_with(self.payplug)
        link.action_cancel()
        self.assertEqual(self.payment(tx)["failure"]["code"], "aborted")
        self.assertEqual(tx.state, "cancel")
        self.assertEqual(link.state, "cancelled")

    def test_cancel_refused_when_already_paid(self):
        link, tx = self.pay_with(self.payplug)
        self.payplug_emulator.approve(tx.provider_reference)
        with self.assertRaisesRegex(UserError, "already made"):
            link.action_cancel()
        self.assertEqual(link.state, "in_progress")

    def test_secret_key_decides_the_mode(self):
        with self.assertRaisesRegex(ValidationError, "sk_test_ or sk_live_"):
            self.payplug.payplug_secret_key = "pk_test_abc"
        with self.assertRaisesRegex(ValidationError, "test mode"):
            self.payplug.payplug_secret_key = "sk_live_abc"
        self.payplug.write({"payplug_secret_key": "sk_live_abc", "state": "enabled"})

    def test_a_landline_is_not_sent_as_a_mobile(self):
        self.customer.write({"mobile": False, "phone": "01 42 68 53 00"})
        _link, tx = self.pay_with(self.payplug)
        self.assertNotIn("mobile_phone_number", self.payment(tx)["billing"])

    def test_back_from_the_card_page_shows_the_payment_at_once(self):
        """No webhook, no cron: the pay page reads the payment on return."""
        link, tx = self.pay_with(self.payplug)
        self.payplug_emulator.approve(tx.provider_reference)
        self.env.flush_all()
        response = self.url_open(link._pay_page_path())
        self.env.invalidate_all()
        self.assertEqual(response.status_code, 200)
        self.assertPaid(link, tx)
