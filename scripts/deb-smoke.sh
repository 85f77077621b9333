#!/usr/bin/env bash
# Install the .deb for real, check it from the installed paths, then remove it.
#
#   scripts/deb-smoke.sh [path/to/byok-wizard_*.deb]
#
# Default .deb: the newest byok-wizard_*.deb in $CARGO_TARGET_DIR/debian/ (what package.sh writes).
# Needs root (dpkg). Steps, each timed, each fatal on failure:
#   1. sha256sum -c SHA256SUMS next to the .deb (when present)
#   2. dpkg -i
#   3. /usr/bin/byok-wizard --version   (must print the package's version)
#   4. /usr/bin/byok-wizard selftest    (must pass)
#   5. man byok-wizard renders (NAME section present)
#   6. .desktop, icon, AppStream metainfo and docs are installed (validated when the tools exist)
#   7. dpkg -r byok-wizard, and /usr/bin/byok-wizard is gone
# The package is removed on failure too (trap), unless it was installed before this script ran.
set -euo pipefail
cd "$(dirname "$0")/.."

deb="${1:-}"
if [ -z "$deb" ]; then
    dir="${CARGO_TARGET_DIR:-$PWD/target}/debian"
    deb="$(ls -t "$dir"/byok-wizard_*.deb 2>/dev/null | head -n1 || true)"
    [ -n "$deb" ] || { echo "deb-smoke: no .deb in $dir; run scripts/package.sh first" >&2; exit 1; }
fi
[ -f "$deb" ] || { echo "deb-smoke: $deb does not exist" >&2; exit 1; }
deb="$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")"
[ "$(id -u)" = 0 ] || { echo "deb-smoke: needs root for dpkg -i / dpkg -r" >&2; exit 1; }

fail() { echo "deb-smoke: FAIL: $*" >&2; exit 1; }
step() {
    local name="$1"; shift
    local s=$EPOCHREALTIME
    echo "== $name"
    "$@"
    printf 'deb-smoke: %-28s %6.2f s\n' "$name" "$(awk -v a="$s" -v b="$EPOCHREALTIME" 'BEGIN{print b-a}')"
}

was_installed=0
if dpkg-query -W -f='${Status}' byok-wizard 2>/dev/null | grep -q 'install ok installed'; then
    was_installed=1
    echo "deb-smoke: note: byok-wizard $(dpkg-query -W -f='${Version}' byok-wizard) was already installed; it will be upgraded, then removed"
fi
installed=0
cleanup() {
    if [ "$installed" = 1 ]; then
        echo "deb-smoke: removing byok-wizard after a failure" >&2
        dpkg -r byok-wizard >/dev/null 2>&1 || true
    fi
}
trap cleanup EXIT

want_version="$(dpkg-deb --field "$deb" Version)"
want_version="${want_version%-*}"   # 0.1.0-1 → 0.1.0

check_sums() {
    local d; d="$(dirname "$deb")"
    if [ -f "$d/SHA256SUMS" ]; then
        (cd "$d" && grep " $(basename "$deb")\$" SHA256SUMS | sha256sum -c -) || fail "checksum mismatch"
    else
        echo "deb-smoke: no SHA256SUMS beside the .deb; skipping the checksum"
    fi
}
install_deb() {
    installed=1
    dpkg -i "$deb" || fail "dpkg -i"
    dpkg-query -W -f='${Status} ${Version}\n' byok-wizard
}
check_version() {
    [ "$(command -v byok-wizard || true)" = /usr/bin/byok-wizard ] || echo "deb-smoke: note: byok-wizard on PATH is $(command -v byok-wizard)"
    local v; v="$(/usr/bin/byok-wizard --version)" || fail "--version exited non-zero"
    echo "$v"
    [ "$v" = "byok-wizard $want_version" ] || fail "--version printed '$v', want 'byok-wizard $want_version'"
}
check_selftest() {
    local o; o="$(/usr/bin/byok-wizard selftest)" || { echo "$o"; fail "selftest exited non-zero"; }
    echo "$o"
    grep -q '^self-test passed' <<<"$o" || fail "selftest did not say it passed"
}
check_man() {
    [ -f /usr/share/man/man1/byok-wizard.1.gz ] || [ -f /usr/share/man/man1/byok-wizard.1 ] \
        || fail "man page not installed (is /usr/share/man excluded by a dpkg path-exclude in /etc/dpkg/dpkg.cfg.d/?)"
    local page; page="$(MANWIDTH=80 man -P cat byok-wizard 2>&1)" || { echo "$page"; fail "man byok-wizard"; }
    grep -q '^NAME' <<<"$page" || fail "man page has no NAME section"
    grep -q 'byok-wizard - wrap your own key material' <<<"$page" || fail "man page NAME line is wrong"
    echo "$page" | head -n 8
    echo "  ... ($(wc -l <<<"$page") lines)"
}
check_files() {
    local f
    for f in /usr/share/applications/byok-wizard.desktop \
             /usr/share/icons/hicolor/128x128/apps/byok-wizard.png \
             /usr/share/metainfo/io.github.byok_wizard.byok_wizard.metainfo.xml \
             /usr/share/doc/byok-wizard/SECURITY.md /usr/share/doc/byok-wizard/README.md \
             /usr/share/doc/byok-wizard/FONT-LICENSE /usr/share/doc/byok-wizard/copyright; do
        [ -f "$f" ] || fail "$f not installed"
        echo "  ok $f"
    done
    if command -v desktop-file-validate >/dev/null 2>&1; then
        desktop-file-validate /usr/share/applications/byok-wizard.desktop || fail "desktop-file-validate"
        echo "  ok desktop-file-validate"
    fi
    if command -v appstreamcli >/dev/null 2>&1; then
        appstreamcli validate --no-net /usr/share/metainfo/io.github.byok_wizard.byok_wizard.metainfo.xml \
            || fail "appstreamcli validate"
    fi
}
remove_deb() {
    dpkg -r byok-wizard || fail "dpkg -r"
    installed=0
    [ ! -e /usr/bin/byok-wizard ] || fail "/usr/bin/byok-wizard still there after dpkg -r"
    [ ! -e /usr/share/man/man1/byok-wizard.1.gz ] || fail "man page still there after dpkg -r"
    echo "  removed"
}

echo "deb-smoke: $deb"
total=$SECONDS
step "checksum" check_sums
step "dpkg -i" install_deb
step "byok-wizard --version" check_version
step "byok-wizard selftest" check_selftest
step "man byok-wizard" check_man
step "installed files" check_files
step "dpkg -r" remove_deb
[ "$was_installed" = 0 ] || echo "deb-smoke: note: the byok-wizard that was installed before is now removed too"
echo "deb-smoke: all checks passed in $((SECONDS - total)) s"
