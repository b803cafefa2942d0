from contextlib import contextmanager

from odoo import api, models
from odoo.exceptions import ValidationError

from ..lib.provider_errors import ProviderError, ProviderNotFound, ProviderTimeout


class UnknownPaymentSession(ValidationError):
    """The provider does not know the payment session asked about."""


class PaymentProvider(models.Model):
    """The hooks a provider whose payment sessions this addon follows itself
    (polling, closing, requests to pay) overrides, each override starting
    with its provider-code guard (see payment_provider_<code>.py)."""

    _inherit = "payment.provider"

    # --- hooks -------------------------------------------------------------------

    @api.model
    def _pay_link_session_provider_codes(self):
        """The codes of the providers whose sessions are followed here: their
        attempts are polled, closed on expiry and cancellation.

        :return: set of provider codes; each provider adds its own
        """
        return set()

    def _pay_link_secret_fields(self):
        """The names of this provider's secret fields (restricted to
        base.group_system), read through `_pay_link_secrets` only."""
        return ()

    def _pay_link_client(self):
        """The `lib/` client of this provider's API (see `_pay_link_call`).

        :raise ValueError: when the credentials cannot be used
        :raise NotImplementedError: for a provider without one
        """
        raise NotImplementedError(self.code)

    def _pay_link_can_request_to_pay(self):
        """Whether the provider sends customers requests to pay itself."""
        return False

    # --- generic -----------------------------------------------------------------

    def _pay_link_redirects(self):
        """Whether the customer reaches this provider by a plain redirect to
        its own page (a redirect form and no inline form: a hosted payment
        page): the pay page then needs no JavaScript for it. The others (a
        card form on the page, as the demo provider's; a script) need Odoo's
        payment form."""
        self.ensure_one()
        return bool(self.redirect_form_view_id) and not self.inline_form_view_id

    def _pay_link_secrets(self):
        """The provider's secret settings ({field name: value}); the one place
        that reads them."""
        self.ensure_one()
        provider = self.sudo()
        return {name: provider[name] for name in self._pay_link_secret_fields()}

    def _pay_link_label(self):
        """The provider's name in messages: the label of its code."""
        return dict(self._fields["code"]._description_selection(self.env))[self.code]

    @contextmanager
    def _pay_link_provider_errors(self):
        """Turn what a provider client raises into a translated
        ValidationError prefixed with the provider's name."""
        provider = self._pay_link_label()
        try:
            yield
        except ProviderNotFound as error:
            raise UnknownPaymentSession(
                self.env._(
                    "%(provider)s does not know this payment (%(reason)s).",
                    provider=provider,
                    reason=error.provider_message,
                )
            ) from error
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
        """Call ``method_name`` of the provider's client with these arguments.

        :return: what the client returns (plain values)
        :raise ValidationError: translated, whatever went wrong
        """
        self.ensure_one()
        with self._pay_link_provider_errors():
            return getattr(self._pay_link_client(), method_name)(*args, **kwargs)

    @api.model
    def _pay_link_request_to_pay_provider(self, company, currency=None):
        """The provider sending requests to pay for ``company`` (in
        ``currency``, when given), if any."""
        providers = self.search(
            [
                *self._check_company_domain(company),
                ("state", "in", ("enabled", "test")),
            ]
        )
        return providers.filtered(
            lambda p: (
                p._pay_link_can_request_to_pay()
                and (not currency or currency in p._get_supported_currencies())
            )
        )[:1]
