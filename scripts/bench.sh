#!/usr/bin/env bash
# Time byok-wizard against the vendor's own OpenSSL recipe, side by side, with hyperfine.
#
#   (a) Huawei AES_256:  byok-wizard wrap --generate   vs  openssl rand + pkeyutl (OAEP-SHA256) + base64
#   (b) Huawei RSA_4096: byok-wizard wrap --generate   vs  genrsa 4096 + pkcs8 + rand + pkeyutl + KWP
#   (c) batch, 200 Huawei AES_256 rows with given material  vs  the recipe (a, minus rand) in a loop of 200
#   (d) batch, 20 Huawei RSA_4096 rows generated here        vs  the recipe (b) in a loop of 20
#
# Prints the ratio ours/recipe of the MEDIAN wall times beside the targets (AES <= 0.5, RSA_4096 <= 0.7,
# batch AES <= 0.2, batch RSA_4096 <= 0.5).
#
# Environment:
#   BYOK_BIN            binary to time (default: ${CARGO_TARGET_DIR:-target}/release/byok-wizard, built/refreshed
#                       with cargo build --release; a given BYOK_BIN is used as is)
#   BENCH_RUNS_AES      hyperfine runs for (a)  (default 50)
#   BENCH_RUNS_RSA      hyperfine runs for (b)  (default 40; RSA key generation is highly variable, keep >= 30)
#   BENCH_RUNS_BATCH    hyperfine runs for (c) and (d) (default 5)
#   BENCH_RESULTS_DIR   where the hyperfine JSON exports go (default: ${CARGO_TARGET_DIR:-target}/bench)
#   BENCH_STRICT=1      exit 1 when a ratio misses its target
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
target_dir="${CARGO_TARGET_DIR:-target}"
bin="${BYOK_BIN:-$target_dir/release/byok-wizard}"
runs_aes="${BENCH_RUNS_AES:-50}"
runs_rsa="${BENCH_RUNS_RSA:-40}"
runs_batch="${BENCH_RUNS_BATCH:-5}"
results="${BENCH_RESULTS_DIR:-$target_dir/bench}"

die() { echo "bench.sh: $*" >&2; exit 1; }

command -v hyperfine >/dev/null 2>&1 ||
  die "hyperfine not found; install it: apt-get install -y hyperfine  (or: cargo install hyperfine, brew install hyperfine)"
command -v openssl >/dev/null 2>&1 || die "openssl not found; install the OpenSSL 3 CLI: apt-get install -y openssl"
command -v xxd >/dev/null 2>&1 || die "xxd not found (used by the vendor recipe); install it: apt-get install -y xxd"
command -v python3 >/dev/null 2>&1 || die "python3 not found (used to read hyperfine's JSON); install it: apt-get install -y python3"
case "$(openssl version)" in
  "OpenSSL 3"*) ;;
  *) die "the vendor recipe needs OpenSSL 3.x (pkeyutl rsa_oaep_md, -id-aes256-wrap-pad); found: $(openssl version)" ;;
esac
if [ "$runs_rsa" -lt 30 ]; then
  echo "bench.sh: warning: BENCH_RUNS_RSA=$runs_rsa < 30; the RSA_4096 median will be noisy" >&2
fi

if [ -n "${BYOK_BIN:-}" ]; then
  [ -x "$bin" ] || die "BYOK_BIN=$BYOK_BIN is not an executable file"
else
  # Build when missing, and rebuild when stale (a no-op when the release binary is up to date).
  echo "bench.sh: cargo build --release (target dir: $target_dir)" >&2
  command -v cargo >/dev/null 2>&1 || [ -x "$bin" ] || die "cargo not found and $bin missing; install Rust (https://rustup.rs)"
  if command -v cargo >/dev/null 2>&1; then cargo build --release --bin byok-wizard; fi
  [ -x "$bin" ] || die "cargo build --release did not produce $bin"
fi
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

work="$(mktemp -d "${TMPDIR:-/tmp}/byok-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$results" "$work/recipe-a" "$work/recipe-b"
results="$(cd "$results" && pwd)"

# A fixed RSA-2048 wrapping key (what Huawei issues), made once for all runs.
openssl genrsa -out "$work/wk.key.pem" 2048 2>/dev/null
openssl pkey -in "$work/wk.key.pem" -pubout -out "$work/wk.pem"

ours_a="'$bin' wrap --provider huawei --key-spec AES_256 --wrapping-key '$work/wk.pem' --generate --out '$work/ours-a' --force"
recipe_a="cd '$work/recipe-a' && openssl rand -out k.bin 32 && openssl pkeyutl -encrypt -pubin -inkey '$work/wk.pem' -in k.bin -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -out e.bin && openssl enc -base64 -A -in e.bin -out e.b64"

ours_b="'$bin' wrap --provider huawei --key-spec RSA_4096 --wrapping-key '$work/wk.pem' --generate --out '$work/ours-b' --force"
recipe_b="cd '$work/recipe-b' && openssl genrsa -out p.pem 4096 2>/dev/null && openssl pkcs8 -topk8 -nocrypt -in p.pem -outform DER -out p.der && openssl rand -out t.hex -hex 32 && xxd -r -ps t.hex > t.bin && openssl pkeyutl -encrypt -pubin -inkey '$work/wk.pem' -in t.bin -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -out e.bin && openssl enc -id-aes256-wrap-pad -K \$(cat t.hex) -iv A65959A6 -in p.der -out out.der"

