import logging
from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qsl, urljoin, urlsplit

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount

from odoo.addons.payment import utils as payment_utils

from ..controllers.webhooks import PayLinkWebhooks
from ..lib.fintecture_const import fintecture_result
from ..lib.payplug_const import payplug_result
from .payment_provider import PROVIDER_NAMES

_logger = logging.getLogger(__name__)

# The key of the provider's payment id in its payment data.
PAYMENT_ID_KEYS = {"fintecture": "session_id", "payplug": "id"}
# Generic payment results (lib/*_const.py) and the state each one puts a
# transaction in. A partial payment is never "paid": the transaction goes in
# error, saying how much arrived.
RESULT_SETTERS = {
    "done": "_set_done",
    "pending": "_set_pending",
    "cancel": "_set_canceled",
    "error": "_set_error",
    "partial": "_set_error",
}
CANCEL_METHODS = {"fintecture": "cancel_payment", "payplug": "abort_payment"}
# The cron asks the provider about sessions it said nothing of for this long,
POLL_AFTER = timedelta(minutes=5)
# and about every session whose link expires soon (the cron runs more often),
POLL_BEFORE_EXPIRY = timedelta(minutes=30)
# as long as the session is not older than this.
POLL_WINDOW = timedelta(days=31)


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    pay_link_id = fields.Many2one(
        "pay.link", string="Payment link", index="btree_not_null", readonly=True
    )

    def _update_state(self, allowed_states, target_state, state_message):
        """Every state change of a payment attempt also moves its link."""
        updated = super()._update_state(allowed_states, target_state, state_message)
        for tx in updated.filtered("pay_link_id"):
            tx.pay_link_id._on_transaction_state(tx)
        if target_state == "done" and updated.filtered("pay_link_id"):
            # Post the payment and reconcile the invoice now, not at the next cron run.
            self.env.ref("payment.cron_post_process_payment_tx")._trigger()
        return updated

    # --- starting a payment ----------------------------------------------------------

    def _get_specific_rendering_values(self, processing_values):
        """Open the provider's payment session; the redirect form goes to its page."""
        res = super()._get_specific_rendering_values(processing_values)
        if self.provider_code not in PROVIDER_NAMES:
            return res
        if self.provider_code == "fintecture":
            url = self._fintecture_create_session("create_connect")
        else:
            url = self._payplug_create_payment()
        # The query goes in hidden inputs: a GET form drops the query of its action.
        return {"api_url": url, "url_params": dict(parse_qsl(urlsplit(url).query))}

    def _fintecture_create_session(self, method_name, **extra_values):
        session = self.provider_id._pay_link_call(
            method_name, **self._fintecture_prepare_session_payload(), **extra_values
        )
        self.provider_reference = session["session_id"]
        return session["url"]

    def _fintecture_prepare_session_payload(self):
        return {
            "amount": Decimal(str(self.amount)),
            "currency": self.currency_id.name,
            "communication": self.pay_link_id.reference or self.reference,
            "payer": self._pay_link_payer(),
            "redirect_uri": self._pay_link_return_url(),
            "state": self.reference,
            "language": (self.partner_lang or "en")[:2],
        }

    def _payplug_create_payment(self):
        payment = self.provider_id._pay_link_call(
            "create_payment", **self._payplug_prepare_payment_payload()
        )
        self.provider_reference = payment["id"]
        return payment["hosted_payment"]["payment_url"]

    def _payplug_prepare_payment_payload(self):
        payer = self._pay_link_payer()
        first_name, last_name = payment_utils.split_partner_name(payer["name"] or "-")
        customer = {
            "email": payer["email"],
            "first_name": first_name,
            "last_name": last_name,
        }
        if payer["phone"]:
            customer["mobile_phone_number"] = payer["phone"]
        return_url = self._pay_link_return_url()
        return {
            "amount_cents": payment_utils.to_minor_currency_units(
                self.amount, self.currency_id
            ),
            "currency": self.currency_id.name,
            "customer": {key: value for key, value in customer.items() if value},
            "return_url": return_url,
            "cancel_url": return_url,
            "notification_url": urljoin(
                self.provider_id.get_base_url(), PayLinkWebhooks._payplug_webhook_url
            ),
            "metadata": {
                "reference": self.reference,
                "communication": self.pay_link_id.reference or self.reference,
            },
        }

    def _pay_link_payer(self):
        link = self.pay_link_id
        return {
            "name": link.recipient_name or self.partner_name,
            "email": link.recipient_email or self.partner_email,
            "phone": link.recipient_phone or self.partner_phone,
        }

    def _pay_link_return_url(self):
        path = (
            self.pay_link_id._pay_page_path() if self.pay_link_id else "/payment/status"
        )
        return urljoin(self.provider_id.get_base_url(), path)

    @api.model
    def _fintecture_send_request_to_pay(self, link):
        """Have Fintecture send ``link``'s customer a request to pay.

        :return: the payment attempt (`payment.transaction`)
        """
        provider = (
            self.env["payment.provider"]
            .sudo()
            ._fintecture_rtp_provider(link.company_id)
        )
        if not provider:
            raise UserError(
                self.env._(
                    "Enable a Fintecture payment provider to send requests to pay."
                )
            )
        tx = link._start_attempt(provider)
        tx._fintecture_create_session(
            "create_request_to_pay", expire_at=link.expiry_date
        )
        return tx

    # --- provider notifications ------------------------------------------------------

    def _get_tx_from_notification_data(self, provider_code, notification_data):
        tx = super()._get_tx_from_notification_data(provider_code, notification_data)
        if provider_code not in PROVIDER_NAMES or len(tx) == 1:
            return tx
        payment_id = notification_data.get(PAYMENT_ID_KEYS[provider_code])
        tx = payment_id and self.search(
            [
                ("provider_reference", "=", payment_id),
                ("provider_code", "=", provider_code),
            ],
            limit=1,
        )
        if not tx:
            raise ValidationError(
                self.env._(
                    "%(provider)s: no transaction found for the payment %(payment)s.",
                    provider=PROVIDER_NAMES[provider_code],
                    payment=payment_id,
                )
            )
        return tx

    def _process_notification_data(self, notification_data):
        """Apply the payment data read from the provider's API.

        See `_pay_link_sync`: the data never comes from a notification's body.
        """
        super()._process_notification_data(notification_data)
        if self.provider_code not in PROVIDER_NAMES:
            return
        self._pay_link_lock()
        self._pay_link_apply(self._pay_link_outcome(notification_data))

    def _pay_link_lock(self):
        """Wait for any other processing of this transaction, then read it afresh."""
        self.env.cr.execute(
            "SELECT id FROM payment_transaction WHERE id = %s FOR UPDATE", [self.id]
        )
        self.invalidate_recordset()

    def _pay_link_outcome(self, payment):
        """The provider's payment data, in generic terms: result, amount, currency..."""
        if self.provider_code == "fintecture":
            return self._fintecture_outcome(payment)
        return self._payplug_outcome(payment)

    def _fintecture_outcome(self, payment):
        raw = (payment.get("raw") or {}).get("data") or {}
        received = (raw.get("attributes") or {}).get("received_amount")
        return {
            "result": fintecture_result(
                payment.get("status"), payment.get("transfer_state")
            ),
            "amount": payment.get("amount"),
            "currency": payment.get("currency"),
            "received": Decimal(str(received)) if received is not None else None,
            "reason": payment.get("transfer_state") or payment.get("status"),
        }

    def _payplug_outcome(self, payment):
        failure = payment.get("failure") or {}
        amount = payment_utils.to_major_currency_units(
            payment.get("amount") or 0, self.currency_id
        )
        return {
            "result": payplug_result(payment),
            "amount": Decimal(str(amount)),
            "currency": payment.get("currency"),
            "received": None,
            "reason": failure.get("message") or failure.get("code"),
        }

    def _pay_link_apply(self, outcome):
        """Move the transaction to the state the provider reports, if the
        amount and currency match."""
        provider = PROVIDER_NAMES[self.provider_code]
        if not self._pay_link_amount_matches(outcome):
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
        setter = RESULT_SETTERS.get(outcome["result"])
        if not setter:
            _logger.warning(
                "%s reported no known status for %s: %s",
                provider,
                self.reference,
                outcome["reason"],
            )
            return
        getattr(self, setter)(self._pay_link_state_message(outcome))

    def _pay_link_amount_matches(self, outcome):
        if outcome["currency"] != self.currency_id.name or outcome["amount"] is None:
            return False
        return (
            self.currency_id.compare_amounts(float(outcome["amount"]), self.amount) == 0
        )

    def _pay_link_state_message(self, outcome):
        provider = PROVIDER_NAMES[self.provider_code]
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

    # --- reading the provider: webhooks, polling, cancellation ----------------

    def _pay_link_fetch_payment(self):
        """The payment as the provider's API reports it now."""
        self.ensure_one()
        payment = self.provider_id._pay_link_call(
            "get_payment", self.provider_reference
        )
        if self.provider_code == "fintecture":
            payment = dict(payment, session_id=self.provider_reference)
        return payment

    def _pay_link_sync(self, payment=None):
        """Apply the provider's view of the payment.

        The one path of webhooks and of polling.
        """
        self.ensure_one()
        payment = payment or self._pay_link_fetch_payment()
        return self._handle_notification_data(self.provider_code, payment)

    @api.model
    def _cron_pay_link_poll_providers(self):
        """Catch up with the payments whose webhook was missed."""
        now = fields.Datetime.now()
        transactions = self.search(
            [
                ("provider_code", "in", list(PROVIDER_NAMES)),
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

    def _pay_link_cancel_at_provider(self):
        """Close the provider sessions of these attempts not processed yet.

        :raise UserError: when the provider says one of them is paid
        """
        open_txs = self.filtered(
            lambda tx: (
                tx.provider_code in CANCEL_METHODS
                and tx.state in ("draft", "pending")
                and tx.provider_reference
            )
        )
        for tx in open_txs:
            tx._pay_link_lock()
            outcome = tx._pay_link_outcome(tx._pay_link_fetch_payment())
            if outcome["result"] == "done":
                raise UserError(
                    self.env._(
                        "The payment %(reference)s is already made at %(provider)s: "
                        "the link cannot be cancelled. It will show as paid shortly.",
                        reference=tx.reference,
                        provider=PROVIDER_NAMES[tx.provider_code],
                    )
                )
            tx.provider_id._pay_link_call(
                CANCEL_METHODS[tx.provider_code], tx.provider_reference
            )
            tx._set_canceled(self.env._("Cancelled with the payment link."))
