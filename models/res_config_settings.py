from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    pay_link_enabled = fields.Boolean(related="company_id.pay_link_enabled", readonly=False)
    pay_link_validity_days = fields.Integer(
        related="company_id.pay_link_validity_days", readonly=False
    )
    pay_link_currency_ids = fields.Many2many(
        related="company_id.pay_link_currency_ids", readonly=False
    )
    pay_link_min_amount = fields.Float(related="company_id.pay_link_min_amount", readonly=False)
    pay_link_max_amount = fields.Float(related="company_id.pay_link_max_amount", readonly=False)
    pay_link_allow_partial = fields.Boolean(
        related="company_id.pay_link_allow_partial", readonly=False
    )
    pay_link_confirmation_email = fields.Boolean(
        related="company_id.pay_link_confirmation_email", readonly=False
    )
    pay_link_provider_ids = fields.Many2many(
        related="company_id.pay_link_provider_ids", readonly=False
    )
    pay_link_email_template_id = fields.Many2one(
        related="company_id.pay_link_email_template_id", readonly=False
    )
