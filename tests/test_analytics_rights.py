from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import PayLinkCommon


@tagged("post_install", "-at_install")
class TestAnalyticsRights(PayLinkCommon):
    """Invoicing users see the figures of their companies only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company(name="Company B")["company"]
        link_a = cls.make_link()
        cls.make_transaction_done(link_a)
        invoice_b = cls.init_invoice(
            "out_invoice",
            partner=cls.customer,
            amounts=[50.0],
            post=True,
            company=cls.company_b,
        )
        cls.link_b = invoice_b.with_company(cls.company_b)._pay_link_create(
            channel="link"
        )
        cls.link_b._mark_sent()
        cls.user_b = new_test_user(
            cls.env,
            login="invoicing_b",
            groups="account.group_account_invoice",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        cls.user_ab = new_test_user(
            cls.env,
            login="invoicing_ab",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[cls.company.id, cls.company_b.id],
        )

    @classmethod
    def make_transaction_done(cls, link):
        tx = link._start_attempt(cls.demo_provider)
        tx._set_done()
        tx._post_process()

    def env_of(self, user, companies):
        return self.env(user=user, context={"allowed_company_ids": companies.ids})

    def test_a_user_of_company_b_sees_nothing_of_company_a(self):
        env = self.env_of(self.user_b, self.company_b)
        requests = env["pay.link.report"].search([])
        self.assertEqual(requests.link_id.ids, self.link_b.ids)
        self.assertFalse(env["pay.link.invoice.report"].search([]))
        dashboard = env["pay.link.dashboard"].get_dashboard()
        sent = next(card for card in dashboard["cards"] if card["key"] == "sent")
        self.assertEqual(sent["values"][0], "1")
        self.assertEqual([row["count"] for row in dashboard["outstanding"]], [1])

    def test_multi_company_user_sees_the_selected_companies(self):
        report = self.env_of(self.user_ab, self.company)["pay.link.report"]
        self.assertEqual(report.search([]).company_id, self.company)
        both = self.env_of(self.user_ab, self.company | self.company_b)
        self.assertEqual(
            both["pay.link.report"].search([]).company_id, self.company | self.company_b
        )
        self.assertEqual(
            both["pay.link.invoice.report"].search([]).company_id, self.company
        )

    def test_users_without_invoicing_rights_see_no_figures(self):
        employee = new_test_user(self.env, login="employee", groups="base.group_user")
        env = self.env_of(employee, self.company)
        for model in ("pay.link.report", "pay.link.invoice.report"):
            with self.assertRaises(AccessError):
                env[model].search([])
        with self.assertRaises(AccessError):
            env["pay.link.dashboard"].get_dashboard()
