// Playbook LMS runtime (the launch page of a package made by `playbook package`).
// SCORM: finds the LMS the standard way, restores the learner's quiz progress from suspend
// data, shows the course in a frame, and on every graded quiz reports the course score, the
// lesson status and one interaction per question. cmi5: `lms-cmi5.js` does the same over
// xAPI, from the launch parameters in this page's URL. Without an LMS the course works as
// the plain site. No inline script: it runs under the site's strict CSP (a cmi5 host must
// allow `connect-src` to its LRS).
import init, * as kit from "./playbook_progress.js";
import { STORE, quizKey, readQuiz, removeQuiz, restoreScenario, scenarioKey, scenarioRuns } from "./store.js";

const data = JSON.parse(document.getElementById("playbook-lms").textContent);
const frame = document.querySelector("iframe.lms-frame");
const notice = document.querySelector('[data-role="notice"]');
let zh = data.lang.startsWith("zh");
const started = Date.now();


// ---- Where the LMS is: up the parent frames, then the opener's (SCORM RTE 3.3.6.1).
function findApi(name) {
  const climb = (win) => {
    for (let n = 0; win && n < 500; n++) {
      try { if (win[name]) return win[name]; } catch (e) { /* a frame of another origin */ }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  };
  let api = climb(window);
  try { if (!api && window.top && window.top.opener) api = climb(window.top.opener); } catch (e) { /* another origin */ }
  try { if (!api && window.opener) api = climb(window.opener); } catch (e) { /* another origin */ }
  return api;
}

// One face for both SCORM versions: the data model names differ, the calls do not.
function scorm12(api) {
  return {
    init: () => api.LMSInitialize(""),
    get: (k) => api.LMSGetValue(k),
    set: (k, v) => api.LMSSetValue(k, String(v)),
    commit: () => api.LMSCommit(""),
    finish: () => api.LMSFinish(""),
    error: () => { const c = api.LMSGetLastError(); return c + " " + api.LMSGetErrorString(c); },
    names: {
      status: "cmi.core.lesson_status", suspend: "cmi.suspend_data", exit: "cmi.core.exit",
      time: "cmi.core.session_time", raw: "cmi.core.score.raw", min: "cmi.core.score.min",
      max: "cmi.core.score.max", mastery: "cmi.student_data.mastery_score",
    },
    suspendLimit: 4096,
  };
}
function scorm2004(api) {
  return {
    init: () => api.Initialize(""),
    get: (k) => api.GetValue(k),
    set: (k, v) => api.SetValue(k, String(v)),
    commit: () => api.Commit(""),
    finish: () => api.Terminate(""),
    error: () => { const c = api.GetLastError(); return c + " " + api.GetErrorString(c); },
    names: {
      status: "cmi.completion_status", suspend: "cmi.suspend_data", exit: "cmi.exit",
      time: "cmi.session_time", raw: "cmi.score.raw", min: "cmi.score.min", max: "cmi.score.max",
      mastery: "cmi.scaled_passing_score",
    },
    suspendLimit: 64000,
  };
}

let lms = null;
let warned = false;
let finished = false;

function show(text, kind) {
  notice.textContent = text;
  notice.hidden = !text;
  if (kind) notice.dataset.kind = kind; else delete notice.dataset.kind;
}

// The first failure is shown once; the course goes on as a plain site.
function warn(detail) {
  console.warn("playbook: LMS:", detail);
  if (warned) return;
  warned = true;
  show(zh ? "学习平台未能保存学习结果。可以继续学习，但本次成绩可能不会被记录。"
    : "The learning platform could not save your results. You can keep working, but this session may not be recorded.", "error");
  const close = document.createElement("button");
  close.type = "button";
  close.textContent = zh ? "知道了" : "OK";
  close.addEventListener("click", () => show(""));
  notice.appendChild(close);
}

function safe(fn) { try { return fn(); } catch (e) { return String(e); } }

// Calls the LMS; a throw or a "false" is reported once and never stops the course.
function call(what, fn) {
  try {
    const r = fn();
    if (r === false || r === "false") { warn(what + ": " + safe(() => lms.error())); return null; }
    return r;
  } catch (e) {
    warn(what + ": " + e);
    return null;
  }
}
const get = (k) => { const v = call("GetValue " + k, () => lms.get(k)); return v == null ? "" : String(v); };
const set = (k, v) => call("SetValue " + k, () => lms.set(k, v));

// ---- The course: its quizzes, and what the learner has done in them.
let course = data.languages.find((l) => l.code === data.lang) || data.languages[0];

// Opens the course in another of its languages (cmi5: the learner's preference).
function useLanguage(code) {
  const l = data.languages.find((x) => x.code === code);
  if (!l) return;
  course = l;
  zh = l.code.startsWith("zh");
  document.documentElement.lang = l.code;
  document.title = l.title;
}

// The quiz ids of the course, each once (its languages share them).
function quizIds() {
  return [...new Set(data.languages.flatMap((l) => l.quizzes.map((q) => q.id)))];
}

// The scenario ids of language `code` (every language when none), from the catalog's
// scenario lines (`~ <lang> <id> …`, see playbook_kit::progress::scenarios).
function scenarioIds(code) {
  const ids = data.catalog.split("\n").filter((l) => l.startsWith("~ ")).map((l) => l.split(" "))
    .filter((w) => !code || w[1] === code).map((w) => w[2]);
  return [...new Set(ids)];
}

// The learner's records, one per quiz of the course (in whichever language it was taken),
// and the finished scenario runs (marked `kind: "scenario"` for the packing).
function records() {
  return quizIds().map(readQuiz).filter(Boolean).concat(scenarioRuns(scenarioIds()));
}

// The course score: the mean of the best percentage of each graded item of the course's
// language, chapter quizzes and scenarios alike (an item not taken or never played to an
// ending counts 0; an item counts once, in whichever language it was done).
function summary() {
  const best = new Map();
  const key = (r) => (r.kind === "scenario" ? "scenario:" : "") + r.id;
  for (const r of records()) best.set(key(r), Math.max(best.get(key(r)) || 0, Number(r.best) || 0));
  const ids = course.quizzes.map((q) => q.id).concat(scenarioIds(course.code).map((id) => "scenario:" + id));
  const taken = ids.filter((id) => best.has(id)).length;
  const total = ids.reduce((s, id) => s + (best.get(id) || 0), 0);
  return { raw: ids.length ? Math.round(total / ids.length) : 0, taken, count: ids.length };
}

let mastery = Number(data.mastery);

function pad(n, w) { return String(Math.floor(n)).padStart(w, "0"); }
function sessionTime12(ms) {
  const s = ms / 1000;
  return pad(s / 3600, 4) + ":" + pad((s % 3600) / 60, 2) + ":" + pad(s % 60, 2);
}
function sessionTime2004(ms) {
  const s = Math.round(ms / 100) / 10;
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = Math.round((s % 60) * 10) / 10;
  return "PT" + h + "H" + m + "M" + r + "S";
}
function timestamp(d) {
  return d.getFullYear() + "-" + pad(d.getMonth() + 1, 2) + "-" + pad(d.getDate(), 2) + "T" +
    pad(d.getHours(), 2) + ":" + pad(d.getMinutes(), 2) + ":" + pad(d.getSeconds(), 2);
}

// The options that count as right, from the grading key `kind;points;w1,w2,...`.
function rightOptions(key) {
  const [kind, , w] = key.split(";");
  const weights = (w || "").split(",").map(Number);
  return weights.map((x, i) => [x, i]).filter(([x]) => (kind === "multiple" ? x > 0 : Math.abs(x - 100) < 1e-9)).map(([, i]) => i);
}

const letter = (i) => String.fromCharCode(97 + i);

// The newer question kinds (see playbook_kit::quiz::types): the group sizes of the key's
// fourth field (`i4|n~unit~lo:hi|t~text`) and, per group, the index and spec of its right
// answer; the interaction type and the SCORM response of a selection.
const TYPES = { numeric: "numeric", short: "fill-in", blanks: "fill-in", matching: "matching", ordering: "sequencing" };
function groups(key) {
  const [, , w, g] = key.split(";");
  const weights = (w || "").split(",").map(Number);
  let at = 0;
  return (g || "").split("|").map((spec) => {
    const f = spec.split("~");
    const size = f[0] === "n" ? f.length - 2 : f[0] === "t" ? f.length - 1 : Number(spec.slice(1));
    const ws = weights.slice(at, at + size + (f[0] === "n" || f[0] === "t" ? 1 : 0));
    const group = { at, size: ws.length, spec: f, right: ws.indexOf(Math.max(...ws)) };
    at += ws.length;
    return group;
  });
}
// A typed number as the toolkit reads it (full-width digits, `，`/`,` thousands separators,
// `．`, the question's unit after it) in the plain decimal form SCORM's `numeric` takes, or
// "" when it is not one (the page said so beside the field).
function plainNumber(v, unit) {
  let t = String(v).normalize("NFKC").trim();
  if (unit && t.endsWith(unit)) t = t.slice(0, -unit.length);
  t = t.replace(/[,\s_]/g, "").replace(/。/g, ".").replace(/−/g, "-");
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) ? String(Number(t)) : "";
}
// SCORM 1.2 identifiers are one character: 1–9 then a–z for the left items of a match.
const source12 = (k) => "123456789abcdefghijklmnopqrstuvwxyz"[k] || "z";
function newerResponses(q, scorm12) {
  const gs = groups(q.key);
  const sep = scorm12 ? "," : "[,]";
  const pick = (sel, g) => { const i = sel.find((x) => x >= g.at && x < g.at + g.size); return i === undefined ? null : i - g.at; };
  // A choice blank reports the text of an alternative (its drop-down label), by index.
  const label = (k, v) => (q.labels && q.labels[k] && q.labels[k][String(v)]) || "";
  const text = (g, i, k) => {
    if (g.spec[0] === "n") {
      const [lo, hi] = (g.spec[i + 2] || "").split(":");
      if (lo === hi) return lo;
      // 1.2 has one number per pattern: the middle of the range (850 ± 5 is 850).
      return scorm12 ? String((Number(lo) + Number(hi)) / 2) : lo + "[:]" + hi;
    }
    if (g.spec[0] === "t") return decodeURIComponent(g.spec[i + 1] || "").slice(0, 250);
    return label(k, i).slice(0, 250);
  };
  const typed = (q.responses || []).map((v) => String(v).trim().slice(0, 250));
  if (q.kind === "matching" || q.kind === "ordering") {
    const resp = (sel) => q.kind === "matching"
      ? gs.map((g, k) => { const j = pick(sel, g); return j === null ? null : (scorm12 ? source12(k) + "." : (k + 1) + "[.]") + letter(j); }).filter(Boolean).join(sep)
      : gs.map((g, k) => [pick(sel, g), k]).filter(([p]) => p !== null).sort((a, b) => a[0] - b[0]).map(([, k]) => letter(k)).join(sep);
    const right = gs.map((g) => g.at + g.right);
    return { learner: resp(q.selected), pattern: resp(right) };
  }
  const unit = gs[0] && gs[0].spec[0] === "n" ? decodeURIComponent(gs[0].spec[1] || "") : "";
  const learner = gs.map((g, k) => {
    const v = typed[k] || "";
    if (g.spec[0] === "n") return plainNumber(v, unit);
    return g.spec[0].startsWith("i") && v !== "" ? label(k, v).slice(0, 250) : v;
  });
  return { learner: learner.join(sep), pattern: gs.map((g, k) => text(g, g.right, k)).join(sep) };
}

