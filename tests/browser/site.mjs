// The default playbook in headless Chromium: Chinese search through the UI, the language
// switch, offline after one visit, accessibility (axe-core) at phone width in both
// languages, and no console errors.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { assert, BASE, done, launch, test } from "./lib.mjs";

const require = createRequire(import.meta.url);
// Injected through the DevTools protocol: the site's CSP rightly refuses inline scripts.
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const { context, errors } = await launch();
const page = await context.newPage();
// Results show as each shard and page chunk arrives; a ranking is final once all are in.
const settled = () => page.waitForFunction(() => document.querySelector("#search-results").dataset.complete === "true");

await test("a Chinese query finds its page first, from the search page", async () => {
  await page.goto(BASE + "search/?q=" + encodeURIComponent("转移成本"));
  await page.waitForSelector('[data-widget="search"][data-state="ready"]');
  await settled();
  const first = page.locator("#search-results a").first();
  assert.match(decodeURIComponent(await first.getAttribute("href")), /relationship\/switching-cost\//);
  assert.ok((await page.locator("#search-results mark").count()) > 0, "matches are highlighted");
});

await test("the header search box leads to the results", async () => {
  await page.goto(BASE + "en/");
  await page.fill("#search-box", "switching cost");
  await page.press("#search-box", "Enter");
  await page.waitForSelector('[data-widget="search"][data-state="ready"]');
  await settled();
  const first = page.locator("#search-results a").first();
  assert.match(await first.getAttribute("href"), /relationship\/switching-cost\//);
});

await test("search shows the index loading, then results grouped by page as a word is typed", async () => {
  // Hold the index back a moment so that the loading state can be seen.
  let release;
  const held = new Promise((r) => { release = r; });
  await context.route("**/en/search/manifest.txt", async (route) => { await held; await route.continue(); });
  await page.goto(BASE + "en/search/");
  const loading = page.locator("#search-results .search-loading");
  await loading.waitFor();
  assert.match(await loading.textContent(), /Loading the search index/);
  assert.equal(await page.getAttribute("#search-results", "aria-busy"), "true");
  release();
  await page.waitForSelector('[data-widget="search"][data-state="ready"]');
  await context.unroute("**/en/search/manifest.txt");
  assert.equal(await page.getAttribute("#search-results", "aria-busy"), null);
  // Typed key by key: the unfinished word already matches the words it begins.
  await page.locator("#search-page-q").pressSequentially("loyal", { delay: 20 });
  await settled();
  const first = page.locator("#search-results li.search-page > a").first();
  assert.match(await first.getAttribute("href"), /relationship\/loyalty\//);
  const pages = await page.locator("#search-results li.search-page > a").evaluateAll(
    (links) => links.map((a) => a.getAttribute("href").split("#")[0]));
  assert.ok(pages.length > 1, "several pages");
  assert.equal(new Set(pages).size, pages.length, "each page once: " + pages.join(" "));
  assert.ok((await page.locator("#search-results .search-sections li").count()) > 0, "more sections of a page under it");
  // A common word: ten pages, then more on request, and focus moves to the first new one.
  await page.fill("#search-page-q", "customer");
  await settled();
  assert.equal(await page.locator("#search-results li.search-page").count(), 10);
  await page.click('#search-results button[data-action="more"]');
  const after = await page.locator("#search-results li.search-page").count();
  assert.ok(after > 10, after + " pages after more results");
  // The new results' page chunks arrive, then the first new one has the focus.
  await settled();
  assert.equal(await page.evaluate(() => Array.from(document.querySelectorAll("#search-results li.search-page > a")).indexOf(document.activeElement)), 10);
});

await test("the language switch lands on the translation of the same page", async () => {
  await page.goto(BASE + "relationship/loyalty/");
  await page.click('.lang-switch a[hreflang="en"]');
  assert.match(page.url(), /\/en\/relationship\/loyalty\/$/);
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await page.click('.lang-switch a[hreflang="zh"]');
  assert.match(page.url(), /\/relationship\/loyalty\/$/);
  assert.doesNotMatch(page.url(), /\/en\//);
});

await test("a page downloads only the wasm modules of what it embeds", async () => {
  // The toolkit's files this page fetched (glue and wasm), from the page's own resource
  // timing, so files served by the service worker count too.
  const fetched = () => page.evaluate(() => performance.getEntriesByType("resource")
    .map((e) => new URL(e.name).pathname.split("/").pop())
    .filter((n) => /^playbook_.*\.(js|wasm)$/.test(n))
    .sort());
  const glue = (...names) => names.flatMap((n) => ["playbook_" + n + ".js", "playbook_" + n + "_bg.wasm"]).sort();
  for (const [path, widgets, modules] of [
    ["relationship/switching-cost/", ["quiz"], ["quiz"]],
    ["en/visits/competition-price/", ["quiz"], ["quiz"]],
    ["visits/key-person-man/", ["man-scorer", "quiz"], ["man", "quiz"]],
    ["value/lifetime-value/", ["value-calculator", "quiz"], ["value", "quiz"]],
    ["en/relationship/loyalty/", ["loyalty-checklist", "quiz"], ["loyalty", "quiz"]],
    ["progress/", ["progress"], []],
    ["search/?q=" + encodeURIComponent("客户"), ["search"], ["search"]],
  ]) {
    await page.goto(BASE + path);
    for (const w of widgets) await page.waitForSelector(`[data-widget="${w}"][data-state="ready"]`);
    assert.deepEqual(await fetched(), glue(...modules), path);
  }
  // The quiz of a quiz-only page grades on its module alone.
  await page.goto(BASE + "relationship/switching-cost/");
  const quiz = page.locator('[data-widget="quiz"][data-state="ready"]');
  await quiz.waitFor();
  await quiz.locator('button[data-action="check"]').click();
  await page.waitForFunction(() => document.querySelector('[data-widget="quiz"] [data-role="score"]').textContent.trim() !== "");
  assert.match(await quiz.locator('[data-role="score"]').innerText(), /^得分：0 \/ \d+（0%），答对 0 \/ \d+ 题。$/);
});

await test("after saving the course, pages, widgets and search work offline", async () => {
  await page.goto(BASE);
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  // One visit caches only the shell; the reader saves the whole course, in each language.
  for (const home of ["", "en/"]) {
    await page.goto(BASE + home);
    const save = page.locator('.offline-save[data-offline="all"]');
    await save.waitFor({ state: "visible" });
    await save.locator("button").click();
    await page.waitForFunction(() => /(已保存在本设备|Saved on this device)/.test(document.querySelector('[data-offline="all"] .offline-status').textContent), null, { timeout: 60000 });
  }
  await context.setOffline(true);
  try {
    await page.goto(BASE + "en/relationship/loyalty/");
    assert.match(await page.locator("h1").innerText(), /loyalty/i);
    await page.waitForSelector('[data-widget="loyalty-checklist"][data-state="ready"]');
    await page.waitForSelector('[data-widget="quiz"][data-state="ready"]');
    await page.goto(BASE + "search/?q=" + encodeURIComponent("门卫"));
    await page.waitForSelector('[data-widget="search"][data-state="ready"]');
    // The results come once the query's shards (from the offline cache) have arrived.
    await settled();
    assert.ok((await page.locator("#search-results a").count()) > 0);
  } finally {
    await context.setOffline(false);
  }
});

await test("each chapter's widget hydrates where the text teaches it", async () => {
  for (const [path, widget] of [
    ["value/delivered-value/", "value-calculator"],
    ["en/value/lifetime-value/", "value-calculator"],
    ["value/classification/", "value-calculator"],
    ["visits/key-person-man/", "man-scorer"],
    ["en/relationship/loyalty/", "loyalty-checklist"],
  ]) {
    await page.goto(BASE + path);
    await page.waitForSelector(`[data-widget="${widget}"][data-state="ready"]`);
    await page.waitForSelector('[data-widget="quiz"][data-state="ready"]');
  }
  // The chapters' worked examples, recomputed by their widgets.
  await page.goto(BASE + "visits/key-person-man/");
  const man = page.locator('[data-widget="man-scorer"][data-state="ready"]');
  await man.waitFor();
  await man.locator('input[name$="-money"][value="no"]').check();
  await man.locator('input[name$="-authority"][value="yes"]').check();
  await man.locator('input[name$="-need"][value="yes"]').check();
  assert.equal(await man.locator("tr.current").getAttribute("data-combination"), "m+A+N");
  assert.equal(await man.locator(".verdict").getAttribute("data-verdict"), "approachable");
  await page.goto(BASE + "value/lifetime-value/");
  const life = page.locator('[data-widget="value-calculator"][data-state="ready"] form[data-section="lifetime"]');
  await life.waitFor();
  // The chapter's table, preset: 16,241 yuan over five years.
  assert.match(await life.locator('[data-out="clv"]').innerText(), /^16,?240\.97 元$/);
  for (const [name, v] of [["margin", "10000"], ["retention", "80"], ["discount", "10"], ["years", "5"], ["acquisition-cost", "5000"]]) {
    await life.locator(`input[name="${name}"]`).fill(v);
  }
  // Typed in: 80 in the field labelled % is 80%.
  assert.match(await life.locator('[data-out="clv"]').innerText(), /^16,?240\.97 元$/);
});

await test("no accessibility violations (axe-core) at phone width, both languages", async () => {
  const pages = ["", "relationship/loyalty/", "relationship/switching-cost/", "visits/information-gathering/", "glossary/", "search/?q=%E5%AE%A2%E6%88%B7", "progress/", "relationship/print/",
    "value/lifetime-value/", "visits/key-person-man/", "planning/opportunity-assessment/",
    "en/", "en/value/classification/", "en/visits/case-xiao-wang/", "en/planning/print/", "en/relationship/loyalty/", "en/visits/competition-price/", "en/sources/", "en/answer-key/"];
  const problems = [];
  for (const p of pages) {
    await page.goto(BASE + p);
    await page.waitForLoadState("load");
    await page.waitForTimeout(300);
    await page.evaluate(AXE);
    const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
    for (const v of result.violations) {
      problems.push(p + ": " + v.id + " (" + v.impact + ") " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | "));
    }
  }
  assert.deepEqual(problems, []);
});

await test("no console errors on any page visited", async () => {
  assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|net::ERR_/.test(e)), []);
});

await context.close();
done();
