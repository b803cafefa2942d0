from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.sms.tests.common import MockSMS

from .common import PayLinkCommon

SENT_AT = datetime(2025, 3, 3, 9, 0)


@tagged("post_install", "-at_install")
class TestReminders(PayLinkCommon, MockSMS):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"pay_link_validity_days": 60, "pay_link_reminder_days": "7,15,30"}
        )
        cls.env.user.email = "sales@company.example"

    # --- helpers -----------------------------------------------------------------

    def send_link(self, invoice=None, channel="email", **values):
        with freeze_time(SENT_AT):
            return self.make_link(invoice=invoice, channel=channel, **values)

    def run_cron(self, day, hours=1):
        """Run the reminder cron ``day`` days (and ``hours``) after the sending."""
        with freeze_time(SENT_AT + timedelta(days=day, hours=hours)):
            self.env["pay.link"]._cron_send_reminders()
        self.env.invalidate_all()

    def reminder_mails(self):
        return self.env["mail.mail"].search(
            [("model", "=", "pay.link"), ("subject", "ilike", "reminder")], order="id"
        )

    def reminder_logs(self, record):
        return record.message_ids.filtered(lambda m: "Reminder" in (m.body or ""))

    # --- schedule --------------------------------------------------------------

    def test_a_reminder_at_each_offset_and_never_twice(self):
        link = self.send_link()
        self.run_cron(6)
        self.assertFalse(self.reminder_mails())
        for day, count in ((7, 1), (7, 1), (10, 1), (15, 2), (15, 2), (30, 3), (45, 3)):
            self.run_cron(day)
            self.assertEqual(len(self.reminder_mails()), count, f"day {day}")
            self.assertEqual(link.reminder_count, count)
        self.assertEqual(link.reminder_last_offset, 30)
        self.assertEqual(len(self.reminder_logs(link)), 3)
        self.assertEqual(len(self.reminder_logs(self.invoice)), 3)
        self.assertIn("Reminder 2 (day 15)", self.reminder_logs(link)[1].body)

    def test_missed_days_give_one_reminder_for_the_latest_offset(self):
        link = self.send_link()
        self.run_cron(16)
        self.assertEqual(len(self.reminder_mails()), 1)
        self.assertEqual((link.reminder_count, link.reminder_last_offset), (1, 15))
        self.run_cron(29)
        self.assertEqual(len(self.reminder_mails()), 1)

    def test_reminder_email_content_and_sender_in_copy(self):
        link = self.send_link()
        self.run_cron(7)
        mail = self.reminder_mails()
        self.assertEqual(mail.email_to, link.recipient_email)
        self.assertIn("sales@company.example", mail.email_cc)
        self.assertIn(link.url, mail.body_html)
        self.assertIn("240.00", mail.body_html)
        self.assertIn(self.invoice.name, mail.subject)

    def test_admin_chooses_the_days(self):
        self.company.pay_link_reminder_days = " 3 , 10"
        self.assertEqual(self.company._pay_link_reminder_offsets(), [3, 10])
        link = self.send_link()
        self.run_cron(3)
        self.run_cron(7)
        self.assertEqual(link.reminder_last_offset, 3)
        for wrong in ("7,x", "0,7", "-1", "7;15"):
            with self.assertRaises(ValidationError):
                self.company.pay_link_reminder_days = wrong
        self.company.pay_link_reminder_days = False
        self.run_cron(10)
        self.assertEqual(link.reminder_count, 1)

    # --- a reminder never carries a dead link ------------------------------------

    def test_expired_link_is_renewed_for_the_reminder(self):
        self.company.pay_link_validity_days = 5
        link = self.send_link()
        self.run_cron(7)
        new_link = link.superseded_by_id
        self.assertTrue(new_link)
        self.assertEqual(link.state, "expired")
        self.assertEqual(new_link.state, "sent")
        self.assertEqual(new_link.sent_by_id, link.sent_by_id)
        mail = self.reminder_mails()
        self.assertEqual(mail.res_id, new_link.id)
        self.assertIn(new_link.url, mail.body_html)
        self.assertNotIn(link.url, mail.body_html)
        self.assertEqual(
            (new_link.reminder_count, new_link.reminder_last_offset), (1, 7)
        )
        # The schedule goes on from the first sending, through the fresh links.
        self.run_cron(15)
        newest = new_link.superseded_by_id
        self.assertTrue(newest)
        self.assertEqual((newest.reminder_count, newest.reminder_last_offset), (2, 15))
        self.assertEqual(len(self.reminder_mails()), 2)

    # --- stop conditions ---------------------------------------------------------

    def test_no_reminder_once_paid_cancelled_stopped_or_in_progress(self):
        paid, cancelled, stopped, in_progress, by_hand = (
            self.make_invoice(amount) for amount in (100.0, 110.0, 120.0, 130.0, 140.0)
        )
        self.send_link(paid)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=paid.ids
        ).create({})._create_payments()
        self.send_link(cancelled).action_cancel()
        self.send_link(stopped).reminders_stopped = True
        with freeze_time(SENT_AT + timedelta(days=1)):
            self.make_transaction(self.send_link(in_progress))
        with freeze_time(SENT_AT):
            self.make_link(invoice=by_hand, channel="link")
        self.run_cron(7)
        self.assertFalse(self.reminder_mails())
        self.assertFalse(self.env["pay.link"].search([("reminder_count", ">", 0)]))

    def test_link_without_invoice_is_reminded(self):
        with freeze_time(SENT_AT):
            link = self.env["pay.link"].create(
                {
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                    "currency_id": self.company.currency_id.id,
                    "amount": 75.0,
                    "reference": "EXT-2025-001",
                    "channel": "email",
                    "recipient_email": self.customer.email,
                }
            )
            link._mark_sent()
        self.run_cron(7)
        mail = self.reminder_mails()
        self.assertEqual(mail.res_id, link.id)
        self.assertIn("EXT-2025-001", mail.subject)
        self.assertIn(link.url, mail.body_html)

    # --- SMS ---------------------------------------------------------------------

    def test_sms_reminder_through_the_same_channel(self):
        link = self.send_link(channel="sms", recipient_phone="+33612345678")
        with self.mockSMSGateway():
            self.run_cron(7)
        sms = self._new_sms.filtered(lambda s: s.number == "+33612345678")
        self.assertEqual(len(sms), 1)
        for part in (link.url, "240.00", self.company.name, self.invoice.name):
            self.assertIn(part, sms.body)
        self.assertFalse(self.reminder_mails())
        self.assertEqual(link.reminder_count, 1)

    # --- volume ------------------------------------------------------------------

    def test_eligibility_queries_do_not_grow_with_the_number_of_links(self):
        def count_queries(links_count):
            for _ in range(links_count):
                self.send_link(self.make_invoice(50.0))
            with freeze_time(SENT_AT + timedelta(days=8)):
                self.env["pay.link"]._reminders_due()  # warm the caches up
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            with freeze_time(SENT_AT + timedelta(days=8)):
                due = self.env["pay.link"]._reminders_due()
            return len(due), self.env.cr.sql_log_count - before

        few, few_queries = count_queries(2)
        many, many_queries = count_queries(20)
        self.assertEqual((few, many), (2, 22))
        self.assertEqual(few_queries, many_queries)
