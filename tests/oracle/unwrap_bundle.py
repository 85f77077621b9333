#!/usr/bin/env python3
"""Independent oracle: unwrap a byok-wizard bundle with the wrapping PRIVATE key.

Usage:  unwrap_bundle.py BUNDLE_DIR WRAPPING_PRIVATE_KEY_PEM

Plays the KMS. It reads BUNDLE_DIR/manifest.json, finds the upload files by their `role`, decodes them
by their `encoding`, checks every listed file's sha256, unwraps according to provider + algorithm +
key_spec and prints the recovered key material as lowercase hex on stdout (one line): the raw bytes
for symmetric/HMAC specs, the PKCS#8 DER PrivateKeyInfo for RSA/EC specs.

It uses ONLY pyca `cryptography` (no byok-wizard code, no OpenSSL CLI):
  * RSA-OAEP with MGF1 using the same hash as OAEP and label None (empty);
  * RSAES-PKCS1-v1_5 (Alibaba's deprecated option);
  * RFC 5649 AES key wrap with padding (aes_key_unwrap_with_padding);
  * AES-256-ECB + PKCS#7 unpadding (Alibaba asymmetric).
Byte formats: the vendors' BYOK import pages (each provider's branch below names its page), RFC 8017,
RFC 5649; bundle layout: the manifest.json files[] list (src/core/bundle.rs).

Providers and schemes (the OAEP MGF1 hash is always the OAEP hash, label empty):
  huawei  RSAES_OAEP_SHA_256: symmetric direct; asymmetric OAEP-SHA256(K) + separate KWP(K, PKCS#8)
  alibaba RSAES_OAEP_SHA_256/_SHA_1/RSAES_PKCS1_V1_5 direct (symmetric);
          RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD = OAEP-SHA256(K) || AES-256-ECB-PKCS7(K, PKCS#8)
  aws     RSAES_OAEP_SHA_256/_SHA_1 direct (not RSA keys); RSA_AES_KEY_WRAP_SHA_256/_SHA_1 = OAEP(K) || KWP
  gcp     RSA_OAEP_{3072,4096}_{SHA1,SHA256}_AES_256 = OAEP(K) || KWP(K, material);
          RSA_OAEP_{3072,4096}_SHA256 direct (not RSA keys); the wrapping key must have the size named
  azure   CKM_RSA_AES_KEY_WRAP = OAEP-SHA1(K) || KWP(K, material), carried base64url (no padding) as the
          `ciphertext` of the .byok JSON (role `byok`: {schema_version "1.0.0", header {kid, alg "dir",
          enc "CKM_RSA_AES_KEY_WRAP"}, ciphertext, generator}; header.kid must equal manifest kek_id)
  tencent RSAES_OAEP_SHA_256/_SHA_1/RSAES_PKCS1_V1_5 direct (symmetric), RSA-2048 wrapping key
  oci     RSA_OAEP_SHA256 direct (symmetric); RSA_OAEP_AES_SHA256 = OAEP-SHA256(K) || KWP(K, material)
          (symmetric or RSA), RSA-4096 wrapping key

Exit status 0 when everything checks out; non-zero with a one-line message on stderr otherwise
(bad manifest, a sha256 that does not match, wrong lengths, failed decryption, recovered material that
does not match the key spec, ...).
"""

import base64
import binascii
import hashlib
import json
import os
import re
import sys

try:
    from cryptography.hazmat.primitives import hashes, serialization, padding as sym_padding
    from cryptography.hazmat.primitives.asymmetric import padding, rsa, ec, ed25519
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.keywrap import aes_key_unwrap_with_padding
except ImportError as e:  # pragma: no cover
    sys.stderr.write(
        "unwrap_bundle.py: python package 'cryptography' is missing (%s); install it with "
        "'pip install cryptography' or 'apt-get install -y python3-cryptography'\n" % e
    )
    sys.exit(3)


class OracleError(Exception):
    pass


def fail(msg):
    raise OracleError(msg)


