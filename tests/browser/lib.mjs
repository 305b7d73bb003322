// Shared set-up of the browser tests: Debian's Chromium through playwright-core, a phone
// viewport, and every console error or page error collected so a test can assert none.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const BASE = process.argv[2];
if (!BASE) throw new Error("usage: node test.mjs BASE_URL");

export async function launch() {
  const exe = process.env.CHROMIUM || "/usr/bin/chromium";
  const userDataDir = mkdtempSync(join(tmpdir(), "pb-chrome-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: exe,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 360, height: 740 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const errors = [];
  const watch = (page) => {
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    page.on("pageerror", (e) => errors.push(String(e)));
  };
  context.on("page", watch);
  for (const p of context.pages()) watch(p);
  return { context, errors };
}

let failures = 0;
let passed = 0;
export async function test(name, fn) {
  try {
    await fn();
    passed++;
    console.log("ok - " + name);
  } catch (e) {
    failures++;
    console.log("not ok - " + name + "\n" + String(e && e.stack || e).split("\n").map((l) => "  " + l).join("\n"));
  }
}

export function done() {
  console.log(passed + " passed, " + failures + " failed");
  process.exit(failures ? 1 : 0);
}

export async function ready(page, widget) {
  await page.waitForSelector(`[data-widget="${widget}"][data-state="ready"]`, { timeout: 15000 });
  return page.locator(`[data-widget="${widget}"]`).first();
}

export { assert };
