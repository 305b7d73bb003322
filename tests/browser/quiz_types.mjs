// Every question type in headless Chromium (fixture `quiz-types`): answered right, partly
// and wrong, a message beside a numeric field that is not a number, "retry wrong", and
// the answers back after a reload. With a folder as second argument, phone screenshots
// (390×844) are written there.
import { assert, BASE, done, launch, ready, test } from "./lib.mjs";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const SHOTS = process.argv[3];
if (SHOTS) mkdirSync(SHOTS, { recursive: true });
const { context, errors } = await launch();
const page = await context.newPage();
await page.setViewportSize({ width: 390, height: 844 });
async function shot(name, locator) {
  if (!SHOTS) return;
  if (locator) await locator.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, name + ".png"), fullPage: !locator });
}

const q = (quiz, id) => quiz.locator(`.quiz-question[data-q="${id}"]`);
const field = (quiz, id, g) => q(quiz, id).locator(`[data-answer][data-group="${g}"]`);

// Answers, by question id: typed text or the value of a select, per group.
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
const score = (quiz) => quiz.locator('[data-role="score"]').innerText();
const state = (quiz, id) => q(quiz, id).getAttribute("data-result");

const RIGHT = { numeric: "８５０ yuan", short: "ＣＵＳＴＯＭＥＲ total COST.", matching: ["0", "1", "2"], ordering: ["0", "1", "2", "3"], blank: " Total Customer Value ", choice: "0", tf: "0" };
const PARTLY = { numeric: "820", short: "cost", matching: ["0", "2", "1"], ordering: ["1", "0", "2", "3"], blank: "customer value", choice: "1", tf: "1" };
const WRONG = { numeric: "1150", short: "price", matching: ["3", "3", "3"], ordering: ["3", "2", "1", "0"], blank: "price", choice: "2", tf: "1" };

await test("every type answered right scores 100%, in both languages", async () => {
  await page.goto(BASE + "en/part/page/");
  let quiz = await ready(page, "quiz");
  assert.equal(await quiz.locator(".quiz-question").count(), 6, "the description is not a question");
  await answer(quiz, RIGHT);
  assert.equal(await score(quiz), "Score: 7 / 7 (100%), 6 of 6 right.");
  assert.match(await q(quiz, "q2").locator('[data-role="feedback"]').innerText(), /Right: 1000 × 0.85 = 850/);
  await shot("quiz-types-right");
  await page.goto(BASE + "part/page/");
  quiz = await ready(page, "quiz");
  await answer(quiz, { ...RIGHT, numeric: "８５０元", short: "「顾客 总成本」。", blank: "总价值" });
  assert.equal(await score(quiz), "得分：7 / 7（100%），答对 6 / 6 题。");
});

await test("partly right: each type's partial credit adds up", async () => {
  await page.goto(BASE + "en/part/page/");
  const quiz = await ready(page, "quiz");
  await quiz.locator('button[data-action="retry"]').click();
  await answer(quiz, PARTLY);
  // 2 × 0.5 + 0.5 + 1/3 + 0.5 + 0.5 + 0 = 2.83 of 7.
  assert.equal(await score(quiz), "Score: 2.83 / 7 (40%), 0 of 6 right.");
  for (const id of ["q2", "q3", "q4", "q5", "q6"]) assert.equal(await state(quiz, id), "partial", id);
  assert.equal(await state(quiz, "q7"), "wrong");
  assert.match(await q(quiz, "q2").locator('[data-role="feedback"]').innerText(), /Close; work out the discount again/);
});

await test("wrong answers score nothing", async () => {
  const quiz = await ready(page, "quiz");
  await quiz.locator('button[data-action="retry"]').click();
  await answer(quiz, WRONG);
  assert.equal(await score(quiz), "Score: 0 / 7 (0%), 0 of 6 right.");
});

await test("a numeric answer that is not a number gets a message beside the field", async () => {
  const quiz = await ready(page, "quiz");
  await quiz.locator('button[data-action="retry"]').click();
  await answer(quiz, { ...RIGHT, numeric: "eight hundred" });
  const f = field(quiz, "q2", 0);
  assert.equal(await f.getAttribute("aria-invalid"), "true");
  const msgId = await f.getAttribute("aria-describedby");
  assert.equal(await page.locator("#" + msgId).innerText(), "Enter a number, e.g. 850 or 1,200.5.");
  assert.equal(await state(quiz, "q2"), "wrong");
  assert.match(await q(quiz, "q2").locator('[data-role="feedback"]').innerText(), /\(no answer\)/);
  assert.equal(await score(quiz), "Score: 5 / 7 (71%), 5 of 6 right.");
  assert.doesNotMatch(await quiz.innerText(), /NaN/);
  await shot("quiz-types-not-a-number", f);
  // Corrected, the message goes.
  await f.fill("850");
  await quiz.locator('button[data-action="check"]').click();
  assert.equal(await page.locator("#" + msgId).innerText(), "");
  assert.equal(await f.getAttribute("aria-invalid"), null);
});

