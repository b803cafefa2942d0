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
# How paying by link works (served by pay_page_documents.py).
HELP_URL = "/pay/help"


def find_link(token):
    """The link of this token (pay.link, sudo); a draft link is not live yet.

    :raise NotFound: with `not_found_page`, for a token of another shape
        (before looking it up) or of no live link
    """
    link = live_link(token)
    if not link:
        raise not_found_page()
    return link


def live_link(token):
    """The live link of this token (pay.link, sudo), else an empty one;
    a token of another shape is not looked up."""
    links = request.env["pay.link"].sudo()
    if not re.fullmatch(TOKEN_PATTERN, token or ""):
        return links
    return links.search([("token", "=", token), ("state", "!=", "draft")], limit=1)


def not_found_page():
    """What a customer gets for an address of the pay pages that leads to
    nothing (a wrong token, a withdrawn document): a light page naming no
    company, in their language (see `customer_lang`), with a 404 status.

    :return: NotFound holding that page, to raise
    """
    lang = customer_lang()
    if lang:
        request.update_context(lang=lang)
    page = request.render(
        "pay_by_link.pay_not_found_page",
        {"help_url": HELP_URL},
        lazy=False,
    )
    response = request.make_response(
        page,
        headers=[
            ("Content-Type", "text/html; charset=utf-8"),
            *PRIVATE_PAGE_HEADERS.items(),
        ],
        status=404,
    )
    return NotFound(response=response)


def customer_lang(link=None):
    """The language of the customer's pages: the one they chose on the pages
    (a cookie), else the one of ``link``'s customer, else their browser's
    (among the installed ones); None when none is installed."""
    installed = [code for code, _name in request.env["res.lang"].get_installed()]
    browser = request.best_lang or ""
    wished = [
        request.cookies.get(LANG_COOKIE),
        link.partner_id.lang if link else None,
        browser,
        next((code for code in installed if code[:2] == browser[:2]), None),
    ]
    return next((code for code in wished if code in installed), None)


def customer_context(link):
    """Show the page in the customer's language (see `customer_lang`), and
    moments in their browser's timezone (see `pay.link._customer_tz`).

    :return: ``link`` in that context
    """
    context = {"lang": customer_lang(link)}
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
