from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib.payplug import const
from ..lib.payplug.client import PayplugClient, key_is_live


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    code = fields.Selection(
        selection_add=[("payplug", "Payplug")], ondelete={"payplug": "set default"}
    )
    # Not copied: a provider duplicated for another company starts without it.
    payplug_secret_key = fields.Char(
        required_if_provider="payplug",
        groups="base.group_system",
        copy=False,
        help="sk_test_... in test mode, sk_live_... when enabled.",
    )
    payplug_api_url = fields.Char(
        string="Payplug API URL",
        groups="base.group_system",
        help="Leave empty to use api.payplug.com.",
    )

    @api.constrains("payplug_secret_key", "state", "code")
    def _check_payplug_secret_key(self):
        for provider in self.filtered(
            lambda p: p.code == "payplug" and p.state != "disabled"
        ):
            key = provider._pay_link_secrets()["payplug_secret_key"]
            try:
                is_live = key_is_live(key)
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "Payplug: the secret key must start with sk_test_ or sk_live_."
                    )
                ) from error
            if is_live != (provider.state == "enabled"):
                raise ValidationError(
                    self.env._(
                        "Payplug: use a sk_test_ key in test mode and a sk_live_ key "
                        "when enabled."
                    )
                )

    # --- payment framework ---------------------------------------------------

    def _compute_feature_support_fields(self):  # pylint: disable=missing-return
        """Override of `payment` to allow full and partial refunds."""
        super()._compute_feature_support_fields()
        self.filtered(lambda p: p.code == "payplug").support_refund = "partial"

    def _get_supported_currencies(self):
        """Override of `payment` to accept the currencies Payplug takes."""
        supported_currencies = super()._get_supported_currencies()
        if self.code != "payplug":
            return supported_currencies
        return supported_currencies.filtered(
            lambda currency: currency.name in const.SUPPORTED_CURRENCIES
        )

    def _get_default_payment_method_codes(self):
        """Override of `payment` to return Payplug's payment method codes."""
        default_codes = super()._get_default_payment_method_codes()
        if self.code != "payplug":
            return default_codes
        return const.DEFAULT_PAYMENT_METHOD_CODES

    # --- pay_by_link hooks -------------------------------------------------------

    @api.model
    def _pay_link_session_provider_codes(self):
        """Override of `pay_by_link`: Payplug payments are followed here."""
        return super()._pay_link_session_provider_codes() | {"payplug"}

    def _pay_link_secret_fields(self):
        """Override of `pay_by_link` to name Payplug's secret fields."""
        if self.code != "payplug":
            return super()._pay_link_secret_fields()
        return ("payplug_secret_key", "payplug_api_url")

    def _pay_link_client(self):
        """Override of `pay_by_link` to return a `PayplugClient`."""
        if self.code != "payplug":
            return super()._pay_link_client()
        secrets = self._pay_link_secrets()
        return PayplugClient(
            secrets["payplug_secret_key"],
            secrets["payplug_api_url"] or const.DEFAULT_URL,
        )
