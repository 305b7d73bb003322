// Playbook widgets: hydrates the static markup rendered at build time with the toolkit
// compiled to WebAssembly (the same Rust code that rendered it), one module per need (see
// MODULE below); the quiz player is quiz.js, loaded from here on pages with a quiz.
// Loaded only on pages that embed a widget; no inline script, so the site works under a
// strict CSP.
import { STORE, quizKey, readQuiz, removeQuiz, scenarioKey, scenarioRuns } from "./store.js";

function download(name, text, type) {
  // CSV keeps a byte-order mark (Excel needs it to read UTF-8); JSON must not have one.
  const csv = !type || type.startsWith("text/csv");
  const blob = new Blob([csv ? "\ufeff" + text : text], { type: type || "text/csv;charset=utf-8" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 0);
}

function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, "0");
  return d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate());
}

function say(root, text) {
  const m = root.querySelector('[data-role="message"]');
  if (m) m.textContent = text;
}

// Undo for an action that deletes data kept only in this browser (issue 12, item 3): the
// message region (role="status", so it is announced) says what was done and holds an
// Undo button for UNDO_MS; focus moves to the button so the keyboard reaches it at once.
// `restore` puts the data back. A newer message replaces the offer.
const UNDO_MS = 10000;
function offerUndo(region, lang, text, restore) {
  const zh = lang.startsWith("zh");
  clearTimeout(region._undo);
  const b = document.createElement("button");
  b.type = "button";
  b.className = "undo";
  b.dataset.action = "undo";
  b.textContent = zh ? "撤销" : "Undo";
  region.replaceChildren(text + (zh ? "" : " "), b);
  b.addEventListener("click", (e) => {
    e.stopPropagation();
    clearTimeout(region._undo);
    restore();
    region.textContent = zh ? "已撤销，数据已恢复。" : "Undone: the data is back.";
  });
  region._undo = setTimeout(() => { if (b.isConnected) b.remove(); }, UNDO_MS);
  b.focus();
}

function radio(root, field) {
  const el = root.querySelector('input[name$="-' + field + '"]:checked');
  return el ? el.value : "";
}

function hydrateMan(root) {
  const lang = root.dataset.lang;
  const key = "playbook:man-list";
  const zh = lang === "zh";
  const update = () => {
    const m = radio(root, "money"), a = radio(root, "authority"), n = radio(root, "need");
    root.querySelector('[data-role="result"]').innerHTML = kit.man_result(m, a, n, lang);
    root.querySelector('[data-role="table"]').innerHTML = kit.man_table(m, a, n, lang);
  };
  const showList = () => {
    root.querySelector('[data-role="list-body"]').innerHTML = kit.man_list_html(STORE.get(key, ""), lang);
  };
  root.querySelector("form").addEventListener("change", update);
  root.querySelector("form").addEventListener("submit", (e) => e.preventDefault());
  root.addEventListener("click", (e) => {
    const t = e.target.closest("button");
    if (!t) return;
    if (t.dataset.action === "add") {
      const nameInput = root.querySelector('input[name="name"]');
      const error = root.querySelector('[data-error-for="name"]');
      const name = nameInput.value.trim();
      if (!name) {
        error.textContent = zh ? "请先填写名称。" : "Enter a name first.";
        nameInput.setAttribute("aria-invalid", "true");
        nameInput.focus();
        return;
      }
      error.textContent = "";
      nameInput.removeAttribute("aria-invalid");
      const csv = kit.man_list_add(STORE.get(key, ""), name, radio(root, "money"), radio(root, "authority"), radio(root, "need"));
      STORE.set(key, csv);
      showList();
      say(root, zh ? "已加入：" + name : "Added: " + name);
    } else if (t.dataset.action === "export") {
      download("man-prospects.csv", kit.man_export(STORE.get(key, ""), lang));
    } else if (t.dataset.action === "clear") {
      const before = STORE.get(key, "");
      if (!kit.man_list_html(before, lang).includes("<table")) {
        say(root, zh ? "名单已经是空的。" : "The list is already empty.");
        return;
      }
      STORE.remove(key);
      showList();
      offerUndo(root.querySelector('[data-role="message"]'), lang, zh ? "已清空名单。" : "The list was cleared.", () => { STORE.set(key, before); showList(); });
    } else if (t.dataset.remove !== undefined) {
      const before = STORE.get(key, "");
      const name = t.dataset.remove;
      STORE.set(key, kit.man_list_remove(before, name));
      showList();
      offerUndo(root.querySelector('[data-role="message"]'), lang, (zh ? "已删除：" : "Removed: ") + name + (zh ? "。" : "."), () => { STORE.set(key, before); showList(); });
    }
  });
  root.querySelector('input[data-action="import"]').addEventListener("change", async (e) => {
    const file = e.target.files && e.target.files[0];
    if (!file) return;
    const r = JSON.parse(kit.man_list_import(STORE.get(key, ""), await file.text(),
      Number(root.dataset.presentAt), Number(root.dataset.absentAt), lang));
    if (r.ok) STORE.set(key, r.csv);
    showList();
    say(root, r.message);
    e.target.value = "";
  });
  update();
  showList();
}

