import logging
from datetime import timedelta
from urllib.parse import parse_qsl, urljoin, urlsplit

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount

from .const import RETURN_PATH_PREFIX, WEBHOOK_PATH_PREFIX
from .payment_provider import UnknownPaymentSession

_logger = logging.getLogger(__name__)

# The generic payment results a provider's outcome carries (see
# `_pay_link_fetch_outcome`), and the state each one puts an attempt in. An
# "open" session (the customer has not finished) changes nothing; a partial
# payment is never "paid": the attempt goes in error, saying how much arrived.
RESULT_SETTERS = {
    "done": "_set_done",
    "pending": "_set_pending",
    "cancel": "_set_canceled",
    "error": "_set_error",
    "partial": "_set_error",
}
# The results that mean the money is received or on its way.
MONEY_MOVING_RESULTS = ("done", "pending")
# The results that, for an attempt already done, mean the provider takes the
# money back (a transfer the bank rejects after accepting it).
TAKEN_BACK_RESULTS = ("error", "partial", "cancel")
# The cron asks the provider about sessions it said nothing of for this long,
POLL_AFTER = timedelta(minutes=5)
# and about every session whose link expires soon (the cron runs more often),
POLL_BEFORE_EXPIRY = timedelta(minutes=30)
# as long as the session is not older than this.
POLL_WINDOW = timedelta(days=31)


