import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount

from .const import ABANDONED_AFTER, PAYABLE_STATES

_logger = logging.getLogger(__name__)

# Transaction states that mean the money is received or on its way.
MONEY_MOVING_TX_STATES = ("pending", "authorized", "done")


class PayLink(models.Model):
    """The payments of a link: which providers the customer may use, one
    attempt at a time, and the link following its attempts' states."""

    _inherit = "pay.link"

    transaction_ids = fields.One2many(
        "payment.transaction", "pay_link_id", string="Payment attempts", readonly=True
    )
    provider_reference = fields.Char(
        string="Payment ID", compute="_compute_provider_reference", store=True
    )

    @api.depends("transaction_ids.provider_reference", "transaction_ids.state")
    def _compute_provider_reference(self):
        for link in self:
            attempts = link.transaction_ids.sorted("id", reverse=True)
            done = attempts.filtered(lambda tx: tx.state == "done")
            link.provider_reference = (done or attempts)[:1].provider_reference

    # --- what the pay page offers --------------------------------------------

    def _payment_providers(self, compatible=None):
        """The providers the pay page offers for this link (see
        `_offered_providers`; ``compatible`` is what Odoo's payment page
        found compatible already, not to search it twice)."""
        self.ensure_one()
        return self._offered_providers(
            self.company_id,
            self.partner_id,
            self.amount,
            self.currency_id,
            compatible=compatible,
        )

    def _payment_methods(self, providers):
        """The payment methods of ``providers`` the customer may use (sudo)."""
        self.ensure_one()
        return (
            self.env["payment.method"]
            .sudo()
            ._get_compatible_payment_methods(
                providers.ids, self.partner_id.id, currency_id=self.currency_id.id
            )
        )

    def _payment_options(self, compatible_providers=None, compatible_methods=None):
        """What the pay page lists: each payment method the customer may use,
        with the provider Odoo's payment form would use for it (the first by
        sequence).

        :param compatible_providers: see `_payment_providers`
        :param compatible_methods: the payment methods Odoo found compatible
            with ``compatible_providers`` (payment.method), not to search
            them twice
        :return: list of (payment.provider, payment.method), sudo
        """
        self.ensure_one()
        providers = self._payment_providers(compatible_providers)
        methods = compatible_methods
        if methods is None:
            methods = self._payment_methods(providers)
        options = []
        for method in methods:
            provider = method.provider_ids.filtered(lambda p: p in providers)[:1]
            if provider:
                options.append((provider, method))
        return options

    def _offered_payment_option(self, provider_id, payment_method_id):
        """The provider and payment method of these ids, if the pay page
        offers them for this link.

        :return: (payment.provider, payment.method), sudo
        :raise UserError: when the page does not offer them
        """
        self.ensure_one()
        providers = self._payment_providers()
        provider = providers.filtered(lambda p: p.id == provider_id)
        methods = self._payment_methods(provider)
        method = methods.filtered(lambda m: m.id == payment_method_id)
        if not provider or not method:
            raise UserError(
                self.env._("This payment method is not offered for this invoice.")
            )
        return provider, method

    # --- one attempt at a time -------------------------------------------------

    def _lock_for_payment(self):
        """Lock the link row until the end of the transaction and check it can
        be paid now, for what the invoice owes now. A second request for the
        same link waits here, then sees the state the first one left and is
        refused.

        :raise UserError: when a payment is in progress or done, or the link
            is no longer valid (saying why)
        """
        self.ensure_one()
        self._lock_row()
        self._release_abandoned_attempt()
        self._follow_amount_due()
        if self.state in ("in_progress", "paid"):
            raise UserError(
                self.env._("A payment is already in progress or done for this link.")
            )
        if not self._is_payable():
            raise UserError(self._unpayable_message())

    def _unpayable_message(self):
        """Why the customer cannot pay this link, in their words."""
        if self.cancel_reason and self.cancel_reason.startswith("invoice_"):
            return self._settled_message(self.cancel_reason)
        if self.cancel_reason == "partial_payment":
            return self.env._(
                "Part of your payment arrived: %(company)s will contact you "
                "about the rest.",
                company=self.company_id.name,
            )
        return self.env._(
            "This payment link is no longer valid. Please contact %(company)s.",
            company=self.company_id.name,
        )

    def _release_abandoned_attempt(self):
        """A customer who left the provider's page without paying may retry:
        when no attempt has money on its way and the latest unfinished one is
        older than ABANDONED_AFTER, they are closed at the provider and the
        link becomes interrupted."""
        unfinished = self.transaction_ids.filtered(lambda tx: tx.state == "draft")
        latest = unfinished.sorted("create_date")[-1:]
        if (
            self.state != "in_progress"
            or not latest
            or self._has_money_on_its_way()
            or latest.create_date > fields.Datetime.now() - ABANDONED_AFTER
        ):
            return
        reason = self.env._("Abandoned by the customer.")
        unfinished._pay_link_close_sessions(reason)
        # The link follows its attempt: it becomes interrupted.
        unfinished._set_canceled(reason)

    def _unfinished_attempt(self):
        """The attempt the link waits for while it is in progress and no
        money is on its way: the latest draft one (payment.transaction,
        sudo; empty otherwise). The customer may resume it or pay another
        way (see `_abandon_attempt`)."""
        self.ensure_one()
        if self.state != "in_progress" or self._has_money_on_its_way():
            return self.env["payment.transaction"]
        drafts = self.transaction_ids.filtered(lambda tx: tx.state == "draft")
        return drafts.sorted("id")[-1:].sudo()

    def _abandon_attempt(self):
        """The customer gives up the unfinished attempt (theirs, or a request
        to pay sent to them) to pay another way now: its session is closed at
        the provider first, then the link is interrupted and payable again.
        Nothing happens when no attempt is unfinished.

        :raise UserError: when the provider says the money is on its way
        """
        self.ensure_one()
        self._lock_row()
        if self.state == "in_progress" and self._has_money_on_its_way():
            raise UserError(self._money_on_its_way_message())
        attempt = self._unfinished_attempt()
        if not attempt:
            return
        unfinished = self.transaction_ids.filtered(lambda tx: tx.state == "draft")
        reason = self.env._("The customer chose to pay another way.")
        try:
            unfinished._pay_link_close_sessions(reason)
        except ValidationError:
            raise  # the provider cannot be reached: its own message
        except UserError as error:
            raise UserError(self._money_on_its_way_message()) from error
        unfinished._set_canceled(reason)
        self._log_event(
            self.env._(
                "The customer chose to pay another way: the attempt via "
                "%(provider)s is closed.",
                provider=attempt.provider_id.name,
            ),
            author=self.partner_id,
        )

    def _money_on_its_way_message(self):
        return self.env._(
            "Your bank or card issuer says this payment is already on its way: "
            "it cannot be replaced. This page shows it as paid once it arrives."
        )

    def _start_attempt(
        self, provider, payment_method=None, flow="redirect", by_customer=False
    ):
        """Start a payment attempt with ``provider``: the one way, from the pay
        page and from the backend (a request to pay). The link decides amount,
        currency, customer and reference; the attempt is never a validation
        nor tokenized.

        :param provider: payment.provider
        :param payment_method: payment.method, by default the provider's first
        :param str flow: "redirect" or "direct" (Odoo's online flows)
        :param bool by_customer: started by the customer on the pay page (the
            chatter credits them), else by the current user (a request to pay)
        :return: the draft attempt (payment.transaction, sudo)
        :raise UserError: for another flow, and see `_lock_for_payment`
        """
        self.ensure_one()
        if flow not in ("redirect", "direct"):
            raise UserError(self.env._("This way of paying is not offered."))
        self._lock_for_payment()
        payment_method = payment_method or provider.payment_method_ids[:1]
        transactions = self.env["payment.transaction"].sudo()
        tx = transactions.create(
            {
                "provider_id": provider.id,
                "payment_method_id": payment_method.id,
                "reference": transactions._compute_reference(
                    provider.code, prefix=self.reference
                ),
                "amount": self.amount,
                "currency_id": self.currency_id.id,
                "partner_id": self.partner_id.id,
                "operation": f"online_{flow}",
                "tokenize": False,
                "landing_route": self._pay_page_path(),
                "pay_link_id": self.id,
                "pay_link_by_customer": by_customer,
                "invoice_ids": [fields.Command.set(self.move_id.ids)],
            }
        )
        self._transition(
            "in_progress",
            self.env._(
                "Payment attempt via %(provider)s started.", provider=provider.name
            ),
            author=self.partner_id if by_customer else None,
        )
        return tx

    # --- following the attempts -------------------------------------------------

    def _on_transaction_state(self, transaction):
        """Follow the state of a payment attempt made through the link. Money
        is always recorded, even on a dead link; what came on top of what was
        due is flagged for a refund. A validation never pays a link."""
        if transaction.operation == "validation":
            return
        provider = transaction.provider_id.name
        if transaction.state == "done":
            self._on_transaction_done(transaction)
        elif transaction.state == "pending" and self.state in PAYABLE_STATES:
            self._transition(
                "in_progress",
                self.env._(
                    "Payment attempt via %(provider)s: pending.", provider=provider
                ),
            )
        elif transaction.state == "pending":
            self._log_event(
                self.env._(
                    "Payment attempt via %(provider)s: pending.", provider=provider
                )
            )
        elif transaction.state in ("error", "cancel") and self.state == "in_progress":
            self._transition(
                "interrupted",
                self.env._(
                    "Payment attempt via %(provider)s failed: %(reason)s",
                    provider=provider,
                    reason=transaction.state_message or transaction.state,
                ),
            )

    def _on_transaction_done(self, transaction):
        duplicate = self._is_duplicate_payment(transaction)
        received = format_amount(self.env, transaction.amount, transaction.currency_id)
        if not self._is_full_payment(transaction):
            self._log_event(
                self.env._(
                    "Partial payment of %(received)s via %(provider)s: the link "
                    "asked for %(due)s.",
                    received=received,
                    provider=transaction.provider_id.name,
                    due=self._amount_label(),
                )
            )
            if self.state == "in_progress":
                self._transition(
                    "interrupted", self.env._("The rest is still to be paid.")
                )
        elif self.state != "paid":
            self._transition(
                "paid",
                self.env._(
                    "Paid %(amount)s via %(provider)s (%(reference)s).",
                    amount=received,
                    provider=transaction.provider_id.name,
                    reference=transaction.provider_reference or transaction.reference,
                ),
                paid_date=fields.Datetime.now(),
            )
            self._close_sms_warnings()
            self._send_confirmation_email()
        if duplicate:
            self._warn_duplicate_payment(transaction)

    def _is_full_payment(self, transaction):
        """Whether ``transaction`` brings all the link asks, in its currency."""
        return transaction.currency_id == self.currency_id and (
            self.currency_id.compare_amounts(transaction.amount, self.amount) >= 0
        )

    def _send_confirmation_email(self):
        template = self.env.ref(
            "pay_by_link.mail_template_pay_link_paid", raise_if_not_found=False
        )
        for link in self.filtered(lambda lk: lk.company_id.pay_link_confirmation_email):
            if template and link.recipient_email:
                template.sudo().send_mail(
                    link.id, email_layout_xmlid="pay_by_link.mail_notification_invoice"
                )

    def _has_money_on_its_way(self):
        """Whether an attempt of this link is paid or being paid."""
        self.ensure_one()
        return any(tx.state in MONEY_MOVING_TX_STATES for tx in self.transaction_ids)

    def _close_provider_sessions(self, raise_if_paid=False):
        """Close the payment sessions still open at the providers for these
        links. A session the provider reports as paid, or a provider that does
        not answer, is left to the status sync, unless ``raise_if_paid``.

        :raise UserError: with ``raise_if_paid``, when money is on its way
        """
        for link in self:
            try:
                link.transaction_ids._pay_link_close_sessions()
            except UserError as error:
                if raise_if_paid:
                    raise
                _logger.info(
                    "Payment link %s: provider session left open: %s", link.name, error
                )
