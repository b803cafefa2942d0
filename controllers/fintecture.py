from odoo import http
from odoo.http import request

from ..lib.fintecture.signature import InvalidSignatureError
from ..models.const import WEBHOOK_PATH_PREFIX
from .webhook import PayLinkWebhook


class FintectureController(PayLinkWebhook):
    _webhook_url = WEBHOOK_PATH_PREFIX + "fintecture"

    @http.route(
        _webhook_url,
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def fintecture_webhook(self, **data):
        """A Fintecture session changed: check its signature, then read it
        again from Fintecture's API."""
        tx = self._find_transaction("fintecture", data)
        if not tx:
            return self._answer(404)
        try:
            proof = tx.provider_id._fintecture_verify_webhook(
                request.httprequest.headers, request.httprequest.get_data()
            )
        except InvalidSignatureError as error:
            return self._refuse(tx, error)
        return self._process(tx, proof.request_id or proof.digest, data)
