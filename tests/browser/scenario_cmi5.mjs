// A scenario in a cmi5 package under the small local LMS (lrs.mjs): a finished run is
// sent as one cmi5 allowed statement (verb `answered`, the scenario as a `performance`
// interaction activity of the AU, the run's share of the best score scaled, the steps
// and choices in a result extension, no cmi5 category), enters the course score, and a
// relaunch of the same registration shows the run again from the State API alone.
// usage: node scenario_cmi5.mjs PACKAGE_DIR SCENARIO_PAGE
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { launch, test, done, assert } from "./lib.mjs";
import { courseFrame as findCourse } from "./course.mjs";
import { startLrs, servePackage } from "./lrs.mjs";

const [dir, scenarioPage] = process.argv.slice(2);
const lrs = await startLrs();
const pkg = await servePackage(dir, lrs.origin);
const { context, errors } = await launch();
// A failed request names its URL: only the LRS's documents the learner does not have yet
// (no progress state, no preferences: 404) may fail.
const failed = [];
context.on("response", (r) => { if (r.status() >= 400) failed.push(r.request().method() + " " + r.status() + " " + r.url()); });

const SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
const CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
const PATH = "https://playbook.invalid/xapi/extensions/scenario-path";
const publisherId = /<au id="([^"]+)"/.exec(readFileSync(dir + "/cmi5.xml", "utf8"))[1];
const actor = { objectType: "Agent", name: "Learner One", account: { homePage: "https://lms.example.invalid", name: "learner-1" } };
const activityId = "https://lms.example.invalid/activities/" + randomUUID();
const registration = randomUUID();

async function open() {
  const { query, session } = lrs.prepare({ actor, registration, activityId, publisherId, launchMode: "Normal", masteryScore: 0.8, moveOn: "CompletedAndPassed" });
  const page = await context.newPage();
  await page.goto(pkg.origin + "/blank.html");
  await page.evaluate(() => localStorage.clear());
  await page.goto(pkg.origin + "/lms.html" + query);
  return { page, course: await findCourse(page, (url) => url.startsWith(pkg.origin)), session };
}

const ofSession = (session) => lrs.statements.filter((s) => s.context && s.context.extensions && s.context.extensions[SESSION] === session);
async function until(session, ok, what) {
  for (let i = 0; i < 200; i++) {
    if (ok(ofSession(session))) return ofSession(session);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the LRS never got " + what + "; it has " + JSON.stringify(ofSession(session).map((s) => s.verb.id)));
}

await test("cmi5: a finished scenario run is an answered statement with its path", async () => {
  const { page, course, session } = await open();
  await course.goto(pkg.origin + "/" + scenarioPage);
  await course.waitForSelector('[data-widget="scenario"][data-state="ready"]', { timeout: 15000 });
  // The recovery path: cut (B), back to compare (A), compare item by item (A): 2 of 5, 40%.
  for (const c of [1, 0, 0]) await course.click('.scenario-options button[data-choice="' + c + '"]');
  await course.waitForSelector(".scenario-current.scenario-ending");
  const list = await until(session, (l) => l.some((s) => s.verb.id.endsWith("/answered")), "answered");
  const s = list.find((x) => x.verb.id.endsWith("/answered"));
  assert.equal(s.verb.id, "http://adlnet.gov/expapi/verbs/answered");
  assert.equal(s.object.id, activityId + "/scenario/price");
  assert.equal(s.object.definition.type, "http://adlnet.gov/expapi/activities/cmi.interaction");
  assert.equal(s.object.definition.interactionType, "performance");
  assert.deepEqual(s.result.score, { scaled: 0.4, raw: 40, min: 0, max: 100 });
  assert.equal(s.result.response, "open[.]B[,]cut[.]A[,]compare[.]A");
  assert.deepEqual(s.result.extensions[PATH], { steps: ["open", "cut", "compare", "signed"], choices: [1, 0, 0], ending: "signed", score: 2 });
  assert.equal(s.context.registration, registration);
  assert.deepEqual(s.context.contextActivities.parent, [{ id: activityId, objectType: "Activity" }]);
  const cats = (s.context.contextActivities.category || []).map((c) => c.id);
  assert.ok(!cats.includes(CMI5), "an allowed statement has no cmi5 category");
  // Nothing else judged yet: the quiz of the fixture is not taken.
  assert.ok(!list.some((x) => /\/(completed|passed|failed)$/.test(x.verb.id)), JSON.stringify(list.map((x) => x.verb.id)));
  // The state document (saved after the run) carries it.
  await until(session, () => lrs.requests.some((r) => r.method === "PUT" && r.path === "/xapi/activities/state" && r.query.stateId !== "LMS.LaunchData" && r.body.includes('"progress":"2')), "a state write of format 2");
  await page.close();
  await until(session, (l) => l.some((x) => x.verb.id.endsWith("/terminated")), "terminated");
});

await test("cmi5: a relaunch shows the run on the progress page from the State API alone", async () => {
  const { page, course } = await open();
  await course.goto(pkg.origin + "/progress/index.html");
  await course.waitForFunction(() => {
    const c = document.querySelector('tr[data-scenario-id="price"] [data-field="best"]');
    return c && c.textContent === "40%";
  }, null, { timeout: 15000 });
  await page.close();
});

await test("no console errors but the LRS's missing documents", async () => {
  assert.ok(failed.every((f) => f.startsWith("GET 404 " + lrs.origin + "/xapi/")), JSON.stringify(failed));
  assert.deepEqual(errors.filter((e) => !e.startsWith("Failed to load resource")), []);
});

await context.close();
lrs.close();
pkg.close();
done();
