// Search that scales (issue 13), in headless Chromium on the generated 10,000-page site
// served gzip-compressed: the bytes each query transfers (CDP Network.loadingFinished
// encodedDataLength; service workers blocked so that every file is fetched and counted
// once), results shown as soon as one shard arrives, and shards that fail to load.
import { chromium } from "playwright-core";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, done, assert, BASE } from "./lib.mjs";

const FIRST_BUDGET = 300_000;
const FURTHER_BUDGET = 100_000;
const shots = mkdtempSync(join(tmpdir(), "pb-search-shots-"));

async function fresh() {
  const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "pb-chrome-")), {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    viewport: { width: 390, height: 844 },
    serviceWorkers: "block",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const page = context.pages()[0] || (await context.newPage());
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  const urls = new Map();
  const log = { files: [] };
  cdp.on("Network.requestWillBeSent", (e) => urls.set(e.requestId, e.request.url));
  cdp.on("Network.loadingFinished", (e) => log.files.push([urls.get(e.requestId), e.encodedDataLength]));
  const bytes = () => log.files.reduce((a, f) => a + f[1], 0);
  return { context, page, errors, log, bytes };
}

// Every file the results need has arrived or failed.
async function complete(page) {
  await page.waitForFunction(() => {
    const o = document.querySelector("#search-results");
    return o && o.dataset.complete === "true" && !o.querySelector(".search-pending");
  }, null, { timeout: 60000 });
  await page.waitForTimeout(300);
}

function kinds(files) {
  const out = {};
  for (const [url, n] of files) {
    const p = new URL(url).pathname;
    const k = /\/t\/\d+\.txt$/.test(p) ? "shards" : /\/d\/\d+\.txt$/.test(p) ? "chunks" : /manifest\.txt$/.test(p) ? "manifest" : p.replace(/.*\./, "");
    out[k] = out[k] || { files: 0, bytes: 0 };
    out[k].files++;
    out[k].bytes += n;
  }
  return JSON.stringify(out);
}

const { context, page, errors, log, bytes } = await fresh();

await test("a first query on 10,000 pages transfers at most 300 KB gzipped in all", async () => {
  await page.goto(BASE + "search/?q=" + encodeURIComponent("客户画像"));
  await complete(page);
  const n = bytes();
  console.log("first query: 客户画像 " + n + " bytes " + kinds(log.files));
  assert.ok(n <= FIRST_BUDGET, n + " bytes");
  assert.ok((await page.locator("#search-results li.search-page > a").count()) === 10, "ten pages of results");
  assert.ok((await page.locator("#search-results mark").count()) > 0, "matches highlighted");
  assert.match(await page.locator(".search-count").textContent(), /找到 \d+ 页/);
  await page.screenshot({ path: join(shots, "search-10k.png") });
  assert.deepEqual(errors, []);
});

await test("each further query transfers at most 100 KB", async () => {
  for (const q of ["应收账款", "健康度评分"]) {
    log.files.length = 0;
    await page.fill("#search-page-q", q);
    await complete(page);
    const n = bytes();
    console.log("further query: " + q + " " + n + " bytes " + kinds(log.files));
    assert.ok(n <= FURTHER_BUDGET, q + ": " + n + " bytes");
    assert.ok((await page.locator("#search-results li.search-page > a").count()) > 0, q);
  }
  // A query of two words: four terms, four shards; the result chunks are fetched once
  // every shard is in, not for the partial rankings on the way.
  log.files.length = 0;
  await page.fill("#search-page-q", "销售漏斗 复盘");
  await complete(page);
  console.log("further query: 销售漏斗 复盘 " + bytes() + " bytes " + kinds(log.files));
  assert.ok(bytes() <= FURTHER_BUDGET, "销售漏斗 复盘: " + bytes() + " bytes");
  // Typed one character at a time, each keystroke a query.
  log.files.length = 0;
  await page.fill("#search-page-q", "");
  await page.locator("#search-page-q").pressSequentially("拜访计划", { delay: 50 });
  await complete(page);
  console.log("typed query: 拜访计划 " + bytes() + " bytes " + kinds(log.files));
  assert.ok(bytes() <= FURTHER_BUDGET, bytes() + " bytes");
  // More results fetch only the chunks of the pages they add.
  log.files.length = 0;
  await page.click('#search-results button[data-action="more"]');
  await complete(page);
  assert.equal(await page.locator("#search-results li.search-page > a").count(), 20);
  assert.equal(await page.evaluate(() => Array.from(document.querySelectorAll("#search-results li.search-page > a")).indexOf(document.activeElement)), 10, "focus on the first new result");
  console.log("more results: " + bytes() + " bytes " + kinds(log.files));
  assert.ok(bytes() <= FURTHER_BUDGET);
  assert.deepEqual(errors, []);
});
await context.close();

