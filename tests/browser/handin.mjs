// The hand-in round trip, browser side: answer a quiz in Chromium and read the score the
// page shows, then create the hand-in code on the progress page (name typed, class code
// preset by the trainer's ?class= link) and check the QR code, the copy button, the
// exports (whose and when in the file name, JSON without a BOM) and a phone screenshot.
// Prints `RESULT {json}` for tests/testsuite/browser.rs, which grades the code with
// `playbook results --csv` and compares.
import { writeFileSync } from "node:fs";
import { assert, BASE, done, launch, ready, test } from "./lib.mjs";

const SCREENSHOT = process.argv[3];
const { context, errors } = await launch();
const page = await context.newPage();
await page.setViewportSize({ width: 390, height: 844 });
const result = {};

await test("a quiz answered in the browser shows its score", async () => {
  await page.goto(BASE + "en/part/tools/");
  const quiz = await ready(page, "quiz");
  const q = (n) => quiz.locator(".quiz-question").nth(n);
  await q(0).locator('input[value="0"]').check();
  await q(1).locator('input[value="0"]').check(); // one of two right options: partial credit
  await q(2).locator('input[value="1"]').check();
  await quiz.locator('button[data-action="check"]').click();
  const shown = await quiz.locator('[data-role="score"]').innerText();
  const m = shown.match(/Score: ([\d.]+) \/ ([\d.]+) \((\d+)%\)/);
  assert.ok(m, shown);
  result.earned = Number(m[1]);
  result.possible = Number(m[2]);
  result.percent = Number(m[3]);
});

await test("the progress page makes a hand-in code and its QR code", async () => {
  await page.goto(BASE + "en/progress/?class=KA-7");
  const root = await ready(page, "progress");
  assert.equal(await page.locator("#handin-class").inputValue(), "KA-7", "the trainer's link presets the class code");
  await page.locator('button[data-action="handin"]').click();
  assert.equal(await page.locator("#handin-name").getAttribute("aria-invalid"), "true", "a name is required");
  assert.match(await page.locator('[data-error-for="name"]').innerText(), /Enter your name/);
  await page.locator("#handin-name").fill("Ann Lee");
  await page.locator('button[data-action="handin"]').click();
  await page.waitForSelector('[data-role="handin-result"]:not([hidden])');
  const code = await page.locator("#handin-code").inputValue();
  assert.match(code, /^PB2-[0-9A-HJKMNP-TV-Z]+$/);
  assert.equal(await page.locator("#handin-code").getAttribute("readonly"), "");
  const svg = page.locator('[data-role="qr"] svg');
  assert.equal(await svg.getAttribute("role"), "img");
  assert.equal(await svg.locator("title").textContent(), "Hand-in code of Ann Lee (QR code)");
  const box = await svg.boundingBox();
  assert.ok(box.width > 200 && box.width <= 390, "the QR code fits the phone: " + box.width);
  assert.match(await root.locator('[data-role="handin-message"]').innerText(), /for 1 chapter quiz/);
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(BASE).origin });
  await page.locator('button[data-action="copy-code"]').click();
  await page.waitForFunction(() => /copied/.test(document.querySelector('[data-role="handin-message"]').textContent));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);
  result.code = code;
  if (SCREENSHOT) await page.screenshot({ path: SCREENSHOT, fullPage: true });
});

await test("exports say whose and when, with the course title and version", async () => {
  await page.reload();
  await ready(page, "progress");
  assert.equal(await page.locator("#handin-name").inputValue(), "Ann Lee", "the name is remembered");
  const get = async (action) => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator(`button[data-action="${action}"]`).click()]);
    const body = Buffer.concat(await (await download.createReadStream()).toArray()).toString("utf8");
    return [download.suggestedFilename(), body];
  };
  const [jsonName, json] = await get("export-json");
  assert.match(jsonName, /^playbook-progress-Ann-Lee-\d{4}-\d{2}-\d{2}\.json$/);
  assert.ok(!json.startsWith("\ufeff"), "JSON has no byte-order mark");
  const doc = JSON.parse(json);
  assert.equal(doc.course, "Test playbook");
  assert.match(doc.version, /^[0-9a-f]{4}$/);
  assert.equal(doc.name, "Ann Lee");
  assert.equal(doc.class, "KA-7");
  assert.equal(doc.quizzes[0].best, result.percent);
  const [csvName, csv] = await get("export-csv");
  assert.match(csvName, /^playbook-progress-Ann-Lee-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = csv.replace(/^\ufeff/, "").trim().split("\n");
  assert.equal(lines[0], "course,version,name,class,id,chapter,best,last,attempts,date");
  assert.ok(lines[1].startsWith("Test playbook," + doc.version + ",Ann Lee,KA-7,tools-quiz,"), lines[1]);
});

await test("no console errors", async () => {
  assert.deepEqual(errors, []);
});

console.log("RESULT " + JSON.stringify(result));
await context.close();
done();
