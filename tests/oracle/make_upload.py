#!/usr/bin/env python3
"""Independent uploader: build an import upload for the practice KMS, right or with a chosen mistake.

Plays the learner, with tools that share no code with byok-wizard (pyca `cryptography` only). It reads
what `byok-wizard practice new` handed over in a practice folder -- the wrapping PUBLIC key file and the
import token file, in the cloud's own file names -- and NEVER the practice KMS's state (which holds the
wrapping private key). Byte formats: the vendors' BYOK import pages, RFC 8017, RFC 5649; bundle
layout: the manifest.json files[] list (src/core/bundle.rs).

Usage:
  make_upload.py upload --practice DIR --key-spec S --algorithm A --material FILE --out OUT
                        [--mistake M] [--token-from DIR2] [--key-id ID] [--layout manifest|vendor]
  make_upload.py kw-friendly-rsa --out FILE
      writes an RSA-2048 PKCS#8 DER private key whose length is a multiple of 8 bytes, so RFC 3394
      (which cannot pad) can wrap it -- the only way a learner can make the "KW instead of KWP" mistake.

Files read from the practice folder (provider detected from them):
  huawei : get-parameters-for-import.json (import_token, key_id) and wrappingKey_<keyid> (DER SPKI);
           the JSON's public_key must equal the wrappingKey_ file.
  alibaba: publickey_<keyid>.pem (and .bin, must agree) and token_<keyid>.txt (base64 text).
  aws    : wrappingKey_<keyid> (DER SPKI) and importToken_<keyid> (binary).

--material: symmetric specs take the raw key bytes; RSA/EC specs take a PKCS#8 DER private key (used
as given: no check against the key spec, so a wrong curve is uploaded as is).
--token-from DIR2: take the import token (and the key id) from another practice folder; the wrapping
key still comes from --practice.

Mistakes (--mistake, default none); each fails loudly when it does not apply to the offering:
  none          a correct upload
  oaep-sha1     RSA step with OAEP SHA-1 (MGF1 SHA-1) where SHA-256 was issued
  oaep-sha256   RSA step with OAEP SHA-256 where SHA-1 was issued
  pkcs1v15      RSA step with RSAES-PKCS1-v1_5 where OAEP was issued
  kw3394        AES step with RFC 3394 AES key wrap (no padding) where RFC 5649 KWP was issued
  aes-ecb       AES step with AES-256-ECB + PKCS#7 where RFC 5649 KWP was issued
  kwp           AES step with RFC 5649 KWP where AES-256-ECB + PKCS#7 was issued (Alibaba)
  pkcs1-key     the RSA private key converted to PKCS#1 RSAPrivateKey DER before wrapping
  sec1-key      the EC private key converted to SEC1 ECPrivateKey DER before wrapping
  hex-material  the symmetric key's lowercase hex text (no newline) wrapped instead of its bytes
  token-base64  the binary AWS token uploaded as base64 text (a file declared binary / ImportToken.bin)
  no-private-key  Huawei asymmetric: the private key ciphertext file left out
  no-token      the import token left out

--layout manifest (default): manifest.json with provider, key_spec, algorithm, key_id,
wrapping_key_sha256 and files[] {name, role, encoding, sha256}. --layout vendor: only the vendor file
names (EncryptedKeyMaterial.bin, out_rsa_private_key.der / out_ec_private_key.der, ImportToken.b64 or
ImportToken.bin for AWS), no manifest.

Prints one JSON object on stdout: provider, key_id, files, and "check_value" of the material handed in
(AES_256: first 3 bytes of AES-ECB(K, 0^128), hex; private keys: SHA-256 hex of the public key's DER
SubjectPublicKeyInfo; otherwise null). Exit 0 on success, 2 on bad usage/input with a message on stderr.
"""

import argparse
import base64
import binascii
import glob
import hashlib
import json
import os
import sys

try:
    from cryptography.hazmat.primitives import hashes, serialization, padding as sym_padding
    from cryptography.hazmat.primitives.asymmetric import padding, rsa, ec
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.keywrap import aes_key_wrap, aes_key_wrap_with_padding
except ImportError as e:  # pragma: no cover
    sys.stderr.write(
        "make_upload.py: python package 'cryptography' is missing (%s); install it with "
        "'pip install cryptography' or 'apt-get install -y python3-cryptography'\n" % e
    )
    sys.exit(3)


