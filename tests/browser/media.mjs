// Media, figures and callouts in headless Chromium (issue 11, part 2), under the strict
// CSP: at 390×844 and on a desktop, the chapter with a figure, an inline SVG, a video with
// captions, an audio file, every callout kind and the GitHub alerts does not scroll
// sideways; images carry width and height and keep their place before they load; the
// captions track is the default; callouts are styled by the theme in light and dark mode
// and pass axe-core (contrast included); no CSP violation or other console error.
// Screenshots go to the folder given as the second argument.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { assert, BASE, done, launch, test } from "./lib.mjs";

const SHOTS = process.argv[3];
const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const { context, errors } = await launch();
const page = await context.newPage();
const PAGES = ["part/page/", "en/part/page/"];

async function noSidewaysScroll(width) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= width, `no sideways scrolling at ${width}px: ${wide}`);
}

for (const [w, h] of [[390, 844], [1280, 800]]) {
  await test(`the media chapter fits ${w}px in both languages`, async () => {
    await page.setViewportSize({ width: w, height: h });
    for (const p of PAGES) {
      await page.goto(BASE + p);
      await noSidewaysScroll(w);
      for (const sel of ["figure img", "article p img", "video", "audio", ".note-danger"]) {
        const box = await page.locator(sel).first().boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= w + 0.5, `${p} ${sel} inside ${w}px: ${JSON.stringify(box)}`);
      }
    }
  });
}

await test("images have width and height and keep their place before they load", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(BASE + "part/page/");
  const imgs = await page.locator("article img").evaluateAll((els) => els.map((e) => ({
    w: e.getAttribute("width"), h: e.getAttribute("height"), lazy: e.loading, ratio: e.getBoundingClientRect().height / e.getBoundingClientRect().width,
  })));
  assert.equal(imgs.length, 2);
  for (const i of imgs) {
    assert.ok(i.w && i.h, `width and height: ${JSON.stringify(i)}`);
    assert.equal(i.lazy, "lazy");
    // The box has the image's proportions whether or not the file has arrived yet.
    assert.ok(Math.abs(i.ratio - i.h / i.w) < 0.02, `aspect ratio kept: ${JSON.stringify(i)}`);
  }
  const fig = page.locator("figure:not(.media)");
  assert.equal(await fig.locator("figcaption").innerText(), "图 1：按当前价值和潜在价值划分客户");
  await fig.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => [...document.querySelectorAll("article img")].every((i) => i.complete && i.naturalWidth > 0), null, { timeout: 10000 });
});

await test("the video plays the playbook's own file with its captions as the default track", async () => {
  await page.goto(BASE + "en/part/page/");
  const v = page.locator("video");
  assert.equal(await v.getAttribute("aria-label"), "Opening a visit");
  assert.ok(await v.evaluate((e) => e.controls), "the browser's own controls");
  const src = await v.locator("source").evaluate((e) => new URL(e.src).origin);
  assert.equal(src, new URL(BASE).origin, "no other origin");
  const track = await v.evaluate((e) => ({ kind: e.textTracks[0].kind, lang: e.textTracks[0].language, mode: e.textTracks[0].mode }));
  assert.deepEqual(track, { kind: "captions", lang: "en", mode: "showing" });
  const poster = await v.evaluate((e) => e.poster);
  assert.match(poster, /\/media\/poster\.png$/);
  assert.equal(await page.locator(".media-download").first().getAttribute("download"), "");
});

await test("every callout kind and alert is styled by the theme, in light and dark mode", async () => {
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(BASE + "en/part/page/");
    const notes = await page.locator("div.note[role=note]").evaluateAll((els) => els.map((e) => ({
      cls: e.className, border: getComputedStyle(e).borderLeftWidth, color: getComputedStyle(e).borderLeftColor,
      title: e.querySelector(".note-title").innerText, style: e.getAttribute("style"),
    })));
    assert.equal(notes.length, 12);
    for (const n of notes) {
      assert.equal(n.border, "4px", `${n.cls} has its border`);
      assert.equal(n.style, null, "no inline style");
    }
    const color = (c) => notes.find((n) => n.cls === "note " + c).color;
    const distinct = new Set(["note-info", "note-tip", "note-important", "note-warning", "note-danger"].map(color));
    assert.equal(distinct.size, 5, `five colours in ${scheme} mode: ${[...distinct]}`);
    assert.equal(color("note-caution"), color("note-danger"));
    assert.deepEqual(notes.slice(7).map((n) => n.title), ["Note", "Tip", "Important", "Warning", "Caution"]);
    if (SHOTS) {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.locator("#callouts").scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, `media-callouts-${scheme}.png`) });
      await page.goto(BASE + "part/page/");
      await page.screenshot({ path: join(SHOTS, `media-top-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
});

await test("no accessibility violations (axe-core), light and dark", async () => {
  const problems = [];
  for (const scheme of ["light", "dark"]) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const p of PAGES) {
      await page.goto(BASE + p);
      await page.waitForLoadState("load");
      await page.evaluate(AXE);
      const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
      for (const v of result.violations) {
        problems.push(`${scheme} ${p}: ${v.id} (${v.impact}) ` + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | "));
      }
    }
  }
  assert.deepEqual(problems, []);
});

await test("no CSP violation and no console error", async () => {
  assert.deepEqual(errors.filter((e) => !/net::ERR_/.test(e)), []);
});

await context.close();
done();
