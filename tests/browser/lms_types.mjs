// The newer question types under a real SCORM runtime (issue 14): the quiz-types fixture
// packaged for SCORM 1.2 or 2004 runs in scorm-again's test LMS (lms/harness.html); its
// quiz is answered right, then partly right, and every interaction is read back from the
// runtime's CMI: type, learner response in the standard's format, result and correct
// response pattern. Every SetValue must be accepted (GetLastError 0).
// usage: node lms_types.mjs BASE FORMAT
import { launch, test, done, assert, BASE } from "./lib.mjs";
import { courseFrame } from "./course.mjs";

const format = process.argv[3];
const v12 = format === "scorm12";
const apiName = v12 ? "API" : "API_1484_11";
const { context, errors } = await launch();
const page = await context.newPage();
await page.goto(BASE + "harness/harness.html?format=" + format);
await page.evaluate(() => localStorage.clear());
// Every call the package makes, with the runtime's error code right after it.
await page.evaluate(([name, v]) => {
  window.launch(null, false);
  const api = window[name];
  window.setErrors = [];
  const set = v ? "LMSSetValue" : "SetValue";
  const last = v ? "LMSGetLastError" : "GetLastError";
  const orig = api[set].bind(api);
  api[set] = (k, value) => {
    const r = orig(k, value);
    const code = String(api[last]());
    if (code !== "0") window.setErrors.push([k, String(value), code]);
    return r;
  };
}, [apiName, v12]);
const course = await courseFrame(page, (url) => url.includes("/pkg/"));

const q = (quiz, id) => quiz.locator(`.quiz-question[data-q="${id}"]`);
const field = (quiz, id, g) => q(quiz, id).locator(`[data-answer][data-group="${g}"]`);
async function answer(quiz, a) {
  await field(quiz, "q2", 0).fill(a.numeric);
  await field(quiz, "q3", 0).fill(a.short);
  for (const [g, v] of a.matching.entries()) await field(quiz, "q4", g).selectOption({ value: v });
  for (const [g, v] of a.ordering.entries()) await field(quiz, "q5", g).selectOption({ value: v });
  await field(quiz, "q6", 0).fill(a.blank);
  await field(quiz, "q6", 1).selectOption({ value: a.choice });
  await q(quiz, "q7").locator(`input[value="${a.tf}"]`).check();
  await quiz.locator('button[data-action="check"]').click();
}
const RIGHT = { numeric: "８５０ yuan", short: "Total Customer Cost.", matching: ["0", "1", "2"], ordering: ["0", "1", "2", "3"], blank: " Total Customer Value ", choice: "0", tf: "0" };
const PARTLY = { numeric: "1，200.5", short: "cost", matching: ["0", "2", "1"], ordering: ["1", "0", "2", "3"], blank: "customer value", choice: "1", tf: "1" };

// The interactions the runtime holds: 2004 through GetValue (what an LMS reads), 1.2 from
// the runtime's CMI object (its interactions are write-only to the SCO).
const interactions = () => page.evaluate(([name, v]) => {
  const api = window[name];
  if (v) {
    // What the runtime would commit to the LMS (its JSON form lifts the write-only guard).
    const list = JSON.parse(JSON.stringify(api.cmi)).interactions;
    return Object.keys(list).filter((k) => /^\d+$/.test(k)).sort((a, b) => a - b).map((k) => list[k]).map((i) => ({
      id: i.id, type: i.type, response: i.student_response, result: i.result,
      pattern: Object.keys(i.correct_responses).filter((k) => /^\d+$/.test(k)).map((k) => i.correct_responses[k].pattern).join(" | "), weighting: String(i.weighting),
    }));
  }
  const n = Number(api.GetValue("cmi.interactions._count"));
  const out = [];
  for (let k = 0; k < n; k++) {
    const g = (f) => api.GetValue("cmi.interactions." + k + "." + f);
    const pats = Number(g("correct_responses._count"));
    out.push({ id: g("id"), type: g("type"), response: g("learner_response"), result: g("result"),
      pattern: Array.from({ length: pats }, (_, j) => g("correct_responses." + j + ".pattern")).join(" | "), weighting: g("weighting"), description: g("description") });
  }
  return out;
}, [apiName, v12]);

