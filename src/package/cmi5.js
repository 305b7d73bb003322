// Playbook's cmi5 runtime: loaded by lms.js (as assets/lms-cmi5.js) in a cmi5 package.
// Reads the launch parameters of this page's URL, fetches the auth token once, reads the
// LMS launch data (context template, launch mode, mastery score, moveOn, return URL) and
// the learner's language preference, restores the learner's quiz progress from an xAPI
// State document, and sends the cmi5 defined statements: initialized; completed once every
// graded item (chapter quiz or scenario) is done; passed or failed against the mastery
// score; terminated on leaving. A finished scenario run is also sent as a cmi5 allowed
// statement (`answered`, a `performance` interaction, the path in an extension).
// Any failure of the LMS is shown once (lms.js `warn`) and the course goes on as the site.

const VERBS = "http://adlnet.gov/expapi/verbs/";
const CATEGORY_CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
const CATEGORY_MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon";
const EXT_MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
/** Result extension of a scenario run: the steps taken and the choice made at each. */
export const EXT_SCENARIO_PATH = "https://playbook.invalid/xapi/extensions/scenario-path";
/** The State document (of this AU, learner and registration) that keeps the progress. */
export const PROGRESS_STATE = "https://playbook.invalid/state/progress";
const PARAMS = ["endpoint", "fetch", "actor", "registration", "activityId"];

/** The launch parameters (cmi5 8.1), or null when no cmi5 LMS launched this page. */
export function launchParameters(search) {
  const q = new URLSearchParams(search);
  if (!PARAMS.some((k) => q.has(k))) return null;
  const p = {};
  for (const k of PARAMS) p[k] = q.get(k) || "";
  return p;
}

/** The first course language that a `languagePreference` list (RFC 5646 tags, in order of
 *  preference) asks for: the exact tag, else the same primary language; null if none. */
export function pickLanguage(preference, codes) {
  const low = (s) => s.toLowerCase();
  for (const tag of String(preference || "").split(",").map((t) => low(t.trim())).filter(Boolean)) {
    const exact = codes.find((c) => low(c) === tag);
    if (exact) return exact;
    const near = codes.find((c) => low(c).split("-")[0] === tag.split("-")[0]);
    if (near) return near;
  }
  return null;
}

/** An ISO 8601 duration (xAPI keeps hundredths of a second). */
export function duration(ms) {
  const cs = Math.max(0, Math.round(ms / 10));
  const h = Math.floor(cs / 360000), m = Math.floor((cs % 360000) / 6000), s = (cs % 6000) / 100;
  return "PT" + (h ? h + "H" : "") + (m ? m + "M" : "") + (s || !(h || m) ? s + "S" : "");
}

function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  // Not a secure context (an LMS on plain http): a version 4 UUID by hand.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
}

const text = (zh, zhText, enText) => (zh ? zhText : enText);

/**
 * Starts the cmi5 session. `rt` is lms.js: { data, warn, show, useLanguage, summary,
 * restoreRecords, pack, zh }. Returns { graded(detail), finish(), notice }, or null when no
 * cmi5 LMS launched the page or the session could not start (then the course is the plain
 * site). `notice` is what the launch page shows while nothing went wrong.
 */
