"""The pay page kept as rendered, for the customer who opens the same link
again (a reload, the SMS opened twice, the link shared with whoever pays):
served again, without rendering, while nothing the page shows has changed.

Only the page of a link waiting for its payment is kept (opened or
interrupted, not expired, no attempt under way), as seen by a visitor who is
not logged in; never a page with Odoo's payment form or a message. The first
visit is always rendered (it marks the link opened), then kept. A kept page
is checked against the database on every request (see
`pay.link._pay_page_fingerprint`), and is at most `MAX_AGE` seconds old, for
what the page shows that no row of its fingerprint holds (another addon's
rules, the day's currency rates). Starting a payment never trusts the page:
its routes check the link and the method again.
"""

import hashlib
import time

from odoo import fields
from odoo.http import request
from odoo.tools.lru import LRU

from ..models.const import CACHED_PAGE_STATES
from .customer_request import LANG_COOKIE, PRIVATE_PAGE_HEADERS, TZ_COOKIE

# Seconds a kept page is served at most.
MAX_AGE = 60
# Pages kept by each Odoo process (about 12 KB each).
SIZE = 512

_pages = LRU(SIZE)


def cached_page(token):
    """The kept pay page of ``token`` when it is still what the page would
    show now, else None.

    :param str token: the link's token, as in the URL
    :return: odoo.http.Response (200, the page's HTML), or None
    """
    if not _may_cache():
        return None
    kept = _pages.get(_key(token))
    if not kept or time.time() > kept["until"]:
        return None
    if _fingerprint(token) != kept["fingerprint"]:
        return None
    return request.make_response(kept["body"], headers=kept["headers"])


def keep_page(link, response):
    """Keep ``response``, the pay page of ``link`` just rendered in this
    request, when it is a page to keep (see the module's docstring).

    :param pay.link link: the link whose page it is
    :param odoo.http.Response response: rendered now or lazily by Odoo
    """
    if not (
        link.state in CACHED_PAGE_STATES
        and _may_cache()
        and response.status_code == 200
    ):
        return
    token = link.token
    response.flatten()
    request.env.flush_all()
    fingerprint = _fingerprint(token)
    if fingerprint is None:
        return
    _pages[_key(token)] = {
        "fingerprint": fingerprint,
        "until": time.time() + MAX_AGE,
        "body": response.get_data(),
        "headers": [
            ("Content-Type", response.headers["Content-Type"]),
            *PRIVATE_PAGE_HEADERS.items(),
        ],
    }


def _may_cache():
    """Only for a visitor not logged in, out of Odoo's debug mode."""
    return not (request.session.uid or request.session.debug)


def _key(token):
    """What the page depends on besides the database: the link, what the
    browser sends (language, timezone, host), and this Odoo's templates and
    assets (its registry and caches, reset when they change); as a digest,
    whatever the size of the headers.

    :return: str (SHA-256, hexadecimal)
    """
    registry = request.env.registry
    httprequest = request.httprequest
    parts = (
        request.db,
        registry.registry_sequence,
        tuple(sorted(registry.cache_sequences.items())),
        token,
        request.cookies.get(LANG_COOKIE),
        request.cookies.get(TZ_COOKIE),
        httprequest.headers.get("Accept-Language"),
        httprequest.host_url,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _fingerprint(token):
    """The digest of what the page of ``token`` shows (see
    `pay.link._pay_page_fingerprint`), or None when the page is not one to
    keep or the link's validity has passed."""
    found = request.env["pay.link"]._pay_page_fingerprint(token)
    if not found:
        return None
    expiry_date, fingerprint = found
    if expiry_date and expiry_date <= fields.Datetime.now():
        return None
    return fingerprint