function hydrateValue(root) {
  const lang = root.dataset.lang;
  for (const form of root.querySelectorAll("form[data-section]")) {
    const section = form.dataset.section;
    const update = () => {
      const params = Array.from(form.querySelectorAll("input[name]"))
        .map((i) => i.name + "=" + i.value.replace(/[\r\n]/g, " ")).join("\n");
      const r = JSON.parse(kit.value_eval(section, params, lang));
      for (const slot of form.querySelectorAll("[data-error-for]")) {
        const field = slot.dataset.errorFor;
        const msg = r.errors[field] || "";
        slot.textContent = msg;
        const input = form.querySelector('input[name="' + field + '"]');
        if (input) {
          if (msg) input.setAttribute("aria-invalid", "true");
          else input.removeAttribute("aria-invalid");
        }
      }
      form.querySelector('[data-role="result"]').innerHTML = r.html;
    };
    form.addEventListener("input", update);
    form.addEventListener("submit", (e) => e.preventDefault());
    update();
  }
}

function hydrateLoyalty(root) {
  const lang = root.dataset.lang;
  const key = "playbook:loyalty";
  const zh = lang === "zh";
  const load = () => { try { return JSON.parse(STORE.get(key, "{}")) || {}; } catch (e) { return {}; } };
  const nameInput = root.querySelector('input[name="customer"]');
  const checked = () => Array.from(root.querySelectorAll('input[type="checkbox"]:checked')).map((c) => c.value);
  const update = () => {
    root.querySelector('[data-role="result"]').innerHTML = kit.loyalty_result(checked().join(","), lang);
  };
  const showHistory = () => {
    const name = nameInput.value.trim();
    const snaps = load()[name] || [];
    const lines = snaps.map((s) => s.date + "\t" + s.ids.join(",")).join("\n");
    root.querySelector('[data-role="history"]').innerHTML = name ? kit.loyalty_history(name, lines, lang) : "";
  };
  const recall = () => {
    const snaps = load()[nameInput.value.trim()] || [];
    if (snaps.length) {
      const latest = snaps.reduce((a, b) => (a.date >= b.date ? a : b));
      for (const c of root.querySelectorAll('input[type="checkbox"]')) c.checked = latest.ids.includes(c.value);
    }
    // Neutral until something is ticked or a saved check is recalled.
    if (snaps.length || checked().length) update();
    showHistory();
  };
  root.querySelector("form").addEventListener("change", (e) => {
    if (e.target === nameInput) recall(); else update();
  });
  root.querySelector("form").addEventListener("submit", (e) => e.preventDefault());
  root.addEventListener("click", (e) => {
    const t = e.target.closest("button[data-action]");
    if (!t) return;
    const name = nameInput.value.trim();
    const error = root.querySelector('[data-error-for="customer"]');
    if (t.dataset.action === "export") {
      const all = load();
      const lines = [];
      for (const c of Object.keys(all).sort()) for (const s of all[c]) lines.push(c + "\t" + s.date + "\t" + s.ids.join(","));
      download("loyalty-checks.csv", kit.loyalty_export(lines.join("\n")));
      return;
    }
    if (!name) {
      error.textContent = zh ? "请先填写客户名称。" : "Enter the customer's name first.";
      nameInput.setAttribute("aria-invalid", "true");
      nameInput.focus();
      return;
    }
    error.textContent = "";
    nameInput.removeAttribute("aria-invalid");
    const all = load();
    if (t.dataset.action === "save") {
      const date = today();
      const snaps = (all[name] || []).filter((s) => s.date !== date);
      snaps.push({ date, ids: checked() });
      all[name] = snaps;
      STORE.set(key, JSON.stringify(all));
      say(root, zh ? "已保存：" + name + "（" + date + "）" : "Saved: " + name + " (" + date + ")");
    } else if (t.dataset.action === "clear") {
      const before = all[name];
      if (!before) {
        say(root, zh ? "没有该客户的记录。" : "There are no records of this customer.");
        return;
      }
      delete all[name];
      STORE.set(key, JSON.stringify(all));
      showHistory();
      offerUndo(root.querySelector('[data-role="message"]'), lang, zh ? "已删除“" + name + "”的 " + before.length + " 条记录。" : "Deleted " + before.length + " saved check" + (before.length === 1 ? "" : "s") + " of " + name + ".", () => {
        const now = load();
        now[name] = before;
        STORE.set(key, JSON.stringify(now));
        showHistory();
      });
      return;
    }
    showHistory();
  });
  if (checked().length) update();
}

