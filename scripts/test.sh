#!/usr/bin/env bash
# The test command of README.md: install what is missing, then run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup-deps.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo test --locked --all-targets
