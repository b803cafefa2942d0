from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

from ..lib.identifiers import (
    InvalidCompanyIdError,
    InvalidPhoneError,
    normalize_phone,
    parse_company_id,
)


class PayLinkSend(models.TransientModel):
    """The recipient in the send form: the phone in international form and
    whether it can receive SMS, the company identifier recognised, and what
    each channel needs."""

    _inherit = "pay.link.send"

    recipient_name = fields.Char(string="Name")
    recipient_email = fields.Char(string="Email")
    recipient_phone = fields.Char(string="Phone")
    phone_e164 = fields.Char(compute="_compute_phone")
    phone_can_receive_sms = fields.Boolean(compute="_compute_phone")
    phone_warning = fields.Char(compute="_compute_phone")
    company_identifier = fields.Char(string="SIREN / SIRET / VAT")
    company_identifier_kind = fields.Selection(
        [
            ("siren", "SIREN"),
            ("siret", "SIRET"),
            ("vat", "VAT"),
            ("invalid", "invalid"),
        ],
        compute="_compute_company_identifier_kind",
    )

    @api.depends("recipient_phone", "move_id", "channel")
    def _compute_phone(self):
        for wizard in self:
            wizard.phone_e164 = wizard.phone_warning = False
            wizard.phone_can_receive_sms = False
            if not wizard.recipient_phone:
                continue
            region = wizard._phone_region()
            try:
                phone = normalize_phone(wizard.recipient_phone, region)
            except InvalidPhoneError:
                wizard.phone_warning = self.env._("This phone number is not valid.")
                continue
            wizard.phone_e164 = phone.e164
            wizard.phone_can_receive_sms = phone.can_receive_sms
            if wizard.channel == "sms" and not phone.can_receive_sms:
                wizard.phone_warning = self._landline_message(phone.e164)
            elif phone.region_assumed:
                wizard.phone_warning = self.env._(
                    "No country prefix: %(region)s was assumed (%(number)s).",
                    region=region,
                    number=phone.e164,
                )

    def _landline_message(self, number):
        return self.env._(
            "%(number)s cannot receive SMS (a landline): enter a mobile number "
            "or choose another channel.",
            number=number,
        )

    def _phone_region(self):
        partner_country = (self.move_id.partner_id or self.partner_id).country_id
        return (partner_country or self.company_id.country_id).code or "FR"

    @api.depends("company_identifier")
    def _compute_company_identifier_kind(self):
        for wizard in self:
            try:
                kind = parse_company_id(wizard.company_identifier).kind
            except InvalidCompanyIdError:
                kind = "invalid"
            wizard.company_identifier_kind = wizard.company_identifier and kind

    def _check_recipient(self):
        if self.channel == "sms" and not self.phone_e164:
            raise UserError(
                self.env._("Enter a valid mobile number to send the link by SMS.")
            )
        if self.channel == "sms" and not self.phone_can_receive_sms:
            raise UserError(self._landline_message(self.phone_e164))
        if self.channel in ("email", "request_to_pay") and not self.recipient_email:
            raise UserError(
                self.env._("Enter an email address to send the link by email.")
            )
        if self.recipient_email and not email_normalize(
            self.recipient_email, strict=True
        ):
            raise UserError(
                self.env._(
                    "%(email)s is not a valid email address.",
                    email=self.recipient_email,
                )
            )
        if self.company_identifier_kind == "invalid":
            raise UserError(
                self.env._(
                    "%(number)s is not a valid SIREN, SIRET or EU VAT number.",
                    number=self.company_identifier,
                )
            )

    def _recipient_values(self):
        """The link's recipient fields; an identifier not recognised (yet,
        while the user types it) is kept as typed, `_check_recipient`
        refuses it."""
        try:
            identifier = parse_company_id(self.company_identifier).value
        except InvalidCompanyIdError:
            identifier = self.company_identifier
        return {
            "channel": self.channel,
            "recipient_name": self.recipient_name,
            "recipient_email": self.recipient_email,
            "recipient_phone": self.phone_e164,
            "customer_type": self.customer_type,
            "company_identifier": identifier,
        }
