// The three widgets and the quiz, in headless Chromium against a built site: hydration,
// a neutral start, results for typed values, messages beside bad fields (the rate rule),
// storage across reloads, exports, undo and confirm steps before local data is lost, and
// no console errors. With a folder as second argument, phone screenshots (390×844) of
// each widget are written there.
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
  await page.screenshot({ path: join(SHOTS, name + ".png") });
}
const zh = BASE + "part/tools/";
const en = BASE + "en/part/tools/";

await test("every widget hydrates, in both languages", async () => {
  for (const url of [zh, en]) {
    await page.goto(url);
    for (const w of ["man-scorer", "value-calculator", "loyalty-checklist", "quiz"]) await ready(page, w);
  }
});

await test("widgets start neutral: no answer, no verdict, no number, no error", async () => {
  await page.goto(en);
  const man = await ready(page, "man-scorer");
  assert.equal(await man.locator("input:checked").count(), 0);
  assert.equal(await man.locator(".verdict").getAttribute("data-verdict"), "none");
  assert.match(await man.locator(".verdict").innerText(), /Answer the three questions/);
  assert.equal(await man.locator("tr.current").count(), 0);
  await shot("man-scorer-start", man);
  const calc = await ready(page, "value-calculator");
  assert.equal(await calc.locator('[data-out="none"]').count(), 3);
  assert.equal(await calc.locator('[aria-invalid="true"]').count(), 0);
  await shot("value-calculator-start", calc);
  const box = await ready(page, "loyalty-checklist");
  assert.equal(await box.locator(".loyalty-result").getAttribute("data-level"), "none");
  await man.locator('input[name$="-money"][value="yes"]').check();
  assert.match(await man.locator(".verdict").innerText(), /Still to answer: Authority \(A\), Need \(N\)/);
});

await test("zh: the neutral start and the undo read in Chinese", async () => {
  await page.goto(zh);
  const man = await ready(page, "man-scorer");
  assert.match(await man.locator(".verdict").innerText(), /回答上面三个问题/);
  await shot("man-scorer-start-zh", man.locator(".verdict"));
  for (const f of ["money", "authority", "need"]) await man.locator(`input[name$="-${f}"][value="yes"]`).check();
  await man.locator('input[name="name"]').fill("甲公司");
  await man.locator('button[data-action="add"]').click();
  await man.locator('button[data-action="clear"]').click();
  assert.match(await man.locator('[data-role="message"]').innerText(), /^已清空名单。\s*撤销$/);
  await shot("man-scorer-undo-zh", man.locator('[data-role="message"]'));
  await man.locator('button[data-action="undo"]').click();
  assert.deepEqual(await man.locator(".prospect-table tbody th").allInnerTexts(), ["甲公司"]);
  await man.locator('button[data-action="clear"]').click();
  assert.equal(await man.locator(".prospect-table").count(), 0, "the list is shared by both languages: leave it empty");
});

await test("MAN scorer: answers give the verdict and mark the table row", async () => {
  await page.goto(en);
  const man = await ready(page, "man-scorer");
  for (const f of ["money", "authority", "need"]) await man.locator(`input[name$="-${f}"][value="yes"]`).check();
  assert.equal(await man.locator(".verdict").getAttribute("data-verdict"), "prospect");
  assert.equal(await man.locator("tr.current").getAttribute("data-combination"), "M+A+N");
  assert.match(await man.locator(".verdict").innerText(), /Ideal target: pursue now\./);
  await man.locator('input[name$="-money"][value="no"]').check();
  await man.locator('input[name$="-need"][value="unknown"]').check();
  assert.equal(await man.locator("tr.current").getAttribute("data-combination"), "m+A+n");
  assert.match(await man.locator(".verdict").innerText(), /provisional/);
  assert.match(await man.locator(".next-questions").innerText(), /Need \(N\)/);
  await shot("man-scorer-verdict", man.locator(".verdict"));
});

