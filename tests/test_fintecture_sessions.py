from urllib.parse import urlencode

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common_providers import PayLinkProvidersCommon

RETURN_PATH = "/pay_by_link/return/fintecture"


@tagged("post_install", "-at_install")
class TestFintectureSessions(PayLinkProvidersCommon):
    """The customer's return, requests to pay, session expiry, the token."""

    def session(self, tx):
        return self.fintecture_emulator.sessions[tx.provider_reference]

    def come_back(self, **query):
        self.env.flush_all()
        response = self.url_open(
            f"{RETURN_PATH}?{urlencode(query)}", allow_redirects=False
        )
        self.env.invalidate_all()
        return response

    def request_to_pay(self, amount=75.0):
        link = self.make_link(
            invoice=self.make_invoice(amount), sent=False, channel="request_to_pay"
        )
        link._deliver("", "", "")
        return link, link.transaction_ids

    def test_return_reads_the_payment_and_lands_on_the_pay_page(self):
        link, tx = self.pay_with(self.fintecture)
        self.fintecture_emulator.approve(tx.provider_reference)
        response = self.come_back(
            state=tx.reference, session_id=tx.provider_reference, status="x"
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith(link._pay_page_path()))
        self.assertPaid(link, tx)

    def test_forged_return_finds_nothing(self):
        link, tx = self.pay_with(self.fintecture)
        self.fintecture_emulator.approve(tx.provider_reference)
        for query in (
            {"state": tx.reference, "session_id": "0" * 32},
            {"state": tx.reference},
            {"state": "nope", "session_id": tx.provider_reference},
        ):
            with self.subTest(query=query):
                self.assertEqual(self.come_back(**query).status_code, 404)
        self.assertEqual(tx.state, "draft")
        self.assertEqual(link.state, "in_progress")

    def test_unsuccessful_is_not_final_while_the_bank_allows_a_retry(self):
        link, tx = self.pay_with(self.fintecture)
        self.fintecture_emulator.set_status(
            tx.provider_reference, "payment_unsuccessful"
        )
        tx._pay_link_sync()
        self.assertEqual(tx.state, "draft")
        self.assertEqual(link.state, "in_progress")
        self.fintecture_emulator.approve(tx.provider_reference)
        self.assertEqual(self.fintecture_webhook(tx).status_code, 200)
        self.assertPaid(link, tx)

    def test_request_to_pay_by_sms_without_an_email(self):
        self.customer.email = False
        _link, tx = self.request_to_pay()
        meta = self.session(tx)["meta"]
        self.assertEqual(meta["method"], "sms")
        self.assertEqual(
            (meta["psu_phone_prefix"], meta["psu_phone"]), ("+33", "612345678")
        )

    def test_expired_request_to_pay_is_sent_again_while_the_link_is_valid(self):
        link, tx = self.request_to_pay()
        self.fintecture_emulator.expire(tx.provider_reference)
        self.age_transaction(tx)
        self.env["payment.transaction"]._cron_pay_link_poll_providers()
        self.assertEqual(tx.state, "cancel")
        renewed = link.transaction_ids - tx
        self.assertEqual(len(renewed), 1)
        self.assertEqual(self.session(renewed)["kind"], "request-to-pay")
        self.assertEqual(link.state, "in_progress")
        self.assertIn("a new one is sent", " ".join(link.message_ids.mapped("body")))
        self.fintecture_emulator.approve(renewed.provider_reference)
        self.assertEqual(self.fintecture_webhook(renewed).status_code, 200)
        self.assertPaid(link, renewed)

    def test_one_token_for_consecutive_calls_and_a_new_one_when_refused(self):
        """The token is kept per provider, in the database for every worker;
        a token Fintecture refuses is replaced once."""
        _link, tx = self.pay_with(self.fintecture)

        def get_payment():
            with mute_logger("odoo.addons.pay_by_link.lib.provider_errors"):
                self.fintecture._pay_link_call("get_payment", tx.provider_reference)

        def token_calls():
            received = self.fintecture_emulator.received
            return len([r for r in received if r.path == "/oauth/accesstoken"])

        self.fintecture_emulator.expire_tokens()
        before = token_calls()
        get_payment()
        get_payment()
        self.assertEqual(token_calls(), before + 1)
        self.env.invalidate_all()
        stored = self.fintecture.sudo().fintecture_access_token
        self.assertIn(stored, self.fintecture_emulator.tokens)
        self.fintecture_emulator.expire_tokens()
        get_payment()
        self.assertEqual(token_calls(), before + 2)
