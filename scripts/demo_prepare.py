# Run inside `odoo shell` by scripts/demo.sh: makes the demo database ready to
# click through and prints a pay-page URL that works.
import os
from pathlib import Path

base_url = os.environ["DEMO_BASE_URL"]
env["ir.config_parameter"].set_param("web.base.url", base_url)
env["ir.config_parameter"].set_param("web.base.url.freeze", "True")

company = env.ref("base.main_company")
demo_provider = env.ref("payment.payment_provider_demo")
demo_provider.write({"state": "test", "is_published": True, "company_id": company.id})

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

invoice = env.ref("pay_by_link.invoice_boulangerie")
link = invoice._pay_link_live()
if not link:
    link = invoice._pay_link_create(channel="link")
    link._mark_sent()
env.cr.commit()
print(f"[demo] pay page of {invoice.name}: {link.url}")