// What each round must leave in the runtime: [type, learner response, result, pattern].
const S = v12 ? { i: ",", p: ".", t: "t", f: "f", wrong: "wrong" } : { i: "[,]", p: "[.]", t: "true", f: "false", wrong: "incorrect" };
const pair = (a, b) => a + S.p + b;
const EXPECT_RIGHT = [
  ["numeric", "850", "correct", "850"],
  ["fill-in", "Total Customer Cost.", "correct", "total customer cost"],
  ["matching", [pair(1, "a"), pair(2, "b"), pair(3, "c")].join(S.i), "correct", [pair(1, "a"), pair(2, "b"), pair(3, "c")].join(S.i)],
  ["sequencing", ["a", "b", "c", "d"].join(S.i), "correct", ["a", "b", "c", "d"].join(S.i)],
  ["fill-in", "Total Customer Value" + S.i + "total customer cost", "correct", "total customer value" + S.i + "total customer cost"],
  ["true-false", S.t, "correct", S.t],
];
const EXPECT_PARTLY = [
  ["numeric", "1200.5", S.wrong, "850"],
  ["fill-in", "cost", "0.5", "total customer cost"],
  ["matching", [pair(1, "a"), pair(2, "c"), pair(3, "b")].join(S.i), "0.33", [pair(1, "a"), pair(2, "b"), pair(3, "c")].join(S.i)],
  ["sequencing", ["b", "a", "c", "d"].join(S.i), "0.5", ["a", "b", "c", "d"].join(S.i)],
  ["fill-in", "customer value" + S.i + "total customer income", "0.5", "total customer value" + S.i + "total customer cost"],
  ["true-false", S.f, S.wrong, S.t],
];
const count = (from) => page.waitForFunction(([n, v, k]) => (v ? window[n].cmi.interactions.childArray.length : Number(window[n].GetValue("cmi.interactions._count"))) >= k, [apiName, v12, from + 6]);
const check = (list, from, expect) => {
  assert.equal(list.length, from + 6, JSON.stringify(list));
  expect.forEach(([type, response, result, pattern], k) => {
    const i = list[from + k];
    assert.deepEqual([i.id, i.type, i.response, i.result, i.pattern], ["types." + (k + 1), type, response, result, pattern], JSON.stringify(i));
  });
  assert.equal(list[from].weighting, "2", "the numeric question's points");
};
const noErrors = async () => assert.deepEqual(await page.evaluate(() => window.setErrors), [], "every value accepted");

await test(`${format}: every newer type answered right, in the standard's formats`, async () => {
  await course.goto(BASE + "pkg/en/part/page/index.html");
  await course.waitForSelector('[data-quiz-id="types"][data-state="ready"]', { timeout: 15000 });
  await answer(course.locator('[data-quiz-id="types"]'), RIGHT);
  await count(0);
  check(await interactions(), 0, EXPECT_RIGHT);
  await noErrors();
});

await test(`${format}: partly right: partial results, typed numbers in plain decimals, choice blanks as text`, async () => {
  const quiz = course.locator('[data-quiz-id="types"]');
  await quiz.locator('button[data-action="retry"]').click();
  await answer(quiz, PARTLY);
  await count(6);
  check(await interactions(), 6, EXPECT_PARTLY);
  await noErrors();
});

await test(`${format}: long answers are cut to the standard's limits and still accepted`, async () => {
  const quiz = course.locator('[data-quiz-id="types"]');
  await quiz.locator('button[data-action="retry"]').click();
  const long = "长".repeat(300);
  await answer(quiz, { ...PARTLY, numeric: "not a number", short: long, blank: long });
  await count(12);
  const list = await interactions();
  // Not a number: no learner response (the page said so beside the field).
  assert.equal(list[12].response, "");
  // A typed answer is cut to 250 characters (2004's limit per text; 1.2 allows 255 in all).
  if (v12) {
    assert.equal(list[13].response, "长".repeat(250));
    assert.equal(list[16].response, "长".repeat(250) + ",tota");
  } else {
    assert.equal(list[13].response, "长".repeat(250));
    assert.equal(list[16].response, "长".repeat(250) + "[,]total customer income");
  }
  await noErrors();
});

await test(`${format}: no console errors`, async () => {
  assert.deepEqual(errors.filter((e) => !e.startsWith("Failed to load resource")), []);
});
done();
