#!/usr/bin/env bash
# Wine environment for testing the Windows build (x86_64-pc-windows-gnu) on Debian. Source it from
# a script (it sets -euo pipefail, like every script here), or run it alone just to prepare:
#
#   . scripts/wine-env.sh && $BYOK_WINE_RUN path/to/byok-wizard.exe selftest
#   bash scripts/wine-env.sh          # prepare only; prints the settings it exports
#
# Installs what is missing on Debian (wine, wine64, gcc-mingw-w64-x86-64, xvfb), then exports
#   WINEPREFIX        $BYOK_WINEPREFIX, else $HOME/.cache/byok-wizard/wine-prefix (outside the
#                     repo; a 64-bit prefix, kept between runs)
#   WINEDEBUG=-all    (also silences Debian's "wine32 is missing" hint: 64-bit only is enough)
#   WINEDLLOVERRIDES  mscoree,mshtml= so no Mono/Gecko installer dialog ever appears
#   BYOK_WINE_RUN     the launcher for a 64-bit .exe: "wine". On Debian 12, /usr/bin/wine is a
#                     wrapper that runs /usr/lib/wine/wine64 when wine32:i386 is not installed;
#                     "wine64" is not on PATH there (it is /usr/lib/wine/wine64).
#   BYOK_WINE         the same launcher, under the name scripts/wine-run.py reads
# A new prefix is made with `wineboot -i` headless (no DISPLAY, stdin from /dev/null; fine with
# CI=true) and the time it took is printed; an interrupted one is made anew. Concurrent callers
# wait for each other (flock on $WINEPREFIX.lock) while the prefix and the DLL below are prepared.
#
# TEST-ONLY DLL: Rust's std imports ProcessPrng from bcryptprimitives.dll, which every Windows 10+
# has and Wine 8 does not. packaging/windows/test-only/bcryptprimitives.c is a stand-in over
# RtlGenRandom; it is built with mingw into $BYOK_WINE_TESTDLL_DIR (default
# $HOME/.cache/byok-wizard/wine-test-only, outside the repo; rebuilt when older than its source)
# and copied into the prefix's drive_c/windows/system32/ only. It is never shipped. When Wine has
# its own bcryptprimitives.dll (Wine 9 and later) the stand-in is not installed.
set -euo pipefail

BYOK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

byok_wine_prepare() {
  local t_start=$EPOCHREALTIME
  local sudo=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo"; fi
  local need=()
  command -v wine >/dev/null 2>&1 || need+=(wine)
  dpkg -s wine64 >/dev/null 2>&1 || need+=(wine64)
  command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need+=(gcc-mingw-w64-x86-64)
  command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
  if [ ${#need[@]} -gt 0 ]; then
    echo "wine-env: apt-get install ${need[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
  fi

  export WINEPREFIX="${BYOK_WINEPREFIX:-$HOME/.cache/byok-wizard/wine-prefix}"
  export WINEARCH=win64
  export WINEDEBUG=-all
  export WINEDLLOVERRIDES="mscoree,mshtml="
  export BYOK_WINE_RUN=wine
  export BYOK_WINE="$BYOK_WINE_RUN"
  local dll_dir="${BYOK_WINE_TESTDLL_DIR:-$HOME/.cache/byok-wizard/wine-test-only}"
  local src="$BYOK_ROOT/packaging/windows/test-only/bcryptprimitives.c"
  local def="$BYOK_ROOT/packaging/windows/test-only/bcryptprimitives.def"
  export BYOK_WINE_TESTDLL="$dll_dir/bcryptprimitives.dll"
  mkdir -p "$(dirname "$WINEPREFIX")" "$dll_dir"

  # One caller at a time from here on; the lock is released before returning (the caller's own
  # use of the prefix needs no lock: all users of a prefix share its one wineserver).
  local lockfd
  exec {lockfd}>"$WINEPREFIX.lock"
  flock "$lockfd"

  # .byok-ready is written only after wineboot finished, so a half-made prefix is made anew.
  if [ ! -f "$WINEPREFIX/.byok-ready" ]; then
    if [ -e "$WINEPREFIX" ]; then
      echo "wine-env: $WINEPREFIX is incomplete; making it anew" >&2
      rm -rf "$WINEPREFIX"
    fi
    echo "wine-env: creating the Wine prefix $WINEPREFIX (wineboot -i, headless)" >&2
    local t0=$EPOCHREALTIME
    if ! env -u DISPLAY -u WAYLAND_DISPLAY wineboot -i </dev/null >"$WINEPREFIX.log" 2>&1; then
      echo "wine-env: wineboot -i failed:" >&2
      cat "$WINEPREFIX.log" >&2
      flock -u "$lockfd"; exec {lockfd}>&-
      return 1
    fi
    wineserver -w # until the registry is written out and the prefix's processes have ended
    [ -f "$WINEPREFIX/system.reg" ] && [ -d "$WINEPREFIX/drive_c/windows/system32" ] || {
      echo "wine-env: wineboot ran but $WINEPREFIX has no system.reg or system32:" >&2
      cat "$WINEPREFIX.log" >&2
      flock -u "$lockfd"; exec {lockfd}>&-
      return 1
    }
    wine --version >"$WINEPREFIX/.byok-ready"
    printf 'wine-env: prefix created in %.1f s (cold)\n' \
      "$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN{print b-a}')" >&2
  fi

  local wine_dlls
  for wine_dlls in /usr/lib/x86_64-linux-gnu/wine/x86_64-windows /usr/lib/wine/x86_64-windows; do
    [ -d "$wine_dlls" ] && break
  done
  if [ -f "$wine_dlls/bcryptprimitives.dll" ]; then
    echo "wine-env: Wine has its own bcryptprimitives.dll; the test-only stand-in is not needed" >&2
  else
    if [ ! -f "$BYOK_WINE_TESTDLL" ] || [ "$src" -nt "$BYOK_WINE_TESTDLL" ] \
      || [ "$def" -nt "$BYOK_WINE_TESTDLL" ]; then
      echo "wine-env: building the TEST-ONLY $BYOK_WINE_TESTDLL" >&2
      if ! x86_64-w64-mingw32-gcc -Wall -Wextra -shared -O2 -s -o "$BYOK_WINE_TESTDLL.tmp" \
        "$src" "$def" -ladvapi32; then
        flock -u "$lockfd"; exec {lockfd}>&-
        return 1
      fi
      mv -f "$BYOK_WINE_TESTDLL.tmp" "$BYOK_WINE_TESTDLL"
    fi
    local sys32="$WINEPREFIX/drive_c/windows/system32"
    if ! cmp -s "$BYOK_WINE_TESTDLL" "$sys32/bcryptprimitives.dll"; then
      cp -f "$BYOK_WINE_TESTDLL" "$sys32/bcryptprimitives.dll"
      echo "wine-env: copied the TEST-ONLY stand-in into $sys32/" >&2
    fi
  fi

  flock -u "$lockfd"
  exec {lockfd}>&-
  printf 'wine-env: ready in %.1f s (prefix %s)\n' \
    "$(awk -v a="$t_start" -v b="$EPOCHREALTIME" 'BEGIN{print b-a}')" "$WINEPREFIX" >&2
}

byok_wine_prepare

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  # Run alone: show what a script sourcing this file gets.
  for v in WINEPREFIX WINEARCH WINEDEBUG WINEDLLOVERRIDES BYOK_WINE_RUN BYOK_WINE BYOK_WINE_TESTDLL; do
    printf 'export %s=%q\n' "$v" "${!v}"
  done
fi
