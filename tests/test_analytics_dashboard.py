from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import format_amount

from .common_analytics import AnalyticsCommon

# "Now" for the dashboard: this month is April 2025, last month March.
TODAY = datetime(2025, 4, 10, 12, 0)
APRIL = datetime(2025, 4, 2, 9, 0)


@tagged("post_install", "-at_install")
class TestAnalyticsDashboard(AnalyticsCommon):
    """The dashboard's figures: April (two requests: N paid in a day, O not
    opened) against March (the requests of AnalyticsCommon)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = "Europe/Paris"
        cls.april = {
            "N": cls.send_request("email", date(2025, 4, 1), 1000, sent_at=APRIL),
            "O": cls.send_request("link", date(2025, 4, 1), 1100, sent_at=APRIL),
        }
        cls.open_link(cls.april["N"], 1, start=APRIL)
        cls.pay(cls.april["N"], 24, start=APRIL)

    def dashboard(self, lang="en_US"):
        with freeze_time(TODAY):
            dashboard = self.env["pay.link.dashboard"].with_context(lang=lang)
            return dashboard.get_dashboard()

    def cards(self, lang="en_US"):
        return {card["key"]: card for card in self.dashboard(lang)["cards"]}

    def test_this_month_against_last_month(self):
        data = self.dashboard()
        self.assertEqual(data["months"], ["April 2025", "March 2025"])
        values = {key: card["values"] for key, card in self.cards().items()}
        currency = self.company.currency_id
        self.assertEqual(
            values,
            {
                "sent": ["2", "9"],
                "opened_rate": ["50%", "78%"],
                "paid_rate": ["50%", "44%"],
                "collected": [
                    format_amount(self.env, self.april["N"].amount, currency),
                    format_amount(self.env, self.amounts("ABHI"), currency),
                ],
                "hours_to_open": ["1 h", "2.5 h"],
                "hours_to_pay": ["24 h", "26.5 h"],
                "days_by_link": ["2 days", "4 days"],
                "days_other": ["\u2013", "18 days"],
            },
        )

    def test_trends_say_whether_the_change_is_good_news(self):
        cards = self.cards()
        self.assertEqual(
            (cards["paid_rate"]["trend"], cards["paid_rate"]["good"]), (1, True)
        )
        self.assertEqual(
            (cards["hours_to_pay"]["trend"], cards["hours_to_pay"]["good"]), (-1, True)
        )
        self.assertEqual((cards["sent"]["trend"], cards["sent"]["good"]), (-1, False))
        self.assertEqual(cards["days_other"]["trend"], 0)
        self.assertIsNone(cards["days_other"]["good"])

    def test_outstanding_now_by_status(self):
        rows = {row["state"]: row for row in self.dashboard()["outstanding"]}
        self.assertEqual(
            {state: row["count"] for state, row in rows.items()},
            {"sent": 2, "opened": 1, "interrupted": 1, "expired": 1},
        )
        self.assertEqual(rows["sent"]["label"], "Not opened")
        self.assertEqual(
            rows["expired"]["action"]["domain"], [("state", "=", "expired")]
        )

    def test_cards_open_the_analysis_on_this_month(self):
        card = self.cards()["paid_rate"]
        action = card["action"]
        self.assertEqual(action["res_model"], "pay.link.report")
        self.assertEqual(action["views"][0], (False, "pivot"))
        self.assertEqual(action["context"], {"search_default_sent_date": 1})

    def test_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["pay_by_link"], ["fr_FR"])
        data = self.dashboard("fr_FR")
        self.assertEqual(data["months"], ["avril 2025", "mars 2025"])
        cards = {card["key"]: card for card in data["cards"]}
        self.assertEqual(cards["sent"]["title"], "Liens envoyés")
        self.assertEqual(cards["paid_rate"]["values"], ["50\xa0%", "44\xa0%"])
        self.assertEqual(cards["hours_to_pay"]["values"], ["24\xa0h", "26,5\xa0h"])
        self.assertEqual(cards["days_other"]["values"][1], "18\xa0jours")
        rows = {row["state"]: row for row in data["outstanding"]}
        self.assertEqual(rows["sent"]["label"], "Non ouvert")
