#!/usr/bin/env bash
# The Windows build, tested under Wine on Debian (CI runs this after the Linux tests):
#
#   1. scripts/package-windows.sh: the release byok-wizard.exe (x86_64-pc-windows-gnu, mingw-w64,
#      icon + version + manifest), the portable zip, the per-user NSIS installer, SHA256SUMS;
#      and the Windows build of examples/file_acl.rs, which reads a file's ACL back for the tests.
#   2. scripts/wine-env.sh: a Wine prefix cached outside the clone, with the TEST-ONLY
#      bcryptprimitives.dll stand-in (Wine 8 lacks ProcessPrng; the artefacts never carry it).
#   3. The .exe's self-test, the zip's SHA256SUMS checked as a user would, and the library's unit
#      tests built for Windows and run under Wine.
#   4. The integration tests that run the binary, with the .exe as the binary under test
#      (tests/common `bin()`: BYOK_WIZARD_RUNNER=scripts/wine-run.py, which hands it Windows paths
#      on Wine's Z: drive, C:-style with backslashes): the interop round trips (openssl and Python
#      `cryptography` unwrap what the .exe wrote), SM2, practice, ceremonies, batch, safe placement
#      and the command-line rules. Secret files are checked to let nobody but their owner in by
#      reading their ACL back (BYOK_WIZARD_ACL_MODEL=wine: what Wine can show, see
#      tests/common). The few tests that only mean something on Linux are skipped by name below,
#      each with its reason; the script prints how many ran.
#   5. The window under Xvfb (scripts/wine-smoke.sh): it appears, is not blank, English and
#      Chinese screenshots in the Windows target dir.
#
#   bash scripts/wine-tests.sh
#   WINE_TESTS="interop practice" bash scripts/wine-tests.sh   # only these test files in step 4
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/byok-wizard/target}"
win_target="${BYOK_WINDOWS_TARGET_DIR:-$HOME/.cache/byok-wizard/target-windows}"
export BYOK_WINDOWS_TARGET_DIR="$win_target"
s=$SECONDS

# 1. The artefacts, and the ACL reader.
bash scripts/package-windows.sh
CARGO_TARGET_DIR="$win_target" cargo build --release --locked --target x86_64-pc-windows-gnu --example file_acl
rel="$win_target/x86_64-pc-windows-gnu/release"
dist="${BYOK_WINDOWS_OUT:-$win_target/windows-dist}"
exe="$dist/byok-wizard.exe"
[ -f "$exe" ] || { echo "wine-tests: FAIL: no $exe" >&2; exit 1; }
echo "wine-tests: artefacts built in $((SECONDS - s)) s"

# 2. Wine.
# shellcheck source=scripts/wine-env.sh
. scripts/wine-env.sh
wineserver -p   # one server for the whole run (each program starts faster)
trap 'wineserver -k 2>/dev/null || true' EXIT
wine cmd /c exit </dev/null   # Wine's own services start now, not inside the first test

# 3. The self-test, and the download check of README's Windows section (SHA256SUMS, then selftest).
(cd "$dist" && sha256sum -c SHA256SUMS)
wine "$exe" selftest </dev/null

# The library's own unit tests, built for Windows and run under Wine by cargo (placement without
# renameat2, owner-only files read back, every known answer, the PowerShell line).
CARGO_TARGET_DIR="$win_target" CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine \
  cargo test --release --locked --target x86_64-pc-windows-gnu --lib </dev/null 2>&1 | grep -E '^test result|FAILED|panicked'
[ "${PIPESTATUS[0]}" = 0 ] || { echo "wine-tests: FAIL: the library's unit tests failed under Wine" >&2; exit 1; }

# 4. The integration tests through the .exe. Skipped under Wine, with the reason:
skips=(
  # A FIFO or a device inside a folder is Unix; Windows has none (and Wine shows a FIFO as a file).
  a_fifo_or_device_as_input_is_refused_at_once
  # Wine shows a Unix symbolic link as the folder it points to, so nothing there is a link to
  # refuse; Windows' own links (mklink) are reparse points, which std reports as links.
  a_symlink_as_out_is_refused_and_named
  # kill -9 of the running program mid-batch: the signal would reach the runner, not the .exe.
  killed_mid_batch_resumes_with_no_duplicate_and_no_broken_bundle
  # It runs the Linux binary under strace itself (strace cannot follow the .exe's reads inside
  # Wine), so it says nothing about the .exe.
  input_of_200_mb_is_refused_in_under_a_second_without_being_read
)
skip_args=()
for t in "${skips[@]}"; do skip_args+=(--skip "$t"); done
export BYOK_WIZARD_RUNNER="$root/scripts/wine-run.py"
export BYOK_WIZARD_EXE="$exe"
export BYOK_WIZARD_ACL_EXE="$rel/examples/file_acl.exe"
export BYOK_WIZARD_ACL_MODEL=wine
tests=(${WINE_TESTS:-interop interop_clouds interop_sm2 practice ceremony batch safe_placement cli_rules})
test_args=()
for t in "${tests[@]}"; do test_args+=(--test "$t"); done
log="$win_target/wine-tests.log"
t0=$SECONDS
set +e
cargo test --locked --no-fail-fast "${test_args[@]}" -- "${skip_args[@]}" 2>&1 | tee "$log" | grep -E '^test result|FAILED|panicked'
rc=${PIPESTATUS[0]}
set -e
passed=$(grep '^test result' "$log" | awk '{p+=$4} END {print p+0}')
failed=$(grep '^test result' "$log" | awk '{f+=$6} END {print f+0}')
filtered=$(grep '^test result' "$log" | awk '{f+=$12} END {print f+0}')
echo "wine-tests: through the .exe: $passed passed, $failed failed, $filtered skipped as Linux-only, in $((SECONDS - t0)) s (log: $log)"
[ "$rc" = 0 ] || { echo "wine-tests: FAIL: tests through the .exe failed (see $log)" >&2; exit 1; }
unset BYOK_WIZARD_RUNNER BYOK_WIZARD_EXE BYOK_WIZARD_ACL_EXE BYOK_WIZARD_ACL_MODEL

# 5. The window.
BYOK_WIZARD_EXE="$exe" OUT_DIR="$win_target" bash scripts/wine-smoke.sh </dev/null
echo "wine-tests: done in $((SECONDS - s)) s"
