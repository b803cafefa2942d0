import json

from odoo.tests import HttpCase, tagged

from .common import PayLinkCommon


@tagged("post_install", "-at_install")
class TestPaymentChatter(PayLinkCommon, HttpCase):
    """A payment through a link is posted once, at once, without an error in
    the log, and the chatter tells each step once, by whoever did it."""

    def rpc(self, url, params):
        response = self.url_open(
            url,
            data=json.dumps(
                {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
            ),
            headers={"Content-Type": "application/json"},
        )
        self.env.invalidate_all()
        return response.json()

    def post_process_triggers(self):
        cron = self.env.ref("payment.cron_post_process_payment_tx")
        return self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])

    def test_a_demo_payment_is_posted_once_and_told_once(self):
        link = self.make_link(channel="email")
        before = self.invoice.message_ids
        triggers = self.post_process_triggers()
        with self.assertNoLogs("odoo", level="ERROR"):
            self.url_open(link._pay_page_path())
            reference = self.start_payment(link)["result"]["reference"]
            self.rpc(
                "/payment/demo/simulate_payment",
                {
                    "reference": reference,
                    "payment_details": "4242",
                    "simulated_state": "done",
                },
            )
            tx = link.transaction_ids
            # Posted in the request that received the payment: nothing left
            # for the customer's status page or the cron to race for.
            self.assertTrue(tx.is_post_processed)
            self.assertEqual(self.post_process_triggers(), triggers)
            poll = self.rpc("/payment/status/poll", {})
        self.assertEqual(poll["result"]["state"], "done")
        self.assertEqual(link.state, "paid")
        self.assertEqual(len(self.invoice.matched_payment_ids), 1)
        self.assertEqual(tx.payment_id.state, "paid")
        self.assertIn(self.invoice.payment_state, ("paid", "in_payment"))

        messages = (self.invoice.message_ids - before).sorted("id")
        bodies = [message.body for message in messages]
        odoobot = self.env.ref("base.partner_root")
        public = self.env.ref("base.public_user").sudo().partner_id
        self.assertNotIn(public, messages.author_id)
        link_messages = messages.filtered(lambda m: link.name in m.body)
        self.assertEqual(
            [(m.author_id, str(m.body).split(": ", 1)[1][:14]) for m in link_messages],
            [
                (self.customer, "Payment link o"),  # opened
                (self.customer, "Payment attemp"),  # started
                (odoobot, "Paid 240.00&nb"),
            ],
        )
        self.assertFalse([body for body in bodies if "has been confirmed" in body])
        posted = messages.filtered(lambda m: "has been posted" in m.body)
        self.assertEqual(posted.author_id, odoobot)
        self.assertFalse(link.message_ids.tracking_value_ids, "no state tracking")
        # sent, opened, started, paid, and the confirmation email to the customer
        self.assertEqual(len(link.message_ids), 5)
        self.assertEqual(link.message_ids[0].message_type, "email_outgoing")

    def test_to_collect_counts_only_what_links_can_still_collect(self):
        live = self.make_link()
        paid = self.make_link(invoice=self.make_invoice(100.0))
        self.make_transaction(paid)._set_done()
        self.assertEqual(live.amount_to_collect, 240.0)
        self.assertEqual(paid.amount_to_collect, 0.0)
        totals = self.env["pay.link"].read_group(
            [("id", "in", (live | paid).ids)], ["amount_to_collect:sum"], []
        )
        self.assertEqual(totals[0]["amount_to_collect"], 240.0)

    def test_the_smart_button_opens_the_only_link_or_the_list(self):
        link = self.make_link()
        action = self.invoice.action_view_pay_links()
        self.assertEqual((action["res_model"], action["res_id"]), ("pay.link", link.id))
        self.assertEqual(action["views"], [(False, "form")])
        self.invoice.action_pay_link_counter()
        self.make_link(channel="email", invoice=self.invoice)
        action = self.invoice.action_view_pay_links()
        self.assertEqual(action["domain"], [("move_id", "=", self.invoice.id)])
