from odoo.tests import HttpCase, tagged

from .common import PayLinkCommon


@tagged("post_install", "-at_install")
class TestPayLinkTour(PayLinkCommon, HttpCase):
    def test_customer_pays_with_demo_provider(self):
        link = self.make_link()
        self.start_tour(link._pay_page_path(), "pay_by_link_pay_with_demo")
        self.env.invalidate_all()
        tx = link.transaction_ids
        self.assertEqual(len(tx), 1)
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.amount, link.amount)
        self.assertEqual(link.state, "paid")
        # The status page's poll posts the payment before landing on the pay page.
        self.assertTrue(tx.is_post_processed)
        self.assertEqual(tx.payment_id.state, "paid")
        self.assertTrue(tx.payment_id.is_reconciled)
        self.assertIn(self.invoice.payment_state, ("paid", "in_payment"))
        self.assertIn(tx.payment_id, self.invoice.matched_payment_ids)