export async function launch(rt) {
  const p = launchParameters(location.search);
  if (!p) return null;
  const missing = PARAMS.filter((k) => !p[k]);
  if (missing.length) { rt.warn("cmi5 launch parameters missing: " + missing.join(", ")); return null; }
  let actor;
  try { actor = JSON.parse(p.actor); } catch (e) { rt.warn("cmi5 actor is not JSON: " + e); return null; }
  const base = p.endpoint.endsWith("/") ? p.endpoint : p.endpoint + "/";
  let broken = false; // a call failed: never tell the learner their results were recorded
  const fail = (detail) => { broken = true; rt.warn(detail); };

  // The auth token: one POST to the fetch URL (8.2), never a second.
  let token;
  try {
    const r = await fetch(p.fetch, { method: "POST", cache: "no-store" });
    const body = r.ok ? await r.json() : null;
    if (!body || !body["auth-token"]) {
      rt.warn("cmi5 fetch URL: " + (body ? "error " + body["error-code"] + " " + body["error-text"] : "HTTP " + r.status));
      return null;
    }
    token = body["auth-token"];
  } catch (e) { rt.warn("cmi5 fetch URL: " + e); return null; }

  const xapi = (method, path, query, body, keepalive) => {
    const url = new URL(path, base);
    for (const [k, v] of Object.entries(query || {})) url.searchParams.set(k, v);
    const headers = { Authorization: "Basic " + token, "X-Experience-API-Version": "1.0.3" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(url, {
      method, headers, cache: "no-store", keepalive: !!keepalive,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  };
  const stateQuery = (stateId) => ({ stateId, activityId: p.activityId, agent: p.actor, registration: p.registration });
  // A document of the LRS: its JSON, null when there is none (404), undefined on failure.
  const read = async (what, path, query, tolerated) => {
    try {
      const r = await xapi("GET", path, query);
      if (r.status === 404 || tolerated.includes(r.status)) return null;
      if (!r.ok) { fail(what + ": HTTP " + r.status); return undefined; }
      return await r.json();
    } catch (e) { fail(what + ": " + e); return undefined; }
  };

  // The launch data (10.0): without its context template no statement can be sent.
  const launchData = await read("cmi5 LMS.LaunchData", "activities/state", stateQuery("LMS.LaunchData"), []);
  if (!launchData || typeof launchData !== "object") {
    if (launchData === null) rt.warn("cmi5 LMS.LaunchData: none");
    return null;
  }
  const mode = ["Normal", "Browse", "Review"].includes(launchData.launchMode) ? launchData.launchMode : "Normal";
  const normal = mode === "Normal";
  const lmsMastery = Number.isFinite(Number(launchData.masteryScore)) && launchData.masteryScore !== null && launchData.masteryScore !== ""
    ? Number(launchData.masteryScore) : null;
  const mastery = lmsMastery !== null ? lmsMastery : Number(rt.data.mastery) / 100;
  const moveOn = launchData.moveOn || "NotApplicable";

  // The learner's preferences (11.0): the course opens in the first language they list.
  const prefs = await read("cmi5 learner preferences", "agents/profile", { agent: p.actor, profileId: "cmi5LearnerPreferences" }, [403]);
  const lang = prefs && pickLanguage(prefs.languagePreference, rt.data.languages.map((l) => l.code));
  if (lang) rt.useLanguage(lang);

  // The learner's progress in this registration, and which verbs it has already had.
  const saved = await read("cmi5 progress state", "activities/state", stateQuery(PROGRESS_STATE), []);
  const stateReadable = saved !== undefined;
  const sent = { completed: !!(saved && saved.completed), passed: !!(saved && saved.passed) };
  const before = (saved && Number(saved.time)) || 0;
  rt.restoreRecords(saved && typeof saved.progress === "string" ? saved.progress : "", "cmi5 progress state");

  const started = Date.now();
  let ended = false;
  let judged = false; // a passed statement in this session (at most one of passed/failed)
  let attempted = false; // every quiz taken and graded in this session: failing at the end means failed

  // cmi5 defined statements: the context template with the registration, the cmi5 category,
  // the moveOn category when the result has success or completion, and what is given.
  const statement = (verb, result, extensions) => {
    const context = JSON.parse(JSON.stringify(launchData.contextTemplate || {}));
    if (!context.registration) context.registration = p.registration;
    const activities = (context.contextActivities = context.contextActivities || {});
    const category = Array.isArray(activities.category) ? activities.category : activities.category ? [activities.category] : [];
    activities.category = category;
    const add = (id) => { if (!category.some((a) => a && a.id === id)) category.push({ id, objectType: "Activity" }); };
    add(CATEGORY_CMI5);
    if (result && ("success" in result || "completion" in result)) add(CATEGORY_MOVEON);
    for (const [k, v] of Object.entries(extensions || {})) {
      context.extensions = context.extensions || {};
      if (!(k in context.extensions)) context.extensions[k] = v;
    }
    const s = {
      id: uuid(), timestamp: new Date().toISOString(), actor,
      verb: { id: VERBS + verb, display: { "en-US": verb } },
      object: { objectType: "Activity", id: p.activityId },
      context,
    };
    if (result) s.result = result;
    return s;
  };

  // Statements go out in order, one request at a time; what waits is sent together.
  const queue = [];
  let busy = false;
  const post = async (batch, keepalive) => {
    try {
      const r = await xapi("POST", "statements", null, batch, keepalive);
      if (r.ok) tell(); else fail("cmi5 statements: HTTP " + r.status);
    } catch (e) { fail("cmi5 statements: " + e); }
  };
  const pump = async () => {
    if (busy) return;
    busy = true;
    while (queue.length && !ended) await post(queue.splice(0), true);
    busy = false;
  };
  const send = (s) => { queue.push(s); pump(); };

  const saveState = () => {
    if (!normal || !stateReadable) return; // never overwrite progress that could not be read
    const doc = { progress: rt.pack(), completed: sent.completed, passed: sent.passed, time: before + Date.now() - started };
    xapi("PUT", "activities/state", stateQuery(PROGRESS_STATE), doc, true)
      .then((r) => { if (!r.ok) fail("cmi5 progress state: HTTP " + r.status); })
      .catch((e) => fail("cmi5 progress state: " + e));
  };

  const score = (s) => ({ scaled: s.raw / 100, raw: s.raw, min: 0, max: 100 });
  const spent = () => duration(before + Date.now() - started);
  const masteryExt = lmsMastery !== null ? { [EXT_MASTERY]: lmsMastery } : {};

  // The learner is told when the LMS has what its moveOn rule asks of this course, once
  // the statements that meet it were accepted (and only if nothing failed).
  const satisfied = () => ({
    Passed: sent.passed, Completed: sent.completed, CompletedAndPassed: sent.completed && sent.passed,
    CompletedOrPassed: sent.completed || sent.passed, NotApplicable: false,
  })[moveOn];
  let told = false;
  const tell = () => {
    if (told || broken || !normal || !satisfied()) return;
    told = true;
    rt.show(text(rt.zh(), "学习平台已记录你完成了本课程的要求。", "The learning platform has recorded that you met this course's requirements."), "info");
  };

  // The exit control, when the LMS gives a return URL (10.2.6).
  if (typeof launchData.returnURL === "string" && launchData.returnURL) {
    const exit = document.createElement("button");
    exit.type = "button";
    exit.className = "lms-exit";
    exit.dataset.role = "exit";
    exit.textContent = text(rt.zh(), "退出课程", "Exit course");
    exit.addEventListener("click", () => {
      controller.finish();
      location.assign(launchData.returnURL);
    });
    document.body.insertBefore(exit, document.body.firstChild);
  }

  // A finished scenario run: a cmi5 allowed statement (no cmi5 category, 9.6.2.1) about the
  // scenario as an activity of this AU, with the run's share of the best score and its path.
  const answered = (d) => {
    const context = JSON.parse(JSON.stringify(launchData.contextTemplate || {}));
    if (!context.registration) context.registration = p.registration;
    const activities = (context.contextActivities = context.contextActivities || {});
    activities.parent = [{ id: p.activityId, objectType: "Activity" }];
    const letters = d.choices.map((c) => String.fromCharCode(65 + c));
    return {
      id: uuid(), timestamp: new Date().toISOString(), actor,
      verb: { id: VERBS + "answered", display: { "en-US": "answered" } },
      object: {
        objectType: "Activity", id: p.activityId + "/scenario/" + encodeURIComponent(d.id),
        definition: {
          type: "http://adlnet.gov/expapi/activities/cmi.interaction", interactionType: "performance",
          name: { [rt.zh() ? "zh-CN" : "en-US"]: String(d.title || d.id) },
        },
      },
      result: {
        score: { scaled: d.pct / 100, raw: d.pct, min: 0, max: 100 }, completion: true,
        response: d.steps.slice(0, -1).map((s, i) => s + "[.]" + letters[i]).join("[,]"),
        extensions: { [EXT_SCENARIO_PATH]: { steps: d.steps, choices: d.choices, ending: d.steps[d.steps.length - 1], score: d.score } },
      },
      context,
    };
  };

  const controller = {
    notice: "",
    scenario(detail) {
      if (!normal || ended) return;
      send(answered(detail));
      controller.graded();
    },
    graded() {
      if (!normal || ended) return;
      const s = rt.summary();
      const complete = s.taken === s.count;
      if (complete && !sent.completed) {
        send(statement("completed", { completion: true, duration: spent() }));
        sent.completed = true;
      }
      if (complete) attempted = true;
      if (complete && !sent.passed && !judged && s.raw / 100 >= mastery) {
        send(statement("passed", { score: score(s), success: true, duration: spent() }, masteryExt));
        sent.passed = true;
        judged = true;
      }
      saveState();
    },
    finish() {
      if (ended) return;
      const out = queue.splice(0);
      // Failed once, at the end: a retake that passes in this session is then still reported.
      const s = rt.summary();
      if (normal && attempted && !judged && !sent.passed && s.taken === s.count && s.raw / 100 < mastery) {
        out.push(statement("failed", { score: score(s), success: false, duration: spent() }, masteryExt));
      }
      out.push(statement("terminated", { duration: duration(Date.now() - started) }));
      ended = true;
      post(out, true);
    },
  };

  send(statement("initialized"));
  if (normal && rt.summary().count === 0 && !sent.completed) {
    // A course without a quiz or a scenario is complete once opened.
    send(statement("completed", { completion: true, duration: spent() }));
    sent.completed = true;
    saveState();
  }
  // Browse and Review: the learner looks around without judgement, and is told so.
  if (mode === "Browse") controller.notice = text(rt.zh(), "浏览模式：本次的答题不会被记录。", "Browse mode: nothing you answer here is recorded.");
  if (mode === "Review") controller.notice = text(rt.zh(), "复习模式：本次的答题不会被记录。", "Review mode: nothing you answer here is recorded.");
  return controller;
}
