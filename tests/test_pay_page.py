import base64
from datetime import datetime, timedelta
from io import BytesIO
from unittest.mock import patch

from lxml import html
from PIL import Image

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tools import format_date, mute_logger

from .common import PayLinkCommon

IBAN = "FR7630006000011234567890189"


def squash(text):
    """Text with every run of white space, non-breaking ones too, as one space."""
    return " ".join(text.split())


class PayPageCase(PayLinkCommon, HttpCase):
    """Reading the pay page as a customer's browser gets it."""

    def open_page(self, link, headers=None, path=None):
        response = self.url_open(path or link._pay_page_path(), headers=headers)
        self.env.invalidate_all()
        self.assertEqual(response.status_code, 200)
        return response

    def text(self, response, css_class=None):
        """The visible text of the page, or of the elements with ``css_class``."""
        root = html.fromstring(response.content)
        if not css_class:
            return squash(root.body.text_content())
        xpath = f'//*[contains(concat(" ", @class, " "), " {css_class} ")]'
        return " ".join(squash(node.text_content()) for node in root.xpath(xpath))

    def methods_form(self, response):
        return html.fromstring(response.content).xpath(
            '//form[@id="o_pay_link_methods"]'
        )

    def add_iban(self):
        return self.env["res.partner.bank"].create(
            {"acc_number": IBAN, "partner_id": self.company.partner_id.id}
        )

    def make_eur_invoice(self, amount=240.0):
        self.accept_eur()
        return self.init_invoice(
            "out_invoice",
            partner=self.customer,
            amounts=[amount],
            post=True,
            currency=self.env.ref("base.EUR"),
        )