// One interaction record per question of a graded quiz: id `<quiz>.<question number>`.
function interactions(detail) {
  let n = Number(get("cmi.interactions._count")) || 0;
  for (const q of detail.questions) {
    const p = "cmi.interactions." + n + ".";
    const kind = q.key.split(";")[0];
    const right = rightOptions(q.key);
    const tf = kind === "truefalse";
    const newer = TYPES[kind];
    const partial = String(Math.round(q.fraction * 100) / 100);
    set(p + "id", detail.id + "." + q.n);
    set(p + "type", newer || (tf ? "true-false" : "choice"));
    if (data.format === "scorm12") {
      const resp = (sel) => sel.map((i) => (tf ? (i === 0 ? "t" : "f") : letter(i))).join(",");
      const r = newer ? newerResponses(q, true) : { learner: resp(q.selected), pattern: resp(right) };
      set(p + "time", timestamp(new Date()).slice(11));
      set(p + "weighting", q.points);
      set(p + "student_response", r.learner.slice(0, 255));
      set(p + "correct_responses.0.pattern", r.pattern.slice(0, 255));
      set(p + "result", q.fraction >= 0.999 ? "correct" : q.fraction > 0 ? partial : "wrong");
    } else {
      const resp = (sel) => sel.map((i) => (tf ? (i === 0 ? "true" : "false") : letter(i))).join("[,]");
      const r = newer ? newerResponses(q, false) : { learner: resp(q.selected), pattern: resp(right) };
      set(p + "timestamp", timestamp(new Date()));
      set(p + "weighting", q.points);
      set(p + "correct_responses.0.pattern", r.pattern);
      if (r.learner) set(p + "learner_response", r.learner);
      set(p + "result", q.fraction >= 0.999 ? "correct" : q.fraction > 0 ? partial : "incorrect");
      set(p + "description", q.text.slice(0, 250));
    }
    n++;
  }
}

