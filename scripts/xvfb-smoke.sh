#!/usr/bin/env bash
# Smoke test of the real window: start the release binary with no arguments under Xvfb (Mesa
# software OpenGL), wait for the "BYOK wizard" window, take a screenshot, and check that the
# window appeared and is not blank. Also measures start to first frame, CPU use over 10 s of
# idling, and peak RSS. Then starts it once more in a Chinese locale (LANG=zh_CN.UTF-8) and
# checks that the window chose Chinese, for a second screenshot. Last, start-up against a bare
# eframe window (examples/bare_window.rs, same window options) in the same X session: each started
# STARTUP_RUNS times (default 7), alternately, and the medians of "first frame after N ms"
# printed — a measurement, not a pass/fail (the machine's load moves it by tens of ms). Exits
# non-zero on any failure.
#
#   bash scripts/xvfb-smoke.sh                 # builds the release binary first
#   BYOK_WIZARD_BIN=path/to/byok-wizard bash scripts/xvfb-smoke.sh
#
# Installs what is missing on Debian: xvfb, Mesa (libgl1-mesa-dri, libegl1), the X libraries
# winit loads at run time, x11-apps (xwd) and xdotool. The screenshots are kept as
# $CARGO_TARGET_DIR/xvfb-smoke.png (English) and xvfb-smoke-zh.png (Simplified Chinese: look at
# it, the Chinese text must be glyphs, not boxes). Set IDLE_SECONDS to change the idle
# measurement (default 10).
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
need=()
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
command -v xdotool >/dev/null 2>&1 || need+=(xdotool)
command -v xwd >/dev/null 2>&1 || need+=(x11-apps)
command -v python3 >/dev/null 2>&1 || need+=(python3)
for pkg in libgl1-mesa-dri libegl1 libgl1 libxkbcommon-x11-0 libxcursor1 libxrandr2 libxi6; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "xvfb-smoke: apt-get install ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/byok-wizard/target}"
BIN="${BYOK_WIZARD_BIN:-}"
if [ -z "$BIN" ]; then
  export PATH="$HOME/.cargo/bin:$PATH"
  cargo build --release --locked --bin byok-wizard --example bare_window
  BIN="$CARGO_TARGET_DIR/release/byok-wizard"
fi
BARE="${BYOK_BARE_BIN:-$(dirname "$BIN")/examples/bare_window}"
[ -x "$BIN" ] || { echo "xvfb-smoke: FAIL: no binary at $BIN" >&2; exit 1; }
SHOT="$CARGO_TARGET_DIR/xvfb-smoke.png"
SHOT_ZH="$CARGO_TARGET_DIR/xvfb-smoke-zh.png"
IDLE_SECONDS="${IDLE_SECONDS:-10}"

work=$(mktemp -d)
XPID=""
APID=""
cleanup() {
  [ -n "$APID" ] && kill "$APID" 2>/dev/null || true
  [ -n "$XPID" ] && kill "$XPID" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "xvfb-smoke: FAIL: $*" >&2
  if [ -s "$work/app.stderr" ]; then
    echo "--- the app's stderr:" >&2
    cat "$work/app.stderr" >&2
  fi
  exit 1
}

# A free display number.
DISP=""
for n in $(seq 91 140); do
  if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then DISP=":$n"; break; fi
done
[ -n "$DISP" ] || fail "no free X display number"
Xvfb "$DISP" -screen 0 1280x900x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
XPID=$!
for _ in $(seq 1 100); do
  [ -e "/tmp/.X11-unix/X${DISP#:}" ] && break
  sleep 0.05
done
[ -e "/tmp/.X11-unix/X${DISP#:}" ] || fail "Xvfb did not start ($(cat "$work/xvfb.log"))"

export DISPLAY="$DISP"
export LIBGL_ALWAYS_SOFTWARE=1
unset WAYLAND_DISPLAY
unset LC_ALL LC_MESSAGES LANGUAGE