class UsageError(Exception):
    pass


def fail(msg):
    raise UsageError(msg)


SYM = {"AES_256": 32, "ALIYUN_AES_256": 32, "SYMMETRIC_DEFAULT": 32, "SM4": 16, "ALIYUN_SM4": 16,
       "HMAC_224": 28, "HMAC_256": 32, "HMAC_384": 48, "HMAC_512": 64}
ASYM = {"RSA_2048", "RSA_3072", "RSA_4096", "EC_P256", "EC_P384", "EC_P521", "EC_P256K",
        "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1"}
HASHES = {"SHA_256": hashes.SHA256, "SHA_1": hashes.SHA1}


def read(path):
    with open(path, "rb") as f:
        return f.read()


def only(pattern, what):
    found = sorted(glob.glob(pattern))
    if len(found) != 1:
        fail("expected exactly one %s (%s), found %r" % (what, os.path.basename(pattern), found))
    return found[0]


def read_practice(folder):
    """-> (provider, key_id, spki_der, token_raw_bytes). Never opens the state file."""
    if os.path.isfile(os.path.join(folder, "get-parameters-for-import.json")):
        params = json.loads(read(os.path.join(folder, "get-parameters-for-import.json")))
        key_id = params["key_id"]
        spki = read(os.path.join(folder, "wrappingKey_" + key_id))
        if base64.b64decode(params["public_key"], validate=True) != spki:
            fail("huawei practice folder: JSON public_key differs from wrappingKey_%s" % key_id)
        token = base64.b64decode(params["import_token"], validate=True)
        return "huawei", key_id, spki, token
    pems = glob.glob(os.path.join(folder, "publickey_*.pem"))
    if pems:
        pem_path = only(os.path.join(folder, "publickey_*.pem"), "Alibaba public key PEM")
        key_id = os.path.basename(pem_path)[len("publickey_"):-len(".pem")]
        pub = serialization.load_pem_public_key(read(pem_path))
        spki = pub.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        if read(os.path.join(folder, "publickey_%s.bin" % key_id)) != spki:
            fail("alibaba practice folder: publickey_%s.bin differs from the .pem" % key_id)
        token_text = read(os.path.join(folder, "token_%s.txt" % key_id)).strip()
        token = base64.b64decode(token_text, validate=True)
        return "alibaba", key_id, spki, token
    tokens = glob.glob(os.path.join(folder, "importToken_*"))
    if tokens:
        tok_path = only(os.path.join(folder, "importToken_*"), "AWS import token")
        key_id = os.path.basename(tok_path)[len("importToken_"):]
        spki = read(os.path.join(folder, "wrappingKey_" + key_id))
        return "aws", key_id, spki, read(tok_path)
    fail("%s holds no Huawei, Alibaba or AWS import parameters" % folder)


def structure(provider, algorithm, spec):
    """-> (shape, rsa_hash_name or None, aes_mode or None). shape: direct | split | concat."""
    asym = spec.upper() in ASYM
    if not asym and spec.upper() not in SYM:
        fail("unknown key spec %r" % spec)
    if provider == "huawei" and algorithm == "RSAES_OAEP_SHA_256":
        return ("split", "SHA_256", "kwp") if asym else ("direct", "SHA_256", None)
    if provider == "alibaba":
        if asym and algorithm == "RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD":
            return "concat", "SHA_256", "ecb"
        if not asym and algorithm in ("RSAES_OAEP_SHA_256", "RSAES_OAEP_SHA_1"):
            return "direct", algorithm[len("RSAES_OAEP_"):], None
        if not asym and algorithm == "RSAES_PKCS1_V1_5":
            return "direct", None, None
    if provider == "aws":
        if asym and algorithm in ("RSA_AES_KEY_WRAP_SHA_256", "RSA_AES_KEY_WRAP_SHA_1"):
            return "concat", algorithm[len("RSA_AES_KEY_WRAP_"):], "kwp"
        if algorithm in ("RSAES_OAEP_SHA_256", "RSAES_OAEP_SHA_1") and not spec.upper().startswith("RSA"):
            return "direct", algorithm[len("RSAES_OAEP_"):], None
    fail("no such offering: %s %s %s" % (provider, spec, algorithm))


