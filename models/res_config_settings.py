from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    pay_link_enabled = fields.Boolean(
        related="company_id.pay_link_enabled", readonly=False
    )
    pay_link_validity_days = fields.Integer(
        related="company_id.pay_link_validity_days", readonly=False
    )
    pay_link_currency_ids = fields.Many2many(
        related="company_id.pay_link_currency_ids", readonly=False
    )
    pay_link_min_amount = fields.Float(
        related="company_id.pay_link_min_amount", readonly=False
    )
    pay_link_max_amount = fields.Float(
        related="company_id.pay_link_max_amount", readonly=False
    )
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
    pay_link_reminder_days = fields.Char(
        related="company_id.pay_link_reminder_days", readonly=False
    )
    pay_link_reminder_email_template_id = fields.Many2one(
        related="company_id.pay_link_reminder_email_template_id", readonly=False
    )
    pay_link_reminder_sms_template_id = fields.Many2one(
        related="company_id.pay_link_reminder_sms_template_id", readonly=False
    )
    pay_link_on_pdf = fields.Boolean(
        related="company_id.pay_link_on_pdf", readonly=False
    )
    pay_link_create_on_pdf = fields.Boolean(
        related="company_id.pay_link_create_on_pdf", readonly=False
    )
    pay_link_button_color = fields.Char(
        related="company_id.pay_link_button_color", readonly=False
    )
    pay_link_customer_renew = fields.Boolean(
        related="company_id.pay_link_customer_renew", readonly=False
    )
