from contextlib import contextmanager

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib.fintecture_client import PRODUCTION_URL, SANDBOX_URL, FintectureClient
from ..lib.fintecture_signature import InvalidSignatureError, verify_webhook
from ..lib.payplug_client import DEFAULT_URL as PAYPLUG_URL
from ..lib.payplug_client import PayplugClient, key_is_live
from ..lib.provider_errors import ProviderError, ProviderTimeout

# Codes of the providers this addon brings, and their names in messages.
PROVIDER_NAMES = {"fintecture": "Fintecture", "payplug": "Payplug"}
SUPPORTED_CURRENCIES = {"fintecture": {"EUR"}, "payplug": {"EUR"}}
DEFAULT_PAYMENT_METHOD_CODES = {
    "fintecture": {"instant_bank_transfer"},
    "payplug": {"card"},
}
# Secret settings, only readable by the system group, read through `_pay_link_secrets`.
# The credentials (copy=False) belong to one merchant account: a provider duplicated
# for another company starts without them.
SECRET_FIELDS = {
    "fintecture": (
        "fintecture_app_id",
        "fintecture_app_secret",
        "fintecture_private_key",
        "fintecture_api_url",
    ),
    "payplug": ("payplug_secret_key", "payplug_api_url"),
}


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    code = fields.Selection(
        selection_add=[("fintecture", "Fintecture"), ("payplug", "Payplug")],
        ondelete={"fintecture": "set default", "payplug": "set default"},
    )
    fintecture_app_id = fields.Char(
        string="Fintecture App ID",
        required_if_provider="fintecture",
        groups="base.group_system",
        copy=False,
    )
    fintecture_app_secret = fields.Char(
        required_if_provider="fintecture",
        groups="base.group_system",
        copy=False,
    )
    fintecture_private_key = fields.Text(
        required_if_provider="fintecture",
        groups="base.group_system",
        copy=False,
        help="The PEM private key of the application, as downloaded from the "
        "Fintecture console. It signs every API call and decrypts webhook signatures.",
    )
    fintecture_environment = fields.Selection(
        [("sandbox", "Sandbox"), ("production", "Production")],
        default="sandbox",
    )
    fintecture_api_url = fields.Char(
        string="Fintecture API URL",
        groups="base.group_system",
        help="Leave empty to use Fintecture's sandbox or production host.",
    )
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

    def _get_supported_currencies(self):
        supported_currencies = super()._get_supported_currencies()
        if self.code not in PROVIDER_NAMES:
            return supported_currencies
        return supported_currencies.filtered(
            lambda currency: currency.name in SUPPORTED_CURRENCIES[self.code]
        )

    def _get_default_payment_method_codes(self):
        default_codes = super()._get_default_payment_method_codes()
        if self.code not in PROVIDER_NAMES:
            return default_codes
        return DEFAULT_PAYMENT_METHOD_CODES[self.code]

    # --- credentials and clients -----------------------------------------------

    def _pay_link_secrets(self):
        """The provider's secret settings; the one place that reads them."""
        self.ensure_one()
        provider = self.sudo()
        return {name: provider[name] for name in SECRET_FIELDS[self.code]}

    def _fintecture_client(self):
        self.ensure_one()
        secrets = self._pay_link_secrets()
        default_url = (
            PRODUCTION_URL
            if self.fintecture_environment == "production"
            else SANDBOX_URL
        )
        with self._pay_link_provider_errors():
            return FintectureClient(
                secrets["fintecture_app_id"],
                secrets["fintecture_app_secret"],
                secrets["fintecture_private_key"],
                secrets["fintecture_api_url"] or default_url,
            )

    def _payplug_client(self):
        self.ensure_one()
        secrets = self._pay_link_secrets()
        with self._pay_link_provider_errors():
            return PayplugClient(
                secrets["payplug_secret_key"], secrets["payplug_api_url"] or PAYPLUG_URL
            )

    @contextmanager
    def _pay_link_provider_errors(self):
        """Turn what a provider client raises into a translated ValidationError."""
        provider = PROVIDER_NAMES[self.code]
        try:
            yield
        except ProviderTimeout as error:
            raise ValidationError(
                self.env._(
                    "%(provider)s: the payment service cannot be reached right now. "
                    "Please try again in a few minutes.",
                    provider=provider,
                )
            ) from error
        except ProviderError as error:
            raise ValidationError(
                self.env._(
                    "%(provider)s: the payment service refused the request "
                    "(%(reason)s).",
                    provider=provider,
                    reason=error.provider_message,
                )
            ) from error
        except ValueError as error:
            raise ValidationError(
                self.env._(
                    "%(provider)s: the provider's settings are invalid (%(reason)s).",
                    provider=provider,
                    reason=error,
                )
            ) from error

    def _pay_link_call(self, method_name, *args, **kwargs):
        """Call `method_name` of the provider's client, errors made user-readable."""
        self.ensure_one()
        client = (
            self._fintecture_client()
            if self.code == "fintecture"
            else self._payplug_client()
        )
        with self._pay_link_provider_errors():
            return getattr(client, method_name)(*args, **kwargs)

    def _fintecture_verify_webhook(self, headers, raw_body):
        """Return the proof (`WebhookProof`) of a genuine webhook.

        :raise InvalidSignatureError: when the webhook is not signed with our key
        """
        self.ensure_one()
        private_key = self._pay_link_secrets()["fintecture_private_key"]
        try:
            return verify_webhook(headers, raw_body, private_key)
        except ValueError as error:  # an unreadable private key
            raise InvalidSignatureError(str(error)) from error

    @api.model
    def _fintecture_rtp_provider(self, company):
        """The Fintecture provider sending requests to pay for ``company``."""
        return self.search(
            [
                *self._check_company_domain(company),
                ("code", "=", "fintecture"),
                ("state", "in", ("enabled", "test")),
            ],
            limit=1,
        )
