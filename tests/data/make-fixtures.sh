#!/usr/bin/env bash
# Regenerates every fixture in this folder with the OpenSSL 3 CLI (and coreutils).
# Run from anywhere:  bash tests/data/make-fixtures.sh
# The outputs are committed; the tests read them, they never regenerate keys.
# Everything here is TEST-ONLY key material: never use any of it for a real key.
set -euo pipefail
cd "$(dirname "$0")"
umask 022

command -v openssl >/dev/null || { echo "openssl CLI missing (apt-get install -y openssl)" >&2; exit 1; }

# ---------------------------------------------------------------- wrapping key pairs (the "KMS" side)
for bits in 2048 3072 4096; do
  openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:$bits -out wrap_rsa$bits.key.pem    # PKCS#8 PEM
  openssl pkey -in wrap_rsa$bits.key.pem -pubout -out wrap_rsa$bits.pub.pem                 # SPKI PEM
  openssl pkey -in wrap_rsa$bits.key.pem -pubout -outform DER -out wrap_rsa$bits.pub.der    # SPKI DER
  openssl base64 -A -in wrap_rsa$bits.pub.der > wrap_rsa$bits.pub.b64                       # base64(DER), one line
  echo >> wrap_rsa$bits.pub.b64                                                             # + trailing newline, as pasted
done
openssl req -x509 -new -key wrap_rsa2048.key.pem -sha256 -days 36500 \
  -subj "/CN=byok-wizard test wrapping key (RSA 2048)" -out wrap_rsa2048.crt.pem

# ---------------------------------------------------------------- passphrases (first line is the passphrase)
printf 'correct horse battery staple 7\n' > material.pass     # for the encrypted PKCS#8 material
printf 'backup passphrase for tests only\n' > backup.pass     # for --backup-passphrase-file

# ---------------------------------------------------------------- RSA key material
# Note: `openssl genpkey -outform DER` (3.0) writes the *traditional* PKCS#1 DER for RSA, not PKCS#8, so
# the key is generated as PEM (PKCS#8) and converted with `pkcs8 -topk8 -nocrypt -outform DER`.
for bits in 2048 3072 4096; do
  openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:$bits -out tmp_rsa$bits.pem
  openssl pkcs8 -topk8 -nocrypt -in tmp_rsa$bits.pem -outform DER -out mat_rsa$bits.pk8.der
  rm -f tmp_rsa$bits.pem
done
openssl pkcs8 -topk8 -nocrypt -inform DER -in mat_rsa2048.pk8.der -out mat_rsa2048.pk8.pem  # PKCS#8 PEM
openssl pkey -inform DER -in mat_rsa2048.pk8.der -traditional -out mat_rsa2048.pkcs1.pem    # "BEGIN RSA PRIVATE KEY"
openssl pkcs8 -topk8 -inform DER -in mat_rsa2048.pk8.der -v2 aes-256-cbc -v2prf hmacWithSHA256 \
  -passout file:material.pass -out mat_rsa2048.enc.pk8.pem                                 # PBES2 encrypted PKCS#8

# ---------------------------------------------------------------- EC key material
for c in P-256:p256 P-384:p384 P-521:p521 secp256k1:secp256k1; do
  curve=${c%%:*}; tag=${c##*:}
  openssl ecparam -name "$curve" -genkey -noout -out mat_ec_$tag.sec1.pem                   # "BEGIN EC PRIVATE KEY"
  openssl pkcs8 -topk8 -nocrypt -in mat_ec_$tag.sec1.pem -outform DER -out mat_ec_$tag.pk8.der
done

# ---------------------------------------------------------------- Ed25519 key material (RFC 8410)
openssl genpkey -algorithm ed25519 -out mat_ed25519.pk8.pem                                  # PKCS#8 v1 PEM
openssl pkey -in mat_ed25519.pk8.pem -outform DER -out mat_ed25519.pk8.der                   # 48 bytes

# ---------------------------------------------------------------- symmetric / HMAC material
openssl rand -out sym32.bin 32
od -An -v -tx1 sym32.bin | tr -d ' \n' > sym32.hex; echo >> sym32.hex      # 64 hex chars + newline
openssl base64 -A -in sym32.bin > sym32.b64; echo >> sym32.b64             # 44 base64 chars + newline
openssl rand -out sym16.bin 16
openssl rand -out sym24.bin 24
for n in 20 28 32 48 64; do openssl rand -out hmac$n.bin $n; done

# ---------------------------------------------------------------- import tokens
openssl rand 600 | openssl base64 -A > token.b64; echo >> token.b64       # base64 text (Huawei/Alibaba)
openssl rand -out token.bin 1200                                          # binary (AWS importToken_<id>)

# ---------------------------------------------------------------- self-check
test "$(openssl base64 -d -A -in sym32.b64 | od -An -v -tx1 | tr -d ' \n')" = "$(tr -d '\n' < sym32.hex)"
for f in wrap_rsa2048.crt.pem; do
  cmp <(openssl x509 -in $f -pubkey -noout | openssl pkey -pubin -outform DER) wrap_rsa2048.pub.der
done
# every *.pk8.der is a PKCS#8 PrivateKeyInfo: SEQUENCE { INTEGER 0, SEQUENCE AlgorithmIdentifier, ... }
for f in mat_*.pk8.der; do
  openssl asn1parse -inform DER -in "$f" | sed -n 3p | grep -q 'cons: SEQUENCE' \
    || { echo "$f is not PKCS#8" >&2; exit 1; }
done
echo "fixtures written to $(pwd)"
