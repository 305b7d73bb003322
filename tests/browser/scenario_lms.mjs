// A scenario in an LMS package under a real SCORM runtime (scorm-again, see lms.mjs):
// playing it to an ending records one `performance` interaction with the steps and
// choices taken and the run's share of the best score, enters the course score (the mean
// of every graded item's best percentage) and the suspend data; a relaunch with that
// suspend data alone (empty browser storage) shows the run on the progress page.
// usage: node scenario_lms.mjs BASE FORMAT SCENARIO_PAGE
import { launch, test, done, assert, BASE } from "./lib.mjs";
import { courseFrame } from "./course.mjs";

const [format, scenarioPage] = process.argv.slice(3);
const v12 = format === "scorm12";
const apiName = v12 ? "API" : "API_1484_11";
const { context, errors } = await launch();
// A failed request names its URL (the console message does not).
const failed = [];
context.on("response", (r) => { if (r.status() >= 400) failed.push(r.status() + " " + r.url()); });
// The browser's own request for the test LMS page's /favicon.ico is not the course's.
const favicon = [];
context.on("console", (m) => { if (m.type() === "error" && m.location().url.endsWith("/favicon.ico")) favicon.push(m.text()); });

const cmi = (page, path) => page.evaluate(([name, p]) => {
  let v = window[name].cmi;
  for (const k of p.split(".")) v = v == null ? v : v[k];
  return v;
}, [apiName, path]);
let saved = null;

await test(`${format}: a finished scenario run is a performance interaction`, async () => {
  const page = await context.newPage();
  await page.goto(BASE + "harness/harness.html?format=" + format);
  await page.evaluate(() => localStorage.clear());
  await page.evaluate(() => window.launch(null, false));
  const course = await courseFrame(page, (url) => url.includes("/pkg/"));
  await course.goto(BASE + "pkg/" + scenarioPage);
  await course.waitForSelector('[data-widget="scenario"][data-state="ready"]', { timeout: 15000 });
  // The recovery path of the fixture: cut the price (B), go back to compare (A), then
  // compare item by item (A): -2 + 1 + 3 = 2 of the best 5 points, 40%.
  for (const c of [1, 0, 0]) await course.click('.scenario-options button[data-choice="' + c + '"]');
  await course.waitForSelector(".scenario-current.scenario-ending");
  await page.waitForFunction(() => window.calls.some(([k]) => /^cmi\.interactions\.\d+\.result$/.test(k)));
  const got = await page.evaluate(() => Object.fromEntries(window.calls.filter(([k]) => k.startsWith("cmi.interactions.0.")).map(([k, v]) => [k.slice(19), String(v)])));
  assert.equal(got.id, "scenario.price");
  assert.equal(got.type, "performance");
  assert.equal(got.result, "0.4");
  if (v12) assert.equal(got.student_response, "open:B,cut:A,compare:A");
  else assert.equal(got.learner_response, "open[.]B[,]cut[.]A[,]compare[.]A");
  assert.equal(await page.evaluate((n) => window[n].isInitialized(), apiName), true);
  // The course score: the fixture's quiz (not taken, 0) and this run (40%): 20.
  await page.waitForFunction(([n, v]) => String(v ? window[n].cmi.core.score.raw : window[n].cmi.score.raw) === "20", [apiName, v12]);
  if (v12) assert.equal(await cmi(page, "core.lesson_status"), "incomplete");
  else assert.equal(await cmi(page, "completion_status"), "incomplete");
  await page.evaluate(() => window.unload());
  await page.waitForFunction((n) => window[n].isTerminated(), apiName);
  saved = await cmi(page, "suspend_data");
  assert.match(saved, /^2[0-9A-HJKMNP-TV-Z]+$/, "packed progress of format 2");
  await page.close();
});

await test(`${format}: a relaunch restores the scenario run from suspend data alone`, async () => {
  assert.ok(saved, "needs the first test");
  const page = await context.newPage();
  await page.goto(BASE + "harness/harness.html?format=" + format);
  await page.evaluate(() => localStorage.clear());
  const state = v12 ? { suspend_data: saved, core: { entry: "resume" } } : { suspend_data: saved, entry: "resume" };
  await page.evaluate((s) => window.launch(s, false), state);
  const course = await courseFrame(page, (url) => url.includes("/pkg/"));
  await course.goto(BASE + "pkg/progress/index.html");
  await course.waitForSelector('[data-widget="progress"]');
  const row = course.locator('tr[data-scenario-id="price"]');
  await course.waitForFunction(() => document.querySelector('tr[data-scenario-id="price"] [data-field="best"]').textContent === "40%");
  assert.equal(await row.locator('[data-field="attempts"]').textContent(), "1");
  // The scenario page shows the restored run at its ending.
  await course.goto(BASE + "pkg/" + scenarioPage);
  await course.waitForSelector('[data-widget="scenario"][data-state="ready"]', { timeout: 15000 });
  assert.ok(await course.locator(".scenario-current.scenario-ending").count() === 1, "the run is shown at its ending");
  await page.close();
});

await test("no console errors, no failed request", async () => {
  assert.deepEqual(failed, []);
  assert.deepEqual(errors.filter((e) => !favicon.includes(e) || (favicon.splice(favicon.indexOf(e), 1), false)), []);
});

await context.close();
done();