# ----------------------------------------------------------------------------------------- catalog
# key spec (common spelling and the providers' own spellings) -> ("sym", length) | ("rsa", bits) | ("ec", curve name; "ed25519" for Ed25519, RFC 8410)
SPECS = {
    "AES_128": ("sym", 16),
    "AES_192": ("sym", 24),
    "AES_256": ("sym", 32),
    "GOOGLE_SYMMETRIC_ENCRYPTION": ("sym", 32),
    "AES_128_GCM": ("sym", 16),
    "HMAC_160": ("sym", 20),
    "HMAC_SHA1": ("sym", 20),
    "HMAC_SHA224": ("sym", 28),
    "HMAC_SHA256": ("sym", 32),
    "HMAC_SHA384": ("sym", 48),
    "HMAC_SHA512": ("sym", 64),
    "EC_SIGN_P256_SHA256": ("ec", "secp256r1"),
    "EC_SIGN_P384_SHA384": ("ec", "secp384r1"),
    "EC_SIGN_SECP256K1_SHA256": ("ec", "secp256k1"),
    "ED25519": ("ec", "ed25519"),
    "EC_SIGN_ED25519": ("ec", "ed25519"),
    "P-256": ("ec", "secp256r1"),
    "P-384": ("ec", "secp384r1"),
    "P-521": ("ec", "secp521r1"),
    "P-256K": ("ec", "secp256k1"),
    "OCT-HSM_128": ("sym", 16),
    "OCT-HSM_192": ("sym", 24),
    "OCT-HSM_256": ("sym", 32),
    "ALIYUN_AES_256": ("sym", 32),
    "SYMMETRIC_DEFAULT": ("sym", 32),
    "SM4": ("sym", 16),
    "ALIYUN_SM4": ("sym", 16),
    "HMAC_224": ("sym", 28),
    "HMAC_256": ("sym", 32),
    "HMAC_384": ("sym", 48),
    "HMAC_512": ("sym", 64),
    "RSA_2048": ("rsa", 2048),
    "RSA_3072": ("rsa", 3072),
    "RSA_4096": ("rsa", 4096),
    "EC_P256": ("ec", "secp256r1"),
    "ECC_NIST_P256": ("ec", "secp256r1"),
    "EC_P384": ("ec", "secp384r1"),
    "ECC_NIST_P384": ("ec", "secp384r1"),
    "EC_P521": ("ec", "secp521r1"),
    "ECC_NIST_P521": ("ec", "secp521r1"),
    "EC_P256K": ("ec", "secp256k1"),
    "ECC_SECG_P256K1": ("ec", "secp256k1"),
}

OAEP_HASH = {"SHA_256": hashes.SHA256, "SHA_1": hashes.SHA1, "SHA256": hashes.SHA256, "SHA1": hashes.SHA1}

ROLES = {"encrypted_key_material", "encrypted_private_key", "import_token", "api_request",
         "instructions", "byok",
         # Other renderings of the same bytes: each listed under a role of its own (contract).
         "encrypted_key_material_base64", "encrypted_key_material_binary",
         "encrypted_private_key_base64"}
ENCODINGS = {"binary", "base64", "json", "text"}
B64_RE = re.compile(rb"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$")


# One function per cloud: (algorithm, key kind, need_bits) -> (scheme, hash class), or None when the
# cloud offers no such thing. Scheme in: oaep, pkcs1, huawei_kwp, rsa_kwp, rsa_ecb. A new cloud is one
# more function and one more line in CLOUDS.

def _huawei(algorithm, kind, need_bits):
    if algorithm == "RSAES_OAEP_SHA_256":
        return ("huawei_kwp" if kind in ("rsa", "ec") else "oaep"), hashes.SHA256
    return None


def _alibaba(algorithm, kind, need_bits):
    if algorithm == "RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD" and kind in ("rsa", "ec"):
        return "rsa_ecb", hashes.SHA256
    if kind not in ("rsa", "ec"):
        if algorithm == "RSAES_PKCS1_V1_5":
            return "pkcs1", None
        m = re.fullmatch(r"RSAES_OAEP_(SHA_256|SHA_1)", algorithm)
        if m:
            return "oaep", OAEP_HASH[m.group(1)]
    return None


