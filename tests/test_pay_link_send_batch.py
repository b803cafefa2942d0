from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import PayLinkCommon


@tagged("post_install", "-at_install")
class TestPayLinkSendBatch(PayLinkCommon):
    """The send form for a selection of invoices (Actions → Send payment link)."""

    def open_wizard(self, invoices):
        context = invoices.action_send_pay_link()["context"]
        return Form(self.env["pay.link.send"].with_context(**context))

    def test_batch_sends_eligible_invoices_and_reports_the_others(self):
        second = self.make_invoice(90.0)
        draft = self.make_invoice(40.0, post=False)
        form = self.open_wizard(self.invoice + second + draft)
        self.assertIn(draft.display_name, form.batch_report)
        result = form.save().action_send()
        self.assertEqual(len(self.invoice.pay_link_ids), 1)
        self.assertEqual(len(second.pay_link_ids), 1)
        self.assertFalse(draft.pay_link_ids)
        self.assertIn("2 payment link(s) sent", result["params"]["message"])
        self.assertIn("Only posted customer invoices", result["params"]["message"])

    def test_batch_sends_a_valid_link_again_instead_of_cancelling_it(self):
        emailed = self.make_link(channel="email")
        second = self.make_invoice(90.0)
        form = self.open_wizard(self.invoice + second)
        self.assertIn(emailed.name, form.batch_notice)
        self.assertIn("sent again", form.batch_notice)
        result = form.save().action_send()
        self.assertEqual(self.invoice.pay_link_ids, emailed)
        self.assertEqual(emailed.state, "sent")
        self.assertIn("sent again", emailed.message_ids[0].body)
        self.assertEqual(len(second.pay_link_ids), 1)
        self.assertIn("2 payment link(s) sent", result["params"]["message"])
        self.assertIn(self.invoice.display_name, result["params"]["message"])

    def test_batch_leaves_a_link_being_paid_alone_and_says_so_at_once(self):
        link = self.make_link(channel="email")
        self.make_transaction(link)
        form = self.open_wizard(self.invoice + self.make_invoice(90.0))
        self.assertIn("A payment is in progress on its link", form.batch_report)
        form.save().action_send()
        self.assertEqual(self.invoice.pay_link_ids, link)
        self.assertEqual(link.state, "in_progress")

    def test_sms_to_a_landline_is_refused_in_the_single_and_the_bulk_send(self):
        landline = self.env["res.partner"].create(
            {
                "name": "Cabinet Durand",
                "email": "durand@example.com",
                "phone": "01 42 68 53 00",
                "country_id": self.env.ref("base.fr").id,
            }
        )
        invoice = self.make_invoice(90.0, partner=landline)
        form = self.open_wizard(invoice)
        form.channel = "sms"
        self.assertIn("cannot receive SMS", form.phone_warning)
        with self.assertRaisesRegex(UserError, "cannot receive SMS"):
            form.save().action_send()
        self.assertFalse(invoice.pay_link_ids)

        both = invoice | self.invoice
        wizard = self.env["pay.link.send"].with_context(
            **both.action_send_pay_link()["context"]
        )
        form = wizard.create({"channel": "sms"})
        self.assertIn("cannot receive SMS", form.batch_report)
        action = form.action_send()
        self.assertIn("cannot receive SMS", action["params"]["message"])
        self.assertFalse(invoice.pay_link_ids)
        self.assertEqual(self.invoice.pay_link_ids.channel, "sms")
