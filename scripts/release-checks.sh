#!/usr/bin/env bash
# Release-time check that every cloud CLI line byok-wizard prints gets past the vendor CLI's
# argument parsing (tests/oracle/cli_lines.py: offline under `unshare -n`, empty HOME, no
# credentials; for aws also its --debug parameters against the bundle). Needs root (unshare -n)
# and PyPI the first time (scripts/vendor-cli-venvs.sh installs the CLIs into cached venvs).
#
#   BYOK_WIZARD_BIN=/path/to/byok-wizard scripts/release-checks.sh
#
# BYOK_WIZARD_BIN   the binary to check; default ${CARGO_TARGET_DIR:-$HOME/.cache/byok-wizard/target}
#                   /release/byok-wizard. This script does not build it.
# BYOK_RELEASE_WORK where bundles and logs go (default: a new temporary folder, kept, printed)
#
# Steps:
#  1. scripts/vendor-cli-venvs.sh (aws, az, oci, tccli).
#  2. Bundles from the practice KMS for every cloud × every wrapping algorithm in `providers` ×
#     (the first symmetric, RSA and EC key spec of the catalog that offers that algorithm), each
#     with and without --key-id, and with and without --material-expires where the cloud has it
#     (not gcp, oci). The `Next:` line wrap prints must be the README's command line.
#  3. cli_lines.py over all of them (lines for aliyun, gcloud and Huawei's curl are reported as
#     not checkable offline).
#  4. Mutation check: for each CLI, a copy of one bundle whose README line has one option
#     misspelled (an x appended, so no prefix match can rescue it) must come out PARSE-ERROR —
#     the check can fail.
# Exit 0 only when every step passed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN="${BYOK_WIZARD_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/byok-wizard/target}/release/byok-wizard}"
PYTHON="${PYTHON:-python3}"
[ -x "$BIN" ] || { echo "release-checks: no binary at $BIN (cargo build --release, or set BYOK_WIZARD_BIN)" >&2; exit 2; }
WORK="${BYOK_RELEASE_WORK:-$(mktemp -d -t byok-release-checks.XXXXXX)}"
mkdir -p "$WORK"
echo "release-checks: binary $BIN; work folder $WORK" >&2

# 1. the CLIs
BIN_DIRS=$("$ROOT/scripts/vendor-cli-venvs.sh" | paste -sd:)
export BYOK_CLI_BIN_DIRS="$BIN_DIRS"

# 2. the bundles
rm -rf "$WORK/practice" "$WORK/bundles" "$WORK/mutants"
BYOK_WIZARD_BIN="$BIN" "$PYTHON" - "$WORK" "$ROOT/tests/data" <<'EOF'
import csv, os, re, subprocess, sys

B = os.environ["BYOK_WIZARD_BIN"]
WORK, DATA = sys.argv[1], sys.argv[2]
# `providers`: "<cloud> — …" heads a cloud; "  SPEC[ = NAME]  ALG (default), ALG, …" an offer.
out = subprocess.run([B, "providers"], capture_output=True, text=True, check=True).stdout
catalog, prov = {}, None
for line in out.splitlines():
    m = re.match(r"^(\w+) — ", line)
    if m:
        prov = m.group(1)
        catalog[prov] = []
        continue
    if line.startswith("Refused on purpose"):
        prov = None
        continue
    m = re.match(r"^  (\S+)(?: = \S+)?\s+(\S.*)$", line)
    if prov and m:
        catalog[prov].append((m.group(1), [a.strip().split(" ")[0] for a in m.group(2).split(",")]))
if sorted(catalog) != sorted(["huawei", "alibaba", "aws", "gcp", "azure", "tencent", "oci"]):
    sys.exit(f"release-checks: unexpected clouds in `providers`: {sorted(catalog)}")

def klass(spec):
    return "rsa" if spec.startswith("RSA_") else "ec" if spec.startswith("EC_") else "sym"

