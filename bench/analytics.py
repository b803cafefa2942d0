"""Benchmark of the payment link analysis on 100,000 links.

An Odoo shell script: it runs inside a database where ``pay_by_link`` is
installed, inserts the links, their payment attempts and invoices with SQL
(seconds, not the hours the ORM would take), then times what the web client
asks when a user opens the analysis (graph, pivot, list), the invoice payment
delays and the dashboard, prints the timings and figures, and rolls
everything back (the database is left as it was). From the addon root, after
``make setup``::

    . .build/env
    python3 -m odoo -c .build/odoo.conf -d pbl_bench -i pay_by_link \\
        --stop-after-init --without-demo=all       # once: a throw-away database
    python3 -m odoo shell -c .build/odoo.conf -d pbl_bench --no-http \\
        < bench/analytics.py
    dropdb pbl_bench                                # when done

``BENCH_LINKS`` (default 100000) and ``BENCH_OTHER_INVOICES`` (invoices paid
another way, default 50000) change the volume. The target: each read under
one second.
"""

import itertools
import os
import random
import secrets
import time
from datetime import datetime, timedelta

from psycopg2.extras import execute_values

LINKS = int(os.environ.get("BENCH_LINKS", 100000))
OTHER_INVOICES = int(os.environ.get("BENCH_OTHER_INVOICES", 50000))
TARGET_SECONDS = 1.0
NOW = datetime.now().replace(microsecond=0)


def new_ids(cr, table, count):
    cr.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        [table, count],
    )
    return [row[0] for row in cr.fetchall()]


def insert(cr, table, columns, rows):
    execute_values(
        cr,
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES %s",
        rows,
        page_size=5000,
    )


