import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";

// The accountant drops an invoice PDF on the printer's form: the PDF shows
// at once, before the wizard is saved, beside the fields read from it.
registry.category("web_tour.tours").add("pay_by_link_invoice_reader_preview", {
    steps: () => [
        {
            content: "Drop the invoice PDF on the drop zone",
            trigger: ".o_pay_link_drop",
            run: async ({ anchor }) => {
                const [attachment] = await rpc("/web/dataset/call_kw/ir.attachment/search_read", {
                    model: "ir.attachment",
                    method: "search_read",
                    args: [[["name", "=", "pay_link_tour_invoice.pdf"]], ["datas"]],
                    kwargs: {},
                });
                const bytes = Uint8Array.from(atob(attachment.datas), (char) => char.charCodeAt(0));
                const dataTransfer = new DataTransfer();
                dataTransfer.items.add(new File([bytes], "invoice.pdf", { type: "application/pdf" }));
                anchor.dispatchEvent(new DragEvent("drop", { dataTransfer, bubbles: true }));
            },
        },
        {
            content: "The fields are read from the PDF",
            trigger: ".o_field_widget[name=reference] input:value(VR-2024-0192)",
        },
        {
            content: "The PDF viewer shows the dropped file itself, not a saved record's",
            trigger: ".o_pay_link_preview_pdf[src*='file=blob%3A']",
        },
        {
            content: "The PDF viewer renders its first page",
            trigger: ".o_pay_link_preview_pdf:iframe .page[data-page-number='1'] .textLayer span",
            timeout: 20000,
        },
        {
            content: "Leave without sending: nothing is kept",
            trigger: ".modal-footer button:contains(Cancel)",
            run: "click",
        },
        {
            content: "The form is closed",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