await test("retry wrong keeps the right answers; a reload brings the answers back", async () => {
  const quiz = await ready(page, "quiz");
  await quiz.locator('button[data-action="retry"]').click();
  await answer(quiz, { ...RIGHT, short: "price", ordering: ["1", "0", "2", "3"] });
  assert.equal(await score(quiz), "Score: 5.5 / 7 (79%), 4 of 6 right.");
  await quiz.locator('button[data-action="retry-wrong"]').click();
  assert.equal(await field(quiz, "q3", 0).inputValue(), "", "the wrong short answer is cleared");
  assert.equal(await field(quiz, "q5", 0).inputValue(), "", "the partly right order is cleared");
  assert.equal(await field(quiz, "q2", 0).inputValue(), "８５０ yuan", "the right numeric answer stays");
  assert.equal(await field(quiz, "q4", 1).inputValue(), "1");
  await field(quiz, "q3", 0).fill("total customer cost");
  for (const [g, v] of ["0", "1", "2", "3"].entries()) await field(quiz, "q5", g).selectOption({ value: v });
  await quiz.locator('button[data-action="check"]').click();
  assert.equal(await score(quiz), "Score: 7 / 7 (100%), 6 of 6 right.");
  await page.reload();
  const again = await ready(page, "quiz");
  assert.equal(await field(again, "q2", 0).inputValue(), "８５０ yuan");
  assert.equal(await field(again, "q3", 0).inputValue(), "total customer cost");
  assert.equal(await field(again, "q4", 2).inputValue(), "2");
  assert.equal(await field(again, "q5", 3).inputValue(), "3");
  assert.equal(await field(again, "q6", 0).inputValue(), " Total Customer Value ");
  assert.equal(await field(again, "q6", 1).inputValue(), "0");
  assert.ok(await q(again, "q7").locator('input[value="0"]').isChecked());
  assert.match(await score(again), /Last score 100%, best 100%/);
  const rec = await page.evaluate(() => JSON.parse(localStorage.getItem("playbook:quiz:types")));
  assert.deepEqual(rec.answers, { q2: [0], q3: [0], q4: [0, 5, 10], q5: [0, 5, 10, 15], q6: [0, 3], q7: [0] });
  await shot("quiz-types-reloaded", again.locator('.quiz-question[data-q="q4"]'));
});

await test("options are shuffled per attempt, kept across a reload, reshuffled by retry all", async () => {
  await page.goto(BASE + "en/part/page/");
  const quiz = await ready(page, "quiz");
  const order = page.locator('[data-quiz-id="order"]');
  await page.waitForSelector('[data-quiz-id="order"][data-state="ready"]');
  const values = (loc, sel) => loc.locator(sel).evaluateAll((els) => els.map((e) => e.value));
  const groups = (loc) => loc.locator("select[data-answer]").evaluateAll((els) => els.map((e) => e.dataset.group));
  const seedOf = () => page.evaluate(() => localStorage.getItem("playbook:quiz-seed:types"));
  const before = {
    options: await values(order.locator('.quiz-question[data-q="q1"]'), "input"),
    right: await values(q(quiz, "q4").locator("select").first(), "option"),
    items: await groups(q(quiz, "q5")),
  };
  assert.deepEqual([...before.options].sort(), ["0", "1", "2", "3", "4", "5"]);
  assert.notDeepEqual(before.right.slice(1), ["0", "1", "2", "3"], "matching never shows the written order");
  assert.notDeepEqual(before.items, ["0", "1", "2", "3"], "ordering never shows the right order");
  // The printed letters follow the page's order.
  const labels = await q(quiz, "q4").locator("select").first().locator("option").allInnerTexts();
  assert.deepEqual(labels.slice(1).map((l) => l[0]), ["A", "B", "C", "D"]);
  const list = await q(quiz, "q4").locator(".q-match-right > li").allInnerTexts();
  assert.deepEqual(list, labels.slice(1).map((l) => l.slice(3)), "the lettered list and the selects agree");
  // "All of the above" stays last; true/false never moves.
  assert.deepEqual(await values(order.locator('.quiz-question[data-q="q2"]'), "input"), ["0", "1", "2"]);
  assert.deepEqual(await values(q(quiz, "q7"), "input"), ["0", "1"]);
  const seed = await seedOf();
  assert.match(seed, /^\d+$/);
  await page.reload();
  const again = await ready(page, "quiz");
  assert.equal(await seedOf(), seed, "the same attempt");
  assert.deepEqual(await values(q(again, "q4").locator("select").first(), "option"), before.right);
  assert.deepEqual(await groups(q(again, "q5")), before.items);
  await page.waitForSelector('[data-quiz-id="order"][data-state="ready"]');
  assert.deepEqual(await values(order.locator('.quiz-question[data-q="q1"]'), "input"), before.options);
  await again.locator('button[data-action="retry"]').click();
  assert.notEqual(await seedOf(), seed, "retry all starts a new attempt");
  const after = await groups(q(again, "q5"));
  assert.notDeepEqual(after, ["0", "1", "2", "3"]);
  assert.deepEqual([...after].sort(), ["0", "1", "2", "3"]);
});

await test("no console errors on any page visited", async () => {
  assert.deepEqual(errors, []);
});

await context.close();
done();
