import importlib.util
from pathlib import Path

from odoo.tests import tagged

from .common import PayLinkCommon

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def run_migration(version, step, cr):
    """Run migrations/<version>/<step>-migrate.py as Odoo's upgrade does."""
    path = MIGRATIONS / version / f"{step}-migrate.py"
    spec = importlib.util.spec_from_file_location(f"{step}_{version}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.migrate(cr, "18.0.1.0.0")


@tagged("post_install", "-at_install")
class TestMigrations(PayLinkCommon):
    """The upgrade from 18.0.1.0.0 (a database of the first version)."""

    def test_request_to_pay_links_keep_their_channel(self):
        link = self.make_link(channel="request_to_pay")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE pay_link SET channel = 'fintecture_rtp' WHERE id = %s", [link.id]
        )
        run_migration("18.0.1.1.0", "pre", self.env.cr)
        link.invalidate_recordset(["channel"])
        self.assertEqual(link.channel, "request_to_pay")

    def test_bank_transfers_become_refundable(self):
        method = self.env.ref("pay_by_link.payment_method_instant_bank_transfer")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE payment_method SET support_refund = 'none' WHERE id = %s",
            [method.id],
        )
        run_migration("18.0.1.1.0", "post", self.env.cr)
        method.invalidate_recordset(["support_refund"])
        self.assertEqual(method.support_refund, "partial")
