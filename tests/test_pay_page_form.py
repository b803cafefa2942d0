from lxml import html

from odoo.tests import tagged

from .common_providers import PayLinkProvidersCommon
from .test_pay_page import squash


@tagged("post_install", "-at_install")
class TestPayPageForm(PayLinkProvidersCommon):
    """The pay page without JavaScript: its form starts the attempt and sends
    the browser to the provider; back from it, the customer resumes the
    attempt or pays another way; a request to pay never locks the page."""

    def page(self, link):
        response = self.url_open(link._pay_page_path())
        self.env.invalidate_all()
        self.assertEqual(response.status_code, 200)
        return response

    def find(self, response, css_class):
        root = html.fromstring(response.content)
        return root.xpath(f'//*[contains(concat(" ", @class, " "), " {css_class} ")]')

    def option(self, provider):
        return f"{provider.id}:{provider.payment_method_ids[:1].id}"

    def pay(self, link, provider, follow=False):
        """Press Pay on the page's form with ``provider``'s method chosen."""
        response = self.url_open(
            f"{link._pay_page_path()}/pay",
            data={"option": self.option(provider)},
            allow_redirects=follow,
        )
        self.env.invalidate_all()
        return response

    def pay_another_way(self, link):
        # The form sends nothing but the link's token, in its URL.
        response = self.opener.post(f"{self.base_url()}{link._pay_page_path()}/abandon")
        self.env.invalidate_all()
        return response

    def session(self, tx):
        return self.fintecture_emulator.sessions[tx.provider_reference]

    # --- the form -----------------------------------------------------------------

    def test_pay_sends_the_browser_to_the_providers_page(self):
        link = self.make_link(invoice=self.make_invoice(240.0))
        response = self.pay(link, self.fintecture)
        self.assertEqual(response.status_code, 303)
        tx = link.transaction_ids
        self.assertEqual(tx.provider_id, self.fintecture)
        self.assertTrue(tx.pay_link_by_customer)
        location = response.headers["Location"]
        self.assertTrue(location.startswith(self.fintecture_emulator.base_url))
        self.assertEqual(tx.pay_link_resume_url, location)
        self.assertEqual(link.state, "in_progress")
        started = link.message_ids.filtered(lambda m: "started" in (m.body or ""))
        self.assertEqual(started.author_id, self.customer)
        # The provider's page is the one the customer would see.
        self.assertEqual(self.url_open(location).status_code, 200)

    def test_card_payment_round_trip_without_javascript(self):
        link = self.make_link(invoice=self.make_invoice(371.0))
        page = self.url_open(self.pay(link, self.payplug).headers["Location"])
        self.assertIn(b"Approve", page.content)
        tx = link.transaction_ids
        self.payplug_emulator.approve(tx.provider_reference)
        self.payplug_webhook(tx)
        response = self.page(link)
        self.assertEqual(link.state, "paid")
        self.assertEqual(
            squash(self.find(response, "o_pay_link_paid_badge")[0].text_content()),
            "Paid",
        )
        receipt = squash(self.find(response, "o_pay_link_receipt")[0].text_content())
        self.assertIn(tx.provider_reference, receipt)

    def test_a_method_with_a_card_form_opens_odoos_payment_form(self):
        link = self.make_link(invoice=self.make_invoice(80.0))
        response = self.pay(link, self.demo_provider)
        self.assertEqual(response.status_code, 303)
        self.assertFalse(link.transaction_ids, "nothing starts before the card form")
        inline = self.url_open(response.headers["Location"])
        root = html.fromstring(inline.content)
        [form] = root.xpath('//form[@id="o_payment_form"]')
        path = link._pay_page_path()
        self.assertEqual(form.get("data-transaction-route"), f"{path}/transaction")
        self.assertEqual(form.get("data-landing-route"), path)
        radios = form.xpath('.//input[@name="o_payment_radio"]')
        self.assertEqual([r.get("data-provider-code") for r in radios], ["demo"])
        self.assertTrue(root.xpath('//script[contains(@src, "web.assets_frontend")]'))
        self.assertTrue(root.xpath(f'//a[@href="{path}"]'), "another method")

    def test_the_card_forms_pay_button_says_the_amount_as_the_pages_does(self):
        link = self.make_link(invoice=self.make_invoice(120.0))
        [page_button] = self.find(self.page(link), "o_pay_link_pay")
        inline = self.url_open(self.pay(link, self.demo_provider).headers["Location"])
        [card_button] = html.fromstring(inline.content).xpath(
            '//button[@name="o_payment_submit_button"]'
        )
        label = squash(card_button.text_content())
        self.assertEqual(label, squash(page_button.text_content()))
        self.assertEqual(label, squash(f"Pay {link._amount_label()}"))
        self.assertIn("120.00", label)
        # The page's style sheet gives it the company's colour (see the tour).
        self.assertTrue(
            card_button.xpath('ancestor::*[contains(@class, "pbl-inline")]')
        )

    def test_a_method_the_page_does_not_offer_is_refused_with_a_message(self):
        self.company.pay_link_provider_ids = self.payplug
        link = self.make_link(invoice=self.make_invoice(80.0))
        response = self.pay(link, self.fintecture, follow=True)
        self.assertEqual(response.status_code, 200)
        error = self.find(response, "o_pay_link_error")[0].text_content()
        self.assertIn("not offered", error)
        self.assertFalse(link.transaction_ids)
        response = self.url_open(
            f"{link._pay_page_path()}/pay", data={"option": "x'; DROP"}
        )
        self.assertIn("not offered", response.text)

    def test_the_provider_down_leaves_nothing_and_says_so(self):
        link = self.make_link(invoice=self.make_invoice(50.0))
        self.fintecture_emulator.set_down(mode="error")
        response = self.pay(link, self.fintecture, follow=True)
        error = self.find(response, "o_pay_link_error")[0].text_content()
        self.assertTrue(error.startswith("Fintecture: "), error)
        self.assertFalse(link.transaction_ids)
        self.assertEqual(link.state, "sent")

    # --- back from the bank (issue 14, item 1) ---------------------------------------

    def test_back_from_the_bank_the_customer_resumes_or_pays_another_way(self):
        link = self.make_link(invoice=self.make_invoice(240.0))
        provider_page = self.pay(link, self.fintecture).headers["Location"]
        tx = link.transaction_ids
        response = self.page(link)
        [resume] = self.find(response, "o_pay_link_resume")
        self.assertEqual(resume.get("href"), provider_page)
        self.assertTrue(self.find(response, "o_pay_link_abandon"))
        self.assertFalse(self.find(response, "o_pay_link_pay"))

        response = self.pay_another_way(link)
        self.assertTrue(response.url.endswith(link._pay_page_path()))
        self.assertEqual(self.session(tx)["status"], "payment_cancelled")
        self.assertEqual(tx.state, "cancel")
        self.assertEqual(link.state, "interrupted")
        self.assertTrue(self.find(response, "o_pay_link_pay"), "the methods again")
        self.assertIn(
            "chose to pay another way", " ".join(link.message_ids.mapped("body"))
        )
        self.assertEqual(self.pay(link, self.payplug).status_code, 303)
        self.assertEqual(len(link.transaction_ids), 2)

    def test_pay_another_way_is_refused_while_the_bank_processes_the_payment(self):
        link = self.make_link(invoice=self.make_invoice(240.0))
        self.pay(link, self.fintecture)
        tx = link.transaction_ids
        self.fintecture_emulator.leave_pending(tx.provider_reference)
        response = self.pay_another_way(link)
        error = self.find(response, "o_pay_link_error")[0].text_content()
        self.assertIn("already on its way", error)
        self.assertEqual(tx.state, "draft")
        self.assertEqual(link.state, "in_progress")
        self.assertNotEqual(self.session(tx)["status"], "payment_cancelled")

    # --- a request to pay sent by the accountant (issue 14, item 2) ---------------

    def test_a_request_to_pay_says_so_and_lets_the_customer_pay_another_way(self):
        self.company.pay_link_currency_ids |= self.eur
        invoice = self.make_invoice(75.0)
        action = invoice.action_send_pay_link()
        wizard = self.env["pay.link.send"].with_context(**action["context"]).create({})
        wizard.channel = "request_to_pay"
        wizard.action_send()
        link = invoice.pay_link_ids
        tx = link.transaction_ids
        self.assertFalse(tx.pay_link_by_customer)
        started = link.message_ids.filtered(lambda m: "started" in (m.body or ""))
        self.assertEqual(started.author_id, self.env.user.partner_id)

        response = self.page(link)
        [request_box] = self.find(response, "o_pay_link_request_to_pay")
        self.assertIn("request to pay", squash(request_box.text_content()))
        self.assertFalse(self.find(response, "o_pay_link_pay"), "no second payment")
        self.assertFalse(self.find(response, "o_pay_link_resume"))

        response = self.pay_another_way(link)
        self.assertEqual(self.session(tx)["status"], "payment_cancelled")
        self.assertEqual(link.state, "interrupted")
        self.assertTrue(self.find(response, "o_pay_link_pay"))
