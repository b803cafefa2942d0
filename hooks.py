"""Install and uninstall steps, declared in __manifest__.py."""

from odoo.addons.payment import reset_payment_provider, setup_provider


def post_init_hook(env):
    """Create the accounting payment methods of both providers, and give every
    company that existed before the install the documented defaults."""
    setup_provider(env, "fintecture")
    setup_provider(env, "payplug")
    companies = env["res.company"].with_context(active_test=False).search([])
    companies._pay_link_apply_defaults()


def uninstall_hook(env):
    """Disable the providers (theirs and their copies in other companies) and
    remove their accounting payment methods, as Odoo's payment_* addons do."""
    reset_payment_provider(env, "fintecture")
    reset_payment_provider(env, "payplug")
