import base64
from pathlib import Path

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import PayLinkCommon

IBAN = "FR7630006000011234567890189"
PDF = Path(__file__).parent / "fixtures" / "invoices" / "text_fr_deposit.pdf"


@tagged("post_install", "-at_install")
class TestPaymentWays(PayLinkCommon):
    """No link nobody can pay: with no provider taking the payment, the send
    form refuses, or, when the company has an IBAN, asks to confirm a link
    only a bank transfer can pay."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The admin disables the company's payment providers.
        cls.providers = cls.env["payment.provider"].search(
            [("company_id", "=", cls.company.id), ("state", "!=", "disabled")]
        )
        cls.providers.state = "disabled"

    def open_form(self, invoices):
        action = invoices.action_send_pay_link()
        return Form(self.env["pay.link.send"].with_context(**action["context"]))

    def add_iban(self):
        self.env["res.partner.bank"].create(
            {"acc_number": IBAN, "partner_id": self.company.partner_id.id}
        )

    def test_no_provider_and_no_iban_no_link(self):
        form = self.open_form(self.invoice)
        self.assertIn("Nothing can pay 240.00", form.errors)
        with self.assertRaisesRegex(UserError, "Enable a provider or add"):
            form.save().action_send()
        self.assertFalse(self.invoice.pay_link_ids)

    def test_a_transfer_only_link_needs_a_confirmation(self):
        self.add_iban()
        form = self.open_form(self.invoice)
        self.assertFalse(form.errors)
        self.assertIn("only pay this link by bank transfer", form.transfer_only_warning)
        with self.assertRaisesRegex(UserError, "by bank transfer"):
            form.save().action_send()
        self.assertFalse(self.invoice.pay_link_ids)
        form.confirm_transfer_only = True
        form.save().action_send()
        link = self.invoice.pay_link_ids
        self.assertEqual(link.state, "sent")
        self.assertEqual(link._transfer_details()["iban"].replace(" ", ""), IBAN)

    def test_the_email_names_the_transfer_the_pay_page_offers(self):
        self.add_iban()
        # a name too long for the SEPA QR code: the IBAN is offered all the same
        self.company.partner_id.name = "Atelier " * 10
        form = self.open_form(self.invoice)
        self.assertIn("Bank transfer", form.body)
        form.confirm_transfer_only = True
        form.save().action_send()
        link = self.invoice.pay_link_ids
        self.assertTrue(link._transfer_details())
        self.assertIn("Bank transfer", link._messages()["body"])

        reader = Form(self.env["pay.link.invoice.reader"])
        reader.pdf_file = base64.b64encode(PDF.read_bytes())
        reader.issuer_confirmed = True  # its issuer's IBAN is not ours
        action = reader.save().action_continue()
        form = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertIn("Bank transfer", form.body)

    def test_the_bulk_send_asks_the_same(self):
        self.add_iban()
        other = self.make_invoice(80.0)
        both = self.invoice | other
        form = self.open_form(both)
        self.assertTrue(form.batch_transfer_only)
        self.assertIn("Only a bank transfer can pay it", form.batch_report)
        form.save().action_send()
        self.assertFalse(both.pay_link_ids)
        form = self.open_form(both)
        form.confirm_transfer_only = True
        self.assertFalse(form.batch_report)
        form.save().action_send()
        self.assertEqual(len(both.pay_link_ids), 2)

    def test_a_provider_that_takes_it_needs_nothing_more(self):
        self.demo_provider.state = "test"
        form = self.open_form(self.invoice)
        self.assertFalse(form.errors)
        self.assertFalse(form.transfer_only_warning)
