from odoo import api, models
from odoo.tools import SQL

from .const import CACHED_PAGE_STATES

FINGERPRINT_QUERY = """
SELECT link.expiry_date, md5(concat_ws('|',
    -- The rows of this link: whole (a column changed) and their version
    -- (xmin: a many2many changed, the row rewritten).
    link::text || link.xmin,
    move::text || move.xmin,
    company::text || company.xmin,
    customer::text || customer.xmin,
    company_partner::text || company_partner.xmin,
    currency::text || currency.xmin,
    (SELECT string_agg(tx::text || tx.xmin, ',' ORDER BY tx.id)
       FROM payment_transaction tx WHERE tx.pay_link_id = link.id),
    (SELECT string_agg(
                account::text || account.xmin || coalesce(bank.xmin::text, ''),
                ',' ORDER BY account.id)
       FROM res_partner_bank account
       LEFT JOIN res_bank bank ON bank.id = account.bank_id
      WHERE account.partner_id = company.partner_id
         OR account.id = move.partner_bank_id),
    -- Rows shared by every link: their versions.
    (SELECT string_agg(provider.id || ':' || provider.xmin, ','
                       ORDER BY provider.id)
       FROM payment_provider provider),
    (SELECT string_agg(method.id || ':' || method.xmin, ',' ORDER BY method.id)
       FROM payment_method method),
    (SELECT string_agg(lang.id || ':' || lang.xmin, ',' ORDER BY lang.id)
       FROM res_lang lang WHERE lang.active),
    (SELECT string_agg(param.id || ':' || param.xmin, ',' ORDER BY param.id)
       FROM ir_config_parameter param
      WHERE param.key LIKE %(settings)s OR param.key = 'web.base.url')
))
FROM pay_link link
JOIN res_company company ON company.id = link.company_id
JOIN res_partner customer ON customer.id = link.partner_id
JOIN res_partner company_partner ON company_partner.id = company.partner_id
JOIN res_currency currency ON currency.id = link.currency_id
LEFT JOIN account_move move ON move.id = link.move_id
WHERE link.token = %(token)s
  AND link.state = ANY (%(states)s)
  AND NOT EXISTS (
      SELECT 1 FROM payment_transaction tx
       WHERE tx.pay_link_id = link.id AND tx.state IN ('draft', 'pending')
  )
"""


class PayLink(models.Model):
    """What the pay page of a link shows, as one digest: the pay page cache
    (controllers/pay_page_cache.py) serves a kept page only while it is the
    same."""

    _inherit = "pay.link"

    @api.model
    def _pay_page_fingerprint(self, token):
        """A digest of every row the pay page of the link ``token`` shows:
        the link, its attempts, invoice, customer, company, currency and bank
        accounts, whole and with their version (PostgreSQL's ``xmin``, new
        for each transaction that writes the row); and the versions of the
        payment providers and methods (a change of their countries or
        currencies rewrites them), of the active languages and of the
        addon's settings.

        :param str token: the link's token
        :return: (expiry_date: datetime or None, digest: str), or None when
            the link's page is not one to keep (see `CACHED_PAGE_STATES`:
            also not while an attempt is draft or pending)
        """
        self.env.cr.execute(
            SQL(
                FINGERPRINT_QUERY,
                token=token,
                states=list(CACHED_PAGE_STATES),
                settings="pay\\_by\\_link.%",
            )
        )
        return self.env.cr.fetchone()
