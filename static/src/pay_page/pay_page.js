/** @odoo-module ignore */
// The pay page works without this script. It adds copy buttons to the
// transfer details, tells the server the browser's timezone (for the
// receipt's time) and keeps a second tap from sending a form twice.
(function () {
    "use strict";

    if (!/(^|;\s*)tz=/.test(document.cookie)) {
        const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
        if (tz) {
            document.cookie = `tz=${tz}; path=/; SameSite=Lax`;
        }
    }

    function copy(text) {
        if (navigator.clipboard && window.isSecureContext) {
            return navigator.clipboard.writeText(text);
        }
        // Plain http (a test server): the older way.
        const area = document.createElement("textarea");
        area.value = text;
        document.body.append(area);
        area.select();
        document.execCommand("copy");
        area.remove();
        return Promise.resolve();
    }

    // Each button holds its two labels: "Copy", then "Copied" for a moment.
    for (const button of document.querySelectorAll("button[data-copy]")) {
        const [label, done] = button.children;
        button.hidden = false;
        button.addEventListener("click", () => {
            copy(button.dataset.copy).then(() => {
                label.hidden = true;
                done.hidden = false;
                setTimeout(() => {
                    label.hidden = false;
                    done.hidden = true;
                }, 2000);
            });
        });
    }

    for (const form of document.querySelectorAll("form.pbl-once")) {
        form.addEventListener("submit", () => {
            // After the submit event, so that the form is sent first.
            setTimeout(() => {
                for (const button of form.querySelectorAll("button[type=submit]")) {
                    button.disabled = true;
                }
            });
        });
    }
})();
