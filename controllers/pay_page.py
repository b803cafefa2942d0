import re

from markupsafe import Markup
from werkzeug.exceptions import BadRequest

from odoo import http, models
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import is_html_empty

from odoo.addons.account_payment.controllers.payment import PaymentPortal
from odoo.addons.payment import utils as payment_utils
from odoo.addons.payment.controllers.post_processing import PaymentPostProcessing

from ..lib.redirect_form import with_submit_button
from .customer_request import (
    HELP_URL,
    LANG_COOKIE,
    customer_context,
    find_link,
    private_page,
)
from .pay_page_cache import cached_page, keep_page

# A payment option of the pay page's form: "<provider id>:<payment method id>".
OPTION_PATTERN = re.compile(r"(\d{1,9}):(\d{1,9})")


class PayPage(PaymentPortal):
    """The public pages a customer reaches from a payment link.

    The pay page is Odoo's payment page (`payment_pay`) for the link's amount,
    currency and customer, shown in this addon's light template: the link
    comes in as the ``pay_link`` argument of Odoo's hooks. The page is plain
    HTML: its form posts the chosen method to `pay_page_pay`, which starts
    the attempt and sends the browser to the provider. Only a method whose
    provider shows a form on the page (a card form, as Stripe or the demo)
    loads Odoo's payment form and its JavaScript, on the same page with
    ``?provider=<id>&method=<id>``.

    The link's token is the credential of every route, hence no CSRF token:
    a request changes nothing the token's holder could not change from the
    page, and the page needs no session.
    """

    _pay_url = "/pay/<string:token>"
    _help_url = HELP_URL

    # --- the pay page ------------------------------------------------------------

    @http.route(_pay_url, type="http", auth="public", methods=["GET"], sitemap=False)
    def pay_page(
        self, token, provider=None, method=None, lang=None, debug=None, **query
    ):
        bare_url = not (provider or method or lang or debug or query)
        if bare_url and (page := cached_page(token)):
            return page
        link = find_link(token)
        link.transaction_ids._pay_link_sync_on_return()
        if lang or query:
            # A language chosen, or the provider's return parameters: keep the
            # choice, show the bare URL.
            return self._redirect_to_page(link, lang)
        successor = link._successor_to_show()
        if successor:
            return request.redirect(successor._pay_page_path(), code=303)
        # What the invoice owes is followed when it changes (reconciliation,
        # cancellation) and checked again before any payment starts.
        link._expire_if_due()
        link._mark_opened()
        link = customer_context(link)
        inline_option = self._inline_option(link, provider, method)
        page = self._render_pay_page(link, inline_option=inline_option)
        if bare_url:
            keep_page(link, page)
        return page

    def _render_pay_page(self, link, inline_option=None, error=None):
        """The pay page of ``link``; with the (provider, method) of
        ``inline_option`` in Odoo's payment form (see `_inline_option`); with
        ``error`` said on top."""
        private_page()
        if not link._is_payable():
            return request.render(
                "pay_by_link.pay_page", self._pay_page_values(link, error=error)
            )
        return self.payment_pay(
            reference=link.reference,
            amount=link.amount,
            currency_id=link.currency_id.id,
            partner_id=link.partner_id.id,
            company_id=link.company_id.id,
            access_token=payment_utils.generate_access_token(
                link.partner_id.id, link.amount, link.currency_id.id
            ),
            pay_link=link,
            inline_option=inline_option,
            pay_error=error,
        )

    def _get_payment_page_template_xmlid(self, pay_link=None, **kwargs):
        """Override of `payment` to show the link's page."""
        if _is_link(pay_link):
            return "pay_by_link.pay_page"
        return super()._get_payment_page_template_xmlid(**kwargs)

    def _get_extra_payment_form_values(
        self, pay_link=None, inline_option=None, pay_error=None, **kwargs
    ):
        """Override of `payment` to offer what the link allows (see
        `pay.link._payment_options`): as plain options, or one method in
        Odoo's payment form (``inline_option``), with no saved cards, the
        attempt started on the link's own route."""
        form_values = super()._get_extra_payment_form_values(**kwargs)
        if not _is_link(pay_link):
            return form_values
        options = pay_link._payment_options(
            kwargs.get("providers_sudo"), kwargs.get("payment_methods_sudo")
        )
        values = {
            **form_values,
            **self._pay_page_values(pay_link, error=pay_error),
            "payment_options": options,
            # Not Odoo's payment access token, which its own routes would
            # accept for any provider, amount or validation: the link's route
            # needs none.
            "access_token": pay_link.token,
        }
        if inline_option:
            provider, method = inline_option
            values.update(
                {
                    "providers_sudo": provider,
                    "payment_methods_sudo": method,
                    "tokens_sudo": request.env["payment.token"],
                    "show_tokenize_input_mapping": {provider.id: False},
                    "transaction_route": pay_link._pay_page_path("transaction"),
                    "landing_route": pay_link._pay_page_path(),
                    "inline_option": inline_option,
                    "submit_button_label": pay_link._pay_button_label(),
                    # Odoo's payment form needs it; a frontend route gives it,
                    # this lighter route does not.
                    "is_html_empty": is_html_empty,
                }
            )
        return values

    def _inline_option(self, link, provider_id, method_id):
        """The offered (provider, method) of these ids (as received, str),
        when it needs Odoo's payment form; else None."""
        if not (provider_id and method_id and link._is_payable()):
            return None
        try:
            provider, method = link._offered_payment_option(
                self._cast_as_int(provider_id), self._cast_as_int(method_id)
            )
        except UserError:
            return None
        return None if provider._pay_link_redirects() else (provider, method)

    def _pay_page_values(self, link, error=None):
        attempt = link._unfinished_attempt()
        return {
            "link": link,
            "company": link.company_id,
            "res_company": link.company_id,
            "invoice": link.move_id,
            "receipt": link._receipt_values(),
            "outcome": link._outcome_label(),
            "attempt": attempt,
            "attempt_started_at": attempt and link._moment_label(attempt.create_date),
            "transfer": link._transfer_details(),
            "can_renew": link._can_customer_renew(),
            "languages": request.env["res.lang"].get_installed(),
            "help_url": f"{self._help_url}?link={link.token}",
            "accent_color": _accent_color(link.company_id.pay_link_button_color),
            "error": error,
        }

    def _redirect_to_page(self, link, lang=None):
        """A 303 to the bare pay page, remembering ``lang`` when installed."""
        response = request.redirect(link._pay_page_path(), code=303)
        if lang in dict(request.env["res.lang"].get_installed()):
            response.set_cookie(
                LANG_COOKIE,
                lang,
                max_age=365 * 24 * 3600,
                path="/pay",
                samesite="Lax",
            )
        return response

    # --- paying without JavaScript ------------------------------------------------

    @http.route(
        f"{_pay_url}/pay",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        sitemap=False,
    )
    def pay_page_pay(self, token, option="", **kwargs):
        """The page's form: start an attempt with the chosen option and send
        the browser to the provider; a method needing Odoo's payment form
        opens it on the page."""
        link = customer_context(find_link(token))
        match = OPTION_PATTERN.fullmatch(option)
        provider_id, method_id = map(int, match.groups()) if match else (0, 0)
        try:
            link._lock_for_payment()
            provider, method = link._offered_payment_option(provider_id, method_id)
            if not provider._pay_link_redirects():
                return request.redirect(
                    f"{link._pay_page_path()}?provider={provider.id}&method={method.id}",
                    code=303,
                )
            tx, values = self._start_customer_attempt(link, provider, method)
        except UserError as error:
            return self._render_pay_page(link, error=error.args[0])
        return self._redirect_to_provider(link, tx, values)

    def _start_customer_attempt(self, link, provider, method, flow="redirect"):
        """Start the customer's attempt; keep the provider page to resume it.

        :return: (payment.transaction, its processing values)
        :raise UserError: see `pay.link._start_attempt`, or from the provider
        """
        with request.env.cr.savepoint():
            tx = link._start_attempt(provider, method, flow=flow, by_customer=True)
            values = tx._get_processing_values()
            tx._pay_link_keep_redirect_form(values.get("redirect_form_html"))
        PaymentPostProcessing.monitor_transaction(tx)
        return tx, values

    def _redirect_to_provider(self, link, tx, values):
        """Send the browser to the provider's page: a 303 for a page a link
        reaches, else its redirect form (submitted by a line of script, or
        by the customer)."""
        if tx.pay_link_resume_url:
            return request.redirect(tx.pay_link_resume_url, code=303, local=False)
        form = values.get("redirect_form_html")
        if not form:
            return request.redirect(link._pay_page_path(), code=303)
        label = request.env._("Continue to the payment page")
        form = with_submit_button(form, label)
        private_page()
        return request.render(
            "pay_by_link.pay_redirect_page", {"link": link, "form": Markup(form)}
        )

    # --- an unfinished attempt ----------------------------------------------------

    @http.route(
        f"{_pay_url}/abandon",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        sitemap=False,
    )
    def pay_page_abandon(self, token, **kwargs):
        """Pay another way: close the unfinished attempt (or the request to
        pay sent to the customer) at its provider, then show the methods."""
        link = customer_context(find_link(token))
        try:
            link._abandon_attempt()
        except UserError as error:
            return self._render_pay_page(link, error=error.args[0])
        return request.redirect(link._pay_page_path(), code=303)

    @http.route(
        f"{_pay_url}/renew",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        sitemap=False,
    )
    def pay_page_renew(self, token, **kwargs):
        """The customer asks for a fresh link in place of this dead one."""
        link = find_link(token)
        link._expire_if_due()
        if link._can_customer_renew():
            link = link._renew_by_customer()
        return request.redirect(link._pay_page_path(), code=303)

    # --- paying with Odoo's payment form (JSON-RPC) ------------------------------

    @http.route(
        f"{_pay_url}/transaction",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        sitemap=False,
    )
    def pay_page_transaction(self, token):
        """Start a payment attempt; JSON-RPC as Odoo's payment form calls it.

        Only the provider, its payment method and the flow come from the
        browser, among what the page offers; the link decides amount,
        currency, customer; never a validation nor a token.

        :return: a JSON-RPC answer: the attempt's processing values, or an
            error with a translated message only (no server trace)
        """
        link = find_link(token)
        call = self._json_rpc_call()
        params = call.get("params") or {}
        try:
            # What the check changes (an abandoned attempt closed, a link the
            # invoice no longer needs) stays, even when the answer is no.
            link._lock_for_payment()
            provider, payment_method = link._offered_payment_option(
                params.get("provider_id"), params.get("payment_method_id")
            )
            _tx, values = self._start_customer_attempt(
                link, provider, payment_method, flow=params.get("flow")
            )
        except UserError as error:
            return self._json_rpc_answer(call, error=error)
        return self._json_rpc_answer(call, result=values)

    def _json_rpc_call(self):
        try:
            call = request.get_json_data()
        except ValueError as error:
            raise BadRequest() from error
        if not isinstance(call, dict) or not isinstance(call.get("params", {}), dict):
            raise BadRequest()
        return call

    def _json_rpc_answer(self, call, result=None, error=None):
        answer = {"jsonrpc": "2.0", "id": call.get("id")}
        if error is None:
            answer["result"] = result
        else:
            answer["error"] = {
                "code": 200,
                "message": "Odoo Server Error",
                "data": {
                    "name": f"{type(error).__module__}.{type(error).__name__}",
                    "message": error.args[0],
                },
            }
        return request.make_json_response(answer)


def _accent_color(color):
    """The company's button colour when it is a CSS hex colour, else Odoo's."""
    if color and re.fullmatch(r"#[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?", color):
        return color
    return "#714B67"


def _is_link(value):
    """Whether ``value`` is the link this controller passed to Odoo's payment
    page, not a query-string argument of the same name."""
    return isinstance(value, models.BaseModel) and value._name == "pay.link"