def rsa_encrypt(pub, data, hash_name):
    if hash_name is None:
        return pub.encrypt(data, padding.PKCS1v15())
    h = HASHES[hash_name]
    return pub.encrypt(data, padding.OAEP(mgf=padding.MGF1(algorithm=h()), algorithm=h(), label=None))


def aes_ecb_pkcs7(key, data):
    p = sym_padding.PKCS7(128).padder()
    padded = p.update(data) + p.finalize()
    e = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return e.update(padded) + e.finalize()


def check_value(spec, material):
    if spec.upper() in ("AES_256", "ALIYUN_AES_256", "SYMMETRIC_DEFAULT"):
        e = Cipher(algorithms.AES(material), modes.ECB()).encryptor()
        return (e.update(bytes(16)) + e.finalize())[:3].hex()
    if spec.upper() in ASYM:
        key = serialization.load_der_private_key(material, password=None)
        spki = key.public_key().public_bytes(serialization.Encoding.DER,
                                             serialization.PublicFormat.SubjectPublicKeyInfo)
        return hashlib.sha256(spki).hexdigest()
    return None


def build(args):
    provider, key_id, spki, token = read_practice(args.practice)
    if args.token_from:
        provider2, key_id, _, token = read_practice(args.token_from)
        if provider2 != provider:
            fail("--token-from is a %s folder, --practice a %s one" % (provider2, provider))
    if args.key_id is not None:
        key_id = args.key_id
    pub = serialization.load_der_public_key(spki)
    if not isinstance(pub, rsa.RSAPublicKey):
        fail("the wrapping key is not RSA")
    material = read(args.material)
    shape, rsa_hash, aes_mode = structure(provider, args.algorithm, args.key_spec)
    asym = args.key_spec.upper() in ASYM
    cv = check_value(args.key_spec, material) if args.mistake == "none" else None
    m = args.mistake

    # --- what gets wrapped
    payload = material
    if m == "hex-material":
        if asym:
            fail("hex-material applies to symmetric keys")
        payload = binascii.hexlify(material)
    elif m == "pkcs1-key":
        key = serialization.load_der_private_key(material, password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            fail("pkcs1-key needs an RSA private key")
        payload = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL,
                                    serialization.NoEncryption())
    elif m == "sec1-key":
        key = serialization.load_der_private_key(material, password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            fail("sec1-key needs an EC private key")
        payload = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL,
                                    serialization.NoEncryption())

    # --- how the RSA step is done
    if m == "oaep-sha1":
        if rsa_hash != "SHA_256":
            fail("oaep-sha1 applies where OAEP SHA-256 was issued")
        rsa_hash = "SHA_1"
    elif m == "oaep-sha256":
        if rsa_hash != "SHA_1":
            fail("oaep-sha256 applies where OAEP SHA-1 was issued")
        rsa_hash = "SHA_256"
    elif m == "pkcs1v15":
        if rsa_hash is None:
            fail("pkcs1v15 applies where OAEP was issued")
        rsa_hash = None

    # --- how the AES step is done
    if m in ("kw3394", "aes-ecb") and aes_mode != "kwp":
        fail("%s applies where RFC 5649 KWP was issued" % m)
    if m == "kwp" and aes_mode != "ecb":
        fail("kwp applies where AES-256-ECB was issued")
    if m == "kw3394":
        if len(payload) % 8 or len(payload) < 16:
            fail("RFC 3394 wraps only multiples of 8 bytes (>= 16); the material is %d bytes "
                 "(make one with `kw-friendly-rsa`)" % len(payload))
        aes_mode = "kw"
    elif m == "aes-ecb":
        aes_mode = "ecb"
    elif m == "kwp":
        aes_mode = "kwp"

    if shape == "direct":
        ekm, epk = rsa_encrypt(pub, payload, rsa_hash), None
    else:
        temp = os.urandom(32)
        rsa_part = rsa_encrypt(pub, temp, rsa_hash)
        if aes_mode == "kwp":
            aes_part = aes_key_wrap_with_padding(temp, payload)
        elif aes_mode == "kw":
            aes_part = aes_key_wrap(temp, payload)
        else:
            aes_part = aes_ecb_pkcs7(temp, payload)
        if shape == "split":
            ekm, epk = rsa_part, aes_part
        else:
            ekm, epk = rsa_part + aes_part, None
    if m == "no-private-key":
        if shape != "split":
            fail("no-private-key applies to Huawei asymmetric keys")
        epk = None

    # --- the token as uploaded
    if provider == "aws":
        tok_name, tok_enc, tok_bytes = "ImportToken.bin", "binary", token
        if m == "token-base64":
            tok_bytes = base64.b64encode(token)  # the base64 text, uploaded as if it were the bytes
    else:
        if m == "token-base64":
            fail("token-base64 applies to AWS (binary tokens)")
        tok_name, tok_enc, tok_bytes = "ImportToken.b64", "base64", base64.b64encode(token)
    if m == "no-token":
        tok_bytes = None

    # --- write
    os.makedirs(args.out, exist_ok=False)
    files = []

    def put(name, role, encoding, data):
        with open(os.path.join(args.out, name), "wb") as f:
            f.write(data)
        files.append({"name": name, "role": role, "encoding": encoding,
                      "sha256": hashlib.sha256(data).hexdigest()})

    put("EncryptedKeyMaterial.bin", "encrypted_key_material", "binary", ekm)
    if epk is not None:
        name = "out_rsa_private_key.der" if args.key_spec.upper().startswith("RSA") else "out_ec_private_key.der"
        put(name, "encrypted_private_key", "binary", epk)
    if tok_bytes is not None:
        put(tok_name, "import_token", tok_enc, tok_bytes)
    if args.layout == "manifest":
        manifest = {
            "tool": "make_upload.py (independent test uploader)",
            "provider": provider,
            "key_spec": args.key_spec,
            "algorithm": args.algorithm,
            "key_id": key_id,
            "wrapping_key_sha256": hashlib.sha256(spki).hexdigest(),
            "files": files,
        }
        with open(os.path.join(args.out, "manifest.json"), "w") as f:
            json.dump(manifest, f, indent=2)
    json.dump({"provider": provider, "key_id": key_id, "mistake": m,
               "files": [f["name"] for f in files], "check_value": cv}, sys.stdout)
    sys.stdout.write("\n")


