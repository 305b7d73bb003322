// Every page of a built site on a phone (issue 12): at 390×844, 320 and 430 px wide, in both
// languages, before and after filling each widget, no page scrolls sideways, no table cell
// is narrower than four characters of its font (plus padding), and every stand-alone
// control is at least 44×44 px. Exempt from the target size (WCAG 2.5.8's exceptions):
// links inline in a sentence (an inline link whose block has text besides it), elements
// that are visually hidden or not rendered, and the skip link until it is focused.
// Usage: node phone.mjs BASE PAGES_FILE [SHOTS_DIR]
import { readFileSync } from "node:fs";
import { assert, BASE, done, launch, test } from "./lib.mjs";

const pages = readFileSync(process.argv[3], "utf8").split("\n").filter(Boolean);
const shots = process.argv[4];
const { context, errors } = await launch();
const page = await context.newPage();

// Measures the page in the browser; returns a list of problems.
function measure(label) {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > innerWidth) problems.push(`${label}: page is ${doc.scrollWidth} px wide in ${innerWidth}`);
  const visible = (e) => {
    const r = e.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) return null;
    const s = getComputedStyle(e);
    if (s.visibility === "hidden" || s.display === "none") return null;
    return r;
  };
  const name = (e) => (e.tagName.toLowerCase() + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "") + " “" + (e.textContent || e.value || e.getAttribute("aria-label") || "").trim().slice(0, 24) + "”");
  for (const c of document.querySelectorAll("td, th")) {
    const r = visible(c);
    if (!r) continue;
    const s = getComputedStyle(c);
    const min = 4 * parseFloat(s.fontSize) + parseFloat(s.paddingLeft) + parseFloat(s.paddingRight);
    if (r.width + 0.5 < min) problems.push(`${label}: cell ${name(c)} is ${r.width.toFixed(0)} px (< ${min.toFixed(0)})`);
  }
  const inlineInText = (a) => {
    if (getComputedStyle(a).display !== "inline") return false;
    let block = a.parentElement;
    while (block && getComputedStyle(block).display === "inline") block = block.parentElement;
    return block && block.textContent.trim().length > a.textContent.trim().length;
  };
  const targets = new Set();
  for (const e of document.querySelectorAll("a[href], button, input, select, textarea, summary")) {
    if (e.closest("[hidden], .visually-hidden")) continue;
    if (e.matches(".skip") && document.activeElement !== e) continue;
    if (e.tagName === "A" && inlineInText(e)) continue;
    if (e.matches('input[type="radio"], input[type="checkbox"]')) {
      targets.add(e.closest("label") || document.querySelector(`label[for="${e.id}"]`) || e);
    } else if (e.matches(".file-button input")) {
      targets.add(e.closest(".file-button"));
    } else targets.add(e);
  }
  for (const t of targets) {
    const r = visible(t);
    if (!r) continue;
    if (r.width < 43.5 || r.height < 43.5) problems.push(`${label}: target ${name(t)} is ${r.width.toFixed(0)}×${r.height.toFixed(0)} px`);
  }
  return problems;
}

// Fills every widget on the page the way a trainee would, with long values.
async function fill() {
  // Generous: the whole test suite may share two cores with this browser.
  await page.waitForFunction(() => [...document.querySelectorAll("[data-widget]")].every((w) => w.dataset.state === "ready"), null, { timeout: 60000 })
    .catch((e) => { throw new Error(page.url() + ": the widgets did not hydrate: " + e.message); });
  const long = (await page.getAttribute("html", "lang")).startsWith("zh") ? "华东精密机械制造有限公司采购部张经理" : "Northwind Precision Engineering Holdings, purchasing";
  await page.evaluate((text) => {
    const seen = new Set();
    for (const i of document.querySelectorAll("[data-widget] input, [data-widget] textarea")) {
      if (i.type === "radio") {
        if (seen.has(i.name)) continue;
        seen.add(i.name);
        i.click();
      } else if (i.type === "checkbox") i.click();
      else if (i.type === "number") { i.value = "123456789"; i.dispatchEvent(new Event("input", { bubbles: true })); }
      else if (i.type === "text" || i.type === "search") {
        i.value = i.inputMode === "decimal" || i.inputMode === "numeric" ? "1234567" : text;
        i.dispatchEvent(new Event("input", { bubbles: true }));
        i.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
    for (const b of document.querySelectorAll('[data-widget] button[data-action="add"], [data-widget] button[data-action="save"], [data-widget] button[data-action="check"], [data-widget] button[data-action="handin"], .search-page-form button')) b.click();
  }, long);
  await page.waitForTimeout(400);
}

for (const width of [390, 320, 430]) {
  await test(`no sideways scroll, readable cells, 44 px targets at ${width} px, before and after using the widgets`, async () => {
    await page.setViewportSize({ width, height: 844 });
    const problems = [];
    for (const p of pages) {
      await page.goto(BASE + p);
      await page.waitForLoadState("load");
      problems.push(...await page.evaluate(measure, p));
      if (await page.locator('script[src$="widgets.js"]').count()) {
        await fill();
        problems.push(...await page.evaluate(measure, p + " (filled)"));
      }
    }
    assert.ok(problems.length === 0, problems.length + " problems:\n" + problems.join("\n"));
  });
}

if (shots) {
  await test("screenshots at 390×844: a chapter with a table, each widget in use", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [file, path, at, filled] of [
      ["table-zh.png", "value/classification/", ".table-wrap", false],
      ["table-scroll-en.png", "en/planning/opportunity-assessment/", ".table-wrap", false],
      ["man-zh.png", "visits/key-person-man/", ".man-list", true],
      ["value-en.png", "en/value/delivered-value/", '[data-widget="value-calculator"] [data-role="result"]', true],
      ["loyalty-zh.png", "relationship/loyalty/", '[data-widget="loyalty-checklist"] [data-role="result"]', true],
      ["quiz-en.png", "en/relationship/switching-cost/", ".q-feedback:not(:empty)", true],
      ["progress-zh.png", "progress/", ".progress-table", false],
    ]) {
      await page.goto(BASE + path);
      if (filled) await fill();
      // Scrolled down to it (the header has slid away), with a little context above.
      await page.evaluate((at) => { const e = document.querySelector(at); scrollTo(0, e.getBoundingClientRect().top + scrollY - 60); }, at);
      await page.waitForTimeout(400);
      await page.screenshot({ path: shots + "/" + file });
    }
  });
}

await test("no console errors", async () => {
  assert.deepEqual(errors.filter((e) => !/net::ERR_/.test(e)), []);
});

await context.close();
done();
