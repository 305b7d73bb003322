// A question pool in headless Chromium (fixture `quiz-pool`: `draw=3` of five questions,
// option 0 right in each): three drawn questions shown and numbered 1-3, the others
// `hidden`; all right scores 100% over the drawn ones; the record keeps `drawn`; a reload
// shows the same questions and answers; "Retry all" draws again. With a folder as second
// argument, phone screenshots (390×844) are written there.
import { assert, BASE, done, launch, ready, test } from "./lib.mjs";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const SHOTS = process.argv[3];
if (SHOTS) mkdirSync(SHOTS, { recursive: true });
const { context, errors } = await launch();
const page = await context.newPage();
await page.setViewportSize({ width: 390, height: 844 });
async function shot(name) {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, name + ".png"), fullPage: true });
}

// The ids of the shown questions, in page order, with their numbers.
const shown = (quiz) => quiz.locator(".quiz-question:not([hidden])").evaluateAll((els) => els.map((e) => e.dataset.q));
const numbers = (quiz) => quiz.locator(".quiz-question:not([hidden]) .q-number").allInnerTexts();
const record = () => page.evaluate(() => JSON.parse(localStorage.getItem("playbook:quiz:review")));

await test("a pool shows three of its five questions, numbered 1 to 3", async () => {
  await page.goto(BASE + "en/part/pool/");
  const quiz = await ready(page, "quiz");
  assert.equal(await quiz.locator(".quiz-question").count(), 5, "all five are on the page");
  const ids = await shown(quiz);
  assert.equal(ids.length, 3);
  assert.deepEqual(await numbers(quiz), ["1.", "2.", "3."]);
  // The others are hidden from everyone: not displayed, so neither focusable nor read.
  const hidden = quiz.locator(".quiz-question[hidden]");
  assert.equal(await hidden.count(), 2);
  for (const h of await hidden.all()) {
    assert.equal(await h.isVisible(), false);
    assert.equal(await h.locator("input").first().isVisible(), false);
  }
  // Tab moves through the drawn questions' options only.
  const reached = new Set();
  await quiz.locator(".quiz-question:not([hidden]) input").first().focus();
  for (let i = 0; i < 12; i++) {
    const q = await page.evaluate(() => document.activeElement.closest(".quiz-question")?.dataset.q);
    if (q) reached.add(q);
    await page.keyboard.press("Tab");
  }
  for (const q of reached) assert.ok(ids.includes(q), "focus reached undrawn " + q);
  assert.equal(await quiz.locator(".quiz-draw").innerText(), "Each attempt draws 3 of these 5 questions.");
  await shot("quiz-pool-drawn");
});

await test("all right is 100% over the drawn questions; the record keeps them", async () => {
  const quiz = await ready(page, "quiz");
  const ids = await shown(quiz);
  for (const id of ids) await quiz.locator(`.quiz-question[data-q="${id}"] input[value="0"]`).check();
  await quiz.locator('button[data-action="check"]').click();
  assert.equal(await quiz.locator('[data-role="score"]').innerText(), "Score: 3 / 3 (100%), 3 of 3 right.");
  const rec = await record();
  assert.deepEqual(rec.drawn, ids.map((id) => Number(id.slice(1)) - 1), "source-order indices");
  assert.deepEqual(Object.keys(rec.answers).sort(), [...ids].sort(), "answers only for the drawn ones");
  await shot("quiz-pool-checked");
});

await test("a reload shows the same questions with their answers", async () => {
  const before = await shown(await ready(page, "quiz"));
  await page.reload();
  const quiz = await ready(page, "quiz");
  assert.deepEqual(await shown(quiz), before);
  for (const id of before) assert.ok(await quiz.locator(`.quiz-question[data-q="${id}"] input[value="0"]`).isChecked(), id);
  assert.match(await quiz.locator('[data-role="score"]').innerText(), /Last score 100%/);
  // The Chinese page shares the record and the attempt: the same questions.
  await page.goto(BASE + "part/pool/");
  const zh = await ready(page, "quiz");
  assert.deepEqual(await shown(zh), before);
  assert.equal(await zh.locator(".quiz-draw").innerText(), "每次作答从这 5 道题中随机抽取 3 道。");
});

await test("Retry all draws again: three questions each time, not always the same", async () => {
  await page.goto(BASE + "en/part/pool/");
  const quiz = await ready(page, "quiz");
  const first = await shown(quiz);
  const draws = new Set();
  for (let i = 0; i < 8; i++) {
    await quiz.locator('button[data-action="retry"]').click();
    const ids = await shown(quiz);
    assert.equal(ids.length, 3);
    assert.deepEqual(await numbers(quiz), ["1.", "2.", "3."]);
    assert.equal(await quiz.locator(".quiz-question input:checked").count(), 0, "answers cleared");
    draws.add(ids.join(","));
  }
  // Ten possible draws: eight retries all giving the first one has odds of 1 in 10^8.
  assert.ok([...draws].some((d) => d !== first.join(",")), "a new draw: " + [...draws]);
  // One wrong, two right: 2 of 3.
  const ids = await shown(quiz);
  await quiz.locator(`.quiz-question[data-q="${ids[0]}"] input[value="1"]`).check();
  for (const id of ids.slice(1)) await quiz.locator(`.quiz-question[data-q="${id}"] input[value="0"]`).check();
  await quiz.locator('button[data-action="check"]').click();
  assert.equal(await quiz.locator('[data-role="score"]').innerText(), "Score: 2 / 3 (67%), 2 of 3 right.");
  assert.deepEqual((await record()).drawn, ids.map((id) => Number(id.slice(1)) - 1));
});

await test("a record restored without its seed (an LMS's suspend data) keeps its drawn questions", async () => {
  await page.evaluate(() => {
    localStorage.removeItem("playbook:quiz-seed:review");
    localStorage.setItem("playbook:quiz:review", JSON.stringify({ id: "review", lang: "en", last: 67, best: 100, attempts: 2, date: "2026-11-30", answers: { q2: [0], q4: [1], q5: [0] }, drawn: [1, 3, 4] }));
  });
  await page.reload();
  let quiz = await ready(page, "quiz");
  assert.deepEqual(await shown(quiz), ["q2", "q4", "q5"]);
  assert.ok(await quiz.locator('.quiz-question[data-q="q4"] input[value="1"]').isChecked());
  await page.reload();
  quiz = await ready(page, "quiz");
  assert.deepEqual(await shown(quiz), ["q2", "q4", "q5"], "and across the next reload");
});

assert.deepEqual(errors, [], "no page errors");
await context.close();
done();
