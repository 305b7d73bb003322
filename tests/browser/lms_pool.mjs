// A question pool in a SCORM 2004 package under scorm-again (see lms.mjs): answering the
// pool quiz reports one interaction per drawn question (ids `<quiz>.<question number>`),
// and a relaunch with an empty browser storage restores the drawn questions and their
// answers from suspend data alone.
// usage: node lms_pool.mjs BASE QUIZ_PAGE
import { launch, test, done, assert, BASE } from "./lib.mjs";
import { courseFrame as findCourse } from "./course.mjs";

const [path] = process.argv.slice(3);
const { context, errors } = await launch();
// A failed request names its URL (the console message does not).
const failed = [];
context.on("response", (r) => { if (r.status() >= 400) failed.push(r.status() + " " + r.url()); });
const courseFrame = (page) => findCourse(page, (url) => url.includes("/pkg/"));

async function open(state) {
  const page = await context.newPage();
  await page.goto(BASE + "harness/harness.html?format=scorm2004");
  await page.evaluate(() => localStorage.clear());
  await page.evaluate((s) => window.launch(s, false), state);
  const course = await courseFrame(page);
  await course.goto(BASE + "pkg/" + path);
  await course.waitForSelector('[data-widget="quiz"][data-state="ready"]', { timeout: 15000 });
  return { page, course };
}
const shown = (course) => course.$$eval(".quiz-question:not([hidden])", (qs) => qs.map((q) => q.dataset.q));

let drawn = null;
let saved = null;

await test("scorm2004: one interaction per drawn question", async () => {
  const { page, course } = await open(null);
  drawn = await shown(course);
  assert.equal(drawn.length, 3);
  for (const id of drawn) await course.locator(`.quiz-question[data-q="${id}"] input[value="0"]`).check();
  await course.click('[data-widget="quiz"] button[data-action="check"]');
  await page.waitForFunction(() => String(window.API_1484_11.cmi.score.raw) === "100");
  const ids = await page.evaluate(() => window.calls.filter(([k]) => /^cmi\.interactions\.\d+\.id$/.test(k)).map(([, v]) => String(v)));
  assert.deepEqual(ids, drawn.map((q) => "review." + q.slice(1)), "the drawn questions' numbers, in source order");
  const results = await page.evaluate(() => window.calls.filter(([k]) => /^cmi\.interactions\.\d+\.result$/.test(k)).map(([, v]) => String(v)));
  assert.deepEqual(results, ["correct", "correct", "correct"]);
  saved = await page.evaluate(() => window.API_1484_11.cmi.suspend_data);
  assert.ok(saved.length > 0);
  await page.close();
});

await test("scorm2004: a relaunch restores the drawn questions from suspend data", async () => {
  assert.ok(saved, "needs the first test");
  const { page, course } = await open({ suspend_data: saved, entry: "resume" });
  assert.deepEqual(await shown(course), drawn);
  for (const id of drawn) assert.ok(await course.locator(`.quiz-question[data-q="${id}"] input[value="0"]`).isChecked(), id);
  assert.match(await course.locator('[data-role="score"]').textContent(), /100%/);
  await page.close();
});

await test("no console errors, no failed request", async () => {
  assert.deepEqual(failed, []);
  assert.deepEqual(errors.filter((e) => !e.startsWith("Failed to load resource")), []);
});
await context.close();
done();
