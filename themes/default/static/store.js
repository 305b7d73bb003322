// Playbook's browser storage, shared by the widgets (widgets.js) and the LMS runtime of
// packages (lms.js): localStorage that never throws (private mode, a full quota, storage
// turned off), and where a quiz keeps its record.
export const STORE = {
  get(key, fallback) {
    try { const v = localStorage.getItem(key); return v === null ? fallback : v; } catch (e) { return fallback; }
  },
  set(key, value) {
    try { localStorage.setItem(key, value); return true; } catch (e) { return false; }
  },
  remove(key) {
    try { localStorage.removeItem(key); } catch (e) { /* storage unavailable */ }
  },
};

// A quiz's record is per course, shared by its languages: a chapter's translation has the
// same quiz id and the same options in the same order (checked at build time: model::quiz_keys), so a
// quiz taken in Chinese counts, and is shown, in English too.
export const quizKey = (id) => "playbook:quiz:" + id;
// The seed of a quiz's current attempt (its shuffled order), kept beside the record so a
// reload shows the same order.
export const quizSeedKey = (id) => "playbook:quiz-seed:" + id;

// The keys of quiz `id` kept by earlier versions, one per language: `playbook:quiz:<lang>:<id>`.
function legacyKeys(id) {
  const out = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const m = /^playbook:quiz:[^:]+:(.+)$/.exec(localStorage.key(i) || "");
      if (m && m[1] === id) out.push(localStorage.key(i));
    }
  } catch (e) { /* storage unavailable */ }
  return out;
}

const parse = (v) => { try { const r = JSON.parse(v); return r && typeof r === "object" ? r : null; } catch (e) { return null; } };

// The record of quiz `id` (parsed), or null. Records that earlier versions kept per language
// are moved under the course's key on first read: the best score (then the latest date)
// wins, with the attempts of all of them added up.
export function readQuiz(id) {
  const rec = parse(STORE.get(quizKey(id), "null"));
  if (rec) return rec;
  const legacy = legacyKeys(id);
  const found = legacy.map((k) => parse(STORE.get(k, "null"))).filter(Boolean);
  if (!found.length) return null;
  found.sort((a, b) => (Number(b.best) || 0) - (Number(a.best) || 0) || String(b.date || "").localeCompare(String(a.date || "")));
  const merged = Object.assign({}, found[0], { attempts: found.reduce((n, r) => n + (Number(r.attempts) || 0), 0) });
  if (STORE.set(quizKey(id), JSON.stringify(merged))) for (const k of legacy) STORE.remove(k);
  return merged;
}

// Removes quiz `id`'s record, with any an earlier version left.
export function removeQuiz(id) {
  for (const k of legacyKeys(id)) STORE.remove(k);
  STORE.remove(quizKey(id));
  STORE.remove(quizSeedKey(id));
}

// The run of a scenario (scenario.js), shown on the progress page: per course too, since a
// translation has the same graph (the build checks it).
export const scenarioKey = (id) => "playbook:scenario:" + id;

// The run record of scenario `id` (parsed), or null.
export function readScenario(id) {
  return parse(STORE.get(scenarioKey(id), "null"));
}

// The finished runs of scenarios `ids` as the toolkit packs them beside quiz records
// (progress_pack, handin_make: marked `kind: "scenario"`), under language `lang` when given
// (a translation has the same graph and hash; otherwise the run is reported as changed).
export function scenarioRuns(ids, lang) {
  return ids.map(readScenario).filter((r) => r && Number(r.attempts) > 0)
    .map((r) => Object.assign({}, r, { kind: "scenario" }, lang ? { lang } : {}));
}

// Puts back a run that packed progress restored (progress_unpack's `kind: "scenario"`
// records), keeping the better of it and what is already here.
export function restoreScenario(rec) {
  const had = readScenario(rec.id);
  if (had && (Number(had.best) || 0) >= (Number(rec.best) || 0) && had.hash === rec.hash) return;
  const keep = Object.assign({}, rec);
  delete keep.kind;
  STORE.set(scenarioKey(rec.id), JSON.stringify(keep));
}
