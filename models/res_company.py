from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    pay_link_enabled = fields.Boolean(string="Payment links", default=True)
    pay_link_validity_days = fields.Integer(string="Link validity (days)", default=7)
    pay_link_currency_ids = fields.Many2many(
        "res.currency",
        "res_company_pay_link_currency_rel",
        string="Currencies payable by link",
        default=lambda self: self.env.ref("base.EUR", raise_if_not_found=False),
    )
    pay_link_min_amount = fields.Float(string="Minimum amount", default=1.0)
    pay_link_max_amount = fields.Float(string="Maximum amount", default=20000.0)
    pay_link_allow_partial = fields.Boolean(string="Partial payments by link")
    pay_link_confirmation_email = fields.Boolean(
        string="Payment confirmation email",
        help="Email the customer a confirmation once the link is paid.",
    )
    pay_link_provider_ids = fields.Many2many(
        "payment.provider",
        "res_company_pay_link_provider_rel",
        string="Providers on the pay page",
        help="Leave empty to offer every enabled provider that accepts the amount.",
    )
    pay_link_email_template_id = fields.Many2one(
        "mail.template",
        string="Payment link email",
        domain=[("model", "=", "account.move")],
        default=lambda self: self.env.ref(
            "pay_by_link.mail_template_pay_link", raise_if_not_found=False
        ),
    )

    @api.constrains("pay_link_validity_days", "pay_link_min_amount", "pay_link_max_amount")
    def _check_pay_link_settings(self):
        for company in self:
            if company.pay_link_validity_days < 1:
                raise ValidationError(
                    self.env._("A payment link must stay valid at least one day.")
                )
            if not 0 <= company.pay_link_min_amount <= company.pay_link_max_amount:
                raise ValidationError(
                    self.env._(
                        "The maximum amount for payment links must be above the minimum."
                    )
                )
