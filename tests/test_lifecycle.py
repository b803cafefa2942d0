"""Upgrade, uninstall and install again, on a database where the addon was
installed with its demo data.

Module operations are forbidden inside test cases, so these are Odoo's
standalone scripts, run in this order by scripts/run_tests.py in a throw-away
database (each is one passed or failed check)::

    python3 -m odoo.tests.test_module_operations -d DB standalone pay_by_link
"""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.fields import Command
from odoo.tests import standalone

CODES = ("fintecture", "payplug")


def _module(env):
    return env["ir.module.module"].search([("name", "=", "pay_by_link")])


def _links_in_every_state(env):
    """Links of the demo invoices: cancelled, sent, opened, expired, being
    paid and paid, through the same methods as the send form, the pay page
    and the crons."""
    demo = env.ref("payment.payment_provider_demo")
    demo.write({"state": "test", "company_id": env.ref("base.main_company").id})
    boulangerie, garage, claire, sean = (
        env.ref(f"pay_by_link.invoice_{name}")
        for name in ("boulangerie", "garage", "claire", "sean")
    )
    boulangerie._pay_link_create(channel="link").action_cancel()
    boulangerie._pay_link_create(channel="link")._mark_sent()
    opened = garage._pay_link_create(channel="email")
    opened._mark_sent()
    opened._mark_opened()
    with freeze_time(fields.Datetime.now() - timedelta(days=30)):
        claire._pay_link_create(channel="link")._mark_sent()
    env["pay.link"]._cron_expire_links()
    paying = claire._pay_link_create(channel="link")
    paying._mark_sent()
    paying._start_attempt(demo)
    paid = sean._pay_link_create(channel="sms", recipient_phone="+353871234567")
    paid._mark_sent()
    paid._start_attempt(demo)._set_done()
    paid.transaction_ids._post_process()


def _snapshot(env):
    """What must survive an upgrade: every link as its customer and its
    user see it, and the settings an admin chose."""
    links = [
        (
            link.id,
            link.name,
            link.token,
            link.state,
            link.url,
            link.expiry_date,
            link.move_id.id,
            link.superseded_by_id.id,
            [(tx.id, tx.state, tx.reference) for tx in link.transaction_ids],
            link.message_ids.ids,
        )
        for link in env["pay.link"].search([], order="id")
    ]
    company = env.ref("base.main_company")
    settings = company.read(
        ["pay_link_validity_days", "pay_link_reminder_days", "pay_link_currency_ids"]
    )
    payplug = env.ref("pay_by_link.payment_provider_payplug").sudo()
    provider = payplug.read(["state", "payplug_secret_key", "is_published"])
    return links, settings, provider


@standalone("pay_by_link_lifecycle")
def test_01_upgrade_keeps_links_tokens_and_states(env):
    _links_in_every_state(env)
    env.ref("base.main_company").write(
        {"pay_link_validity_days": 10, "pay_link_reminder_days": "5,10"}
    )
    env.ref("pay_by_link.payment_provider_payplug").write(
        {"payplug_secret_key": "sk_test_lifecycle", "state": "test"}
    )
    before = _snapshot(env)
    states = {link[3] for link in before[0]}
    assert states >= {"cancelled", "sent", "opened", "expired", "in_progress", "paid"}
    _module(env).button_immediate_upgrade()
    env.reset()
    env = env()
    after = _snapshot(env)
    assert after == before, f"changed by the upgrade:\n{before}\n{after}"


@standalone("pay_by_link_lifecycle")
def test_02_uninstall_resets_providers_and_removes_methods(env):
    payplug = env.ref("pay_by_link.payment_provider_payplug")
    second_company = env["res.company"].create({"name": "Second company"})
    copy = payplug.copy({"company_id": second_company.id})
    copy.write({"payplug_secret_key": "sk_test_second", "state": "test"})
    bank_transfer = env.ref("pay_by_link.payment_method_instant_bank_transfer")
    _module(env).button_immediate_uninstall()
    env.reset()
    env = env()
    assert _module(env).state == "uninstalled"
    assert "pay.link" not in env
    providers = env["payment.provider"].with_context(active_test=False)
    assert not providers.search([("code", "in", CODES)])
    copy = env["payment.provider"].browse(copy.id)
    assert copy.exists(), "a provider of the user is never deleted"
    assert (copy.code, copy.state, copy.is_published) == ("none", "disabled", False)
    assert not env["account.payment.method"].search([("code", "in", CODES)])
    assert not env["payment.method"].browse(bank_transfer.id).exists()
    env.cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'res_company' AND column_name LIKE 'pay_link_%%'"
    )
    assert not env.cr.fetchall(), "the company settings columns are dropped"


@standalone("pay_by_link_lifecycle")
def test_03_install_again(env):
    _module(env).button_immediate_install()
    env.reset()
    env = env()
    for code in CODES:
        provider = env.ref(f"pay_by_link.payment_provider_{code}")
        assert (provider.code, provider.state) == (code, "disabled")
        assert env["account.payment.method"].search([("code", "=", code)])
    company = env.ref("base.main_company").with_context(active_test=False)
    assert company.pay_link_currency_ids == env.ref("base.EUR")
    assert company.pay_link_email_template_id == env.ref(
        "pay_by_link.mail_template_pay_link"
    )
    # The demo invoices paid before may block the demo data (Odoo then installs
    # without it): bill a new customer.
    env.ref("base.EUR").active = True
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": env["res.partner"].create({"name": "Back again"}).id,
            "currency_id": env.ref("base.EUR").id,
            "invoice_line_ids": [Command.create({"name": "Pose", "price_unit": 80})],
        }
    )
    invoice.action_post()
    assert not invoice._pay_link_eligibility_errors(channel="link")
    link = invoice._pay_link_create(channel="link")
    link._mark_sent()
    assert link.state == "sent"
