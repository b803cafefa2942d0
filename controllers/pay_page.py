from werkzeug.exceptions import BadRequest, NotFound

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.account_payment.controllers.payment import PaymentPortal
from odoo.addons.payment import utils as payment_utils
from odoo.addons.payment.controllers.post_processing import PaymentPostProcessing

from ..lib.qr_image import qr_png


class PayPage(PaymentPortal):
    """The public pages a customer reaches from a payment link.

    The pay page is Odoo's payment page (`payment_pay`) for the link's amount,
    currency and customer, shown in this addon's template: the link comes in
    as the ``pay_link`` argument of Odoo's hooks.
    """

    _pay_url = "/pay/<string:token>"
    _help_url = "/pay/help"

    @http.route(
        _help_url,
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def pay_help(self, **kwargs):
        return request.render("pay_by_link.pay_help_page", {})

    @http.route(
        _pay_url,
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def pay_page(self, token, **kwargs):
        link = self._find_link(token)
        link._expire_if_due()
        link._follow_amount_due()
        link._mark_opened()
        self._use_customer_language(link.partner_id)
        if not link._is_payable():
            return request.render("pay_by_link.pay_page", self._pay_page_values(link))
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
        )

    def _get_payment_page_template_xmlid(self, pay_link=None, **kwargs):
        """Override of `payment` to show the link's page."""
        if pay_link:
            return "pay_by_link.pay_page"
        return super()._get_payment_page_template_xmlid(**kwargs)

    def _get_extra_payment_form_values(self, pay_link=None, **kwargs):
        """Override of `payment` to offer what the link allows (see
        `pay.link._payment_providers`), with no saved cards, and to start the
        attempt on the link's own route."""
        form_values = super()._get_extra_payment_form_values(**kwargs)
        if not pay_link:
            return form_values
        providers = pay_link._payment_providers()
        return {
            **form_values,
            **self._pay_page_values(pay_link),
            "providers_sudo": providers,
            "payment_methods_sudo": pay_link._payment_methods(providers),
            "tokens_sudo": request.env["payment.token"],
            "show_tokenize_input_mapping": dict.fromkeys(providers.ids, False),
            "transaction_route": pay_link._pay_page_path("transaction"),
            "landing_route": pay_link._pay_page_path(),
        }

    def _use_customer_language(self, partner):
        """Show the page in the customer's language when Odoo has it, else
        in the browser's."""
        if partner.lang and partner.lang in dict(
            request.env["res.lang"].get_installed()
        ):
            request.update_context(lang=partner.lang)

    @http.route(
        f"{_pay_url}/qr.png", type="http", auth="public", methods=["GET"], sitemap=False
    )
    def pay_page_qr(self, token, **kwargs):
        link = self._find_link(token)
        return self._png(qr_png(link.url), "public, max-age=86400")

    @http.route(
        f"{_pay_url}/epc.png",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def pay_page_epc(self, token, **kwargs):
        """The SEPA transfer QR code (EPC069-12) for the customer's banking app."""
        payload = self._find_link(token)._epc_payload()
        if not payload:
            raise NotFound()
        return self._png(qr_png(payload), "private, max-age=3600")

    def _png(self, content, cache_control):
        return request.make_response(
            content,
            headers=[("Content-Type", "image/png"), ("Cache-Control", cache_control)],
        )

    @http.route(
        f"{_pay_url}/renew", type="http", auth="public", methods=["POST"], sitemap=False
    )
    def pay_page_renew(self, token, **kwargs):
        """The customer asks for a fresh link in place of this dead one."""
        link = self._find_link(token)
        link._expire_if_due()
        if link._can_customer_renew():
            link = link._renew_by_customer()
        return request.redirect(link._pay_page_path())

    @http.route(
        f"{_pay_url}/invoice.pdf",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def pay_page_invoice(self, token, **kwargs):
        link = self._find_link(token)
        attachment = link._invoice_attachments()[:1]
        if not attachment:
            raise NotFound()
        return request.make_response(
            attachment.raw,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Disposition", http.content_disposition(attachment.name)),
            ],
        )

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
        currency, customer; never a validation nor a token. The link's token
        is the credential (no CSRF token: the request changes nothing the
        token's holder could not change from the page).

        :return: a JSON-RPC answer: the attempt's processing values, or an
            error with a translated message only (no server trace)
        """
        link = self._find_link(token)
        call = self._json_rpc_call()
        params = call.get("params") or {}
        try:
            # What the check changes (an abandoned attempt closed, a link the
            # invoice no longer needs) stays, even when the answer is no.
            link._lock_for_payment()
            provider, payment_method = link._offered_payment_option(
                params.get("provider_id"), params.get("payment_method_id")
            )
            with request.env.cr.savepoint():
                tx = link._start_attempt(
                    provider, payment_method, flow=params.get("flow")
                )
                values = tx._get_processing_values()
        except UserError as error:
            return self._json_rpc_answer(call, error=error)
        PaymentPostProcessing.monitor_transaction(tx)
        return self._json_rpc_answer(call, result=values)

    def _json_rpc_call(self):
        try:
            call = request.get_json_data()
        except ValueError as error:
            raise BadRequest() from error
        if not isinstance(call, dict):
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

    def _find_link(self, token):
        """The link of this token; a draft link is not live yet."""
        link = (
            request.env["pay.link"]
            .sudo()
            .search([("token", "=", token), ("state", "!=", "draft")], limit=1)
        )
        if not link or not token:
            raise NotFound()
        return link

    def _pay_page_values(self, link):
        return {
            "link": link,
            "company": link.company_id,
            "res_company": link.company_id,
            "invoice": link.move_id,
            "receipt": link.transaction_ids.filtered(lambda tx: tx.state == "done")[:1],
            "pending": link.transaction_ids.filtered(lambda tx: tx.state == "pending")[
                :1
            ],
        }
