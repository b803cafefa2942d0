from odoo import api, models


class MailRenderMixin(models.AbstractModel):
    """The language of a payment link's messages: Odoo renders a template in
    the language its ``lang`` field gives (the customer's) and fails with
    "Invalid language code" when that language is not installed (a customer
    imported with it, or whose language was removed since). The messages of
    payment links then fall back to the company's language, then English."""

    _inherit = "mail.render.mixin"

    def _render_lang(self, res_ids, engine="inline_template"):
        """Override of `mail`: for a template of payment links (rendered on a
        pay.link, or in a context given by the link, see
        `pay.link._messages`), an installed language for each record."""
        langs = super()._render_lang(res_ids, engine=engine)
        if not (
            self.render_model == "pay.link" or self.env.context.get("pay_link_message")
        ):
            return langs
        records = self.env[self.render_model].browse(res_ids)
        companies = {
            record.id: record.company_id
            for record in records
            if "company_id" in record._fields
        }
        return {
            res_id: self._pay_link_installed_lang(
                lang, companies.get(res_id) or self.env.company
            )
            for res_id, lang in langs.items()
        }

    @api.model
    def _pay_link_installed_lang(self, lang, company):
        """``lang`` when it is installed (or empty: the context's language
        applies), else the language of ``company``'s partner, else English."""
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        if not lang or lang in installed:
            return lang
        company_lang = company.partner_id.lang
        return company_lang if company_lang in installed else "en_US"