# start_app LANG SHOT: start the app in locale LANG with fresh preferences, wait for its window
# and its first frame, screenshot it into SHOT and check it is not blank. Sets APID, WID, t0,
# t_map, first_frame and language (what the app reports it chose).
start_app() {
  local lang="$1" shot="$2"
  # Keep the preferences eframe saves out of the real home, and apart for each run.
  rm -rf "$work/data" "$work/config"
  : >"$work/app.stderr"
  t0=$(date +%s%N)
  XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" LANG="$lang" BYOK_WIZARD_TIMING=1 \
    "$BIN" >"$work/app.stdout" 2>"$work/app.stderr" &
  APID=$!
  WID=""
  for _ in $(seq 1 1500); do # 30 s in steps of 20 ms
    WID=$(xdotool search --onlyvisible --name '^BYOK wizard$' 2>/dev/null | head -n 1) || true
    [ -n "$WID" ] && break
    kill -0 "$APID" 2>/dev/null || break
    sleep 0.02
  done
  t_map=$(date +%s%N)
  [ -n "$WID" ] || fail "no window titled 'BYOK wizard' appeared within 30 s (LANG=$lang)"
  kill -0 "$APID" 2>/dev/null || fail "the app exited (LANG=$lang)"
  for _ in $(seq 1 100); do
    grep -q "first frame after" "$work/app.stderr" && break
    sleep 0.05
  done
  first_frame=$(sed -n 's/.*first frame after \([0-9]*\) ms.*/\1/p' "$work/app.stderr" | head -n 1)
  language=$(sed -n 's/.*first frame after .*language \([A-Za-z-]*\)).*/\1/p' "$work/app.stderr" | head -n 1)
  [ -n "$first_frame" ] || fail "the app never reported its first frame"
  sleep 1 # let the first frames reach the screen

  eval "$(xdotool getwindowgeometry --shell "$WID")" # X, Y, WIDTH, HEIGHT
  xwd -root -silent >"$work/shot.xwd" || fail "xwd could not take a screenshot"
  python3 scripts/window_shot.py xvfb-smoke "$work/shot.xwd" "$shot" "$X" "$Y" "$WIDTH" "$HEIGHT" \
    || fail "the window looks blank (see $shot)"
}

