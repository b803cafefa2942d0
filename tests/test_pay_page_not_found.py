from lxml import html

from odoo.tests import tagged

from .test_pay_page import PayPageCase

UNKNOWN_TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz012345"


@tagged("post_install", "-at_install")
class TestPayPageNotFound(PayPageCase):
    """An address of the pay pages that leads to no link gets a light 404
    page made for a phone, naming no company, in the customer's language."""

    def assertNotFoundPage(self, response):
        self.assertEqual(response.status_code, 404)
        root = html.fromstring(response.content)
        self.assertTrue(root.xpath('//*[contains(@class, "o_pay_link_not_found")]'))
        self.assertTrue(root.xpath('//meta[@name="viewport"]'))
        assets = root.xpath("//link[@rel='stylesheet']/@href | //script/@src")
        self.assertEqual(len(assets), 2, "the pay page's own bundle only")
        self.assertTrue(all("pay_by_link.assets_pay_page" in url for url in assets))
        self.assertEqual(response.headers["Cache-Control"], "private, no-store")
        for secret in (self.company.name, self.invoice.name, self.customer.name):
            self.assertNotIn(secret, response.text)
        return root

    def test_unknown_malformed_and_draft_tokens_get_the_light_404_page(self):
        draft = self.make_link(sent=False)
        for token in (UNKNOWN_TOKEN, "not-a-token", "%00", draft.token):
            for suffix in ("", "/invoice.pdf", "/receipt.pdf", "/qr.png"):
                response = self.url_open(f"/pay/{token}{suffix}")
                root = self.assertNotFoundPage(response)
            self.assertEqual(root.xpath("//a/@href"), ["/pay/help"])
        response = self.url_open(f"/pay/{UNKNOWN_TOKEN}/pay", data={"option": "1:1"})
        self.assertNotFoundPage(response)

    def test_a_document_the_link_does_not_serve_gets_the_light_404_page(self):
        link = self.make_link()
        self.assertNotFoundPage(self.url_open(link._pay_page_path("receipt.pdf")))

    def test_the_404_page_speaks_the_browsers_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env.ref("pay_by_link.pay_not_found_page").update_field_translations(
            "arch_db",
            {
                "fr_FR": {
                    "This payment link does not work": (
                        "Ce lien de paiement ne fonctionne pas"
                    )
                }
            },
        )
        response = self.url_open(
            f"/pay/{UNKNOWN_TOKEN}", headers={"Accept-Language": "fr-FR,fr;q=0.9"}
        )
        root = self.assertNotFoundPage(response)
        self.assertEqual(root.get("lang"), "fr-FR")
        self.assertIn("Ce lien de paiement ne fonctionne pas", self.text(response))
        help_page = self.url_open("/pay/help", headers={"Accept-Language": "fr-FR"})
        self.assertEqual(html.fromstring(help_page.content).get("lang"), "fr-FR")
