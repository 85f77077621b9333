#!/usr/bin/env bash
# The run command of README.md: install what is missing, build in release mode and start byok-wizard.
# Extra arguments go to byok-wizard (e.g. `bash scripts/run.sh providers`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup-deps.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo run --locked --release --quiet -- "$@"
