"""The words of a payment link shared by its files: states, channels, delays.

Every generic file takes these from here; none names a payment provider.
"""

from datetime import timedelta

STATES = [
    ("draft", "Draft"),
    ("sent", "Not opened"),
    ("opened", "Opened"),
    ("in_progress", "Payment in progress"),
    ("interrupted", "Payment interrupted"),
    ("paid", "Paid"),
    ("expired", "Expired"),
    ("cancelled", "Cancelled"),
]
# Which state may follow which. Money that arrives is always recorded, so
# "paid" may follow any state but "paid" itself.
ALLOWED_TRANSITIONS = {
    "draft": {"sent", "cancelled"},
    "sent": {"opened", "in_progress", "expired", "cancelled", "paid"},
    "opened": {"in_progress", "expired", "cancelled", "paid"},
    "in_progress": {"interrupted", "expired", "cancelled", "paid"},
    "interrupted": {"in_progress", "expired", "cancelled", "paid"},
    "expired": {"cancelled", "paid"},
    "cancelled": {"paid"},
    "paid": set(),
}
OPEN_STATES = ("draft", "sent", "opened", "in_progress", "interrupted")
ISSUED_OPEN_STATES = ("sent", "opened", "in_progress", "interrupted")
PAYABLE_STATES = ("sent", "opened", "interrupted")
# Payable states whose pay page may be served again as rendered: not "sent",
# whose first visit marks the link opened.
CACHED_PAGE_STATES = ("opened", "interrupted")
EXPIRABLE_STATES = ISSUED_OPEN_STATES

# How a link reaches the customer. A channel `<code>` is delivered by
# `pay.link._deliver_by_<code>`; RECIPIENT_FIELDS says which field holds its
# address, REMINDER_CHANNELS which channels are reminded.
CHANNELS = [
    ("email", "Email"),
    ("sms", "SMS"),
    ("qr", "QR code in person"),
    ("link", "Link shared by hand"),
    ("request_to_pay", "Request to pay"),
]
RECIPIENT_FIELDS = {
    "email": "recipient_email",
    "sms": "recipient_phone",
    "request_to_pay": "recipient_email",
}
REMINDER_CHANNELS = ("email", "sms")
REMINDER_STATES = ("sent", "opened", "interrupted", "expired")
REMINDER_BATCH_SIZE = 1000

CUSTOMER_TYPES = [("individual", "Individual"), ("company", "Company")]

# Why a link ended without being paid.
CANCEL_REASONS = [
    ("user", "Cancelled by a user"),
    ("superseded", "Replaced by a new link"),
    ("invoice_paid", "Invoice paid"),
    ("invoice_reversed", "Invoice credited"),
    ("invoice_cancelled", "Invoice cancelled"),
    ("invoice_draft", "Invoice reset to draft"),
    ("partial_payment", "Partial payment received"),
]

# The fields a new (draft) link may be given: a draft is never shown to
# anyone and only the link's methods issue it.
CREATE_FIELDS = frozenset(
    {
        "name",
        "amount",
        "currency_id",
        "move_id",
        "company_id",
        "partner_id",
        "reference",
        "channel",
        "recipient_name",
        "recipient_email",
        "recipient_phone",
        "customer_type",
        "company_identifier",
        "invoice_date",
        "invoice_date_due",
    }
)
# Fields that change only through the link's own methods, never by a plain
# create or write (an RPC call, an import, a form): the state machine, the
# token, what decides the money, what the customer is sent and shown.
PROTECTED_FIELDS = CREATE_FIELDS | {
    "state",
    "token",
    "source_attachment_id",
    "sent_date",
    "opened_date",
    "paid_date",
    "expiry_date",
    "sent_by_id",
    "superseded_by_id",
    "cancel_reason",
    "reminder_count",
    "reminder_last_offset",
    "reminder_start_date",
}

# Payment states of an invoice that leave nothing to collect by link.
SETTLED_PAYMENT_STATES = ("paid", "in_payment", "reversed")

TOKEN_BYTES = 24  # 192 random bits
# The shape of secrets.token_urlsafe(TOKEN_BYTES): 32 URL-safe characters.
TOKEN_PATTERN = r"[A-Za-z0-9_-]{32}"
# An attempt the customer left unfinished at the provider for this long may
# be closed so that they can pay again.
ABANDONED_AFTER = timedelta(minutes=30)

# The provider callbacks: <prefix><provider code>. Their raw body is kept for
# signature checks (see ir_http.py).
WEBHOOK_PATH_PREFIX = "/pay_by_link/webhook/"
# Where a provider that takes one fixed return URL (registered in its console)
# sends the customer back: <prefix><provider code>.
RETURN_PATH_PREFIX = "/pay_by_link/return/"
