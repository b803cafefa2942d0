from lxml import etree

from odoo.tests import Form, tagged

from .common import PayLinkCommon

IBAN = "FR7630006000011234567890189"


@tagged("post_install", "-at_install")
class TestSettings(PayLinkCommon):
    """The settings page: what to do once payment links are on, and template
    selectors one can read."""

    def settings(self):
        return Form(self.env["res.config.settings"])

    def test_turning_links_on_says_what_to_do_next(self):
        self.company.pay_link_enabled = False
        form = self.settings()
        self.assertFalse(form.pay_link_next_step)
        form.pay_link_enabled = True
        self.assertTrue(form.pay_link_ready)  # the demo provider is published
        self.assertIn("Send payment link", form.pay_link_next_step)
        form.save().execute()
        self.assertTrue(self.company.pay_link_enabled)

        # nothing to pay with: no published provider, no IBAN
        self.env["payment.provider"].search(
            [("company_id", "=", self.company.id)]
        ).is_published = False
        self.company.partner_id.bank_ids.active = False
        form = self.settings()
        self.assertFalse(form.pay_link_ready)
        self.assertIn("publish a payment provider", form.pay_link_next_step)
        self.assertIn("IBAN", form.pay_link_next_step)

        self.env["res.partner.bank"].create(
            {"acc_number": IBAN, "partner_id": self.company.partner_id.id}
        )
        self.assertTrue(self.settings().pay_link_ready)

    def test_template_selectors_are_full_width_with_their_names(self):
        form = self.settings()
        self.assertEqual(
            form.pay_link_email_template_id.display_name,
            "Payment link: send the link",
        )
        self.assertEqual(
            form.pay_link_reminder_sms_template_id.display_name,
            "Payment link: reminder by SMS",
        )
        arch = self.env["res.config.settings"].get_views([(False, "form")])
        root = etree.fromstring(arch["views"]["form"]["arch"])
        for name in (
            "pay_link_email_template_id",
            "pay_link_reminder_email_template_id",
            "pay_link_reminder_sms_template_id",
        ):
            with self.subTest(name):
                [field] = root.iterfind(f".//field[@name='{name}']")
                self.assertIn("w-100", field.get("class"))
