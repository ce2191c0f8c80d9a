// Visits the calculator pages in Debian's firefox-esr, driven by puppeteer-core over
// WebDriver BiDi, for tests/site/test_firefox.py: that test plans the visit (what to
// type on each page, what CPython says should then show) and judges what this script
// saw; this script only acts as a reader and reports.
//
//   node firefox_calculators.mjs PLAN.json
//
// PLAN: {url, firefox, first, pages: [{path, typed: [[selector, value]], rows,
// bad: [[selector, value]], field, error}]}. `rows` is the result's summary
// ([[label, value]]) expected once `typed` is typed; `error` the message expected under
// `field` once `bad` is typed.
//
// On stdout, one JSON object a line: {"offline": "ready"} once the first visit has
// computed, stored its snapshot and cached the site; the script then waits for a line
// on stdin (the test has stopped the site's server) and visits every page of the plan,
// offline. Last, {"first": ..., "pages": [...], "problems": [...]}: what each page
// showed, and every page error, unhandled rejection and Content-Security-Policy
// violation heard on the way.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import puppeteer from "puppeteer-core";

const plan = JSON.parse(readFileSync(process.argv[2], "utf-8"));
const say = (object) => process.stdout.write(JSON.stringify(object) + "\n");
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

const STATUS = "[data-calc-status]";
const WAIT = { timeout: 120_000 };

const browser = await puppeteer.launch({
  browser: "firefox", executablePath: plan.firefox, headless: true, protocol: "webDriverBiDi",
});
const problems = [];
try {
  const page = await browser.newPage();
  page.on("pageerror", (error) => problems.push({ page: page.url(), pageerror: String(error.message || error) }));
  const consoleTail = [];
  page.on("console", (message) => {
    consoleTail.push(`${message.type()}: ${message.text()}`.slice(0, 300));
    if (consoleTail.length > 20) consoleTail.shift();
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) problems.push({ page: page.url(), console: message.text() });
  });
  // Before any script of the page: violations and promises nobody caught.
  await page.evaluateOnNewDocument(() => {
    window.__heard = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__heard.push(
      { violation: e.effectiveDirective, blocked: e.blockedURI }));
    window.addEventListener("unhandledrejection", (e) => window.__heard.push(
      { unhandledrejection: String(e.reason && e.reason.message || e.reason) }));
  });
  const heard = async () => {
    for (const item of await page.evaluate(() => window.__heard || [])) problems.push({ page: page.url(), ...item });
  };

  // The summary table as [[label, value]], whitespace as a reader sees it.
  const rowsShown = () => page.evaluate(() => Array.from(
    document.querySelectorAll("[data-calc-result] table.calc-summary tr"),
    (tr) => Array.from(tr.children, (cell) => cell.textContent.replace(/\s+/g, " ").trim())));

  // Types each entry as a reader does (fill: input and change events).
  async function type(entries) {
    for (const [selector, value] of entries) await page.locator(selector).fill(value);
  }

  // A bad input that takes several controls (every row of a choice grid left out): all
  // but the last set quietly, so the page computes only the whole bad input, never a
  // valid state on the way (which would then be the last good result, kept).
  async function typeAtOnce(entries) {
    for (const [selector, value] of entries.slice(0, -1)) await page.$eval(selector, (el, v) => { el.value = v; }, value);
    await type(entries.slice(-1));
  }

  // Waits (up to 60 s) until `check(arg)` holds in the page; false if it never did.
  async function until(check, arg) {
    try {
      await page.waitForFunction(check, { timeout: 60_000 }, arg);
      return true;
    } catch (_) {
      return false;
    }
  }

  const sameRows = (rows) => JSON.stringify(Array.from(
    document.querySelectorAll("[data-calc-result] table.calc-summary tr"),
    (tr) => Array.from(tr.children, (cell) => cell.textContent.replace(/\s+/g, " ").trim()))) === JSON.stringify(rows);

  async function visit(step) {
    const seen = { path: step.path };
    // One navigation in a few dozen offline runs has failed in Firefox (the service
    // worker did not answer it in 30 s, and the next one then failed with
    // NS_ERROR_INTERCEPTION_FAILED): such a page is loaded once more, and the failure
    // reported (the test warns).
    // From the page's example: the last inputs a calculator keeps in the browser's
    // storage (from this calculator's visit in the other language) are not the plan's.
    if (page.url().startsWith(plan.url)) await page.evaluate(() => localStorage.clear());
    let response;
    try {
      response = await page.goto(plan.url + step.path, { waitUntil: "load" });
    } catch (error) {
      seen.navigationRetried = String(error.message || error).split("\n")[0];
      response = await page.goto(plan.url + step.path, { waitUntil: "load" });
    }
    // The page's own status: Puppeteer's answer, or, where it has none (over BiDi it
    // gives none now and then for a page whose script rewrites its address at once, as
    // a scenario's page does), the navigation's timing entry.
    seen.status = response ? response.status() : await page.evaluate(
      () => (performance.getEntriesByType("navigation")[0] || {}).responseStatus ?? null);
    await page.waitForSelector(`${STATUS}[data-ready]`, WAIT);
    seen.start = await page.$eval(STATUS, (el) => el.dataset.start);
    await type(step.typed);
    seen.computed = await until(sameRows, step.rows);
    seen.rows = await rowsShown();
    await typeAtOnce(step.bad);
    seen.refused = await until(([field, error]) => {
      const shown = document.querySelector(`[data-error-for="${field}"]`);
      return Boolean(shown && shown.textContent === error && document.querySelector("[data-calc-result][data-stale]"));
    }, [step.field, step.error]);
    seen.error = await page.$eval(`[data-error-for="${step.field}"]`, (el) => el.textContent);
    seen.stale = await page.$$eval("[data-calc-result][data-stale]", (els) => els.length === 1);
    seen.rowsWhileStale = await rowsShown();
    seen.state = await page.$eval(STATUS, (el) => el.dataset.state);
    await heard();
    return seen;
  }

  // First visit, online: Python starts, computes, stores its snapshot; the site and
  // the runtime are cached.
  const first = await visit(plan.pages.find((step) => step.path === plan.first));
  await page.waitForSelector(`${STATUS}[data-snapshot]`, WAIT);
  first.snapshot = await page.$eval(STATUS, (el) => el.dataset.snapshot);
  await page.waitForSelector("html[data-offline-ready]", { timeout: 240_000 });
  await heard();
  say({ offline: "ready" });
  await lines.next();

  // Every page, offline, each a later visit. A page that fails is reported with what
  // its status said, and the next page is still visited.
  const pages = [];
  for (const step of plan.pages) {
    try {
      pages.push(await visit(step));
    } catch (error) {
      const status = await page.$eval(STATUS, (el) => ({ text: el.textContent, ...el.dataset })).catch(() => null);
      const inside = await page.evaluate(() => ({
        timings: window.__calculatorTimings || null, snapshotError: window.__calculatorSnapshotError || null,
        restarts: window.__calculatorWorker && window.__calculatorWorker.worker.restarts,
      })).catch(() => null);
      pages.push({ path: step.path, failed: String(error.message || error), status, inside, console: [...consoleTail] });
    }
  }
  say({ first, pages, problems });
} finally {
  await browser.close();
}
process.exit(0);
