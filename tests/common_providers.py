import importlib
import threading

from odoo.tests import HttpCase

from .common import PayLinkCommon

# The addon is imported by its Odoo name, inside the methods: pytest imports this
# package (tests/) as a top-level folder when it collects tests/pure.
ADDON = "odoo.addons.pay_by_link"

APP_ID = "pay-by-link-test"
APP_SECRET = "app-secret-test"
PAYPLUG_KEY = "sk_test_pay_by_link"


class PayLinkProvidersCommon(PayLinkCommon, HttpCase):
    """PayLinkCommon, plus the Fintecture and Payplug emulators on 127.0.0.1 and
    both providers configured against them, as the demo does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        emulators = importlib.import_module(f"{ADDON}.dev.emulators")
        FintectureEmulator, PayplugEmulator = (
            emulators.FintectureEmulator,
            emulators.PayplugEmulator,
        )
        keys = importlib.import_module(f"{ADDON}.dev.emulators.merchant_keys")
        cls.private_pem, public_pem = keys.new_key_pair()
        cls.fintecture_emulator = FintectureEmulator(
            APP_ID, APP_SECRET, public_pem
        ).start()
        cls.addClassCleanup(cls.fintecture_emulator.stop)
        cls.payplug_emulator = PayplugEmulator(PAYPLUG_KEY).start()
        cls.addClassCleanup(cls.payplug_emulator.stop)
        cls.fintecture = cls._prepare_provider(
            "fintecture",
            company=cls.company,
            update_values={
                "fintecture_app_id": APP_ID,
                "fintecture_app_secret": APP_SECRET,
                "fintecture_private_key": cls.private_pem,
                "fintecture_api_url": cls.fintecture_emulator.base_url,
                "is_published": True,
            },
        )
        cls.payplug = cls._prepare_provider(
            "payplug",
            company=cls.company,
            update_values={
                "payplug_secret_key": PAYPLUG_KEY,
                "payplug_api_url": cls.payplug_emulator.base_url,
                "is_published": True,
            },
        )

    def tearDown(self):
        self.fintecture_emulator.set_down(False)
        self.payplug_emulator.set_down(False)
        super().tearDown()

    # --- paying --------------------------------------------------------------

    def age_transaction(self, tx, minutes=10):
        """Move the attempt's creation back in time: the status sync only
        polls attempts older than a few minutes."""
        self.env.cr.execute(
            "UPDATE payment_transaction "
            "SET create_date = now() - make_interval(mins => %s) WHERE id = %s",
            [minutes, tx.id],
        )
        self.env.invalidate_all()

    def pay_with(self, provider, invoice=None):
        """A sent link and its attempt with ``provider``; return (link, tx)."""
        link = self.make_link(invoice=invoice or self.make_invoice(240.0))
        answer = self.start_payment(link, provider, flow="redirect")
        self.assertIn("result", answer, answer.get("error"))
        return link, link.transaction_ids

    # --- notifications -------------------------------------------------------

    def webhook_url(self, provider_code):
        const = importlib.import_module(f"{ADDON}.models.const")
        return self.base_url() + const.WEBHOOK_PATH_PREFIX + provider_code

    def fintecture_webhook(self, tx, tamper=False):
        self.env.flush_all()
        response = self.fintecture_emulator.send_webhook(
            tx.provider_reference, url=self.webhook_url("fintecture"), tamper=tamper
        )
        self.env.invalidate_all()
        return response

    def payplug_webhook(self, tx, tamper=False):
        self.env.flush_all()
        response = self.payplug_emulator.send_webhook(
            tx.provider_reference, url=self.webhook_url("payplug"), tamper=tamper
        )
        self.env.invalidate_all()
        return response

    def in_parallel(self, *calls):
        """Run the calls at the same time; return their results in order."""
        results = [None] * len(calls)

        def run(index, call):
            results[index] = call()

        threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        self.env.invalidate_all()
        return results

    def assertPaid(self, link, tx):
        self.assertEqual(tx.state, "done")
        self.assertEqual(link.state, "paid")
        tx._post_process()
        self.assertIn(link.move_id.payment_state, ("paid", "in_payment"))
