"""Fintecture's hosts, currencies, payment methods, and its session statuses
and transfer states mapped to our generic result.

Results: "done" (paid), "pending" (the money is on its way), "open" (the payer
has not finished at Fintecture or the bank yet), "error", "cancel", "partial".
Sources: Fintecture's own integrations (magento plugin Helper/Fintecture.php and
Controller/Standard/PaymentCreated.php, the Odoo payment_fintecture const.py).
`status` says what the bank did with the initiation; `transfer_state` follows
the money afterwards and only overrides the status when it reports a problem.
"""

PRODUCTION_URL = "https://api.fintecture.com"
SANDBOX_URL = "https://api-sandbox.fintecture.com"
SUPPORTED_CURRENCIES = {"EUR"}
DEFAULT_PAYMENT_METHOD_CODES = {"instant_bank_transfer"}

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
    "sca_required": OPEN,  # payer redirected to the bank, not authenticated yet
    "provider_required": OPEN,  # payer has not chosen a bank yet
    "payment_unsuccessful": ERROR,  # refused by the payer or the bank
    "payment_error": ERROR,
    "payment_cancelled": CANCEL,
    "payment_expired": CANCEL,
    "payment_partial": PARTIAL,
    "insufficient": PARTIAL,
}

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
