import { Component, onWillStart } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";

/**
 * The Payment links dashboard: this month's figures against last month's,
 * the amount still to collect by status, and the way to the link list and
 * the analyses. Figures and texts come formatted from pay.link.dashboard.
 */
export class PayLinkDashboard extends Component {
    static template = "pay_by_link.Dashboard";
    static components = { Layout };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        onWillStart(async () => {
            this.data = await this.orm.call("pay.link.dashboard", "get_dashboard", []);
        });
    }

    open(action) {
        return this.actionService.doAction(action);
    }

    trendClass(card) {
        if (card.good === null) {
            return "text-muted";
        }
        return card.good ? "text-success" : "text-danger";
    }

    trendIcon(card) {
        if (!card.trend) {
            return "fa-minus";
        }
        return card.trend > 0 ? "fa-arrow-up" : "fa-arrow-down";
    }
}

registry.category("actions").add("pay_by_link.dashboard", PayLinkDashboard);
