from odoo import fields, models

from ..lib.redirect_form import get_form_url


class PaymentTransaction(models.Model):
    """What the pay page keeps of a link's attempt: who started it, and the
    provider's page where the customer can resume it."""

    _inherit = "payment.transaction"

    pay_link_by_customer = fields.Boolean(
        string="Started by the customer",
        compute="_compute_pay_link_by_customer",
        store=True,
        readonly=False,
        help="Started on the pay page; otherwise sent to the customer by a user "
        "(a request to pay).",
    )
    pay_link_resume_url = fields.Char(
        string="Provider page",
        readonly=True,
        help="The provider's payment page of this attempt, where the customer "
        "can come back to finish it.",
    )

    def _compute_pay_link_by_customer(self):
        """For the attempts made before the field (`pay.link._start_attempt`
        sets it): the customer's are created by a public or portal user."""
        for tx in self:
            tx.pay_link_by_customer = bool(tx.pay_link_id and tx.create_uid.share)

    def _pay_link_keep_redirect_form(self, redirect_form_html):
        """Keep the provider page the redirect form of this attempt leads to,
        when a plain link reaches it (a GET form): the browser goes there
        without JavaScript, and the customer can resume the attempt later.

        :param str redirect_form_html: the ``redirect_form_html`` of Odoo's
            processing values, or None (a flow without redirection)
        :return: the page's URL, or None (see `lib.redirect_form.get_form_url`)
        """
        self.ensure_one()
        url = get_form_url(redirect_form_html)
        if url:
            self.pay_link_resume_url = url
        return url
