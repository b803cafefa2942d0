import re
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import PayLinkCommon


@tagged("post_install", "-at_install")
class TestPayLink(PayLinkCommon):
    def test_token_is_long_random_and_url_safe(self):
        first, second = self.make_link(), self.make_link(sent=False)
        self.assertRegex(first.token, r"^[A-Za-z0-9_-]{32,}$")
        self.assertNotEqual(first.token, second.token)
        self.assertEqual(first.url, f"{first.get_base_url()}/pay/{first.token}")

    def test_sending_sets_dates_and_expiry_from_the_company_validity(self):
        self.company.pay_link_validity_days = 10
        link = self.make_link(sent=False)
        self.assertEqual(link.state, "draft")
        link._mark_sent()
        self.assertEqual(link.state, "sent")
        self.assertEqual(link.sent_by_id, self.env.user)
        self.assertEqual(link.expiry_date - link.sent_date, timedelta(days=10))

    def test_every_state_change_is_logged_on_link_and_invoice(self):
        link = self.make_link()
        link._mark_opened()
        self.assertEqual(link.state, "opened")
        self.assertIn("opened by the customer", link.message_ids[0].body)
        self.assertIn(link.name, self.invoice.message_ids[0].body)
        self.assertIn("opened by the customer", self.invoice.message_ids[0].body)

    def test_invalid_transition_raises_a_clear_error(self):
        link = self.make_link()
        link.action_cancel()
        with self.assertRaisesRegex(
            UserError, "cannot go from .Cancelled. to .Not opened."
        ):
            link._transition("sent", "again")

    def test_status_token_and_amount_change_only_through_the_links_methods(self):
        user = self.env["res.users"].create(
            {
                "name": "Invoicing user",
                "login": "invoicing-rpc",
                "company_id": self.company.id,
                "company_ids": [fields.Command.set(self.company.ids)],
                "groups_id": [
                    fields.Command.set(
                        [self.env.ref("account.group_account_invoice").id]
                    )
                ],
            }
        )
        links = self.env["pay.link"].with_user(user)
        values = {
            "partner_id": self.customer.id,
            "amount": 10.0,
            "currency_id": self.invoice.currency_id.id,
        }
        with self.assertRaisesRegex(UserError, "state, token"):
            links.create({**values, "token": "aaaa", "state": "sent"})
        draft = links.create(values)
        self.assertEqual(draft.state, "draft")
        link = self.make_link().with_user(user)
        for forged in ({"state": "paid"}, {"amount": 1.0}, {"expiry_date": False}):
            with self.assertRaisesRegex(UserError, "change only through its buttons"):
                link.write(forged)
        link.reminders_stopped = True
        self.assertEqual(link.state, "sent")

    def test_invalid_company_identifier_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "not a valid SIREN"):
            self.make_link(company_identifier="123456789")

    def test_attempt_pending_then_failed_then_paid(self):
        link = self.make_link()
        tx = self.make_transaction(link)
        self.assertEqual(link.state, "in_progress")
        tx._set_error("Card declined by the issuer")
        self.assertEqual(link.state, "interrupted")
        self.assertIn("Card declined by the issuer", link.message_ids[0].body)
        retry = self.make_transaction(link)
        retry._set_pending()
        self.assertEqual(link.state, "in_progress")
        retry._set_done()
        self.assertEqual(link.state, "paid")
        self.assertTrue(link.paid_date)
        retry._post_process()
        self.assertIn(self.invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(self.invoice.pay_link_state, "paid")

    def test_confirmation_email_only_when_the_setting_is_on(self):
        def confirmations():
            return self.env["mail.mail"].search(
                [
                    ("email_to", "=", self.customer.email),
                    ("subject", "ilike", "received"),
                ]
            )

        self.assertTrue(self.company.pay_link_confirmation_email, "on by default")
        self.company.pay_link_confirmation_email = False
        self.make_transaction(self.make_link())._set_done()
        self.assertFalse(confirmations())
        self.company.pay_link_confirmation_email = True
        link = self.make_link(invoice=self.make_invoice(50.0))
        self.make_transaction(link)._set_done()
        self.assertEqual(len(confirmations()), 1)
        self.assertIn(link.reference, confirmations().body_html)

    def test_a_second_payment_cannot_start_while_one_is_in_progress(self):
        link = self.make_link()
        self.make_transaction(link)
        with self.assertRaisesRegex(UserError, "already in progress"):
            self.make_transaction(link)

    def test_an_abandoned_attempt_can_be_retried_after_half_an_hour(self):
        link = self.make_link()
        abandoned = self.make_transaction(link)
        with freeze_time(fields.Datetime.now() + timedelta(minutes=10)):
            with self.assertRaisesRegex(UserError, "already in progress"):
                self.make_transaction(link)
        with freeze_time(fields.Datetime.now() + timedelta(minutes=31)):
            retry = self.make_transaction(link)
        self.assertEqual(abandoned.state, "cancel")
        self.assertEqual(link.state, "in_progress")
        self.assertEqual(link.transaction_ids, abandoned + retry)

    def test_expired_link_cannot_be_paid_and_cron_expires_it(self):
        link = self.make_link()
        with freeze_time(fields.Datetime.now() + timedelta(days=8)):
            with self.assertRaisesRegex(UserError, "no longer valid"):
                link._lock_for_payment()
            self.env["pay.link"]._cron_expire_links()
        self.assertEqual(link.state, "expired")

    def test_invoice_paid_another_way_cancels_open_links(self):
        link = self.make_link()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.invoice.ids
        ).create({})._create_payments()
        self.assertEqual(link.state, "cancelled")
        self.assertIn("The invoice was paid", link.message_ids[0].body)

    def test_invoice_reset_to_draft_cancels_open_links(self):
        link = self.make_link()
        self.invoice.button_draft()
        self.assertEqual(link.state, "cancelled")
        self.assertIn("reset to draft", link.message_ids[0].body)

    def test_invoice_cancelled_cancels_open_links(self):
        link = self.make_link()
        self.invoice.button_cancel()
        self.assertEqual(self.invoice.state, "cancel")
        self.assertEqual(link.state, "cancelled")
        self.assertIn("The invoice was cancelled.", link.message_ids[0].body)


