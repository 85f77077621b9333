#!/usr/bin/env bash
# Drive the real window from outside through AT-SPI (Xvfb + a D-Bus session + the AT-SPI bus),
# the way Orca does: scripts/atspi_check.py checks the window's name, that every interactive
# widget is named, the Key spec combo box's value, and the expired-parameters reason on step 2.
#
#   bash scripts/atspi-check.sh               # builds the release binary first
#   BYOK_WIZARD_BIN=path/to/byok-wizard bash scripts/atspi-check.sh
#
# Installs what is missing on Debian: xvfb, Mesa, at-spi2-core, python3-pyatspi, dbus-x11.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
need=()
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
command -v dbus-run-session >/dev/null 2>&1 || need+=(dbus-x11)
[ -x /usr/libexec/at-spi-bus-launcher ] || need+=(at-spi2-core)
/usr/bin/python3 -c 'import pyatspi' 2>/dev/null || need+=(python3-pyatspi)
for pkg in libgl1-mesa-dri libegl1 libgl1 libxkbcommon-x11-0 libxcursor1 libxrandr2 libxi6; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "atspi-check: apt-get install ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/byok-wizard/target}"
BIN="${BYOK_WIZARD_BIN:-}"
if [ -z "$BIN" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
  cargo build --release --locked --bin byok-wizard
  BIN="$CARGO_TARGET_DIR/release/byok-wizard"
fi
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"

work=$(mktemp -d)
XPID=""
cleanup() {
  [ -n "$XPID" ] && kill "$XPID" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Expired import parameters from the practice KMS, for the last check.
"$BIN" practice new --provider huawei --key-spec AES_256 --expires-in -1h --out "$work/expired" >/dev/null

display=":$(( 90 + RANDOM % 9 ))"
Xvfb "$display" -screen 0 1280x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
XPID=$!
export DISPLAY="$display"
for _ in $(seq 1 50); do
  xdpyinfo >/dev/null 2>&1 && break
  [ -e "/tmp/.X11-unix/X${display#:}" ] && break
  sleep 0.1
done

export BIN work
dbus-run-session -- bash -c '
  set -euo pipefail
  /usr/libexec/at-spi-bus-launcher --launch-immediately >"$work/bus.log" 2>&1 &
  for _ in $(seq 1 50); do
    busctl --user call org.a11y.Bus /org/a11y/bus org.a11y.Bus GetAddress >/dev/null 2>&1 && break
    sleep 0.1
  done
  busctl --user set-property org.a11y.Bus /org/a11y/bus org.a11y.Status IsEnabled b true
  HOME="$work/home" LANG=C.UTF-8 "$BIN" >"$work/app.log" 2>&1 &
  app=$!
  sleep 2
  rc=0
  /usr/bin/python3 scripts/atspi_check.py "$work/expired/get-parameters-for-import.json" || rc=$?
  kill "$app" 2>/dev/null || true
  if [ "$rc" != 0 ]; then
    echo "--- the app says:" >&2; tail -20 "$work/app.log" >&2
  fi
  exit "$rc"
'
echo "atspi-check: passed"
