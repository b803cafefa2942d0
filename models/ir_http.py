from odoo import models
from odoo.http import request

from .const import WEBHOOK_PATH_PREFIX


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        """Override of `base` to keep the raw body of provider webhooks: their
        signatures cover its exact bytes, and parsing the form would otherwise
        consume it."""
        if rule.rule.startswith(WEBHOOK_PATH_PREFIX):
            request.httprequest.get_data()
        return super()._pre_dispatch(rule, args)