# close_app: close the window the way a window manager does (WM_DELETE_WINDOW); the app must
# exit cleanly (its status in `status`). Plain X11 protocol over the display's socket, so no
# extra tool is needed.
close_app() {
  python3 - "${DISP#:}" "$WID" <<'EOF' || fail "could not ask the window to close"
import socket, struct, sys
display, wid = int(sys.argv[1]), int(sys.argv[2])
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect(f"/tmp/.X11-unix/X{display}")
def recv(n):
    b = b""
    while len(b) < n:
        chunk = s.recv(n - len(b))
        if not chunk:
            raise SystemExit("X server closed the connection")
        b += chunk
    return b
s.sendall(struct.pack("<BxHHHHxx", ord("l"), 11, 0, 0, 0))
head = recv(8)
if head[0] != 1:
    raise SystemExit("X connection refused")
recv(struct.unpack("<H", head[6:8])[0] * 4)
def intern(name):
    n = name.encode()
    pad = (4 - len(n) % 4) % 4
    s.sendall(struct.pack("<BBHHxx", 16, 0, 2 + (len(n) + pad) // 4, len(n)) + n + b"\0" * pad)
    while True:
        r = recv(32)
        if r[0] == 1:
            return struct.unpack("<I", r[8:12])[0]
        if r[0] == 0:
            raise SystemExit(f"X error {r[1]} interning {name}")
protocols, delete = intern("WM_PROTOCOLS"), intern("WM_DELETE_WINDOW")
event = struct.pack("<BBHII5I", 33, 32, 0, wid, protocols, delete, 0, 0, 0, 0)
s.sendall(struct.pack("<BBHII", 25, 0, 11, wid, 0) + event)
s.sendall(struct.pack("<BxH", 43, 1))  # GetInputFocus: a round trip, so the event is delivered
recv(32)
EOF
  status=0
  for _ in $(seq 1 100); do
    kill -0 "$APID" 2>/dev/null || break
    sleep 0.05
  done
  if kill -0 "$APID" 2>/dev/null; then
    kill "$APID"
    fail "the app did not exit after its window was closed"
  fi
  wait "$APID" || status=$?
  APID=""
}

start_app C.UTF-8 "$SHOT"
[ "$language" = en-US ] || fail "LANG=C.UTF-8 gave the language '$language', not en-US"

# Idle: no input, the window open; egui repaints only on events.
clk=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$APID/stat"; }
c0=$(ticks)
sleep "$IDLE_SECONDS"
kill -0 "$APID" 2>/dev/null || fail "the app died while idle"
c1=$(ticks)
idle_cpu=$(awk -v a="$c0" -v b="$c1" -v hz="$clk" -v s="$IDLE_SECONDS" 'BEGIN { printf "%.2f", (b - a) / hz / s * 100 }')
rss=$(awk '/VmHWM/ {print $2 " " $3}' "/proc/$APID/status")

close_app

echo "xvfb-smoke: start to window mapped: $(( (t_map - t0) / 1000000 )) ms"
echo "xvfb-smoke: start to first frame (reported by the app): ${first_frame} ms"
echo "xvfb-smoke: CPU while idle for ${IDLE_SECONDS} s: ${idle_cpu} % of one core"
echo "xvfb-smoke: peak RSS: ${rss}"
echo "xvfb-smoke: exit status after closing the window: ${status}"
echo "xvfb-smoke: screenshot: $SHOT"
[ "$status" -eq 0 ] || fail "exit status $status after the window was closed"

# The same window in a Chinese locale: the system locale chooses Simplified Chinese.
start_app zh_CN.UTF-8 "$SHOT_ZH"
[ "$language" = zh-CN ] || fail "LANG=zh_CN.UTF-8 gave the language '$language', not zh-CN"
zh_rss=$(awk '/VmHWM/ {print $2 " " $3}' "/proc/$APID/status")
close_app
echo "xvfb-smoke: Chinese window: first frame after ${first_frame} ms, peak RSS ${zh_rss}, exit status ${status}"
echo "xvfb-smoke: screenshot: $SHOT_ZH"
[ "$status" -eq 0 ] || fail "exit status $status after the Chinese window was closed"

# Start-up against a bare eframe window, alternately, fresh preferences each time.
first_frame_of() { # BIN PATTERN -> ms on stdout
  local h; h=$(mktemp -d -p "$work")
  HOME="$h" XDG_DATA_HOME="$h/d" XDG_CONFIG_HOME="$h/c" LANG=C.UTF-8 BYOK_WIZARD_TIMING=1 \
    "$1" >"$h/out" 2>"$h/err" &
  local p=$! ms=""
  for _ in $(seq 1 1500); do
    ms=$(sed -n "s/.*$2 first frame after \([0-9]*\) ms.*/\1/p" "$h/err" | head -n 1)
    [ -n "$ms" ] && break
    sleep 0.02
  done
  kill "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
  echo "$ms"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : "?")}'; }
if [ -x "$BARE" ]; then
  runs="${STARTUP_RUNS:-7}"
  : >"$work/bare.ms"; : >"$work/wizard.ms"
  for _ in $(seq 1 "$runs"); do
    first_frame_of "$BARE" "bare eframe:" >>"$work/bare.ms"
    first_frame_of "$BIN" "byok-wizard:" >>"$work/wizard.ms"
  done
  b=$(median <"$work/bare.ms"); w=$(median <"$work/wizard.ms")
  echo "xvfb-smoke: start-up, median of $runs: bare eframe window ${b} ms, byok-wizard ${w} ms (runs: bare $(paste -sd' ' "$work/bare.ms"); wizard $(paste -sd' ' "$work/wizard.ms"))"
else
  echo "xvfb-smoke: no bare eframe window at $BARE: start-up comparison skipped (cargo build --release --example bare_window)"
fi
echo "xvfb-smoke: OK"
