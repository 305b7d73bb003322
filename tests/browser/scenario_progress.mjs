// Scenario runs beyond the scenario page, in headless Chromium against the scenario
// fixture: a scenario page read online plays to an ending offline after a reload (service
// worker); the progress page shows the runs, its CSV export has a row per scenario, and its
// hand-in code carries the last finished run (tests/testsuite/scenario_results.rs grades it
// with `playbook results`). Prints `RESULT {json}`.
// usage: node scenario_progress.mjs BASE SCREENSHOT
import { launch, test, done, assert, BASE, ready } from "./lib.mjs";

const SCREENSHOT = process.argv[3];
const { context, errors } = await launch();
const page = await context.newPage();
await page.setViewportSize({ width: 390, height: 844 });
const result = {};
const choose = async (c) => page.click('.scenario-options button[data-choice="' + c + '"]');

await test("a scenario page read online plays to an ending offline after a reload", async () => {
  await page.goto(BASE + "en/part/visit/");
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await ready(page, "scenario");
  // Offline only once the page and everything it loaded (the player's script and wasm)
  // are in the offline cache: on a busy machine the worker stores them after the page.
  await page.waitForFunction(async () => {
    const urls = [location.href, ...performance.getEntriesByType("resource")
      .map((e) => e.name).filter((u) => u.startsWith(location.origin) && !u.includes("/search/"))];
    const keys = await caches.keys();
    for (const u of urls) {
      let found = false;
      for (const k of keys) if (await (await caches.open(k)).match(u)) { found = true; break; }
      if (!found) return false;
    }
    return true;
  }, null, { timeout: 15000 });
  await context.setOffline(true);
  await page.reload();
  await ready(page, "scenario");
  // The best path: ask what they compare (A), compare item by item (A): 5 of 5 points.
  await choose(0);
  await choose(0);
  await page.waitForSelector(".scenario-current.scenario-ending");
  assert.match(await page.locator(".scenario-rating").textContent(), /100% of the best score/);
  // Again, the recovery path: cut (B), back to compare (A), compare (A): 2 of 5, 40%.
  await page.click('button[data-action="restart"]');
  for (const c of [1, 0, 0]) await choose(c);
  await page.waitForSelector(".scenario-current.scenario-ending");
  assert.match(await page.locator(".scenario-rating").textContent(), /40% of the best score/);
  await context.setOffline(false);
});

await test("the progress page lists the runs and exports them as CSV rows", async () => {
  await page.goto(BASE + "en/progress/?class=KA");
  await ready(page, "progress");
  const row = page.locator('tr[data-scenario-id="price"]');
  assert.equal(await row.locator('[data-field="best"]').textContent(), "100%");
  assert.equal(await row.locator('[data-field="attempts"]').textContent(), "2");
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator('button[data-action="export-csv"]').click()]);
  const csv = Buffer.concat(await (await download.createReadStream()).toArray()).toString("utf8");
  const lines = csv.replace(/^\ufeff/, "").trim().split("\n");
  assert.equal(lines[0], "course,version,name,class,id,chapter,best,last,attempts,date");
  const runRow = lines.find((l) => l.includes(",scenario:price,"));
  assert.ok(runRow, csv);
  assert.match(runRow, /,scenario:price,A price objection,100,40,2,\d{4}-\d{2}-\d{2}$/);
});

await test("the hand-in code carries the last finished run", async () => {
  await page.locator("#handin-name").fill("ann@example.com");
  await page.locator('button[data-action="handin"]').click();
  await page.waitForSelector('[data-role="handin-result"]:not([hidden])');
  result.code = await page.locator("#handin-code").inputValue();
  assert.match(result.code, /^PB2-[0-9A-HJKMNP-TV-Z]+$/);
  if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT, fullPage: true });
});

await test("reset all progress removes the runs too, and Undo brings them back", async () => {
  const best = page.locator('tr[data-scenario-id="price"] [data-field="best"]');
  await page.locator('button[data-action="reset"]').click();
  assert.match(await page.locator('[data-role="reset-confirm"]').innerText(), /This deletes (the scores and answers of \d+ chapter quiz(zes)? and )?the runs of 1 visit simulation kept in this browser/);
  assert.equal(await best.textContent(), "100%", "nothing is removed yet");
  await page.locator('button[data-action="reset-confirm"]').click();
  assert.equal(await best.textContent(), "—");
  assert.equal(await page.evaluate(() => localStorage.getItem("playbook:scenario:price")), null);
  assert.match(await page.locator('[data-role="reset-message"]').innerText(), /Progress of (\d+ chapters? and )?1 visit simulation was reset\.\s*Undo/);
  await page.locator('[data-role="reset-message"] button[data-action="undo"]').click();
  assert.equal(await best.textContent(), "100%");
});

await test("no console errors", async () => {
  assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED/.test(e)), []);
});

console.log("RESULT " + JSON.stringify(result));
await context.close();
done();
