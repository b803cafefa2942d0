from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time
from lxml import html

from odoo import fields
from odoo.tests import tagged

from ..controllers.pay_page import PayPage
from ..controllers.pay_page_cache import MAX_AGE
from .test_pay_page import PayPageCase


@tagged("post_install", "-at_install")
class TestPayPageCache(PayPageCase):
    """A customer who opens the same link again gets the page as it was
    rendered, never a page that no longer says what is true."""

    def setUp(self):
        super().setUp()
        self.link = self.make_link()
        # The first visit marks the link opened, and is rendered.
        self.first_page = self.open_page(self.link)
        self.assertEqual(self.link.state, "opened")

    @contextmanager
    def counting_renders(self):
        """The pay page's renders counted, through the real route."""
        with patch.object(
            PayPage,
            "_render_pay_page",
            autospec=True,
            side_effect=PayPage._render_pay_page,
        ) as render:
            yield render

    def reopen(self, headers=None):
        """The customer opens the link again; what changed is saved, as the
        request that changed it would have."""
        self.env.flush_all()
        return self.open_page(self.link, headers=headers)

    def assertServedAsKept(self, headers=None):
        with self.counting_renders() as render:
            response = self.reopen(headers=headers)
        self.assertEqual(render.call_count, 0, "served as kept")
        return response

    def assertRendered(self, headers=None):
        with self.counting_renders() as render:
            response = self.reopen(headers=headers)
        self.assertEqual(render.call_count, 1, "rendered again")
        return response

    def option_names(self, response):
        return html.fromstring(response.content).xpath(
            '//form[@id="o_pay_link_methods"]//input[@name="option"]/@value'
        )

    def demo_options(self, response):
        """The options of the demo provider ("<provider id>:<method id>")."""
        prefix = f"{self.demo_provider.id}:"
        return [name for name in self.option_names(response) if name.startswith(prefix)]

    # --- served as kept ---------------------------------------------------------

    def test_the_same_page_is_served_again_without_rendering(self):
        page = self.assertServedAsKept()
        self.assertEqual(page.content, self.first_page.content)
        self.assertEqual(page.headers["Cache-Control"], "private, no-store")
        self.assertEqual(page.headers["X-Frame-Options"], "DENY")
        self.assertTrue(self.methods_form(page))

    def test_a_kept_page_is_what_a_new_render_shows(self):
        kept = self.assertServedAsKept()
        later = fields.Datetime.now() + timedelta(seconds=MAX_AGE + 1)
        with freeze_time(later):
            fresh = self.assertRendered()
        self.assertEqual(kept.content, fresh.content)

    def test_a_kept_page_is_at_most_a_minute_old(self):
        with freeze_time(fields.Datetime.now() + timedelta(seconds=MAX_AGE - 10)):
            self.assertServedAsKept()
        with freeze_time(fields.Datetime.now() + timedelta(seconds=MAX_AGE + 5)):
            self.assertRendered()

    # --- what the page shows changed: rendered at once ----------------------------

    def test_the_invoice_paid_another_way(self):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=self.invoice.ids
        ).create({})._create_payments()
        page = self.assertRendered()
        self.assertFalse(self.methods_form(page))
        self.assertIn("paid", self.text(page, "o_pay_link_invoice_settled").lower())

    def test_the_link_cancelled_by_the_accountant(self):
        self.link.action_cancel()
        page = self.assertRendered()
        self.assertEqual(self.text(page, "o_pay_link_outcome"), "This link is closed")

    def test_the_link_expired(self):
        self.company.pay_link_customer_renew = False
        expiry = fields.Datetime.now() + timedelta(seconds=10)
        self.set_expiry(self.link, expiry)
        self.assertRendered()
        self.assertServedAsKept()
        with freeze_time(expiry + timedelta(seconds=1)):
            page = self.assertRendered()
        self.assertIn("This link expired", self.text(page, "o_pay_link_outcome"))
        self.assertEqual(self.link.state, "expired")

    def test_a_payment_started_in_another_tab(self):
        self.assertIn("result", self.start_payment(self.link))
        page = self.assertRendered()
        self.assertEqual(self.link.state, "in_progress")
        self.assertFalse(self.methods_form(page))

    def test_the_company_renamed(self):
        self.company.name = "Boulangerie Dupont & Fils"
        page = self.assertRendered()
        self.assertEqual(
            self.text(page, "o_pay_link_company"), "Boulangerie Dupont & Fils"
        )

    def test_the_company_bank_account_added(self):
        self.assertFalse(self.text(self.first_page, "o_pay_link_transfer_details"))
        self.add_iban()
        page = self.assertRendered()
        self.assertIn("FR76 3000", self.text(page, "o_pay_link_transfer_details"))

    def test_the_provider_unpublished(self):
        self.assertTrue(self.demo_options(self.first_page))
        self.demo_provider.is_published = False
        page = self.assertRendered()
        self.assertFalse(self.demo_options(page))

    def test_a_payment_method_archived(self):
        [offered, *_others] = self.demo_options(self.first_page)
        method_id = int(offered.split(":")[1])
        self.env["payment.method"].browse(method_id).active = False
        page = self.assertRendered()
        self.assertNotIn(offered, self.option_names(page))

    def test_the_companys_choice_of_providers(self):
        other = self._prepare_provider(
            "none", company=self.company, update_values={"is_published": True}
        )
        self.assertTrue(self.demo_options(self.first_page))
        self.company.pay_link_provider_ids = other
        page = self.assertRendered()
        self.assertFalse(self.demo_options(page))

    def test_a_language_installed(self):
        self.assertFalse(self.text(self.first_page, "o_pay_link_languages"))
        self.env["res.lang"]._activate_lang("fr_FR")
        page = self.assertRendered()
        self.assertIn("Français", self.text(page, "o_pay_link_languages"))

    # --- who asks, and how --------------------------------------------------------

    def test_each_language_and_timezone_has_its_own_page(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["pay_by_link"], ["fr_FR"])
        english = self.assertRendered()
        french = self.assertRendered(headers={"Cookie": "pay_link_lang=fr_FR"})
        self.assertIn("Montant à payer", self.text(french))
        self.assertNotIn("Montant à payer", self.text(english))
        self.assertServedAsKept(headers={"Cookie": "pay_link_lang=fr_FR"})
        self.assertEqual(self.assertServedAsKept().content, english.content)
        self.assertRendered(headers={"Cookie": "tz=Pacific/Auckland"})

    def test_a_logged_in_user_gets_the_page_rendered(self):
        self.authenticate("admin", "admin")
        self.assertRendered()
        self.assertRendered()

    def test_a_page_with_a_query_string_is_rendered_and_not_kept(self):
        with self.counting_renders() as render:
            self.url_open(f"{self.link._pay_page_path()}?provider=0&method=0")
            self.url_open(f"{self.link._pay_page_path()}?provider=0&method=0")
        self.assertEqual(render.call_count, 2)
        self.assertServedAsKept()

    def test_the_first_visit_is_rendered_to_mark_the_link_opened_then_kept(self):
        other = self.make_link(invoice=self.make_invoice(90.0))
        with self.counting_renders() as render:
            self.open_page(other)
            self.assertEqual(other.state, "opened")
            self.assertTrue(other.opened_date)
            self.open_page(other)
        self.assertEqual(render.call_count, 1)

    def test_the_page_of_a_paid_link_is_not_kept(self):
        tx = self.make_transaction(self.link)
        tx._set_done()
        tx.last_state_change = datetime(2025, 3, 14, 12, 0)
        self.assertRendered()
        self.assertRendered()
