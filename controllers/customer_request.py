"""What every request of a customer's pay pages starts with: the link of the
token in the URL, the customer's language and timezone, and the headers of a
private page."""

import re

import pytz
from werkzeug.exceptions import NotFound

from odoo.http import request

from ..models.const import TOKEN_PATTERN

# The customer's choice of language on the pay pages (see `customer_context`).
LANG_COOKIE = "pay_link_lang"
# The browser's timezone, as Odoo's frontend and the pay page's script set it.
TZ_COOKIE = "tz"


def find_link(token):
    """The link of this token (pay.link, sudo); a draft link is not live yet.

    :raise NotFound: for a token of another shape (before any query) or of
        no live link
    """
    if not re.fullmatch(TOKEN_PATTERN, token or ""):
        raise NotFound()
    link = (
        request.env["pay.link"]
        .sudo()
        .search([("token", "=", token), ("state", "!=", "draft")], limit=1)
    )
    if not link:
        raise NotFound()
    return link


def customer_context(link):
    """Show the page in the language the customer chose on the pages, else
    theirs, else their browser's (among the installed ones), and moments in
    their browser's timezone (see `pay.link._customer_tz`).

    :return: ``link`` in that context
    """
    installed = [code for code, _name in request.env["res.lang"].get_installed()]
    browser = request.best_lang or ""
    wished = [
        request.cookies.get(LANG_COOKIE),
        link.partner_id.lang,
        browser,
        next((code for code in installed if code[:2] == browser[:2]), None),
    ]
    context = {"lang": next((code for code in wished if code in installed), None)}
    tz = request.cookies.get(TZ_COOKIE)
    if tz in pytz.all_timezones_set:
        context["tz"] = tz
    context = {key: value for key, value in context.items() if value}
    request.update_context(**context)
    return link.with_context(**context)


# Every answer about a link is private to whoever holds its token: never
# stored by a shared cache or the browser (back from a provider, the browser
# asks again), never shown inside another site's frame.
PRIVATE_PAGE_HEADERS = {
    "Cache-Control": "private, no-store",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def private_page():
    """Give the answer being made the headers of a private page."""
    request.future_response.headers.update(PRIVATE_PAGE_HEADERS)
