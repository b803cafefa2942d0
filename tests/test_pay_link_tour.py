from odoo.tests import tagged

from .common_providers import PayLinkProvidersCommon

IBAN = "FR7630006000011234567890189"


@tagged("post_install", "-at_install")
class TestPayLinkTour(PayLinkProvidersCommon):
    """A customer on a phone, in Chromium: the pay page's plain forms, and
    Odoo's payment form for a card form (the demo provider)."""

    browser_size = "360x800"
    touch_enabled = True

    def start_customer_tour(self, link, tour):
        # The tours check every Pay button is in the company's colour.
        self.company.pay_link_button_color = "#0a7d3b"
        # debug=tests loads the tours on the light pages, as Odoo's layouts do.
        self.start_tour(f"{link._pay_page_path()}?debug=tests", tour)
        self.env.invalidate_all()

    def assertPaidByDemo(self, link):
        tx = link.transaction_ids.filtered(lambda t: t.provider_code == "demo")
        self.assertEqual(len(tx), 1)
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.amount, link.amount)
        self.assertEqual(link.state, "paid")
        # The status page's poll posts the payment before landing on the pay page.
        self.assertTrue(tx.is_post_processed)
        self.assertEqual(tx.payment_id.state, "paid")
        self.assertTrue(tx.payment_id.is_reconciled)
        self.assertIn(link.move_id.payment_state, ("paid", "in_payment"))

    def test_customer_pays_with_demo_provider(self):
        link = self.make_link(invoice=self.make_invoice(240.0))
        self.start_customer_tour(link, "pay_by_link_pay_with_demo")
        self.assertPaidByDemo(link)

    def test_back_from_the_bank_the_customer_pays_another_way(self):
        self.env["res.partner.bank"].create(
            {"acc_number": IBAN, "partner_id": self.company.partner_id.id}
        )
        link = self.make_link(invoice=self.make_invoice(371.0))
        option = f"{self.fintecture.id}:{self.fintecture.payment_method_ids[:1].id}"
        response = self.url_open(
            f"{link._pay_page_path()}/pay",
            data={"option": option},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        bank = link.transaction_ids
        self.start_customer_tour(link, "pay_by_link_back_from_the_bank")
        session = self.fintecture_emulator.sessions[bank.provider_reference]
        self.assertEqual(session["status"], "payment_cancelled")
        self.assertEqual(bank.state, "cancel")
        self.assertPaidByDemo(link)
