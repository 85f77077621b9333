#!/usr/bin/env bash
# Smoke test of the Windows build under Wine (Debian's Wine 8) and Xvfb:
#   1. `byok-wizard.exe --version` and `byok-wizard.exe selftest` headless (no DISPLAY): the
#      version line, the self-test's pass and exit status 0; each timed.
#   2. the window: byok-wizard.exe with no arguments under Xvfb (Mesa software OpenGL through
#      Wine's opengl32/winex11), wait up to 60 s for the "BYOK wizard" window, screenshot it and
#      check that it is not blank; the time to the window and to the first frame are printed.
#   3. the same in a Chinese locale (LANG and LC_ALL zh_CN.UTF-8): the app must choose zh-CN.
# Exits non-zero with a one-line reason on any failure.
#
#   BYOK_WIZARD_EXE=path/to/byok-wizard.exe bash scripts/wine-smoke.sh
#
# Sources scripts/wine-env.sh (installs Wine, mingw and Xvfb when missing, prepares the cached
# prefix and the TEST-ONLY bcryptprimitives.dll stand-in; see there). Installs what else is
# missing on Debian: xdotool, x11-apps (xwd), python3, Mesa (libgl1-mesa-dri, libglx-mesa0,
# libgl1). Screenshots: $OUT_DIR/wine-smoke.png (English) and wine-smoke-zh.png (Simplified
# Chinese: look at it, the Chinese text must be glyphs, not boxes); OUT_DIR defaults to
# $HOME/.cache/byok-wizard/target-windows. Set WINDOW_TIMEOUT to change the 60 s wait.
# At the end (and on failure) the app is killed, then `wineserver -k` ends every process of the
# prefix: do not run two of these against the same prefix at once (set BYOK_WINEPREFIX apart).
# OpenGL: Wine's opengl32 goes through winex11 to the host's GLX, here Mesa's swrast_dri.so
# (llvmpipe; Xvfb has no DRI), so libgl1-mesa-dri, libglx-mesa0 and libgl1 are all it needs.
set -euo pipefail
cd "$(dirname "$0")/.."

EXE="${BYOK_WIZARD_EXE:-}"
[ -n "$EXE" ] || { echo "wine-smoke: FAIL: set BYOK_WIZARD_EXE to the byok-wizard.exe to test" >&2; exit 1; }
[ -f "$EXE" ] || { echo "wine-smoke: FAIL: no file at BYOK_WIZARD_EXE=$EXE" >&2; exit 1; }
EXE=$(cd "$(dirname "$EXE")" && pwd)/$(basename "$EXE")

. scripts/wine-env.sh

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
need=()
command -v xdotool >/dev/null 2>&1 || need+=(xdotool)
command -v xwd >/dev/null 2>&1 || need+=(x11-apps)
command -v python3 >/dev/null 2>&1 || need+=(python3)
for pkg in libgl1-mesa-dri libglx-mesa0 libgl1; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "wine-smoke: apt-get install ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

OUT_DIR="${OUT_DIR:-$HOME/.cache/byok-wizard/target-windows}"
mkdir -p "$OUT_DIR"
SHOT="$OUT_DIR/wine-smoke.png"
SHOT_ZH="$OUT_DIR/wine-smoke-zh.png"
WINDOW_TIMEOUT="${WINDOW_TIMEOUT:-60}"

work=$(mktemp -d)
XPID=""
APID=""
cleanup() {
  [ -n "$APID" ] && kill "$APID" 2>/dev/null || true
  wineserver -k 2>/dev/null || true
  wineserver -w 2>/dev/null || true
  if [ -n "$XPID" ]; then kill "$XPID" 2>/dev/null || true; wait "$XPID" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "wine-smoke: FAIL: $*" >&2
  if [ -s "$work/app.stderr" ]; then
    echo "--- the app's stderr:" >&2
    tail -n 40 "$work/app.stderr" >&2
  fi
  exit 1
}
secs() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'; }

# Wine hands the Unix environment to the .exe: keep buses and displays the host may have away.
unset WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS DBUS_SYSTEM_BUS_ADDRESS
unset LC_ALL LC_MESSAGES LANGUAGE

# 1. Headless: no DISPLAY. A wineserver left from before would keep its display, so none is left.
# err+module: a DLL the .exe imports and Wine lacks is named on stderr (else: bare status 53).
wineserver -k 2>/dev/null || true
wineserver -w
headless() { env -u DISPLAY LANG=C.UTF-8 WINEDEBUG=-all,err+module "$BYOK_WINE_RUN" "$EXE" "$@" </dev/null; }
t=$EPOCHREALTIME
version=$(headless --version 2>"$work/app.stderr" | tr -d '\r') \
  || fail "'byok-wizard.exe --version' exited with status $? under Wine"
