// `playbook serve` in a browser: a broken file shows the error as an overlay over the last
// good page; fixing it reloads the page with the new content.
import { readFileSync, writeFileSync } from "node:fs";
import { assert, BASE, done, launch, test } from "./lib.mjs";

const ROOT = process.argv[3];
const { context } = await launch();
const page = await context.newPage();
const file = ROOT + "/content/part/page.md";
const good = readFileSync(file, "utf8");

await test("a build error appears over the page, and a fix reloads it", async () => {
  await page.goto(BASE + "part/page/");
  assert.equal(await page.locator("h1").innerText(), "页面");
  writeFileSync(file, good.replace('title = "页面"', 'title = "页面"\nwieght = 1'));
  const overlay = page.locator("#playbook-error-overlay");
  await overlay.waitFor({ timeout: 20000 });
  assert.match(await overlay.innerText(), /unknown front matter key `wieght`/);
  assert.equal(await page.locator("h1").innerText(), "页面", "the last good page stays");
  writeFileSync(file, good.replace('title = "页面"', 'title = "新页面"'));
  await page.waitForFunction(() => document.querySelector("h1") && document.querySelector("h1").textContent === "新页面", null, { timeout: 20000 });
  assert.equal(await page.locator("#playbook-error-overlay").count(), 0);
});

await context.close();
done();
