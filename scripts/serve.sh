#!/usr/bin/env bash
# One command from a fresh clone to the default playbook in your browser:
# sets up the toolchain, builds the generator, serves the playbook with live reload.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec cargo run --release --locked -- serve --root . "$@"
