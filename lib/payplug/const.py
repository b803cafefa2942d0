"""Payplug's host, currencies, payment methods, and its payment objects
mapped to our generic result.

A Payplug payment has no single status field: `is_paid` says it succeeded,
`failure` (code, message) says it ended without success, otherwise it is still
open: the payer has not finished on the hosted page. Failure codes "aborted"
and "timeout" mean the payer or the merchant gave up; the others
(card_declined, insufficient_funds, 3ds_declined, fraud_suspected,
processing_error, ...) are refusals.
"""

DEFAULT_URL = "https://api.payplug.com"
SUPPORTED_CURRENCIES = {"EUR"}
DEFAULT_PAYMENT_METHOD_CODES = {"card"}

DONE = "done"
OPEN = "open"
ERROR = "error"
CANCEL = "cancel"

CANCEL_FAILURE_CODES = frozenset({"aborted", "timeout"})

LIVE_KEY_PREFIX = "sk_live_"
TEST_KEY_PREFIX = "sk_test_"
API_VERSION = "2019-08-06"


def payplug_result(payment: dict):
    """Generic result ("done", "open", "error" or "cancel") of a payment."""
    if payment.get("is_paid"):
        return DONE
    failure = payment.get("failure") or {}
    if not failure:
        return OPEN
    if failure.get("code") in CANCEL_FAILURE_CODES:
        return CANCEL
    return ERROR
