#!/usr/bin/env bash
# Create or refresh the cached virtualenv with the clouds' own SDKs that tests/oracle/vendor_models.py
# checks request bodies with, and print its python's path on the last line of stdout (everything
# else goes to stderr), e.g.  PY=$(scripts/vendor-venv.sh | tail -n1)
#
# Where: $BYOK_VENDOR_VENV, else $HOME/.cache/byok-wizard/venv-vendors (outside the repo).
# Idempotent: pip runs only when the stamp file in the venv does not hold the sha256 of
# tests/oracle/vendor-requirements.txt plus the python version; a venv whose python no longer runs
# is made anew. Concurrent calls wait for each other (flock), so parallel tests can all call it.
# A cold install downloads ~150 MB of wheels and takes a few minutes; the venv is ~680 MB (oci alone
# is ~500 MB).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REQ="$ROOT/tests/oracle/vendor-requirements.txt"
VENV="${BYOK_VENDOR_VENV:-$HOME/.cache/byok-wizard/venv-vendors}"
PYTHON="${PYTHON:-python3}"
STAMP="$VENV/.requirements.sha256"

[ -f "$REQ" ] || { echo "vendor-venv: $REQ is missing" >&2; exit 1; }
mkdir -p "$(dirname "$VENV")"

want=$( { cat "$REQ"; "$PYTHON" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)

exec 9>"$VENV.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi

if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
  echo "vendor-venv: $VENV is broken; making it anew" >&2
  rm -rf "$VENV"
fi

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -x "$VENV/bin/python" ]; then
  echo "vendor-venv: $VENV is up to date" >&2
else
  if [ ! -x "$VENV/bin/python" ]; then
    echo "vendor-venv: creating $VENV" >&2
    "$PYTHON" -m venv "$VENV" >&2
  fi
  rm -f "$STAMP"
  echo "vendor-venv: pip install -r $REQ" >&2
  start=$(date +%s)
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$REQ" >&2
  "$VENV/bin/python" -c 'import botocore, huaweicloudsdkkms, alibabacloud_kms20160120, tencentcloud.kms, oci.key_management, google.cloud.kms_v1, azure.keyvault.keys' >&2
  echo "$want" >"$STAMP"
  echo "vendor-venv: installed in $(( $(date +%s) - start ))s" >&2
fi

echo "$VENV/bin/python"
