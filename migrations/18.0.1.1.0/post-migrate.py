"""18.0.1.1.0: bank transfers by Fintecture can be refunded, in part too.

The payment method comes from noupdate data, which an upgrade leaves alone.
"""


def migrate(cr, version):
    cr.execute(
        "UPDATE payment_method SET support_refund = 'partial' "
        "WHERE code = 'instant_bank_transfer' AND support_refund = 'none'"
    )