FIXTURE = {
    "AES_128": "sym16.bin", "AES_192": "sym24.bin", "AES_256": "sym32.bin", "SM4": "sym16.bin",
    "HMAC_160": "hmac20.bin", "HMAC_224": "hmac28.bin", "HMAC_256": "hmac32.bin", "HMAC_384": "hmac48.bin", "HMAC_512": "hmac64.bin",
    "RSA_2048": "mat_rsa2048.pk8.der", "RSA_3072": "mat_rsa3072.pk8.der", "RSA_4096": "mat_rsa4096.pk8.der",
    "EC_P256": "mat_ec_p256.pk8.der", "EC_P384": "mat_ec_p384.pk8.der", "EC_P521": "mat_ec_p521.pk8.der",
    "EC_P256K": "mat_ec_secp256k1.pk8.der", "ED25519": "mat_ed25519.pk8.der",
}  # anything else (EC_SM2): --generate
NO_EXPIRES = {"gcp", "oci"}

def readme_lines(d):
    lines = open(os.path.join(d, "README.txt"), encoding="utf-8").read().splitlines()
    i = lines.index("Command line:")
    return [l.strip() for l in lines[i + 1:] if l.strip()][:1]

written, failures = 0, []
for prov, specs in catalog.items():
    algs = []
    for _, a in specs:
        algs += [x for x in a if x not in algs]
    for alg in algs:
        for k in ("sym", "rsa", "ec"):
            spec = next((s for s, a in specs if klass(s) == k and alg in a), None)
            if spec is None:
                continue
            pdir = os.path.join(WORK, "practice", f"{prov}-{spec}-{alg}")
            r = subprocess.run([B, "practice", "new", "--provider", prov, "--key-spec", spec,
                                "--algorithm", alg, "--count", "1", "--out", pdir],
                               capture_output=True, text=True)
            if r.returncode:
                failures.append(f"practice new {prov} {spec} {alg}: {r.stderr.strip()}")
                continue
            row = next(csv.DictReader(open(os.path.join(pdir, "plan.csv"))))
            # Azure: --key-id is the new key's name (the plan has none), and the KEK's host picks
            # --vault-name or --hsm-name, so both targets are written.
            keks = [("", row.get("kek_id"))]
            if prov == "azure":
                row["key_id"] = "byok-imported-key"
                keks.append(("-mhsm", re.sub(r"^https://[^./]+\.vault\.azure\.net/",
                                             "https://practice.managedhsm.azure.net/", row["kek_id"])))
            for (target, kek), with_id, expires in (
                (t, i, e) for t in keks for i in (True, False)
                for e in ((False,) if prov in NO_EXPIRES else (False, True))):
                row["kek_id"] = kek
                name = f"{prov}-{spec}-{alg}{target}-{'id' if with_id else 'noid'}-{'exp' if expires else 'noexp'}"
                out_dir = os.path.join(WORK, "bundles", name)
                argv = [B, "wrap", "--provider", prov, "--key-spec", spec, "--algorithm", alg,
                        "--wrapping-key", os.path.join(pdir, row["wrapping_key"]), "--out", out_dir]
                if row.get("import_token"):
                    argv += ["--import-token", os.path.join(pdir, row["import_token"])]
                if row.get("kek_id"):
                    argv += ["--kek-id", row["kek_id"]]
                if with_id and row.get("key_id"):
                    argv += ["--key-id", row["key_id"]]
                if expires:
                    argv += ["--material-expires", "2027-01-15T00:00:00Z"]
                argv += ["--material", os.path.join(DATA, FIXTURE[spec])] if spec in FIXTURE else ["--generate"]
                r = subprocess.run(argv, capture_output=True, text=True)
                if r.returncode:
                    failures.append(f"wrap {name}: {r.stderr.strip()}")
                    continue
                written += 1
                nxt = [l[len("Next: "):].strip() for l in r.stdout.splitlines() if l.startswith("Next: ")]
                if nxt != readme_lines(out_dir):
                    failures.append(f"{name}: wrap's Next: line {nxt} is not README.txt's command line {readme_lines(out_dir)}")
            if prov == "aws" and k == "sym" and row.get("key_id"):
                # AWS rotation options (symmetric keys): ImportType, KeyMaterialDescription,
                # KeyMaterialId, and the Region on the line.
                for t, extra in (("new", []), ("existing", ["--material-id", "0123456789abcdef" * 4])):
                    name = f"{prov}-{spec}-{alg}-rotation-{t}"
                    out_dir = os.path.join(WORK, "bundles", name)
                    argv = [B, "wrap", "--provider", prov, "--key-spec", spec, "--algorithm", alg,
                            "--wrapping-key", os.path.join(pdir, row["wrapping_key"]),
                            "--import-token", os.path.join(pdir, row["import_token"]),
                            "--key-id", row["key_id"], "--import-type", t,
                            "--material-description", "rotation 2026-11", "--region", "eu-west-1",
                            "--material", os.path.join(DATA, FIXTURE[spec]), "--out", out_dir] + extra
                    r = subprocess.run(argv, capture_output=True, text=True)
                    if r.returncode:
                        failures.append(f"wrap {name}: {r.stderr.strip()}")
                        continue
                    written += 1
