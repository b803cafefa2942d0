import base64
import json
from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, tagged

from ..lib.invoice_reader import ERROR_CODES, InvoiceReadError, Limits, read_invoice
from ..wizards import pay_link_invoice_reader
from .common import PayLinkCommon

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "invoices"
INVOICE = "text_fr_deposit.pdf"
OTHER_VAT = "FR44732829320"  # a company that is not the fixture's issuer


@tagged("post_install", "-at_install")
class TestInvoiceReaderWizard(PayLinkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accept_eur()
        cls.truth = cls.read_truth(INVOICE)

    @staticmethod
    def read_truth(name):
        return json.loads((FIXTURES / name).with_suffix(".json").read_text())

    def file(self, name=INVOICE):
        return (FIXTURES / name).read_bytes()

    def upload(self, name=INVOICE):
        """The form after an upload of the fixture `name`."""
        form = Form(self.env["pay.link.invoice.reader"])
        form.pdf_file = base64.b64encode(self.file(name))
        return form

    def drop(self, content, filename):
        """What the web client asks when a file is dropped: the onchange of
        its content and name together (an empty file comes as its name and
        no content)."""
        values = {
            "pdf_file": content and base64.b64encode(content),
            "pdf_name": filename,
        }
        spec = {name: {} for name in ("pdf_file", "pdf_name", "amount", "reference")}
        return self.env["pay.link.invoice.reader"].onchange(values, list(values), spec)

    def send_form(self, reader):
        action = reader.action_continue()
        return Form(self.env[action["res_model"]].with_context(**action["context"]))

    def send(self, reader, channel="email"):
        form = self.send_form(reader)
        form.channel = channel
        form.save().action_send()
        return self.env["pay.link"].search([], order="id desc", limit=1)

    def make_partner(self, **values):
        return self.env["res.partner"].create({"name": "Someone else", **values})

    def counts(self):
        models = ["pay.link.invoice.reader", "pay.link", "res.partner", "ir.attachment"]
        return {model: self.env[model].search_count([]) for model in models}

    # --- reading ---------------------------------------------------------------------

    def test_upload_reads_the_fields(self):
        form = self.upload()
        truth = self.truth
        self.assertEqual(form.amount, truth["amount"])
        self.assertEqual(form.currency_id.name, truth["currency"])
        self.assertEqual(form.reference, truth["reference"])
        self.assertEqual(form.customer_name, truth["name"])
        self.assertEqual(form.customer_type, "company")
        self.assertEqual(form.email, truth["email"])
        self.assertEqual(form.phone, "+33478001234")
        self.assertEqual(form.vat, truth["vat"])
        self.assertEqual(form.company_registry, truth["siret"])
        self.assertEqual(str(form.due_date), truth["due_date"])
        self.assertEqual(form.issuer_name, truth["issuer"])
        self.assertIn("Customer", form.to_check)  # a name is never certain
        self.assertNotIn("Amount", form.to_check)
        self.assertFalse(form.document_warning)

    def test_a_phone_photo_is_read(self):
        form = self.upload("photo_en_gb.jpg")
        truth = self.read_truth("photo_en_gb.jpg")
        self.assertEqual((form.amount, form.currency_id.name), (truth["amount"], "GBP"))
        self.assertEqual(form.reference, truth["reference"])
        self.assertEqual(form.read_source, "photo")
        reader = form.save()
        labels = dict(reader._fields["read_source"]._description_selection(self.env))
        self.assertEqual(
            labels[reader.read_source], "A photo, by character recognition"
        )
        self.assertEqual(
            reader._fields["pdf_file"].get_description(self.env)["string"],
            "Invoice PDF or photo",
        )

    def test_the_pdf_is_read_once(self):
        with patch.object(
            pay_link_invoice_reader, "read_invoice", wraps=read_invoice
        ) as reader:
            self.upload().save()
        self.assertEqual(reader.call_count, 1)

    def test_an_empty_file_says_so(self):
        counts = self.counts()
        with self.assertRaisesRegex(UserError, "The file is empty."):
            self.drop(b"", "invoice.pdf")
        with (
            self.assertRaisesRegex(UserError, "The file is empty."),
            self.env.cr.savepoint(),
        ):
            self.env["pay.link.invoice.reader"].web_save(
                {"pdf_name": "invoice.pdf", "pdf_file": False}, {"amount": {}}
            )
        self.assertEqual(self.counts(), counts)

    def test_a_dropped_file_is_read_with_its_name(self):
        values = self.drop(self.file(), INVOICE)["value"]
        self.assertEqual(values["reference"], self.truth["reference"])
        with self.assertRaisesRegex(UserError, "named .pdf but it is a JPEG image"):
            self.drop(self.file("bad/image_renamed.pdf"), "image_renamed.pdf")

    def test_rejected_files_give_a_precise_error_and_create_nothing(self):
        expected = {
            "bad/encrypted.pdf": "This PDF is encrypted; please upload an unprotected",
            "bad/not_a_pdf.pdf": "neither a PDF nor a photo",
            "bad/truncated.pdf": "This file is damaged or incomplete",
            "bad/huge_page.pdf": "Page 1 of this PDF is too large to be read",
            "bad/blank_page.pdf": "Page 1 of this file has no readable text",
            "not_invoice.pdf": "it does not look like an invoice",
        }
        counts = self.counts()
        for name, message in expected.items():
            with self.subTest(name), self.assertRaises(UserError) as caught:
                self.upload(name)
            self.assertIn(message, str(caught.exception))
        with self.assertRaisesRegex(UserError, "larger than 15 MB"):
            form = Form(self.env["pay.link.invoice.reader"])
            form.pdf_file = base64.b64encode(b"%PDF-1.7\n" + b"0" * 15 * 2**20)
        # a request that fails is rolled back as a whole
        with self.assertRaisesRegex(UserError, "encrypted"), self.env.cr.savepoint():
            self.env["pay.link.invoice.reader"].web_save(
                {"pdf_file": base64.b64encode(self.file("bad/encrypted.pdf"))},
                {"amount": {}},
            )
        self.assertEqual(self.counts(), counts)

    def test_a_read_over_its_time_is_stopped_with_a_message(self):
        counts = self.counts()
        limits = Limits(page_seconds=0.05)
        with patch.object(pay_link_invoice_reader, "READER_LIMITS", limits):
            with self.assertRaisesRegex(UserError, "took too long"):
                self.upload("scan_fr.pdf")
        self.assertEqual(self.counts(), counts)

    def test_every_reader_error_has_a_message(self):
        reader = self.env["pay.link.invoice.reader"]
        params = {"size": 1, "limit": 20, "pages": 30, "page": 2, "seconds": 20}
        for code in ERROR_CODES:
            message = reader._read_error_message(InvoiceReadError(code, "", **params))
            self.assertTrue(message, code)
        self.assertIn(
            "30 pages",
            reader._read_error_message(
                InvoiceReadError("too_many_pages", "", **params)
            ),
        )

    # --- what the document says --------------------------------------------------

    def test_a_credit_note_is_refused_at_once(self):
        form = self.upload("credit_note_fr.pdf")
        self.assertEqual(form.document_warning, "credit_note")
        self.assertEqual(form.amount, -240.0)
        with self.assertRaisesRegex(UserError, "credit note cannot be paid by link"):
            form.save().action_continue()

    def test_a_paid_receipt_says_nothing_is_left_to_pay(self):
        form = self.upload("receipt_paid_fr.pdf")
        self.assertEqual((form.document_warning, form.amount), ("already_paid", 0.0))
        with self.assertRaisesRegex(UserError, "already paid"):
            form.save().action_continue()

    def test_an_invoice_issued_by_another_company_needs_a_confirmation(self):
        self.company.partner_id.vat = OTHER_VAT
        issuer_vat = read_invoice(self.file()).issuer_vat
        self.make_partner(vat=self.truth["vat"])
        reader = self.upload().save()
        self.assertEqual(reader.issuer_mismatch, issuer_vat)
        with self.assertRaisesRegex(UserError, "issued by another company"):
            reader.action_continue()
        reader.issuer_confirmed = True
        self.assertEqual(reader.action_continue()["res_model"], "pay.link.send")

    def test_our_own_invoice_is_not_questioned(self):
        issuer = read_invoice(self.file())
        self.company.partner_id.write(
            {"vat": issuer.issuer_vat, "company_registry": issuer.issuer_siret}
        )
        self.env["res.partner.bank"].create(
            {"acc_number": issuer.iban, "partner_id": self.company.partner_id.id}
        )
        self.assertFalse(self.upload().issuer_mismatch)

    # --- the customer --------------------------------------------------------------

    def test_customer_is_matched_by_vat_first(self):
        by_email = self.make_partner(email=self.truth["email"])
        by_vat = self.make_partner(vat=self.truth["vat"])
        form = self.upload()
        self.assertEqual(form.partner_id, by_vat)
        self.assertNotEqual(form.partner_id, by_email)
        self.assertFalse(form.create_partner)

    def test_customer_is_matched_by_email(self):
        partner = self.make_partner(email=self.truth["email"].upper())
        self.assertEqual(self.upload().partner_id, partner)

    def test_customer_is_matched_by_exact_name(self):
        self.make_partner(name=f"{self.truth['name']} Lyon")
        partner = self.make_partner(name=self.truth["name"].lower())
        self.assertEqual(self.upload().partner_id, partner)

    def test_a_same_name_customer_with_another_email_is_asked_about(self):
        namesake = self.make_partner(name=self.truth["name"], email="other@example.com")
        form = self.upload()
        self.assertFalse(form.partner_id)
        self.assertEqual(form.partner_candidate_id, namesake)
        self.assertFalse(form.create_partner)
        with self.assertRaisesRegex(UserError, "Create this customer"):
            form.save().action_continue()
        form = self.upload()
        form.partner_id = namesake  # the user says it is the same customer
        self.assertEqual(form.save().action_continue()["res_model"], "pay.link.send")

    def test_unknown_customer_is_created_only_when_the_link_is_sent(self):
        form = self.upload()
        self.assertFalse(form.partner_id)
        self.assertTrue(form.create_partner)
        reader = form.save()
        partners = self.env["res.partner"].search_count([])
        self.send_form(reader)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        link = self.send(reader)
        partner = link.partner_id
        self.assertEqual(partner.name, self.truth["name"])
        self.assertEqual(partner.email, self.truth["email"])
        self.assertEqual(partner.vat, self.truth["vat"])
        self.assertTrue(partner.is_company)

    def test_the_created_customer_speaks_the_invoices_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env.user.lang = "en_US"
        form = self.upload()
        self.assertEqual(form.partner_lang, "fr_FR")
        self.assertEqual(form.partner_country_id, self.env.ref("base.fr"))
        partner = self.send(form.save()).partner_id
        self.assertEqual(partner.lang, "fr_FR")
        self.assertEqual(partner.country_id, self.env.ref("base.fr"))

    def test_no_customer_and_no_creation_is_refused(self):
        form = self.upload()
        form.create_partner = False
        with self.assertRaisesRegex(UserError, "Create this customer"):
            form.save().action_continue()

    # --- an invoice already in Odoo ------------------------------------------------

    def test_link_goes_to_the_posted_invoice_with_the_same_reference(self):
        partner = self.make_partner(vat=self.truth["vat"], email=self.truth["email"])
        invoice = self.make_invoice(300.0, partner=partner, post=False)
        invoice.ref = self.truth["reference"]
        invoice.action_post()
        reader = self.upload().save()
        self.assertEqual(reader.move_id, invoice)
        wizard = self.send_form(reader).save()
        self.assertEqual(wizard.move_id, invoice)
        self.assertEqual(wizard.amount, invoice.amount_residual)
        wizard.action_send()
        link = invoice.pay_link_ids
        self.assertEqual(link.state, "sent")
        self.assertFalse(link.source_attachment_id)

    def test_another_customers_invoice_is_not_used(self):
        invoice = self.make_invoice(300.0, post=False)
        invoice.ref = self.truth["reference"]
        invoice.action_post()
        self.make_partner(vat=self.truth["vat"])
        self.assertFalse(self.upload().save().move_id)

    # --- sending ---------------------------------------------------------------------

    def test_send_from_the_pdf_keeps_the_pdf_for_the_pay_page(self):
        partner = self.make_partner(vat=self.truth["vat"])
        form = self.upload()
        form.amount = 2600.0  # corrected by the user
        reader = form.save()
        send = self.send_form(reader)
        self.assertIn(self.truth["reference"], send.subject)
        self.assertIn(send.url, send.body)
        send.save().action_send()
        link = self.env["pay.link"].search([("partner_id", "=", partner.id)])
        self.assertEqual(link.state, "sent")
        self.assertFalse(link.move_id)
        self.assertEqual(link.amount, 2600.0)
        self.assertEqual(link.currency_id.name, "EUR")
        self.assertEqual(link.reference, self.truth["reference"])
        self.assertEqual(link.recipient_email, self.truth["email"])
        pdf = link._invoice_attachments()
        self.assertEqual(pdf.raw, self.file())
        self.assertEqual((pdf.res_model, pdf.res_id), ("pay.link", link.id))
        mail = self.env["mail.mail"].search([("email_to", "=", self.truth["email"])])
        self.assertEqual(mail.attachment_ids.raw, self.file())
        self.assertIn("Payment link sent to", " ".join(link.message_ids.mapped("body")))

    def test_resending_a_link_from_a_pdf_keeps_the_same_link(self):
        partner = self.make_partner(vat=self.truth["vat"])
        link = self.send(self.upload().save())
        action = link.action_open_send_wizard()
        form = Form(self.env["pay.link.send"].with_context(**action["context"]))
        self.assertEqual(form.url, link.url)
        self.assertIn(self.truth["reference"], form.subject)
        form.save().action_send()
        links = self.env["pay.link"].search([("partner_id", "=", partner.id)])
        self.assertEqual(links, link)
        self.assertIn("sent again", " ".join(link.message_ids.mapped("body")))

    def test_sending_an_expired_link_from_a_pdf_issues_a_new_one(self):
        self.make_partner(vat=self.truth["vat"])
        old = self.send(self.upload().save())
        self.set_expiry(old, old.sent_date - timedelta(days=1))
        old._expire_if_due()
        action = old.action_open_send_wizard()
        form = Form(self.env["pay.link.send"].with_context(**action["context"]))
        self.assertNotEqual(form.url, old.url)
        form.save().action_send()
        new = self.env["pay.link"].search([], order="id desc", limit=1)
        self.assertNotEqual(new, old)
        self.assertEqual(new.state, "sent")
        self.assertEqual(old.superseded_by_id, new)
        self.assertTrue(new.source_attachment_id)

    def test_link_from_a_pdf_obeys_the_eligibility_rules(self):
        self.company.pay_link_currency_ids = self.company.currency_id
        self.make_partner(vat=self.truth["vat"])
        reader = self.upload().save()
        with self.assertRaisesRegex(UserError, "EUR is not accepted"):
            self.send(reader)
        self.company.pay_link_currency_ids |= self.env.ref("base.EUR")
        self.company.pay_link_max_amount = 1000.0
        with self.assertRaisesRegex(UserError, "between"):
            self.send(reader)
        self.assertFalse(self.env["pay.link"].search([("move_id", "=", False)]))

    def test_paid_link_records_the_customer_payment(self):
        partner = self.make_partner(vat=self.truth["vat"], email=self.truth["email"])
        link = self.send(self.upload().save(), channel="link")
        tx = self.make_transaction(link)
        self.assertFalse(tx.invoice_ids)
        tx._set_done()
        self.assertEqual(link.state, "paid")
        tx._post_process()
        payment = tx.payment_id
        self.assertTrue(payment)
        self.assertEqual(payment.partner_id, partner)
        self.assertEqual(payment.partner_type, "customer")
        self.assertEqual(payment.amount, self.truth["amount"])
        self.assertEqual(payment.currency_id.name, "EUR")


@tagged("post_install", "-at_install")
class TestInvoiceReaderTour(PayLinkCommon, HttpCase):
    def test_the_dropped_pdf_shows_before_the_wizard_is_saved(self):
        self.env["ir.attachment"].create(
            {
                "name": "pay_link_tour_invoice.pdf",
                "raw": (FIXTURES / INVOICE).read_bytes(),
            }
        )
        self.start_tour(
            "/odoo/action-pay_by_link.action_pay_link_invoice_reader",
            "pay_by_link_invoice_reader_preview",
            login="admin",
        )
        self.assertFalse(self.env["pay.link.invoice.reader"].search([]))
