#!/usr/bin/env bash
# Small inputs with huge costs (issue 9, part 4): generates each hostile input, runs the
# release binary on it and prints wall time, peak memory (RSS) and bytes of stderr.
#
#   bash scripts/bench-hostile.sh [CASE...]
#
# Columns: exit code, wall-clock seconds, CPU seconds (user + system: steadier than the
# wall clock on a shared machine), peak resident memory, bytes written to stderr.
#
# Cases (all by default):
#   nested-images   a 180 KB page of deeply nested images on long lines (`check`, `build`)
#   dup-headings    10,000 identical headings on one page (`build`)
#   dead-links      50,000 dead links on one page (`check`)
#   dead-anchors    20,000 dead anchors on a page with 2,000 headings (`check`)
#   quiz-md         a Markdown quiz of 80,000 questions (`build`)
#   quiz-md-errors  a Markdown quiz of 80,000 questions, each with an error (`check`)
#   gift            a GIFT bank of 200,000 questions (`quiz import`)
#   gift-dup-titles a GIFT bank of 200,000 questions that share one title (`quiz import`)
#   unclosed-blocks 50,000 unclosed `::: note` lines (`check`)
#   dup-attributes  one `::: note` line with 20,000 repeated attributes (`check`)
#
# Set PLAYBOOK_BIN to measure another binary (e.g. an older build, for a before/after);
# inputs are written under $TMPDIR (default /tmp). Each run is limited to
# HOSTILE_TIMEOUT seconds (default 120) and HOSTILE_LIMIT_MB of address space (default
# 4096), so that an old binary fails (exit 124 for the time, or an allocation failure)
# instead of taking the machine down. Figures are printed, never asserted:
# the testsuite's `hostile` module asserts sizes of output on smaller versions instead.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PLAYBOOK_BIN:-}" ]; then
  cargo build --release --locked --quiet
  PLAYBOOK_BIN="$PWD/target/release/playbook"
fi
bin="$PLAYBOOK_BIN"
work="${TMPDIR:-/tmp}/playbook-hostile"
rm -rf "$work" && mkdir -p "$work"
tmo="${HOSTILE_TIMEOUT:-120}"
limit="${HOSTILE_LIMIT_MB:-4096}"
have_time=0
[ -x /usr/bin/time ] && have_time=1

# A minimal playbook in $1 whose page `content/part/page.md` gets the text on stdin.
playbook() {
  local dir="$1"
  mkdir -p "$dir/content/part"
  printf 'title = "Hostile"\nbase_url = "https://example.com/"\n' >"$dir/playbook.toml"
  printf '+++\ntitle = "Home"\n+++\n\nHome.\n' >"$dir/content/_index.md"
  printf '+++\ntitle = "Part"\n+++\n\nPart.\n' >"$dir/content/part/_index.md"
  { printf '+++\ntitle = "Page"\n+++\n\n'; cat; } >"$dir/content/part/page.md"
}

gen() {
  python3 - "$@" <<'PY'
import sys
case = sys.argv[1]
w = sys.stdout.write
if case == "nested-images":
    # 180 KB: 2 lines of 90 KB, each a row of images nested 40 deep.
    depth, size, lines = 40, 180_000, 2
    unit = "![" * depth + "a" + "](x.png)" * depth + " "
    line = unit * (size // lines // len(unit))
    for _ in range(lines):
        w(line + "\n\n")
elif case == "dup-headings":
    for _ in range(10_000):
        w("## x\n\ntext\n\n")
elif case == "dead-links":
    for i in range(50_000):
        w(f"[a](nope.md) ")
        if i % 1000 == 999:
            w("\n")
elif case == "dead-anchors":
    for i in range(2_000):
        w(f"## heading {i}\n\n")
    for i in range(20_000):
        w(f"[a](#nope-{i})\n")
elif case in ("quiz-md", "quiz-md-errors"):
    w('::: quiz id="big"\n')
    for i in range(80_000):
        if case == "quiz-md":
            w(f"? question {i}\n- [x] right\n- [ ] wrong\n\n")
        else:
            w(f"? question {i} {{id=same}}\n- [ ] wrong\n\n")
    w(":::\n")
elif case == "unclosed-blocks":
    w("::: note\n" * 50_000)
elif case == "dup-attributes":
    w("::: note " + "kind=tip " * 20_000 + "\n:::\n")
elif case == "gift":
    for i in range(200_000):
        w(f"::Q{i}:: Question {i}? {{=right ~wrong}}\n\n")
elif case == "gift-dup-titles":
    for i in range(200_000):
        w(f"::Same:: Question {i}? {{=right ~wrong}}\n\n")
PY
}

printf '%-16s %-22s %4s %7s %6s %11s %13s\n' case command exit "wall s" "cpu s" "peak RSS MB" "stderr bytes"
run() {
  local case="$1" dir="$2"
  shift 2
  local err="$work/$case.stderr" t="$work/$case.time" rc="$work/$case.rc"
  local bytes wall cpu rss s e timer=()
  [ "$have_time" = 1 ] && timer=(/usr/bin/time -o "$t" -f '%e %M %U %S')
  # Stderr is counted, and only its first 64 KB kept: an old binary may print gigabytes.
  s=$(date +%s.%N)
  bytes=$(
    (cd "$dir" && ulimit -v $((limit * 1024)) &&
      "${timer[@]}" timeout "$tmo" "$bin" "$@" 2>&1 >/dev/null
      echo $? >"$rc") | tee >(head -c 65536 >"$err"; cat >/dev/null) | wc -c
  )
  e=$(date +%s.%N)
  wall=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.2f", e - s }')
  rss="?"
  cpu="?"
  if [ "$have_time" = 1 ] && [ -s "$t" ]; then
    # The last line: GNU time puts "Command exited with non-zero status" above it. CPU
    # time (user + system) is the steadier figure on a shared machine.
    local user sys
    read -r wall rss user sys < <(tail -n 1 "$t")
    rss=$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  fi
  printf '%-16s %-22s %4s %7s %6s %11s %13s\n' "$case" "$*" "$(cat "$rc")" "$wall" "$cpu" "$rss" "$bytes"
}

cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(nested-images dup-headings dead-links dead-anchors quiz-md quiz-md-errors gift gift-dup-titles unclosed-blocks dup-attributes)
for case in "${cases[@]}"; do
  dir="$work/$case"
  case "$case" in
    gift | gift-dup-titles)
      mkdir -p "$dir"
      gen "$case" >"$dir/bank.gift"
      run "$case" "$dir" quiz import bank.gift
      ;;
    nested-images)
      gen "$case" | playbook "$dir"
      run "$case" "$dir" check
      run "$case" "$dir" build
      ;;
    dup-headings | quiz-md)
      gen "$case" | playbook "$dir"
      run "$case" "$dir" build
      ;;
    dead-links | dead-anchors | quiz-md-errors | unclosed-blocks | dup-attributes)
      gen "$case" | playbook "$dir"
      run "$case" "$dir" check
      ;;
    *)
      echo "unknown case: $case" >&2
      exit 2
      ;;
  esac
done
