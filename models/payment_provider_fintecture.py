from odoo import api, fields, models

from ..lib.fintecture import const
from ..lib.fintecture.client import FintectureClient
from ..lib.fintecture.signature import InvalidSignatureError, verify_webhook
from .fintecture_token_store import FintectureTokenStore


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    code = fields.Selection(
        selection_add=[("fintecture", "Fintecture")],
        ondelete={"fintecture": "set default"},
    )
    # The credentials (copy=False) belong to one merchant account: a provider
    # duplicated for another company starts without them.
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
    # The form never shows the stored key: it takes a new one here.
    fintecture_private_key_input = fields.Text(
        string="Private Key (PEM)",
        compute="_compute_fintecture_private_key_input",
        inverse="_inverse_fintecture_private_key_input",
        groups="base.group_system",
        help="Paste the PEM private key of the application, as downloaded from "
        "the Fintecture console. Once saved it is never shown again; paste "
        "another one to replace it.",
    )
    fintecture_private_key_set = fields.Boolean(
        compute="_compute_fintecture_private_key_input", groups="base.group_system"
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
    # The PIS access token, shared by every worker until it expires (see
    # fintecture_token_store.py); never shown, never copied.
    fintecture_access_token = fields.Char(groups="base.group_system", copy=False)
    fintecture_token_expiry = fields.Datetime(groups="base.group_system", copy=False)

    def _compute_fintecture_private_key_input(self):
        for provider in self:
            provider.fintecture_private_key_input = False
            provider.fintecture_private_key_set = bool(
                provider.sudo().fintecture_private_key
            )

    def _inverse_fintecture_private_key_input(self):
        for provider in self.filtered("fintecture_private_key_input"):
            provider.fintecture_private_key = provider.fintecture_private_key_input

    # --- payment framework ---------------------------------------------------

    def _compute_feature_support_fields(self):  # pylint: disable=missing-return
        """Override of `payment` to allow full and partial refunds."""
        super()._compute_feature_support_fields()
        self.filtered(lambda p: p.code == "fintecture").support_refund = "partial"

    def _get_supported_currencies(self):
        """Override of `payment` to accept the currencies Fintecture takes."""
        supported_currencies = super()._get_supported_currencies()
        if self.code != "fintecture":
            return supported_currencies
        return supported_currencies.filtered(
            lambda currency: currency.name in const.SUPPORTED_CURRENCIES
        )

    def _get_default_payment_method_codes(self):
        """Override of `payment` to return Fintecture's payment method codes."""
        default_codes = super()._get_default_payment_method_codes()
        if self.code != "fintecture":
            return default_codes
        return const.DEFAULT_PAYMENT_METHOD_CODES

    # --- pay_by_link hooks -------------------------------------------------------

    @api.model
    def _pay_link_session_provider_codes(self):
        """Override of `pay_by_link`: Fintecture sessions are followed here."""
        return super()._pay_link_session_provider_codes() | {"fintecture"}

    def _pay_link_secret_fields(self):
        """Override of `pay_by_link` to name Fintecture's secret fields."""
        if self.code != "fintecture":
            return super()._pay_link_secret_fields()
        return (
            "fintecture_app_id",
            "fintecture_app_secret",
            "fintecture_private_key",
            "fintecture_api_url",
        )

    def _pay_link_client(self):
        """Override of `pay_by_link` to return a `FintectureClient`."""
        if self.code != "fintecture":
            return super()._pay_link_client()
        secrets = self._pay_link_secrets()
        default_url = (
            const.PRODUCTION_URL
            if self.fintecture_environment == "production"
            else const.SANDBOX_URL
        )
        return FintectureClient(
            secrets["fintecture_app_id"],
            secrets["fintecture_app_secret"],
            secrets["fintecture_private_key"],
            secrets["fintecture_api_url"] or default_url,
            token_store=FintectureTokenStore(self),
        )

    def _pay_link_can_request_to_pay(self):
        """Override of `pay_by_link`: Fintecture sends requests to pay."""
        if self.code != "fintecture":
            return super()._pay_link_can_request_to_pay()
        return True

    @api.model
    def _fintecture_verify_webhook(self, headers, raw_body):
        """Find the Fintecture provider that a webhook was signed for: its
        private key decrypts the signature and its App ID is the keyId.

        :param headers: the HTTP headers received
        :param bytes raw_body: the body exactly as received
        :return: (payment.provider, `WebhookProof`), the proof's request id
            keying replays
        :raise InvalidSignatureError: when no provider's key verifies it
        """
        providers = self.sudo().search(
            [("code", "=", "fintecture"), ("state", "!=", "disabled")]
        )
        error = InvalidSignatureError("no Fintecture provider is enabled")
        for provider in providers:
            secrets = provider._pay_link_secrets()
            try:
                proof = verify_webhook(
                    headers, raw_body, secrets["fintecture_private_key"]
                )
            except InvalidSignatureError as refusal:
                error = refusal
                continue
            except ValueError as refusal:  # an unreadable private key
                error = InvalidSignatureError(str(refusal))
                continue
            if proof.key_id and proof.key_id != secrets["fintecture_app_id"]:
                error = InvalidSignatureError("keyId is not the App ID")
                continue
            return provider, proof
        raise error
