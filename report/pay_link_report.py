from odoo import api, fields, models
from odoo.tools import SQL

# Hours after the first sending; the upper bound of each bucket of a delay.
# The keys sort in the buckets' order (Odoo orders groups by raw value).
DELAY_BUCKETS = [
    ("1", "Under 1 hour", 1),
    ("2", "1 to 24 hours", 24),
    ("3", "1 to 3 days", 72),
    ("4", "3 to 7 days", 168),
    ("5", "Over 7 days", None),
]
# Link states that end a request without money owed through it.
CLOSED_STATES = ("draft", "paid", "cancelled")
# Invoice payment states where nothing is left to collect.
SETTLED_PAYMENT_STATES = ("paid", "in_payment", "reversed")
# Payment transaction operations that are not a customer paying.
NOT_PAYMENT_OPERATIONS = ("validation", "refund")


def _pay_link_selection(field_name):
    """The values of pay.link's selection ``field_name`` (they may grow) with
    their labels in the user's language."""
    return lambda self: (
        self.env["pay.link"]._fields[field_name]._description_selection(self.env)
    )


def _bucket_sql(hours):
    """SQL CASE putting a number of ``hours`` (SQL) in its DELAY_BUCKETS key."""
    whens = [
        SQL("WHEN %s < %s THEN %s", hours, limit, key)
        for key, _label, limit in DELAY_BUCKETS
        if limit is not None
    ]
    return SQL(
        "CASE WHEN %s IS NULL THEN NULL %s ELSE %s END",
        hours,
        SQL(" ").join(whens),
        DELAY_BUCKETS[-1][0],
    )


