// A cmi5 package under a small local LMS (lrs.mjs): the launch page is opened with the
// cmi5 launch parameters, as an LMS launches an AU; quizzes are answered in its frame; the
// statements the LRS recorded are checked (verbs and their order, registration, session id,
// categories, result, mastery score, durations), then a relaunch must bring the answers
// back from the State API alone. Also: the learner's language preference, Browse mode, the
// return URL, an LRS that fails, and no LMS at all.
// usage: node cmi5.mjs PACKAGE_DIR QUIZ_PAGE_1 QUIZ_PAGE_2 (paths inside the package)
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { launch, test, done, assert } from "./lib.mjs";
import { courseFrame as findCourse, answerQuiz } from "./course.mjs";
import { startLrs, servePackage } from "./lrs.mjs";

const [dir, page1, page2] = process.argv.slice(2);
const lrs = await startLrs();
const pkg = await servePackage(dir, lrs.origin);
const { context, errors } = await launch();

const SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
const MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
const CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
const MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const DURATION = /^PT(\d+H)?(\d+M)?(\d+(\.\d+)?S)?$/;
const publisherId = /<au id="([^"]+)"/.exec(readFileSync(dir + "/cmi5.xml", "utf8"))[1];
const actor = { objectType: "Agent", name: "Learner One", account: { homePage: "https://lms.example.invalid", name: "learner-1" } };
const activityId = "https://lms.example.invalid/activities/" + randomUUID();

const courseFrame = (page) => findCourse(page, (url) => url.startsWith(pkg.origin));

// Launches the AU as an LMS does; the browser's storage starts empty.
async function open(options) {
  const registration = options.registration || randomUUID();
  const launchData = {
    actor, registration, activityId, publisherId, launchMode: "Normal", masteryScore: 0.8, moveOn: "CompletedAndPassed",
    ...options,
  };
  const { query, session } = lrs.prepare(launchData);
  const page = await context.newPage();
  await page.goto(pkg.origin + "/blank.html");
  await page.evaluate(() => localStorage.clear());
  await page.goto(pkg.origin + "/lms.html" + query);
  return { page, course: await courseFrame(page), session, registration };
}

// Answers the quiz on `path` of the package (see course.mjs); returns the percentage.
const answer = async (course, path, wrongLast) => (await answerQuiz(course, pkg.origin + "/" + path, wrongLast)).pct;

const ofSession = (session) => lrs.statements.filter((s) => s.context && s.context.extensions && s.context.extensions[SESSION] === session);
const verbs = (list) => list.map((s) => s.verb.id.split("/").pop());

