# Run inside `odoo shell` by scripts/demo.sh, on every `make demo`: makes the
# demo database ready to click through, whatever was done in it since the last
# run (links paid, cancelled or expired, invoices paid, cancelled, reset to
# draft or deleted), and prints the URL of a pay page that can be paid.
import os
from pathlib import Path

from odoo import fields
from odoo.fields import Command

DEMO_INVOICES = ("boulangerie", "garage", "claire", "sean")
IBAN = "FR76 3000 6000 0112 3456 7890 189"


def install_french():
    """French, the language of the demo's French customers and of its
    accountants, beside English."""
    french = env.ref("base.lang_fr")
    if not french.active:
        env["base.language.install"].create(
            {"lang_ids": [Command.set(french.ids)]}
        ).lang_install()


def configure_providers(company):
    """Odoo's demo provider, and Fintecture and Payplug on the local emulators."""
    env.ref("payment.payment_provider_demo").write(
        {"state": "test", "is_published": True, "company_id": company.id}
    )
    key_file = Path(os.environ["DEMO_FINTECTURE_KEY"])
    env.ref("pay_by_link.payment_provider_fintecture").write(
        {
            "fintecture_app_id": "demo-app",
            "fintecture_app_secret": Path(f"{key_file}.secret").read_text().strip(),
            "fintecture_private_key": key_file.read_text(),
            "fintecture_environment": "sandbox",
            "fintecture_api_url": "http://127.0.0.1:8070",
            "state": "test",
            "is_published": True,
        }
    )
    env.ref("pay_by_link.payment_provider_payplug").write(
        {
            "payplug_secret_key": "sk_test_demo",
            "payplug_api_url": "http://127.0.0.1:8071",
            "state": "test",
            "is_published": True,
        }
    )


def ensure_iban(company):
    """The company's IBAN, for the SEPA QR code of the pay page (kept out of
    the demo data: Odoo archives a bank account when its module is removed)."""
    accounts = env["res.partner.bank"].with_context(active_test=False)
    account = accounts.search(
        [
            ("partner_id", "=", company.partner_id.id),
            ("sanitized_acc_number", "=", IBAN.replace(" ", "")),
        ],
        limit=1,
    )
    if not account:
        accounts.create({"acc_number": IBAN, "partner_id": company.partner_id.id})
    elif not account.active:
        account.action_unarchive()


def payable_link(company):
    """A link the customer can pay now: the latest payable link of the
    company (the one printed last time, unless it was used), else a new link
    for the first invoice that can get one (the demo invoices, then those
    that had links), else for a fresh copy of the first demo invoice."""
    links = env["pay.link"].search([("company_id", "=", company.id)], order="id desc")
    for link in links:
        if link._is_payable():
            return link
    invoices = [
        env.ref(f"pay_by_link.invoice_{name}", raise_if_not_found=False)
        for name in DEMO_INVOICES
    ]
    for invoice in filter(None, [*invoices, *links.move_id]):
        if not invoice._pay_link_eligibility_errors(channel="link"):
            return new_link(invoice)
    return new_link(fresh_invoice())


def new_link(invoice):
    link = invoice._pay_link_create(channel="link")
    link._mark_sent()
    return link


def fresh_invoice():
    """A new posted invoice like the first demo invoice, dated today."""
    partner = env.ref("pay_by_link.partner_boulangerie", raise_if_not_found=False)
    if not partner:
        partner = env["res.partner"].create(
            {"name": "Boulangerie Martin SAS", "email": "contact@boulangerie.example"}
        )
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": fields.Date.today(),
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": "Éclairage de vitrine, pose comprise",
                        "quantity": 1,
                        "price_unit": 1240.0,
                        "tax_ids": [],
                    }
                )
            ],
        }
    )
    invoice.action_post()
    return invoice


env["ir.config_parameter"].set_param("web.base.url", os.environ["DEMO_BASE_URL"])
env["ir.config_parameter"].set_param("web.base.url.freeze", "True")
main_company = env.ref("base.main_company")
# Payments the last run's Odoo confirmed but had no time to post: post them
# now (Odoo's cron), so that their invoices show as paid.
env["payment.transaction"]._cron_post_process()
install_french()
configure_providers(main_company)
ensure_iban(main_company)
link = payable_link(main_company)
env.cr.commit()
print(f"[demo] pay page of {link.move_id.name or link.reference}: {link.url}")
