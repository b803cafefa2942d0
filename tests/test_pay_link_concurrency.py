import json
import threading

import requests

from odoo import SUPERUSER_ID, api
from odoo.api import Transaction
from odoo.modules.registry import DummyRLock, Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import config, mute_logger


@tagged("post_install", "-at_install")
class TestPayLinkConcurrency(BaseCase):
    """Two customers (or two tabs) press Pay on the same link at the same
    moment: both requests reach the real `POST /pay/<token>/transaction` on
    Odoo's HTTP server with real, committed database transactions. One starts
    a payment, the other is refused."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        self._free_the_registry_for_http_requests()
        with self.registry.cursor() as cr:
            env = self._env(cr)
            provider = env.ref("payment.payment_provider_demo")
            self.provider_was = provider.read(["state", "is_published"])[0]
            provider.write({"state": "test", "is_published": True})
            partner = env["res.partner"].create({"name": "Two tabs customer"})
            link = env["pay.link"].create(
                {
                    "partner_id": partner.id,
                    "amount": 42.0,
                    "currency_id": provider.company_id.currency_id.id,
                    "company_id": provider.company_id.id,
                    "channel": "link",
                }
            )
            link._mark_sent()
            self.link_id, self.partner_id = link.id, partner.id
            self.token, self.provider_id = link.token, provider.id
            self.method_id = provider.payment_method_ids[:1].id
        self.addCleanup(self._delete_records)

    def _free_the_registry_for_http_requests(self):
        """The test runner holds the registry lock, which every HTTP request
        takes: swap it for a dummy as Odoo's test mode does (see
        `Registry.enter_test_mode`), but keep real cursors."""
        Registry._saved_lock, Registry._lock = Registry._lock, DummyRLock()

        def restore():
            Registry._lock, Registry._saved_lock = Registry._saved_lock, None

        self.addCleanup(restore)

    def _env(self, cr):
        # The test runner holds the registry lock: give the cursor its
        # transaction directly instead of letting Environment look it up.
        cr.transaction = Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {})

    def _delete_records(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            link = env["pay.link"].browse(self.link_id)
            link.transaction_ids.unlink()
            link.unlink()
            env["res.partner"].browse(self.partner_id).unlink()
            env["payment.provider"].browse(self.provider_id).write(
                {key: self.provider_was[key] for key in ("state", "is_published")}
            )

    def _press_pay(self, answers, name):
        """What the payment form sends when the customer presses Pay."""
        url = f"http://127.0.0.1:{config['http_port']}/pay/{self.token}/transaction"
        body = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "provider_id": self.provider_id,
                "payment_method_id": self.method_id,
                "flow": "direct",
            },
        }
        response = requests.post(
            url,
            data=json.dumps(body),
            timeout=30,
            headers={"Content-Type": "application/json"},
        )
        answers[name] = response.json()

    def test_two_simultaneous_payments_start_only_one(self):
        answers = {}
        presses = [
            threading.Thread(target=self._press_pay, args=(answers, name))
            for name in ("first", "second")
        ]
        # Hold the link's row so that both requests arrive while it is busy,
        # then let them race for it.
        # The loser's first try fails to serialize (Odoo logs it, then
        # retries the request, as for any concurrent update).
        with mute_logger("odoo.sql_db"):
            with self.registry.cursor() as holder:
                holder.execute(
                    "SELECT id FROM pay_link WHERE id = %s FOR UPDATE", [self.link_id]
                )
                for press in presses:
                    press.start()
                presses[0].join(2)
                self.assertTrue(presses[0].is_alive(), "the requests wait for the row")
            for press in presses:
                press.join(30)
        started = [a for a in answers.values() if "result" in a]
        refused = [a for a in answers.values() if "error" in a]
        self.assertEqual(len(started), 1, answers)
        self.assertEqual(len(refused), 1, answers)
        self.assertIn("already in progress", refused[0]["error"]["data"]["message"])
        with self.registry.cursor() as cr:
            link = self._env(cr)["pay.link"].browse(self.link_id)
            self.assertEqual(link.state, "in_progress")
            self.assertEqual(len(link.transaction_ids), 1)
