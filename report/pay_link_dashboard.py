from collections import namedtuple
from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, format_amount, format_date
from odoo.tools.misc import formatLang

# A calendar month of the user: dates (``first``, ``end`` excluded) and the
# same bounds as UTC datetimes (how datetimes are stored).
Month = namedtuple("Month", "label first end utc_first utc_end")


class PayLinkDashboard(models.AbstractModel):
    """The few figures of the *Payment links* dashboard, this month against
    last month, read from the analysis models with one SQL query each (their
    access rights and company rules apply)."""

    _name = "pay.link.dashboard"
    _description = "Payment links dashboard"

    @api.model
    def get_dashboard(self):
        """The dashboard's content, formatted in the user's language.

        :return: ``{"months": [this month's label, last month's], "cards":
            [card], "outstanding": [row], "outstanding_total": text,
            "analyses": [analysis]}``; a card
            is ``{"key", "title", "help", "values": [text this month, text
            last month], "trend": 1 | 0 | -1 (this month against last),
            "good": bool or None, "action": window action}``; an outstanding
            row ``{"state", "label", "count", "amount", "action"}``; an
            analysis ``{"key", "title", "action"}``.
        """
        months = self._months()
        companies = self._companies()
        currency = companies[:1].currency_id
        figures, outstanding = self._request_figures(months, companies)
        figures |= self._invoice_figures(months, companies)
        specs = self._card_specs()
        return {
            "months": [month.label for month in months],
            "cards": [
                self._card(key, specs[key], values, currency)
                for key, values in figures.items()
            ],
            "outstanding": self._outstanding_rows(outstanding, currency),
            "analyses": self._analyses(),
            "outstanding_total": format_amount(
                self.env,
                sum(amount for _count, amount in outstanding.values()),
                currency,
            ),
        }

    # --- periods and scope -----------------------------------------------------

    @api.model
    def _months(self):
        """This month and last month of the user, in the user's time zone."""
        today = fields.Date.context_today(self)
        tz_name = self.env.context.get("tz") or self.env.user.tz
        tz = pytz.timezone(tz_name if tz_name in pytz.all_timezones_set else "UTC")
        first = today.replace(day=1)
        months = []
        for start in (first, first - relativedelta(months=1)):
            end = start + relativedelta(months=1)
            utc = [
                tz.localize(datetime.combine(day, time.min))
                .astimezone(pytz.utc)
                .replace(tzinfo=None)
                for day in (start, end)
            ]
            label = format_date(self.env, start, date_format="MMMM y")
            months.append(Month(label, start, end, *utc))
        return months

    @api.model
    def _companies(self):
        """The companies selected in the switcher, or only the current one
        when their currencies differ (amounts are summed)."""
        companies = self.env.companies
        if len(companies.currency_id) > 1:
            return self.env.company
        return companies

    # --- figures -------------------------------------------------------------------

    @api.model
    def _request_figures(self, months, companies):
        """The payment requests' figures, with one query.

        :return: ``({card key: [value this month, value last month]},
            {status: (count, amount) still to collect})``
        """
        report = self.env["pay.link.report"]
        query = report._search([("company_id", "in", companies.ids)])

        def column(name):
            return SQL.identifier(query.table, name)

        def within(name, month):
            return SQL(
                "%s >= %s AND %s < %s",
                column(name),
                month.utc_first,
                column(name),
                month.utc_end,
            )

        def aggregate(function, name, date_name):
            return lambda month: SQL(
                "%s FILTER (WHERE %s)",
                SQL(function, column(name)),
                within(date_name, month),
            )

        median = "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY %s)"
        figures = {
            "sent": aggregate("COUNT(%s)", "id", "sent_date"),
            "opened_rate": aggregate("AVG(%s)", "opened_rate", "sent_date"),
            "paid_rate": aggregate("AVG(%s)", "paid_rate", "sent_date"),
            "collected": aggregate("SUM(%s)", "amount_paid", "paid_date"),
            "hours_to_open": aggregate(median, "hours_to_open", "sent_date"),
            "hours_to_pay": aggregate(median, "hours_to_pay", "paid_date"),
        }
        states = report._fields["state"].get_values(self.env)
        outstanding = [
            SQL(
                "%s FILTER (WHERE %s = %s AND %s > 0)",
                SQL(function, column("amount_outstanding")),
                column("state"),
                state,
                column("amount_outstanding"),
            )
            for state in states
            for function in ("COUNT(%s)", "SUM(%s)")
        ]
        selects = [figure(month) for figure in figures.values() for month in months]
        [row] = self.env.execute_query(query.select(*selects, *outstanding))
        size = len(months)
        values = {
            key: list(row[index * size : (index + 1) * size])
            for index, key in enumerate(figures)
        }
        totals = row[len(selects) :]
        by_state = {
            state: (totals[2 * index], totals[2 * index + 1])
            for index, state in enumerate(states)
            if totals[2 * index]
        }
        return values, by_state

    @api.model
    def _invoice_figures(self, months, companies):
        """{card key: [median days this month, last month]} of the invoices
        paid by link and paid another way."""
        report = self.env["pay.link.invoice.report"]
        query = report._search(
            [
                ("company_id", "in", companies.ids),
                ("payment_date", ">=", months[-1].first),
            ]
        )
        column = SQL.identifier(query.table, "payment_date")
        selects = [
            SQL(
                "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY %s) "
                "FILTER (WHERE %s = %s AND %s >= %s AND %s < %s)",
                SQL.identifier(query.table, "days_to_pay"),
                SQL.identifier(query.table, "paid_by"),
                paid_by,
                column,
                month.first,
                column,
                month.end,
            )
            for paid_by in ("link", "other")
            for month in months
        ]
        [row] = self.env.execute_query(query.select(*selects))
        size = len(months)
        return {"days_by_link": list(row[:size]), "days_other": list(row[size:])}

    @api.model
    def _outstanding_rows(self, outstanding, currency):
        labels = dict(
            self.env["pay.link.report"]
            ._fields["state"]
            ._description_selection(self.env)
        )
        action = self._report_action("list", {"search_default_outstanding": 1})
        return [
            {
                "state": state,
                "label": labels[state],
                "count": count,
                "amount": format_amount(self.env, amount, currency),
                "action": {**action, "domain": [("state", "=", state)]},
            }
            for state, (count, amount) in outstanding.items()
        ]

    # --- cards -----------------------------------------------------------------

    @api.model
    def _card(self, key, spec, values, currency):
        title, help_text, unit, better, action = spec
        if unit in ("count", "amount"):
            values = [value or 0 for value in values]
        current, previous = values[0], values[1]
        trend = 0
        if current is not None and previous is not None and current != previous:
            trend = 1 if current > previous else -1
        return {
            "key": key,
            "title": title,
            "help": help_text,
            "values": [self._format(value, unit, currency) for value in values],
            "trend": trend,
            "good": trend * better > 0 if trend else None,
            "action": action,
        }

    @api.model
    def _format(self, value, unit, currency):
        """``value`` as the user reads it; a dash when there is none."""
        if unit == "amount":
            return format_amount(self.env, value, currency)
        if value is None:
            return "\u2013"  # en dash
        if unit == "count":
            return formatLang(self.env, value, digits=0)
        if unit == "rate":
            return self.env._("%(rate)s%%", rate=formatLang(self.env, value, digits=0))
        if unit == "hours" and value < 1:
            minutes = formatLang(self.env, value * 60, digits=0)
            return self.env._("%(minutes)s min", minutes=minutes)
        if unit == "hours" and value < 48:
            return self.env._("%(hours)s h", hours=self._number(value))
        days = value / 24 if unit == "hours" else value
        if round(days, 1) == 1:
            return self.env._("1 day")
        return self.env._("%(days)s days", days=self._number(days))

    @api.model
    def _number(self, value):
        """``value`` with one decimal, none when it is a whole number."""
        digits = 0 if round(value, 1) == round(value) else 1
        return formatLang(self.env, value, digits=digits)