def _aws(algorithm, kind, need_bits):
    m = re.fullmatch(r"RSA_AES_KEY_WRAP_(SHA_256|SHA_1)", algorithm)
    if m and kind in ("rsa", "ec"):
        return "rsa_kwp", OAEP_HASH[m.group(1)]
    m = re.fullmatch(r"RSAES_OAEP_(SHA_256|SHA_1)", algorithm)
    if m and kind != "rsa":
        return "oaep", OAEP_HASH[m.group(1)]
    return None


def _gcp(algorithm, kind, need_bits):
    m = re.fullmatch(r"RSA_OAEP_(3072|4096)_(SHA1|SHA256)_AES_256", algorithm)
    if m:
        need_bits((int(m.group(1)),))
        return "rsa_kwp", OAEP_HASH[m.group(2)]
    m = re.fullmatch(r"RSA_OAEP_(3072|4096)_SHA256", algorithm)
    if m and kind != "rsa":  # "cannot be used to wrap RSA keys"
        need_bits((int(m.group(1)),))
        return "oaep", hashes.SHA256
    return None


def _azure(algorithm, kind, need_bits):
    if algorithm == "CKM_RSA_AES_KEY_WRAP":
        need_bits((2048, 3072, 4096))
        return "rsa_kwp", hashes.SHA1
    return None


def _tencent(algorithm, kind, need_bits):
    if kind not in ("rsa", "ec"):
        need_bits((2048,))
        if algorithm == "RSAES_PKCS1_V1_5":
            return "pkcs1", None
        m = re.fullmatch(r"RSAES_OAEP_(SHA_256|SHA_1)", algorithm)
        if m:
            return "oaep", OAEP_HASH[m.group(1)]
    return None


def _oci(algorithm, kind, need_bits):
    if algorithm == "RSA_OAEP_SHA256" and kind not in ("rsa", "ec"):
        need_bits((4096,))
        return "oaep", hashes.SHA256
    if algorithm == "RSA_OAEP_AES_SHA256" and kind != "ec":  # ECDSA keys cannot be imported
        need_bits((4096,))
        return "rsa_kwp", hashes.SHA256
    return None


CLOUDS = {
    "huawei": _huawei,
    "alibaba": _alibaba,
    "aws": _aws,
    "gcp": _gcp,
    "azure": _azure,
    "tencent": _tencent,
    "oci": _oci,
}


def scheme_for(provider, algorithm, kind, bits=None):
    """-> (scheme, hash class), from the cloud's function in CLOUDS.

    `bits` (the wrapping key's size) is checked where the provider fixes it (gcp by the method's
    name, tencent 2048, oci 4096, azure 2048/3072/4096)."""
    def need_bits(allowed):
        if bits is not None and bits not in allowed:
            fail("%s %s: the wrapping key has %d bits, the provider issues %s"
                 % (provider, algorithm, bits, "/".join(str(b) for b in allowed)))
    cloud = CLOUDS.get(provider)
    found = cloud(algorithm, kind, need_bits) if cloud else None
    if found is None:
        fail("no such offering: provider %r, algorithm %r, key kind %r" % (provider, algorithm, kind))
    return found


# ----------------------------------------------------------------------------------------- helpers
def decode(entry, raw):
    enc = entry["encoding"]
    if enc == "binary":
        return raw
    if enc == "base64":
        # contract: standard alphabet, '=' padding, single line, no line breaks
        if not B64_RE.match(raw):
            fail("file %r (role %s) is declared base64 but is not one line of padded standard base64"
                 % (entry["name"], entry["role"]))
        return base64.b64decode(raw, validate=True)
    return raw  # json / text: taken as they are


B64URL_RE = re.compile(r"^[A-Za-z0-9_-]+$")
BYOK_FIELDS = {"schema_version", "header", "ciphertext", "generator"}
BYOK_HEADER_FIELDS = {"kid", "alg", "enc"}


