// Reading and navigating on a phone (issue 12): the language switch keeps the section and
// the search query, Escape closes the menu, back to top, on-page contents, read marks and
// "continue where you left off", the 404 page of each language, `lang="zh-CN"`, and dark
// mode colours with enough contrast.
import { assert, BASE, done, launch, test } from "./lib.mjs";

const { context, errors } = await launch();
const page = await context.newPage();
await page.setViewportSize({ width: 390, height: 844 });

// Scrolls so that heading `id` is at the top, as a reader who has reached that section.
async function readTo(id) {
  await page.evaluate((id) => { document.getElementById(id).scrollIntoView(); scrollBy(0, -10); }, id);
  await page.waitForTimeout(100);
}

// A reader in the middle of a page scrolls up a little: the header comes back.
async function headerBack() {
  await page.mouse.move(200, 400);
  await page.mouse.wheel(0, -150);
  await page.waitForFunction(() => !document.querySelector(".site-header").classList.contains("tucked"));
  await page.waitForTimeout(300);
  const top = await page.evaluate(() => document.querySelector(".site-header").getBoundingClientRect().top);
  assert.ok(Math.abs(top) < 1, "the header is on screen: " + top);
}

await test("Chinese pages say zh-CN, English pages en; URLs keep the short code", async () => {
  await page.goto(BASE + "value/classification/");
  assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
  assert.equal(await page.getAttribute('.lang-switch a[hreflang="en"]', "lang"), "en");
  await page.goto(BASE + "en/value/classification/");
  assert.equal(await page.getAttribute("html", "lang"), "en");
});

