"""What every provider's webhook does: find the transaction, record the
notification once, hand it to the transaction, answer.

Whatever a notification says, the payment is read again from the provider's
API before anything changes (`payment.transaction._pay_link_sync`). A refused
notification (bad signature, replay) gets 403 and changes nothing; one for no
known payment 404; one that could not be processed 500, so that the provider
sends it again. A signed notification is checked before anything is said of
the payment it names.
"""

import hashlib
import logging

from odoo import http
from odoo.exceptions import ValidationError
from odoo.http import request

_logger = logging.getLogger(__name__)


def body_digest(raw_body):
    """The key of an unsigned notification, to refuse its replays."""
    return "SHA-256=" + hashlib.sha256(raw_body).hexdigest()


class PayLinkWebhook(http.Controller):
    """Base of the providers' webhook controllers (no route of its own)."""

    def _find_transaction(self, provider_code, data):
        """The transaction a notification is about (sudo), or None."""
        try:
            return (
                request.env["payment.transaction"]
                .sudo()
                ._get_tx_from_notification_data(provider_code, data)
            )
        except ValidationError as error:
            # What the body says is logged quoted and cut: it is anyone's.
            _logger.warning(
                "%s webhook for no known transaction: %r",
                provider_code,
                str(error)[:200],
            )
            return None

    def _process(self, tx, event_key, data):
        """Process a verified notification once; roll everything back on failure.

        :param str event_key: what identifies this notification (its signed
            request id, or the digest of its body) to refuse replays
        """
        try:
            with request.env.cr.savepoint():
                events = request.env["pay.link.webhook.event"].sudo()
                if not events._record_once(tx, event_key):
                    return self._refuse(tx, "notification already received (replay)")
                tx._handle_notification_data(tx.provider_code, data)
        except ValidationError as error:
            return self._fail(tx, error)
        return self._answer(200)

    def _refuse_unverified(self, provider_code, reason):
        """A notification whose signature does not hold: refused before
        saying anything of the payment it names."""
        _logger.warning("%s webhook refused: %r", provider_code, str(reason)[:200])
        return self._answer(403)

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
