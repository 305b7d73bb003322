// Quiz text stays text in the browser: after answering a quiz whose questions, options,
// feedback and explanations hold injection payloads, the feedback shows them literally
// and the page has no element or handler they would have made. The site is served
// WITHOUT the Content-Security-Policy, so live markup would also have run.
import { assert, BASE, done, launch, ready, test } from "./lib.mjs";

const { context, errors } = await launch();
const page = await context.newPage();
const dialogs = [];
page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });

await test("feedback with <img onerror> is shown as text after answering", async () => {
  await page.goto(BASE + "en/part/page/");
  const quiz = await ready(page, "quiz");
  const questions = quiz.locator(".quiz-question");
  const n = await questions.count();
  assert.equal(n, 8);
  for (let i = 0; i < n; i++) await questions.nth(i).locator('input[value="0"]').check();
  await quiz.locator('button[data-action="check"]').click();
  assert.match(await quiz.locator('[data-role="score"]').innerText(), /\(100%\), 8 of 8 right/);
  const q2 = questions.nth(1).locator('[data-role="feedback"]');
  const shown = await q2.innerText();
  assert.match(shown, /<img src=x onerror=alert\(1\)> O2/, "the option, literally");
  assert.match(shown, /<img src=x onerror=alert\(1\)> F2/, "the feedback, literally");
  assert.match(shown, /<img src=x onerror=alert\(1\)> E2/, "the explanation, literally");
  assert.match(await questions.nth(0).locator('[data-role="feedback"]').innerText(), /<script>alert\(1\)<\/script> F1/);
  assert.match(await questions.nth(7).locator('[data-role="feedback"]').innerText(), /价格<成本 & 利润>0 时？ F8/);
  const live = await page.evaluate(() => ({
    img: document.querySelectorAll("main img").length,
    svg: document.querySelectorAll("main svg").length,
    iframe: document.querySelectorAll("iframe").length,
    inlineScripts: Array.from(document.scripts).filter((s) => !s.src).length,
    handlers: Array.from(document.querySelectorAll("main *")).filter((e) => Array.from(e.attributes).some((a) => a.name.startsWith("on"))).length,
    jsLinks: Array.from(document.querySelectorAll("a[href]")).filter((a) => a.href.toLowerCase().startsWith("javascript:")).length,
  }));
  assert.deepEqual(live, { img: 0, svg: 0, iframe: 0, inlineScripts: 0, handlers: 0, jsLinks: 0 });
  // Give a handler that slipped through the time to fire.
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, []);
});

await test("no console errors on any page visited", async () => {
  assert.deepEqual(errors, []);
});

await context.close();
done();
