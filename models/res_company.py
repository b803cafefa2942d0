from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


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
        default=True,
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

    pay_link_reminder_days = fields.Char(
        string="Reminder days",
        default="7,15,30",
        help="Days after the first sending when unpaid links sent by email or SMS are "
        "reminded, separated by commas. Leave empty for no reminders.",
    )
    pay_link_reminder_email_template_id = fields.Many2one(
        "mail.template",
        string="Reminder email",
        domain=[("model", "=", "pay.link")],
        default=lambda self: self.env.ref(
            "pay_by_link.mail_template_pay_link_reminder", raise_if_not_found=False
        ),
    )
    pay_link_reminder_sms_template_id = fields.Many2one(
        "sms.template",
        string="Reminder SMS",
        domain=[("model", "=", "pay.link")],
        default=lambda self: self.env.ref(
            "pay_by_link.sms_template_pay_link_reminder", raise_if_not_found=False
        ),
    )
    pay_link_on_pdf = fields.Boolean(
        string="Show the link on invoice PDFs",
        default=True,
        help='Print a "Pay online" button and a QR code of the invoice\'s valid link.',
    )
    pay_link_create_on_pdf = fields.Boolean(
        string="Add a payment link to invoice PDFs",
        help="Issue a link when an eligible invoice without a valid link is printed.",
    )
    pay_link_button_color = fields.Char(string="Button colour", default="#714B67")
    pay_link_customer_renew = fields.Boolean(
        string="Customers renew expired links",
        compute="_compute_pay_link_customer_renew",
        store=True,
        readonly=False,
        help="The pay page of an expired link offers the customer a fresh link; "
        "otherwise it asks them to contact you. On by default when links are "
        "printed on invoice PDFs: a QR code on paper must keep working.",
    )

    def _pay_link_apply_defaults(self):
        """Give these companies the defaults of the relational settings they
        lack (currencies payable by link, email and reminder templates).

        When the addon is installed, the ORM writes the defaults of its new
        Boolean, Integer, Float and Char columns on the existing companies, but
        not the relational ones: their records (the templates) do not exist yet
        when the columns are made, and a Many2many has no column. Called by
        the post_init_hook; companies created later get the field defaults.
        """
        names = [
            name
            for name, field in self._fields.items()
            if name.startswith("pay_link_") and field.relational and field.default
        ]
        defaults = self.browse().default_get(names)
        for company in self:
            missing = {
                name: value for name, value in defaults.items() if not company[name]
            }
            if missing:
                company.write(missing)

    def _pay_link_check_enabled(self):
        """:raise UserError: when payment links are disabled for one of these
        companies"""
        disabled = self.filtered(lambda company: not company.pay_link_enabled)
        if disabled:
            raise UserError(disabled[:1]._pay_link_disabled_message())

    def _pay_link_disabled_message(self):
        return self.env._(
            "Payment links are disabled for %(company)s: turn them on in "
            "Settings → Payment links.",
            company=self.name,
        )

    def _pay_link_can_be_paid(self):
        """Whether a customer of this company could pay a link: a published
        payment provider of the company, or its IBAN for a transfer."""
        self.ensure_one()
        providers = (
            self.env["payment.provider"]
            .sudo()
            .search_count(
                [
                    ("company_id", "=", self.id),
                    ("state", "!=", "disabled"),
                    ("is_published", "=", True),
                ],
                limit=1,
            )
        )
        return bool(providers or self.env["pay.link"]._transfer_bank_account(self))

    @api.depends("pay_link_on_pdf", "pay_link_create_on_pdf")
    def _compute_pay_link_customer_renew(self):
        """Turned on with the link on invoice PDFs; an admin may turn it off."""
        for company in self:
            company.pay_link_customer_renew = (
                company.pay_link_customer_renew
                or company.pay_link_on_pdf
                or company.pay_link_create_on_pdf
            )

    @api.constrains("pay_link_reminder_days")
    def _check_pay_link_reminder_days(self):
        for company in self:
            try:
                company._pay_link_reminder_offsets()
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "Reminder days must be whole numbers of days above zero, "
                        "separated by commas, like 7,15,30."
                    )
                ) from error

    def _pay_link_reminder_offsets(self):
        """The reminder days as sorted unique integers; ValueError if malformed."""
        self.ensure_one()
        parts = (self.pay_link_reminder_days or "").split(",")
        offsets = sorted({int(part) for part in parts if part.strip()})
        if offsets and offsets[0] < 1:
            raise ValueError(offsets[0])
        return offsets

    @api.constrains(
        "pay_link_validity_days", "pay_link_min_amount", "pay_link_max_amount"
    )
    def _check_pay_link_settings(self):
        for company in self:
            if company.pay_link_validity_days < 1:
                raise ValidationError(
                    self.env._("A payment link must stay valid at least one day.")
                )
            if not 0 <= company.pay_link_min_amount <= company.pay_link_max_amount:
                raise ValidationError(
                    self.env._(
                        "The maximum amount of payment links must be above the minimum."
                    )
                )