# Every command must work once before it is timed (hyperfine would time a failing command too).
for c in "$ours_a" "$recipe_a" "$ours_b" "$recipe_b"; do
  if ! out="$(sh -c "$c" 2>&1)"; then
    die "this command fails, fix it before benchmarking:
  $c
$out"
  fi
done
[ -s "$work/ours-a/manifest.json" ] || die "byok-wizard wrote no $work/ours-a/manifest.json"
[ -s "$work/ours-b/manifest.json" ] || die "byok-wizard wrote no $work/ours-b/manifest.json"
[ -s "$work/recipe-a/e.b64" ] && [ -s "$work/recipe-b/out.der" ] || die "the vendor recipe wrote no output"

echo "== (a) Huawei AES_256: generate + wrap ($runs_aes runs) =="
hyperfine --warmup 3 --runs "$runs_aes" --export-json "$results/huawei-aes256.json" \
  -n "byok-wizard" "$ours_a" -n "openssl recipe" "$recipe_a"

echo
echo "== (b) Huawei RSA_4096: generate + wrap ($runs_rsa runs) =="
hyperfine --warmup 3 --runs "$runs_rsa" --export-json "$results/huawei-rsa4096.json" \
  -n "byok-wizard" "$ours_b" -n "openssl recipe" "$recipe_b"

# (c) and (d): a migration. 200 keys of given material (the recipe has them too), one plan.
mkdir -p "$work/keys" "$work/recipe-c" "$work/recipe-d"
{
  echo "name,provider,key_spec,wrapping_key,material"
  for i in $(seq -w 1 200); do
    head -c 32 /dev/urandom > "$work/keys/k$i.bin"
    echo "k$i,huawei,AES_256,$work/wk.pem,keys/k$i.bin"
  done
} > "$work/plan-aes.csv"
{
  echo "name,provider,key_spec,wrapping_key,generate"
  for i in $(seq -w 1 20); do echo "r$i,huawei,RSA_4096,$work/wk.pem,yes"; done
} > "$work/plan-rsa.csv"
ours_c="'$bin' batch '$work/plan-aes.csv' --out '$work/ours-c'"
recipe_c="cd '$work/recipe-c' && for k in '$work'/keys/*.bin; do n=\$(basename \$k .bin); openssl pkeyutl -encrypt -pubin -inkey '$work/wk.pem' -in \$k -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -out \$n.e && openssl enc -base64 -A -in \$n.e -out \$n.b64 || exit 1; done"
ours_d="'$bin' batch '$work/plan-rsa.csv' --out '$work/ours-d'"
recipe_d="for i in \$(seq 1 20); do $recipe_b || exit 1; done"
for c in "$ours_c" "$recipe_c"; do
  sh -c "$c" >/dev/null 2>&1 || die "this command fails, fix it before benchmarking: $c"
done
[ "$(grep -c ',wrapped,' "$work/ours-c/summary.csv")" = 200 ] || die "the AES batch did not wrap 200 rows"

echo
echo "== (c) batch: 200 Huawei AES_256 rows, given material ($runs_batch runs) =="
hyperfine --warmup 1 --runs "$runs_batch" --export-json "$results/batch-aes256.json" \
  --prepare "rm -rf '$work/ours-c' '$work/recipe-c'; mkdir -p '$work/recipe-c'" \
  -n "byok-wizard batch" "$ours_c" -n "openssl recipe loop" "$recipe_c"

echo
echo "== (d) batch: 20 Huawei RSA_4096 rows, generated ($runs_batch runs) =="
hyperfine --runs "$runs_batch" --export-json "$results/batch-rsa4096.json" \
  --prepare "rm -rf '$work/ours-d'" \
  -n "byok-wizard batch" "$ours_d" -n "openssl recipe loop" "$recipe_d"

echo
python3 - "$results/huawei-aes256.json" "$results/huawei-rsa4096.json" "$results/batch-aes256.json" "$results/batch-rsa4096.json" <<'PY'
import json, os, sys

rows = [("Huawei AES_256", sys.argv[1], 0.5), ("Huawei RSA_4096", sys.argv[2], 0.7),
        ("batch 200 AES", sys.argv[3], 0.2), ("batch 20 RSA4096", sys.argv[4], 0.5)]
missed = 0
print(f"{'case':<17} {'ours median':>12} {'recipe median':>14} {'ratio':>7} {'target':>8}  verdict")
print("-" * 70)
for name, path, target in rows:
    res = json.load(open(path))["results"]
    ours, recipe = (r["median"] for r in res)  # same order as given to hyperfine
    ratio = ours / recipe
    ok = ratio <= target
    missed += not ok
    print(f"{name:<17} {ours * 1000:>10.1f}ms {recipe * 1000:>12.1f}ms {ratio:>7.2f} {'<= ' + str(target):>8}  {'OK' if ok else 'MISSED'}")
print(f"\nhyperfine JSON: {os.path.dirname(sys.argv[1])}")
if missed and os.environ.get("BENCH_STRICT") == "1":
    sys.exit(1)
PY
