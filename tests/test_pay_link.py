from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestPayLink(AccountTestInvoicingCommon):
    def test_token_is_random_and_long(self):
        invoice = self.init_invoice("out_invoice", amounts=[100], post=True)
        link = self.env["pay.link"].create({
            "move_id": invoice.id, "partner_id": invoice.partner_id.id,
            "amount": 100, "currency_id": invoice.currency_id.id,
        })
        self.assertGreaterEqual(len(link.token), 32)
        self.assertTrue(link.url.endswith("/pay/" + link.token))
