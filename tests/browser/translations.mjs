// Translations in headless Chromium (issue 11): a page without a translation is shown from
// its original with a notice in the reader's language, in both directions; a stale
// translation shows its banner; the notices are styled by the theme (no inline style under
// the strict CSP), readable at 390 px, and pass axe-core.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { assert, BASE, done, launch, test } from "./lib.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const { context, errors } = await launch();
const page = await context.newPage();
await page.setViewportSize({ width: 390, height: 844 });

async function notice() {
  const n = page.locator('p.page-notice[role="note"]');
  assert.equal(await n.count(), 1, "one notice");
  assert.ok(await n.isVisible(), "the notice is visible");
  assert.equal(await n.getAttribute("style"), null, "no inline style");
  const box = await n.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `inside 390 px: ${JSON.stringify(box)}`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `no sideways scrolling: ${wide}`);
  const border = await n.evaluate((e) => getComputedStyle(e).borderLeftWidth);
  assert.equal(border, "4px", "styled by the theme");
  return (await n.innerText()).trim();
}

await test("an untranslated Chinese page in the English site says so, in English", async () => {
  await page.goto(BASE + "en/part/extra/");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.match(await notice(), /^This page has not been translated yet; showing the Chinese original\./);
  assert.equal(await page.getAttribute("main article", "lang"), "zh");
  assert.equal(await page.locator("main h1").innerText(), "额外");
  assert.equal(await page.getAttribute('link[rel="canonical"]', "href"), "https://example.com/part/extra/");
  // The language switch and the notice's link both reach the original.
  await page.click('.lang-switch a[hreflang="zh"]');
  assert.match(page.url(), /\/part\/extra\/$/);
  assert.doesNotMatch(page.url(), /\/en\//);
  assert.equal(await page.locator(".page-notice").count(), 0, "the original has no notice");
});

await test("an English-only page in the Chinese site says so, in Chinese", async () => {
  await page.goto(BASE + "part/only/");
  assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
  assert.match(await notice(), /^本页尚无中文版/);
  assert.equal(await page.getAttribute("main article", "lang"), "en");
  await page.click(".page-notice a");
  assert.match(page.url(), /\/en\/part\/only\/$/);
  assert.equal(await page.locator(".page-notice").count(), 0);
});

await test("the menu of each language lists the page shown in the other language, marked with its lang", async () => {
  await page.goto(BASE + "en/part/");
  assert.equal(await page.getAttribute('.sidebar a[href$="en/part/extra/"]', "lang"), "zh");
  assert.equal(await page.getAttribute('.sidebar a[href$="en/part/page/"]', "lang"), null);
  await page.goto(BASE + "part/");
  assert.equal(await page.getAttribute('.sidebar a[href$="part/only/"]', "lang"), "en");
});

await test("a stale translation shows that the original has changed", async () => {
  await page.goto(BASE + "en/part/page/");
  assert.match(await notice(), /^The original has changed since this translation was made\./);
  assert.equal(await page.getAttribute("main article", "lang"), null);
  await page.goto(BASE + "part/page/");
  assert.equal(await page.locator(".page-notice").count(), 0);
});

await test("no accessibility violations (axe-core) on the pages with a notice", async () => {
  const problems = [];
  for (const p of ["en/part/extra/", "part/only/", "en/part/page/"]) {
    await page.goto(BASE + p);
    await page.waitForLoadState("load");
    await page.evaluate(AXE);
    const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
    for (const v of result.violations) {
      problems.push(p + ": " + v.id + " (" + v.impact + ") " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | "));
    }
  }
  assert.deepEqual(problems, []);
});

await test("no console errors", async () => {
  assert.deepEqual(errors.filter((e) => !/net::ERR_/.test(e)), []);
});

await context.close();
done();
