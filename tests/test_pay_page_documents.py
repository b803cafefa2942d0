from io import BytesIO

from lxml import html
from PIL import Image

from odoo.tests import tagged
from odoo.tools import format_date

from .test_pay_page import PayPageCase, squash


@tagged("post_install", "-at_install")
class TestPayPageDocuments(PayPageCase):
    """The pay page in the customer's language, and what it links to."""

    # --- language ------------------------------------------------------------------

    def activate_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["pay_by_link"], ["fr_FR"])

    def test_french_customer_gets_the_page_in_french(self):
        self.activate_french()
        self.customer.lang = "fr_FR"
        link = self.make_link()
        response = self.open_page(link, headers={"Accept-Language": "en-US,en;q=0.9"})
        self.assertIn("Montant à payer", self.text(response))
        french = self.env(context={"lang": "fr_FR"})
        self.assertEqual(
            self.text(response, "o_pay_link_amount"),
            squash(link.with_env(french)._amount_label()),
        )
        due = format_date(french, self.invoice.invoice_date_due)
        self.assertIn(f"Échéance le {due}", self.text(response))
        self.assertTrue(self.methods_form(response))

    def test_the_customer_switches_language_and_keeps_it(self):
        self.activate_french()
        link = self.make_link()
        response = self.open_page(link)
        languages = html.fromstring(response.content).xpath(
            '//*[contains(@class, "o_pay_link_languages")]//a/@href'
        )
        self.assertEqual(languages, [f"{link._pay_page_path()}?lang=fr_FR"])
        response = self.url_open(languages[0])
        self.assertTrue(response.url.endswith(link._pay_page_path()))
        self.assertIn("Montant à payer", self.text(response))
        self.assertIn("Montant à payer", self.text(self.open_page(link)))
        help_page = self.url_open(f"/pay/help?link={link.token}")
        self.assertIn("Payer une facture par lien", self.text(help_page))

    # --- side routes ------------------------------------------------------------

    def assertPrivate(self, response):
        """Never kept by a cache, never framed, never sent as a referrer: the
        answer speaks of a link whose token is in the URL."""
        self.assertEqual(response.headers["Cache-Control"], "private, no-store")
        self.assertEqual(response.headers["X-Frame-Options"], "DENY")
        self.assertEqual(response.headers["Referrer-Policy"], "no-referrer")

    def test_help_page_is_truthful_and_leads_back(self):
        link = self.make_link()
        response = self.url_open(f"/pay/help?link={link.token}")
        self.assertEqual(response.status_code, 200)
        self.assertPrivate(response)
        text = self.text(response)
        self.assertIn("Paying an invoice by link", text)
        self.assertIn("type your card details in a form", text)
        self.assertNotIn("never asks for your card", text)
        root = html.fromstring(response.content)
        self.assertTrue(root.xpath(f'//a[@href="{link._pay_page_path()}"]'))
        alone = html.fromstring(self.url_open("/pay/help?link=%00").content)
        self.assertFalse(alone.xpath('//a[contains(@href, "/pay/")]'))

    def test_qr_code_is_a_cacheable_png(self):
        link = self.make_link()
        response = self.url_open(f"{link._pay_page_path()}/qr.png")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "image/png")
        self.assertIn("public", response.headers["Cache-Control"])
        self.assertEqual(Image.open(BytesIO(response.content)).format, "PNG")

    def test_invoice_download(self):
        link = self.make_link()
        response = self.url_open(f"{link._pay_page_path()}/invoice.pdf")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertIn("attachment", response.headers["Content-Disposition"])
        self.assertTrue(response.content)
        self.assertPrivate(response)

    def test_a_link_made_from_a_pdf_shows_its_dates(self):
        link = self.env["pay.link"]._create_internal(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "currency_id": self.company.currency_id.id,
                "amount": 99.0,
                "reference": "FA-2024-0457",
                "channel": "link",
                "invoice_date": "2024-03-08",
                "invoice_date_due": "2024-04-07",
            }
        )
        link._mark_sent()
        text = self.text(self.open_page(link), "o_pay_link_dates")
        self.assertIn("Issued on 03/08/2024", text)
        self.assertIn("Due on 04/07/2024", text)
