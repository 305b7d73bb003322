#!/usr/bin/env bash
# Installs what building and testing Playbook needs on a fresh machine, and nothing that
# is already there: the wasm32 Rust target and, for the browser tests, Debian's Chromium.
# Idempotent; safe to run before every build.
set -euo pipefail

need_browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) need_browser=1 ;;
  esac
done

if ! command -v cargo >/dev/null 2>&1; then
  echo "error: cargo is not installed; install Rust from your package manager or rustup" >&2
  exit 1
fi

libdir=$(rustc --print target-libdir --target wasm32-unknown-unknown 2>/dev/null || true)
if ! ls "$libdir"/libcore-*.rlib >/dev/null 2>&1; then
  if command -v rustup >/dev/null 2>&1; then
    echo "setup: adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  else
    echo "error: the wasm32-unknown-unknown target is missing and rustup is not available" >&2
    exit 1
  fi
fi

if [ "$need_browser" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
  echo "setup: installing chromium (for the browser tests)"
  sudo_cmd=""
  if [ "$(id -u)" != 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver fonts-wqy-microhei >/dev/null
fi

if [ "$need_browser" = 1 ]; then
  if ! command -v node >/dev/null 2>&1; then
    echo "setup: installing nodejs and npm (for the browser tests)"
    sudo_cmd=""
    if [ "$(id -u)" != 0 ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq nodejs npm >/dev/null
  fi
  here="$(cd "$(dirname "$0")/.." && pwd)"
  if [ ! -d "$here/tests/browser/node_modules/playwright-core" ] || [ ! -d "$here/tests/browser/node_modules/axe-core" ] || [ ! -d "$here/tests/browser/node_modules/vnu-jar" ] || [ ! -d "$here/tests/browser/node_modules/scorm-again" ]; then
    echo "setup: installing the browser-test packages (npm ci in tests/browser)"
    (cd "$here/tests/browser" && npm ci --no-audit --no-fund >/dev/null)
  fi
fi

if [ "$need_browser" = 1 ] && ! command -v xmllint >/dev/null 2>&1; then
  echo "setup: installing xmllint (to validate LMS package manifests against their schemas)"
  sudo_cmd=""
  if [ "$(id -u)" != 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq libxml2-utils >/dev/null
fi

if [ "$need_browser" = 1 ] && ! command -v java >/dev/null 2>&1; then
  echo "setup: installing a Java runtime (for the Nu HTML Checker)"
  sudo_cmd=""
  if [ "$(id -u)" != 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq default-jre-headless >/dev/null
fi