await test("the language switch keeps the section being read, both ways", async () => {
  await page.goto(BASE + "value/classification/");
  await readTo("account-pyramid");
  assert.ok(await page.evaluate(() => document.querySelector(".site-header").classList.contains("tucked")), "the header slid away");
  await headerBack();
  await page.click('.lang-switch a[hreflang="en"]');
  await page.waitForURL(/\/en\/value\/classification\/#account-pyramid$/);
  const top = await page.evaluate(() => document.getElementById("account-pyramid").getBoundingClientRect().top);
  assert.ok(Math.abs(top) < 100, `the section is on screen (top ${top})`);
  await readTo("share-of-wallet");
  await headerBack();
  await page.click('.lang-switch a[hreflang="zh"]');
  await page.waitForURL(/\/value\/classification\/#share-of-wallet$/);
  assert.doesNotMatch(page.url(), /\/en\//);
  // At the top of a page, the switch goes to the top of the other one.
  await page.goto(BASE + "value/classification/");
  await page.click('.lang-switch a[hreflang="en"]');
  await page.waitForURL(/\/en\/value\/classification\/$/);
});

await test("where the ids differ between languages, the switch maps the section by position", async () => {
  await page.goto(BASE + "value/classification/");
  const own = (await page.getAttribute(".lang-switch [aria-current]", "data-anchors")).split(" ");
  assert.ok(own.length > 4, "the page lists its heading ids");
  // The other language's version as if its headings had ids of their own.
  await page.evaluate((n) => {
    document.querySelector('.lang-switch a[hreflang="en"]').setAttribute("data-anchors", Array.from({ length: n }, (_, i) => "s" + i).join(" "));
  }, own.length);
  await readTo(own[3]);
  const href = await page.evaluate(() => { const a = document.querySelector('.lang-switch a[hreflang="en"]'); a.addEventListener("click", (e) => e.preventDefault()); a.click(); return a.getAttribute("href"); });
  assert.match(href, /\/en\/value\/classification\/#s3$/);
});

await test("the language switch keeps the search query", async () => {
  await page.goto(BASE + "search/?q=" + encodeURIComponent("转移成本"));
  await page.waitForSelector('[data-widget="search"][data-state="ready"]');
  await page.click('.lang-switch a[hreflang="en"]');
  await page.waitForURL(/\/en\/search\/\?q=/);
  assert.equal(new URL(page.url()).searchParams.get("q"), "转移成本");
  await page.waitForSelector('[data-widget="search"][data-state="ready"]');
  assert.equal(await page.inputValue("#search-page-q"), "转移成本");
});

await test("Escape closes the phone menu and gives the focus back to its button", async () => {
  await page.goto(BASE + "value/classification/");
  await page.click(".menu-toggle");
  assert.ok(await page.isVisible("#sidebar"));
  assert.equal(await page.getAttribute(".menu-toggle", "aria-expanded"), "true");
  await page.keyboard.press("Escape");
  assert.ok(!(await page.isVisible("#sidebar")));
  assert.equal(await page.getAttribute(".menu-toggle", "aria-expanded"), "false");
  assert.ok(await page.evaluate(() => document.activeElement.matches(".menu-toggle")));
});

await test("on-page contents for long chapters; back to top once a reader is far down", async () => {
  await page.goto(BASE + "value/classification/");
  const toc = page.locator(".page-toc");
  assert.ok((await toc.locator("li").count()) > 3);
  assert.ok(!(await page.isVisible(".back-to-top")), "not at the top of the page");
  await toc.locator("summary").click();
  await toc.locator("a").nth(3).click();
  await page.evaluate(() => scrollBy(0, 3 * innerHeight));
  await page.waitForTimeout(100);
  const button = page.locator(".back-to-top");
  await button.waitFor({ state: "visible" });
  const box = await button.boundingBox();
  assert.ok(box.width >= 44 && box.height >= 44, JSON.stringify(box));
  await button.click();
  await page.waitForFunction(() => scrollY === 0);
});

await test("chapters read to the end are marked, and the home page offers to continue", async () => {
  await page.goto(BASE + "value/lifetime-value/");
  await page.evaluate(() => scrollTo(0, document.body.scrollHeight));
  await page.waitForTimeout(300);
  await page.goto(BASE + "value/portfolio/");
  await readTo("on-the-job");
  await page.waitForTimeout(700);
  await page.goto(BASE);
  const cont = page.locator(".continue-reading");
  await cont.waitFor({ state: "visible" });
  assert.match(await cont.innerText(), /继续阅读/);
  assert.match(await cont.locator("a").getAttribute("href"), /\/value\/portfolio\/#on-the-job$/);
  await page.goto(BASE + "value/");
  const read = page.locator('.chapter-list a[href$="lifetime-value/"] .read-mark');
  assert.equal(await read.count(), 1, "the chapter read to the end is marked");
  assert.equal(await page.locator('.chapter-list a[href$="portfolio/"] .read-mark').count(), 0, "a chapter only begun is not");
  await cont.locator("a").count();
  await page.click(".menu-toggle");
  assert.equal(await page.locator('#sidebar a[href$="lifetime-value/"] .read-mark').count(), 1);
  // Each language continues its own reading.
  await page.goto(BASE + "en/");
  assert.ok(!(await page.isVisible(".continue-reading")) || /Continue/.test(await page.innerText(".continue-reading")));
});

await test("a missing page says so in each language", async () => {
  // (The test server names the type by the extension asked for.)
  const r = await page.goto(BASE + "en/no-such-page.html");
  assert.equal(r.status(), 404);
  assert.match(await page.innerText("main"), /页面不存在[\s\S]*Page not found/);
  assert.equal(await page.getAttribute('main section[lang="en"] a', "href"), "/en/");
  await page.goto(BASE + "en/404.html");
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.match(await page.innerText("h1"), /Page not found/);
});

// WCAG contrast ratio of two CSS colours.
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

for (const scheme of ["light", "dark"]) {
  await test(`${scheme} mode: text, links, buttons and quiz feedback keep a 4.5:1 contrast`, async () => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(BASE + "en/relationship/switching-cost/");
    const quiz = page.locator('[data-widget="quiz"][data-state="ready"]');
    await quiz.waitFor();
    await quiz.locator('button[data-action="check"]').click();
    const colours = await page.evaluate(() => {
      const v = (name) => {
        const probe = document.createElement("span");
        probe.style.color = `var(${name})`;
        document.body.append(probe);
        const c = getComputedStyle(probe).color;
        probe.remove();
        return c;
      };
      return Object.fromEntries(["--fg", "--muted", "--bg", "--soft", "--accent", "--accent-fg", "--ok", "--bad", "--warn"].map((n) => [n, v(n)]));
    });
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    if (scheme === "dark") assert.ok(contrast(bg, "rgb(0, 0, 0)") < 1.5, "the page is dark: " + bg);
    const low = [];
    for (const [fg, back] of [["--fg", "--bg"], ["--fg", "--soft"], ["--muted", "--bg"], ["--muted", "--soft"], ["--accent", "--bg"], ["--accent", "--soft"], ["--accent-fg", "--accent"], ["--ok", "--soft"], ["--bad", "--soft"], ["--warn", "--soft"], ["--bad", "--bg"], ["--warn", "--bg"]]) {
      const c = contrast(colours[fg], colours[back]);
      if (c < 4.5) low.push(`${fg} on ${back}: ${c.toFixed(2)}`);
    }
    assert.deepEqual(low, []);
    await page.emulateMedia({ colorScheme: null });
  });
}

await test("no console errors", async () => {
  assert.deepEqual(errors.filter((e) => !/net::ERR_|404/.test(e)), []);
});

await context.close();
done();
