from odoo import api, models


class PayLinkDashboard(models.AbstractModel):
    """Where each entry of the dashboard leads: the card titles and the
    analysis each card or ready-made analysis opens."""

    _inherit = "pay.link.dashboard"

    @api.model
    def _card_specs(self):
        """{card key: (title, help, unit, better, action)}: ``better`` is 1 when
        a higher value is good news, -1 when a lower one is; ``action`` opens
        the analysis behind the card on this month."""
        sent = {"search_default_sent_date": 1}
        paid = {"search_default_paid_date": 1}
        funnel = self._report_action("pivot", sent)
        invoices = self._report_action(
            "graph",
            {"search_default_payment_date": 1, "search_default_group_paid_by": 1},
            xmlid="pay_by_link.action_pay_link_invoice_report",
        )
        return {
            "sent": (
                self.env._("Links sent"),
                self.env._("Payment requests sent in the month."),
                "count",
                1,
                funnel,
            ),
            "opened_rate": (
                self.env._("Links opened"),
                self.env._("Share of the month's requests opened by the customer."),
                "rate",
                1,
                funnel,
            ),
            "paid_rate": (
                self.env._("Links paid"),
                self.env._("Share of the month's requests paid so far."),
                "rate",
                1,
                funnel,
            ),
            "collected": (
                self.env._("Collected by link"),
                self.env._("Amount paid by link in the month."),
                "amount",
                1,
                self._report_action(
                    "pivot", {**paid, "search_default_group_channel": 1}
                ),
            ),
            "hours_to_open": (
                self.env._("Time to open (median)"),
                self.env._("From the sending to the first opening."),
                "hours",
                -1,
                self._report_action(
                    "graph", {**sent, "search_default_group_open_delay": 1}
                ),
            ),
            "hours_to_pay": (
                self.env._("Time to pay (median)"),
                self.env._("From the sending to the payment, links paid in the month."),
                "hours",
                -1,
                self._report_action(
                    "graph", {**paid, "search_default_group_pay_delay": 1}
                ),
            ),
            "days_by_link": (
                self.env._("Invoice to payment, by link (median)"),
                self.env._("Days from the invoice date, invoices paid by link."),
                "days",
                -1,
                invoices,
            ),
            "days_other": (
                self.env._("Invoice to payment, other ways (median)"),
                self.env._("Days from the invoice date, invoices paid another way."),
                "days",
                -1,
                invoices,
            ),
        }

    # --- ready-made analyses ---------------------------------------------------

    @api.model
    def _analyses(self):
        """The analyses the issue asks for, each a view with its grouping and
        measures set (search defaults the user can change)."""
        measures = ["__count", "opened", "payment_started", "paid"]
        analyses = [
            (
                "funnel",
                self.env._("Funnel by month"),
                "pivot",
                {
                    "pivot_row_groupby": ["sent_date:month"],
                    "pivot_measures": [
                        *measures,
                        "opened_rate",
                        "started_rate",
                        "paid_rate",
                    ],
                },
            ),
            (
                "time_to_open",
                self.env._("Time to open"),
                "graph",
                {"search_default_group_open_delay": 1, "graph_measure": "__count"},
            ),
            (
                "time_to_pay",
                self.env._("Time to pay"),
                "graph",
                {
                    "search_default_paid": 1,
                    "search_default_group_pay_delay": 1,
                    "graph_measure": "__count",
                },
            ),
            (
                "collected",
                self.env._("Collected by channel and provider"),
                "pivot",
                {
                    "search_default_paid": 1,
                    "pivot_row_groupby": ["channel"],
                    "pivot_column_groupby": ["provider_id"],
                    "pivot_measures": ["amount_paid"],
                },
            ),
            (
                "outstanding",
                self.env._("Outstanding by status"),
                "graph",
                {
                    "search_default_outstanding": 1,
                    "search_default_group_state": 1,
                    "graph_measure": "amount_outstanding",
                    "graph_mode": "pie",
                },
            ),
            (
                "reminders",
                self.env._("Paid after reminders"),
                "pivot",
                {
                    "pivot_row_groupby": ["reminder_level"],
                    "pivot_measures": ["__count", "paid", "paid_rate"],
                },
            ),
        ]
        rows = [
            {
                "key": key,
                "title": title,
                "action": {**self._report_action(view, context), "name": title},
            }
            for key, title, view, context in analyses
        ]
        delays = self._report_action(
            "pivot", {}, xmlid="pay_by_link.action_pay_link_invoice_report"
        )
        rows.append({"key": "invoices", "title": delays["name"], "action": delays})
        return rows

    # --- actions ---------------------------------------------------------------

    @api.model
    def _report_action(
        self, first_view, context, xmlid="pay_by_link.action_pay_link_report"
    ):
        """The analysis action ``xmlid`` opening on ``first_view`` with the
        search defaults of ``context``."""
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        modes = action["view_mode"].split(",")
        modes.sort(key=lambda mode: mode != first_view)
        return {
            **action,
            "views": [(False, mode) for mode in modes],
            "context": context,
        }