def kw_friendly_rsa(args):
    for _ in range(500):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        if len(der) % 8 == 0:
            with open(args.out, "wb") as f:
                f.write(der)
            sys.stdout.write("%d\n" % len(der))
            return
    fail("no RSA-2048 key with a PKCS#8 length divisible by 8 in 500 tries")


def main(argv):
    ap = argparse.ArgumentParser(prog="make_upload.py")
    sub = ap.add_subparsers(dest="cmd", required=True)
    up = sub.add_parser("upload")
    up.add_argument("--practice", required=True)
    up.add_argument("--key-spec", required=True)
    up.add_argument("--algorithm", required=True)
    up.add_argument("--material", required=True)
    up.add_argument("--out", required=True)
    up.add_argument("--mistake", default="none",
                    choices=["none", "oaep-sha1", "oaep-sha256", "pkcs1v15", "kw3394", "aes-ecb", "kwp",
                             "pkcs1-key", "sec1-key", "hex-material", "token-base64", "no-private-key",
                             "no-token"])
    up.add_argument("--token-from")
    up.add_argument("--key-id")
    up.add_argument("--layout", default="manifest", choices=["manifest", "vendor"])
    kw = sub.add_parser("kw-friendly-rsa")
    kw.add_argument("--out", required=True)
    args = ap.parse_args(argv[1:])
    try:
        if args.cmd == "upload":
            build(args)
        else:
            kw_friendly_rsa(args)
    except (UsageError, OSError, ValueError, KeyError) as e:
        sys.stderr.write("make_upload.py: %s\n" % e)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
