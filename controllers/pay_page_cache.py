"""The pay page kept as rendered, for the customer who opens the same link
again (a reload, the SMS opened twice, the link shared with whoever pays):
served again, without rendering, while nothing the page shows has changed.

Only the page of a link waiting for its payment is kept (opened or
interrupted, not expired, no attempt under way), as seen by a visitor who is
not logged in; never the first visit (it marks the link opened) nor a page
with Odoo's payment form or a message. A kept page is checked against the
database on every request (see `_fingerprint`), and is at most `MAX_AGE`
seconds old, for what the page shows that no row of its fingerprint holds
(another addon's rules, the day's currency rates). Starting a payment never
trusts the page: its routes check the link and the method again.
"""

import time

from odoo import fields
from odoo.http import request
from odoo.tools import SQL
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


def keep_page(token, response):
    """Keep ``response``, the pay page just rendered for ``token`` in this
    request, when it is a page to keep (see the module's docstring).

    :param str token: the link's token, as in the URL
    :param odoo.http.Response response: rendered now or lazily by Odoo
    """
    if not (_may_cache() and response.status_code == 200):
        return
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
    assets (its registry and caches, reset when they change)."""
    registry = request.env.registry
    httprequest = request.httprequest
    return (
        request.db,
        registry.registry_sequence,
        tuple(sorted(registry.cache_sequences.items())),
        token,
        request.cookies.get(LANG_COOKIE),
        request.cookies.get(TZ_COOKIE),
        httprequest.headers.get("Accept-Language"),
        httprequest.host_url,
    )


def _fingerprint(token):
    """A digest of every row the pay page of ``token`` shows: the link, its
    attempts, invoice, customer, company and bank accounts, the providers and
    payment methods (with their many2many lists), the active languages and
    the addon's settings. Whole rows, so that any change of a column (and of
    its write date) changes the digest.

    :return: str, or None when the link's page is not one to keep (see
        `CACHED_PAGE_STATES`), or its validity has passed
    """
    env = request.env
    env.cr.execute(_fingerprint_query(env, token))
    row = env.cr.fetchone()
    if not row:
        return None
    expiry_date, fingerprint = row
    if expiry_date and expiry_date <= fields.Datetime.now():
        return None
    return fingerprint


def _fingerprint_query(env, token):
    providers = env["payment.provider"]
    methods = env["payment.method"]
    provider_methods = providers._fields["payment_method_ids"]
    return SQL(
        """
        WITH live_provider AS (
            SELECT id FROM payment_provider WHERE state != 'disabled'
        ), live_method AS (
            SELECT %(method_column)s AS id FROM %(method_relation)s
            WHERE %(provider_column)s IN (SELECT id FROM live_provider)
        )
        SELECT link.expiry_date, md5(concat_ws('|',
            link::text,
            company::text,
            (SELECT string_agg(tx::text, ',' ORDER BY tx.id)
               FROM payment_transaction tx WHERE tx.pay_link_id = link.id),
            (SELECT move::text FROM account_move move WHERE move.id = link.move_id),
            (SELECT string_agg(partner::text, ',' ORDER BY partner.id)
               FROM res_partner partner
              WHERE partner.id IN (link.partner_id, company.partner_id)),
            (SELECT string_agg(account::text || coalesce(bank::text, ''), ','
                               ORDER BY account.id)
               FROM res_partner_bank account
               LEFT JOIN res_bank bank ON bank.id = account.bank_id
              WHERE account.partner_id = company.partner_id
                 OR account.id = (SELECT partner_bank_id FROM account_move
                                   WHERE id = link.move_id)),
            (SELECT currency::text FROM res_currency currency
              WHERE currency.id = link.currency_id),
            (SELECT string_agg(provider::text, ',' ORDER BY provider.id)
               FROM payment_provider provider),
            (SELECT string_agg(method::text, ',' ORDER BY method.id)
               FROM payment_method method
              WHERE method.id IN (SELECT id FROM live_method)
                 OR method.primary_payment_method_id IN (SELECT id FROM live_method)),
            %(relations)s,
            (SELECT string_agg(lang::text, ',' ORDER BY lang.id)
               FROM res_lang lang WHERE lang.active),
            (SELECT string_agg(param::text, ',' ORDER BY param.id)
               FROM ir_config_parameter param
              WHERE param.key LIKE %(settings)s OR param.key = 'web.base.url')
        ))
        FROM pay_link link
        JOIN res_company company ON company.id = link.company_id
        WHERE link.token = %(token)s
          AND link.state IN %(states)s
          AND NOT EXISTS (
              SELECT 1 FROM payment_transaction tx
               WHERE tx.pay_link_id = link.id AND tx.state IN ('draft', 'pending')
          )
        """,
        method_relation=SQL.identifier(provider_methods.relation),
        provider_column=SQL.identifier(provider_methods.column1),
        method_column=SQL.identifier(provider_methods.column2),
        relations=SQL(",").join(
            [
                *_relation_rows(providers, SQL("IN (SELECT id FROM live_provider)")),
                *_relation_rows(methods, SQL("IN (SELECT id FROM live_method)")),
                *_relation_rows(
                    env["res.company"], SQL("= company.id"), ["pay_link_provider_ids"]
                ),
            ]
        ),
        settings="pay\\_by\\_link.%",
        token=token,
        states=CACHED_PAGE_STATES,
    )


def _relation_rows(model, owner_condition, field_names=None):
    """The rows of ``model``'s stored many2many fields (all, or those named)
    whose owner's id meets ``owner_condition`` (SQL), one text per field."""
    fields_ = [
        field
        for name, field in model._fields.items()
        if field.type == "many2many"
        and field.store
        and (field_names is None or name in field_names)
    ]
    return [
        SQL(
            "(SELECT string_agg(rel::text, ',' ORDER BY rel::text) FROM %s rel"
            " WHERE %s %s)",
            SQL.identifier(field.relation),
            SQL.identifier(field.column1),
            owner_condition,
        )
        for field in fields_
    ]
