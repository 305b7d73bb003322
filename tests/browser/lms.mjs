// An LMS package under a real SCORM runtime: scorm-again plays the LMS in a test page
// (harness/harness.html) and the package's launch page runs in its frame, served as an
// LMS serves files (folders do not resolve to index.html). Answers quizzes and asserts
// what the runtime recorded: score, status, interactions, suspend data; then relaunches
// with an empty browser storage and asserts the answers come back from suspend data.
// usage: node lms.mjs BASE FORMAT QUIZ_PAGE_1 QUIZ_PAGE_2
import { launch, test, done, assert, BASE } from "./lib.mjs";
import { courseFrame as findCourse, answerQuiz } from "./course.mjs";

const [format, page1, page2] = process.argv.slice(3);
const v12 = format === "scorm12";
const apiName = v12 ? "API" : "API_1484_11";
const { context, errors } = await launch();
// A failed request names its URL (the console message does not).
const failed = [];
context.on("response", (r) => { if (r.status() >= 400) failed.push(r.status() + " " + r.url()); });

const courseFrame = (page) => findCourse(page, (url) => url.includes("/pkg/"));

async function open(state, failing) {
  const page = await context.newPage();
  await page.goto(BASE + "harness/harness.html?format=" + format);
  await page.evaluate(() => localStorage.clear());
  await page.evaluate(([s, f]) => window.launch(s, f), [state, !!failing]);
  return { page, course: await courseFrame(page) };
}

// The last value the runtime accepted for a data model element (for write-only ones).
const lastSet = (page, el) => page.evaluate((e) => {
  const hit = window.calls.filter(([k]) => k === e).pop();
  return hit ? String(hit[1]) : null;
}, el);

const cmi = (page, path) => page.evaluate(([name, p]) => {
  let v = window[name].cmi;
  for (const k of p.split(".")) v = v == null ? v : v[k];
  return v;
}, [apiName, path]);

// Answers the quiz on `path` of the package (see course.mjs).
const answer = (course, path, wrongLast) => answerQuiz(course, BASE + "pkg/" + path, wrongLast);

let saved = null;
let first = null;

await test(`${format}: initialises, reports score, status and one interaction per question`, async () => {
  const { page, course } = await open(null);
  assert.equal(await page.evaluate((n) => window[n].isInitialized(), apiName), true);
  assert.equal(await cmi(page, v12 ? "core.lesson_status" : "completion_status"), "incomplete");
  first = await answer(course, page1, true);
  assert.ok(first.pct > 0 && first.pct < 100, "partly right: " + first.pct);
  // One quiz of two taken: the course score is the mean, the course not complete yet.
  const raw = Math.round(first.pct / 2);
  await page.waitForFunction(([n, r, v]) => String(v ? window[n].cmi.core.score.raw : window[n].cmi.score.raw) === String(r), [apiName, raw, v12]);
  if (v12) {
    assert.equal(await cmi(page, "core.lesson_status"), "incomplete");
    assert.equal(String(await cmi(page, "core.score.max")), "100");
  } else {
    assert.equal(await cmi(page, "completion_status"), "incomplete");
    assert.equal(await cmi(page, "success_status"), "unknown");
    assert.equal(Number(await cmi(page, "score.scaled")), raw / 100);
  }
  // SCORM 1.2 interactions are write-only: read what the runtime accepted, from its
  // SetValue events (the harness logs every accepted call).
  const list = await page.evaluate(() => {
    const out = [];
    for (const [el, v] of window.calls) {
      const m = /^cmi\.interactions\.(\d+)\.(.+)$/.exec(el);
      if (!m) continue;
      const i = (out[Number(m[1])] = out[Number(m[1])] || {});
      const field = { student_response: "response", learner_response: "response", "correct_responses.0.pattern": "pattern" }[m[2]] || m[2];
      i[field] = String(v);
    }
    return out;
  });
  assert.equal(list.length, first.questions);
  const quizId = await course.$eval('[data-widget="quiz"]', (q) => q.dataset.quizId);
  assert.deepEqual(list.map((i) => i.id), list.map((_, n) => quizId + "." + (n + 1)));
  const last = list[list.length - 1];
  assert.equal(last.result, v12 ? "wrong" : "incorrect");
  assert.equal(list[0].result, "correct");
  assert.ok(list.some((i) => i.type === "true-false") || list.every((i) => i.type === "choice"));
  for (const i of list) assert.ok(i.pattern && i.pattern.length > 0, JSON.stringify(i));
  assert.equal(list[0].response, list[0].pattern);
  assert.notEqual(last.response, last.pattern);
  if (!v12) assert.ok(list[0].description.length > 5, "2004 carries the question text");
  const suspend = await cmi(page, "suspend_data");
  assert.ok(suspend.length > 0 && suspend.length <= 4096, "suspend data: " + suspend.length);

  // The second quiz, all right: every chapter quiz taken, passed against mastery 80.
  const second = await answer(course, page2, false);
  assert.equal(second.pct, 100);
  const total = Math.round((first.pct + 100) / 2);
  await page.waitForFunction(([n, t, v]) => String(v ? window[n].cmi.core.score.raw : window[n].cmi.score.raw) === String(t), [apiName, total, v12]);
  const passed = total >= 80 ? "passed" : "failed";
  if (v12) assert.equal(await cmi(page, "core.lesson_status"), passed);
  else {
    assert.equal(await cmi(page, "completion_status"), "completed");
    assert.equal(await cmi(page, "success_status"), passed);
  }
  // Leaving: session time, exit = suspend, and the SCO terminates.
  await page.evaluate(() => window.unload());
  await page.waitForFunction((n) => window[n].isTerminated(), apiName);
  assert.equal(await lastSet(page, v12 ? "cmi.core.exit" : "cmi.exit"), "suspend");
  const time = await lastSet(page, v12 ? "cmi.core.session_time" : "cmi.session_time");
  assert.match(time, v12 ? /^\d{2,4}:\d{2}:\d{2}/ : /^PT\d+H\d+M[\d.]+S$/);
  saved = await cmi(page, "suspend_data");
  await page.close();
});