await test("MAN scorer: the list needs a name, ranks, survives a reload, exports CSV", async () => {
  await page.goto(en);
  let man = await ready(page, "man-scorer");
  await man.locator('button[data-action="add"]').click();
  assert.equal(await man.locator('[data-error-for="name"]').innerText(), "Enter a name first.");
  await man.locator('input[name="name"]').fill("Weak Ltd");
  await man.locator('button[data-action="add"]').click();
  for (const f of ["money", "authority", "need"]) await man.locator(`input[name$="-${f}"][value="yes"]`).check();
  await man.locator('input[name="name"]').fill("Strong Co");
  await man.locator('button[data-action="add"]').click();
  await page.reload();
  man = await ready(page, "man-scorer");
  const rows = await man.locator(".prospect-table tbody th").allInnerTexts();
  assert.deepEqual(rows, ["Strong Co", "Weak Ltd"]);
  const [download] = await Promise.all([page.waitForEvent("download"), man.locator('button[data-action="export"]').click()]);
  assert.equal(download.suggestedFilename(), "man-prospects.csv");
  const text = await (await download.createReadStream()).toArray();
  const csv = Buffer.concat(text).toString("utf8");
  assert.match(csv, /^\ufeffrank,name,money,authority,need,combination,verdict,action,revisit_days,score\n1,Strong Co,yes,yes,yes,M\+A\+N,prospect,/);
});

await test("MAN scorer: clearing the list or removing a row can be undone, by keyboard too", async () => {
  await page.goto(en);
  let man = await ready(page, "man-scorer");
  const names = () => man.locator(".prospect-table tbody th").allInnerTexts();
  assert.deepEqual(await names(), ["Strong Co", "Weak Ltd"]);
  await man.locator('button[data-action="clear"]').click();
  assert.equal(await man.locator(".prospect-table").count(), 0);
  const message = man.locator('[data-role="message"]');
  assert.equal(await message.getAttribute("role"), "status", "announced");
  assert.match(await message.innerText(), /The list was cleared\.\s*Undo/);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), "undo", "focus is on Undo");
  await shot("man-scorer-undo", message);
  await page.keyboard.press("Enter");
  assert.deepEqual(await names(), ["Strong Co", "Weak Ltd"]);
  assert.match(await message.innerText(), /Undone/);
  await page.reload();
  man = await ready(page, "man-scorer");
  assert.deepEqual(await names(), ["Strong Co", "Weak Ltd"], "the restored list is stored");
  await man.locator('button[data-remove="Weak Ltd"]').click();
  assert.deepEqual(await names(), ["Strong Co"]);
  assert.match(await man.locator('[data-role="message"]').innerText(), /Removed: Weak Ltd\.\s*Undo/);
  await man.locator('button[data-action="undo"]').click();
  assert.deepEqual(await names(), ["Strong Co", "Weak Ltd"]);
});

await test("MAN scorer: the Undo offer ends after 10 seconds and the deletion stays", async () => {
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(en);
  const man = await ready(page, "man-scorer");
  await man.locator('button[data-remove="Weak Ltd"]').click();
  assert.equal(await man.locator('button[data-action="undo"]').count(), 1);
  await page.clock.runFor(9000);
  assert.equal(await man.locator('button[data-action="undo"]').count(), 1, "still there at 9 s");
  await page.clock.runFor(1500);
  assert.equal(await man.locator('button[data-action="undo"]').count(), 0, "gone after 10 s");
  await page.reload();
  const again = await ready(page, "man-scorer");
  assert.deepEqual(await again.locator(".prospect-table tbody th").allInnerTexts(), ["Strong Co"]);
  await page.close();
});