@tagged("post_install", "-at_install")
class TestPayLinkEligibility(PayLinkCommon):
    def errors(self, invoice, **kwargs):
        return invoice._pay_link_eligibility_errors(**kwargs)

    def test_eligible_invoice_has_no_error(self):
        self.assertEqual(self.errors(self.invoice, channel="email"), [])

    def test_every_failing_rule_is_listed_in_one_message(self):
        partner = self.env["res.partner"].create({"name": "No contact"})
        invoice = self.make_invoice(25000.0, partner=partner)
        with self.assertRaises(UserError) as caught:
            invoice._pay_link_check_eligibility(channel="email")
        message = str(caught.exception)
        self.assertIn(
            "The amount (25,000.00\xa0€) must be between 1.00\xa0€ and 20,000.00\xa0€",
            message,
        )
        self.assertIn("no email address", message)
        self.assertEqual(len(re.findall(r"^- ", message, re.MULTILINE)), 2)

    def test_an_invoice_that_owes_nothing_gets_one_reason(self):
        draft = self.make_invoice(25000.0, post=False)
        self.assertEqual(
            self.errors(draft), ["Only posted customer invoices can be paid by link."]
        )
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.invoice.ids
        ).create({})._create_payments()
        self.assertEqual(self.errors(self.invoice), ["The invoice is already paid."])

    def test_currency_must_be_allowed(self):
        self.company.pay_link_currency_ids = self.env.ref("base.USD")
        self.assertTrue(any("is not accepted" in e for e in self.errors(self.invoice)))

    def test_partial_amount_needs_the_setting(self):
        self.assertTrue(self.errors(self.invoice, amount=100.0))
        self.company.pay_link_allow_partial = True
        self.assertEqual(self.errors(self.invoice, amount=100.0), [])
        self.assertTrue(
            any("cannot exceed" in e for e in self.errors(self.invoice, amount=300.0))
        )

    def test_sms_needs_a_phone(self):
        partner = self.env["res.partner"].create(
            {"name": "Email only", "email": "a@b.example"}
        )
        invoice = self.make_invoice(50.0, partner=partner)
        self.assertIn(
            "The customer has no phone number.", self.errors(invoice, channel="sms")
        )

    def test_several_open_installments_need_partial_payment(self):
        invoice = self.make_installment_invoice(100.0)
        self.assertTrue(any("installments" in e for e in self.errors(invoice)))