class Bench:
    """The records shared by the generated data: company, journal, partners,
    providers, a bank line to reconcile the other invoices with."""

    def __init__(self, env):
        self.env = env
        self.cr = env.cr
        self.rng = random.Random(16)
        self.company = env.company
        self.currency = self.company.currency_id
        self.journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", self.company.id)], limit=1
        )
        self.partners = (
            env["res.partner"]
            .create([{"name": f"Bench customer {i}"} for i in range(200)])
            .ids
        )
        self.providers = env["payment.provider"].search([], limit=3).ids
        self.method = (
            env["payment.method"].with_context(active_test=False).search([], limit=1).id
        )
        self.users = [env.user.id]
        self.receivable = env["account.account"].search(
            [
                ("account_type", "=", "asset_receivable"),
                ("company_ids", "in", self.company.ids),
            ],
            limit=1,
        )

    # --- invoices ------------------------------------------------------------------

    def invoices(self, rows):
        """Insert posted customer invoices; ``rows`` are (invoice date, paid)."""
        ids = new_ids(self.cr, "account_move", len(rows))
        insert(
            self.cr,
            "account_move",
            [
                "id",
                "name",
                "journal_id",
                "company_id",
                "currency_id",
                "partner_id",
                "commercial_partner_id",
                "state",
                "move_type",
                "auto_post",
                "date",
                "invoice_date",
                "amount_total",
                "amount_total_signed",
                "amount_residual",
                "payment_state",
            ],
            [
                (
                    move_id,
                    f"BENCH/{move_id}",
                    self.journal.id,
                    self.company.id,
                    self.currency.id,
                    partner,
                    partner,
                    "posted",
                    "out_invoice",
                    "no",
                    day,
                    day,
                    100.0,
                    100.0,
                    0.0 if paid else 100.0,
                    "paid" if paid else "not_paid",
                )
                for move_id, (day, paid) in zip(ids, rows, strict=True)
                for partner in [self.rng.choice(self.partners)]
            ],
        )
        return ids

    def reconcile(self, move_ids, dates):
        """Give each invoice a receivable line matched on ``dates``."""
        line_ids = new_ids(self.cr, "account_move_line", len(move_ids) + 1)
        bank_line, lines = line_ids[0], line_ids[1:]
        columns = ["id", "move_id", "display_type", "account_id", "currency_id"]
        common = (self.receivable.id, self.currency.id)
        rows = [(bank_line, move_ids[0], "product", *common)]
        rows += [
            (line, move, "payment_term", *common)
            for line, move in zip(lines, move_ids, strict=True)
        ]
        insert(self.cr, "account_move_line", columns, rows)
        insert(
            self.cr,
            "account_partial_reconcile",
            ["debit_move_id", "credit_move_id", "max_date", "company_id"],
            [
                (line, bank_line, day, self.company.id)
                for line, day in zip(lines, dates, strict=True)
            ],
        )

    # --- links -------------------------------------------------------------------

    def request(self, move_id, invoice_date):
        """The links of one request (oldest first) and its outcome; a link
        is a dict of pay_link columns plus ``attempt`` (None, 'done', 'cancel')."""
        rng = self.rng
        sent = datetime.combine(invoice_date, datetime.min.time()) + timedelta(
            hours=rng.uniform(1, 72)
        )
        sent = min(sent, NOW - timedelta(hours=1))
        renewals = rng.choices([0, 1, 2], weights=[85, 10, 5])[0]
        while renewals and sent + timedelta(days=7 * renewals) > NOW:
            renewals -= 1
        opened = rng.random() < 0.75
        started = opened and rng.random() < 0.7
        paid = started and rng.random() < 0.85
        delay = timedelta(hours=rng.lognormvariate(2.5, 1.5))
        common = {
            "move_id": move_id,
            "partner_id": rng.choice(self.partners),
            "channel": rng.choice(["email", "email", "sms", "qr", "link"]),
            "sent_by_id": rng.choice(self.users),
            "reminder_count": min(renewals + rng.choice([0, 0, 1]), 3),
        }
        links = []
        for index in range(renewals + 1):
            last = index == renewals
            link_sent = sent + timedelta(days=7 * index)
            link = {
                **common,
                "sent_date": link_sent,
                "expiry_date": link_sent + timedelta(days=7),
                "state": "expired",
                "attempt": None,
            }
            if last:
                link["state"] = "sent" if link["expiry_date"] > NOW else "expired"
                if opened:
                    link.update(
                        state="opened", opened_date=min(link_sent + delay / 3, NOW)
                    )
                if started:
                    link.update(state="interrupted", attempt="cancel")
                if not paid and link["expiry_date"] <= NOW:
                    link["state"] = "expired"
                if paid:
                    link.update(
                        state="paid",
                        paid_date=min(link_sent + delay, NOW),
                        attempt="done",
                    )
            links.append(link)
        return links, paid

    def links(self, count):
        """Insert about ``count`` links with their invoices and attempts."""
        today = NOW.date()
        requests = []
        total = 0
        while total < count:
            invoice_date = today - timedelta(days=self.rng.randint(0, 400))
            links, paid = self.request(None, invoice_date)
            requests.append((invoice_date, links, paid))
            total += len(links)
        move_ids = self.invoices([(day, paid) for day, _links, paid in requests])
        links = []
        for move_id, (_day, chain, _paid) in zip(move_ids, requests, strict=True):
            for link in chain:
                link["move_id"] = move_id
            links.append(chain)
        self.insert_links(links)
        return total, len(requests)

    def insert_links(self, chains):
        flat = [link for chain in chains for link in chain]
        ids = new_ids(self.cr, "pay_link", len(flat))
        for link_id, link in zip(ids, flat, strict=True):
            link["id"] = link_id
        columns = [
            "id",
            "name",
            "token",
            "company_id",
            "currency_id",
            "amount",
            "move_id",
            "partner_id",
            "channel",
            "state",
            "sent_date",
            "opened_date",
            "paid_date",
            "expiry_date",
            "sent_by_id",
            "reminder_count",
            "create_date",
        ]
        insert(
            self.cr,
            "pay_link",
            columns,
            [
                (
                    link["id"],
                    f"BENCH-{link['id']}",
                    secrets.token_urlsafe(24),
                    self.company.id,
                    self.currency.id,
                    100.0,
                    link["move_id"],
                    link["partner_id"],
                    link["channel"],
                    link["state"],
                    link["sent_date"],
                    link.get("opened_date"),
                    link.get("paid_date"),
                    link["expiry_date"],
                    link["sent_by_id"],
                    link["reminder_count"],
                    link["sent_date"],
                )
                for link in flat
            ],
        )
        successors = [
            (old["id"], new["id"])
            for chain in chains
            for old, new in itertools.pairwise(chain)
        ]
        execute_values(
            self.cr,
            "UPDATE pay_link SET superseded_by_id = v.new "
            "FROM (VALUES %s) AS v(old, new) WHERE pay_link.id = v.old",
            successors,
            page_size=5000,
        )
        self.attempts([link for link in flat if link["attempt"]])

    def attempts(self, links):
        insert(
            self.cr,
            "payment_transaction",
            [
                "pay_link_id",
                "provider_id",
                "payment_method_id",
                "currency_id",
                "partner_id",
                "reference",
                "state",
                "amount",
                "operation",
                "create_date",
            ],
            [
                (
                    link["id"],
                    self.rng.choice(self.providers),
                    self.method,
                    self.currency.id,
                    link["partner_id"],
                    f"BENCH-TX-{link['id']}",
                    link["attempt"],
                    100.0,
                    "online_redirect",
                    link["opened_date"] + timedelta(minutes=2),
                )
                for link in links
            ],
        )

    def other_invoices(self, count):
        """Invoices paid another way, 0 to 90 days after their date."""
        today = NOW.date()
        days = [today - timedelta(days=self.rng.randint(0, 400)) for _ in range(count)]
        paid_on = [
            min(day + timedelta(days=self.rng.randint(0, 90)), today) for day in days
        ]
        move_ids = self.invoices([(day, True) for day in days])
        self.reconcile(move_ids, paid_on)


