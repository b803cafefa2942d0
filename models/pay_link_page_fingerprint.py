from odoo import api, models
from odoo.tools import SQL

from .const import CACHED_PAGE_STATES

# Scalar subqueries rather than joins: PostgreSQL plans them faster, and the
# query runs on every visit of a kept page.
FINGERPRINT_QUERY = """
SELECT link.expiry_date, md5(concat_ws('|',
    -- The link, its attempts and invoice: whole (a column changed, even
    -- within one transaction) and their version (xmin: the row rewritten).
    link::text || link.xmin,
    (SELECT move::text || move.xmin FROM account_move move
      WHERE move.id = link.move_id),
    (SELECT string_agg(tx::text || tx.xmin, ',' ORDER BY tx.id)
       FROM payment_transaction tx WHERE tx.pay_link_id = link.id),
    -- The other rows: their versions only (a company row holds its logo,
    -- too big to read on every visit).
    (SELECT company.xmin FROM res_company company
      WHERE company.id = link.company_id),
    (SELECT string_agg(partner.id || ':' || partner.xmin, ',' ORDER BY partner.id)
       FROM res_partner partner
      WHERE partner.id = link.partner_id
         OR partner.id = (SELECT partner_id FROM res_company
                           WHERE id = link.company_id)),
    (SELECT currency.xmin FROM res_currency currency
      WHERE currency.id = link.currency_id),
    (SELECT string_agg(account.id || ':' || account.xmin || ':'
                       || coalesce(bank.xmin::text, ''), ',' ORDER BY account.id)
       FROM res_partner_bank account
       LEFT JOIN res_bank bank ON bank.id = account.bank_id
      WHERE account.partner_id = (SELECT partner_id FROM res_company
                                   WHERE id = link.company_id)
         OR account.id = (SELECT partner_bank_id FROM account_move
                           WHERE id = link.move_id)),
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
        """A digest of every row the pay page of the link ``token`` shows,
        by their versions (PostgreSQL's ``xmin``: new for each transaction
        that writes the row, and Odoo rewrites a record's row for any change,
        of its many2many lists too): the link, its attempts and invoice
        (also whole), the customer, company, currency and bank accounts, the
        payment providers and methods, the active languages and the addon's
        settings.

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