// Holds or changes the first shard a query asks for; the others pass.
async function withFirstShard(handler, query) {
  const s = await fresh();
  const seen = [];
  await s.context.route(/\/search\/t\/\d+\.txt$/, async (route) => {
    seen.push(route.request().url());
    if (seen.length === 1) await handler(route);
    else await route.continue();
  });
  await s.page.goto(BASE + "search/?q=" + encodeURIComponent(query));
  return { ...s, seen };
}

// Console errors other than Chromium's own line for a failed request.
const ours = (errors) => errors.filter((e) => !/^Failed to load resource/.test(e));

await test("results show as soon as the first shard arrives", async () => {
  let release;
  const held = new Promise((r) => { release = r; });
  const s = await withFirstShard(async (route) => { await held; await route.continue(); }, "客户画像 应收账款");
  await s.page.waitForSelector("#search-results li.search-page > a", { timeout: 30000 });
  assert.equal(await s.page.getAttribute("#search-results", "data-complete"), "false", "one shard still held");
  assert.ok(s.seen.length >= 2, s.seen.join(" "));
  release();
  await complete(s.page);
  assert.deepEqual(s.errors, []);
  await s.context.close();
});

await test("a missing shard (404) gives a message and the other shards' results", async () => {
  const s = await withFirstShard((route) => route.fulfill({ status: 404, body: "not found" }), "客户画像 应收账款");
  await complete(s.page);
  assert.ok(s.seen.length >= 2, s.seen.join(" "));
  assert.match(await s.page.locator("#search-results .search-error").textContent(), /搜索索引的一部分无法加载：文件无法下载（HTTP 404）/);
  assert.ok((await s.page.locator("#search-results li.search-page > a").count()) > 0, "results of the other shards");
  await s.page.screenshot({ path: join(shots, "search-404.png") });
  assert.deepEqual(ours(s.errors), []);
  await s.context.close();
});

await test("a truncated shard gives a message and the other shards' results", async () => {
  const s = await withFirstShard(async (route) => {
    const r = await route.fetch();
    const body = await r.body();
    await route.fulfill({ response: r, body: body.subarray(0, body.length >> 1) });
  }, "客户画像 应收账款");
  await complete(s.page);
  assert.match(await s.page.locator("#search-results .search-error").textContent(), /文件不完整或已损坏/);
  assert.ok((await s.page.locator("#search-results li.search-page > a").count()) > 0);
  assert.deepEqual(ours(s.errors), []);
  await s.context.close();
});

await test("a shard of another build is fetched again past the caches", async () => {
  const s = await withFirstShard(async (route) => {
    const r = await route.fetch();
    const text = await r.text();
    // Another version in its header; the body and its hash intact.
    await route.fulfill({ response: r, body: "0".repeat(16) + text.slice(16) });
  }, "客户画像 应收账款");
  await complete(s.page);
  assert.equal(await s.page.locator("#search-results .search-error").count(), 0);
  assert.equal(new Set(s.seen).size, s.seen.length - 1, "one shard asked for twice: " + s.seen.join(" "));
  assert.deepEqual(s.errors, []);
  await s.context.close();
});

console.log("screenshots: " + shots);
done();
