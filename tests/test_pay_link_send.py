from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import PayLinkCommon


@tagged("post_install", "-at_install")
class TestPayLinkSend(PayLinkCommon):
    def open_wizard(self, invoices, new_link=False):
        if new_link:
            action = invoices.action_new_pay_link()
        else:
            action = invoices.action_send_pay_link()
        return Form(self.env["pay.link.send"].with_context(**action["context"]))

    def test_form_is_prefilled_from_invoice_and_partner(self):
        form = self.open_wizard(self.invoice)
        self.assertEqual(form.amount, self.invoice.amount_residual)
        self.assertEqual(
            form.reference, self.invoice.payment_reference or self.invoice.name
        )
        self.assertEqual(form.recipient_email, self.customer.email)
        self.assertEqual(form.customer_type, "company")
        self.assertEqual(form.company_identifier, "FR40303265045")
        self.assertEqual(form.company_identifier_kind, "VAT")
        self.assertIn("/pay/", form.url)
        self.assertIn(form.url, form.body)

    def test_phone_without_prefix_is_normalised_with_a_warning(self):
        form = self.open_wizard(self.invoice)
        self.assertEqual(form.phone_e164, "+33612345678")
        self.assertIn("FR was assumed", form.phone_warning)
        form.recipient_phone = "+32 470 12 34 56"
        self.assertEqual(form.phone_e164, "+32470123456")
        self.assertFalse(form.phone_warning)

    def test_send_by_email_creates_the_link_and_queues_the_email(self):
        form = self.open_wizard(self.invoice)
        form.save().action_send()
        link = self.invoice.pay_link_ids
        self.assertEqual(link.state, "sent")
        self.assertEqual(link.recipient_phone, "+33612345678")
        mail = self.env["mail.mail"].search([("email_to", "=", self.customer.email)])
        self.assertEqual(len(mail), 1)
        self.assertIn(link.url, mail.body_html)
        self.assertTrue(mail.attachment_ids)
        self.assertIn(
            "Payment link sent to", " ".join(self.invoice.message_ids.mapped("body"))
        )

    def test_user_can_edit_the_email_before_sending(self):
        form = self.open_wizard(self.invoice)
        form.subject = "Votre facture"
        form.body = "<p>Bonjour, voici le lien</p>"
        form.save().action_send()
        mail = self.env["mail.mail"].search([("email_to", "=", self.customer.email)])
        self.assertEqual(mail.subject, "Votre facture")
        self.assertIn("voici le lien", mail.body_html)

    def test_resend_keeps_the_same_valid_link(self):
        self.open_wizard(self.invoice).save().action_send()
        link = self.invoice.pay_link_ids
        form = self.open_wizard(self.invoice)
        self.assertEqual(form.url, link.url)
        form.save().action_send()
        self.assertEqual(self.invoice.pay_link_ids, link)
        self.assertIn("sent again", link.message_ids[0].body)

    def test_new_link_supersedes_the_old_one(self):
        self.open_wizard(self.invoice).save().action_send()
        old = self.invoice.pay_link_ids
        self.open_wizard(self.invoice, new_link=True).save().action_send()
        new = self.invoice.pay_link_ids - old
        self.assertEqual(old.state, "cancelled")
        self.assertEqual(old.superseded_by_id, new)
        self.assertNotEqual(old.token, new.token)

    def test_sms_channel_needs_a_valid_number(self):
        form = self.open_wizard(self.invoice)
        form.channel = "sms"
        form.recipient_phone = "12"
        with self.assertRaisesRegex(UserError, "valid mobile number"):
            form.save().action_send()
        self.assertFalse(self.invoice.pay_link_ids)

    def test_sms_channel_sends_the_link_by_sms(self):
        form = self.open_wizard(self.invoice)
        form.channel = "sms"
        form.save().action_send()
        link = self.invoice.pay_link_ids
        sms = self.env["sms.sms"].search([("number", "=", "+33612345678")])
        self.assertEqual(len(sms), 1)
        self.assertIn(link.url, sms.body)

    def test_partial_amount_is_refused_unless_allowed(self):
        form = self.open_wizard(self.invoice)
        wizard = form.save()
        wizard.amount = 10.0
        with self.assertRaisesRegex(UserError, "Partial payment is not allowed"):
            wizard.action_send()
        self.assertFalse(self.invoice.pay_link_ids)

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
        action = wizard.create({"channel": "sms"}).action_send()
        self.assertIn("cannot receive SMS", action["params"]["message"])
        self.assertFalse(invoice.pay_link_ids)
        self.assertEqual(self.invoice.pay_link_ids.channel, "sms")
