"""Fintecture's hosts, currencies, payment methods, limits, and its session
statuses and transfer states mapped to our generic result.

Results: "done" (paid), "pending" (the money is on its way), "open" (the payer
has not finished at Fintecture or the bank yet), "error", "cancel", "partial".
Sources: Fintecture's own integrations (magento plugin Helper/Fintecture.php,
Controller/Standard/PaymentCreated.php and Gateway/HandleRefund.php, the Odoo
payment_fintecture const.py). `status` says what the bank did with the
initiation; `transfer_state` follows the money afterwards and only overrides
the status when it reports a problem.
"""

PRODUCTION_URL = "https://api.fintecture.com"
SANDBOX_URL = "https://api-sandbox.fintecture.com"
SUPPORTED_CURRENCIES = {"EUR"}
DEFAULT_PAYMENT_METHOD_CODES = {"instant_bank_transfer"}

# meta.expiry, in seconds: the magento plugin (Helper/Fintecture.php,
# generatePayload) accepts 3 to 9,999 minutes and drops anything else.
MIN_EXPIRY_SECONDS = 3 * 60
MAX_EXPIRY_SECONDS = 9999 * 60
# meta.method of a request to pay: who Fintecture sends the link to, and how
# (magento plugin Controller/Standard/Send.php).
REQUEST_TO_PAY_METHODS = ("email", "sms")
# A communication (transfer label) longer than this is refused by banks.
MAX_COMMUNICATION_LENGTH = 140

# Webhook `type` of a refund, whose `refunded_session_id` names the payment
# refunded (magento plugin Controller/Standard/PaymentCreated.php).
REFUND_WEBHOOK_TYPE = "Refund"

DONE = "done"
PENDING = "pending"
OPEN = "open"
ERROR = "error"
CANCEL = "cancel"
PARTIAL = "partial"

STATUS_RESULTS = {
    "payment_created": DONE,  # accepted by the payer's bank
    "received": DONE,
    "payment_pending": PENDING,
    "payment_waiting": PENDING,
    "refund_waiting": PENDING,  # a refund the merchant still has to approve
    "sca_required": OPEN,  # payer redirected to the bank, not authenticated yet
    "provider_required": OPEN,  # payer has not chosen a bank yet
    # Refused by the payer or the bank, but the bank may let the payer try
    # again within the same session: final only with a rejected transfer.
    "payment_unsuccessful": OPEN,
    "payment_error": ERROR,
    "payment_cancelled": CANCEL,
    "payment_expired": CANCEL,
    "payment_partial": PARTIAL,
    "insufficient": PARTIAL,
}
# The statuses of a session that can no longer be paid because it expired.
EXPIRED_STATUSES = {"payment_expired"}

TRANSFER_STATE_RESULTS = {
    "processing": PENDING,
    "pending": PENDING,
    "authorized": PENDING,
    "accepted": PENDING,
    "sent": PENDING,
    "completed": DONE,
    "received": DONE,
    "overpaid": DONE,
    "insufficient": PARTIAL,
    "rejected": ERROR,
}

# Transfer states that contradict an otherwise successful status.
_OVERRIDING_STATES = {"rejected": ERROR, "insufficient": PARTIAL}


def fintecture_result(status, transfer_state=None):
    """Generic result of a session, or None when neither value is known."""
    if transfer_state in _OVERRIDING_STATES:
        return _OVERRIDING_STATES[transfer_state]
    if status in STATUS_RESULTS:
        return STATUS_RESULTS[status]
    return TRANSFER_STATE_RESULTS.get(transfer_state)