class PayLinkReport(models.Model):
    """Payment link analysis: one row per payment request.

    A request is a chain of links replacing one another (a reminder or the
    send form issues a fresh link for an expired one and sets the old link's
    ``superseded_by_id``): it counts once in the funnel, from its first
    sending, and reaches a stage when any of its links did. Links never sent
    are left out. Amounts are in the company's currency.
    """

    _name = "pay.link.report"
    _description = "Payment link analysis"
    _auto = False
    _rec_name = "link_id"
    _order = "sent_date desc, id desc"

    link_id = fields.Many2one(
        "pay.link",
        string="Payment link",
        readonly=True,
        help="The latest link of the request.",
    )
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    channel = fields.Selection(selection=_pay_link_selection("channel"), readonly=True)
    state = fields.Selection(
        selection=_pay_link_selection("state"),
        string="Status",
        readonly=True,
        help="Paid when any link of the request was paid, "
        "else the status of its latest link.",
    )
    provider_id = fields.Many2one(
        "payment.provider",
        readonly=True,
        help="The provider of the payment, else of the latest payment attempt.",
    )
    sent_by_id = fields.Many2one("res.users", string="Sent by", readonly=True)
    sent_date = fields.Datetime(string="Sent on", readonly=True)
    opened_date = fields.Datetime(string="Opened on", readonly=True)
    started_date = fields.Datetime(string="Payment started on", readonly=True)
    paid_date = fields.Datetime(string="Paid on", readonly=True)
    link_count = fields.Integer(
        string="Links", readonly=True, help="The links issued for the request."
    )
    reminder_count = fields.Integer(
        string="Reminders sent", readonly=True, aggregator="avg"
    )
    reminder_level = fields.Selection(
        [
            ("0", "No reminder"),
            ("1", "1 reminder"),
            ("2", "2 reminders"),
            ("3", "3 reminders or more"),
        ],
        string="Reminders",
        readonly=True,
    )
    opened = fields.Integer(readonly=True)
    payment_started = fields.Integer(string="Payment started", readonly=True)
    paid = fields.Integer(readonly=True)
    opened_rate = fields.Float(string="Opened (%)", readonly=True, aggregator="avg")
    started_rate = fields.Float(
        string="Payment started (%)", readonly=True, aggregator="avg"
    )
    paid_rate = fields.Float(string="Paid (%)", readonly=True, aggregator="avg")
    hours_to_open = fields.Float(
        string="Hours to open",
        readonly=True,
        aggregator="avg",
        help="From the first sending.",
    )
    hours_to_pay = fields.Float(
        string="Hours to pay",
        readonly=True,
        aggregator="avg",
        help="From the first sending.",
    )
    open_delay = fields.Selection(
        [(key, label) for key, label, _limit in DELAY_BUCKETS],
        string="Time to open",
        readonly=True,
    )
    pay_delay = fields.Selection(
        [(key, label) for key, label, _limit in DELAY_BUCKETS],
        string="Time to pay",
        readonly=True,
    )
    amount = fields.Monetary(string="Amount requested", readonly=True)
    amount_paid = fields.Monetary(string="Amount collected", readonly=True)
    amount_outstanding = fields.Monetary(
        string="Amount outstanding",
        readonly=True,
        help="Requested and not paid yet: the link is not paid, cancelled or "
        "draft, and its invoice is not paid.",
    )

    _depends = {
        "pay.link": [
            "state",
            "channel",
            "amount",
            "currency_id",
            "company_id",
            "partner_id",
            "move_id",
            "sent_date",
            "opened_date",
            "paid_date",
            "sent_by_id",
            "superseded_by_id",
            "reminder_count",
        ],
        "payment.transaction": [
            "pay_link_id",
            "state",
            "provider_id",
            "operation",
        ],
        "account.move": ["amount_total", "amount_total_signed", "payment_state"],
        "res.currency.rate": ["rate", "name", "currency_id", "company_id"],
    }

    @property
    def _table_query(self):
        return SQL(
            "%s %s %s %s",
            self._with(),
            self._select(),
            self._from(),
            SQL("WHERE request.sent_date IS NOT NULL"),
        )

    @api.model
    def _with(self):
        """``replaced``: each replaced link with the links after it (walking
        ``superseded_by_id``), ``chain``: with the latest one; ``attempt``:
        the payment attempts of each link; ``earlier``: the replaced links of
        each chain summed up; ``request``: the latest link of each chain with
        its chain's figures; ``latest_rate``: the latest rate of each currency
        for each company (its root company's rates, else the shared ones).

        Requests are keyed on the latest link (a column of pay_link) rather
        than on a recursive result, so PostgreSQL estimates their number well
        and keeps hash joins on large tables."""
        return SQL(
            """
            WITH RECURSIVE replaced AS (
                SELECT id AS link_id, superseded_by_id AS request_id, 1 AS depth
                  FROM pay_link
                 WHERE superseded_by_id IS NOT NULL
                 UNION ALL
                SELECT replaced.link_id, link.superseded_by_id, replaced.depth + 1
                  FROM replaced
                  JOIN pay_link link ON link.id = replaced.request_id
                 WHERE link.superseded_by_id IS NOT NULL
            ),
            chain AS (
                SELECT DISTINCT ON (link_id) link_id, request_id
                  FROM replaced
                 ORDER BY link_id, depth DESC
            ),
            attempt AS (
                SELECT tx.pay_link_id AS link_id,
                       MIN(tx.create_date) AS started_date,
                       MAX(tx.id) AS last_id,
                       (MAX(ARRAY[tx.id, tx.provider_id])
                           FILTER (WHERE tx.state = 'done'))[2] AS paid_provider_id,
                       (MAX(ARRAY[tx.id, tx.provider_id]))[2] AS last_provider_id
                  FROM payment_transaction tx
                 WHERE tx.pay_link_id IS NOT NULL
                   AND tx.operation NOT IN %(not_payments)s
                 GROUP BY tx.pay_link_id
            ),
            earlier AS (
                SELECT chain.request_id,
                       COUNT(*) AS link_count,
                       MIN(link.sent_date) AS sent_date,
                       MIN(link.opened_date) AS opened_date,
                       MIN(attempt.started_date) AS started_date,
                       MIN(link.paid_date) FILTER (WHERE link.state = 'paid')
                           AS paid_date,
                       SUM(link.amount) FILTER (WHERE link.state = 'paid')
                           AS amount_paid,
                       MAX(link.reminder_count) AS reminder_count,
                       (MAX(ARRAY[attempt.last_id, attempt.paid_provider_id])
                           FILTER (WHERE attempt.paid_provider_id IS NOT NULL))[2]
                           AS paid_provider_id,
                       (MAX(ARRAY[attempt.last_id, attempt.last_provider_id]))[2]
                           AS last_provider_id
                  FROM chain
                  JOIN pay_link link ON link.id = chain.link_id
                  LEFT JOIN attempt ON attempt.link_id = link.id
                 GROUP BY chain.request_id
            ),
            request AS (
                SELECT head.id,
                       head.move_id,
                       head.partner_id,
                       head.company_id,
                       head.currency_id,
                       head.channel,
                       head.state,
                       head.sent_by_id,
                       head.amount,
                       1 + COALESCE(earlier.link_count, 0) AS link_count,
                       LEAST(head.sent_date, earlier.sent_date) AS sent_date,
                       LEAST(head.opened_date, earlier.opened_date) AS opened_date,
                       LEAST(attempt.started_date, earlier.started_date)
                           AS started_date,
                       LEAST(CASE WHEN head.state = 'paid' THEN head.paid_date END,
                             earlier.paid_date) AS paid_date,
                       NULLIF(CASE WHEN head.state = 'paid' THEN head.amount ELSE 0 END
                              + COALESCE(earlier.amount_paid, 0), 0) AS amount_paid,
                       GREATEST(head.reminder_count, earlier.reminder_count, 0)
                           AS reminder_count,
                       COALESCE(attempt.paid_provider_id, earlier.paid_provider_id,
                                attempt.last_provider_id, earlier.last_provider_id)
                           AS provider_id
                  FROM pay_link head
                  LEFT JOIN earlier ON earlier.request_id = head.id
                  LEFT JOIN attempt ON attempt.link_id = head.id
                 WHERE head.superseded_by_id IS NULL
            ),
            latest_rate AS (
                SELECT DISTINCT ON (rate.currency_id, company.id)
                       rate.currency_id, company.id AS company_id, rate.rate
                  FROM res_currency_rate rate
                  JOIN res_company company
                    ON rate.company_id IS NULL
                    OR rate.company_id = SPLIT_PART(company.parent_path, '/', 1)::int
                 ORDER BY rate.currency_id, company.id,
                          rate.company_id NULLS LAST, rate.name DESC
            )
            """,
            not_payments=NOT_PAYMENT_OPERATIONS,
        )

    @api.model
    def _select(self):
        paid = SQL("(request.amount_paid IS NOT NULL)")
        started = SQL("(%s OR request.started_date IS NOT NULL)", paid)
        opened = SQL("(%s OR request.opened_date IS NOT NULL)", started)
        hours_to_open = self._hours_between("request.opened_date")
        hours_to_pay = self._hours_between("request.paid_date")
        outstanding = SQL(
            "(NOT %s AND request.state NOT IN %s AND "
            "COALESCE(move.payment_state, '') NOT IN %s)",
            paid,
            CLOSED_STATES,
            SETTLED_PAYMENT_STATES,
        )
        return SQL(
            """
            SELECT request.id,
                   request.id AS link_id,
                   request.move_id,
                   request.partner_id,
                   request.company_id,
                   company.currency_id,
                   request.channel,
                   CASE WHEN %(paid)s THEN 'paid' ELSE request.state END AS state,
                   request.provider_id,
                   request.sent_by_id,
                   request.sent_date,
                   request.opened_date,
                   request.started_date,
                   request.paid_date,
                   request.link_count,
                   request.reminder_count,
                   LEAST(request.reminder_count, 3)::varchar AS reminder_level,
                   %(opened)s::int AS opened,
                   %(started)s::int AS payment_started,
                   %(paid)s::int AS paid,
                   CASE WHEN %(opened)s THEN 100.0 ELSE 0.0 END AS opened_rate,
                   CASE WHEN %(started)s THEN 100.0 ELSE 0.0 END AS started_rate,
                   CASE WHEN %(paid)s THEN 100.0 ELSE 0.0 END AS paid_rate,
                   %(hours_to_open)s AS hours_to_open,
                   %(hours_to_pay)s AS hours_to_pay,
                   %(open_delay)s AS open_delay,
                   %(pay_delay)s AS pay_delay,
                   COALESCE(request.amount_paid, request.amount) * %(rate)s AS amount,
                   COALESCE(request.amount_paid, 0.0) * %(rate)s AS amount_paid,
                   CASE WHEN %(outstanding)s THEN request.amount * %(rate)s ELSE 0.0 END
                       AS amount_outstanding
            """,
            paid=paid,
            started=started,
            opened=opened,
            hours_to_open=hours_to_open,
            hours_to_pay=hours_to_pay,
            open_delay=_bucket_sql(hours_to_open),
            pay_delay=_bucket_sql(hours_to_pay),
            rate=self._company_rate(),
            outstanding=outstanding,
        )

    @api.model
    def _from(self):
        return SQL(
            """
            FROM request
            JOIN res_company company ON company.id = request.company_id
            LEFT JOIN account_move move ON move.id = request.move_id
            LEFT JOIN latest_rate link_rate
                   ON link_rate.currency_id = request.currency_id
                  AND link_rate.company_id = request.company_id
            LEFT JOIN latest_rate company_rate
                   ON company_rate.currency_id = company.currency_id
                  AND company_rate.company_id = request.company_id
            """
        )

    @api.model
    def _hours_between(self, date_column):
        return SQL(
            "EXTRACT(EPOCH FROM %s - request.sent_date) / 3600.0", SQL(date_column)
        )

    @api.model
    def _company_rate(self):
        """SQL factor from the link's currency to the company's: the rate of
        the invoice itself when there is one, else Odoo's latest rates."""
        return SQL(
            """
            CASE
                WHEN request.currency_id = company.currency_id THEN 1.0
                WHEN move.amount_total <> 0
                    THEN move.amount_total_signed / move.amount_total
                ELSE COALESCE(company_rate.rate, 1.0) / COALESCE(link_rate.rate, 1.0)
            END
            """
        )
