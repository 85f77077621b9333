#!/usr/bin/env bash
# Create or refresh the cached virtualenvs holding the clouds' own command-line tools that
# tests/oracle/cli_lines.py runs the bundles' printed CLI lines with (offline, argument parsing
# only), and print each venv's bin dir on stdout, one a line, in the order aws az oci tccli
# (everything else goes to stderr), e.g.
#   PATH="$(scripts/vendor-cli-venvs.sh | paste -sd:):$PATH"
#   scripts/vendor-cli-venvs.sh aws oci        # only these
#
# One venv per CLI, because each CLI pins its own SDK (awscli pins botocore, azure-cli pins the
# azure-* SDKs, oci-cli pins oci, tccli pins tencentcloud-sdk-python) and they cannot share one:
#   $BYOK_CLI_VENV_DIR/venv-cli-<name>, by default $HOME/.cache/byok-wizard/venv-cli-<name>
# with the exact pins in tests/oracle/cli-requirements/<name>.txt.
# Not here because they are not on PyPI: Huawei's KooCLI (hcloud), Alibaba's aliyun CLI and
# Google's gcloud (a downloaded SDK); cli_lines.py reports those lines as not checkable offline.
#
# Idempotent, like scripts/vendor-venv.sh: pip runs only when the stamp file in a venv does not
# hold the sha256 of its requirements file plus the python version; a venv whose python no
# longer runs is made anew. Concurrent calls wait for each other (flock, one lock per venv).
# Cold installs measured (fresh venv, PIP_NO_CACHE_DIR=1, Python 3.11, 2 cores), time / du -sh:
# aws 14 s / 194 MB, tccli 74 s / 665 MB, oci 128 s / 807 MB, az 138 s / 733 MB (~2.4 GB in all).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REQDIR="$ROOT/tests/oracle/cli-requirements"
BASE="${BYOK_CLI_VENV_DIR:-$HOME/.cache/byok-wizard}"
PYTHON="${PYTHON:-python3}"
ALL=(aws az oci tccli)

if [ $# -gt 0 ]; then NAMES=("$@"); else NAMES=("${ALL[@]}"); fi

# The module each CLI's venv must import once installed (a cheap proof the install is whole;
# running `az --version` would try the network for its update check).
probe() {
  case "$1" in
    aws) echo 'import awscli.clidriver' ;;
    az) echo 'import azure.cli.core, azure.cli.command_modules.keyvault' ;;
    oci) echo 'import oci_cli' ;;
    tccli) echo 'import tccli.main' ;;
    *) return 1 ;;
  esac
}

mkdir -p "$BASE"
pyver=$("$PYTHON" -c 'import sys; print(sys.version)')

for name in "${NAMES[@]}"; do
  probe "$name" >/dev/null || { echo "vendor-cli-venvs: unknown CLI '$name' (known: ${ALL[*]})" >&2; exit 2; }
  REQ="$REQDIR/$name.txt"
  VENV="$BASE/venv-cli-$name"
  STAMP="$VENV/.requirements.sha256"
  [ -f "$REQ" ] || { echo "vendor-cli-venvs: $REQ is missing" >&2; exit 1; }
  want=$( { cat "$REQ"; echo "$pyver"; } | sha256sum | cut -d' ' -f1)
  (
    exec 9>"$VENV.lock"
    if command -v flock >/dev/null 2>&1; then flock 9; fi
    if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
      echo "vendor-cli-venvs: $VENV is broken; making it anew" >&2
      rm -rf "$VENV"
    fi
    if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -x "$VENV/bin/python" ]; then
      echo "vendor-cli-venvs: $VENV is up to date" >&2
    else
      start=$(date +%s)
      if [ ! -x "$VENV/bin/python" ]; then
        echo "vendor-cli-venvs: creating $VENV" >&2
        "$PYTHON" -m venv "$VENV" >&2
      fi
      rm -f "$STAMP"
      echo "vendor-cli-venvs: pip install -r $REQ" >&2
      "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$REQ" >&2
      "$VENV/bin/python" -c "$(probe "$name")" >&2
      echo "$want" >"$STAMP"
      echo "vendor-cli-venvs: $name installed in $(( $(date +%s) - start ))s; $(du -sh "$VENV" | cut -f1)" >&2
    fi
  )
done

for name in "${NAMES[@]}"; do
  echo "$BASE/venv-cli-$name/bin"
done
