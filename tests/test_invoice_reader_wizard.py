import base64
import json
import os
from datetime import timedelta
from pathlib import Path
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from ..lib.invoice_reader import ERROR_CODES, InvoiceReadError, read_invoice
from ..wizards import pay_link_invoice_reader
from .common import PayLinkCommon

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("PAY_BY_LINK_CORPUS") or REPO.parent / "shared" / "corpus")
INVOICE = "generated/g01_fr_b2b_classic"


@tagged("post_install", "-at_install")
class TestInvoiceReaderWizard(PayLinkCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        eur = cls.env.ref("base.EUR")
        eur.active = True
        cls.company.pay_link_currency_ids |= eur
        cls.truth = json.loads((CORPUS / f"{INVOICE}.json").read_text())

    def pdf(self, name=INVOICE):
        return (CORPUS / f"{name}.pdf").read_bytes()

    def upload(self, name=INVOICE):
        form = Form(self.env["pay.link.invoice.reader"])
        form.pdf_file = base64.b64encode(self.pdf(name))
        return form

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
        self.assertEqual(form.phone, "+33478621533")
        self.assertEqual(form.vat, truth["vat"])
        self.assertEqual(form.company_registry, truth["siret"])
        self.assertEqual(str(form.due_date), truth["due_date"])
        self.assertIn("Customer", form.to_check)  # a name is never certain
        self.assertNotIn("Amount", form.to_check)

    def test_the_pdf_is_read_once(self):
        with patch.object(
            pay_link_invoice_reader, "read_invoice", wraps=read_invoice
        ) as reader:
            self.upload().save()
        self.assertEqual(reader.call_count, 1)

    def test_rejected_pdfs_give_a_precise_error_and_create_nothing(self):
        expected = {
            "encrypted": "This PDF is encrypted; please upload an unprotected copy.",
            "not_a_pdf": "This file is not a PDF",
            "image_renamed": "This file is not a PDF",
            "truncated": "This PDF is damaged or incomplete",
            "not_an_invoice": "it does not look like an invoice",
            "too_large": "The file is larger than 15 MB.",
        }
        models = ["pay.link.invoice.reader", "pay.link", "res.partner", "ir.attachment"]
        counts = {model: self.env[model].search_count([]) for model in models}
        for name, message in expected.items():
            with self.subTest(name), self.assertRaises(UserError) as caught:
                self.upload(f"bad/{name}")
            self.assertIn(message, str(caught.exception))
        with self.assertRaises(UserError) as caught:
            self.env["pay.link.invoice.reader"].create(
                {"pdf_file": base64.b64encode(self.pdf("bad/encrypted"))}
            )
        self.assertIn("encrypted", str(caught.exception))
        for model, count in counts.items():
            self.assertEqual(self.env[model].search_count([]), count, model)

    def test_every_reader_error_has_a_message(self):
        reader = self.env["pay.link.invoice.reader"]
        params = {"size": 1, "limit": 20, "pages": 30, "page": 2}
        for code in ERROR_CODES:
            message = reader._read_error_message(InvoiceReadError(code, "", **params))
            self.assertTrue(message, code)
        self.assertIn(
            "30 pages",
            reader._read_error_message(
                InvoiceReadError("too_many_pages", "", **params)
            ),
        )

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
        form.amount = 3600.0  # corrected by the user
        reader = form.save()
        send = self.send_form(reader)
        self.assertIn(self.truth["reference"], send.subject)
        self.assertIn(send.url, send.body)
        send.save().action_send()
        link = self.env["pay.link"].search([("partner_id", "=", partner.id)])
        self.assertEqual(link.state, "sent")
        self.assertFalse(link.move_id)
        self.assertEqual(link.amount, 3600.0)
        self.assertEqual(link.currency_id.name, "EUR")
        self.assertEqual(link.reference, self.truth["reference"])
        self.assertEqual(link.recipient_email, self.truth["email"])
        pdf = link._invoice_attachments()
        self.assertEqual(pdf.raw, self.pdf())
        self.assertEqual((pdf.res_model, pdf.res_id), ("pay.link", link.id))
        mail = self.env["mail.mail"].search([("email_to", "=", self.truth["email"])])
        self.assertEqual(mail.attachment_ids.raw, self.pdf())
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
