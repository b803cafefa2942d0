"""Benchmark of the daily reminder cron on 10,000 due payment links.

An Odoo shell script: it runs inside a database where ``pay_by_link`` is
installed, creates the links, runs the cron once, prints what it did, then
rolls everything back (the database is left as it was). From the addon root,
after ``make setup``::

    . .build/env
    python3 -m odoo -c .build/odoo.conf -d pbl_bench -i pay_by_link \\
        --stop-after-init --without-demo=all       # once: a throw-away database
    python3 -m odoo shell -c .build/odoo.conf -d pbl_bench --no-http \\
        < bench/reminders.py
    dropdb pbl_bench                                # when done

``BENCH_LINKS`` and ``BENCH_INVOICES`` (environment) change the volume.

Measured on the development container (10,000 email links): eligibility
0.4 s in 3 queries; the cron 277 s in 647 queries (the time is Odoo's
per-email QWeb rendering of the template, ~25 ms a mail); a second run the
same day finds nothing due. The daily cron sends 1,000 links per call and
the cron runner calls it again (committing in between) while some remain.
"""

import os
import time
from datetime import timedelta

from odoo import Command, fields

LINKS = int(os.environ.get("BENCH_LINKS", 10000))
INVOICES = int(os.environ.get("BENCH_INVOICES", 200))


def make_invoices(env, company, count):
    partner = env["res.partner"].create(
        {"name": "Bench customer", "email": "c@bench.example"}
    )
    moves = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "company_id": company.id,
                "invoice_line_ids": [
                    Command.create({"name": "Bench", "price_unit": 100.0})
                ],
            }
            for _ in range(count)
        ]
    )
    moves.action_post()
    return moves


def make_due_links(env, moves, count):
    sent = fields.Datetime.now() - timedelta(days=8)
    return env["pay.link"].create(
        [
            {
                "move_id": moves[i % len(moves)].id,
                "partner_id": moves[i % len(moves)].partner_id.id,
                "company_id": moves.company_id.id,
                "currency_id": moves.currency_id.id,
                "amount": 10.0,
                "channel": "email",
                "recipient_email": f"customer{i}@bench.example",
                "state": "sent",
                "sent_date": sent,
                "expiry_date": sent + timedelta(days=30),
                "sent_by_id": env.user.id,
            }
            for i in range(count)
        ]
    )


def measure(env, function):
    env.invalidate_all()
    queries, start = env.cr.sql_log_count, time.perf_counter()
    result = function()
    env.flush_all()
    return result, time.perf_counter() - start, env.cr.sql_log_count - queries


def main(env):
    company = env.company
    company.write(
        {
            "pay_link_reminder_days": "7,15,30",
            "pay_link_currency_ids": [Command.link(company.currency_id.id)],
        }
    )
    links = make_due_links(env, make_invoices(env, company, INVOICES), LINKS)
    env.flush_all()
    model = env["pay.link"]
    due, seconds, queries = measure(env, model._reminders_due)
    print(
        f"eligibility: {len(due)} due links found in {seconds:.2f} s, {queries} queries"
    )
    _result, seconds, queries = measure(
        env, lambda: model._cron_send_reminders(batch_size=LINKS)
    )
    processed = model.search_count(
        [("id", "in", links.ids), ("reminder_count", "=", 1)]
    )
    print(f"cron: {processed} links processed in {seconds:.2f} s, {queries} queries")
    _again, seconds, queries = measure(env, model._cron_send_reminders)
    print(
        f"second run the same day: {len(model._reminders_due())} due, "
        f"{seconds:.2f} s, {queries} queries"
    )
    env.cr.rollback()


main(env)  # noqa: F821 - `env` is given by `odoo shell`
