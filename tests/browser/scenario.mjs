// The visit scenarios of the default course (issue 15), in headless Chromium against the
// built site: each is played to its best and to its worst ending in both languages, with
// the reaction and feedback after every choice, "back one step", a reload in the middle
// that resumes the run, a stored run of an older graph discarded with a notice, focus on
// the new step, the run on the progress page, and no console errors, at 390×844 and on a
// desktop. With a folder as second argument, screenshots are written there.
import { assert, BASE, done, launch, test } from "./lib.mjs";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const SHOTS = process.argv[3];
if (SHOTS) mkdirSync(SHOTS, { recursive: true });
const { context, errors } = await launch();
const page = await context.newPage();
async function shot(name) {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, name + ".png"), fullPage: false });
}

// Each scenario: its page, and the choices (by their written index) of the best and the
// worst path, with the points the toolkit reports at the end.
const SCENARIOS = [
  { id: "visit-xiao-wang", page: "visits/case-xiao-wang/", best: [0, 0, 0, 0, 0, 0, 0, 0], bestScore: 16, worst: [1, 1, 1, 1, 1, 2], worstScore: -7, worstEnding: "lost" },
  { id: "visit-key-person", page: "visits/key-person-man/", best: [0, 0, 0, 0, 0, 0, 0], bestScore: 14, worst: [1, 1, 1], worstScore: -3, worstEnding: "stalled" },
  { id: "visit-price-objection", page: "visits/competition-price/", best: [0, 0, 0, 0, 0], bestScore: 10, worst: [2, 1], worstScore: -6, worstEnding: "thin" },
];

async function scenario(id) {
  const root = page.locator('[data-scenario-id="' + id + '"]');
  await page.waitForSelector('[data-scenario-id="' + id + '"][data-state="ready"]', { timeout: 15000 });
  return root;
}

// Clicks the option whose written index is `c` and checks the reaction shown after it.
async function choose(root, c) {
  const b = root.locator('.scenario-options button[data-choice="' + c + '"]');
  assert.equal(await b.count(), 1, "choice " + c + " is offered");
  await b.click();
  const outcome = root.locator(".scenario-outcome");
  // The reaction is said in words with an icon, not only by colour.
  assert.match(await outcome.locator(".scenario-reaction").innerText(), /(☺|😐|☹) (客户|The customer)/);
  assert.ok((await outcome.locator(".scenario-feedback").innerText()).trim().length > 5);
}

async function play(root, path) {
  for (const c of path) await choose(root, c);
  return root.locator(".scenario-current.scenario-ending");
}

for (const lang of ["zh", "en"]) {
  for (const s of SCENARIOS) {
    const url = BASE + (lang === "en" ? "en/" : "") + s.page;
    await test(lang + " " + s.id + ": the best path ends at the best ending, rated excellent", async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(url);
      await page.evaluate((k) => localStorage.removeItem(k), "playbook:scenario:" + s.id);
      await page.reload();
      const root = await scenario(s.id);
      // One step at a time: the worksheet is hidden, the player shows the first step.
      assert.equal(await root.locator(".scenario-sheet").isVisible(), false);
      assert.equal(await root.locator(".scenario-current").count(), 1);
      const ending = await play(root, s.best);
      assert.equal(await ending.count(), 1);
      const rating = await root.locator(".scenario-rating").innerText();
      assert.match(rating, lang === "zh" ? /优秀/ : /Excellent/);
      assert.match(rating, new RegExp("\\b" + s.bestScore + "\\b.*100%"));
      // The path taken lists every choice made.
      assert.equal(await root.locator(".scenario-path li").count(), s.best.length);
      assert.ok((await root.locator(".scenario-debrief").innerText()).trim().length > 20);
      const rec = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), "playbook:scenario:" + s.id));
      assert.equal(rec.best, 100);
      assert.equal(rec.attempts, 1);
      assert.equal(rec.hash, await root.getAttribute("data-hash"));
      if (lang === "zh") { await root.scrollIntoViewIfNeeded(); await shot(s.id + "-best-390"); }
      // Replay starts from the first step again.
      await root.locator('button[data-action="restart"]').click();
      assert.equal(await root.locator(".scenario-current.scenario-ending").count(), 0);
      assert.equal(await root.locator(".scenario-outcome").count(), 0);
    });

    await test(lang + " " + s.id + ": the worst path ends badly, rated needs work", async () => {
      await page.goto(url);
      const root = await scenario(s.id);
      const ending = await play(root, s.worst);
      assert.equal(await ending.count(), 1);
      const rating = await root.locator(".scenario-rating").innerText();
      assert.match(rating, lang === "zh" ? /需改进/ : /Needs work/);
      assert.match(rating, new RegExp(s.worstScore + "\\D.*\\b0%"));
      const rec = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), "playbook:scenario:" + s.id));
      assert.equal(rec.ending, s.worstEnding);
      assert.equal(rec.last, 0);
      assert.equal(rec.best, 100, "the best run is kept");
      assert.equal(rec.attempts, 2);
    });
  }
}