await test("value calculator: typed values give the lifetime value; bad values a message beside the field", async () => {
  await page.goto(en);
  const calc = await ready(page, "value-calculator");
  const life = calc.locator('form[data-section="lifetime"]');
  await life.locator('input[name="margin"]').fill("100");
  await life.locator('input[name="retention"]').fill("80");
  await life.locator('input[name="discount"]').fill("10");
  assert.equal(await life.locator('[data-out="clv"]').innerText(), "266.67");
  await life.locator('input[name="margin"]').fill("abc");
  assert.match(await life.locator('[data-error-for="margin"]').innerText(), /not a number/);
  assert.equal(await life.locator('input[name="margin"]').getAttribute("aria-invalid"), "true");
  await life.locator('input[name="margin"]').fill("100");
  await life.locator('input[name="retention"]').fill("120");
  assert.equal(await life.locator('[data-error-for="retention"]').innerText(), "A rate cannot be above 100%.");
  await life.locator('input[name="retention"]').fill("100");
  await life.locator('input[name="discount"]').fill("0");
  assert.match(await life.locator('[data-error-for="retention"]').innerText(), /no limit/);
  const all = await calc.innerText();
  assert.ok(!/NaN|Infinity|undefined/.test(all), "no NaN, Infinity or undefined in the widget");
  const tier = calc.locator('form[data-section="tier"]');
  await tier.locator('input[name="current"]').fill("150");
  assert.match(await tier.locator('[data-out="none"]').innerText(), /Still empty: Potential value, Threshold for large current value, Threshold for high potential/);
  assert.equal(await tier.locator('[aria-invalid="true"]').count(), 0, "an empty field is not an error");
  await tier.locator('input[name="potential"]').fill("150");
  await tier.locator('input[name="current-threshold"]').fill("100");
  await tier.locator('input[name="potential-threshold"]').fill("100");
  assert.equal(await tier.locator("dl").getAttribute("data-tier"), "major");
  await tier.locator('input[name="our-sales"]').fill("5");
  await tier.locator('input[name="total-purchases"]').fill("0");
  assert.match(await tier.locator('[data-error-for="total-purchases"]').innerText(), /above 0/);
});

await test("value calculator: rates by the one rule — 85 and 85% are 85%, 0.85 asks, nothing computed from a guess", async () => {
  await page.goto(en);
  const calc = await ready(page, "value-calculator");
  const life = calc.locator('form[data-section="lifetime"]');
  await life.locator('input[name="margin"]').fill("100");
  await life.locator('input[name="discount"]').fill("10");
  for (const r of ["85", "85%", "８５％"]) {
    await life.locator('input[name="retention"]').fill(r);
    assert.equal(await life.locator('[data-out="clv"]').innerText(), "340.00", r);
    assert.equal(await life.locator('[data-error-for="retention"]').innerText(), "", r);
  }
  await life.locator('input[name="retention"]').fill("0.85");
  assert.equal(await life.locator('[data-error-for="retention"]').innerText(), "0.85 → 0.85%? Did you mean 85%? Write 85% or 0.85%.");
  assert.equal(await life.locator('[data-out="clv"]').count(), 0, "no result from an ambiguous rate");
  await shot("value-calculator-rate-question", life.locator('input[name="retention"]'));
  await life.locator('input[name="retention"]').fill("0.85%");
  assert.equal(await life.locator('[data-out="clv"]').innerText(), "0.78");
  await life.locator('input[name="retention"]').fill("80");
  await life.locator('input[name="acquisition-cost"]').fill("300");
  assert.equal(await life.locator('[data-out="clv"]').innerText(), "\u221233.33", "a true minus sign");
  await shot("value-calculator-result", life.locator('[data-out="clv"]'));
});

