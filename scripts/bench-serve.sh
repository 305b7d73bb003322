#!/usr/bin/env bash
# How long `playbook serve` takes to rebuild after one edit (issue 13, part 4): starts the
# release binary's `serve` on the shared 1,000-page corpus, makes edits one at a time and
# reads the time `serve` prints for each rebuild (`Rebuilt … in N ms`).
#
#   bash scripts/bench-serve.sh [PAGES] [EDITS]      (defaults: 1000 10)
#
# Edits, each waited for before the next: EDITS body edits (a sentence appended to a
# different chapter each time), then EDITS title edits and EDITS weight edits. For every
# edit: the time `serve` prints (search files included), serve's CPU time over the edit
# (all threads; the machine may be shared, and wall time is then noisy), how many pages
# were rendered again and what the search update redid; then per kind the median and
# range. (An older serve that deferred the search files to a second pass has that pass's
# time in the search column.) Figures only, nothing asserted.
# The corpus comes from the shared generator (CORPUS_GEN, default
# ../shared/bench/gen_corpus.py) and lives under $TMPDIR (use TMPDIR=/dev/shm: the disk's
# write-back is not what is measured). Set PLAYBOOK_BIN to measure another binary (e.g.
# an older build, for a before/after).
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

def next_line(pattern, limit=120):
    end = time.time() + limit
    while time.time() < end:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        m = re.search(pattern, line)
        if m:
            return m
    sys.exit("error: serve printed no %r within %d s" % (pattern, limit))

def cpu_ms():
    """CPU time serve has used so far (all threads), in ms: wall time is noisy here."""
    with open(f"/proc/{proc.pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")

def next_rebuild():
    """(ms until the edit is on screen, pages rendered again, ms of a search pass after it
    (older serves deferred the search files to a second pass), what the search update
    redid)."""
    m = next_line(r"Rebuilt .* in (\d+) ms(?: \((\d+) files changed(?:, (\d+) pages re-rendered)?(?:, search: ([^)]*))?\))?")
    search = None
    if m.group(3) is not None and m.group(4) is None:  # the older two-pass serve
        search = int(next_line(r"Search index updated in (\d+) ms").group(1))
    return int(m.group(1)), m.group(3), search, m.group(4)

first = next_line(r"Rebuilt .* in (\d+) ms")
print(f"first build: {first.group(1)} ms")
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
    before = cpu_ms()
    time.sleep(0.05)
    r = next_rebuild()
    return r + (cpu_ms() - before,)

kinds = {
    "body": lambda t, i: t + f"\n补充说明第 {i} 条。\n",
    "title": lambda t, i: re.sub(r'^title = "(.*)"$', lambda m: f'title = "{m.group(1)}（修订 {i}）"', t, count=1, flags=re.M),
    "weight": lambda t, i: re.sub(r"^weight = (\d+)$", lambda m: f"weight = {int(m.group(1)) + 1000}", t, count=1, flags=re.M)
        if re.search(r"^weight = ", t, flags=re.M) else t.replace("+++\n", "+++\nweight = 1000\n", 1),
}
results = {}
for kind, change in kinds.items():
    times, searches, cpus = [], [], []
    for i, path in enumerate(picked):
        ms, rendered, search, redone, cpu = edit(path, lambda t: change(t, i))
        times.append(ms)
        cpus.append(cpu)
        if search is not None:
            searches.append(search)
        print(f"{kind:>6} edit {i + 1:>2} {os.path.relpath(path, root)}: {ms} ms, {cpu:.0f} ms CPU"
              + (f", {rendered} pages re-rendered" if rendered is not None else "")
              + (f", search: {redone}" if redone is not None else "")
              + (f", then search index {search} ms" if search is not None else ""))
    results[kind] = (times, searches, cpus)
proc.terminate()
proc.wait()
print()
print("on screen: the rebuild `serve` reloads pages after (search files included unless a")
print("search pass follows); CPU: serve's CPU time from the edit to the reload, all threads")
print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
print(f"{'edit':>6} | on screen median ms | min–max ms | search median ms | CPU median ms | edits")
for kind, (times, searches, cpus) in results.items():
    s = f"{statistics.median(searches):.0f}" if searches else "-"
    print(f"{kind:>6} | {statistics.median(times):>19.0f} | {min(times):>4}–{max(times):<5} | {s:>16} | {statistics.median(cpus):>13.0f} | {len(times)}")
PY
