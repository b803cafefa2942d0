from stdnum.fr import siret

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo database is a French company billing French and European
    customers: its address and SIRET, on every invoice PDF and pay page, are
    French and valid."""

    def skip_without_demo(self):
        module = self.env["ir.module.module"].search([("name", "=", "pay_by_link")])
        if not module.demo:
            self.skipTest("installed without demo data")

    def test_demo_company_is_a_valid_french_company(self):
        self.skip_without_demo()
        company = self.env.ref("base.main_company")
        self.assertEqual(company.country_id, self.env.ref("base.fr"))
        self.assertFalse(company.state_id, "a state of another country")
        self.assertNotIn("California", company.partner_id._display_address())
        self.assertTrue(siret.is_valid(company.company_registry))

    def test_demo_customers_are_written_to_in_their_language(self):
        """The French customers get their links in French, the Irish one in
        English: the send form's language shows with either."""
        self.skip_without_demo()
        customers = self.env.ref("pay_by_link.invoice_boulangerie").partner_id
        for name in ("garage", "claire", "sean"):
            customers |= self.env.ref(f"pay_by_link.invoice_{name}").partner_id
        self.assertEqual(
            [(c.country_id.code, c.lang) for c in customers],
            [("FR", "fr_FR"), ("FR", "fr_FR"), ("FR", "fr_FR"), ("IE", "en_US")],
        )