// An element of class `cls` holding `children` (strings become text, never markup).
function el(tag, cls, ...children) {
  const e = document.createElement(tag);
  e.className = cls;
  e.append(...children);
  return e;
}

function hydrateProgress(root) {
  const lang = root.dataset.lang;
  const zh = lang.startsWith("zh");
  const rows = Array.from(root.querySelectorAll("tr[data-quiz-id]"));
  // Records are per course: one taken in another language counts here, under this
  // language (whose catalog the hand-in code refers to).
  const records = () => rows.map((r) => {
    const rec = readQuiz(r.dataset.quizId);
    return { row: r, id: r.dataset.quizId, chapter: r.querySelector("a").textContent, rec: rec && Object.assign(rec, { lang }) };
  });
  const show = () => {
    let done = 0;
    for (const { row, rec } of records()) {
      row.querySelector('[data-field="best"]').textContent = rec ? rec.best + "%" : "—";
      row.querySelector('[data-field="date"]').textContent = rec ? rec.date : "—";
      row.querySelector('[data-field="attempts"]').textContent = rec ? rec.attempts : "0";
      if (rec) done++;
    }
    showScenarios(root, lang);
    root.querySelector('[data-role="summary"]').textContent = !rows.length ? "" : zh
      ? "已完成 " + done + " / " + rows.length + " 章的自测。"
      : done + " of " + rows.length + " chapter quizzes taken.";
  };
  root.addEventListener("click", (e) => {
    const t = e.target.closest("button[data-action]");
    if (!t) return;
    const data = records().map(({ id, chapter, rec }) => ({ id, chapter, best: rec ? rec.best : null, last: rec ? rec.last : null, attempts: rec ? rec.attempts : 0, date: rec ? rec.date : null }));
    const who = trainee(root);
    if (t.dataset.action === "export-json") {
      const doc = { course: root.dataset.course, version: root.dataset.version, lang, name: who.name || undefined, class: who.class || undefined, exported: new Date().toISOString(), quizzes: data, scenarios: scenarioRecords(root, lang) };
      download(exportName(who.name, "json"), JSON.stringify(doc, null, 2) + "\n", "application/json");
    } else if (t.dataset.action === "export-csv") {
      const q = (s) => (/[",\n]/.test(String(s)) ? '"' + String(s).replace(/"/g, '""') + '"' : String(s));
      const head = [root.dataset.course, root.dataset.version, who.name, who.class];
      // Scenario runs as rows too: id `scenario:<id>`, the title, best and last percentage,
      // runs finished (as `playbook results --csv` names their columns).
      const runs = scenarioRecords(root, lang).map((r) => ({ id: "scenario:" + r.id, chapter: r.title, best: r.best, last: r.last, attempts: r.runs, date: r.date }));
      const lines = ["course,version,name,class,id,chapter,best,last,attempts,date"].concat(data.concat(runs).map((d) => head.concat([d.id, d.chapter, d.best ?? "", d.last ?? "", d.attempts, d.date ?? ""]).map(q).join(",")));
      download(exportName(who.name, "csv"), lines.join("\n") + "\n");
    } else if (t.dataset.action === "handin") {
      const ids = Array.from(root.querySelectorAll("tr[data-scenario-id]"), (r) => r.dataset.scenarioId);
      handIn(root, records().map(({ rec }) => rec).filter(Boolean), scenarioRuns(ids, lang));
    } else if (t.dataset.action === "copy-code") {
      copyCode(root);
    } else if (t.dataset.action === "reset") {
      confirmReset(root, t, records().filter(({ rec }) => rec).length, scenarioIds(root).filter((i) => STORE.get(scenarioKey(i), null) !== null).length);
    } else if (t.dataset.action === "reset-cancel") {
      closeConfirm(root, zh ? "没有清除任何进度。" : "Nothing was reset.");
    } else if (t.dataset.action === "reset-confirm") {
      const saved = records().filter(({ rec }) => rec).map(({ id, rec }) => [id, JSON.stringify(rec)]);
      // Scenario runs go too (and come back with Undo), kept as stored.
      const runs = scenarioIds(root).map((i) => [i, STORE.get(scenarioKey(i), null)]).filter(([, v]) => v !== null);
      for (const [id] of saved) removeQuiz(id);
      for (const [id] of runs) STORE.remove(scenarioKey(id));
      show();
      const region = closeConfirm(root, "");
      const n = saved.length, m = runs.length;
      const done = zh
        ? "已清除" + [n ? " " + n + " 章" : "", m ? " " + m + " 个拜访模拟" : ""].filter(Boolean).join("和") + "的进度。"
        : "Progress of " + [n ? n + " chapter" + (n === 1 ? "" : "s") : "", m ? m + " visit simulation" + (m === 1 ? "" : "s") : ""].filter(Boolean).join(" and ") + " was reset.";
      offerUndo(region, lang, done, () => {
        for (const [id, v] of saved) STORE.set(quizKey(id), v);
        for (const [id, v] of runs) STORE.set(scenarioKey(id), v);
        show();
      });
    }
  });
  const params = new URLSearchParams(location.search);
  const name = root.querySelector("#handin-name");
  const klass = root.querySelector("#handin-class");
  if (name) {
    name.value = STORE.get("playbook:trainee:name", "");
    klass.value = params.get("class") || STORE.get("playbook:trainee:class", "");
  }
  show();
}

// The ids of the scenarios the progress page lists.
function scenarioIds(root) {
  return Array.from(root.querySelectorAll("tr[data-scenario-id]"), (r) => r.dataset.scenarioId);
}

// The scenario runs for the JSON export: id, title, best and last percentage, runs finished,
// the ending of the last run.
function scenarioRecords(root, lang) {
  return Array.from(root.querySelectorAll("tr[data-scenario-id]")).map((row) => {
    let rec = null;
    try { rec = JSON.parse(STORE.get(scenarioKey(row.dataset.scenarioId), "null")); } catch (e) { rec = null; }
    const done = rec && rec.attempts;
    return { id: row.dataset.scenarioId, title: row.querySelector("a").textContent, best: done ? rec.best : null, last: done ? rec.last : null, runs: done ? rec.attempts : 0, ending: done ? rec.ending : null, date: done ? rec.date : null };
  });
}

// The scenario runs (scenario.js keeps them under scenarioKey): best, date, runs finished.
function showScenarios(root, lang) {
  for (const row of root.querySelectorAll("tr[data-scenario-id]")) {
    let rec = null;
    try { rec = JSON.parse(STORE.get(scenarioKey(row.dataset.scenarioId), "null")); } catch (e) { rec = null; }
    const done = rec && rec.attempts;
    row.querySelector('[data-field="best"]').textContent = done ? rec.best + "%" : "—";
    row.querySelector('[data-field="date"]').textContent = done ? rec.date : "—";
    row.querySelector('[data-field="attempts"]').textContent = done ? rec.attempts : "0";
  }
}

// "Reset all progress" is a step, not a tap: an inline panel says what would be lost,
// offers the exports first, and asks to confirm; nothing is removed before that, and an
// Undo follows. The panel (and its status line) is added after the reset button's row.
function confirmReset(root, button, count, runs) {
  const zh = root.dataset.lang.startsWith("zh");
  const row = button.closest(".widget-actions");
  let panel = root.querySelector('[data-role="reset-confirm"]');
  let status = root.querySelector('[data-role="reset-message"]');
  if (!status) {
    status = el("p", "widget-message");
    status.dataset.role = "reset-message";
    status.setAttribute("role", "status");
    row.after(status);
  }
  if (!count && !runs) {
    status.textContent = zh ? "还没有任何进度，无需清除。" : "There is no progress to reset yet.";
    return;
  }
  if (!panel) {
    panel = el("div", "confirm-panel");
    panel.dataset.role = "reset-confirm";
    panel.setAttribute("role", "group");
    panel.id = "reset-confirm";
    row.after(panel);
  }
  const btn = (action, text) => { const b = el("button", "", text); b.type = "button"; b.dataset.action = action; return b; };
  const what = zh
    ? [count ? count + " 章的自测成绩和答案" : "", runs ? runs + " 个拜访模拟的练习记录" : ""].filter(Boolean).join("，以及 ")
    : [count ? "the scores and answers of " + count + " chapter quiz" + (count === 1 ? "" : "zes") : "", runs ? "the runs of " + runs + " visit simulation" + (runs === 1 ? "" : "s") : ""].filter(Boolean).join(" and ");
  const text = el("p", "", zh
    ? "这会删除本浏览器中" + what + "，这些数据没有保存在别处。建议先导出一份。"
    : "This deletes " + what + " kept in this browser; they are stored nowhere else. Export a copy first.");
  text.id = "reset-confirm-text";
  panel.setAttribute("aria-labelledby", text.id);
  panel.replaceChildren(text, el("div", "widget-actions",
    btn("export-json", zh ? "先导出 JSON" : "Export JSON first"),
    btn("export-csv", zh ? "先导出 CSV" : "Export CSV first"),
    btn("reset-confirm", zh ? "确认清除" : "Reset now"),
    btn("reset-cancel", zh ? "取消" : "Cancel")));
  button.setAttribute("aria-expanded", "true");
  button.setAttribute("aria-controls", panel.id);
  panel.querySelector("button").focus();
}

// Closes the confirm panel, puts focus back on the reset button, and returns the status
// line (with `text` in it).
function closeConfirm(root, text) {
  const panel = root.querySelector('[data-role="reset-confirm"]');
  if (panel) panel.remove();
  const button = root.querySelector('button[data-action="reset"]');
  button.setAttribute("aria-expanded", "false");
  button.focus();
  const status = root.querySelector('[data-role="reset-message"]');
  status.textContent = text;
  return status;
}

// The trainee's name and class code as typed on the progress page (remembered).
function trainee(root) {
  const name = root.querySelector("#handin-name");
  const klass = root.querySelector("#handin-class");
  return { name: name ? name.value.trim() : "", class: klass ? klass.value.trim() : "" };
}

// playbook-progress-<name>-<yyyy-mm-dd>.<ext>: whose and when, safe on every file system.
function exportName(name, ext) {
  const safe = (name || "").normalize("NFC").replace(/[\\/:*?"<>|\s\u0000-\u001f]+/g, "-").replace(/^[-.]+|[-.]+$/g, "").slice(0, 60);
  return "playbook-progress-" + (safe ? safe + "-" : "") + today() + "." + ext;
}

// Loaded on first use: only the progress page needs packing and QR codes.
let PROGRESS_KIT = null;
async function progressKit() {
  if (!PROGRESS_KIT) {
    PROGRESS_KIT = import("./playbook_progress.js").then(async (m) => { await m.default(); return m; });
  }
  return PROGRESS_KIT;
}

async function handIn(root, recs, runs) {
  const lang = root.dataset.lang;
  const zh = lang.startsWith("zh");
  const who = trainee(root);
  const nameInput = root.querySelector("#handin-name");
  const error = root.querySelector('[data-error-for="name"]');
  const message = root.querySelector('[data-role="handin-message"]');
  const out = root.querySelector('[data-role="handin-result"]');
  if (!who.name) {
    nameInput.setAttribute("aria-invalid", "true");
    error.textContent = zh ? "请输入姓名或邮箱。" : "Enter your name or e-mail address.";
    nameInput.focus();
    return;
  }
  nameInput.removeAttribute("aria-invalid");
  error.textContent = "";
  STORE.set("playbook:trainee:name", who.name);
  STORE.set("playbook:trainee:class", who.class);
  let kit;
  try { kit = await progressKit(); } catch (e) {
    PROGRESS_KIT = null;
    message.textContent = zh ? "无法加载交卷码工具，请联网后重新打开本页。" : "The hand-in tool could not be loaded: reopen this page online.";
    return;
  }
  const r = JSON.parse(kit.handin_make(root.dataset.catalog, JSON.stringify(recs.concat(runs || [])), who.name, who.class, Date.now(), -new Date().getTimezoneOffset(), lang));
  if (!r.ok) {
    out.hidden = true;
    message.textContent = (zh ? "无法生成交卷码：" : "Could not create the code: ") + r.error;
    return;
  }
  root.querySelector("#handin-code").value = r.code;
  root.querySelector('[data-role="qr"]').innerHTML = r.svg;
  out.hidden = false;
  message.textContent = zh
    ? "已为 " + recs.length + " 章的自测生成交卷码（" + r.code.length + " 个字符）。把整行复制发给培训师，或让培训师扫描二维码。"
    : "Hand-in code created for " + recs.length + " chapter quiz" + (recs.length === 1 ? "" : "zes") + " (" + r.code.length + " characters). Copy the whole line to your trainer, or let them scan the QR code.";
  // The scenario runs it carries (a UI string: `handin_scenarios`).
  if (runs && runs.length) message.textContent += root.dataset.handinScenarios.replace("{n}", runs.length);
}

async function copyCode(root) {
  const zh = root.dataset.lang.startsWith("zh");
  const field = root.querySelector("#handin-code");
  const message = root.querySelector('[data-role="handin-message"]');
  let ok = false;
  try { await navigator.clipboard.writeText(field.value); ok = true; } catch (e) {
    field.focus();
    field.select();
    try { ok = document.execCommand("copy"); } catch (e2) { ok = false; }
  }
  message.textContent = ok ? (zh ? "已复制交卷码。" : "Hand-in code copied.") : (zh ? "请手动复制选中的交卷码。" : "Copy the selected code by hand.");
}

const HYDRATE = { "man-scorer": hydrateMan, "value-calculator": hydrateValue, "loyalty-checklist": hydrateLoyalty, quiz: (root) => scripts["./quiz.js"].hydrateQuiz(root), progress: hydrateProgress, search: (root) => import("./search.js").then((m) => m.hydrateSearch(root)) };
// The toolkit's wasm module each widget runs on: a page downloads only those of the
// widgets it embeds. Search (its script and wasm module) and progress load their own when
// they need them.
const MODULE = { "man-scorer": "playbook_man", "value-calculator": "playbook_value", "loyalty-checklist": "playbook_loyalty" };
// Widgets whose player is a script of its own, which loads its own wasm module (`start`):
// the quiz player (quiz.js, on playbook_quiz), fetched only by pages with a quiz.
const SCRIPT = { quiz: "./quiz.js" };
// The exports of the modules this page loaded, under one name (no two modules export the
// same function), and the scripts it loaded, by path.
const kit = {};
const scripts = {};
async function load(name) {
  if (name.endsWith(".js")) {
    const s = await import(name);
    await s.start();
    scripts[name] = s;
    return;
  }
  const m = await import("./" + name + ".js");
  await m.default();
  for (const [k, f] of Object.entries(m)) if (k !== "default" && k !== "initSync") kit[k] = f;
}

// What a widget needs loaded before it starts: its wasm module or its own script.
const needs = (root) => MODULE[root.dataset.widget] || SCRIPT[root.dataset.widget];

async function main() {
  const roots = Array.from(document.querySelectorAll("[data-widget]")).filter((r) => HYDRATE[r.dataset.widget]);
  if (!roots.length) return;
  const modules = new Set(roots.map(needs).filter(Boolean));
  // A module that cannot be loaded (offline before it was cached) leaves its widgets as
  // the static page shows them; the others still start.
  const failed = new Set();
  await Promise.all(Array.from(modules, (name) => load(name).catch((e) => {
    failed.add(name);
    console.error("playbook: module failed to load", name, e);
  })));
  for (const root of roots) {
    if (failed.has(needs(root))) {
      root.dataset.state = "error";
      continue;
    }
    try {
      await HYDRATE[root.dataset.widget](root);
      root.dataset.state = "ready";
    } catch (e) {
      root.dataset.state = "error";
      console.error("playbook: widget failed", root.dataset.widget, e);
    }
  }
}

main();
