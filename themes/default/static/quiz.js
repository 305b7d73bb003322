// Playbook's quiz player: checks the answers of a `::: quiz` block rendered at build time
// with the toolkit compiled to WebAssembly (`quiz_answer`, `quiz_grade`: the same Rust code
// that validated the quiz and wrote its answer key), shuffles options per attempt, shows
// feedback, and keeps the attempt in the progress store under `playbook:quiz:<id>`.
// Loaded by widgets.js only on pages with a quiz (with its wasm module, playbook_quiz);
// no inline script, so the site works under a strict CSP.
import init, { quiz_answer, quiz_draw, quiz_grade } from "./playbook_quiz.js";
import { STORE, quizKey, quizSeedKey, readQuiz } from "./store.js";

// Loads the wasm module; the player is ready when this resolves.
export async function start() {
  await init();
}

function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, "0");
  return d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate());
}

// An element of class `cls` holding `children` (strings become text, never markup).
function el(tag, cls, ...children) {
  const e = document.createElement(tag);
  e.className = cls;
  e.append(...children);
  return e;
}

// A pseudo-random number generator (mulberry32) from a 32-bit seed, and a string hash.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function hash(s) {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

// Puts `items` (siblings, in written order) in the order the attempt's seed gives: the
// same seed, the same order (a reload of the attempt). With `notWritten`, never the
// written order itself (matching and ordering would give the answer away).
function shuffle(items, seed, notWritten) {
  const a = Array.from(items);
  if (a.length < 2) return a.map((_, i) => i);
  const rand = rng(seed);
  const order = a.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  if (notWritten && order.every((o, i) => o === i)) order.push(order.shift());
  const parent = a[0].parentNode;
  // After the item that comes last in the page (the written order may not be the page's).
  const last = a.reduce((m, x) => (m.compareDocumentPosition(x) & Node.DOCUMENT_POSITION_FOLLOWING ? x : m));
  const anchor = last.nextSibling;
  for (const i of order) parent.insertBefore(a[i], anchor);
  return order;
}

// Shuffles one question for an attempt: the options, matching's right column (the list
// and every select, relettered) or ordering's items. Written order comes from `orig`.
function shuffleQuestion(q, orig, seed) {
  const s = hash(String(seed) + "/" + q.dataset.q);
  const kind = q.dataset.kind || "single";
  if (kind === "matching") {
    const order = shuffle(orig.right, s, true);
    for (const sel of q.querySelectorAll("select[data-answer]")) {
      const opts = Array.from(sel.options).slice(1).sort((x, y) => orig.rightValues.indexOf(x.value) - orig.rightValues.indexOf(y.value));
      order.forEach((o, k) => {
        opts[o].textContent = String.fromCharCode(65 + k) + ". " + opts[o].textContent.replace(/^[A-Z]\. /, "");
        sel.append(opts[o]);
      });
    }
  } else if (kind === "ordering") {
    shuffle(orig.items, s, true);
  } else {
    shuffle(orig.items, s, false);
  }
}

// Question pools (`::: quiz draw=N`): the attempt's seed draws N of the quiz's questions
// with the toolkit (`quiz_draw`, the generator's own code); the others are `hidden`
// (neither shown, focusable nor read aloud) and the drawn ones are numbered 1 to N. A
// record restored without its seed (an LMS's suspend data) keeps the questions it was
// answered on, and is tied to this attempt's seed from then on. Returns the drawn
// indices (source order: a pool has no descriptions), or null for a quiz without `draw`.
function drawPool(root, questions, seed, saved) {
  const n = Number(root.dataset.draw);
  if (!(n > 0)) return null;
  const m = questions.length;
  const valid = (d) => Array.isArray(d) && d.length === Math.min(n, m) && d.every((i) => Number.isInteger(i) && i >= 0 && i < m);
  let drawn;
  if (saved && valid(saved.drawn) && (saved.seed === undefined || saved.seed === seed)) {
    drawn = saved.drawn.slice().sort((a, b) => a - b);
    if (saved.seed === undefined) STORE.set(quizKey(root.dataset.quizId), JSON.stringify(Object.assign({}, saved, { seed })));
  } else {
    drawn = quiz_draw(seed >>> 0, m, n).split(",").filter((x) => x !== "").map(Number);
  }
  let k = 0;
  questions.forEach((q, i) => {
    q.hidden = !drawn.includes(i);
    if (!q.hidden) q.querySelector(".q-number").textContent = ++k + ".";
  });
  return drawn;
}