def byok_ciphertext(entry, raw, kek_id):
    """The bytes inside an Azure .byok file (byok-formats section 7), after checking its structure."""
    name = entry["name"]
    if entry["encoding"] != "json":
        fail(".byok file %r must be declared json, is %r" % (name, entry["encoding"]))
    try:
        doc = json.loads(raw)
    except ValueError as e:
        fail(".byok file %r does not parse as JSON: %s" % (name, e))
    if not isinstance(doc, dict) or set(doc) != BYOK_FIELDS:
        fail(".byok file %r must have exactly the fields %s, has %s"
             % (name, sorted(BYOK_FIELDS), sorted(doc) if isinstance(doc, dict) else type(doc).__name__))
    if doc["schema_version"] != "1.0.0":
        fail(".byok schema_version is %r, want '1.0.0'" % doc["schema_version"])
    hdr = doc["header"]
    if not isinstance(hdr, dict) or set(hdr) != BYOK_HEADER_FIELDS:
        fail(".byok header must have exactly the fields %s, has %r" % (sorted(BYOK_HEADER_FIELDS), hdr))
    if hdr["alg"] != "dir":
        fail(".byok header.alg is %r, want 'dir'" % hdr["alg"])
    if hdr["enc"] != "CKM_RSA_AES_KEY_WRAP":
        fail(".byok header.enc is %r, want 'CKM_RSA_AES_KEY_WRAP'" % hdr["enc"])
    if not isinstance(hdr["kid"], str) or not hdr["kid"]:
        fail(".byok header.kid is empty")
    if kek_id is not None and hdr["kid"] != kek_id:
        fail(".byok header.kid %r is not the manifest's kek_id %r" % (hdr["kid"], kek_id))
    if not isinstance(doc["generator"], str) or not doc["generator"]:
        fail(".byok generator is empty")
    ct = doc["ciphertext"]
    # RFC 7515 section 2 base64url: URL-safe alphabet, no '=' padding, no whitespace.
    if not isinstance(ct, str) or not B64URL_RE.match(ct) or len(ct) % 4 == 1:
        fail(".byok ciphertext is not unpadded base64url (RFC 7515 section 2)")
    return base64.urlsafe_b64decode(ct + "=" * (-len(ct) % 4))


def oaep(h):
    return padding.OAEP(mgf=padding.MGF1(algorithm=h()), algorithm=h(), label=None)


def rsa_decrypt(priv, ct, scheme_hash, what):
    k = (priv.key_size + 7) // 8
    if len(ct) != k:
        fail("%s: RSA ciphertext is %d bytes, the wrapping key's modulus is %d bytes" % (what, len(ct), k))
    try:
        if scheme_hash is None:
            return priv.decrypt(ct, padding.PKCS1v15())
        return priv.decrypt(ct, oaep(scheme_hash))
    except Exception as e:
        fail("%s: RSA decryption failed (%s): wrong padding/hash or wrong wrapping key" % (what, e.__class__.__name__))


def kwp_unwrap(kek, wrapped, what):
    n = len(wrapped)
    if n < 16 or n % 8:
        fail("%s: RFC 5649 output must be a multiple of 8 and >= 16 bytes, got %d" % (what, n))
    try:
        return aes_key_unwrap_with_padding(kek, wrapped)
    except Exception as e:
        fail("%s: AES key unwrap with padding (RFC 5649) failed (%s)" % (what, e.__class__.__name__))


def ecb_pkcs7_decrypt(key, ct, what):
    if len(ct) == 0 or len(ct) % 16:
        fail("%s: AES-ECB ciphertext length %d is not a positive multiple of 16" % (what, len(ct)))
    d = Cipher(algorithms.AES(key), modes.ECB()).decryptor()
    padded = d.update(ct) + d.finalize()
    u = sym_padding.PKCS7(128).unpadder()
    try:
        return u.update(padded) + u.finalize()
    except ValueError:
        fail("%s: bad PKCS#7 padding after AES-256-ECB decryption (wrong key or not ECB/PKCS7)" % what)


