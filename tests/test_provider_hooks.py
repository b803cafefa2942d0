from datetime import timedelta

from odoo_test_helper import FakeModelLoader

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PayLinkCommon


@tagged("post_install", "-at_install")
class TestProviderHooks(PayLinkCommon):
    """A provider defined only here plugs into the generic hooks: requests to
    pay, polling, closing sessions on cancel and expiry."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loader = FakeModelLoader(cls.env, cls.__module__)
        cls.loader.backup_registry()
        # Imported only now: FakeModelLoader must see these classes arrive.
        from .fake_provider import (  # noqa: PLC0415
            TestpayProvider,
            TestpayTransaction,
        )

        cls.loader.update_registry((TestpayProvider, TestpayTransaction))
        cls.sessions = TestpayTransaction.SESSIONS
        cls.testpay = cls.env["payment.provider"].create(
            {
                "name": "Testpay",
                "code": "testpay",
                "state": "test",
                "company_id": cls.company.id,
                "payment_method_ids": [
                    fields.Command.set(cls.demo_provider.payment_method_ids[:1].ids)
                ],
            }
        )

    @classmethod
    def tearDownClass(cls):
        cls.loader.restore_registry()
        super().tearDownClass()

    def request_to_pay(self, amount=90.0):
        """Send a link by the request-to-pay channel, as the send form does."""
        invoice = self.make_invoice(amount)
        form_action = invoice.action_send_pay_link()
        wizard = (
            self.env["pay.link.send"]
            .with_context(**form_action["context"])
            .create({"channel": "request_to_pay"})
        )
        wizard.action_send()
        link = invoice.pay_link_ids
        return link, link.transaction_ids

    def test_the_send_form_offers_its_request_to_pay(self):
        channels = dict(self.env["pay.link.send"]._selection_channel())
        self.assertEqual(channels["request_to_pay"], "Testpay request to pay")
        link, tx = self.request_to_pay()
        self.assertEqual(tx.provider_id, self.testpay)
        self.assertEqual(link.state, "in_progress")
        self.assertEqual(self.sessions[tx.provider_reference]["status"], "open")

    def test_polling_applies_what_the_provider_says(self):
        link, tx = self.request_to_pay()
        self.sessions[tx.provider_reference]["status"] = "done"
        self.env.cr.execute(
            "UPDATE payment_transaction SET create_date = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(minutes=10), tx.id],
        )
        tx.invalidate_recordset(["create_date"])
        self.env["payment.transaction"]._cron_pay_link_poll_providers()
        self.assertEqual(tx.state, "done")
        self.assertEqual(link.state, "paid")

    def test_cancelling_the_link_closes_the_session(self):
        link, tx = self.request_to_pay()
        link.action_cancel()
        self.assertEqual(self.sessions[tx.provider_reference]["status"], "cancel")
        self.assertEqual(tx.state, "cancel")
        self.assertEqual(link.state, "cancelled")

    def test_money_on_its_way_refuses_the_cancellation(self):
        link, tx = self.request_to_pay()
        self.sessions[tx.provider_reference]["status"] = "pending"
        with self.assertRaisesRegex(UserError, "already made at Testpay"):
            link.action_cancel()

    def test_expiry_closes_an_unfinished_session(self):
        link, tx = self.request_to_pay()
        self.set_expiry(link, fields.Datetime.now() - timedelta(minutes=1))
        self.env["pay.link"]._cron_expire_links()
        self.assertEqual(self.sessions[tx.provider_reference]["status"], "cancel")
        self.assertEqual(link.state, "expired")
