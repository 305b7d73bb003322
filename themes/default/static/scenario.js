// Playbook scenarios (the visit simulator): plays the worksheet rendered at build time
// one step at a time. Which choices are offered, where each leads, the score and the
// rating come from the toolkit compiled to WebAssembly (`scenario_play`, the same Rust
// code that validated the scenario at build time); this file only shows steps. A run is
// kept in the progress store under `playbook:scenario:<id>` (per course, like quizzes) with the hash of the
// scenario's graph: a run of another version is discarded with a notice, never replayed.
// Loaded only on pages with a scenario; no inline script (strict CSP). Its words are the
// page language's UI strings (`scenario_*`, `colon`), which the build puts in the
// scenario's `data-strings`, so a third language needs no change here.
import init, { scenario_play } from "./playbook_quiz.js";
import { STORE, scenarioKey } from "./store.js";

function el(tag, cls, ...children) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  e.append(...children);
  return e;
}

function button(action, text) {
  const b = el("button", "", text);
  b.type = "button";
  b.dataset.action = action;
  return b;
}

function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, "0");
  return d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate());
}

// The copies of a step's parts (already inert HTML from the build).
function part(step, selector) {
  const e = step.querySelector(":scope > " + selector);
  return e ? e.cloneNode(true) : null;
}

// A UI string with its `{name}` placeholders filled in.
function fill(text, values) {
  return String(text).replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
}

