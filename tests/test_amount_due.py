from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time
from lxml import html

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import PayLinkCommon


@tagged("post_install", "-at_install")
class TestAmountDue(PayLinkCommon, HttpCase):
    """A link asks for what the invoice owes now, and ends when it owes
    nothing, whatever changed the invoice after the link was issued."""

    def register_payment(self, invoice, amount):
        """The accountant's Register payment button, for ``amount``."""
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount})._create_payments()

    def credit_in_full(self, invoice):
        """A credit note of the whole invoice, matched against it."""
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Returned"})
        )
        credit_note = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        # Posting the credit note matches it with the invoice, as in Odoo.
        credit_note.action_post()
        return credit_note

    def page_amount(self, link):
        response = self.url_open(link._pay_page_path())
        self.env.invalidate_all()
        root = html.fromstring(response.content)
        return " ".join(
            " ".join(node.text_content().split())
            for node in root.xpath('//*[contains(@class, "o_pay_link_amount")]')
        )

    def test_a_payment_registered_by_hand_lowers_the_link(self):
        invoice = self.make_invoice(2000.0)
        link = self.make_link(invoice=invoice)
        self.register_payment(invoice, 500.0)
        self.assertEqual(link.amount, 1500.0)
        self.assertIn("now owes", link.message_ids[0].body)
        self.assertEqual(self.page_amount(link), " ".join(link._amount_label().split()))
        answer = self.start_payment(link)
        self.assertIn("result", answer, answer.get("error"))
        tx = link.transaction_ids
        self.assertEqual(tx.amount, 1500.0)
        tx._set_done()
        tx._post_process()
        self.assertEqual(link.state, "paid")
        self.assertEqual(invoice.payment_state, "paid")
        self.assertFalse(invoice.amount_residual)
        unreconciled = tx.payment_id.move_id.line_ids.filtered(
            lambda line: (
                line.account_id.account_type == "asset_receivable"
                and not line.reconciled
            )
        )
        self.assertFalse(unreconciled, "no customer credit is left over")

    def test_a_credit_note_ends_the_link_and_the_page_says_so(self):
        invoice = self.make_invoice(80.0)
        link = self.make_link(invoice=invoice)
        self.credit_in_full(invoice)
        self.assertEqual(invoice.payment_state, "reversed")
        self.assertEqual(link.state, "cancelled")
        self.assertEqual(link.cancel_reason, "invoice_reversed")
        page = self.url_open(link._pay_page_path())
        self.assertIn("cancelled by a credit note", page.text)
        answer = self.start_payment(link)
        self.assertIn("credited in full", answer["error"]["data"]["message"])
        self.assertFalse(link.transaction_ids)

    def test_an_invoice_paid_another_way_ends_the_link_as_paid(self):
        link = self.make_link()
        self.register_payment(self.invoice, self.invoice.amount_residual)
        self.assertEqual(link.cancel_reason, "invoice_paid")
        page = self.url_open(link._pay_page_path())
        self.assertIn("This invoice is already paid", page.text)

    def test_the_send_form_and_a_new_link_ask_what_is_due_now(self):
        invoice = self.make_invoice(2000.0)
        self.register_payment(invoice, 500.0)
        action = invoice.action_send_pay_link()
        wizard = self.env["pay.link.send"].with_context(**action["context"]).create({})
        self.assertEqual(wizard.amount, 1500.0)
        self.assertEqual(wizard.amount_due, 1500.0)
        wizard.action_send()
        self.assertEqual(invoice.pay_link_ids.amount, 1500.0)

    def test_the_counter_page_says_paid_when_the_invoice_was_paid(self):
        self.env["res.users"].browse(self.env.uid).write(
            {"password": "admin-counter-pw"}
        )
        self.invoice.action_pay_link_counter()
        link = self.invoice.pay_link_ids
        self.register_payment(self.invoice, self.invoice.amount_residual)
        self.authenticate(self.env.user.login, "admin-counter-pw")
        status = self.url_open(link._pay_page_path("status")).json()
        self.assertEqual(status["message"], "This invoice is already paid.")

    def test_a_reminder_asks_what_is_due_now(self):
        self.company.pay_link_validity_days = 60
        sent_at = fields.Datetime.now() - timedelta(days=8)
        invoice = self.make_invoice(2000.0)
        with freeze_time(sent_at):
            link = self.make_link(invoice=invoice, channel="email")
        self.register_payment(invoice, 500.0)
        self.env["pay.link"]._cron_send_reminders()
        mail = self.env["mail.mail"].search(
            [("model", "=", "pay.link"), ("res_id", "=", link.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("1,500.00", mail.body_html)

    def test_an_early_payment_discount_is_what_is_due(self):
        term = self.env["account.payment.term"].create(
            {
                "name": "2% within 10 days",
                "early_discount": True,
                "discount_percentage": 2,
                "discount_days": 10,
                "line_ids": [
                    fields.Command.create(
                        {"value": "percent", "value_amount": 100, "nb_days": 30}
                    )
                ],
            }
        )
        invoice = self.make_invoice(1000.0, post=False)
        invoice.write(
            {
                "invoice_payment_term_id": term.id,
                "invoice_date": fields.Date.today(),
            }
        )
        invoice.action_post()
        link = self.make_link(invoice=invoice)
        self.assertEqual(link.amount, 980.0)
        tx = self.make_transaction(link)
        tx._set_done()
        tx._post_process()
        self.assertEqual(invoice.payment_state, "paid")

    def test_installments_with_partial_payments_ask_the_next_one(self):
        self.company.pay_link_allow_partial = True
        invoice = self.make_installment_invoice(600.0)
        self.assertEqual(self.make_link(invoice=invoice).amount, 300.0)

    def test_a_payment_not_recorded_yet_already_counts(self):
        """A link's payment that Odoo could not post at once (left to its
        cron) already counts: the invoice gets no second link."""
        link = self.make_link()
        tx = self.make_transaction(link)
        refusal = UserError("The journal is locked for this date.")
        with (
            patch.object(type(tx), "_post_process", side_effect=refusal),
            mute_logger("odoo.addons.pay_by_link.models.payment_transaction"),
        ):
            tx._set_done()
        self.assertFalse(tx.is_post_processed)
        self.assertEqual(link.state, "paid")
        self.assertFalse(self.invoice.activity_ids, "not a duplicate")
        self.assertEqual(
            self.invoice._pay_link_eligibility_errors(),
            ["The invoice is already paid."],
        )
