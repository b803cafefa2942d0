from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request


class PayCounter(http.Controller):
    """The QR code a user shows the customer in person, and its live status."""

    _counter_url = "/pay/<string:token>/counter"
    _status_url = "/pay/<string:token>/status"

    @http.route(_counter_url, type="http", auth="user", methods=["GET"], sitemap=False)
    def pay_counter(self, token, **kwargs):
        link = self._find_user_link(token)
        return request.render("pay_by_link.pay_counter_page", {"link": link})

    @http.route(_status_url, type="http", auth="user", methods=["GET"], sitemap=False)
    def pay_counter_status(self, token, **kwargs):
        link = self._find_user_link(token)
        link._expire_if_due()
        link._follow_amount_due()
        return request.make_json_response(link._counter_status())

    def _find_user_link(self, token):
        """The link, if the user may read it (access rights and company rules)."""
        link = request.env["pay.link"].search([("token", "=", token)], limit=1)
        if not link:
            raise NotFound()
        return link
