from odoo.tests import tagged

from .common_providers import PayLinkProvidersCommon


@tagged("post_install", "-at_install")
class TestRefunds(PayLinkProvidersCommon):
    """Odoo's Refund button on a link's payment, against the emulators: the
    provider refunds, the link and the invoice show it."""

    def paid_with(self, provider, approve):
        link, tx = self.pay_with(provider, invoice=self.make_invoice(240.0))
        approve(tx.provider_reference)
        tx._pay_link_sync()
        self.assertPaid(link, tx)
        return link, tx

    def refund(self, tx, amount=None):
        """Refund through the payment's wizard, as the accountant does."""
        action = tx.payment_id.action_refund_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_context(active_id=tx.payment_id.id)
            .create({})
        )
        self.assertEqual(wizard.support_refund, "partial")
        if amount:
            wizard.amount_to_refund = amount
        wizard.action_refund()
        refund = tx.child_transaction_ids.filtered(
            lambda child: child.operation == "refund"
        ).sorted("id")[-1:]
        self.assertTrue(refund.provider_reference)
        return refund

    def post_refund(self, refund):
        refund._post_process()
        self.assertTrue(refund.payment_id)
        self.assertEqual(refund.payment_id.payment_type, "outbound")

    def test_payplug_full_refund(self):
        link, tx = self.paid_with(self.payplug, self.payplug_emulator.approve)
        refund = self.refund(tx)
        self.assertEqual(refund.state, "done")
        payment = self.payplug_emulator.payments[tx.provider_reference]
        self.assertEqual(payment["amount_refunded"], 24000)
        self.post_refund(refund)
        self.assertEqual(link.refund_transaction_ids, refund)
        self.assertEqual(link.state, "paid")
        self.assertEqual(link.move_id.payment_state, "not_paid")
        messages = " ".join(link.message_ids.mapped("body"))
        self.assertIn("Refund of 240.00&nbsp;€ via Payplug made", messages)
        invoice_messages = " ".join(link.move_id.message_ids.mapped("body"))
        self.assertIn("Refund of", invoice_messages)

    def test_payplug_partial_refunds(self):
        link, tx = self.paid_with(self.payplug, self.payplug_emulator.approve)
        first = self.refund(tx, 40.0)
        self.post_refund(first)
        self.assertEqual(link.move_id.payment_state, "partial")
        self.assertEqual(link.move_id.amount_residual, 40.0)
        second = self.refund(tx, 60.0)
        self.post_refund(second)
        self.assertEqual(link.move_id.amount_residual, 100.0)
        self.assertEqual(tx.payment_id.amount_available_for_refund, 140.0)
        self.assertEqual(len(link.refund_transaction_ids), 2)

    def test_payplug_refund_made_in_the_portal_arrives_by_notification(self):
        link, tx = self.paid_with(self.payplug, self.payplug_emulator.approve)
        refund_id = self.payplug_emulator.refund_outside(tx.provider_reference, 5000)[
            "id"
        ]
        self.env.flush_all()
        for _attempt in range(2):  # Payplug may send it twice
            response = self.payplug_emulator.send_refund_webhook(
                refund_id, url=self.webhook_url("payplug")
            )
            self.assertIn(response.status_code, (200, 403))
        self.env.invalidate_all()
        refund = link.refund_transaction_ids
        self.assertEqual((refund.provider_reference, refund.amount), (refund_id, -50.0))
        self.assertEqual(refund.state, "done")

    def test_fintecture_partial_refund_made_when_the_bank_sends_it(self):
        link, tx = self.paid_with(self.fintecture, self.fintecture_emulator.approve)
        refund = self.refund(tx, 90.0)
        self.assertEqual(refund.state, "pending")
        session = self.fintecture_emulator.sessions[refund.provider_reference]
        self.assertEqual(session["refunded_session_id"], tx.provider_reference)
        self.assertEqual(session["attributes"]["amount"], "90.00")
        self.fintecture_emulator.complete_refund(refund.provider_reference)
        self.assertEqual(self.fintecture_webhook(refund).status_code, 200)
        self.assertEqual(refund.state, "done")
        self.post_refund(refund)
        self.assertEqual(link.move_id.payment_state, "partial")
        self.assertEqual(link.move_id.amount_residual, 90.0)
        self.assertIn(
            "Refund of 90.00&nbsp;€ via Fintecture requested",
            " ".join(link.message_ids.mapped("body")),
        )

    def test_fintecture_full_refund_caught_by_the_cron(self):
        link, tx = self.paid_with(self.fintecture, self.fintecture_emulator.approve)
        refund = self.refund(tx)
        self.fintecture_emulator.complete_refund(refund.provider_reference)
        self.age_transaction(refund)
        self.env["payment.transaction"]._cron_pay_link_poll_providers()
        self.assertEqual(refund.state, "done")
        self.post_refund(refund)
        self.assertEqual(link.move_id.payment_state, "not_paid")

    def test_refund_refused_by_the_provider_leaves_nothing(self):
        _link, tx = self.paid_with(self.payplug, self.payplug_emulator.approve)
        self.payplug_emulator.payments[tx.provider_reference]["is_paid"] = False
        with self.assertRaisesRegex(Exception, "Payplug: the payment service refused"):
            with self.env.cr.savepoint():
                self.refund(tx)
        self.assertFalse(tx.child_transaction_ids)
