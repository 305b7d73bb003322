// Playbook widgets: hydrates the static markup rendered at build time with the toolkit
// compiled to WebAssembly (the same Rust code that rendered it). Loaded only on pages that
// embed a widget; no inline script, so the site works under a strict CSP.
import init, * as kit from "./playbook_kit.js";

const STORE = {
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

function download(name, text, type) {
  const blob = new Blob(["\ufeff" + text], { type: type || "text/csv;charset=utf-8" });
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

function radio(root, field) {
  const el = root.querySelector('input[name$="-' + field + '"]:checked');
  return el ? el.value : "unknown";
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
      STORE.remove(key);
      showList();
      say(root, zh ? "名单已清空。" : "The list was cleared.");
    } else if (t.dataset.remove !== undefined) {
      STORE.set(key, kit.man_list_remove(STORE.get(key, ""), t.dataset.remove));
      showList();
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
    update();
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
      delete all[name];
      STORE.set(key, JSON.stringify(all));
      say(root, zh ? "已删除该客户的记录。" : "This customer's records were deleted.");
    }
    showHistory();
  });
  update();
}

const HYDRATE = { "man-scorer": hydrateMan, "value-calculator": hydrateValue, "loyalty-checklist": hydrateLoyalty };

async function main() {
  const roots = Array.from(document.querySelectorAll("[data-widget]")).filter((r) => HYDRATE[r.dataset.widget]);
  if (!roots.length) return;
  await init();
  for (const root of roots) {
    try {
      HYDRATE[root.dataset.widget](root);
      root.dataset.state = "ready";
    } catch (e) {
      root.dataset.state = "error";
      console.error("playbook: widget failed", root.dataset.widget, e);
    }
  }
}

main();