// Waits (bounded) until the session's statements satisfy `ok`.
async function until(session, ok, what) {
  for (let i = 0; i < 200; i++) {
    if (ok(ofSession(session))) return ofSession(session);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("the LRS never got " + what + "; it has " + JSON.stringify(verbs(ofSession(session))));
}
const ended = (session) => until(session, (l) => l.some((s) => s.verb.id.endsWith("/terminated")), "terminated");

async function leave(page, session) {
  await page.goto("about:blank");
  const list = await ended(session);
  await page.close();
  return list;
}

function categories(s) {
  return ((s.context.contextActivities || {}).category || []).map((a) => a.id);
}

let first = null;
let reg = null;

await test("cmi5: initialized, completed, passed and terminated, each as the spec says", async () => {
  const { page, course, session, registration } = await open({});
  reg = registration;
  await until(session, (l) => l.length >= 1, "initialized");
  first = await answer(course, page1, true);
  assert.ok(first > 0 && first < 100, "partly right: " + first);
  // One quiz of two: nothing to report yet but the progress.
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(verbs(ofSession(session)), ["initialized"]);
  assert.equal(await answer(course, page2, false), 100);
  const total = Math.round((first + 100) / 2);
  assert.ok(total >= 80, "the course is passed against 0.8: " + total);
  await until(session, (l) => l.length >= 3, "completed and passed");
  // moveOn CompletedAndPassed is met: the learner is told, once the LRS took both.
  const notice = page.locator('[data-role="notice"]');
  await notice.waitFor({ state: "visible" });
  assert.match(await notice.textContent(), /学习平台已记录/);
  const list = await leave(page, session);

  assert.deepEqual(verbs(list), ["initialized", "completed", "passed", "terminated"]);
  const stamps = list.map((s) => Date.parse(s.timestamp));
  assert.deepEqual(stamps, [...stamps].sort((a, b) => a - b), "in time order");
  assert.equal(new Set(list.map((s) => s.id)).size, 4);
  for (const s of list) {
    const v = s.verb.id;
    assert.match(s.id, UUID);
    assert.match(s.timestamp, /Z$/, "UTC");
    assert.ok(v.startsWith("http://adlnet.gov/expapi/verbs/"), v);
    assert.deepEqual(s.actor, actor);
    assert.equal(s.object.id, activityId);
    assert.equal(s.context.registration, registration);
    assert.equal(s.context.extensions[SESSION], session);
    assert.deepEqual(s.context.contextActivities.grouping, [{ id: publisherId, objectType: "Activity" }], "the template's grouping");
    const cats = categories(s);
    assert.ok(cats.includes(CMI5), v);
    const judged = /\/(completed|passed|failed)$/.test(v);
    assert.equal(cats.includes(MOVEON), judged, "moveOn category only with success or completion: " + v);
    assert.equal("score" in (s.result || {}), /\/(passed|failed)$/.test(v), "score only in passed/failed: " + v);
  }
  const [init, completed, passed, terminated] = list;
  assert.equal(init.result, undefined);
  assert.equal(completed.result.completion, true);
  assert.equal(completed.result.success, undefined);
  assert.match(completed.result.duration, DURATION);
  assert.equal(passed.result.success, true);
  assert.deepEqual(passed.result.score, { scaled: total / 100, raw: total, min: 0, max: 100 });
  assert.equal(passed.context.extensions[MASTERY], 0.8);
  assert.match(passed.result.duration, DURATION);
  assert.match(terminated.result.duration, DURATION);
  assert.equal(terminated.result.completion, undefined);
  assert.equal(terminated.context.extensions[MASTERY], undefined);
  // The auth token was fetched once, by POST, and every xAPI call carried it.
  const fetches = lrs.requests.filter((r) => r.path === "/fetch");
  assert.equal(fetches.length, 1);
  assert.equal(fetches[0].method, "POST");
  const token = list[0].token;
  for (const r of lrs.requests.filter((x) => x.path.startsWith("/xapi/") && x.method !== "OPTIONS")) {
    assert.equal(r.auth, "Basic " + token, r.method + " " + r.path);
    assert.equal(r.version, "1.0.3");
    // None refused; no learner preferences and no progress yet: those are not found.
    const none = r.method === "GET" && (r.path === "/xapi/agents/profile" || (r.path === "/xapi/activities/state" && r.query.stateId !== "LMS.LaunchData"));
    const expected = none ? 404 : 299;
    assert.ok(r.status <= expected, r.method + " " + r.path + " → " + r.status);
  }
  // The LMS.LaunchData document is read, never written; the progress is.
  const writes = lrs.requests.filter((r) => r.path === "/xapi/activities/state" && r.method !== "GET" && r.method !== "OPTIONS");
  assert.ok(writes.length > 0 && writes.every((r) => r.query.stateId !== "LMS.LaunchData"));
  assert.ok(writes.every((r) => r.query.registration === registration && r.query.activityId === activityId && JSON.parse(r.query.agent).account.name === "learner-1"));
  assert.ok(lrs.requests.some((r) => r.path === "/xapi/agents/profile" && r.query.profileId === "cmi5LearnerPreferences"));
});

await test("cmi5: a relaunch brings the answers back from the State API, and nothing is reported twice", async () => {
  assert.ok(reg, "needs the first test");
  const { page, course, session } = await open({ registration: reg });
  await course.goto(pkg.origin + "/" + page1);
  await course.waitForSelector('[data-widget="quiz"][data-state="ready"]', { timeout: 15000 });
  const checked = await course.$$eval(".quiz-question", (qs) => qs.map((q) => Array.from(q.querySelectorAll("input:checked")).map((i) => i.value).join(",")));
  assert.ok(checked.every((c) => c !== ""), "every question answered again: " + JSON.stringify(checked));
  const score = await course.locator('[data-role="score"]').first().textContent();
  assert.ok(score.includes(first + "%"), score);
  // Completed and passed went in the first session of this registration: not again.
  assert.equal(await answer(course, page2, false), 100);
  const list = await leave(page, session);
  assert.deepEqual(verbs(list), ["initialized", "terminated"]);
});

await test("cmi5: the learner's languagePreference opens the English course, and Exit goes to the returnURL", async () => {
  const { page, course, session } = await open({ preferences: { languagePreference: "en-US,zh-CN", audioPreference: "on" }, returnURL: lrs.origin + "/return" });
  assert.ok(course.url().startsWith(pkg.origin + "/en/"), course.url());
  assert.equal(await course.evaluate(() => document.documentElement.lang), "en");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "en");
  const exit = page.locator('[data-role="exit"]');
  assert.equal(await exit.textContent(), "Exit course");
  await until(session, (l) => l.length >= 1, "initialized");
  await Promise.all([page.waitForURL(lrs.origin + "/return"), exit.click()]);
  const list = await ended(session);
  assert.deepEqual(verbs(list), ["initialized", "terminated"]);
  await page.close();
});