// A finished scenario run (scenario.js): one `performance` interaction, id
// `scenario.<id>`, the response the steps taken with the choice made at each (A, B…), the
// result the run's share of the best score. The run's best percentage enters the course
// score like a quiz's (see summary()).
function scenarioInteraction(detail) {
  const n = Number(get("cmi.interactions._count")) || 0;
  const p = "cmi.interactions." + n + ".";
  const taken = detail.choices.map((c, i) => [detail.steps[i], String.fromCharCode(65 + c)]);
  set(p + "id", "scenario." + detail.id);
  set(p + "type", "performance");
  if (data.format === "scorm12") {
    set(p + "time", timestamp(new Date()).slice(11));
    set(p + "student_response", taken.map(([s, c]) => s + ":" + c).join(",").slice(0, 255));
    set(p + "result", String(detail.pct / 100));
  } else {
    set(p + "timestamp", timestamp(new Date()));
    set(p + "learner_response", taken.map(([s, c]) => s + "[.]" + c).join("[,]"));
    set(p + "result", String(detail.pct / 100));
    set(p + "description", String(detail.title || detail.id).slice(0, 250));
  }
}

function onScenario(detail) {
  if (cmi5) { cmi5.scenario(detail); return; }
  if (!lms || finished) return;
  scenarioInteraction(detail);
  reportScore();
  saveProgress();
  call("Commit", () => lms.commit());
}

