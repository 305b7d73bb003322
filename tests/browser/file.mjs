// The built site opened straight from disk: pages read and links navigate (folder links
// get index.html added by playbook.js); widgets stay as their static forms.
import { assert, BASE, done, launch, test } from "./lib.mjs";

const { context } = await launch();
const page = await context.newPage();

await test("from file:// the home page reads and a link leads to the next page", async () => {
  await page.goto(BASE + "index.html");
  assert.ok((await page.locator("h1").innerText()).length > 0);
  // At phone width the sidebar sits behind the menu button.
  await page.click(".menu-toggle");
  assert.equal(await page.getAttribute(".menu-toggle", "aria-expanded"), "true");
  const link = page.locator("#sidebar a").first();
  const href = await link.getAttribute("href");
  assert.match(href, /index\.html$/, "folder links get index.html");
  await link.click();
  await page.waitForLoadState("load");
  assert.match(page.url(), /^file:.*index\.html$/);
  assert.ok((await page.locator("h1").innerText()).length > 0);
});

await test("from file:// a widget page still shows its static form", async () => {
  await page.goto(BASE + "part/tools/index.html");
  assert.equal(await page.locator('[data-widget="man-scorer"] tr[data-combination]').count(), 8);
  assert.equal(await page.locator('[data-widget="quiz"] fieldset').count(), 3);
});

await context.close();
done();