await test("cmi5: in Browse mode only initialized and terminated are sent, and no progress is written", async () => {
  const writesBefore = lrs.requests.filter((r) => r.path === "/xapi/activities/state" && r.method === "PUT").length;
  const { page, course, session } = await open({ launchMode: "Browse" });
  const notice = page.locator('[data-role="notice"]');
  await notice.waitFor({ state: "visible" });
  assert.match(await notice.textContent(), /浏览模式|Browse mode/);
  await answer(course, page1, false);
  await answer(course, page2, false);
  const list = await leave(page, session);
  assert.deepEqual(verbs(list), ["initialized", "terminated"]);
  assert.equal(lrs.requests.filter((r) => r.path === "/xapi/activities/state" && r.method === "PUT").length, writesBefore);
});

await test("cmi5: the LMS's masteryScore overrides the package's; failed is sent once, at the end", async () => {
  const { page, course, session } = await open({ masteryScore: 0.9 });
  const pct = await answer(course, page1, true);
  await answer(course, page2, false);
  const total = Math.round((pct + 100) / 2);
  assert.ok(total >= 80 && total < 90, "passed against the package's 80, failed against 90: " + total);
  await until(session, (l) => l.length >= 2, "completed");
  const list = await leave(page, session);
  assert.deepEqual(verbs(list), ["initialized", "completed", "failed", "terminated"]);
  const failed = list[2];
  assert.equal(failed.result.success, false);
  assert.deepEqual(failed.result.score, { scaled: total / 100, raw: total, min: 0, max: 100 });
  assert.equal(failed.context.extensions[MASTERY], 0.9);
  assert.ok(categories(failed).includes(MOVEON));
  assert.match(failed.result.duration, DURATION);
});

await test("cmi5: an LRS that answers 500 shows the notice once, and the course works", async () => {
  lrs.fail = "statements";
  try {
    const { page, course } = await open({});
    const notice = page.locator('[data-role="notice"]');
    await notice.waitFor({ state: "visible" });
    assert.equal(await notice.getAttribute("data-kind"), "error");
    await notice.locator("button").click();
    assert.ok(await notice.isHidden());
    assert.equal(await answer(course, page1, false), 100);
    assert.equal(await answer(course, page2, false), 100);
    // More failed calls, no second notice.
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(await notice.isHidden(), "shown once: " + (await notice.textContent()));
    await page.close();
    lrs.fail = "fetch";
    const second = await open({});
    const n2 = second.page.locator('[data-role="notice"]');
    await n2.waitFor({ state: "visible" });
    assert.equal(await n2.getAttribute("data-kind"), "error");
    assert.equal(await answer(second.course, page1, false), 100);
    await second.page.close();
  } finally {
    lrs.fail = null;
  }
});

await test("cmi5: without launch parameters the package is the plain site", async () => {
  const before = lrs.requests.length;
  const page = await context.newPage();
  await page.goto(pkg.origin + "/lms.html");
  const course = await courseFrame(page);
  assert.ok(await page.locator('[data-role="notice"]').isHidden());
  assert.equal(await answer(course, page1, false), 100);
  await page.close();
  assert.equal(lrs.requests.length, before, "no request to the LMS");
});

await test("cmi5: no console errors but the failures asked for", async () => {
  assert.deepEqual(errors.filter((e) => !e.startsWith("Failed to load resource")), []);
});
await context.close();
lrs.close();
pkg.close();
done();