echo "wine-smoke: --version: '$version' in $(secs "$t") s (includes starting the wineserver)"
[[ "$version" == byok-wizard\ [0-9]* ]] || fail "--version printed '$version', not 'byok-wizard <version>'"
t=$EPOCHREALTIME
status=0
headless selftest >"$work/selftest.out" 2>"$work/app.stderr" || status=$?
selftest_s=$(secs "$t")
tr -d '\r' <"$work/selftest.out" | sed 's/^/  /'
[ "$status" -eq 0 ] || fail "'byok-wizard.exe selftest' exited with status $status under Wine"
tr -d '\r' <"$work/selftest.out" | grep -q '^self-test passed' \
  || fail "'byok-wizard.exe selftest' did not print 'self-test passed'"
echo "wine-smoke: selftest passed in ${selftest_s} s"
wineserver -k 2>/dev/null || true
wineserver -w

# 2. Xvfb on a free display number.
DISP=""
for n in $(seq 141 190); do
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

# start_app LANG SHOT: start the .exe in locale LANG (LANG and LC_ALL) with fresh preferences,
# wait for its window and first frame, screenshot it into SHOT and check it is not blank. Sets
# APID, WID, t_map_ms, first_frame and language (what the app reports it chose).
start_app() {
  local lang="$1" shot="$2"
  # eframe keeps its preferences in %APPDATA%\byok-wizard: start from none each time.
  rm -rf "$WINEPREFIX"/drive_c/users/*/AppData/Roaming/byok-wizard
  : >"$work/app.stderr"
  local t0=$EPOCHREALTIME
  LANG="$lang" LC_ALL="$lang" BYOK_WIZARD_TIMING=1 \
    "$BYOK_WINE_RUN" "$EXE" </dev/null >"$work/app.stdout" 2>"$work/app.stderr" &
  APID=$!
  WID=""
  local deadline=$((SECONDS + WINDOW_TIMEOUT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    WID=$(xdotool search --onlyvisible --name '^BYOK wizard$' 2>/dev/null | head -n 1) || true
    [ -n "$WID" ] && break
    kill -0 "$APID" 2>/dev/null || break
    sleep 0.05
  done
  t_map_ms=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", (b - a) * 1000 }')
  if [ -z "$WID" ]; then
    if ! kill -0 "$APID" 2>/dev/null; then
      local st=0
      wait "$APID" || st=$?
      APID=""
      fail "the app exited with status $st after ${t_map_ms} ms, before a 'BYOK wizard' window appeared (LANG=$lang)"
    fi
    local unmapped
    unmapped=$(xdotool search --name 'BYOK' 2>/dev/null | wc -l) || true
    fail "no window titled 'BYOK wizard' appeared within ${WINDOW_TIMEOUT} s; the app still runs; X windows named *BYOK*, mapped or not: ${unmapped} (LANG=$lang)"
  fi
  kill -0 "$APID" 2>/dev/null || fail "the app exited (LANG=$lang)"
  for _ in $(seq 1 200); do
    grep -q "first frame after" "$work/app.stderr" && break
    sleep 0.05
  done
  first_frame=$(sed -n 's/.*first frame after \([0-9]*\) ms.*/\1/p' "$work/app.stderr" | head -n 1)
  language=$(sed -n 's/.*first frame after .*language \([A-Za-z-]*\)).*/\1/p' "$work/app.stderr" | head -n 1)
  [ -n "$first_frame" ] || fail "the app never reported its first frame (LANG=$lang)"
  sleep 2 # let the first frames reach the screen (Wine copies GL frames to the X window)

  eval "$(xdotool getwindowgeometry --shell "$WID")" # X, Y, WIDTH, HEIGHT
  xwd -root -silent >"$work/shot.xwd" || fail "xwd could not take a screenshot"
  # The window's part of the screen into a PNG; "not blank" = many colours, none covering it all.
  python3 scripts/window_shot.py wine-smoke "$work/shot.xwd" "$shot" "$X" "$Y" "$WIDTH" "$HEIGHT" \
    || fail "the window looks blank (LANG=$lang; see $shot)"
}

# stop_app: end the app (the brief of this test is the window, not closing it) and the prefix's
# other processes, so the next start begins from the same state.
stop_app() {
  kill "$APID" 2>/dev/null || true
  wait "$APID" 2>/dev/null || true
  APID=""
  wineserver -k 2>/dev/null || true
  wineserver -w
}

start_app C.UTF-8 "$SHOT"
echo "wine-smoke: start to window: ${t_map_ms} ms; first frame (reported by the app): ${first_frame} ms; language ${language}"
echo "wine-smoke: screenshot: $SHOT"
[ "$language" = en-US ] || fail "LANG=C.UTF-8 gave the language '$language', not en-US"
stop_app

start_app zh_CN.UTF-8 "$SHOT_ZH"
echo "wine-smoke: Chinese window: start to window ${t_map_ms} ms; first frame ${first_frame} ms; language ${language}"
echo "wine-smoke: screenshot: $SHOT_ZH"
[ "$language" = zh-CN ] || fail "LANG=zh_CN.UTF-8 gave the language '$language', not zh-CN"
stop_app

echo "wine-smoke: OK"
