import { registry } from "@web/core/registry";

// An accountant opens the send form of an invoice, chooses "Copy the link":
// no link is shown before it works; once activated, the link is shown with
// its copy button and the form no longer offers to activate it.
registry.category("web_tour.tours").add("pay_by_link_copy_link", {
    steps: () => [
        {
            content: "Open the send form",
            trigger: ".o_form_view button[name='action_send_pay_link']",
            run: "click",
        },
        {
            content: "Choose to copy the link",
            trigger: ".modal .o_field_widget[name='channel'] input[data-value='link']",
            run: "click",
        },
        {
            content: "No link to copy before it works",
            trigger: ".modal:not(:has(.o_field_widget[name='live_url']))",
        },
        {
            content: "Activate the link",
            trigger: ".modal footer button:contains('Activate the link')",
            run: "click",
        },
        {
            content: "The link is shown, ready to copy",
            trigger: ".modal .o_field_widget[name='live_url'] .o_clipboard_button",
        },
        {
            content: "It is not offered for activation again",
            trigger: ".modal footer:not(:has(button:contains('Activate the link')))",
        },
        {
            content: "Close",
            trigger: ".modal footer button:contains('Close')",
            run: "click",
        },
        {
            content: "The invoice shows the link's status",
            trigger: ".o_form_view .oe_stat_button:contains('Not opened')",
        },
    ],
});