class PaymentTransaction(models.Model):
    """A payment attempt of a link, and the generic side of the providers
    whose sessions this addon follows (see payment_transaction_<code>.py)."""

    _inherit = "payment.transaction"

    pay_link_id = fields.Many2one(
        "pay.link", string="Payment link", index="btree_not_null", readonly=True
    )

    def _set_done(self, state_message=None, extra_allowed_states=()):
        """Override of `payment`: money is never ignored. An attempt of a link
        that Odoo cancelled (the customer chose to pay another way, the link
        ended) may still be paid at its provider: it becomes done, and the
        link records it (as a duplicate to refund when it came on top)."""
        link_txs = self.filtered("pay_link_id")
        done = super(PaymentTransaction, self - link_txs)._set_done(
            state_message, extra_allowed_states
        )
        return done | super(PaymentTransaction, link_txs)._set_done(
            state_message, (*extra_allowed_states, "cancel")
        )

    def _update_state(self, allowed_states, target_state, state_message):
        """Override of `payment` so that every state change of an attempt also
        moves its link, and a payment received is posted at once."""
        updated = super()._update_state(allowed_states, target_state, state_message)
        for tx in updated.filtered("pay_link_id"):
            tx.pay_link_id._on_transaction_state(tx)
        if target_state == "done":
            updated.filtered("pay_link_id")._pay_link_post_process()
        return updated

    def _pay_link_post_process(self):
        """Post the payments of these done attempts and reconcile their
        invoices now, as OdooBot, like Odoo's post-processing cron.

        In the same database transaction as the state change: the customer's
        status page (`/payment/status/poll`) and the cron then find the
        attempt post-processed, instead of post-processing it at the same
        time (one of them failing on a serialization error). What cannot be
        posted now is left to the cron, which retries and reports it.
        """
        for tx in self.with_user(SUPERUSER_ID):
            try:
                with self.env.cr.savepoint():
                    tx._post_process()
            except (UserError, ValidationError) as error:
                _logger.warning(
                    "Payment %s received but not posted yet: %s", tx.reference, error
                )

    # --- hooks of the providers whose sessions are followed here ---------------

    def _pay_link_fetch_outcome(self):
        """Read the attempt's payment from the provider's API.

        :return: dict with "result" (done, pending, open, cancel, error,
            partial or None when unknown), "amount" (Decimal, major units,
            positive for a refund too), "currency" (ISO code), "received"
            (Decimal or None: the amount that arrived, for a partial payment),
            "reason" (the provider's words) and, optionally, "expired" (True
            when the session was closed by its own expiry)
        :raise ValidationError: when the provider cannot be read
        """
        raise NotImplementedError(self.provider_code)

    def _pay_link_close_session(self):
        """Close the attempt's session at the provider, so that it can no
        longer be paid.

        :raise ValidationError: when the provider refuses or cannot be reached
        """
        raise NotImplementedError(self.provider_code)

    def _pay_link_send_request_to_pay(self):
        """Have the provider send the customer a request to pay this attempt.

        :raise UserError: for a provider that cannot
        """
        raise UserError(
            self.env._(
                "%(provider)s cannot send requests to pay.",
                provider=self.provider_id.name,
            )
        )

    # --- what a provider's payload needs -------------------------------------------

    def _pay_link_payer(self):
        """The customer as the link and the invoice know them.

        :return: dict: "name", "email", "phone" (as typed), "company" (the
            company's name, or None for an individual), "street", "zip",
            "city", "country_code" (ISO 3166 alpha-2; the company's country
            when the customer has none), "lang" (ISO 639-1), each value a
            string or None
        """
        link = self.pay_link_id
        partner = link.partner_id or self.partner_id
        commercial = partner.commercial_partner_id
        country = self.partner_country_id or self.company_id.country_id
        return {
            "name": link.recipient_name or self.partner_name,
            "email": link.recipient_email or self.partner_email,
            "phone": link.recipient_phone or self.partner_phone or partner.mobile,
            "company": commercial.name if commercial.is_company else None,
            "street": self.partner_address or None,
            "zip": self.partner_zip or None,
            "city": self.partner_city or None,
            "country_code": country.code or None,
            "lang": (self.partner_lang or "en")[:2],
        }

    def _pay_link_return_url(self):
        """Where the provider sends the customer back: the link's pay page."""
        path = (
            self.pay_link_id._pay_page_path() if self.pay_link_id else "/payment/status"
        )
        return urljoin(self.provider_id.get_base_url(), path)

    def _pay_link_fixed_return_url(self):
        """The one return URL of a provider that takes a fixed one (see
        controllers/), which then leads the customer to the pay page."""
        return urljoin(
            self.provider_id.get_base_url(), RETURN_PATH_PREFIX + self.provider_code
        )

    def _pay_link_webhook_url(self):
        """The URL of the provider's notifications (see controllers/)."""
        return urljoin(
            self.provider_id.get_base_url(), WEBHOOK_PATH_PREFIX + self.provider_code
        )

    @staticmethod
    def _pay_link_redirect_values(url):
        """The rendering values of a redirect form going to ``url``: its query
        goes in hidden inputs, as a GET form drops the query of its action."""
        return {"api_url": url, "url_params": dict(parse_qsl(urlsplit(url).query))}

    # --- applying what the provider says -------------------------------------------

    @api.model
    def _pay_link_find_by_provider_reference(self, provider_code, payment_id):
        """The attempt of ``provider_code`` whose session is ``payment_id``.

        :raise ValidationError: when there is none
        """
        tx = payment_id and self.search(
            [
                ("provider_reference", "=", payment_id),
                ("provider_code", "=", provider_code),
            ],
            limit=1,
        )
        if not tx:
            provider = dict(self.env["payment.provider"]._fields["code"].selection)
            raise ValidationError(
                self.env._(
                    "%(provider)s: no transaction found for the payment %(payment)s.",
                    provider=provider.get(provider_code, provider_code),
                    payment=payment_id,
                )
            )
        return tx

    def _pay_link_sync(self):
        """Apply the provider's view of the payment, read from its API (never
        from a notification's body). The one path of webhooks and polling."""
        self.ensure_one()
        self._pay_link_lock()
        outcome = self._pay_link_read_outcome()
        self._pay_link_apply(outcome)
        if outcome.get("expired") and self.state == "cancel":
            self._pay_link_renew_expired_session()

    def _pay_link_read_outcome(self):
        """The provider's outcome (see `_pay_link_fetch_outcome`). A session
        the provider does not know, or no longer keeps, reads as cancelled:
        nothing can be paid there (a session of the sandbox once production
        credentials are set, an emulator restarted)."""
        try:
            return self._pay_link_fetch_outcome()
        except UnknownPaymentSession as error:
            return {
                "result": "cancel",
                "amount": None,
                "currency": None,
                "received": None,
                "reason": error.args[0],
            }

    def _pay_link_sync_on_return(self):
        """The customer is back from the provider: read these attempts' open
        sessions from the providers now, so that the pay page shows the
        result at once. A provider that cannot be read is left to the
        webhook and the polling cron."""
        codes = self.env["payment.provider"]._pay_link_session_provider_codes()
        for tx in self.filtered(
            lambda t: (
                t.provider_code in codes
                and t.state in ("draft", "pending")
                and t.provider_reference
            )
        ):
            try:
                with self.env.cr.savepoint():
                    tx._pay_link_sync()
            except ValidationError as error:
                _logger.warning(
                    "Could not check the payment %s on return: %s", tx.reference, error
                )

    def _pay_link_renew_expired_session(self):
        """The provider closed this attempt's session at its own expiry,
        shorter than the link's validity: a link sent as a request to pay
        gets a new one (a customer on the pay page simply opens a new
        session when paying again)."""
        link = self.pay_link_id
        if link.channel != "request_to_pay" or not link._is_payable():
            return
        link._log_event(
            self.env._(
                "%(provider)s closed the request to pay at its own expiry; "
                "a new one is sent as the link is valid until %(date)s.",
                provider=self.provider_id._pay_link_label(),
                date=fields.Datetime.to_string(link.expiry_date),
            )
        )
        link._deliver_by_request_to_pay("", "", "")

    def _pay_link_lock(self):
        """Wait for any other processing of this transaction, then read it afresh."""
        self.env.cr.execute(
            "SELECT id FROM payment_transaction WHERE id = %s FOR UPDATE",
            [self.id],
            log_exceptions=False,
        )
        self.invalidate_recordset()

    def _pay_link_apply(self, outcome):
        """Move the attempt to the state the provider reports, if the amount
        and currency match (see `_pay_link_fetch_outcome` for ``outcome``)."""
        provider = self.provider_id._pay_link_label()
        if outcome["result"] == "open":
            return
        money = outcome["result"] in ("done", "pending", "partial")
        if money and not self._pay_link_amount_matches(outcome):
            self._set_error(
                self.env._(
                    "%(provider)s: the payment reported (%(amount)s %(currency)s) "
                    "does not match the amount due (%(expected)s); it is not "
                    "recorded as paid.",
                    provider=provider,
                    amount=outcome["amount"],
                    currency=outcome["currency"],
                    expected=format_amount(self.env, self.amount, self.currency_id),
                )
            )
            return
        if self.state == "done" and outcome["result"] in TAKEN_BACK_RESULTS:
            if self.pay_link_id:
                self.pay_link_id._warn_payment_reversed(self, outcome["reason"])
            return
        setter = RESULT_SETTERS.get(outcome["result"])
        if not setter:
            _logger.warning(
                "%s reported no known status for %s: %r",
                provider,
                self.reference,
                outcome["reason"],
            )
            return
        getattr(self, setter)(self._pay_link_state_message(outcome))
        self._pay_link_check_received(outcome)

    def _pay_link_check_received(self, outcome):
        """What arrived, when the provider says: less than asked ends the
        link and asks the accountant to record it; more asks for a refund."""
        link, received = self.pay_link_id, outcome.get("received")
        if not link or self.operation == "refund":
            return
        if outcome["result"] == "partial":
            link._on_partial_payment(self, received)
        elif (
            outcome["result"] == "done"
            and received is not None
            and self.currency_id.compare_amounts(float(received), self.amount) > 0
        ):
            link._warn_overpayment(self, float(received))

    def _pay_link_amount_matches(self, outcome):
        """Whether the provider reports this attempt's amount and currency (a
        refund, whose amount is negative here, by its positive amount)."""
        if outcome["currency"] != self.currency_id.name or outcome["amount"] is None:
            return False
        expected = -self.amount if self.operation == "refund" else self.amount
        return self.currency_id.compare_amounts(float(outcome["amount"]), expected) == 0

    def _pay_link_state_message(self, outcome):
        provider = self.provider_id._pay_link_label()
        if outcome["result"] == "partial":
            received = outcome["received"]
            return self.env._(
                "%(provider)s: partial payment received: %(received)s of %(expected)s.",
                provider=provider,
                received=format_amount(self.env, float(received), self.currency_id)
                if received is not None
                else self.env._("an unknown amount"),
                expected=format_amount(self.env, self.amount, self.currency_id),
            )
        if outcome["result"] == "cancel":
            return self.env._(
                "%(provider)s: payment cancelled (%(reason)s).",
                provider=provider,
                reason=outcome["reason"],
            )
        if outcome["result"] == "error":
            return self.env._(
                "%(provider)s: payment refused (%(reason)s).",
                provider=provider,
                reason=outcome["reason"],
            )
        return None

    # --- polling and closing sessions -------------------------------------------

    @api.model
    def _cron_pay_link_poll_providers(self):
        """Catch up with the payments whose webhook was missed."""
        now = fields.Datetime.now()
        codes = self.env["payment.provider"]._pay_link_session_provider_codes()
        transactions = self.search(
            [
                ("provider_code", "in", list(codes)),
                ("state", "in", ("draft", "pending")),
                ("provider_reference", "!=", False),
                ("create_date", ">=", now - POLL_WINDOW),
                "|",
                ("create_date", "<=", now - POLL_AFTER),
                ("pay_link_id.expiry_date", "<=", now + POLL_BEFORE_EXPIRY),
            ]
        )
        for tx in transactions:
            try:
                with self.env.cr.savepoint():
                    tx._pay_link_sync()
            except ValidationError as error:
                _logger.warning(
                    "Could not check the payment %s: %s", tx.reference, error
                )

    def _pay_link_close_sessions(self, reason=None):
        """Close the provider sessions of these attempts not processed yet,
        saying ``reason`` on them.

        :raise UserError: when the provider says the money of one of them is
            received or on its way
        """
        codes = self.env["payment.provider"]._pay_link_session_provider_codes()
        open_txs = self.filtered(
            lambda tx: (
                tx.provider_code in codes
                and tx.state in ("draft", "pending")
                and tx.provider_reference
            )
        )
        for tx in open_txs:
            tx._pay_link_lock()
            outcome = tx._pay_link_read_outcome()
            if outcome["result"] in MONEY_MOVING_RESULTS:
                raise UserError(
                    self.env._(
                        "The payment %(reference)s is already made at %(provider)s: "
                        "the link cannot be cancelled. It will show as paid shortly.",
                        reference=tx.reference,
                        provider=tx.provider_id._pay_link_label(),
                    )
                )
            if outcome["result"] == "cancel":  # closed, or unknown, already
                tx._set_canceled(outcome["reason"])
                continue
            tx._pay_link_close_session()
            tx._set_canceled(reason or self.env._("Cancelled with the payment link."))
