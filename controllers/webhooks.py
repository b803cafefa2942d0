"""Provider callbacks: find the transaction, verify, handle, answer.

Whatever a notification says, the payment is read again from the provider's
API before anything changes (`payment.transaction._pay_link_sync`); a
Fintecture webhook must also carry Fintecture's signature. A refused
notification gets 403 and changes nothing; a notification that could not be
processed gets 500, so that the provider sends it again.
"""

import json
import logging

from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request

from ..lib.fintecture_signature import InvalidSignatureError, compute_digest

_logger = logging.getLogger(__name__)


class PayLinkWebhooks(http.Controller):
    _webhook_url_prefix = "/pay_by_link/webhook/"
    _fintecture_webhook_url = _webhook_url_prefix + "fintecture"
    _payplug_webhook_url = _webhook_url_prefix + "payplug"

    @http.route(
        _fintecture_webhook_url,
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def fintecture_webhook(self, **data):
        tx = self._find_transaction("fintecture", data)
        if not tx:
            return self._answer(404)
        raw_body = request.httprequest.get_data()
        try:
            proof = tx.provider_id._fintecture_verify_webhook(
                request.httprequest.headers, raw_body
            )
        except InvalidSignatureError as error:
            return self._refuse(tx, error)
        return self._process(tx, proof.request_id or proof.digest)

    @http.route(
        _payplug_webhook_url,
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def payplug_webhook(self):
        raw_body = request.httprequest.get_data()
        notification = _json_object(raw_body)
        tx = self._find_transaction("payplug", notification)
        if not tx:
            return self._answer(404)
        try:
            payment = tx._pay_link_fetch_payment()
        except ValidationError as error:
            return self._fail(tx, error)
        if not _same_payment(notification, payment):
            return self._refuse(
                tx, "the notification differs from the payment Payplug reports"
            )
        return self._process(tx, compute_digest(raw_body), payment)

    def _find_transaction(self, provider_code, data):
        try:
            return (
                request.env["payment.transaction"]
                .sudo()
                ._get_tx_from_notification_data(provider_code, data)
            )
        except ValidationError as error:
            _logger.warning(
                "%s webhook for no known transaction: %s", provider_code, error
            )
            return None

    def _process(self, tx, event_key, payment=None):
        """Process a verified notification once; roll everything back on failure."""
        try:
            with request.env.cr.savepoint():
                events = request.env["pay.link.webhook.event"].sudo()
                if not events._record_once(tx, event_key):
                    return self._refuse(tx, "notification already received (replay)")
                tx._pay_link_sync(payment)
        except ValidationError as error:
            return self._fail(tx, error)
        return self._answer(200)

    def _refuse(self, tx, reason):
        _logger.warning(
            "%s webhook refused for transaction %s: %s",
            tx.provider_code,
            tx.reference,
            reason,
        )
        return self._answer(403)

    def _fail(self, tx, error):
        _logger.warning(
            "%s webhook for transaction %s not processed, the provider will retry: %s",
            tx.provider_code,
            tx.reference,
            error,
        )
        return self._answer(500)

    def _answer(self, status):
        return request.make_response("", status=status)


def _json_object(raw_body):
    try:
        data = json.loads(raw_body)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _same_payment(notification, payment):
    """Whether the notification tells what the provider's API tells."""

    def key(data):
        failure = data.get("failure") or {}
        return (
            data.get("id"),
            bool(data.get("is_paid")),
            data.get("amount"),
            data.get("currency"),
            failure.get("code"),
        )

    return key(notification) == key(payment)