def measure(env, label, function, runs=3):
    """Run ``function`` ``runs`` times, print the fastest and slowest time."""
    timings = []
    for _run in range(runs):
        env.invalidate_all()
        start = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - start)
    verdict = "ok" if min(timings) < TARGET_SECONDS else "SLOW"
    print(
        f"{label:<48} {min(timings):6.3f} s (slowest {max(timings):.3f} s)  {verdict}"
    )
    return result


def reads(env):
    """What the web client asks when each view opens (without filters)."""
    report = env["pay.link.report"]
    measures = ["opened:sum", "payment_started:sum", "paid:sum", "paid_rate:avg"]
    invoices = env["pay.link.invoice.report"]
    return [
        (
            "analysis graph (month x status)",
            lambda: report.read_group(
                [], ["__count"], ["sent_date:month", "state"], lazy=False
            ),
        ),
        (
            "analysis pivot (months)",
            lambda: report.read_group([], measures, ["sent_date:month"]),
        ),
        ("analysis pivot (total)", lambda: report.read_group([], measures, [])),
        (
            "analysis pivot (reminders)",
            lambda: report.read_group([], measures, ["reminder_level"]),
        ),
        (
            "analysis pivot (channel x provider, collected)",
            lambda: report.read_group(
                [("paid", "=", 1)],
                ["amount_paid:sum"],
                ["channel", "provider_id"],
                lazy=False,
            ),
        ),
        (
            "analysis list (first 80 rows and the count)",
            lambda: report.web_search_read(
                [],
                {"link_id": {}, "partner_id": {}, "state": {}, "amount": {}},
                limit=80,
            ),
        ),
        (
            "invoice delays pivot (month x paid by)",
            lambda: invoices.read_group(
                [], ["days_to_pay:avg"], ["payment_date:month", "paid_by"], lazy=False
            ),
        ),
        ("dashboard", lambda: env["pay.link.dashboard"].get_dashboard()),
    ]


def main(env):
    bench = Bench(env)
    start = time.perf_counter()
    links, requests = bench.links(LINKS)
    bench.other_invoices(OTHER_INVOICES)
    env.cr.execute(
        "ANALYZE pay_link, payment_transaction, account_move, account_move_line, "
        "account_partial_reconcile"
    )
    print(
        f"inserted {links} links ({requests} requests) and {OTHER_INVOICES} "
        f"invoices paid another way in {time.perf_counter() - start:.1f} s"
    )
    results = {label: measure(env, label, read) for label, read in reads(env)}
    dashboard = results["dashboard"]
    print(f"dashboard, {' vs '.join(dashboard['months'])}:")
    for card in dashboard["cards"]:
        print(f"  {card['title']:<42} {card['values'][0]:>14} {card['values'][1]:>14}")
    for row in dashboard["outstanding"]:
        print(
            f"  outstanding, {row['label']:<29} {row['count']:>14} {row['amount']:>14}"
        )
    env.cr.rollback()


main(env)  # noqa: F821 - `env` is given by `odoo shell`
