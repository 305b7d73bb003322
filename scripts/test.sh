#!/usr/bin/env bash
# One command from a fresh clone to the whole test suite: sets up the toolchain and the
# headless browser, then runs every test of the workspace (unit, integration, browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
exec cargo test --workspace --locked "$@"
