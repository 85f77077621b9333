#!/usr/bin/env bash
# Fuzz every parser that reads a user's file, SECONDS each (default 20), one target at a time.
#
#   bash scripts/fuzz.sh                 # every target, 20 s each (what .ci/run does)
#   bash scripts/fuzz.sh 600             # every target, 10 minutes each
#   bash scripts/fuzz.sh 600 private_key # one target
#
# Installs cargo-fuzz (from crates.io) if missing. cargo-fuzz needs nightly-only rustc flags
# (-Zsanitizer=address, sancov); the pinned stable toolchain accepts them with RUSTC_BOOTSTRAP=1.
# Fuzz builds go to their own target dir (other flags than the normal build; never share it):
# $BYOK_FUZZ_TARGET_DIR, default ~/.cache/byok-wizard/fuzz-target.
#
# New inputs the fuzzer finds go to a scratch folder, not to the committed fuzz/corpus/ (see
# fuzz/README.md for how to minimise and keep some). Exits 1 if any target crashed, hung (over
# FUZZ_TIMEOUT seconds for one input, default 30), ran out of memory (over 2048 MB) or failed to
# build; the failing input is under fuzz/artifacts/<target>/ and is printed in base64.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

SECONDS_EACH="${1:-20}"
shift || true
case "$SECONDS_EACH" in
  ''|*[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]" >&2; exit 2 ;;
esac
TIMEOUT="${FUZZ_TIMEOUT:-30}"
TARGET_DIR="${BYOK_FUZZ_TARGET_DIR:-$HOME/.cache/byok-wizard/fuzz-target}"

if ! cargo fuzz --version >/dev/null 2>&1; then
  # --debug: cargo-fuzz only drives cargo and libFuzzer, so its own speed does not matter, and an
  # unoptimised build of it takes a fraction of the time (a cold CI run builds it).
  echo "fuzz.sh: installing cargo-fuzz (cargo install cargo-fuzz --locked --debug)"
  cargo install cargo-fuzz --locked --debug
fi

export RUSTC_BOOTSTRAP=1
# Never inherit the main build's target dir or flags.
unset CARGO_TARGET_DIR RUSTFLAGS

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo fuzz list)
fi
[ "${#targets[@]}" -gt 0 ] || { echo "fuzz.sh: no fuzz targets found" >&2; exit 1; }

echo "fuzz.sh: building ${targets[*]} (target dir $TARGET_DIR)"
cargo fuzz build --target-dir "$TARGET_DIR"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=()
summary=()
for t in "${targets[@]}"; do
  [ -d "fuzz/corpus/$t" ] || { echo "fuzz.sh: fuzz/corpus/$t is missing" >&2; failed+=("$t"); continue; }
  mkdir -p "$work/$t"
  log="$work/$t.log"
  echo "fuzz.sh: $t for ${SECONDS_EACH}s"
  set +e
  # The first corpus folder receives new inputs: the scratch one, so fuzz/corpus stays as committed.
  cargo fuzz run --target-dir "$TARGET_DIR" "$t" "$work/$t" "fuzz/corpus/$t" -- \
    -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout="$TIMEOUT" \
    -print_final_stats=1 >"$log" 2>&1
  rc=$?
  set -e
  done_line="$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)"
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  summary+=("$t: rc=$rc executions=${execs:-?} ${done_line:-(no DONE line)}")
  if [ "$rc" -ne 0 ]; then
    failed+=("$t")
    echo "fuzz.sh: $t FAILED (exit $rc); last lines of its log:" >&2
    tail -n 60 "$log" >&2
    for a in $(grep -oE "fuzz/artifacts/$t/[A-Za-z0-9_.-]+" "$log" | sort -u); do
      [ -f "$a" ] || continue
      echo "fuzz.sh: failing input $a (base64):" >&2
      base64 -w 76 "$a" >&2
    done
  fi
done

echo "fuzz.sh: summary"
printf '  %s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz.sh: FAILED: ${failed[*]} (reproduce: RUSTC_BOOTSTRAP=1 cargo fuzz run TARGET fuzz/artifacts/TARGET/FILE)" >&2
  exit 1
fi
echo "fuzz.sh: every target ran ${SECONDS_EACH}s without a crash"
