from odoo import api, fields, models
from odoo.tools import SQL

# Days from the invoice date to its payment; the upper bound of each bucket.
# The keys sort in the buckets' order (Odoo orders groups by raw value).
DAYS_BUCKETS = [
    ("1", "0 to 7 days", 7),
    ("2", "8 to 15 days", 15),
    ("3", "16 to 30 days", 30),
    ("4", "31 to 60 days", 60),
    ("5", "Over 60 days", None),
]
PAID_STATES = ("paid", "in_payment")


class PayLinkInvoiceReport(models.Model):
    """Invoice payment delays: one row per paid customer invoice, paid by
    link or another way, with the days from its invoice date to its payment.

    The payment date of an invoice paid by link is the day its link was paid;
    for the others, the latest date of the payments (or credit notes)
    reconciled with it. Amounts are in the company's currency.
    """

    _name = "pay.link.invoice.report"
    _description = "Invoice payment delays"
    _auto = False
    _rec_name = "move_id"
    _order = "payment_date desc, id desc"

    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    invoice_user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    invoice_date = fields.Date(string="Invoice date", readonly=True)
    payment_date = fields.Date(string="Payment date", readonly=True)
    paid_by = fields.Selection(
        [("link", "Paid by link"), ("other", "Paid another way")],
        string="Payment",
        readonly=True,
    )
    days_to_pay = fields.Float(
        string="Days to payment",
        readonly=True,
        aggregator="avg",
        help="From the invoice date to the payment date.",
    )
    payment_delay = fields.Selection(
        [(key, label) for key, label, _limit in DAYS_BUCKETS],
        string="Time to payment",
        readonly=True,
    )
    amount_total = fields.Monetary(string="Total", readonly=True)

    _depends = {
        "account.move": [
            "move_type",
            "state",
            "payment_state",
            "invoice_date",
            "partner_id",
            "company_id",
            "invoice_user_id",
            "amount_total_signed",
        ],
        "account.move.line": ["move_id", "display_type"],
        "account.partial.reconcile": ["debit_move_id", "max_date"],
        "pay.link": ["move_id", "state", "paid_date"],
    }

    @property
    def _table_query(self):
        return SQL(
            """
            WITH paid_link AS (
                SELECT move_id, MAX(paid_date) AS paid_date
                  FROM pay_link
                 WHERE state = 'paid' AND move_id IS NOT NULL
                 GROUP BY move_id
            ),
            reconciled AS (
                SELECT line.move_id, MAX(part.max_date) AS max_date
                  FROM account_move_line line
                  JOIN account_partial_reconcile part ON part.debit_move_id = line.id
                 WHERE line.display_type = 'payment_term'
                 GROUP BY line.move_id
            ),
            invoice AS (
                SELECT move.id,
                       move.partner_id,
                       move.company_id,
                       move.invoice_user_id,
                       move.invoice_date,
                       move.amount_total_signed,
                       paid_link.move_id IS NOT NULL AS paid_by_link,
                       COALESCE(paid_link.paid_date::date, reconciled.max_date)
                           AS payment_date
                  FROM account_move move
                  LEFT JOIN paid_link ON paid_link.move_id = move.id
                  LEFT JOIN reconciled ON reconciled.move_id = move.id
                 WHERE move.move_type = 'out_invoice'
                   AND move.state = 'posted'
                   AND move.payment_state IN %(paid_states)s
            )
            SELECT invoice.id,
                   invoice.id AS move_id,
                   invoice.partner_id,
                   invoice.company_id,
                   company.currency_id,
                   invoice.invoice_user_id,
                   invoice.invoice_date,
                   invoice.payment_date,
                   CASE WHEN invoice.paid_by_link THEN 'link' ELSE 'other' END
                       AS paid_by,
                   invoice.payment_date - invoice.invoice_date AS days_to_pay,
                   %(bucket)s AS payment_delay,
                   invoice.amount_total_signed AS amount_total
              FROM invoice
              JOIN res_company company ON company.id = invoice.company_id
             WHERE invoice.payment_date IS NOT NULL
            """,
            paid_states=PAID_STATES,
            bucket=self._bucket(),
        )

    @api.model
    def _bucket(self):
        days = SQL("(invoice.payment_date - invoice.invoice_date)")
        whens = [
            SQL("WHEN %s <= %s THEN %s", days, limit, key)
            for key, _label, limit in DAYS_BUCKETS
            if limit is not None
        ]
        return SQL("CASE %s ELSE %s END", SQL(" ").join(whens), DAYS_BUCKETS[-1][0])
