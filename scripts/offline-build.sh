#!/usr/bin/env bash
# Prove that byok-wizard builds with no network and no registry cache: vendor every dependency,
# then build the release binary against the vendored sources only, and run its self-test.
#
#   scripts/offline-build.sh
#
# Environment:
#   OFFLINE_TARGET_DIR   target dir for the offline build (default ~/.cache/byok-wizard/offline-target,
#                        kept apart from the normal target dir so nothing prebuilt is reused by accident)
#   OFFLINE_WORK_DIR     where the vendored sources and the empty CARGO_HOME go (default
#                        ~/.cache/byok-wizard/offline-work). Both are deleted and made afresh on every
#                        run; the path stays the same so that a second run reuses the compiled dependencies
#                        in OFFLINE_TARGET_DIR (cargo keys them on the source path).
#   OFFLINE_CLEAN=1      delete OFFLINE_TARGET_DIR first: a cold build of every dependency (tens of minutes)
#   CARGO_BUILD_JOBS     passed through (the build machines have 2 cores)
#
# Steps (each timed):
#   1. cargo vendor --locked        the online half: copies every crate in Cargo.lock into a fresh WORK/vendor
#                                   and prints the [source] replacement, written to WORK/cargo-home/config.toml
#   2. cargo build --release --offline --frozen
#                                   with CARGO_HOME=WORK/cargo-home (empty but for that config, so the
#                                   normal registry cache in ~/.cargo cannot be used) and, when the kernel
#                                   allows it, inside a new network namespace (unshare -n: no network at all)
#   3. <offline target>/release/byok-wizard selftest
# See packaging/README.md, "Offline build".
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

target_dir="${OFFLINE_TARGET_DIR:-$HOME/.cache/byok-wizard/offline-target}"
work="${OFFLINE_WORK_DIR:-$HOME/.cache/byok-wizard/offline-work}"
mkdir -p "$work"
if [ "${OFFLINE_CLEAN:-0}" = 1 ]; then
    echo "offline-build: OFFLINE_CLEAN=1: removing $target_dir for a cold build" >&2
    rm -rf "$target_dir"
fi

timed() {
    local name="$1"; shift
    local s=$SECONDS
    echo "== $name" >&2
    "$@"
    echo "offline-build: $name took $((SECONDS - s)) s" >&2
}

# 1. Vendor (this step may use the network / the registry cache; it is the "online machine" half).
vendor="$work/vendor"
home="$work/cargo-home"
rm -rf "$vendor" "$home"
mkdir -p "$home"
vendor_quietly() {
    # One "Vendoring …" line per crate goes to a log; shown only if vendoring fails.
    cargo vendor --locked --versioned-dirs "$vendor" > "$work/vendor-config.toml" 2> "$work/vendor.log" || {
        tail -n 30 "$work/vendor.log" >&2
        echo "offline-build: FAIL: cargo vendor (the online half needs crates.io or a warm ~/.cargo/registry)" >&2
        return 1
    }
}
timed "cargo vendor" vendor_quietly
cp "$work/vendor-config.toml" "$home/config.toml"
echo "offline-build: vendored $(find "$vendor" -mindepth 1 -maxdepth 1 -type d | wc -l) crates, $(du -sh "$vendor" | cut -f1), into $vendor" >&2
echo "offline-build: cargo config written to $home/config.toml:" >&2
sed 's/^/  /' "$home/config.toml" >&2

# 2. Build offline. CARGO_HOME is the empty one: no registry index, no downloaded .crate files, no
#    git checkouts; only the [source] replacement pointing at $vendor.
isolate=()
if command -v unshare >/dev/null 2>&1 && unshare -n true 2>/dev/null; then
    isolate=(unshare -n)
    echo "offline-build: building inside a new network namespace (unshare -n): no interface but loopback" >&2
else
    echo "offline-build: note: unshare -n is not permitted here; relying on --offline --frozen and the empty CARGO_HOME" >&2
fi
mkdir -p "$target_dir"
timed "cargo build --release --offline --frozen" \
    env CARGO_HOME="$home" CARGO_TARGET_DIR="$target_dir" \
        "${isolate[@]}" cargo build --release --offline --frozen --manifest-path "$root/Cargo.toml"
# Nothing may have been downloaded into the empty CARGO_HOME.
if [ -d "$home/registry" ] || [ -d "$home/git" ]; then
    echo "offline-build: FAIL: the offline build wrote a registry or git cache into $home" >&2
    ls -la "$home" >&2
    exit 1
fi

# 3. The built binary's power-on self-test.
bin="$target_dir/release/byok-wizard"
timed "byok-wizard selftest" "$bin" selftest
"$bin" --version
echo "offline-build: ok: $bin"
