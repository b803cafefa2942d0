import { registry } from "@web/core/registry";

// A customer opens a payment link, pays with the demo provider, then lands
// back on the pay page (through /payment/status) and sees the receipt.
registry.category("web_tour.tours").add("pay_by_link_pay_with_demo", {
    steps: () => [
        {
            content: "The pay page shows the amount to pay",
            trigger: ".o_pay_link_amount",
        },
        {
            content: "Choose the demo payment method",
            trigger: 'input[name="o_payment_radio"][data-provider-code="demo"]',
            run: "click",
        },
        {
            content: "Type test card details",
            trigger: 'input[name="customer_input"]',
            run: "edit 4242424242424242",
        },
        {
            content: "Ask the demo provider for a successful payment",
            trigger: "select#simulated_payment_state",
            run: "select done",
        },
        {
            content: "Pay",
            trigger: 'button[name="o_payment_submit_button"]:enabled',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Back on the pay page, the receipt is shown",
            trigger: '.o_pay_link_receipt:contains("this invoice is paid")',
            timeout: 30000,
        },
    ],
});
