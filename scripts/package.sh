#!/usr/bin/env bash
# Build the Debian package with cargo-deb and write SHA256SUMS next to it.
#
#   scripts/package.sh                 # → $CARGO_TARGET_DIR/debian/ (default target/debian/)
#   scripts/package.sh --out dist      # → dist/ instead
#
# Output: the .deb and a SHA256SUMS file in the same folder (check it with
# `cd <folder> && sha256sum -c SHA256SUMS`). The last line printed is the .deb's path, so
# callers can do  deb="$(scripts/package.sh | tail -n1)".
# The package layout (binary, man page, .desktop, icon, AppStream metainfo, docs) is the
# [package.metadata.deb] section of Cargo.toml; packaging/README.md describes it.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

out=""
while [ $# -gt 0 ]; do
    case "$1" in
        --out) out="$2"; shift 2 ;;
        --out=*) out="${1#--out=}"; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "package.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
target_dir="${CARGO_TARGET_DIR:-$root/target}"
out="${out:-$target_dir/debian}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

t() { local s=$SECONDS; "$@"; echo "package.sh: '$*' took $((SECONDS - s)) s" >&2; }

CARGO_DEB_VERSION="${CARGO_DEB_VERSION:-3.8.0}"
if ! cargo deb --version >/dev/null 2>&1; then
    echo "package.sh: installing cargo-deb ${CARGO_DEB_VERSION} (cargo install --locked; takes a few minutes)" >&2
    t cargo install cargo-deb --locked --version "${CARGO_DEB_VERSION}"
fi
echo "package.sh: $(cargo deb --version), target dir $target_dir" >&2

for f in packaging/byok-wizard.1 packaging/byok-wizard.desktop \
         packaging/io.github.byok_wizard.byok_wizard.metainfo.xml assets/icon.png \
         packaging/changelog.Debian README.md SECURITY.md packaging/README.md; do
    [ -f "$f" ] || { echo "package.sh: missing $f (listed in [package.metadata.deb] assets)" >&2; exit 1; }
done

version="$(cargo metadata --no-deps --format-version 1 --locked \
    | python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"]=="byok-wizard"))')"
arch="$(dpkg --print-architecture)"
deb="$out/byok-wizard_${version}-1_${arch}.deb"
rm -f "$deb"

# cargo deb runs `cargo build --release` (with --locked passed through) and then packs the assets.
t cargo deb --output "$deb" -- --locked >&2
[ -f "$deb" ] || { echo "package.sh: cargo deb did not write $deb" >&2; exit 1; }

(cd "$out" && sha256sum "$(basename "$deb")" > SHA256SUMS && sha256sum -c --quiet SHA256SUMS)

echo "package.sh: contents:" >&2
dpkg-deb --contents "$deb" | awk '{print "  " $6}' >&2
echo "package.sh: control:" >&2
dpkg-deb --field "$deb" Package Version Architecture Depends Recommends Section Priority Installed-Size | sed 's/^/  /' >&2
if command -v lintian >/dev/null 2>&1; then
    echo "package.sh: lintian (informational, does not fail the build):" >&2
    lintian --tag-display-limit 0 "$deb" 2>&1 | sed 's/^/  /' >&2 || true
fi
echo "package.sh: wrote $out/SHA256SUMS" >&2
cat "$out/SHA256SUMS" >&2
echo "$deb"
