import { registry } from "@web/core/registry";

const backToDashboard = {
    content: "Back to the dashboard",
    trigger: ".breadcrumb-item.o_back_button",
    run: "click",
};

// An accountant opens Payment links: the dashboard shows this month's
// figures and leads to the amounts still to collect, the analyses and the
// link list.
registry.category("web_tour.tours").add("pay_by_link_dashboard", {
    url: "/odoo/action-pay_by_link.action_pay_link_dashboard",
    steps: () => [
        {
            content: "One link sent this month",
            trigger: ".o_pay_link_dashboard_card[data-card='sent'] .o_pay_link_dashboard_value:contains(1)",
        },
        {
            content: "It is still to collect: open the links not opened",
            trigger: ".o_pay_link_dashboard_outstanding tr[data-state='sent']",
            run: "click",
        },
        {
            content: "The analysis lists the request",
            trigger: ".o_list_view .o_data_row",
        },
        backToDashboard,
        {
            content: "Open the funnel",
            trigger: ".o_pay_link_dashboard_analyses [data-analysis='funnel']",
            run: "click",
        },
        {
            content: "The funnel is a pivot table",
            trigger: ".o_pivot_view .o_pivot table",
        },
        backToDashboard,
        {
            content: "Open the time to pay card",
            trigger: ".o_pay_link_dashboard_card[data-card='hours_to_pay']",
            run: "click",
        },
        {
            content: "The distribution is a graph",
            trigger: ".o_graph_view .o_graph_canvas_container canvas",
        },
        backToDashboard,
        {
            content: "Open the link list",
            trigger: ".o_pay_link_dashboard_links",
            run: "click",
        },
        {
            content: "The link list shows the link",
            trigger: ".o_list_view .o_data_row .o_field_badge",
        },
    ],
});

// The same dashboard in French: texts of the page and of the server.
registry.category("web_tour.tours").add("pay_by_link_dashboard_fr", {
    url: "/odoo/action-pay_by_link.action_pay_link_dashboard",
    steps: () => [
        {
            content: "The buttons are in French",
            trigger: ".o_pay_link_dashboard_links:contains(Tous les liens)",
        },
        {
            content: "The cards are in French",
            trigger: ".o_pay_link_dashboard_card[data-card='sent']:contains(Liens envoyés)",
        },
        {
            content: "The statuses are in French",
            trigger: ".o_pay_link_dashboard_outstanding tr[data-state='sent']:contains(Non ouvert)",
        },
    ],
});
