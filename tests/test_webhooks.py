import importlib
from urllib.parse import urlencode

import requests

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_providers import ADDON, APP_ID, PayLinkProvidersCommon

CONTROLLER_LOGGER = "odoo.addons.pay_by_link.controllers.webhook"


@tagged("post_install", "-at_install")
class TestWebhooks(PayLinkProvidersCommon):
    def signed_fintecture_webhook(self, tx, public_key=None, status="payment_created"):
        """Body and headers of a Fintecture webhook, signed with ``public_key``."""
        emulator = importlib.import_module(
            f"{ADDON}.dev.emulators.fintecture_signature"
        )
        body = urlencode(
            {
                "session_id": tx.provider_reference,
                "status": status,
                "state": tx.reference,
            }
        ).encode()
        headers = emulator.webhook_headers(
            APP_ID, public_key or self.fintecture_emulator.public_key, body
        )
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return body, headers

    def post(self, provider_code, body, headers):
        self.env.flush_all()
        response = requests.post(
            self.webhook_url(provider_code), data=body, headers=headers, timeout=15
        )
        self.env.invalidate_all()
        return response.status_code

    def assertUnchanged(self, link, tx):
        self.assertEqual(tx.state, "draft")
        self.assertEqual(link.state, "in_progress")

    # --- Fintecture ------------------------------------------------------------

    def someone_elses_public_key(self):
        """A public key that is not our merchant key's."""
        keys = importlib.import_module(f"{ADDON}.dev.emulators.merchant_keys")
        signature = importlib.import_module(f"{ADDON}.lib.fintecture.signature")
        return signature.load_public_key(keys.new_key_pair()[1])

    def test_fintecture_forged_signature(self):
        link, tx = self.pay_with(self.fintecture)
        self.fintecture_emulator.approve(tx.provider_reference)
        other_key = self.someone_elses_public_key()
        body, headers = self.signed_fintecture_webhook(tx, public_key=other_key)
        with mute_logger(CONTROLLER_LOGGER):
            self.assertEqual(self.post("fintecture", body, headers), 403)
        self.assertUnchanged(link, tx)

    def test_fintecture_unsigned(self):
        link, tx = self.pay_with(self.fintecture)
        self.fintecture_emulator.approve(tx.provider_reference)
        body, headers = self.signed_fintecture_webhook(tx)
        del headers["Signature"]
        with mute_logger(CONTROLLER_LOGGER):
            self.assertEqual(self.post("fintecture", body, headers), 403)
        self.assertUnchanged(link, tx)

    def test_fintecture_tampered(self):
        link, tx = self.pay_with(self.fintecture)
        with mute_logger(CONTROLLER_LOGGER):
            self.assertEqual(self.fintecture_webhook(tx, tamper=True).status_code, 403)
        self.assertUnchanged(link, tx)

    def test_fintecture_replayed(self):
        _link, tx = self.pay_with(self.fintecture)
        self.fintecture_emulator.leave_pending(tx.provider_reference)
        body, headers = self.signed_fintecture_webhook(tx, status="payment_pending")
        self.assertEqual(self.post("fintecture", body, headers), 200)
        self.assertEqual(tx.state, "pending")
        self.fintecture_emulator.approve(tx.provider_reference)
        with mute_logger(CONTROLLER_LOGGER):
            self.assertEqual(self.post("fintecture", body, headers), 403)
        self.assertEqual(tx.state, "pending", "a replay changes nothing")

    def test_unknown_session(self):
        _link, tx = self.pay_with(self.fintecture)
        tx.provider_reference = "not-ours"
        body, headers = self.signed_fintecture_webhook(tx)
        tx.provider_reference = False
        with mute_logger(CONTROLLER_LOGGER):
            self.assertEqual(self.post("fintecture", body, headers), 404)

    def test_unknown_session_with_a_forged_signature_says_nothing(self):
        """The signature is checked before saying whether a session exists."""
        _link, tx = self.pay_with(self.fintecture)
        tx.provider_reference = "not-ours"
        other_key = self.someone_elses_public_key()
        body, headers = self.signed_fintecture_webhook(tx, public_key=other_key)
        with mute_logger(CONTROLLER_LOGGER):
            self.assertEqual(self.post("fintecture", body, headers), 403)

    def test_fintecture_json_webhook(self):
        link, tx = self.pay_with(self.fintecture)
        self.fintecture_emulator.approve(tx.provider_reference)
        self.fintecture_emulator.webhook_format = "json"
        self.addCleanup(setattr, self.fintecture_emulator, "webhook_format", "form")
        self.assertEqual(self.fintecture_webhook(tx).status_code, 200)
        self.assertPaid(link, tx)

    def test_concurrent_duplicates_processed_once(self):
        link, tx = self.pay_with(self.fintecture)
        self.fintecture_emulator.approve(tx.provider_reference)
        twin = self.signed_fintecture_webhook(tx)
        with mute_logger(CONTROLLER_LOGGER):
            statuses = self.in_parallel(
                lambda: self.post("fintecture", *twin),
                lambda: self.post("fintecture", *twin),
                lambda: self.post("fintecture", *self.signed_fintecture_webhook(tx)),
            )
        self.assertEqual(sorted(statuses[:2]), [200, 403])
        self.assertEqual(statuses[2], 200)
        self.assertEqual(tx.state, "done")
        paid_messages = link.message_ids.filtered(
            lambda m: "Paid" in (m.body or "") and "via" in (m.body or "")
        )
        self.assertEqual(len(paid_messages), 1)
        self.assertPaid(link, tx)

    def test_amount_mismatch_is_never_paid(self):
        link, tx = self.pay_with(self.fintecture)
        session = self.fintecture_emulator.sessions[tx.provider_reference]
        session["attributes"]["amount"] = "24.00"
        self.fintecture_emulator.approve(tx.provider_reference)
        self.assertEqual(self.fintecture_webhook(tx).status_code, 200)
        self.assertEqual(tx.state, "error")
        self.assertIn("does not match the amount due", tx.state_message)
        self.assertEqual(link.state, "interrupted")
        self.fintecture_webhook(tx)
        self.assertEqual(tx.state, "error", "a later notification cannot make it paid")

    def test_processing_failure_asks_for_a_retry(self):
        link, tx = self.pay_with(self.fintecture)
        self.fintecture_emulator.approve(tx.provider_reference)
        body, headers = self.signed_fintecture_webhook(tx)
        self.fintecture_emulator.set_down(mode="error")
        with mute_logger(
            CONTROLLER_LOGGER, "odoo.addons.pay_by_link.lib.provider_errors"
        ):
            self.assertEqual(self.post("fintecture", body, headers), 500)
        self.assertUnchanged(link, tx)
        self.fintecture_emulator.set_down(False)
        self.assertEqual(
            self.post("fintecture", body, headers), 200, "the retry passes"
        )
        self.assertPaid(link, tx)

    # --- Payplug ---------------------------------------------------------------

    def test_payplug_forged_notification(self):
        """A notification saying "paid" is not believed: the payment is read
        again from Payplug's API, which says it is not."""
        link, tx = self.pay_with(self.payplug)
        self.assertEqual(self.payplug_webhook(tx, tamper=True).status_code, 200)
        self.assertUnchanged(link, tx)

    def test_payplug_amount_mismatch(self):
        link, tx = self.pay_with(self.payplug)
        self.payplug_emulator.payments[tx.provider_reference]["amount"] = 100
        self.payplug_emulator.approve(tx.provider_reference)
        self.assertEqual(self.payplug_webhook(tx).status_code, 200)
        self.assertEqual(tx.state, "error")
        self.assertEqual(link.state, "interrupted")

    def test_payplug_duplicate(self):
        link, tx = self.pay_with(self.payplug)
        self.payplug_emulator.approve(tx.provider_reference)
        with mute_logger(CONTROLLER_LOGGER):
            statuses = self.in_parallel(
                lambda: self.payplug_webhook(tx).status_code,
                lambda: self.payplug_webhook(tx).status_code,
            )
        self.assertEqual(sorted(statuses), [200, 403])
        self.assertPaid(link, tx)
