// Injected by bench/pay_page.py in every page before its own scripts: the
// first contentful and the largest contentful paints, the end of the last
// long task, and when the Pay button (PAY_BUTTON, a CSS selector put in by
// the benchmark) is in the page. Times in ms since the navigation started.
(() => {
    const bench = (window.__bench = { fcp: 0, lcp: 0, longTaskEnd: 0, pay: 0 });
    const observe = (type, callback) =>
        new PerformanceObserver((list) => list.getEntries().forEach(callback)).observe({
            type,
            buffered: true,
        });
    observe("paint", (entry) => {
        if (entry.name === "first-contentful-paint") {
            bench.fcp = entry.startTime;
        }
    });
    observe("largest-contentful-paint", (entry) => {
        bench.lcp = entry.renderTime || entry.loadTime || entry.startTime;
    });
    observe("longtask", (entry) => {
        bench.longTaskEnd = Math.max(bench.longTaskEnd, entry.startTime + entry.duration);
    });
    const timer = setInterval(() => {
        if (document.querySelector(PAY_BUTTON)) {
            bench.pay = performance.now();
            clearInterval(timer);
        }
    }, 10);
})();
