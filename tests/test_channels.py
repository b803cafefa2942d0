from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.tests import new_test_user, tagged

from odoo.addons.sms.tests.common import MockSMS

from .common import PayLinkCommon
from .qr_reader import decode_qr

IBAN = "FR7630006000011234567890189"
RF_REFERENCE = "RF18539007547034"


@tagged("post_install", "-at_install")
class TestChannels(PayLinkCommon, MockSMS):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.counter_user = new_test_user(
            cls.env,
            login="counter",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[fields.Command.set(cls.company.ids)],
        )

    def send_by_sms(self, invoice=None):
        invoice = invoice or self.invoice
        wizard = (
            self.env["pay.link.send"]
            .with_context(**invoice.action_send_pay_link()["context"])
            .create({"channel": "sms"})
        )
        wizard.action_send()
        return invoice.pay_link_ids

    def bodies(self, records):
        return " ".join(records.message_ids.mapped("body"))

    def expire(self, link):
        self.set_expiry(link, fields.Datetime.now() - timedelta(hours=1))
        link._expire_if_due()

    # --- SMS -------------------------------------------------------------------

    def test_sms_carries_merchant_amount_and_link_to_normalised_number(self):
        with self.mockSMSGateway():
            link = self.send_by_sms()
        self.assertEqual(len(self._sms), 1)
        sms = self._sms[0]
        self.assertEqual(sms["number"], "+33612345678")
        self.assertEqual(link.recipient_phone, "+33612345678")
        for part in (self.company.name, link.url, "240.00", self.invoice.name):
            self.assertIn(part, sms["body"])
        self.assertEqual(link.state, "sent")

    def test_sms_rejected_at_sending_shows_in_the_form_and_on_the_invoice(self):
        wizard = (
            self.env["pay.link.send"]
            .with_context(**self.invoice.action_send_pay_link()["context"])
            .create({"channel": "sms"})
        )
        with self.mockSMSGateway(sim_error="wrong_number_format"):
            action = wizard.action_send()
        link = self.invoice.pay_link_ids
        self.assertEqual(action["params"]["type"], "danger")
        self.assertIn("could not be sent", action["params"]["message"])
        self.assertIn("Wrong Number Format", action["params"]["message"])
        self.assertIn("could not be delivered", self.bodies(link))
        activity = self.invoice.activity_ids
        self.assertEqual(activity.summary, "Payment link SMS not delivered")
        self.assertIn(link.name, activity.note)
        self.assertEqual(activity.user_id, self.env.user)

        # the customer paid after all: nothing left to do
        activity_type = activity.activity_type_id
        self.make_transaction(link)._set_done()
        self.assertEqual(link.state, "paid")
        self.assertFalse(self.invoice.activity_ids)
        done = self.invoice.message_ids.filtered("mail_activity_type_id")
        self.assertEqual(done.mail_activity_type_id, activity_type)
        self.assertIn(f"Payment link {link.name} paid.", done.body)

    def test_sms_delivery_failure_reported_later_is_logged_once(self):
        with self.mockSMSGateway():
            link = self.send_by_sms()
        tracker = self.env["sms.tracker"].search(
            [
                ("mail_notification_id.mail_message_id.res_id", "=", link.id),
                ("mail_notification_id.mail_message_id.model", "=", "pay.link"),
            ]
        )
        self.assertEqual(len(tracker), 1)
        # As the /sms/status route does on a delivery report.
        tracker.sudo()._action_update_from_provider_error("not_delivered")
        tracker.sudo()._action_update_from_provider_error("not_delivered")
        failures = link.message_ids.filtered(
            lambda m: "could not be delivered" in m.body
        )
        self.assertEqual(len(failures), 1)
        self.assertIn("Not Delivered", failures.body)

    # --- QR code in person -----------------------------------------------------

    def test_qr_png_holds_only_the_url_and_is_cacheable(self):
        link = self.make_link()
        response = self.url_open(f"{link._pay_page_path()}/qr.png")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "image/png")
        self.assertIn("max-age", response.headers["Cache-Control"])
        self.assertEqual(decode_qr(response.content), link.url)

    def test_show_qr_code_shows_a_fresh_link_that_turns_paid(self):
        action = self.invoice.with_user(self.counter_user).action_pay_link_counter()
        link = self.invoice.pay_link_ids
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["url"], f"/pay/{link.token}/counter")
        self.assertEqual((link.channel, link.state), ("qr", "sent"))

        self.authenticate("counter", "counter")
        page = self.url_open(action["url"])
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"/pay/{link.token}/qr.png", page.text)
        self.assertIn(link.reference, page.text)
        self.assertIn("240.00", page.text)
        self.assertEqual(
            self.url_open(f"/pay/{link.token}/status").json()["state"], "sent"
        )

        self.make_transaction(link)._set_done()
        status = self.url_open(f"/pay/{link.token}/status").json()
        self.assertEqual(status, {"state": "paid", "message": "Paid"})

    def test_show_qr_code_shows_the_valid_link_already_emailed(self):
        emailed = self.make_link(channel="email")
        action = self.invoice.with_user(self.counter_user).action_pay_link_counter()
        self.assertEqual(action["url"], f"/pay/{emailed.token}/counter")
        self.assertEqual(self.invoice.pay_link_ids, emailed)
        self.assertEqual(emailed.state, "sent")
        self.assertIn("QR code shown", emailed.message_ids[0].body)

    def test_counter_page_needs_a_logged_in_user(self):
        link = self.make_link(channel="qr")
        response = self.url_open(f"/pay/{link.token}/counter", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    # --- invoice PDF -------------------------------------------------------------

    def render_invoice(self, invoice=None):
        invoice = invoice or self.invoice
        html, _ = self.env["ir.actions.report"]._render_qweb_html(
            "account.account_invoices", invoice.ids
        )
        return html.decode()

    def test_invoice_pdf_shows_the_valid_link(self):
        link = self.make_link()
        self.company.pay_link_button_color = "#123456"
        html = self.render_invoice()
        self.assertIn(link.url, html)
        self.assertIn("Pay online", html)
        self.assertIn("#123456", html)
        self.assertIn("data:image/png;base64,", html)

    def test_invoice_pdf_without_link_or_when_disabled(self):
        self.assertNotIn("/pay/", self.render_invoice())
        link = self.make_link()
        self.company.pay_link_on_pdf = False
        self.assertNotIn(link.url, self.render_invoice())

    def test_printing_creates_a_link_when_the_setting_asks(self):
        self.company.pay_link_create_on_pdf = True
        html = self.render_invoice()
        link = self.invoice.pay_link_ids
        self.assertEqual(len(link), 1)
        self.assertEqual((link.channel, link.state), ("link", "sent"))
        self.assertIn(link.url, html)
        self.render_invoice()
        self.assertEqual(
            self.invoice.pay_link_ids, link, "printing again reuses the link"
        )

    # --- renewal from the pay page ---------------------------------------------

    def post_renew(self, link):
        """What a forged renewal request does (the page offers none)."""
        self.opener.post(f"{self.base_url()}{link._pay_page_path()}/renew")
        self.env.invalidate_all()

    def renew(self, link):
        page = self.url_open(link._pay_page_path())
        self.assertIn(
            f'action="{link._pay_page_path()}/renew"',
            page.text,
            "the expired page offers a renewal",
        )
        # The form sends nothing but the link's token, in its URL.
        response = self.opener.post(f"{self.base_url()}{link._pay_page_path()}/renew")
        self.env.invalidate_all()
        return response

    def test_customer_renews_an_expired_link(self):
        self.company.pay_link_customer_renew = True
        link = self.make_link()
        self.expire(link)
        response = self.renew(link)
        new_link = link.superseded_by_id
        self.assertTrue(new_link)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith(new_link._pay_page_path()))
        self.assertEqual(new_link.state, "opened")
        self.assertEqual(new_link.amount, link.amount)
        self.assertGreater(new_link.expiry_date, fields.Datetime.now())
        self.assertIn("requested by the customer", self.bodies(new_link))

    def test_renewal_leads_to_the_link_that_already_replaced_it(self):
        self.company.pay_link_customer_renew = True
        link = self.make_link()
        self.expire(link)
        first = link._renew_by_customer()
        self.assertEqual(link._renew_by_customer(), first)
        self.make_transaction(first)
        self.assertEqual(link._renew_by_customer(), first, "payment in progress")
        self.assertEqual(first.state, "in_progress")

    def test_a_replaced_link_leads_to_the_link_replacing_it(self):
        old = self.make_link()
        new = self.make_link()
        self.assertEqual(old.superseded_by_id, new)
        page = self.url_open(old._pay_page_path())
        self.assertTrue(page.url.endswith(new._pay_page_path()))

    def test_a_link_a_user_cancelled_is_never_renewed_by_the_customer(self):
        self.company.pay_link_customer_renew = True
        old = self.make_link()
        new = self.make_link()
        new.action_cancel()
        self.assertFalse(old._can_customer_renew())
        self.post_renew(old)
        self.assertEqual(self.invoice.pay_link_ids, old | new, "no third link")
        expired = self.make_link(invoice=self.make_invoice(70.0))
        self.expire(expired)
        expired.action_cancel()
        self.assertEqual(expired.cancel_reason, "user")
        self.assertNotIn("/renew", self.url_open(expired._pay_page_path()).text)
        self.post_renew(expired)
        self.assertFalse(expired.superseded_by_id)

    def test_expired_link_says_contact_the_merchant_without_renewal(self):
        self.company.pay_link_customer_renew = False
        link = self.make_link()
        self.expire(link)
        page = self.url_open(link._pay_page_path())
        self.assertNotIn("/renew", page.text)
        self.assertIn("Please contact", page.text)
        response = self.opener.post(f"{self.base_url()}{link._pay_page_path()}/renew")
        self.assertTrue(response.url.endswith(link._pay_page_path()))
        self.assertFalse(link.superseded_by_id)

    # --- EPC QR code -----------------------------------------------------------

    def add_iban(self):
        return self.env["res.partner.bank"].create(
            {
                "acc_number": IBAN,
                "partner_id": self.company.partner_id.id,
            }
        )

    def make_eur_link(self, **values):
        eur = self.env.ref("base.EUR")
        eur.active = True
        return self.make_link(currency_id=eur.id, **values)

    def test_epc_payload_structured_rf_or_text(self):
        """EPC069-12 lines: service tag, version, UTF-8, SCT, BIC, name, IBAN,
        amount, purpose, then the RF reference or the text."""
        self.add_iban()
        link = self.make_eur_link(reference=RF_REFERENCE)
        header = ["BCD", "002", "1", "SCT", "", self.company.name, IBAN, "EUR240"]
        self.assertEqual(link._epc_payload().split("\n"), [*header, "", RF_REFERENCE])
        link = self.make_eur_link(invoice=self.make_invoice(240.0))
        self.assertEqual(
            link._epc_payload().split("\n"), [*header, "", "", link.reference]
        )

    def test_epc_on_pay_page_for_eur_with_iban_only(self):
        link = self.make_eur_link()
        self.assertIsNone(link._epc_payload(), "no IBAN, no EPC code")
        self.add_iban()
        page = self.url_open(link._pay_page_path())
        self.assertIn(f"/pay/{link.token}/epc.png", page.text)
        image = self.url_open(f"{link._pay_page_path()}/epc.png")
        self.assertEqual(image.status_code, 200)
        self.assertEqual(decode_qr(image.content), link._epc_payload())

        usd = self.make_link(currency_id=self.env.ref("base.USD").id)
        self.assertIsNone(usd._epc_payload(), "EPC codes are for EUR only")
        self.assertNotIn("epc.png", self.url_open(usd._pay_page_path()).text)
        response = self.url_open(f"{usd._pay_page_path()}/epc.png")
        self.assertEqual(response.status_code, 404)

    # --- expiry ----------------------------------------------------------------

    def test_expiry_cron_expires_logs_and_cancels_the_provider_session(self):
        link = self.make_link()
        live = self.make_link(invoice=self.make_invoice(100.0))
        pay_link_class = type(self.env["pay.link"])
        with (
            freeze_time(link.expiry_date + timedelta(hours=1)),
            patch.object(
                pay_link_class, "_close_provider_sessions", autospec=True
            ) as cancel,
        ):
            self.set_expiry(live, fields.Datetime.now() + timedelta(days=1))
            self.env["pay.link"]._cron_expire_links()
        self.assertEqual(link.state, "expired")
        self.assertEqual(live.state, "sent")
        self.assertEqual(cancel.call_count, 1)
        self.assertEqual(cancel.call_args.args[0], link)
        self.assertIn("Payment link expired.", self.bodies(link))
        self.assertIn("Payment link expired.", self.bodies(self.invoice))
