from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    pay_link_enabled = fields.Boolean(
        related="company_id.pay_link_enabled", readonly=False
    )
    pay_link_ready = fields.Boolean(compute="_compute_pay_link_next_step")
    pay_link_next_step = fields.Char(compute="_compute_pay_link_next_step")
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

    @api.depends("company_id", "pay_link_enabled")
    def _compute_pay_link_next_step(self):
        """What to do once payment links are on: make the company payable,
        else send a first link."""
        for settings in self:
            company = settings.company_id
            settings.pay_link_ready = company._pay_link_can_be_paid()
            if not settings.pay_link_enabled:
                settings.pay_link_next_step = False
            elif settings.pay_link_ready:
                settings.pay_link_next_step = self.env._(
                    "Ready: on a posted customer invoice, click “Send payment link”."
                )
            else:
                settings.pay_link_next_step = self.env._(
                    "Next step: enable and publish a payment provider, or add the "
                    "company's IBAN to its bank accounts for transfers. Until then "
                    "no link can be sent: nothing could pay it."
                )