function reportScore() {
  const s = summary();
  const names = lms.names;
  set(names.raw, s.raw);
  set(names.min, 0);
  set(names.max, 100);
  const complete = s.taken === s.count;
  const passed = s.raw >= mastery;
  if (data.format === "scorm12") {
    set(names.status, complete ? (passed ? "passed" : "failed") : "incomplete");
  } else {
    set("cmi.score.scaled", (s.raw / 100).toFixed(2));
    set("cmi.progress_measure", (s.count ? s.taken / s.count : 1).toFixed(2));
    set("cmi.completion_status", complete ? "completed" : "incomplete");
    set("cmi.success_status", complete ? (passed ? "passed" : "failed") : "unknown");
  }
}

function saveProgress() {
  const packed = kit.progress_pack(data.catalog, JSON.stringify(records()));
  if (packed.length > lms.suspendLimit) {
    // Never cut: a cut suspend data restores nothing, or worse, something wrong.
    warn("suspend data of " + packed.length + " characters is over the limit of " + lms.suspendLimit);
    return;
  }
  set(lms.names.suspend, packed);
}

// The LMS is the record of this learner: what another learner left in this browser's
// storage for these quizzes goes, and the learner's own progress (packed) comes back.
function restoreRecords(packed, what) {
  for (const id of quizIds()) removeQuiz(id);
  for (const id of scenarioIds()) STORE.remove(scenarioKey(id));
  if (!packed) return;
  const r = JSON.parse(kit.progress_unpack(data.catalog, packed));
  if (!r.ok) { warn(what + ": " + r.error); return; }
  // Packed by an earlier version, the same quiz may come back once per language: keep
  // the best.
  for (const rec of r.records) {
    if (rec.kind === "scenario") { restoreScenario(rec); continue; }
    const had = readQuiz(rec.id);
    if (!had || (Number(rec.best) || 0) > (Number(had.best) || 0)) STORE.set(quizKey(rec.id), JSON.stringify(rec));
  }
}