def check_private_key(der, kind, param):
    try:
        key = serialization.load_der_private_key(der, password=None)
    except Exception as e:
        fail("recovered bytes are not an unencrypted PKCS#8 DER private key (%s)" % e.__class__.__name__)
    # load_der_private_key also takes PKCS#1 and SEC1; a PKCS#8 PrivateKeyInfo has version INTEGER 0
    # followed by an AlgorithmIdentifier SEQUENCE, which those two do not.
    if not _looks_pkcs8(der):
        fail("recovered private key is DER but not PKCS#8 PrivateKeyInfo (PKCS#1 or SEC1?)")
    if kind == "rsa":
        if not isinstance(key, rsa.RSAPrivateKey):
            fail("recovered key is %s, the key spec wants RSA" % type(key).__name__)
        if key.key_size != param:
            fail("recovered RSA key has %d bits, the key spec wants %d" % (key.key_size, param))
    elif param == "ed25519":
        if not isinstance(key, ed25519.Ed25519PrivateKey):
            fail("recovered key is %s, the key spec wants Ed25519" % type(key).__name__)
    else:
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            fail("recovered key is %s, the key spec wants EC" % type(key).__name__)
        if key.curve.name != param:
            fail("recovered EC key is on %s, the key spec wants %s" % (key.curve.name, param))


def _der_len(buf, i):
    """-> (length, index after the length octets)"""
    b = buf[i]
    if b < 0x80:
        return b, i + 1
    n = b & 0x7F
    return int.from_bytes(buf[i + 1:i + 1 + n], "big"), i + 1 + n


def _looks_pkcs8(der):
    try:
        if der[0] != 0x30:
            return False
        _, i = _der_len(der, 1)
        # version INTEGER 0 (or 1 for OneAsymmetricKey)
        if der[i] != 0x02 or der[i + 1] != 0x01 or der[i + 2] not in (0, 1):
            return False
        i += 3
        return der[i] == 0x30  # AlgorithmIdentifier SEQUENCE (PKCS#1 would have INTEGER n here)
    except IndexError:
        return False