print(f"release-checks: {written} bundles written", file=sys.stderr)
for f in failures:
    print(f"release-checks: FAILED {f}", file=sys.stderr)
sys.exit(1 if failures else 0)
EOF

status=0

# 3. the lines
echo "release-checks: cli_lines.py over $(ls "$WORK/bundles" | wc -l) bundles (full report: $WORK/cli_lines.log)" >&2
if ! "$PYTHON" "$ROOT/tests/oracle/cli_lines.py" --quiet --log "$WORK/cli_lines.log" "$WORK"/bundles/* >&2; then
  echo "release-checks: FAILED cli_lines.py (see above)" >&2
  status=1
fi

# 4. mutation: one misspelt option per CLI must be caught
mkdir -p "$WORK/mutants"
for cli in aws az oci tccli; do
  src=
  for f in "$WORK"/bundles/*/README.txt; do
    line=$(sed -n '/^Command line:$/{n;p;q}' "$f")
    if [[ $line == "  $cli "* ]]; then src=$(dirname "$f"); break; fi
  done
  if [ -z "$src" ]; then echo "release-checks: FAILED mutation: no $cli bundle" >&2; status=1; continue; fi
  dst="$WORK/mutants/$cli-$(basename "$src")"
  cp -r "$src" "$dst"
  # Append an x to the last long option of the line (the first may be a positional-looking
  # subcommand flag): `--valid-to` → `--valid-tox`.
  opt=$("$PYTHON" - "$dst/README.txt" <<'EOF'
import re, sys
p = sys.argv[1]
lines = open(p, encoding="utf-8").read().split("\n")
i = lines.index("Command line:") + 1
opts = list(re.finditer(r"(?<=\s)--[A-Za-z][A-Za-z0-9-]*(?=\s)", lines[i]))
m = opts[-1]
lines[i] = lines[i][: m.end()] + "x" + lines[i][m.end():]
open(p, "w", encoding="utf-8").write("\n".join(lines))
print(m.group(0))
EOF
)
  set +e
  out=$("$PYTHON" "$ROOT/tests/oracle/cli_lines.py" "$dst" 2>&1)
  rc=$?
  set -e
  echo "$out" >"$WORK/mutants/$cli.log"
  verdict=$(echo "$out" | head -n1 | cut -d' ' -f1)
  decisive=$(echo "$out" | grep -m1 'decisive:' | sed 's/^ *decisive: //')
  if [ $rc -eq 1 ] && [ "$verdict" = PARSE-ERROR ]; then
    echo "release-checks: mutation $cli ${opt}x caught: $decisive" >&2
  else
    echo "release-checks: FAILED mutation $cli ${opt}x not caught (exit $rc, $verdict): $decisive" >&2
    status=1
  fi
done

if [ $status -eq 0 ]; then echo "release-checks: all passed ($WORK)" >&2; else echo "release-checks: FAILED ($WORK)" >&2; fi
exit $status
