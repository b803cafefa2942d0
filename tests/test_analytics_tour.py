from odoo.tests import HttpCase, tagged

from .common import PayLinkCommon


@tagged("post_install", "-at_install")
class TestAnalyticsTour(PayLinkCommon, HttpCase):
    """The dashboard in the browser, opened by an accountant, in English and
    in French."""

    def setUp(self):
        super().setUp()
        self.make_link()
        self.env.user.tz = "Europe/Paris"

    def test_dashboard_leads_to_the_analyses_and_the_links(self):
        self.start_tour(
            "/odoo/action-pay_by_link.action_pay_link_dashboard",
            "pay_by_link_dashboard",
            login=self.env.user.login,
        )

    def test_dashboard_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["pay_by_link"], ["fr_FR"])
        self.env.user.lang = "fr_FR"
        self.start_tour(
            "/odoo/action-pay_by_link.action_pay_link_dashboard",
            "pay_by_link_dashboard_fr",
            login=self.env.user.login,
        )