# ----------------------------------------------------------------------------------------- main
def unwrap(bundle_dir, priv_pem_path):
    with open(priv_pem_path, "rb") as f:
        pem = f.read()
    try:
        # The wrapping key is the caller's own trusted fixture: skip the (slow) RSA consistency
        # check on it. Recovered RSA material is still fully validated in check_private_key.
        priv = serialization.load_pem_private_key(pem, password=None, unsafe_skip_rsa_key_validation=True)
    except TypeError:  # cryptography < 39
        priv = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(priv, rsa.RSAPrivateKey):
        fail("wrapping private key %r is not RSA" % priv_pem_path)
    k = (priv.key_size + 7) // 8

    mpath = os.path.join(bundle_dir, "manifest.json")
    try:
        with open(mpath, "rb") as f:
            manifest = json.loads(f.read())
    except FileNotFoundError:
        fail("no manifest.json in %r" % bundle_dir)
    except ValueError as e:
        fail("manifest.json is not JSON: %s" % e)
    for field in ("provider", "key_spec", "algorithm", "wrapping_key_sha256", "files"):
        if field not in manifest:
            fail("manifest.json has no %r" % field)

    spki = priv.public_key().public_bytes(serialization.Encoding.DER,
                                          serialization.PublicFormat.SubjectPublicKeyInfo)
    if manifest["wrapping_key_sha256"].lower() != hashlib.sha256(spki).hexdigest():
        fail("manifest wrapping_key_sha256 %s is not the SHA-256 of this wrapping key's SPKI DER (%s)"
             % (manifest["wrapping_key_sha256"], hashlib.sha256(spki).hexdigest()))

    by_role = {}
    for entry in manifest["files"]:
        for field in ("name", "role", "encoding", "sha256"):
            if field not in entry:
                fail("manifest files[] entry %r has no %r" % (entry, field))
        name, role, enc = entry["name"], entry["role"], entry["encoding"]
        if role not in ROLES:
            fail("unknown role %r for %r" % (role, name))
        if role in by_role:
            fail("role %r listed twice" % role)
        if enc not in ENCODINGS:
            fail("unknown encoding %r for %r" % (enc, name))
        if os.path.basename(name) != name or name in ("", ".", ".."):
            fail("file name %r is not a plain name inside the bundle" % name)
        path = os.path.join(bundle_dir, name)
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except OSError as e:
            fail("listed file %r cannot be read: %s" % (name, e))
        digest = hashlib.sha256(raw).hexdigest()
        if entry["sha256"].lower() != digest:
            fail("sha256 mismatch for %r: manifest %s, file %s" % (name, entry["sha256"], digest))
        if enc == "json":
            try:
                json.loads(raw)
            except ValueError as e:
                fail("file %r is declared json but does not parse: %s" % (name, e))
        by_role[role] = (entry, raw)

    spec = manifest["key_spec"]
    if spec.upper() not in SPECS:
        fail("unknown key_spec %r" % spec)
    kind, param = SPECS[spec.upper()]
    provider = manifest["provider"].lower()
    algorithm = manifest["algorithm"]
    scheme, h = scheme_for(provider, algorithm, kind, priv.key_size)

    if provider == "azure":
        if "encrypted_key_material" in by_role:
            fail("an Azure bundle carries the wrapped key in the .byok file (role byok), not encrypted_key_material")
        if "byok" not in by_role:
            fail("no file with role byok")
        if "import_token" in by_role:
            fail("Azure has no import token, yet the bundle lists one")
        kek_id = manifest.get("kek_id")  # checked against header.kid when the manifest names it
        ekm = byok_ciphertext(*by_role["byok"], kek_id)
    else:
        if "byok" in by_role:
            fail("role byok is only for Azure")
        if "encrypted_key_material" not in by_role:
            fail("no file with role encrypted_key_material")
        if provider in ("gcp", "oci") and "import_token" in by_role:
            fail("%s has no import token, yet the bundle lists one" % provider)
        ekm = decode(*by_role["encrypted_key_material"])
    epk = decode(*by_role["encrypted_private_key"]) if "encrypted_private_key" in by_role else None
    if epk is not None and scheme != "huawei_kwp":
        fail("role encrypted_private_key is only for Huawei asymmetric keys")

    if scheme in ("oaep", "pkcs1"):
        material = rsa_decrypt(priv, ekm, h, "encrypted_key_material")
    elif scheme == "huawei_kwp":
        if k != 256:
            fail("Huawei wraps with RSA-2048 only; this key has %d bits" % priv.key_size)
        if epk is None:
            fail("Huawei asymmetric bundle has no file with role encrypted_private_key")
        temp = rsa_decrypt(priv, ekm, h, "encrypted_key_material")
        if len(temp) != 32:
            fail("Huawei temporary key is %d bytes, want 32 (AES-256)" % len(temp))
        material = kwp_unwrap(temp, epk, "encrypted_private_key")
    elif scheme == "rsa_kwp":
        if len(ekm) <= k:
            fail("encrypted_key_material (%d bytes) too short for RSA part (%d) + KWP part" % (len(ekm), k))
        temp = rsa_decrypt(priv, ekm[:k], h, "encrypted_key_material[RSA part]")
        if len(temp) != 32:
            fail("temporary AES key is %d bytes, want 32" % len(temp))
        material = kwp_unwrap(temp, ekm[k:], "encrypted_key_material[KWP part]")
    elif scheme == "rsa_ecb":
        if k != 256:
            fail("Alibaba wraps with RSA-2048 only; this key has %d bits" % priv.key_size)
        if len(ekm) <= k:
            fail("encrypted_key_material (%d bytes) too short for RSA part (%d) + ECB part" % (len(ekm), k))
        temp = rsa_decrypt(priv, ekm[:k], h, "encrypted_key_material[RSA part]")
        if len(temp) != 32:
            fail("temporary AES key is %d bytes, want 32" % len(temp))
        material = ecb_pkcs7_decrypt(temp, ekm[k:], "encrypted_key_material[ECB part]")
    else:  # pragma: no cover
        fail("internal: scheme %r" % scheme)

    if kind == "sym":
        if len(material) != param:
            fail("recovered %d bytes of key material, key spec %s wants %d" % (len(material), spec, param))
    else:
        check_private_key(material, kind, param)
    return material


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: unwrap_bundle.py BUNDLE_DIR WRAPPING_PRIVATE_KEY_PEM\n")
        return 2
    try:
        material = unwrap(argv[1], argv[2])
    except OracleError as e:
        sys.stderr.write("unwrap_bundle.py: %s\n" % e)
        return 1
    sys.stdout.write(binascii.hexlify(material).decode() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