await test(`${format}: a relaunch restores the answers from suspend data alone`, async () => {
  assert.ok(saved, "needs the first test");
  const state = v12 ? { suspend_data: saved, core: { entry: "resume" } } : { suspend_data: saved, entry: "resume" };
  const { page, course } = await open(state);
  await course.goto(BASE + "pkg/" + page1);
  await course.waitForSelector('[data-widget="quiz"][data-state="ready"]', { timeout: 15000 });
  const checked = await course.$$eval(".quiz-question", (qs) => qs.map((q) => Array.from(q.querySelectorAll("input:checked")).map((i) => i.value).join(",")));
  assert.ok(checked.every((c) => c !== ""), "every question answered again: " + JSON.stringify(checked));
  const score = await course.locator('[data-role="score"]').first().textContent();
  assert.ok(score.includes(first.pct + "%"), score);
  await page.close();
});

await test(`${format}: an LMS that refuses every write keeps the course working and says so once`, async () => {
  const { page, course } = await open(null, true);
  const r = await answer(course, page1, false);
  assert.equal(r.pct, 100);
  const notice = page.frameLocator("#sco").locator('[data-role="notice"]');
  await notice.waitFor({ state: "visible" });
  assert.equal(await notice.getAttribute("data-kind"), "error");
  // Once: dismissed, it stays away while more calls fail.
  await notice.locator("button").click();
  assert.ok(await notice.isHidden());
  await answer(course, page2, false);
  assert.ok(await notice.isHidden(), "the notice came back");
  await page.close();
});

await test(`${format}: without an LMS the package is the plain site, and its links open files`, async () => {
  const page = await context.newPage();
  await page.goto(BASE + "pkg/lms.html");
  const course = await courseFrame(page);
  assert.ok(await page.locator('[data-role="notice"]').isHidden());
  // A folder link inside a package goes to its index.html (an LMS serves files only).
  const href = await course.$eval("nav#sidebar a[href]", (a) => a.getAttribute("href"));
  assert.match(href, /index\.html(#.*)?$/);
  await Promise.all([course.waitForNavigation(), course.$eval("nav#sidebar a[href]", (a) => a.click())]);
  assert.ok(!(await course.title()).includes("404"), await course.title());
  await page.close();
});

await test(`${format}: no console errors, no failed request`, async () => {
  assert.deepEqual(failed, []);
  assert.deepEqual(errors.filter((e) => !e.startsWith("Failed to load resource")), []);
});
await context.close();
done();