await test("back one step, reload in the middle and resume, keyboard and focus", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  const url = BASE + "visits/case-xiao-wang/";
  await page.goto(url);
  let root = await scenario("visit-xiao-wang");
  if (await root.locator('button[data-action="restart"]').count()) await root.locator('button[data-action="restart"]').click();
  await choose(root, 0);
  await choose(root, 1);
  const title2 = await root.locator(".scenario-current .scenario-step-title").innerText();
  // Focus moves to the new step's heading; a live region says what happened.
  assert.equal(await page.evaluate(() => document.activeElement.className), "scenario-step-title");
  assert.match(await root.locator('[data-role="live"]').innerText(), /客户/);
  assert.equal(await root.locator('[data-role="live"]').getAttribute("aria-live"), "polite");
  await choose(root, 0);
  await shot("back-before-390");
  await root.locator('button[data-action="back"]').click();
  assert.equal(await root.locator(".scenario-current .scenario-step-title").innerText(), title2);
  assert.match(await root.locator(".scenario-status").innerText(), /第 3 步 · 得分 1/);
  // Reload in the middle: the run resumes at the same step with the same score.
  await page.reload();
  root = await scenario("visit-xiao-wang");
  assert.equal(await root.locator(".scenario-current .scenario-step-title").innerText(), title2);
  assert.match(await root.locator(".scenario-status").innerText(), /第 3 步 · 得分 1/);
  // Keyboard only: Tab to the first option and press Enter.
  await root.locator(".scenario-options button").first().focus();
  await page.keyboard.press("Enter");
  assert.match(await root.locator(".scenario-status").innerText(), /第 4 步/);
  await shot("resumed-390");
});

await test("a stored run of an older version of the scenario is discarded with a notice", async () => {
  const url = BASE + "en/visits/competition-price/";
  await page.goto(url);
  // Plant the old run only once this load's player is up: a player still starting could
  // read the planted run, discard it (with the notice) and save over it before the reload.
  await scenario("visit-price-objection");
  await page.evaluate(() => localStorage.setItem("playbook:scenario:visit-price-objection", JSON.stringify({ hash: "00000000", path: [0, 0, 0], best: 40, attempts: 1 })));
  await page.reload();
  const root = await scenario("visit-price-objection");
  assert.match(await root.locator(".scenario-notice").innerText(), /changed since you last practised/);
  assert.match(await root.locator(".scenario-status").innerText(), /Step 1 · score 0/);
  const rec = JSON.parse(await page.evaluate(() => localStorage.getItem("playbook:scenario:visit-price-objection")));
  assert.deepEqual(rec.path, []);
  assert.equal(rec.hash, await root.getAttribute("data-hash"));
  // A path this graph cannot play (choice 9 does not exist) is discarded too.
  await page.evaluate((h) => localStorage.setItem("playbook:scenario:visit-price-objection", JSON.stringify({ hash: h, path: [9] })), rec.hash);
  await page.reload();
  await scenario("visit-price-objection");
  assert.match(await page.locator(".scenario-notice").innerText(), /does not fit this version/);
});

await test("desktop: one step at a time, and the progress page shows the runs", async () => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(BASE + "en/visits/key-person-man/");
  const root = await scenario("visit-key-person");
  if (await root.locator('button[data-action="restart"]').count()) await root.locator('button[data-action="restart"]').click();
  await choose(root, 0);
  await root.scrollIntoViewIfNeeded();
  await shot("key-person-desktop");
  await page.goto(BASE + "en/progress/");
  const row = page.locator('tr[data-scenario-id="visit-key-person"]');
  await page.waitForSelector('[data-widget="progress"][data-state="ready"]');
  assert.match(await row.locator('[data-field="best"]').innerText(), /100%/);
  assert.equal(await row.locator('[data-field="attempts"]').innerText(), "2");
  await shot("progress-desktop");
});

await test("no console errors", async () => {
  assert.deepEqual(errors, []);
});

await context.close();
done();
