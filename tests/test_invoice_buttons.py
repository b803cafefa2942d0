import re

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import PayLinkCommon

LINK_BUTTONS = (
    "action_send_pay_link",
    "action_new_pay_link",
    "action_pay_link_counter",
)


@tagged("post_install", "-at_install")
class TestInvoiceButtons(PayLinkCommon):
    """The payment-link buttons an invoice shows: one way to send a link at a
    time, none while payment links are disabled for the company."""

    def shown_buttons(self, invoice):
        """The labels of the invoice form's payment-link buttons that the web
        client shows for ``invoice``, its ``invisible`` conditions evaluated
        on the record's values."""
        arch = invoice.get_views([(False, "form")])["views"]["form"]["arch"]
        shown = []
        for button in etree.fromstring(arch).iterfind(".//header/button"):
            if button.get("name") not in LINK_BUTTONS:
                continue
            condition = button.get("invisible") or "False"
            names = set(re.findall(r"\b[a-z_]+\b", condition)) & set(invoice._fields)
            values = {name: invoice[name] for name in names}
            if not safe_eval(condition, values):
                shown.append(button.get("string"))
        return shown

    def test_a_cancelled_or_expired_link_offers_one_new_link(self):
        self.assertEqual(
            self.shown_buttons(self.invoice), ["Send payment link", "Show QR code"]
        )
        link = self.make_link(channel="email")
        self.assertEqual(
            self.shown_buttons(self.invoice), ["Payment link", "Show QR code"]
        )
        link.action_cancel()
        self.assertEqual(
            self.shown_buttons(self.invoice), ["Show QR code", "New payment link"]
        )
        action = self.invoice.action_new_pay_link()
        form = Form(self.env["pay.link.send"].with_context(**action["context"]))
        form.save().action_send()
        self.assertEqual(self.invoice.pay_link_state, "sent")
        self.assertEqual(
            self.shown_buttons(self.invoice), ["Payment link", "Show QR code"]
        )

    def test_every_cancel_button_of_a_link_asks_first(self):
        """A sent link cancelled by mistake cannot be paid nor renewed: the
        link form and the invoice's tab of links both ask before."""
        invoice_arch = self.invoice.get_views([(False, "form")])["views"]["form"]
        link_arch = self.env["pay.link"].get_views([(False, "form")])["views"]["form"]
        buttons = etree.fromstring(invoice_arch["arch"]).xpath(
            "//field[@name='pay_link_ids']//button[@name='action_cancel']"
        ) + etree.fromstring(link_arch["arch"]).xpath(
            "//header/button[@name='action_cancel']"
        )
        self.assertEqual(len(buttons), 2)
        for button in buttons:
            self.assertIn("Cancel it?", button.get("confirm") or "")

    def test_disabled_payment_links_hide_the_buttons_and_refuse_sending(self):
        link = self.make_link(channel="email")
        action = self.invoice.action_send_pay_link()
        wizard = self.env["pay.link.send"].with_context(**action["context"]).create({})
        self.assertTrue(wizard.reuses_link)
        self.assertFalse(wizard.errors)

        self.company.pay_link_enabled = False
        self.assertEqual(self.shown_buttons(self.invoice), [])
        message = f"Payment links are disabled for {self.company.name}"
        wizard.invalidate_recordset(["errors"])  # as the form, read again
        self.assertIn(message, wizard.errors)
        calls = {
            "send": self.invoice.action_send_pay_link,
            "new link": self.invoice.action_new_pay_link,
            "QR code": self.invoice.action_pay_link_counter,
            "send again": link.action_open_send_wizard,
            "form opened before": wizard.action_send,
        }
        for name, call in calls.items():
            with self.subTest(name), self.assertRaisesRegex(UserError, message):
                call()
        self.assertFalse(self.sent_mails())

    def sent_mails(self):
        return self.env["mail.mail"].search([("email_to", "=", self.customer.email)])