function hydrate(root) {
  const lang = root.dataset.lang;
  const S = JSON.parse(root.dataset.strings);
  const id = root.dataset.scenarioId;
  const graph = root.dataset.graph;
  const hash = root.dataset.hash;
  const key = scenarioKey(id);
  const sheet = root.querySelector(".scenario-sheet");
  const intro = root.querySelector(".scenario-intro");
  const player = root.querySelector('[data-role="player"]');
  const live = root.querySelector('[data-role="live"]');
  const steps = Array.from(sheet.children);
  const load = () => { try { return JSON.parse(STORE.get(key, "null")); } catch (e) { return null; } };
  let record = load() || {};
  let notice = "";
  let path = Array.isArray(record.path) ? record.path.filter(Number.isInteger) : [];
  if (record.hash && record.hash !== hash && path.length) {
    path = [];
    notice = S.scenario_changed;
  }
  const save = (extra) => {
    record = Object.assign(record, { id, lang, hash, title: root.querySelector(".widget-title").textContent, url: location.pathname, path }, extra || {});
    STORE.set(key, JSON.stringify(record));
  };
  const play = () => JSON.parse(scenario_play(graph, path.join(",")));
  let run = play();
  if (!run.ok) {
    // A stored path this graph cannot play (edited by hand, or a hash collision).
    path = [];
    run = play();
    notice = S.scenario_stale;
  }
  if (notice) save();

  const choiceOf = (stepIndex, choice) => steps[stepIndex].querySelector('.scenario-choices > [data-choice="' + choice + '"]');
  const words = (li) => li.querySelector(".choice-text").textContent.trim();
  const title = (i) => steps[i].querySelector(".scenario-step-title").textContent.trim();

  const show = (focus) => {
    run = play();
    const out = [];
    if (notice) {
      const n = el("p", "scenario-notice", notice);
      n.setAttribute("role", "alert");
      out.push(n);
    }
    const status = el("p", "scenario-status", fill(S.scenario_status, { step: run.visited.length, score: run.score }));
    out.push(status);
    let said = "";
    if (path.length) {
      // What the trainee said last, the customer's reaction and the feedback.
      const from = run.visited[run.visited.length - 2];
      const li = choiceOf(from, path[path.length - 1]);
      const t = li.querySelector("template");
      const box = el("div", "scenario-outcome reaction-" + t.dataset.reaction);
      box.append(el("p", "scenario-you", S.scenario_you_said + words(li)));
      const pts = Number(t.dataset.points);
      const points = fill(pts === 1 || pts === -1 ? S.scenario_point : S.scenario_points, { points: (pts > 0 ? "+" : "") + pts });
      box.append(el("p", "scenario-reaction", t.dataset.label + points));
      box.append(el("div", "scenario-feedback", t.content.cloneNode(true)));
      out.push(box);
      said = t.dataset.label + "。" + box.querySelector(".scenario-feedback").textContent.trim() + " ";
    }
    const step = steps[run.step];
    const view = el("section", "scenario-current" + (run.ending ? " scenario-ending" : ""));
    const h = el("h4", "scenario-step-title", step.querySelector(".scenario-step-title").textContent);
    h.tabIndex = -1;
    h.id = root.id + "-current";
    view.setAttribute("aria-labelledby", h.id);
    view.append(h);
    for (const p of [part(step, ".scenario-context"), part(step, ".scenario-say")]) if (p) view.append(p);
    if (run.ending) {
      const debrief = step.querySelector("template[data-debrief]");
      if (debrief) view.append(el("div", "scenario-debrief", debrief.content.cloneNode(true)));
      const label = root.dataset["rating" + run.rating[0].toUpperCase() + run.rating.slice(1)];
      view.append(el("p", "scenario-rating", fill(S.scenario_rating, { rating: label, score: run.score, pct: run.pct })));
      const taken = el("ol", "scenario-path");
      path.forEach((c, n) => taken.append(el("li", "", title(run.visited[n]) + S.colon + words(choiceOf(run.visited[n], c)))));
      view.append(el("h5", "", S.scenario_path), taken);
    } else {
      const list = el("ol", "scenario-options");
      list.type = "A";
      for (const c of run.offered) {
        const b = button("choose", words(choiceOf(run.step, c)));
        b.dataset.choice = c;
        list.append(el("li", "", b));
      }
      view.append(list);
    }
    out.push(view);
    const actions = el("div", "widget-actions");
    if (path.length && !run.ending) actions.append(button("back", S.scenario_back));
    if (path.length) actions.append(button("restart", run.ending ? S.scenario_again : S.scenario_restart));
    out.push(actions);
    player.replaceChildren(...out);
    live.textContent = said + (run.ending ? S.scenario_ending : "") + h.textContent;
    if (focus) h.focus();
  };

  root.addEventListener("click", (e) => {
    const b = e.target.closest("button[data-action]");
    if (!b || !player.contains(b)) return;
    notice = "";
    if (b.dataset.action === "choose") {
      path.push(Number(b.dataset.choice));
      const r = play();
      if (!r.ok) { path.pop(); return; }
      if (r.ending) {
        const prev = record.best || 0;
        // `run`: the last finished path, kept after a restart (hand-in codes and LMS suspend
        // data carry it, and `playbook results` plays it again).
        save({ last: r.pct, best: Math.max(prev, r.pct), attempts: (record.attempts || 0) + 1, date: today(), done: true, ending: steps[r.step].dataset.name, score: r.score, run: path.slice() });
        // For the LMS runtime of a package (`lms.js`): the steps and choices of the run.
        window.dispatchEvent(new CustomEvent("playbook:scenario-finished", { detail: {
          id, lang, title: record.title, pct: r.pct, score: r.score, rating: r.rating,
          steps: r.visited.map((i) => steps[i].dataset.name), choices: path.slice(),
        } }));
      } else {
        save({ done: false });
      }
    } else if (b.dataset.action === "back") {
      path.pop();
      save({ done: false });
    } else if (b.dataset.action === "restart") {
      path = [];
      save({ done: false });
    }
    show(true);
  });
  sheet.hidden = true;
  intro.hidden = true;
  player.hidden = false;
  show(false);
}

async function main() {
  const roots = Array.from(document.querySelectorAll('[data-widget="scenario"]'));
  if (!roots.length) return;
  await init();
  for (const root of roots) {
    try {
      hydrate(root);
      root.dataset.state = "ready";
    } catch (e) {
      root.dataset.state = "error";
      console.error("playbook: scenario failed", root.dataset.scenarioId, e);
    }
  }
}

main();
