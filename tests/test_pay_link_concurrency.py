import threading

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.api import Transaction
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestPayLinkConcurrency(BaseCase):
    """Two requests start a payment for the same link at the same moment:
    one wins, the other is refused. Needs real, committed transactions."""

    def setUp(self):
        super().setUp()
        self.registry = Registry(get_db_name())
        with self.registry.cursor() as cr:
            env = self._env(cr)
            partner = env["res.partner"].create({"name": "Two tabs customer"})
            link = env["pay.link"].create(
                {
                    "partner_id": partner.id,
                    "amount": 42.0,
                    "currency_id": env.company.currency_id.id,
                    "channel": "link",
                }
            )
            link._mark_sent()
            self.link_id, self.partner_id = link.id, partner.id
        self.addCleanup(self._delete_records)

    def _env(self, cr):
        # The test runner holds the registry lock: give the cursor its
        # transaction directly instead of letting Environment look it up.
        cr.transaction = Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {})

    def _delete_records(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["pay.link"].browse(self.link_id).unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def _start_payment(self, locked, release, outcome, name):
        """What the pay page's transaction route does, retried on a
        serialization failure the way Odoo retries every HTTP request."""
        with self.registry.cursor() as cr:
            env = self._env(cr)

            def start():
                link = env["pay.link"].browse(self.link_id)
                link._lock_for_payment()
                locked.set()
                release.wait(5)
                link._transition("in_progress", f"payment started by {name}")

            try:
                try:
                    start()
                except SerializationFailure:
                    cr.rollback()
                    env.invalidate_all()
                    start()
                outcome[name] = "started"
            except UserError as error:
                outcome[name] = str(error)

    def test_two_simultaneous_payments_start_only_one(self):
        outcome = {}
        first_locked, release, never = (
            threading.Event(),
            threading.Event(),
            threading.Event(),
        )
        first = threading.Thread(
            target=self._start_payment, args=(first_locked, release, outcome, "first")
        )
        second = threading.Thread(
            target=self._start_payment,
            args=(never, threading.Event(), outcome, "second"),
        )
        # The waiting request's query fails with a serialization error, which
        # Odoo logs before the retry.
        with mute_logger("odoo.sql_db"):
            first.start()
            self.assertTrue(
                first_locked.wait(10), f"the first request did not lock: {outcome}"
            )
            second.start()
            second.join(1)
            self.assertTrue(
                second.is_alive(), "the second request must wait for the first"
            )
            release.set()
            first.join(10)
            second.join(10)
        self.assertEqual(outcome["first"], "started")
        self.assertIn("already in progress", outcome["second"])
        with self.registry.cursor() as cr:
            link = self._env(cr)["pay.link"].browse(self.link_id)
            self.assertEqual(link.state, "in_progress")
