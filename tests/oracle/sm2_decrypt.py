#!/usr/bin/env python3
"""Independent SM2 decryption for tests/interop_sm2.rs, with the `gmssl` Python package (py-gmssl).

usage: sm2_decrypt.py PRIVATE_KEY.pem CIPHERTEXT.der > plaintext
       sm2_decrypt.py --to-raw CIPHERTEXT.der > raw   (04 || x || y || C3 || C2: Bouncy Castle's raw form,
                                                      the classic mistake the practice KMS must catch)

CIPHERTEXT is GM/T 0009 DER: SEQUENCE { INTEGER x1, INTEGER y1, OCTET STRING C3, OCTET STRING C2 }.
The DER is parsed here by hand (strictly: definite lengths, nothing trailing), turned into gmssl's raw
C1 || C3 || C2 (C1 = x1 || y1, 64 bytes without the 0x04 prefix; gmssl mode=1), and decrypted by gmssl.
gmssl's decrypt does not check C3, so this script recomputes C3 = SM3(x2 || M || y2) with gmssl's own
point multiplication and SM3 and fails if it differs. The private scalar and public point are read
from `openssl pkey -text` (key extraction only; the decryption is gmssl's).
Exit status 1 with a message on stderr on any failure.
"""
import subprocess
import sys

from gmssl import sm2, sm3, func


def fail(msg):
    sys.stderr.write(f"sm2_decrypt.py: {msg}\n")
    sys.exit(1)


def der_tlv(buf, pos, want_tag):
    if pos >= len(buf) or buf[pos] != want_tag:
        fail(f"expected tag 0x{want_tag:02x} at {pos}")
    pos += 1
    first = buf[pos]
    pos += 1
    if first < 0x80:
        length = first
    else:
        n = first & 0x7F
        if n == 0 or n > 4:
            fail("bad DER length")
        length = int.from_bytes(buf[pos:pos + n], "big")
        if length < 0x80:
            fail("non-minimal DER length")
        pos += n
    if pos + length > len(buf):
        fail("DER value runs past the end")
    return buf[pos:pos + length], pos + length


def parse_ciphertext(der):
    body, end = der_tlv(der, 0, 0x30)
    if end != len(der):
        fail("trailing bytes after the SEQUENCE")
    x, p = der_tlv(body, 0, 0x02)
    y, p = der_tlv(body, p, 0x02)
    c3, p = der_tlv(body, p, 0x04)
    c2, p = der_tlv(body, p, 0x04)
    if p != len(body):
        fail("extra fields in the SEQUENCE")
    if len(c3) != 32:
        fail(f"C3 is {len(c3)} bytes, SM3 gives 32")
    xi, yi = int.from_bytes(x, "big"), int.from_bytes(y, "big")
    return xi.to_bytes(32, "big") + yi.to_bytes(32, "big"), c3, c2


def key_hex(pem_path):
    txt = subprocess.run(["openssl", "pkey", "-in", pem_path, "-noout", "-text"],
                         capture_output=True, check=True, text=True).stdout

    def block(label):
        lines = txt.split(label, 1)[1].split("\n")[1:]
        out = ""
        for line in lines:
            if not line.startswith("    "):
                break
            out += line.strip().replace(":", "")
        return out

    priv = block("priv:")[-64:].rjust(64, "0")
    pub = block("pub:")
    if not (pub.startswith("04") and len(pub) == 130):
        fail("unexpected public key encoding in openssl's output")
    return priv, pub[2:]


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--to-raw":
        c1, c3, c2 = parse_ciphertext(open(sys.argv[2], "rb").read())
        sys.stdout.buffer.write(b"\x04" + c1 + c3 + c2)
        return
    if len(sys.argv) != 3:
        fail("usage: sm2_decrypt.py PRIVATE_KEY.pem CIPHERTEXT.der")
    priv, pub = key_hex(sys.argv[1])
    c1, c3, c2 = parse_ciphertext(open(sys.argv[2], "rb").read())
    crypt = sm2.CryptSM2(private_key=priv, public_key=pub, mode=1)
    crypt.public_key = pub  # the constructor's lstrip("04") can damage a key (py-gmssl #66)
    m = crypt.decrypt(c1 + c3 + c2)
    if m is None:
        fail("gmssl could not decrypt")
    xy = crypt._kg(int(priv, 16), c1.hex())
    x2, y2 = bytes.fromhex(xy[:64]), bytes.fromhex(xy[64:])
    want = bytes.fromhex(sm3.sm3_hash(func.bytes_to_list(x2 + m + y2)))
    if want != c3:
        fail("C3 does not match SM3(x2 || M || y2): the ciphertext is corrupt or not SM2 with SM3")
    sys.stdout.buffer.write(m)


main()
