from odoo import api, models


class ReportInvoice(models.AbstractModel):
    _inherit = "report.account.report_invoice"

    @api.model
    def _get_report_values(self, docids, data=None):
        """Give each printed invoice its payment link (``pay_links``)."""
        values = super()._get_report_values(docids, data)
        values["pay_links"] = {
            invoice.id: invoice.sudo()._pay_link_for_pdf()
            for invoice in values["docs"].filtered(
                lambda move: move.move_type == "out_invoice" and move.state == "posted"
            )
        }
        return values
