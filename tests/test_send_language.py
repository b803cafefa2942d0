import base64
from datetime import timedelta
from pathlib import Path

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from odoo.addons.sms.tests.common import MockSMS

from .common import PayLinkCommon

FRENCH_PDF = Path(__file__).parent / "fixtures" / "invoices" / "text_fr_deposit.pdf"


@tagged("post_install", "-at_install")
class TestSendLanguage(PayLinkCommon, MockSMS):
    """Every message to a customer is in the customer's language, subject and
    email layout included, whatever the language of the user who sends it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(
            ["mail", "pay_by_link"], ["fr_FR"]
        )
        cls.customer.lang = "fr_FR"
        cls.english = cls.env["res.partner"].create(
            {
                "name": "Seán Murphy",
                "email": "sean@example.ie",
                "mobile": "+353 87 123 4567",
                "lang": "en_US",
            }
        )

    def open_wizard(self, invoices):
        context = invoices.action_send_pay_link()["context"]
        return Form(self.env["pay.link.send"].with_context(**context))

    def mail_to(self, email):
        return self.env["mail.mail"].search([("email_to", "=", email)])

    def test_the_form_shows_and_sends_the_email_in_french(self):
        self.assertEqual(self.env.user.lang, "en_US")
        form = self.open_wizard(self.invoice)
        self.assertEqual(form.message_lang, "fr_FR")
        self.assertIn("payez en ligne la facture", form.subject)
        self.assertIn("Bonjour Boulangerie Martin", form.body)
        self.assertIn("240,00", form.body)
        form.save().action_send()
        mail = self.mail_to(self.customer.email)
        self.assertIn("payez en ligne la facture", mail.subject)
        self.assertIn("Votre facture", mail.body_html)
        self.assertIn("Payer maintenant", mail.body_html)
        self.assertNotIn("Please find attached", mail.body_html)

    def test_the_sms_is_in_french(self):
        form = self.open_wizard(self.invoice)
        form.channel = "sms"
        self.assertIn("Payez en ligne", form.sms_body)
        with self.mockSMSGateway():
            form.save().action_send()
        self.assertIn("Payez en ligne", self._sms[0]["body"])
        self.assertIn("240,00", self._sms[0]["body"])

    def test_the_bulk_send_writes_to_each_customer_in_their_language(self):
        english_invoice = self.make_invoice(90.0, partner=self.english)
        invoices = self.invoice + english_invoice
        self.open_wizard(invoices).save().action_send()
        french = self.mail_to(self.customer.email)
        self.assertIn("payez en ligne la facture", french.subject)
        self.assertIn("Votre facture", french.body_html)
        english = self.mail_to(self.english.email)
        self.assertIn("pay invoice", english.subject)
        self.assertIn("Your invoice", english.body_html)

        wizard = self.env["pay.link.send"].with_context(
            **invoices.action_send_pay_link()["context"]
        )
        with self.mockSMSGateway():
            wizard.create({"channel": "sms"}).action_send()
        bodies = {sms["number"]: sms["body"] for sms in self._sms}
        self.assertIn("Payez en ligne", bodies["+33612345678"])
        self.assertIn("Pay online", bodies["+353871234567"])

    def test_reminders_and_confirmations_name_the_invoice_in_french(self):
        self.company.write(
            {"pay_link_confirmation_email": True, "pay_link_validity_days": 30}
        )
        link = self.make_link(channel="email")
        with freeze_time(fields.Datetime.now() + timedelta(days=8)):
            self.env["pay.link"]._cron_send_reminders()
        reminder = self.env["mail.mail"].search(
            [("model", "=", "pay.link"), ("res_id", "=", link.id)]
        )
        self.assertIn("relance", reminder.subject)
        self.assertIn("Votre facture", reminder.body_html)
        self.assertIn(self.invoice.name.replace("/", "-"), reminder.body_html)
        self.assertNotIn(link.name.replace("/", "-"), reminder.body_html)

        self.make_transaction(link)._set_done()
        confirmation = (
            self.env["mail.mail"].search(
                [("model", "=", "pay.link"), ("res_id", "=", link.id)]
            )
            - reminder
        )
        self.assertIn("paiement reçu", confirmation.subject)
        self.assertIn("Votre facture", confirmation.body_html)

    def test_a_link_from_a_french_pdf_writes_in_french_to_the_customer_created(self):
        reader = Form(self.env["pay.link.invoice.reader"])
        reader.pdf_file = base64.b64encode(FRENCH_PDF.read_bytes())
        self.assertEqual(reader.partner_lang, "fr_FR")
        action = reader.save().action_continue()
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertEqual(form.message_lang, "fr_FR")
        self.assertIn("payez en ligne la facture", form.subject)
        form.channel = "sms"
        self.assertIn("Payez en ligne", form.sms_body)
        form.channel = "email"
        form.save().action_send()
        mail = self.mail_to("compta@primeurs-halles.fr")
        self.assertIn("payez en ligne la facture VR-2024-0192", mail.subject)
        self.assertEqual(mail.model, "pay.link")
        self.assertEqual(
            self.env["pay.link"].browse(mail.res_id).partner_id.lang, "fr_FR"
        )

    def test_a_language_not_installed_falls_back_to_the_company_s(self):
        """A customer whose language is not installed (imported with it, or
        removed since) gets the messages in the company's language."""
        self.company.write({"pay_link_validity_days": 30})
        self.company.partner_id.lang = "fr_FR"
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET lang = 'de_DE' WHERE id = %s", [self.customer.id]
        )
        self.customer.invalidate_recordset(["lang"])
        form = self.open_wizard(self.invoice)
        self.assertEqual(form.message_lang, "fr_FR")
        self.assertIn("payez en ligne la facture", form.subject)
        # Odoo prints the invoice PDF in the customer's language only
        wizard = form.save()
        with (
            self.assertRaisesRegex(UserError, r"language .* \(de_DE\) is not"),
            self.env.cr.savepoint(),
        ):
            wizard.action_send()
        wizard.attach_pdf = False
        wizard.action_send()
        self.assertIn("Votre facture", self.mail_to(self.customer.email).body_html)

        # and so do the reminders, in the company's language of the day
        self.company.partner_id.lang = "en_US"
        link = self.invoice.pay_link_ids
        with freeze_time(fields.Datetime.now() + timedelta(days=8)):
            self.env["pay.link"]._cron_send_reminders()
        reminder = self.env["mail.mail"].search(
            [("model", "=", "pay.link"), ("res_id", "=", link.id)]
        )
        self.assertIn("reminder", reminder.subject)
