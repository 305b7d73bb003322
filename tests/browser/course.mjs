// What the LMS tests (lms.mjs, cmi5.mjs) do to a package's course: find its frame, and
// answer a quiz in it the way a learner would.

// The launch page's course frame, once it shows a page whose URL passes `isCourse`.
export async function courseFrame(page, isCourse) {
  for (let i = 0; i < 300; i++) {
    const f = page.frames().find((x) => x.name() === "playbook-course" && isCourse(x.url()));
    if (f) {
      await f.waitForLoadState("load");
      return f;
    }
    await page.waitForTimeout(50);
  }
  throw new Error("the course frame never loaded");
}

// Answers the quiz at `url` in the course frame: right for every question, or with
// `wrongLast` the last one wrong. Returns the percentage the page showed and the number
// of questions.
export async function answerQuiz(course, url, wrongLast) {
  await course.goto(url);
  await course.waitForSelector('[data-widget="quiz"][data-state="ready"]', { timeout: 15000 });
  const keys = await course.$$eval(".quiz-question", (qs) => qs.map((q) => q.dataset.key));
  for (let i = 0; i < keys.length; i++) {
    const [kind, , w] = keys[i].split(";");
    const weights = w.split(",").map(Number);
    let pick = weights.map((x, j) => [x, j]).filter(([x]) => (kind === "multiple" ? x > 0 : x === 100)).map(([, j]) => j);
    if (wrongLast && i === keys.length - 1) pick = weights.map((x, j) => [x, j]).filter(([x]) => x <= 0).map(([, j]) => j).slice(0, 1);
    for (const j of pick) await course.locator(".quiz-question").nth(i).locator(`input[value="${j}"]`).check();
  }
  await course.click('[data-widget="quiz"] button[data-action="check"]');
  const score = await course.locator('[data-role="score"]').first().textContent();
  return { pct: Number(/(\d+)%/.exec(score)[1]), questions: keys.length };
}
