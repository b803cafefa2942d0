from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, tagged

from .common import PayLinkCommon


@tagged("post_install", "-at_install")
class TestPayLinkSend(PayLinkCommon, HttpCase):
    def open_wizard(self, invoices, new_link=False):
        if new_link:
            action = invoices.action_new_pay_link()
        else:
            action = invoices.action_send_pay_link()
        return Form(self.env["pay.link.send"].with_context(**action["context"]))

    def sent_mail(self):
        return self.env["mail.mail"].search([("email_to", "=", self.customer.email)])

    def test_form_is_prefilled_from_invoice_and_partner(self):
        form = self.open_wizard(self.invoice)
        self.assertEqual(form.amount, self.invoice.amount_residual)
        self.assertEqual(
            form.reference, self.invoice.payment_reference or self.invoice.name
        )
        self.assertEqual(form.recipient_email, self.customer.email)
        self.assertEqual(form.customer_type, "company")
        self.assertEqual(form.company_identifier, "FR40303265045")
        self.assertEqual(form.company_identifier_kind, "vat")
        self.assertIn(form.url, form.body)
        self.assertEqual(form.pdf_name, "INV_2019_00001.pdf")
        self.assertFalse(form.errors)

    def test_phone_without_prefix_is_normalised_with_a_warning(self):
        form = self.open_wizard(self.invoice)
        self.assertEqual(form.phone_e164, "+33612345678")
        self.assertIn("FR was assumed", form.phone_warning)
        form.recipient_phone = "+32 470 12 34 56"
        self.assertEqual(form.phone_e164, "+32470123456")
        self.assertFalse(form.phone_warning)

    def test_send_by_email_sends_the_invoice_pdf_and_marks_it_sent(self):
        self.open_wizard(self.invoice).save().action_send()
        link = self.invoice.pay_link_ids
        self.assertEqual(link.state, "sent")
        self.assertEqual(link.recipient_phone, "+33612345678")
        mail = self.sent_mail()
        self.assertEqual(len(mail), 1)
        self.assertIn(link.url, mail.body_html)
        self.assertIn("Your invoice", mail.body_html)
        pdf = self.invoice.invoice_pdf_report_id
        self.assertEqual(mail.attachment_ids.mapped("raw"), [pdf.raw])
        self.assertEqual(mail.attachment_ids.name, pdf.name)
        self.assertTrue(self.invoice.is_move_sent)
        # The chatter says it once: the email on the invoice, the note on the link.
        self.assertIn(mail.mail_message_id, self.invoice.message_ids)
        self.assertIn("Payment link sent to", link.message_ids[0].body)
        invoice_bodies = " ".join(self.invoice.message_ids.mapped("body"))
        self.assertNotIn("Payment link sent to", invoice_bodies)

    def test_after_sending_the_user_is_told_and_can_open_the_link(self):
        action = self.open_wizard(self.invoice).save().action_send()
        link = self.invoice.pay_link_ids
        params = action["params"]
        self.assertEqual(
            (action["tag"], params["type"]), ("display_notification", "success")
        )
        self.assertIn(f"{link.name} sent to {self.customer.email}", params["message"])
        # Two links, apart, each saying where it leads.
        self.assertTrue(params["message"].endswith(". %s · %s"), params["message"])
        labels = [each["label"] for each in params["links"]]
        self.assertEqual(labels, ["Open the pay page", f"Open {link.name}"])
        urls = [each["url"] for each in params["links"]]
        self.assertEqual(urls, [link.url, f"/odoo/pay.link/{link.id}"])
        self.assertEqual(self.url_open(urls[0]).status_code, 200)
        self.assertEqual(params["next"], {"type": "ir.actions.act_window_close"})

    def test_resending_a_link_fills_what_it_lacks_from_the_customer(self):
        link = self.make_link(
            channel="link", recipient_phone=False, company_identifier=False
        )
        self.assertFalse(link.recipient_phone or link.company_identifier)
        action = link.action_open_send_wizard()
        form = Form(self.env["pay.link.send"].with_context(**action["context"]))
        self.assertEqual(form.recipient_phone, self.customer.mobile)
        self.assertEqual(form.phone_e164, "+33612345678")
        self.assertEqual(form.company_identifier, "FR40303265045")
        self.customer.mobile = False
        self.customer.phone = "+33 4 78 00 12 34"
        form = Form(self.env["pay.link.send"].with_context(**action["context"]))
        self.assertEqual(form.phone_e164, "+33478001234")
        form.channel = "email"
        form.save().action_send()
        self.assertEqual(link.recipient_phone, "+33478001234")
        self.assertEqual(link.company_identifier, "FR40303265045")

    def test_user_edits_the_email_adds_a_cc_and_removes_the_pdf(self):
        accountant = self.env["res.partner"].create(
            {"name": "Expert-comptable", "email": "expert@cabinet.example"}
        )
        form = self.open_wizard(self.invoice)
        form.subject = "Votre facture"
        form.body = "<p>Bonjour, voici le lien</p>"
        form.cc_partner_ids.add(accountant)
        form.attach_pdf = False
        form.save().action_send()
        mail = self.sent_mail()
        self.assertEqual(mail.subject, "Votre facture")
        self.assertIn("voici le lien", mail.body_html)
        self.assertIn("expert@cabinet.example", mail.email_cc)
        self.assertFalse(mail.attachment_ids)

    def test_email_uses_the_button_colour_and_names_the_ways_to_pay(self):
        self.company.pay_link_button_color = "#0A7E3B"
        body = self.open_wizard(self.invoice).body
        self.assertIn("background-color:#0A7E3B", body.replace(" ", ""))
        self.assertIn(self.demo_provider.payment_method_ids[0].name, body)
        self.assertNotIn("by bank transfer or by card", body)

    def test_resend_keeps_the_same_valid_link(self):
        self.open_wizard(self.invoice).save().action_send()
        link = self.invoice.pay_link_ids
        form = self.open_wizard(self.invoice)
        self.assertTrue(form.reuses_link)
        self.assertEqual(form.live_url, link.url)
        self.assertFalse(form.replaced_link_id)
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

    def test_the_form_says_before_sending_that_a_link_being_paid_is_replaced(self):
        old = self.make_link(channel="email")
        self.make_transaction(old)
        form = self.open_wizard(self.invoice)
        self.assertFalse(form.reuses_link)
        self.assertEqual(form.replaced_link_id, old)
        form.save().action_send()
        self.assertEqual(old.superseded_by_id.state, "sent")

    # --- a link shown is a link that works ---------------------------------------

    def test_the_link_is_shown_to_copy_only_once_it_works(self):
        form = self.open_wizard(self.invoice)
        form.channel = "link"
        self.assertFalse(form.live_url, "no dead link to copy")
        action = form.save().action_send()
        link = self.invoice.pay_link_ids
        self.assertEqual((link.state, link.channel), ("sent", "link"))
        self.assertIn("activated", link.message_ids[0].body)
        again = Form(self.env["pay.link.send"].with_context(**action["context"]))
        self.assertEqual(again.live_url, link.url)
        self.assertTrue(again.reuses_link, "no second activation")
        self.assertEqual(self.url_open(again.live_url).status_code, 200)

    def test_accountant_copies_a_link_only_once_it_works(self):
        self.start_tour(
            f"/odoo/action-account.action_move_out_invoice_type/{self.invoice.id}",
            "pay_by_link_copy_link",
            login=self.env.user.login,
        )
        link = self.invoice.pay_link_ids
        self.assertEqual((link.state, link.channel), ("sent", "link"))

    # --- refusals at once ----------------------------------------------------------

    def test_an_ineligible_invoice_shows_its_reasons_when_the_form_opens(self):
        dollars = self.init_invoice(
            "out_invoice",
            partner=self.customer,
            amounts=[25000.0],
            currency=self.env.ref("base.USD"),
            post=True,
        )
        self.assertIn("USD is not accepted", dollars.pay_link_errors)
        form = self.open_wizard(dollars)
        self.assertIn("USD is not accepted", form.errors)
        self.assertIn("between $\xa01.00 and $\xa020,000.00", form.errors)
        self.assertFalse(self.invoice.pay_link_errors)

    def test_a_paid_invoice_gets_one_reason_the_right_one(self):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.invoice.ids
        ).create({})._create_payments()
        self.assertEqual(
            self.invoice._pay_link_eligibility_errors(channel="email"),
            ["The invoice is already paid."],
        )
        self.assertEqual(self.invoice.pay_link_errors, "The invoice is already paid.")

    def test_identifier_kind_is_shown_in_the_users_language(self):
        """ "Recognised as" is a label the web client gets translated (TVA
        in French), not a code."""
        self.env["res.lang"]._activate_lang("fr_FR")
        vat = self.env["ir.model.fields.selection"].search(
            [
                ("field_id.model", "=", "pay.link.send"),
                ("field_id.name", "=", "company_identifier_kind"),
                ("value", "=", "vat"),
            ]
        )
        vat.with_context(lang="fr_FR").name = "TVA"
        form = self.open_wizard(self.invoice)
        self.assertEqual(form.company_identifier_kind, "vat")
        form.company_identifier = "73282932000074"
        self.assertEqual(form.company_identifier_kind, "siret")
        form.company_identifier = "FR40303265045"
        french = self.env["pay.link.send"].with_context(lang="fr_FR")
        labels = dict(
            french.fields_get(["company_identifier_kind"])["company_identifier_kind"][
                "selection"
            ]
        )
        self.assertEqual(labels[form.company_identifier_kind], "TVA")

    def test_an_identifier_being_typed_does_not_break_the_form(self):
        form = self.open_wizard(self.invoice)
        form.company_identifier = "FR40"
        form.channel = "sms"  # shows the SMS, as the customer will get it
        self.assertEqual(form.company_identifier_kind, "invalid")
        with self.assertRaisesRegex(UserError, "not a valid SIREN"):
            form.save().action_send()
        self.assertFalse(self.invoice.pay_link_ids)

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
        self.assertIn("Partial payment is not allowed", wizard.errors)
        with self.assertRaisesRegex(UserError, "Partial payment is not allowed"):
            wizard.action_send()
        self.assertFalse(self.invoice.pay_link_ids)
