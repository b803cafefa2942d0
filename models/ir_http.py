from odoo import models
from odoo.http import request

from ..controllers.webhooks import PayLinkWebhooks


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        # Keep the raw body of provider webhooks: their signatures cover its exact
        # bytes, and parsing the form would otherwise consume it.
        if rule.rule.startswith(PayLinkWebhooks._webhook_url_prefix):
            request.httprequest.get_data()
        return super()._pre_dispatch(rule, args)
