import re

from stdnum import iban as stdnum_iban

from odoo import api, fields, models
from odoo.tools import escape_psql


class PayLinkInvoiceReader(models.TransientModel):
    """What the printer's reading matches in Odoo: the customer (and whether
    a same-name customer is really the same one), the posted invoice with
    the same reference, and our own company as the invoice's issuer."""

    _inherit = "pay.link.invoice.reader"

    partner_id = fields.Many2one(
        "res.partner",
        string="Odoo customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
    )
    partner_candidate_id = fields.Many2one(
        "res.partner",
        string="Customer with the same name",
        compute="_compute_partner_id",
        store=True,
        help="A customer of the same name whose email or identifiers differ from "
        "the invoice's: maybe another person.",
    )
    create_partner = fields.Boolean(
        string="Create this customer",
        compute="_compute_create_partner",
        store=True,
        readonly=False,
        help="Create the customer with the details read, when the link is sent.",
    )
    partner_lang = fields.Selection(
        selection=lambda self: self.env["res.lang"].get_installed(),
        string="Customer language",
        compute="_compute_partner_lang",
        store=True,
        readonly=False,
        help="The language of the customer created: the invoice's.",
    )
    partner_country_id = fields.Many2one(
        "res.country",
        string="Customer country",
        compute="_compute_partner_lang",
        store=True,
        readonly=False,
    )
    move_id = fields.Many2one(
        "account.move",
        string="Odoo invoice",
        compute="_compute_move_id",
        help="A posted invoice of this customer with the same reference: "
        "the link is attached to it.",
    )
    issuer_mismatch = fields.Char(
        compute="_compute_issuer_mismatch",
        help="The issuer's identifiers read that are not our company's.",
    )
    issuer_confirmed = fields.Boolean(
        string="This invoice is ours",
        help="Send a link although the issuer's identifiers are not our company's.",
    )

    # --- the customer --------------------------------------------------------------

    @api.depends("vat", "company_registry", "email", "customer_name")
    def _compute_partner_id(self):
        for reader in self:
            partner, by_name = reader._matching_partner()
            conflict = by_name and reader._conflicts_with(partner)
            reader.partner_id = partner if not conflict else False
            reader.partner_candidate_id = partner if conflict else False

    def _matching_partner(self):
        """(customer with the same VAT or registry number, else email, else
        name; whether it was found by its name only)."""
        partners = self.env["res.partner"]
        scope = [("company_id", "in", [False, self.company_id.id])]
        domains = self._partner_domains()
        for position, domain in enumerate(domains):
            partner = partners.search(scope + domain, limit=1)
            if partner:
                return partner, position == len(domains) - 1 and self.customer_name
        return partners, False

    def _partner_domains(self):
        registries = {self.company_registry, (self.company_registry or "")[:9]}
        candidates = [
            (self.vat, [("vat", "=ilike", escape_psql(self.vat or ""))]),
            (self.company_registry, [("company_registry", "in", list(registries))]),
            (self.email, [("email", "=ilike", escape_psql(self.email or ""))]),
            (
                self.customer_name,
                [("name", "=ilike", escape_psql(self.customer_name or ""))],
            ),
        ]
        return [domain for value, domain in candidates if value]

    def _conflicts_with(self, partner):
        """A customer found by name whose email or identifiers are others than
        the invoice's."""
        pairs = (
            (self.email, partner.email),
            (self.vat, partner.vat),
            (self.company_registry, partner.company_registry),
        )
        return any(
            read and known and _compact(read) != _compact(known)
            for read, known in pairs
        )

    @api.depends("partner_id", "partner_candidate_id")
    def _compute_create_partner(self):
        for reader in self:
            # a same-name customer: the user says whether it is the same one
            reader.create_partner = not (
                reader.partner_id or reader.partner_candidate_id
            )

    @api.depends("document_language", "customer_country_code")
    def _compute_partner_lang(self):
        for reader in self:
            country = self.env["res.country"].search(
                [("code", "=", reader.customer_country_code or "")], limit=1
            )
            reader.partner_country_id = country
            reader.partner_lang = reader._installed_lang(
                reader.document_language, country.code
            )

    def _installed_lang(self, language, country_code):
        """The installed language of that ISO 639-1 code, the country's
        variant first (fr_BE for Belgium), else False."""
        if not language:
            return False
        codes = [code for code, _name in self.env["res.lang"].get_installed()]
        matching = [code for code in codes if code.split("_")[0] == language]
        preferred = f"{language}_{country_code}" if country_code else None
        if preferred in matching:
            return preferred
        return next(iter(sorted(matching)), False)

    # --- the invoice ---------------------------------------------------------------

    @api.depends("partner_id", "reference")
    def _compute_move_id(self):
        for reader in self:
            reader.move_id = reader._matching_invoice()

    def _matching_invoice(self):
        """The posted invoice of the customer with the same reference, if any."""
        if not (self.partner_id and self.reference):
            return self.env["account.move"]
        return self.env["account.move"].search(
            [
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("company_id", "=", self.company_id.id),
                (
                    "commercial_partner_id",
                    "=",
                    self.partner_id.commercial_partner_id.id,
                ),
                "|",
                "|",
                ("name", "=", self.reference),
                ("ref", "=", self.reference),
                ("payment_reference", "=", self.reference),
            ],
            order="id desc",
            limit=1,
        )

    # --- the issuer ----------------------------------------------------------------

    @api.depends("issuer_vat", "issuer_registry", "issuer_iban", "company_id")
    def _compute_issuer_mismatch(self):
        for reader in self:
            reader.issuer_mismatch = ", ".join(reader._foreign_issuer_ids())

    def _foreign_issuer_ids(self):
        """The issuer's identifiers read that our company, which has one of
        that kind, does not have: the invoice is someone else's (a vendor
        bill uploaded by mistake)."""
        partner = self.company_id.partner_id
        registries = {partner.company_registry}
        if "siret" in partner._fields:  # l10n_fr
            registries.add(partner.siret)
        ours = {
            "vat": {partner.vat},
            "registry": registries,
            "iban": set(partner.bank_ids.mapped("acc_number")),
        }
        read = {
            "vat": self.issuer_vat,
            "registry": self.issuer_registry,
            "iban": self.issuer_iban,
        }
        foreign = []
        for kind, value in read.items():
            known = {_compact(number) for number in ours[kind] if number}
            if value and known and not _matches(kind, _compact(value), known):
                foreign.append(value)
        return foreign


def _compact(value):
    return re.sub(r"[\s.\-]", "", value or "").upper()


def _matches(kind, value, known):
    if kind == "registry":  # a SIRET is its SIREN and an establishment number
        return any(value[:9] == number[:9] for number in known)
    if kind == "iban":
        return stdnum_iban.compact(value) in known
    return value in known
