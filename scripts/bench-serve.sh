#!/usr/bin/env bash
# How long `playbook serve` takes to rebuild after one edit (issue 13, part 4): starts the
# release binary's `serve` on the shared 1,000-page corpus, makes edits one at a time and
# reads the time `serve` prints for each rebuild (`Rebuilt … in N ms`).
#
#   bash scripts/bench-serve.sh [PAGES] [EDITS]      (defaults: 1000 10)
#
# Edits, each waited for before the next: EDITS body edits (a sentence appended to a
# different chapter each time), then EDITS title edits and EDITS weight edits. Prints every
# rebuild time, then per kind the median, the range and how many pages were rendered
# again. Figures only, nothing asserted. The corpus comes from the shared generator
# (CORPUS_GEN, default ../shared/bench/gen_corpus.py) and lives under $TMPDIR (use
# TMPDIR=/dev/shm: the disk's write-back is not what is measured). Set PLAYBOOK_BIN to
# measure another binary (e.g. an older build, for a before/after).
set -euo pipefail
cd "$(dirname "$0")/.."
pages="${1:-1000}"
edits="${2:-10}"
tmp="${TMPDIR:-/tmp}"
gen="${CORPUS_GEN:-$PWD/../shared/bench/gen_corpus.py}"
if [ ! -f "$gen" ]; then
  echo "error: no corpus generator at $gen (set CORPUS_GEN)" >&2
  exit 2
fi
if [ -z "${PLAYBOOK_BIN:-}" ]; then
  cargo build --release --locked --quiet
  PLAYBOOK_BIN="$PWD/target/release/playbook"
fi
work="$tmp/playbook-bench-serve-$pages"
rm -rf "$work"
python3 "$gen" -n "$pages" -o "$work" --layouts playbook >/dev/null
exec python3 - "$PLAYBOOK_BIN" "$work/playbook" "$edits" <<'PY'
import os, re, statistics, subprocess, sys, threading, time, queue

binary, root, edits = sys.argv[1], sys.argv[2], int(sys.argv[3])
proc = subprocess.Popen([binary, "serve", "--root", root, "--port", "0"],
                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
lines = queue.Queue()
threading.Thread(target=lambda: [lines.put(l) for l in proc.stdout], daemon=True).start()

def next_rebuild(limit=120):
    end = time.time() + limit
    while time.time() < end:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        m = re.search(r"Rebuilt .* in (\d+) ms(?: \((\d+) files changed(?:, (\d+) pages re-rendered)?\))?", line)
        if m:
            return int(m.group(1)), m.group(3)
    sys.exit("error: serve printed no rebuild within %d s" % limit)

first = next_rebuild()
print(f"first build: {first[0]} ms")
chapters = sorted(
    os.path.join(d, f)
    for d, _, fs in os.walk(os.path.join(root, "content"))
    for f in fs if f.endswith(".md") and f != "_index.md")
step = max(1, len(chapters) // (edits + 1))
picked = [chapters[(i + 1) * step % len(chapters)] for i in range(edits)]

def edit(path, change):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    with open(path, "w", encoding="utf-8") as f:
        f.write(change(text))
    time.sleep(0.05)
    return next_rebuild()

kinds = {
    "body": lambda t, i: t + f"\n补充说明第 {i} 条。\n",
    "title": lambda t, i: re.sub(r'^title = "(.*)"$', lambda m: f'title = "{m.group(1)}（修订 {i}）"', t, count=1, flags=re.M),
    "weight": lambda t, i: re.sub(r"^weight = (\d+)$", lambda m: f"weight = {int(m.group(1)) + 1000}", t, count=1, flags=re.M)
        if re.search(r"^weight = ", t, flags=re.M) else t.replace("+++\n", "+++\nweight = 1000\n", 1),
}
results = {}
for kind, change in kinds.items():
    times = []
    for i, path in enumerate(picked):
        ms, rendered = edit(path, lambda t: change(t, i))
        times.append(ms)
        print(f"{kind:>6} edit {i + 1:>2} {os.path.relpath(path, root)}: {ms} ms"
              + (f", {rendered} pages re-rendered" if rendered is not None else ""))
    results[kind] = times
proc.terminate()
proc.wait()
print()
print(f"{'edit':>6} | median ms | min–max ms | edits")
for kind, times in results.items():
    print(f"{kind:>6} | {statistics.median(times):>9.0f} | {min(times):>4}–{max(times):<5} | {len(times)}")
PY
