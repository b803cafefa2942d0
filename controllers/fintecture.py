import json
from urllib.parse import parse_qsl

from odoo import http
from odoo.http import request

from ..lib.fintecture.signature import InvalidSignatureError
from ..models.const import RETURN_PATH_PREFIX, WEBHOOK_PATH_PREFIX
from .customer_request import not_found_page
from .webhook import PayLinkWebhook


class FintectureController(PayLinkWebhook):
    _webhook_url = WEBHOOK_PATH_PREFIX + "fintecture"
    # The one redirect_uri registered in the Fintecture console.
    _return_url = RETURN_PATH_PREFIX + "fintecture"

    @http.route(
        _webhook_url,
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def fintecture_webhook(self, **_form):
        """A Fintecture session (a payment or a refund) changed: check the
        signature first, then find the session and read it again from
        Fintecture's API. The body is a form, or JSON when the console is set
        so; both are signed the same way."""
        raw_body = request.httprequest.get_data()
        try:
            provider, proof = (
                request.env["payment.provider"]
                .sudo()
                ._fintecture_verify_webhook(request.httprequest.headers, raw_body)
            )
        except InvalidSignatureError as error:
            return self._refuse_unverified("fintecture", error)
        data = _notification_fields(request.httprequest.mimetype, raw_body)
        tx = self._find_transaction("fintecture", data)
        if not tx or tx.provider_id != provider:
            return self._answer(404)
        return self._process(tx, proof.request_id or proof.digest, data)

    @http.route(_return_url, type="http", auth="public", methods=["GET"], sitemap=False)
    def fintecture_return(self, state=None, session_id=None, **_query):
        """The customer comes back from Fintecture: the attempt is found from
        ``state`` and ``session_id``, read from Fintecture at once, and the
        customer lands on their pay page. Anything else is the pay pages' 404."""
        tx = (
            request.env["payment.transaction"]
            .sudo()
            ._fintecture_find_returning(state, session_id)
        )
        if not tx.pay_link_id:
            raise not_found_page()
        tx._pay_link_sync_on_return()
        return request.redirect(tx.pay_link_id._pay_page_path())


def _notification_fields(mimetype, raw_body):
    """The fields of a webhook body, form-urlencoded or JSON ({} if neither)."""
    if mimetype == "application/json":
        try:
            data = json.loads(raw_body)
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return dict(parse_qsl(raw_body.decode(errors="replace")))