// A question's text without its number and kind.
function questionText(q) {
  const legend = q.querySelector("legend").cloneNode(true);
  for (const s of legend.querySelectorAll(".q-number, .q-kind")) s.remove();
  return legend.textContent.replace(/\s+/g, " ").trim();
}

export function hydrateQuiz(root) {
  const lang = root.dataset.lang;
  const zh = lang.startsWith("zh");
  const id = root.dataset.quizId;
  const key = quizKey(id);
  const questions = Array.from(root.querySelectorAll(".quiz-question"));
  const scoreEl = root.querySelector('[data-role="score"]');
  const load = () => readQuiz(id);
  // Shuffled per attempt: the seed is kept beside the record, so a reload shows the same
  // order; "Retry all" starts a new attempt with a new order. The written order is kept
  // here, since the static page (and its printed worksheet) may have another.
  const shuffled = questions.filter((q) => q.dataset.shuffle === "true");
  const written = new Map(shuffled.map((q) => {
    const right = Array.from(q.querySelectorAll(".q-match-right > li"));
    const first = q.querySelector("select[data-answer]");
    const rightValues = first ? Array.from(first.options).slice(1).map((o) => o.value) : [];
    // Matching's list is printed in another order than written: sort it back by value.
    const byValue = right.map((li, k) => [Number(rightValues[k]), li]).sort((x, y) => x[0] - y[0]).map(([, li]) => li);
    const items = q.dataset.kind === "ordering" ? Array.from(q.querySelectorAll(".q-order > li")).sort((x, y) => x.querySelector("select").dataset.group - y.querySelector("select").dataset.group) : Array.from(q.querySelectorAll("label.quiz-option"));
    return [q, { right: byValue, rightValues: rightValues.slice().sort((x, y) => x - y), items }];
  }));
  const seedKey = quizSeedKey(id);
  const reshuffle = (fresh) => {
    let seed = Number(STORE.get(seedKey, "NaN"));
    if (fresh || !Number.isFinite(seed)) {
      seed = Math.floor(Math.random() * 4294967296);
      STORE.set(seedKey, String(seed));
    }
    for (const q of shuffled) shuffleQuestion(q, written.get(q), seed);
    return seed;
  };
  let seed = reshuffle(false);
  let drawn = drawPool(root, questions, seed, load());
  // The questions of this attempt: all, or a pool's drawn ones.
  const shown = () => questions.filter((q) => !q.hidden);
  const selected = (q) => Array.from(q.querySelectorAll("input:checked")).map((i) => i.value);
  // The newer kinds (numeric, short, matching, ordering, blanks): one field per group of
  // the answer space, read by the toolkit from the question's key.
  const isChoice = (q) => ["single", "multiple", "truefalse"].includes(q.dataset.kind || "single");
  const fields = (q) => Array.from(q.querySelectorAll("[data-answer]")).sort((a, b) => a.dataset.group - b.dataset.group);
  const message = (f) => document.getElementById(f.getAttribute("aria-describedby") || "");
  // The text of each drop-down's options by value (an LMS is told a choice blank's text).
  const labels = (q) => fields(q).map((f) => (f.tagName === "SELECT" ? Object.fromEntries(Array.from(f.options).filter((o) => o.value !== "").map((o) => [o.value, o.textContent.trim()])) : null));
  const resolve = (q, values) => {
    const r = quiz_answer(q.dataset.key, values.join("\u001f"));
    if (r.startsWith("!")) return { bad: r.slice(1).split(",").map(Number) };
    return { sel: r && r !== "?" ? r.split(",").map(Number) : [] };
  };
  const clear = (q) => {
    for (const i of q.querySelectorAll("input")) i.checked = false;
    for (const f of fields(q)) { f.value = ""; f.removeAttribute("aria-invalid"); const m = message(f); if (m) m.textContent = ""; }
    q.querySelector('[data-role="feedback"]').replaceChildren();
    q.classList.remove("q-right", "q-partial", "q-wrong");
    delete q.dataset.result;
  };
  const check = () => {
    let earned = 0, possible = 0;
    const answers = {};
    const responses = {};
    const graded = [];
    for (const q of shown()) {
      let sel = selected(q);
      let values = null;
      if (!isChoice(q)) {
        values = fields(q).map((f) => f.value);
        for (const f of fields(q)) { f.removeAttribute("aria-invalid"); const m = message(f); if (m) m.textContent = ""; }
        let r = resolve(q, values);
        if (r.bad) {
          // Not a number: said beside the field, and graded as not answered.
          for (const g of r.bad) {
            const f = fields(q)[g];
            f.setAttribute("aria-invalid", "true");
            const m = message(f);
            if (m) m.textContent = zh ? "请填写一个数字，例如 850 或 1,200.5。" : "Enter a number, e.g. 850 or 1,200.5.";
          }
          r = resolve(q, values.map((v, g) => (r.bad.includes(g) ? "" : v)));
        }
        sel = r.sel.map(String);
        responses[q.dataset.q] = values;
      }
      answers[q.dataset.q] = sel.map(Number);
      const parts = quiz_grade(q.dataset.key, sel.join(",")).split(";").map(Number);
      const [fraction, e, p] = parts;
      graded.push({ n: questions.indexOf(q) + 1, key: q.dataset.key, kind: q.dataset.kind || "single", selected: sel.map(Number), responses: values, labels: values && labels(q), fraction, points: p, text: questionText(q) });
      earned += e; possible += p;
      const state = fraction >= 0.999 ? "right" : fraction > 0 ? "partial" : "wrong";
      q.classList.remove("q-right", "q-partial", "q-wrong");
      q.classList.add("q-" + state);
      q.dataset.result = state;
      const label = { right: zh ? "✔ 正确" : "✔ Right", partial: zh ? "◐ 部分正确" : "◐ Partly right", wrong: zh ? "✘ 不正确" : "✘ Not right" }[state];
      // Built from nodes, never from strings: option text goes in as text, feedback and
      // explanations as copies of their templates (already inert HTML from the build).
      const box = q.querySelector('[data-role="feedback"]');
      box.replaceChildren(el("p", "q-verdict", label + (sel.length ? "" : (zh ? "（未作答）" : " (no answer)"))));
      for (const v of sel) {
        const t = q.querySelector('template[data-feedback="' + v + '"]');
        const input = isChoice(q) && q.querySelector('input[value="' + v + '"]');
        const text = input ? input.closest("label").textContent.trim() : (values || []).join(" / ");
        if (t) box.append(el("div", "q-option-feedback", el("p", "for", text), t.content.cloneNode(true)));
      }
      const ex = q.querySelector("template[data-explanation]");
      if (ex) box.append(el("div", "q-explanation", ex.content.cloneNode(true)));
    }
    const pct = possible ? Math.round((earned / possible) * 100) : 0;
    const right = shown().filter((q) => q.dataset.result === "right").length;
    scoreEl.textContent = zh
      ? "得分：" + Math.round(earned * 100) / 100 + " / " + possible + "（" + pct + "%），答对 " + right + " / " + shown().length + " 题。"
      : "Score: " + Math.round(earned * 100) / 100 + " / " + possible + " (" + pct + "%), " + right + " of " + shown().length + " right.";
    const prev = load() || { best: 0, attempts: 0 };
    const record = {
      id, lang,
      title: document.title,
      url: location.pathname,
      last: pct,
      best: Math.max(prev.best || 0, pct),
      attempts: (prev.attempts || 0) + 1,
      date: today(),
      answers,
      responses,
      seed,
    };
    if (drawn) record.drawn = drawn;
    STORE.set(key, JSON.stringify(record));
    // For the LMS runtime of a package (`lms.js`), which listens from the launch page.
    window.dispatchEvent(new CustomEvent("playbook:quiz-graded", { detail: { id, lang, pct, questions: graded } }));
  };
  root.querySelector("form").addEventListener("submit", (e) => e.preventDefault());
  root.addEventListener("click", (e) => {
    const t = e.target.closest("button[data-action]");
    if (!t) return;
    if (t.dataset.action === "check") check();
    else if (t.dataset.action === "retry") { questions.forEach(clear); scoreEl.textContent = ""; seed = reshuffle(true); drawn = drawPool(root, questions, seed, null); }
    else if (t.dataset.action === "retry-wrong") {
      for (const q of questions) if (q.dataset.result && q.dataset.result !== "right") clear(q);
      scoreEl.textContent = "";
      const first = shown().find((q) => !q.dataset.result);
      if (first) first.querySelector("input, select").focus();
    }
  });
  const saved = load();
  if (saved) {
    for (const q of questions) {
      const typed = !isChoice(q) && saved.responses && saved.responses[q.dataset.q];
      if (typed) fields(q).forEach((f, g) => { f.value = typed[g] || ""; });
      if (!isChoice(q)) continue;
      for (const v of (saved.answers && saved.answers[q.dataset.q]) || []) {
        const input = q.querySelector('input[value="' + v + '"]');
        if (input) input.checked = true;
      }
    }
    scoreEl.textContent = zh
      ? "上次得分 " + saved.last + "%，最好成绩 " + saved.best + "%（" + saved.date + "）。"
      : "Last score " + saved.last + "%, best " + saved.best + "% (" + saved.date + ").";
  }
}
