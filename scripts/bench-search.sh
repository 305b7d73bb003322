#!/usr/bin/env bash
# Search at scale (issue 13): builds the generated corpus (default 10,000 pages) with the
# release binary and prints the time of the index build, the shard count and sizes, and the
# bytes a first and further queries transfer in headless Chromium from a gzip-compressing
# server (tests/browser/search_scale.mjs, run through the test suite). Figures only.
#
#   bash scripts/bench-search.sh [PAGES]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
OUT=${BENCH_DIR:-/dev/shm}/playbook-search-bench
cargo build --release --locked --bin playbook
python3 benches/gen_corpus.py -n "$N" -o "$OUT" --layouts playbook --force >/dev/null
rm -rf "$OUT/public"
echo "== build of $N pages (release)"
/usr/bin/time -f "build: %e s wall, %M KB peak RSS" env PLAYBOOK_LOG=debug \
  target/release/playbook build --root "$OUT/playbook" --output "$OUT/public" 2>&1 |
  grep -E "search index|search write|pages, index|build:|Built"
echo "== search files"
python3 - "$OUT/public/search" <<'PY'
import gzip, os, statistics, sys
d = sys.argv[1]
def sizes(sub):
    out = []
    for f in os.listdir(os.path.join(d, sub)):
        b = open(os.path.join(d, sub, f), "rb").read()
        out.append((len(b), len(gzip.compress(b, 6))))
    return out
m = open(os.path.join(d, "manifest.txt"), "rb").read()
print(f"manifest: {len(m)} bytes raw, {len(gzip.compress(m, 6))} gzipped")
for sub, what in (("t", "shards"), ("d", "page chunks")):
    s = sizes(sub)
    gz = sorted(x[1] for x in s)
    print(f"{what}: {len(s)} files, {sum(x[0] for x in s)} bytes raw, {sum(gz)} gzipped; "
          f"gzipped min {gz[0]}, median {int(statistics.median(gz))}, 95% {gz[int(len(gz) * .95)]}, max {gz[-1]}")
PY
if [ "$N" = 10000 ]; then
  echo "== bytes per query (headless Chromium, gzip)"
  PLAYBOOK_BIN=$PWD/target/release/playbook cargo test --locked --test testsuite \
    a_query_on_ten_thousand_pages -- --nocapture 2>&1 | grep -E "query|more results|^ok -|^not ok|passed"
fi