await test("loyalty checklist: score, level, saved per customer across a reload", async () => {
  await page.goto(en);
  let box = await ready(page, "loyalty-checklist");
  for (const id of ["b1", "b2", "b3", "b4", "b5"]) await box.locator(`input[value="${id}"]`).check();
  assert.equal(await box.locator(".loyalty-result").getAttribute("data-score"), "40");
  assert.match(await box.locator(".loyalty-result").innerText(), /Satisfied, not yet loyal/);
  await box.locator('button[data-action="save"]').click();
  assert.match(await box.locator('[data-error-for="customer"]').innerText(), /name first/);
  await box.locator('input[name="customer"]').fill("Acme");
  await box.locator('button[data-action="save"]').click();
  await page.reload();
  box = await ready(page, "loyalty-checklist");
  await box.locator('input[name="customer"]').fill("Acme");
  await box.locator('input[name="customer"]').dispatchEvent("change");
  assert.equal(await box.locator('input[value="b3"]').isChecked(), true);
  assert.match(await box.locator('[data-role="history"]').innerText(), /Saved checks: Acme/);
  const [download] = await Promise.all([page.waitForEvent("download"), box.locator('button[data-action="export"]').click()]);
  assert.equal(download.suggestedFilename(), "loyalty-checks.csv");
  await shot("loyalty-checklist", box.locator(".loyalty-result"));
  await box.locator('button[data-action="clear"]').click();
  assert.equal(await box.locator('[data-role="history"]').innerText(), "");
  assert.match(await box.locator('[data-role="message"]').innerText(), /Deleted 1 saved check of Acme\.\s*Undo/);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), "undo");
  await shot("loyalty-checklist-undo", box.locator('[data-role="message"]'));
  await box.locator('button[data-action="undo"]').click();
  assert.match(await box.locator('[data-role="history"]').innerText(), /Saved checks: Acme/);
  await page.reload();
  box = await ready(page, "loyalty-checklist");
  await box.locator('input[name="customer"]').fill("Acme");
  await box.locator('input[name="customer"]').dispatchEvent("change");
  assert.match(await box.locator('[data-role="history"]').innerText(), /Saved checks: Acme/, "the restored records are stored");
});

await test("quiz: wrong then right, score, retry wrong only, progress kept and exported", async () => {
  await page.goto(en);
  let quiz = await ready(page, "quiz");
  const q = (n) => quiz.locator(".quiz-question").nth(n);
  await q(0).locator('input[value="1"]').check();
  await q(1).locator('input[value="0"]').check();
  await q(2).locator('input[value="1"]').check();
  await quiz.locator('button[data-action="check"]').click();
  assert.match(await q(0).locator(".q-feedback").innerText(), /No: that is the firm's margin\./);
  assert.match(await q(0).locator(".q-feedback").innerText(), /from the customer's side/);
  assert.equal(await q(1).getAttribute("data-result"), "partial");
  assert.match(await quiz.locator('[data-role="score"]').innerText(), /Score: 1\.5 \/ 3 \(50%\), 1 of 3 right\./);
  await quiz.locator('button[data-action="retry-wrong"]').click();
  assert.equal(await q(2).locator('input[value="1"]').isChecked(), true, "right answers stay");
  assert.equal(await q(0).locator('input[value="1"]').isChecked(), false, "wrong answers are cleared");
  await q(0).locator('input[value="0"]').check();
  await q(1).locator('input[value="0"]').check();
  await q(1).locator('input[value="1"]').check();
  await quiz.locator('button[data-action="check"]').click();
  assert.match(await quiz.locator('[data-role="score"]').innerText(), /\(100%\), 3 of 3 right/);
  await page.reload();
  quiz = await ready(page, "quiz");
  assert.match(await quiz.locator('[data-role="score"]').innerText(), /best 100%/);
  await page.goto(BASE + "en/progress/");
  await page.waitForSelector('[data-widget="progress"][data-state="ready"]');
  assert.equal(await page.locator('tr[data-quiz-id="tools-quiz"] [data-field="best"]').innerText(), "100%");
  assert.equal(await page.locator('tr[data-quiz-id="tools-quiz"] [data-field="attempts"]').innerText(), "2");
  for (const [action, name] of [["export-json", /^playbook-progress-\d{4}-\d{2}-\d{2}\.json$/], ["export-csv", /^playbook-progress-\d{4}-\d{2}-\d{2}\.csv$/]]) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator(`button[data-action="${action}"]`).click()]);
    assert.match(download.suggestedFilename(), name);
    const body = Buffer.concat(await (await download.createReadStream()).toArray()).toString("utf8");
    assert.match(body, /tools-quiz/);
    assert.equal(body.startsWith("\ufeff"), action === "export-csv", "a BOM for CSV (Excel) and none for JSON");
  }
  // Reset is a step: a panel offers the exports first, and nothing goes before "Reset now".
  const best = page.locator('tr[data-quiz-id="tools-quiz"] [data-field="best"]');
  await page.locator('button[data-action="reset"]').click();
  const panel = page.locator('[data-role="reset-confirm"]');
  assert.match(await panel.innerText(), /This deletes the scores and answers of 1 chapter quiz kept in this browser/);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), "export-json", "export is offered first");
  assert.equal(await best.innerText(), "100%", "nothing is removed yet");
  await shot("progress-reset-confirm", panel);
  const [saved] = await Promise.all([page.waitForEvent("download"), panel.locator('button[data-action="export-json"]').click()]);
  assert.match(saved.suggestedFilename(), /\.json$/);
  await panel.locator('button[data-action="reset-cancel"]').click();
  assert.equal(await panel.count(), 0);
  assert.equal(await best.innerText(), "100%");
  await page.locator('button[data-action="reset"]').click();
  await page.locator('button[data-action="reset-confirm"]').click();
  assert.equal(await best.innerText(), "—");
  const status = page.locator('[data-role="reset-message"]');
  assert.match(await status.innerText(), /Progress of 1 chapter was reset\.\s*Undo/);
  await page.locator('[data-role="reset-message"] button[data-action="undo"]').click();
  assert.equal(await best.innerText(), "100%");
  await page.reload();
  await page.waitForSelector('[data-widget="progress"][data-state="ready"]');
  assert.equal(await best.innerText(), "100%", "the restored progress is stored");
});

