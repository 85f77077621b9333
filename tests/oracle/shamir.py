#!/usr/bin/env python3
"""Independent Shamir recombination for byok-wizard key components (test oracle).

Usage: shamir.py COMPONENT_FILE...  -> prints the recovered key as hex.

Reads the `index:` and `value:` lines of each component file and recovers the secret byte by
byte by Lagrange interpolation at x = 0 in GF(2^8) with the AES polynomial x^8+x^4+x^3+x+1.
Unlike the Rust code (shift-and-add multiplication, inversion by a^254), this uses log/antilog
tables over the generator 0x03, so the two share no arithmetic. XOR components (scheme `xor N`)
are XORed.
"""
import sys

EXP = [0] * 512
LOG = [0] * 256
x = 1
for i in range(255):
    EXP[i] = x
    LOG[x] = i
    # multiply by the generator 0x03 = x + 1: x*2 xor x, reduced by 0x11B
    x2 = x << 1
    if x2 & 0x100:
        x2 ^= 0x11B
    x = x2 ^ x
for i in range(255, 512):
    EXP[i] = EXP[i - 255]


def mul(a, b):
    if a == 0 or b == 0:
        return 0
    return EXP[LOG[a] + LOG[b]]


def div(a, b):
    if a == 0:
        return 0
    return EXP[(LOG[a] - LOG[b]) % 255]


def read(path):
    fields = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if ":" in line:
                k, v = line.split(":", 1)
                fields[k.strip()] = v.strip()
    return fields


def main():
    comps = [read(p) for p in sys.argv[1:]]
    scheme = comps[0]["scheme"]
    shares = [(int(c["index"]), bytes.fromhex(c["value"].replace(" ", ""))) for c in comps]
    n = len(shares[0][1])
    if scheme.startswith("xor"):
        out = bytearray(n)
        for _, v in shares:
            out = bytearray(a ^ b for a, b in zip(out, v))
    else:
        out = bytearray(n)
        for k in range(n):
            acc = 0
            for i, (xi, yi) in enumerate(shares):
                w = 1
                for j, (xj, _) in enumerate(shares):
                    if i != j:
                        w = mul(w, div(xj, xj ^ xi))
                acc ^= mul(yi[k], w)
            out[k] = acc
    print(out.hex())


main()
