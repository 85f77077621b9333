#!/usr/bin/env bash
# Install what byok-wizard's build and tests need on a Debian machine, if it is missing:
# a C toolchain, the openssl CLI and Python's `cryptography` + `pyrage` + `gmssl` (the independent oracles
# the tests unwrap with), the clouds' SDKs in a cached virtualenv, and Rust via rustup. Safe to run again; does nothing when all is there.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

need_apt=()
command -v cc >/dev/null 2>&1 || need_apt+=(build-essential)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3 python3-pip python3-venv)
command -v curl >/dev/null 2>&1 || need_apt+=(curl ca-certificates)
pkg-config --version >/dev/null 2>&1 || need_apt+=(pkg-config)
# The window's fallback for rare Chinese characters reads the system's Noto Sans CJK; its test
# needs the font installed (it fails rather than pass untested).
# The clouds' SDKs live in a virtualenv (scripts/vendor-venv.sh): Debian splits venv/ensurepip out.
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need_apt+=(fonts-noto-cjk)
# The ceremony forms are read back independently with poppler's pdftotext / pdfinfo.
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup-deps: apt-get install ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# gmssl (py-gmssl): the independent SM2 decryptor of tests/interop_sm2.rs.
if ! python3 -c 'import cryptography, pyrage, gmssl' >/dev/null 2>&1; then
  echo "setup-deps: pip install cryptography pyrage gmssl"
  python3 -m pip install --quiet --disable-pip-version-check cryptography pyrage gmssl==3.2.2 2>/dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages cryptography pyrage gmssl==3.2.2
fi

# The clouds' own SDK models (botocore, huaweicloudsdkkms, …) that tests/cloud_clients.rs checks
# every request body with: a cached virtualenv outside the clone, pinned; pip runs only when the
# pins change (a cold install takes about 3 minutes and 680 MB).
bash "$(dirname "$0")/vendor-venv.sh" >/dev/null

if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "setup-deps: installing Rust with rustup"
    curl -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi
