# Run inside `odoo shell` by bench/pay_page.py: the providers of `make demo`
# enabled (with placeholder credentials if they have none: the pages only
# list them), a payable link, and the portal URL of its invoice, printed as
# a "BENCH {json}" line.
import json
import os

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

env["ir.config_parameter"].set_param("web.base.url", os.environ["BENCH_BASE_URL"])
company = env.ref("base.main_company")
env.ref("payment.payment_provider_demo").write(
    {"state": "test", "is_published": True, "company_id": company.id}
)
fintecture = env.ref("pay_by_link.payment_provider_fintecture")
if fintecture.state == "disabled":
    key = rsa.generate_private_key(65537, 2048).private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fintecture.write(
        {
            "fintecture_app_id": "bench",
            "fintecture_app_secret": "bench",
            "fintecture_private_key": key.decode(),
            "state": "test",
            "is_published": True,
        }
    )
payplug = env.ref("pay_by_link.payment_provider_payplug")
if payplug.state == "disabled":
    payplug.write(
        {"payplug_secret_key": "sk_test_bench", "state": "test", "is_published": True}
    )
invoices = env["account.move"].search(
    [
        ("move_type", "=", "out_invoice"),
        ("state", "=", "posted"),
        ("payment_state", "=", "not_paid"),
        ("currency_id.name", "=", "EUR"),
        ("company_id", "=", company.id),
    ]
)
link = next(filter(None, (invoice._pay_link_live() for invoice in invoices)), None)
if not link or not link._is_payable():
    link = invoices[:1]._pay_link_create(channel="link")
    link._mark_sent()
urls = {
    "pay_page": link._pay_page_path(),
    "portal": link.move_id.get_portal_url(),  # gives the invoice an access token
    "invoice": link.move_id.name,
}
env.cr.commit()
print("BENCH " + json.dumps(urls))
