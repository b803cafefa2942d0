"""18.0.1.1.0: the request-to-pay channel no longer names its provider."""


def migrate(cr, version):
    cr.execute(
        "UPDATE pay_link SET channel = 'request_to_pay' "
        "WHERE channel = 'fintecture_rtp'"
    )