await test("quiz progress is per course: taken in English, it counts in Chinese; older per-language records merge", async () => {
  // The previous test left tools-quiz at best 100% after 2 attempts, taken in English.
  await page.goto(zh);
  const quiz = await ready(page, "quiz");
  assert.match(await quiz.locator('[data-role="score"]').innerText(), /最好成绩 100%/);
  assert.equal(await quiz.locator(".quiz-question").nth(0).locator('input[value="0"]').isChecked(), true, "the answers come along");
  await page.goto(BASE + "progress/");
  await page.waitForSelector('[data-widget="progress"][data-state="ready"]');
  const best = page.locator('tr[data-quiz-id="tools-quiz"] [data-field="best"]');
  const attempts = page.locator('tr[data-quiz-id="tools-quiz"] [data-field="attempts"]');
  assert.equal(await best.innerText(), "100%");
  assert.equal(await attempts.innerText(), "2");
  // Records an earlier version kept per language: the best wins, the attempts add up, and
  // the old keys go.
  await page.evaluate(() => {
    localStorage.removeItem("playbook:quiz:tools-quiz");
    const rec = (lang, best, attempts, date) => JSON.stringify({ id: "tools-quiz", lang, last: best, best, attempts, date, answers: {} });
    localStorage.setItem("playbook:quiz:zh:tools-quiz", rec("zh", 50, 1, "2026-01-02"));
    localStorage.setItem("playbook:quiz:en:tools-quiz", rec("en", 80, 3, "2026-01-01"));
  });
  await page.reload();
  await page.waitForSelector('[data-widget="progress"][data-state="ready"]');
  assert.equal(await best.innerText(), "80%");
  assert.equal(await attempts.innerText(), "4");
  const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("playbook:quiz:")).sort());
  assert.deepEqual(keys, ["playbook:quiz:tools-quiz"]);
});

await test("the print handout carries blank worksheets", async () => {
  await page.goto(BASE + "en/part/print/");
  const main = page.locator("main");
  assert.equal(await main.locator("input:checked").count(), 0);
  assert.equal(await main.locator("[data-out]").count(), 0);
  assert.ok(await main.locator(".fill-in").count() > 10);
  await shot("print-worksheet", main.locator(".man-scorer .widget-result"));
});

await test("the answer key lists the right answers", async () => {
  await page.goto(BASE + "answer-key/");
  const text = await page.locator("main").innerText();
  assert.match(text, /正确：\s*顾客总价值减去顾客总成本/);
  assert.match(text, /让渡价值从顾客的角度衡量一份报价/);
});

await test("no console errors on any page visited", async () => {
  assert.deepEqual(errors, []);
});

await context.close();
done();
