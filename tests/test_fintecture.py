from datetime import datetime, timedelta, timezone

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common_providers import PayLinkProvidersCommon

MAX_EXPIRY_SECONDS = 9999 * 60  # magento plugin Helper/Fintecture.php


@tagged("post_install", "-at_install")
class TestFintecture(PayLinkProvidersCommon):
    def session(self, tx):
        return self.fintecture_emulator.sessions[tx.provider_reference]

    def test_pay_page_to_paid_invoice(self):
        link, tx = self.pay_with(self.fintecture)
        session = self.session(tx)
        self.assertEqual(session["kind"], "connect")
        self.assertEqual(session["attributes"]["amount"], "240.00")
        self.assertEqual(session["attributes"]["communication"], link.reference)
        self.assertEqual(session["meta"]["psu_email"], link.recipient_email)
        self.assertEqual(session["state"], tx.reference)
        self.assertEqual(
            session["redirect_uri"], self.base_url() + "/pay_by_link/return/fintecture"
        )
        meta = session["meta"]
        self.assertEqual(meta["psu_ip"], "127.0.0.1")
        self.assertEqual(
            (meta["psu_phone_prefix"], meta["psu_phone"]), ("+33", "612345678")
        )
        self.assertEqual(meta["psu_company"], "Boulangerie Martin")
        self.assertLessEqual(meta["expiry"], MAX_EXPIRY_SECONDS)
        self.assertEqual(link.state, "in_progress")
        self.fintecture_emulator.approve(tx.provider_reference)
        self.assertEqual(self.fintecture_webhook(tx).status_code, 200)
        self.assertPaid(link, tx)

    def test_redirect_form_goes_to_the_session_url(self):
        link = self.make_link(invoice=self.make_invoice(90.0))
        answer = self.start_payment(link, self.fintecture, flow="redirect")
        html = answer["result"]["redirect_form_html"]
        self.assertIn(self.fintecture_emulator.base_url + "/pay/", html)

    def test_statuses(self):
        cases = {
            ("payment_pending", "pending"): ("pending", "in_progress", None),
            ("payment_unsuccessful", "rejected"): ("error", "interrupted", "refused"),
            ("payment_cancelled", None): ("cancel", "interrupted", "payment_cancelled"),
            ("payment_partial", "insufficient"): (
                "error",
                "cancelled",
                "partial payment received",
            ),
        }
        for (status, transfer_state), (tx_state, link_state, message) in cases.items():
            with self.subTest(status=status):
                link, tx = self.pay_with(self.fintecture)
                self.fintecture_emulator.set_status(
                    tx.provider_reference, status, transfer_state
                )
                tx._pay_link_sync()
                self.assertEqual(tx.state, tx_state)
                self.assertEqual(link.state, link_state)
                if message:
                    self.assertIn(message, tx.state_message)

    def test_the_provider_form_never_shows_the_private_key(self):
        arch = self.env["payment.provider"].get_view(
            self.env.ref("payment.payment_provider_form").id
        )["arch"]
        self.assertNotIn('name="fintecture_private_key"', arch)
        form = Form(self.fintecture)
        self.assertFalse(form.fintecture_private_key_input)
        self.assertTrue(form.fintecture_private_key_set)
        form.fintecture_private_key_input = "-----BEGIN PRIVATE KEY-----\nnew"
        form.save()
        self.assertEqual(
            self.fintecture.fintecture_private_key, "-----BEGIN PRIVATE KEY-----\nnew"
        )

    def test_no_request_to_pay_in_a_currency_fintecture_does_not_take(self):
        usd = self.env.ref("base.USD")
        self.company.pay_link_currency_ids |= usd
        invoice = self.init_invoice(
            "out_invoice", partner=self.customer, amounts=[120.0], currency=usd
        )
        invoice.action_post()
        self.assertIn(
            "No payment provider sends requests to pay in USD.",
            invoice._pay_link_eligibility_errors(channel="request_to_pay"),
        )

    def test_request_to_pay_from_the_send_wizard(self):
        channels = dict(self.env["pay.link.send"]._selection_channel())
        self.assertEqual(channels["request_to_pay"], "Fintecture request to pay")
        link = self.make_link(
            invoice=self.make_invoice(75.0), sent=False, channel="request_to_pay"
        )
        link._deliver("", "", "")
        tx = link.transaction_ids
        self.assertEqual(tx.provider_id, self.fintecture)
        session = self.session(tx)
        self.assertEqual(session["kind"], "request-to-pay")
        expected = (
            link.expiry_date.replace(tzinfo=timezone.utc) - datetime.now(timezone.utc)
        ).total_seconds()
        self.assertAlmostEqual(
            session["meta"]["expiry"], min(expected, MAX_EXPIRY_SECONDS), delta=60
        )
        self.assertEqual(session["meta"]["method"], "email")
        self.assertNotIn("psu_ip", session["meta"], "sent from the backend")
        self.assertEqual(link.state, "in_progress")
        self.fintecture_emulator.approve(tx.provider_reference)
        self.assertEqual(self.fintecture_webhook(tx).status_code, 200)
        self.assertPaid(link, tx)

    def test_provider_down_leaves_nothing_behind(self):
        link = self.make_link(invoice=self.make_invoice(50.0))
        self.fintecture_emulator.set_down(mode="timeout")
        with mute_logger("odoo.http", "odoo.addons.pay_by_link.lib.provider_errors"):
            answer = self.start_payment(link, self.fintecture, flow="redirect")
        message = answer["error"]["data"]["message"]
        self.assertTrue(message.startswith("Fintecture: "), message)
        self.assertIn("cannot be reached", message)
        self.assertFalse(link.transaction_ids)
        self.assertEqual(link.state, "sent")

    def test_missed_webhook_is_caught_by_the_cron(self):
        link, tx = self.pay_with(self.fintecture)
        self.fintecture_emulator.approve(tx.provider_reference)
        self.env["payment.transaction"]._cron_pay_link_poll_providers()
        self.assertEqual(tx.state, "draft", "too recent to be polled yet")
        self.age_transaction(tx)
        self.env["payment.transaction"]._cron_pay_link_poll_providers()
        self.assertPaid(link, tx)

    def test_cron_polls_before_the_link_expires(self):
        link, tx = self.pay_with(self.fintecture)
        self.fintecture_emulator.leave_pending(tx.provider_reference)
        self.set_expiry(link, fields.Datetime.now() + timedelta(minutes=10))
        self.env["payment.transaction"]._cron_pay_link_poll_providers()
        self.assertEqual(tx.state, "pending")

    def test_cancel_link_cancels_the_session(self):
        link, tx = self.pay_with(self.fintecture)
        link.action_cancel()
        self.assertEqual(self.session(tx)["status"], "payment_cancelled")
        self.assertEqual(tx.state, "cancel")
        self.assertEqual(link.state, "cancelled")

    def test_expiry_closes_an_unfinished_session(self):
        link, tx = self.pay_with(self.fintecture)
        self.set_expiry(link, fields.Datetime.now() - timedelta(minutes=1))
        self.env["pay.link"]._cron_expire_links()
        self.assertEqual(self.session(tx)["status"], "payment_cancelled")
        self.assertEqual(tx.state, "cancel")
        self.assertEqual(link.state, "expired")

    def test_expiry_waits_for_a_payment_the_bank_is_processing(self):
        link, tx = self.pay_with(self.fintecture)
        self.fintecture_emulator.leave_pending(tx.provider_reference)
        tx._pay_link_sync()
        self.set_expiry(link, fields.Datetime.now() - timedelta(minutes=1))
        self.env["pay.link"]._cron_expire_links()
        self.assertEqual(link.state, "in_progress")

    def test_cancel_refused_when_already_paid(self):
        link, tx = self.pay_with(self.fintecture)
        self.fintecture_emulator.approve(tx.provider_reference)
        with self.assertRaisesRegex(UserError, "already made"):
            link.action_cancel()
        self.assertEqual(link.state, "in_progress")
