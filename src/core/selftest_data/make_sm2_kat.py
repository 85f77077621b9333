#!/usr/bin/env python3
"""Make `sm2pke.der`, the SM2PKE known answer of `core::selftest`, with an implementation that is not
ours: the Python `gmssl` package (py-gmssl 3.2.2, `pip install gmssl==3.2.2`).

usage (from this folder):  python3 make_sm2_kat.py [test_sm2.spki.pem] [sm2pke.der]

SM2 public-key encryption, GB/T 32918.4-2016 §6.1 with SM3 (steps A1-A8): C1 = [k]G, (x2, y2) = [k]PB,
t = KDF(x2 ‖ y2, klen), C2 = M ⊕ t, C3 = SM3(x2 ‖ M ‖ y2). The random k of step A1 is fixed here
(K_HEX below) by replacing gmssl's `func.random_hex`, the only randomness its `CryptSM2.encrypt`
draws. gmssl returns raw bytes; with mode=1 they are C1 ‖ C3 ‖ C2, C1 being x1 ‖ y1 (64 bytes, no
0x04 prefix). This script re-encodes them as the GM/T 0009-2012 DER structure the wizard emits:
    SEQUENCE { XCoordinate INTEGER, YCoordinate INTEGER, HASH OCTET STRING (C3), CipherText OCTET STRING (C2) }
(X.690 DER: minimal two's-complement INTEGERs, definite lengths).

If `test_sm2.pk8.pem` sits beside the public key, the result is also decrypted with
`openssl pkeyutl -decrypt` (OpenSSL 3 takes exactly this DER for SM2 and checks C3), and the script
fails unless that gives the message back.
"""
import base64
import os
import subprocess
import sys

from gmssl import func, sm2

# The ephemeral scalar k of step A1 (from `openssl rand -hex 32`; 0 < k < n, checked below).
K_HEX = "c8d1b38163f1acb27de32dcfcb04d7259c5ff827622509a56278f3fe6a03b204"
# The message (36 bytes, so the KDF runs two SM3 blocks and truncates the second).
MESSAGE = b"byok-wizard SM2PKE self-test message"

# GB/T 32918.5-2017 curve parameters, as gmssl has them.
P = int(sm2.default_ecc_table["p"], 16)
A = int(sm2.default_ecc_table["a"], 16)
B = int(sm2.default_ecc_table["b"], 16)
N = int(sm2.default_ecc_table["n"], 16)

# SubjectPublicKeyInfo { id-ecPublicKey (1.2.840.10045.2.1), namedCurve SM2 (1.2.156.10197.1.301) }
# with a 65-byte uncompressed point: everything before the point is this fixed header.
SPKI_HEADER = bytes.fromhex("3059301306072a8648ce3d020106082a811ccf5501822d034200")


def fail(msg):
    sys.stderr.write(f"make_sm2_kat.py: {msg}\n")
    sys.exit(1)


def pem_body(path, label):
    lines = open(path).read().strip().splitlines()
    if lines[0] != f"-----BEGIN {label}-----" or lines[-1] != f"-----END {label}-----":
        fail(f"{path}: not a PEM {label}")
    return base64.b64decode("".join(lines[1:-1]))


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der_tlv(tag, value):
    return bytes([tag]) + der_len(len(value)) + value


def der_uint(v):
    b = v.to_bytes(max(1, (v.bit_length() + 7) // 8), "big")
    if b[0] & 0x80:
        b = b"\x00" + b
    return der_tlv(0x02, b)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    spki_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "test_sm2.spki.pem")
    out_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "sm2pke.der")

    spki = pem_body(spki_path, "PUBLIC KEY")
    if len(spki) != len(SPKI_HEADER) + 65 or not spki.startswith(SPKI_HEADER) or spki[26] != 0x04:
        fail("not an SM2 SubjectPublicKeyInfo with an uncompressed point")
    xb, yb = spki[27:59], spki[59:91]
    x, y = int.from_bytes(xb, "big"), int.from_bytes(yb, "big")
    if not (x < P and y < P and (y * y - (x * x * x + A * x + B)) % P == 0):
        fail("the public point is not on the SM2 curve")
    k = int(K_HEX, 16)
    if not (len(K_HEX) == 64 and 0 < k < N):
        fail("k must be 32 bytes with 0 < k < n")

    drawn = []

    def fixed_k(n):
        drawn.append(n)
        return K_HEX

    func.random_hex = fixed_k  # gmssl's CryptSM2.encrypt draws k as func.random_hex(64)
    pub_hex = (xb + yb).hex()
    crypt = sm2.CryptSM2(private_key="", public_key=pub_hex, mode=1)
    crypt.public_key = pub_hex  # the constructor's lstrip("04") can damage a key (py-gmssl #66)
    raw = crypt.encrypt(MESSAGE)
    if raw is None:
        fail("gmssl refused to encrypt (t was all zero)")
    if drawn != [64]:
        fail(f"gmssl drew its randomness differently than expected: {drawn}")
    if len(raw) != 64 + 32 + len(MESSAGE):
        fail(f"gmssl gave {len(raw)} bytes")
    c1, c3, c2 = raw[:64], raw[64:96], raw[96:]
    x1, y1 = int.from_bytes(c1[:32], "big"), int.from_bytes(c1[32:], "big")
    if crypt._kg(k, sm2.default_ecc_table["g"]) != c1.hex():
        fail("C1 is not [k]G")

    der = der_tlv(
        0x30, der_uint(x1) + der_uint(y1) + der_tlv(0x04, c3) + der_tlv(0x04, c2)
    )
    with open(out_path, "wb") as f:
        f.write(der)
    print(f"k  = {K_HEX}")
    print(f"x1 = {c1[:32].hex()}")
    print(f"y1 = {c1[32:].hex()}")
    print(f"C3 = {c3.hex()}")
    print(f"C2 = {c2.hex()}")
    print(f"wrote {out_path} ({len(der)} bytes)")

    sk_path = os.path.join(os.path.dirname(os.path.abspath(spki_path)), "test_sm2.pk8.pem")
    if os.path.exists(sk_path):
        pt = subprocess.run(
            ["openssl", "pkeyutl", "-decrypt", "-inkey", sk_path, "-in", out_path],
            capture_output=True,
            check=True,
        ).stdout
        if pt != MESSAGE:
            fail(f"openssl decrypted {out_path} to {pt!r}")
        print("openssl pkeyutl -decrypt gives the message back")


main()