function restoreProgress() {
  restoreRecords(get(lms.names.suspend), "suspend data");
}

// The cmi5 session (`lms-cmi5.js`), when an LMS launched this package with cmi5.
let cmi5 = null;

function onGraded(detail) {
  if (cmi5) { cmi5.graded(detail); return; }
  if (!lms || finished) return;
  interactions(detail);
  reportScore();
  saveProgress();
  call("Commit", () => lms.commit());
}

function finish() {
  if (cmi5) { cmi5.finish(); return; }
  if (!lms || finished) return;
  const elapsed = Date.now() - started;
  set(lms.names.time, data.format === "scorm12" ? sessionTime12(elapsed) : sessionTime2004(elapsed));
  set(lms.names.exit, "suspend");
  call("Commit", () => lms.commit());
  call("Finish", () => lms.finish());
  finished = true;
}

async function start() {
  await init();
  if (data.format === "cmi5") {
    const { launch } = await import("./lms-cmi5.js");
    cmi5 = await launch({
      data, warn, show, useLanguage, summary, restoreRecords,
      pack: () => kit.progress_pack(data.catalog, JSON.stringify(records())),
      zh: () => zh,
    });
    if (cmi5) {
      window.addEventListener("pagehide", finish);
      window.addEventListener("beforeunload", finish);
    }
  }
  const name = data.format === "scorm12" ? "API" : data.format === "scorm2004" ? "API_1484_11" : null;
  const api = name && findApi(name);
  if (api) {
    lms = data.format === "scorm12" ? scorm12(api) : scorm2004(api);
    if (call("Initialize", () => lms.init()) === null) {
      lms = null;
    } else {
      const status = get(lms.names.status);
      if (status === "" || status === "not attempted" || status === "unknown") set(lms.names.status, "incomplete");
      const m = get(lms.names.mastery);
      if (m !== "" && Number.isFinite(Number(m))) mastery = data.format === "scorm12" ? Number(m) : Number(m) * 100;
      restoreProgress();
      call("Commit", () => lms.commit());
      window.addEventListener("pagehide", finish);
      window.addEventListener("beforeunload", finish);
    }
  }
  if (!warned) show(cmi5 && cmi5.notice ? cmi5.notice : "", cmi5 && cmi5.notice ? "info" : undefined);
  frame.addEventListener("load", () => {
    try {
      frame.contentWindow.addEventListener("playbook:quiz-graded", (e) => onGraded(e.detail));
      frame.contentWindow.addEventListener("playbook:scenario-finished", (e) => onScenario(e.detail));
    } catch (e) { /* a page of another origin: nothing to report */ }
  });
  frame.src = course.start;
}

start().catch((e) => {
  warn(String(e));
  if (!frame.getAttribute("src")) frame.src = course.start;
});
