from datetime import timedelta

from odoo.tests import tagged

from .common_analytics import SENT_AT, AnalyticsCommon

FUNNEL = [
    "opened:sum",
    "payment_started:sum",
    "paid:sum",
    "opened_rate:avg",
    "started_rate:avg",
    "paid_rate:avg",
    "link_count:sum",
]


@tagged("post_install", "-at_install")
class TestAnalytics(AnalyticsCommon):
    """The analysis views' figures (read_group, as the graph and pivot views
    ask them) over the known requests of AnalyticsCommon."""

    def setUp(self):
        super().setUp()
        self.report = self.env["pay.link.report"].with_context(lang="en_US")
        self.domain = [("company_id", "=", self.company.id)]

    def group(self, groupby, aggregates, domain=()):
        return {
            group[0]: group[1:]
            for group in self.report._read_group(
                [*self.domain, *domain], [groupby], aggregates
            )
        }

    def test_funnel_counts_requests_not_links(self):
        [[count, opened, started, paid, *rates, links]] = self.report._read_group(
            self.domain, [], ["__count", *FUNNEL]
        )
        self.assertEqual(count, 9, "H and its replacement are one request")
        self.assertEqual(links, 10)
        self.assertEqual((opened, started, paid), (7, 5, 4))
        for rate, expected in zip(rates, (7 / 9, 5 / 9, 4 / 9), strict=True):
            self.assertAlmostEqual(rate, 100 * expected)

    def test_a_replaced_link_counts_once_from_its_first_sending(self):
        first_link = self.requests["H"].search(
            [("superseded_by_id", "=", self.requests["H"].id)]
        )
        self.assertEqual(first_link.state, "expired")
        row = self.report.search([("link_id", "=", self.requests["H"].id)])
        self.assertEqual(len(row), 1)
        self.assertFalse(self.report.search([("link_id", "=", first_link.id)]))
        self.assertEqual(row.state, "paid")
        self.assertEqual(row.link_count, 2)
        self.assertEqual(row.reminder_count, 1)
        self.assertEqual(row.sent_date, SENT_AT)
        self.assertEqual(row.opened_date, SENT_AT + timedelta(hours=193))
        self.assertEqual(row.paid_date, SENT_AT + timedelta(hours=240))
        self.assertAlmostEqual(row.hours_to_pay, 240)
        self.assertEqual(row.provider_id, self.demo_provider)

    def test_a_payment_started_counts_as_opened(self):
        row = self.report.search([("link_id", "=", self.requests["I"].id)])
        self.assertFalse(row.opened_date)
        self.assertEqual((row.opened, row.payment_started, row.paid), (1, 1, 1))
        self.assertEqual(row.started_date, SENT_AT + timedelta(hours=48))

    def test_time_to_open_and_to_pay(self):
        [[to_open, to_pay]] = self.report._read_group(
            self.domain, [], ["hours_to_open:avg", "hours_to_pay:avg"]
        )
        self.assertAlmostEqual(to_open, (0.5 + 2 + 24 + 3 + 1 + 193) / 6)
        self.assertAlmostEqual(to_pay, (0.75 + 5 + 48 + 240) / 4)
        self.assertEqual(
            self.group("pay_delay", ["__count"]),
            {False: (5,), "1": (1,), "2": (1,), "3": (1,), "5": (1,)},
        )
        self.assertEqual(
            self.group("open_delay", ["__count"]),
            {False: (3,), "1": (1,), "2": (3,), "3": (1,), "5": (1,)},
        )

    def test_amounts_collected_and_outstanding_by_status(self):
        paid = self.group("state", ["__count", "amount_paid:sum"], [("paid", "=", 1)])
        self.assertEqual(paid, {"paid": (4, self.amounts("ABHI"))})
        outstanding = self.group(
            "state", ["amount_outstanding:sum"], [("amount_outstanding", ">", 0)]
        )
        self.assertEqual(
            outstanding,
            {
                "sent": (self.amounts("E"),),
                "opened": (self.amounts("D"),),
                "interrupted": (self.amounts("C"),),
                "expired": (self.amounts("F"),),
            },
        )

    def test_amounts_in_the_company_currency(self):
        # 2 units of the other currency for 1 of the company's (since 2017)
        currency = self.setup_other_currency("EUR")
        invoice = self.init_invoice(
            "out_invoice",
            partner=self.customer,
            amounts=[100.0],
            currency=currency,
            post=True,
        )
        with_invoice = self.make_link(invoice=invoice)
        without_invoice = self.env["pay.link"].create(
            {
                "partner_id": self.customer.id,
                "currency_id": currency.id,
                "amount": 100.0,
                "channel": "link",
            }
        )
        without_invoice._mark_sent()
        rows = self.report.search(
            [("link_id", "in", (with_invoice | without_invoice).ids)]
        )
        self.assertEqual(rows.mapped("amount_outstanding"), [50.0, 50.0])
        self.assertEqual(rows.currency_id, self.company.currency_id)

    def test_collected_by_channel_and_provider(self):
        by_channel = self.group("channel", ["amount_paid:sum"], [("paid", "=", 1)])
        self.assertEqual(
            by_channel,
            {
                "email": (self.amounts("AH"),),
                "sms": (self.amounts("B"),),
                "link": (self.amounts("I"),),
            },
        )
        by_provider = self.group("provider_id", ["amount_paid:sum"])
        self.assertEqual(by_provider[self.demo_provider], (self.amounts("ABHI"),))

    def test_share_paid_after_reminders(self):
        self.assertEqual(
            self.group("reminder_level", ["__count", "paid:sum"]),
            {"0": (8, 3), "1": (1, 1)},
        )

    def test_status_follows_the_links_own_selection(self):
        self.assertEqual(
            self.report._fields["state"].get_values(self.env),
            self.env["pay.link"]._fields["state"].get_values(self.env),
        )


@tagged("post_install", "-at_install")
class TestInvoicePaymentDelays(AnalyticsCommon):
    """Invoices paid by link against invoices paid another way."""

    def test_days_from_invoice_to_payment(self):
        report = self.env["pay.link.invoice.report"]
        rows = report.search([("company_id", "=", self.company.id)])
        days = {(row.paid_by, row.move_id): row.days_to_pay for row in rows}
        expected = {
            ("link", self.requests[letter].move_id): value
            for letter, value in self.invoice_days["link"].items()
        } | {
            ("other", self.paid_other_way[letter]): value
            for letter, value in self.invoice_days["other"].items()
        }
        self.assertEqual(days, expected)
        groups = report._read_group(
            [("company_id", "=", self.company.id)],
            ["paid_by"],
            ["__count", "days_to_pay:avg"],
        )
        self.assertEqual(
            {paid_by: (count, round(avg, 2)) for paid_by, count, avg in groups},
            {"link": (4, 5.5), "other": (3, round(52 / 3, 2))},
        )

    def test_unpaid_and_cancelled_invoices_are_left_out(self):
        report = self.env["pay.link.invoice.report"]
        unpaid = self.requests["C"].move_id | self.invoice
        self.assertFalse(report.search([("move_id", "in", unpaid.ids)]))