@tagged("post_install", "-at_install")
class TestPayPage(PayPageCase):
    # --- what the page is made of ---------------------------------------------

    def test_sent_link_shows_invoice_and_a_plain_form_of_methods(self):
        link = self.make_link()
        response = self.open_page(link)
        text, invoice = self.text(response), self.invoice
        self.assertIn(self.company.name, text)
        self.assertEqual(self.text(response, "o_pay_link_reference"), invoice.name)
        self.assertEqual(
            self.text(response, "o_pay_link_amount"), squash(link._amount_label())
        )
        self.assertIn(f"Issued on {format_date(self.env, invoice.invoice_date)}", text)
        self.assertIn(f"Due on {format_date(self.env, invoice.invoice_date_due)}", text)
        root, path = html.fromstring(response.content), link._pay_page_path()
        self.assertTrue(root.xpath(f'//a[@href="{path}/invoice.pdf"]'))
        self.assertTrue(root.xpath(f'//a[@href="/pay/help?link={link.token}"]'))
        [form] = self.methods_form(response)
        self.assertEqual(
            (form.get("method"), form.get("action")), ("post", f"{path}/pay")
        )
        option = self.demo_provider.payment_method_ids[:1]
        [radio] = form.xpath('.//input[@name="option"][@data-provider-code="demo"]')
        self.assertEqual(radio.get("value"), f"{self.demo_provider.id}:{option.id}")
        first = form.xpath('.//input[@type="radio"][@name="option"]')[0]
        self.assertTrue(first.get("checked"), "one tap on Pay is enough")
        self.assertTrue(form.xpath('.//button[@type="submit"]'))
        self.assertFalse(root.xpath('//form[@id="o_payment_form"]'))

    def test_the_page_loads_only_its_own_small_bundle(self):
        """No Odoo frontend on the pay page: one style sheet and one deferred
        script, both of the page's own bundle."""
        link = self.make_link()
        response = self.open_page(link)
        root = html.fromstring(response.content)
        assets = root.xpath("//link[@rel='stylesheet']/@href | //script/@src")
        self.assertEqual(len(assets), 2, assets)
        self.assertTrue(all("pay_by_link.assets_pay_page" in url for url in assets))
        self.assertFalse(root.xpath("//script[not(@src)]"), "no inline script")
        self.assertEqual(response.headers["Cache-Control"], "private, no-store")
        for url in assets:
            self.assertEqual(self.url_open(url).status_code, 200)

    def test_the_logo_shows_only_when_the_company_has_one(self):
        link = self.make_link()
        root = html.fromstring(self.open_page(link).content)
        self.assertFalse(root.xpath('//img[contains(@src, "/logo.png")]'))
        self.assertEqual(
            self.text(self.open_page(link), "o_pay_link_company"), self.company.name
        )
        logo = BytesIO()
        Image.new("RGB", (60, 20), "#336699").save(logo, format="PNG")
        self.company.logo = base64.b64encode(logo.getvalue())
        root = html.fromstring(self.open_page(link).content)
        [img] = root.xpath('//img[contains(@src, "/logo.png")]')
        self.assertEqual(img.get("src"), f"/logo.png?company={self.company.id}")

    def test_the_qr_codes_are_not_even_fetched_on_a_phone(self):
        """The codes for a second device come from a <source> for wide
        screens; a phone gets an inline placeholder."""
        self.add_iban()
        link = self.make_link(invoice=self.make_eur_invoice())
        root = html.fromstring(self.open_page(link).content)
        path = link._pay_page_path()
        for image in ("qr.png", "epc.png"):
            [source] = root.xpath(f'//source[@srcset="{path}/{image}"]')
            self.assertEqual(source.get("media"), "(min-width: 48em)")
            self.assertTrue(source.getnext().get("src").startswith("data:"))

    def test_each_qr_code_says_what_it_is_for(self):
        """The link's code (for a phone's camera) and the transfer's (for a
        banking app), side by side on a large screen, each with its caption."""
        self.add_iban()
        link = self.make_link(invoice=self.make_eur_invoice())
        response = self.open_page(link)
        root = html.fromstring(response.content)
        captions = {}
        for image in ("qr.png", "epc.png"):
            [figure] = root.xpath(
                f'//figure[.//source[@srcset="{link._pay_page_path(image)}"]]'
            )
            captions[image] = squash(figure.find("figcaption").text_content())
        self.assertIn("Open this page on your phone", captions["qr.png"])
        self.assertIn("phone's camera", captions["qr.png"])
        self.assertIn("Bank transfer QR code", captions["epc.png"])
        self.assertIn("banking app", captions["epc.png"])

    def test_transfer_details_as_text_with_copy_buttons(self):
        self.add_iban()
        invoice = self.make_eur_invoice(371.0)
        link = self.make_link(invoice=invoice)
        response = self.open_page(link)
        details = self.text(response, "o_pay_link_transfer_details")
        self.assertIn("FR76 3000 6000 0112 3456 7890 189", details)
        self.assertIn(squash(link._amount_label()), details)
        self.assertIn(link.reference, details)
        root = html.fromstring(response.content)
        copies = root.xpath(
            '//*[contains(@class, "o_pay_link_transfer")]//button/@data-copy'
        )
        self.assertIn(IBAN, copies)
        self.assertIn("371.00", copies)
        note = self.text(response, "o_pay_link_transfer_note")
        self.assertIn("matches it with the invoice", note)
        # no "so that <company> …", which French cannot say as such
        self.assertIn("so that your transfer is recognised", note)

    def test_draft_link_is_not_reachable(self):
        link = self.make_link(sent=False)
        self.assertEqual(self.url_open(link._pay_page_path()).status_code, 404)

    def test_malformed_tokens_answer_404_before_any_lookup(self):
        link = self.make_link()
        malformed = ["%00", f"{link.token}%00", link.token[:-1] + "%27", "a" * 5000]
        search = patch.object(
            type(self.env["pay.link"]),
            "search",
            side_effect=AssertionError("the link was searched"),
        )
        with search:
            for token in malformed:
                for suffix in ("", "/qr.png", "/invoice.pdf", "/epc.png"):
                    response = self.url_open(f"/pay/{token}{suffix}")
                    self.assertEqual(response.status_code, 404, (token, suffix))
                response = self.url_open(f"/pay/{token}/pay", data={"option": "1:1"})
                self.assertEqual(response.status_code, 404)

    def test_first_visit_marks_opened_once(self):
        link = self.make_link()
        self.open_page(link)
        self.assertEqual(link.state, "opened")
        self.assertTrue(link.opened_date)
        self.open_page(link)
        self.assertEqual(link.state, "opened")
        opened_logs = link.message_ids.filtered(
            lambda message: "opened by the customer" in (message.body or "")
        )
        self.assertEqual(len(opened_logs), 1)

    def test_the_return_from_a_provider_lands_on_the_bare_url(self):
        link = self.make_link()
        response = self.url_open(
            f"{link._pay_page_path()}?session_id=abc&status=payment_created&state=x"
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith(link._pay_page_path()), response.url)
        self.assertEqual(len(response.history), 1)
        self.assertEqual(response.history[0].status_code, 303)

    # --- links that ended ---------------------------------------------------------

    def test_expired_link_gives_the_contact_and_the_transfer_details(self):
        self.company.write(
            {
                "pay_link_customer_renew": False,
                "phone": "+33 4 72 00 00 00",
                "email": "compta@merchant.example",
            }
        )
        self.add_iban()
        invoice = self.make_eur_invoice(300.0)
        link = self.make_link(invoice=invoice)
        self.set_expiry(link, fields.Datetime.now() - timedelta(minutes=1))
        response = self.open_page(link)
        self.assertEqual(link.state, "expired")
        self.assertIn("has expired", self.text(response, "o_pay_link_expired"))
        root = html.fromstring(response.content)
        self.assertTrue(root.xpath('//a[@href="tel:+33472000000"]'))
        self.assertTrue(root.xpath('//a[@href="mailto:compta@merchant.example"]'))
        self.assertFalse(self.methods_form(response))
        self.assertIn(IBAN, root.xpath("//button/@data-copy"))
        self.assertIn(
            squash(link._amount_label()), self.text(response, "o_pay_link_transfer")
        )

    def test_expired_link_offers_a_new_one_by_default_with_links_on_pdfs(self):
        self.assertTrue(self.company.pay_link_on_pdf)
        self.assertTrue(self.company.pay_link_customer_renew)
        link = self.make_link()
        self.set_expiry(link, fields.Datetime.now() - timedelta(minutes=1))
        response = self.open_page(link)
        self.assertIn("get a new one", self.text(response, "o_pay_link_renew"))

    def test_cancelled_link_says_so_and_shows_what_is_still_due_by_transfer(self):
        self.add_iban()
        invoice = self.make_eur_invoice(120.0)
        link = self.make_link(invoice=invoice)
        link.action_cancel()
        response = self.open_page(link)
        self.assertIn("no longer valid", self.text(response, "o_pay_link_cancelled"))
        self.assertFalse(self.methods_form(response))
        self.assertIn(
            "120.00", html.fromstring(response.content).xpath("//button/@data-copy")
        )

    def test_an_invoice_paid_another_way_shows_no_transfer(self):
        self.add_iban()
        invoice = self.make_eur_invoice(120.0)
        link = self.make_link(invoice=invoice)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({}).action_create_payments()
        response = self.open_page(link)
        self.assertIn("already paid", self.text(response, "o_pay_link_invoice_settled"))
        self.assertFalse(self.text(response, "o_pay_link_transfer"))

    # --- a payment under way, a payment done ------------------------------------

    def test_pending_payment_shows_in_progress(self):
        link = self.make_link()
        self.make_transaction(link)._set_pending()
        response = self.open_page(link)
        self.assertEqual(link.state, "in_progress")
        status = self.text(response, "o_pay_link_in_progress")
        self.assertIn("Payment in progress", status)
        self.assertFalse(self.methods_form(response))
        self.assertFalse(self.text(response, "o_pay_link_abandon"))

    def test_paid_link_shows_paid_with_the_local_time_and_a_receipt(self):
        link = self.make_link()
        tx = self.make_transaction(link)
        tx.provider_reference = "DEMO-42"
        tx._set_done()
        tx.last_state_change = datetime(2025, 3, 14, 12, 0)
        response = self.open_page(link, headers={"Cookie": "tz=Europe/Paris"})
        self.assertEqual(link.state, "paid")
        self.assertEqual(self.text(response, "o_pay_link_paid_badge"), "Paid")
        self.assertNotIn("Amount to pay", self.text(response))
        receipt = self.text(response, "o_pay_link_receipt")
        self.assertIn("this invoice is paid", receipt)
        self.assertIn(squash(link._amount_label()), receipt)
        self.assertEqual(
            self.text(response, "o_pay_link_paid_at"), "March 14, 2025 at 1:00 PM"
        )
        self.assertIn(tx.payment_method_id.name, receipt)
        self.assertIn("DEMO-42", receipt)
        self.assertFalse(self.methods_form(response))
        receipt_url = f"{link._pay_page_path()}/receipt.pdf"
        root = html.fromstring(response.content)
        self.assertTrue(root.xpath(f'//a[@href="{receipt_url}"]'))
        # Tests render reports as HTML (Odoo's test mode), the route is the same.
        document = self.url_open(receipt_url, headers={"Cookie": "tz=Europe/Paris"})
        self.assertEqual(document.status_code, 200)
        self.assertIn("attachment", document.headers["Content-Disposition"])
        self.assertIn("DEMO-42", document.text)
        self.assertIn("March 14, 2025 at 1:00 PM", squash(document.text))

    def test_no_receipt_before_the_link_is_paid(self):
        link = self.make_link()
        response = self.url_open(f"{link._pay_page_path()}/receipt.pdf")
        self.assertEqual(response.status_code, 404)

    def test_paid_time_falls_back_on_the_customers_timezone(self):
        self.customer.tz = "America/New_York"
        link = self.make_link()
        tx = self.make_transaction(link)
        tx._set_done()
        tx.last_state_change = datetime(2025, 3, 14, 12, 0)
        response = self.open_page(link)
        self.assertEqual(
            self.text(response, "o_pay_link_paid_at"), "March 14, 2025 at 8:00 AM"
        )

    # --- transaction route --------------------------------------------------------

    def test_transaction_uses_the_link_amount(self):
        link = self.make_link()
        answer = self.start_payment(link, amount=1.0, landing_route="/elsewhere")
        tx = self.env["payment.transaction"].search(
            [("reference", "=", answer["result"]["reference"])]
        )
        self.assertEqual(tx.amount, link.amount)
        self.assertEqual(tx.currency_id, link.currency_id)
        self.assertEqual(tx.partner_id, self.customer)
        self.assertEqual(tx.pay_link_id, link)
        self.assertEqual(tx.invoice_ids, self.invoice)
        self.assertEqual(tx.landing_route, link._pay_page_path())
        self.assertTrue(tx.pay_link_by_customer)
        self.assertEqual(link.state, "in_progress")

    def test_second_transaction_is_refused(self):
        link = self.make_link()
        self.assertIn("result", self.start_payment(link))
        with mute_logger("odoo.http"):
            answer = self.start_payment(link)
        self.assertIn("already in progress", answer["error"]["data"]["message"])
        self.assertEqual(len(link.transaction_ids), 1)

    def test_expired_link_refuses_a_transaction(self):
        link = self.make_link()
        self.set_expiry(link, fields.Datetime.now() - timedelta(minutes=1))
        with mute_logger("odoo.http"):
            answer = self.start_payment(link)
        self.assertIn("no longer valid", answer["error"]["data"]["message"])
        self.assertFalse(link.transaction_ids)
