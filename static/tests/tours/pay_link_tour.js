import { registry } from "@web/core/registry";

// The company's button colour the tests set (#0a7d3b), as the browser gives it.
const ACCENT = "rgb(10, 125, 59)";

// Every Pay button of the page, its own and that of the card form: the
// company's colour and the amount in its label.
function checkPayButton(button) {
    const colour = getComputedStyle(button).backgroundColor;
    if (colour !== ACCENT) {
        throw new Error(`Pay button in ${colour}, not the company's ${ACCENT}`);
    }
    if (!/^Pay \S/.test(button.textContent.trim())) {
        throw new Error(`Pay button without the amount: "${button.textContent.trim()}"`);
    }
}

// The card form of the demo provider: Odoo's payment form, opened from the
// pay page's plain form, then back on the pay page through /payment/status.
function payWithTheDemoCard() {
    return [
        {
            content: "Choose the card (demo provider)",
            trigger: '#o_pay_link_methods input[name="option"][data-provider-code="demo"]',
            run: "click",
        },
        {
            content: "Press Pay: the card form opens",
            trigger: "#o_pay_link_methods button[type=submit]",
            async run(helpers) {
                checkPayButton(this.anchor);
                sessionStorage.setItem("pay_by_link_pay_label", this.anchor.textContent.trim());
                await helpers.click();
            },
            expectUnloadPage: true,
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
            content: "Pay: the card form's button reads and looks as the page's did",
            trigger: 'button[name="o_payment_submit_button"]:enabled',
            async run(helpers) {
                checkPayButton(this.anchor);
                const label = sessionStorage.getItem("pay_by_link_pay_label");
                if (this.anchor.textContent.trim() !== label) {
                    throw new Error(`"${this.anchor.textContent.trim()}" is not "${label}"`);
                }
                await helpers.click();
            },
            expectUnloadPage: true,
        },
        {
            content: "Back on the pay page, it reads Paid",
            trigger: '.o_pay_link_paid_badge:contains("Paid")',
            timeout: 30000,
        },
        {
            content: "and offers the receipt",
            trigger: ".o_pay_link_receipt_pdf",
        },
    ];
}

// A customer opens the link on a phone and pays by card.
registry.category("web_tour.tours").add("pay_by_link_pay_with_demo", {
    steps: () => [
        {
            content: "The pay page shows the amount to pay",
            trigger: ".o_pay_link_amount",
        },
        ...payWithTheDemoCard(),
    ],
});

// Back from the bank without paying, on a phone: the customer can resume at
// the bank, or pay another way (the bank's session is closed first).
registry.category("web_tour.tours").add("pay_by_link_back_from_the_bank", {
    steps: () => [
        {
            content: "The page says the payment is not finished",
            trigger: ".o_pay_link_unfinished",
        },
        {
            content: "It leads back to the bank's page",
            trigger: '.o_pay_link_resume[href^="http"]',
        },
        {
            content: "Pay another way",
            trigger: "button.o_pay_link_abandon",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "On a phone, the transfer details come as text to copy",
            trigger: ".o_pay_link_transfer_iban button.pbl-copy:visible",
        },
        {
            content: "and the transfer QR code is hidden, not even downloaded",
            trigger: "img.o_pay_link_epc_qr:not(:visible)",
            run() {
                if (!this.anchor.currentSrc.startsWith("data:")) {
                    throw new Error(`QR code fetched on a phone: ${this.anchor.currentSrc}`);
                }
            },
        },
        ...payWithTheDemoCard(),
    ],
});
