// Playbook's browser storage, shared by the widgets (widgets.js) and the LMS runtime of
// packages (lms.js): localStorage that never throws (private mode, a full quota, storage
// turned off), and the key a quiz keeps its record under.
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

export const quizKey = (lang, id) => "playbook:quiz:" + lang + ":" + id;
// The run of a scenario (scenario.js), shown on the progress page.
export const scenarioKey = (lang, id) => "playbook:scenario:" + lang + ":" + id;
