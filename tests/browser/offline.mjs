// Offline reading that respects a phone, in headless Chromium against the default course:
// the first visit caches only the shell and the page being read (under 1 MB), pages are
// kept as they are read, a page never saved says so offline, and "save this part" shows
// its size and saves it on request.
import { launch, test, done, assert, BASE } from "./lib.mjs";

const { context, errors } = await launch();
const page = await context.newPage();

const cached = () => page.evaluate(async () => {
  const out = { urls: [], bytes: 0 };
  for (const k of await caches.keys()) {
    const c = await caches.open(k);
    for (const r of await c.keys()) {
      out.urls.push(new URL(r.url).pathname);
      out.bytes += (await (await c.match(r)).arrayBuffer()).byteLength;
    }
  }
  return out;
});
const waitCached = (path) => page.waitForFunction(async (p) => {
  for (const k of await caches.keys()) if (await (await caches.open(k)).match(new URL(p, location.origin).href)) return true;
  return false;
}, path, { timeout: 15000 });

await test("the first visit caches the shell and this page, under 1 MB, nothing else", async () => {
  await page.goto(BASE + "visits/");
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await waitCached("/visits/");
  const c = await cached();
  assert.ok(c.bytes <= 1_000_000, c.bytes + " bytes");
  assert.ok(c.urls.includes("/") && c.urls.includes("/assets/style.css"), JSON.stringify(c.urls));
  assert.ok(!c.urls.some((u) => u.startsWith("/value/") || u.includes("/search/")), JSON.stringify(c.urls));
  assert.deepEqual(errors, []);
});

await test("a page read online is there offline; a page never read says so", async () => {
  await page.goto(BASE + "value/why-customers/");
  await waitCached("/value/why-customers/");
  await page.goto(BASE + "search/");
  await waitCached("/search/");
  await context.setOffline(true);
  // Search without its index saved: a message where the results go, not a blank page.
  await page.goto(BASE + "search/?q=" + encodeURIComponent("客户"));
  await page.waitForFunction(() => /搜索索引也还没有保存/.test(document.querySelector("#search-results").textContent));
  await page.goto(BASE + "value/why-customers/");
  assert.match(await page.locator("h1").first().textContent(), /客户/);
  await page.goto(BASE + "planning/buying-organization/");
  assert.equal(await page.locator("h1").textContent(), "本页未保存到本设备");
  assert.ok(await page.locator('a[href$="/"]').count() >= 1, "a link home");
  await page.goto(BASE + "en/planning/buying-organization/");
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  await context.setOffline(false);
});

await test("saving a part shows its size, saves on request, and its pages read offline", async () => {
  await page.goto(BASE + "planning/");
  const box = page.locator('.offline-save[data-offline="planning/"]');
  await box.waitFor({ state: "visible" });
  assert.match(await box.locator("button").textContent(), /（\d+(\.\d)? (KB|MB)）$/);
  await box.locator("button").click();
  await page.waitForFunction(() => /已保存在本设备/.test(document.querySelector(".offline-status").textContent), null, { timeout: 30000 });
  await context.setOffline(true);
  await page.goto(BASE + "planning/buying-organization/");
  assert.notEqual(await page.locator("h1").first().textContent(), "本页未保存到本设备");
  await page.goto(BASE + "visits/visit-plan/");
  assert.equal(await page.locator("h1").textContent(), "本页未保存到本设备", "another part was not saved");
  await context.setOffline(false);
  // The home page offers the whole course, with its size.
  await page.goto(BASE);
  const all = page.locator('.offline-save[data-offline="all"]');
  await all.waitFor({ state: "visible" });
  assert.match(await all.locator("button").textContent(), /MB）$/);
  // A part page revisited knows it is saved.
  await page.goto(BASE + "planning/");
  await page.waitForFunction(() => /已保存在本设备/.test(document.querySelector(".offline-status").textContent), null, { timeout: 15000 });
});

await context.close();
done();
