import json

from odoo import http
from odoo.http import request

from ..models.const import WEBHOOK_PATH_PREFIX
from .webhook import PayLinkWebhook, body_digest


class PayplugController(PayLinkWebhook):
    _webhook_url = WEBHOOK_PATH_PREFIX + "payplug"

    @http.route(
        _webhook_url,
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def payplug_webhook(self):
        """A Payplug payment changed. Payplug does not sign notifications: the
        payment is read again from its API, the body only names it."""
        raw_body = request.httprequest.get_data()
        notification = _json_object(raw_body)
        tx = self._find_transaction("payplug", notification)
        if not tx:
            return self._answer(404)
        return self._process(tx, body_digest(raw_body), notification)


def _json_object(raw_body):
    try:
        data = json.loads(raw_body)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
