#!/usr/bin/env python3
"""Independent oracle: check a bundle's API request body against the cloud's OWN SDK model.

Usage:  vendor_models.py BUNDLE_DIR [BUNDLE_DIR ...]

For each bundle it reads BUNDLE_DIR/manifest.json, takes the provider from it and the request body
from the file whose role is `api_request`, and validates that body offline (no network call, no
credentials) with the vendor's SDK from PyPI (pinned in tests/oracle/vendor-requirements.txt):

  aws      botocore: ParamValidator against the KMS model's ImportKeyMaterial input shape (blobs
           base64-decoded first), plus the constraints the same model carries that ParamValidator
           does not enforce (enum, max length, pattern, blob sizes) and the ValidTo rules of the
           model's own documentation (required iff KEY_MATERIAL_EXPIRES, future, at most 365 days).
  huawei   huaweicloudsdkkms ImportKeyMaterialRequestBody: field names (attribute_map), required
           fields (assigned unconditionally in __init__), types (openapi_types), and the patterns the
           model's docstrings document (the model itself does not enforce them; see HUAWEI_PATTERNS).
  alibaba  alibabacloud_kms20160120 ImportKeyMaterialRequest: from_map(body).to_map() == body (every
           key known), .validate(), required fields ("This parameter is required." in the model
           source), types (the __init__ annotations).
  tencent  tencentcloud kms v20190118 ImportKeyMaterialRequest()._deserialize(body) with warnings as
           errors (unknown fields), types (the model docstring), required fields (TENCENT_REQUIRED).
  oci      oci.key_management.models.WrappedImportKey (the --wrapped-import-key JSON, camelCase):
           keys known (attribute_map), **[Required]** attributes present, types (swagger_types),
           enum (the model's setter raises), then put into ImportKeyVersionDetails/ImportKeyDetails.
  gcp      google.cloud.kms_v1 ImportCryptoKeyVersionRequest: json_format.ParseDict into its protobuf
           with ignore_unknown_fields=False; "Required." fields (the class docstring) present, in the
           body unless bound to the URL path (the REST transport's http options); a wrapped key; the
           import job name parses; the request transcodes to the REST call with this very body.
  azure    no request body in our bundles (the .byok file is the upload, checked elsewhere): says so
           and passes. Should one appear, it is checked against azure-keyvault-keys'
           KeyImportParameters / JsonWebKey rest fields.

A bundle without an api_request file passes (with a "no request body" line) only where the manifest
explains it: azure; or aws/huawei/alibaba/tencent without a key id or import token.

Prints one line per bundle ("ok PROVIDER DIR: ..." or "FAIL PROVIDER DIR: reason"); exit status 0
when all pass, 1 when any is rejected, 2 on usage errors or a missing SDK.

The SDKs live in a cached virtualenv made by scripts/vendor-venv.sh
($HOME/.cache/byok-wizard/venv-vendors, or $BYOK_VENDOR_VENV); run under another interpreter, this
script re-executes itself with that venv's python when the venv exists.
"""

import base64
import binascii
import datetime as dt
import html
import json
import os
import re
import sys
import time
import warnings

VENV = os.environ.get("BYOK_VENDOR_VENV") or os.path.join(
    os.path.expanduser("~"), ".cache", "byok-wizard", "venv-vendors"
)


class Reject(Exception):
    """The vendor model rejects the body: one line of reason."""


def _reexec_in_venv():
    py = os.path.join(VENV, "bin", "python")
    # (compare prefixes: the venv's python is a symlink to the same interpreter)
    in_venv = os.path.realpath(sys.prefix) == os.path.realpath(VENV)
    if os.path.exists(py) and not in_venv and not os.environ.get("_VENDOR_MODELS_REEXEC"):
        os.environ["_VENDOR_MODELS_REEXEC"] = "1"
        os.execv(py, [py, os.path.abspath(__file__)] + sys.argv[1:])
    print(
        f"vendor_models: the vendor SDKs are not importable here ({sys.executable}); "
        "run scripts/vendor-venv.sh first",
        file=sys.stderr,
    )
    sys.exit(2)


def _require_sdks():
    try:
        import botocore  # noqa: F401
        import huaweicloudsdkkms  # noqa: F401
        import alibabacloud_kms20160120  # noqa: F401
        import tencentcloud.kms  # noqa: F401
        import oci.key_management  # noqa: F401
        import google.cloud.kms_v1  # noqa: F401
        import azure.keyvault.keys  # noqa: F401
    except ImportError:
        _reexec_in_venv()


def _b64(value, field, urlsafe=False):
    if not isinstance(value, str):
        raise Reject(f"{field}: expected a base64 string, got {type(value).__name__}")
    try:
        if urlsafe:
            return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as e:
        raise Reject(f"{field}: not base64 ({e})")


def _check_type(value, typ, field):
    """typ: 'str' | 'int' | 'bool' (the SDKs' own spellings)."""
    ok = {
        "str": isinstance(value, str),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
    }.get(typ)
    if ok is None:
        raise Reject(f"{field}: the model's type {typ!r} is not one this oracle knows")
    if not ok:
        raise Reject(f"{field}: {value!r} is {type(value).__name__}, the model wants {typ}")


def _ver(dist):
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "?"


def _short(v, n=60):
    s = repr(v)
    return s if len(s) <= n else s[: n - 3] + "..."


# --------------------------------------------------------------------------------------------- aws
def check_aws(body, manifest):
    import botocore.session
    from botocore.validate import ParamValidator

    model = botocore.session.get_session().get_service_model("kms")
    op = model.operation_model("ImportKeyMaterial")
    shape = op.input_shape
    params = dict(body)
    # JSON protocol: blobs travel base64; the Python model takes bytes.
    for name, member in shape.members.items():
        if name in params and member.type_name == "blob":
            params[name] = _b64(params[name], name)
    report = ParamValidator().validate(params, op.input_shape)
    if report.has_errors():
        raise Reject("botocore ParamValidator: " + report.generate_report().replace("\n", "; "))
    # What the same model says and ParamValidator leaves unchecked (it checks types, required, unknown
    # keys and minimum string lengths only).
    for name, value in params.items():
        m = shape.members[name]
        meta = m.metadata
        if getattr(m, "enum", None) and value not in m.enum:
            raise Reject(f"{name}: {value!r} is not one of the model's enum {m.enum}")
        if m.type_name in ("string", "blob"):
            n = len(value)
            if "min" in meta and n < meta["min"]:
                raise Reject(f"{name}: length {n} < the model's min {meta['min']}")
            if "max" in meta and n > meta["max"]:
                raise Reject(f"{name}: length {n} > the model's max {meta['max']}")
        if m.type_name == "string" and "pattern" in meta and not re.search(meta["pattern"], value):
            raise Reject(f"{name}: {_short(value)} does not match the model's pattern {meta['pattern']}")
    # botocore's kms model, ValidTo/ExpirationModel documentation: ValidTo "is required when the value
    # of the ExpirationModel parameter is KEY_MATERIAL_EXPIRES. Otherwise it is not valid."; "must be a
    # future date and time. The maximum value is 365 days from the request date."; ExpirationModel
    # defaults to KEY_MATERIAL_EXPIRES.
    em = params.get("ExpirationModel", "KEY_MATERIAL_EXPIRES")
    if em == "KEY_MATERIAL_EXPIRES":
        if "ValidTo" not in params:
            raise Reject("ValidTo is required when ExpirationModel is KEY_MATERIAL_EXPIRES (model docs)")
        from botocore.utils import parse_to_aware_datetime

        t = parse_to_aware_datetime(params["ValidTo"])
        now = dt.datetime.now(dt.timezone.utc)
        if t <= now:
            raise Reject(f"ValidTo {params['ValidTo']!r} ({t.isoformat()}) is not in the future (model docs)")
        if t > now + dt.timedelta(days=365):
            raise Reject(
                f"ValidTo {params['ValidTo']!r} ({t.isoformat()}) is more than 365 days from now "
                "(model docs: 'The maximum value is 365 days from the request date')"
            )
    elif "ValidTo" in params:
        raise Reject(f"ValidTo given with ExpirationModel {em} (model docs: 'Otherwise it is not valid')")
    # KeyId documentation: "Specify the key ID or key ARN of the KMS key." (no alias, unlike the
    # operations whose KeyId docs name alias names and alias ARNs).
    kid, kdoc = params["KeyId"], shape.members["KeyId"].documentation
    if "alias" not in kdoc.lower() and (kid.startswith("alias/") or ":alias/" in kid):
        raise Reject(f"KeyId {kid!r} is an alias; the model's docs say 'Specify the key ID or key ARN'")
    return f"botocore {_ver('botocore')} kms ImportKeyMaterial"


# ------------------------------------------------------------------------------------------ huawei
# The patterns documented in huaweicloudsdkkms 3.1.219, file
# huaweicloudsdkkms/v2/model/import_key_material_request_body.py (the docstrings of
# ImportKeyMaterialRequestBody's properties; "满足正则匹配" = "matches the regex"; the model itself
# does not enforce them). sequence is documented only as "36字节序列号" (a 36-byte serial number).
HUAWEI_PATTERNS = {
    "key_id": r"^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$",  # "密钥ID，36字节"
    "import_token": r"^[0-9a-zA-Z+/=]{200,6144}$",
    "encrypted_key_material": r"^[0-9a-zA-Z+/=]{344,360}$",
    "encrypted_privatekey": r"^[0-9a-zA-Z+/=]{200,6144}$",
    "sequence": r"^.{36}$",
}


def _generated_required(cls):
    """openapi-generator's Python models assign required attributes unconditionally in __init__
    (`        self.x = x`) and optional ones under `if x is not None:`."""
    import inspect

    src = inspect.getsource(cls.__init__)
    req = re.findall(r"^        self\.(\w+) = \1$", src, re.M)
    if not req:
        raise Reject(f"cannot find the required attributes of {cls.__name__} in its source")
    return req


def check_huawei(body, manifest):
    from huaweicloudsdkkms.v2 import ImportKeyMaterialRequest, ImportKeyMaterialRequestBody
    from huaweicloudsdkcore.utils.http_utils import sanitize_for_serialization

    cls = ImportKeyMaterialRequestBody
    # The encoded patterns must still be the ones the installed model documents.
    for attr, pat in HUAWEI_PATTERNS.items():
        m = re.search(r"满足正则匹配“(.*?)”", getattr(cls, attr).__doc__ or "")
        if m and html.unescape(m.group(1)) != pat:
            raise Reject(f"the installed SDK documents {attr} as {m.group(1)}; update HUAWEI_PATTERNS")
    json_to_attr = {v: k for k, v in cls.attribute_map.items()}
    unknown = sorted(set(body) - set(json_to_attr))
    if unknown:
        raise Reject(f"unknown field(s) {unknown}; ImportKeyMaterialRequestBody has {sorted(json_to_attr)}")
    kwargs = {json_to_attr[k]: v for k, v in body.items()}
    for attr in _generated_required(cls):
        if kwargs.get(attr) is None:
            raise Reject(f"required field {cls.attribute_map[attr]!r} missing")
    for attr, value in kwargs.items():
        _check_type(value, cls.openapi_types[attr], cls.attribute_map[attr])
        pat = HUAWEI_PATTERNS.get(attr)
        if pat and not re.match(pat, value):
            raise Reject(f"{attr}: {_short(value)} (length {len(value)}) does not match the documented {pat}")
    model = cls(**kwargs)
    sent = sanitize_for_serialization(ImportKeyMaterialRequest(body=model).body)
    if sent != body:
        raise Reject(f"the SDK would send {sorted(sent)} instead of {sorted(body)}")
    return f"huaweicloudsdkkms {_ver('huaweicloudsdkkms')} ImportKeyMaterialRequestBody"


# ----------------------------------------------------------------------------------------- alibaba
def check_alibaba(body, manifest):
    import inspect
    from alibabacloud_kms20160120 import models

    cls = models.ImportKeyMaterialRequest
    req = cls().from_map(dict(body))
    req.validate()
    back = req.to_map()
    if back != body:
        extra = sorted(set(body) - set(back))
        raise Reject(f"from_map/to_map drops {extra or 'values'}: not fields of ImportKeyMaterialRequest")
    # Required: the generated model's comment "This parameter is required." above `self.x = x`.
    src = inspect.getsource(cls.__init__)
    required = []
    for block in re.split(r"\n(?=\s*# [A-Z])", src):
        m = re.search(r"^\s*self\.(\w+) = \1$", block, re.M)
        if m and "This parameter is required." in block:
            required.append(m.group(1))
    if not required:
        raise Reject("cannot find the required fields in ImportKeyMaterialRequest's source")
    for attr in required:
        if getattr(req, attr) is None:
            probe = cls()
            setattr(probe, attr, 0)
            raise Reject(f"required field {list(probe.to_map())[0]!r} missing (model: 'This parameter is required.')")
    ann = inspect.signature(cls.__init__).parameters
    for attr, p in ann.items():
        if attr == "self" or getattr(req, attr) is None:
            continue
        typ = str(p.annotation).strip("'\"")
        probe = cls()
        setattr(probe, attr, 0)
        _check_type(getattr(req, attr), typ, list(probe.to_map())[0])
    return f"alibabacloud-kms20160120 {_ver('alibabacloud-kms20160120')} ImportKeyMaterialRequest"


# ----------------------------------------------------------------------------------------- tencent
# The Tencent SDK model marks no field required; the KMS API reference for ImportKeyMaterial
# (version 2019-01-18) marks EncryptedKeyMaterial, ImportToken and KeyId required, ValidTo optional.
TENCENT_REQUIRED = ("EncryptedKeyMaterial", "ImportToken", "KeyId")
# tencentcloud/kms/v20190118/models.py, ImportKeyMaterialRequest docstring for ValidTo: "不指定或者 0
# 表示密钥材料不会过期，若指定过期时间，需要大于当前时间点，最大支持 2147443200" (0 or absent: never;
# otherwise after now, at most 2147443200).
TENCENT_VALIDTO_MAX = 2147443200


def check_tencent(body, manifest):
    from tencentcloud.kms.v20190118 import models

    req = models.ImportKeyMaterialRequest()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            req._deserialize(dict(body))
        except Warning as w:
            raise Reject(f"tencentcloud _deserialize warns: {w}")
    for f in TENCENT_REQUIRED:
        if getattr(req, f) is None:
            raise Reject(f"required field {f!r} missing")
    types = dict(re.findall(r":type (\w+): (\w+)", req.__init__.__doc__ or ""))
    if not types:
        raise Reject("cannot read the field types from ImportKeyMaterialRequest's docstring")
    for f, v in body.items():
        _check_type(v, types[f], f)
    vt = body.get("ValidTo")
    if vt:
        if vt > TENCENT_VALIDTO_MAX:
            raise Reject(f"ValidTo {vt} > {TENCENT_VALIDTO_MAX} (model docstring)")
        if vt <= time.time():
            raise Reject(f"ValidTo {vt} is not after now (model docstring)")
    _b64(body["EncryptedKeyMaterial"], "EncryptedKeyMaterial")  # "…加密后的密钥材料base64编码"
    return f"tencentcloud-sdk-python-kms {_ver('tencentcloud-sdk-python-kms')} ImportKeyMaterialRequest"


# --------------------------------------------------------------------------------------------- oci
def _oci_model(cls, body, where):
    import inspect

    proto = cls()
    amap, types = proto.attribute_map, proto.swagger_types
    json_to_attr = {v: k for k, v in amap.items()}
    unknown = sorted(set(body) - set(json_to_attr))
    if unknown:
        raise Reject(f"{where}: unknown field(s) {unknown}; {cls.__name__} has {sorted(json_to_attr)}")
    kwargs = {json_to_attr[k]: v for k, v in body.items()}
    for attr in amap:
        doc = inspect.getdoc(getattr(cls, attr)) or ""
        if "**[Required]**" in doc and kwargs.get(attr) is None:
            raise Reject(f"{where}: required field {amap[attr]!r} missing ({cls.__name__})")
    for attr, v in kwargs.items():
        if types[attr] in ("str", "int", "bool"):
            _check_type(v, types[attr], f"{where}.{amap[attr]}")
    try:
        return cls(**kwargs)  # the setters check the enums ("Allowed values …")
    except ValueError as e:
        raise Reject(f"{where}: {cls.__name__}: {e} (got {_short(body)})")


def check_oci(body, manifest):
    from oci.key_management import models

    wik = _oci_model(models.WrappedImportKey, body, "body")
    _b64(wik.key_material, "keyMaterial")  # "wrapped … and base64-encoded" (the model's docstring)
    # The CLI puts the file in ImportKeyVersionDetails (key-version import, with a key id) or
    # ImportKeyDetails (key import); both take it as wrapped_import_key of type WrappedImportKey.
    outer = models.ImportKeyVersionDetails if manifest.get("key_id") else models.ImportKeyDetails
    if outer().swagger_types.get("wrapped_import_key") != "WrappedImportKey":
        raise Reject(f"{outer.__name__} has no wrapped_import_key of type WrappedImportKey")
    outer(wrapped_import_key=wik)
    return f"oci {_ver('oci')} WrappedImportKey in {outer.__name__}"


# --------------------------------------------------------------------------------------------- gcp
def check_gcp(body, manifest):
    from google.api_core import path_template
    from google.cloud import kms_v1
    from google.cloud.kms_v1 import KeyManagementServiceClient
    from google.cloud.kms_v1.services.key_management_service.transports import rest_base
    from google.protobuf import json_format

    cls = kms_v1.ImportCryptoKeyVersionRequest
    msg = cls.pb()()
    try:
        json_format.ParseDict(body, msg, ignore_unknown_fields=False)
    except json_format.ParseError as e:
        raise Reject("protobuf ParseDict: " + str(e).replace("\n", " "))
    http = rest_base._BaseKeyManagementServiceRestTransport._BaseImportCryptoKeyVersion._get_http_options()
    in_path = set()
    for rule in http:
        in_path |= set(re.findall(r"\{(\w+)(?:=[^}]*)?\}", rule["uri"]))
        if rule.get("body") != "*":
            raise Reject(f"the REST rule's body is {rule.get('body')!r}, this oracle expects '*'")
    desc = msg.DESCRIPTOR
    json_names = {f.json_name: f.name for f in desc.fields}
    for k in body:
        if json_names.get(k) in in_path or k in in_path:
            raise Reject(f"{k!r} is bound to the URL path ({http[0]['uri']}), not the body")
    # "Required." at the start of a field's description in the class docstring.
    required = re.findall(r"^ {8}(\w+) \([^)]*\):\n +Required\.", cls.__doc__, re.M)
    if not required:
        raise Reject("cannot find the required fields in ImportCryptoKeyVersionRequest's docstring")
    for name in required:
        if name in in_path:
            continue
        f = desc.fields_by_name[name]
        if not f.has_presence and getattr(msg, name) == f.default_value or (
            f.has_presence and not msg.HasField(name)
        ):
            raise Reject(f"required field {f.json_name!r} missing or empty")
    if msg.algorithm == 0:
        raise Reject("algorithm is CRYPTO_KEY_VERSION_ALGORITHM_UNSPECIFIED")
    if not (msg.wrapped_key or msg.rsa_aes_wrapped_key):
        raise Reject("neither wrappedKey nor rsaAesWrappedKey is given")
    if not KeyManagementServiceClient.parse_import_job_path(msg.import_job):
        raise Reject(f"importJob {msg.import_job!r} is not projects/*/locations/*/keyRings/*/importJobs/*")
    # Transcode as the REST transport does, with the key named in the manifest (or a stand-in), and
    # compare the body it would send with ours.
    key = manifest.get("key_id") or ""
    parts = KeyManagementServiceClient.parse_crypto_key_path(key)
    msg.parent = key if parts else "projects/p/locations/l/keyRings/r/cryptoKeys/k"
    if parts:
        job = KeyManagementServiceClient.parse_import_job_path(msg.import_job)
        if (job["project"], job["location"], job["key_ring"]) != (
            parts["project"], parts["location"], parts["key_ring"],
        ):
            raise Reject(f"importJob {msg.import_job!r} is not in the key ring of {key!r}")
    try:
        tr = path_template.transcode(http, msg)
    except ValueError as e:
        raise Reject(f"transcode: {e}")
    sent = json_format.MessageToDict(tr["body"])
    if sent != body:
        raise Reject(f"the REST transport would send {sorted(sent)} instead of {sorted(body)}")
    return f"google-cloud-kms {_ver('google-cloud-kms')} ImportCryptoKeyVersionRequest"


# ------------------------------------------------------------------------------------------- azure
def check_azure(body, manifest):
    from azure.keyvault.keys._generated import models

    def fields(cls):
        cls({})  # the generated models fill _attr_to_rest_field on first instantiation
        return {f._rest_name: a for a, f in cls._attr_to_rest_field.items()}

    top = fields(models.KeyImportParameters)
    unknown = sorted(set(body) - set(top))
    if unknown:
        raise Reject(f"unknown field(s) {unknown}; KeyImportParameters has {sorted(top)}")
    if not isinstance(body.get("key"), dict):
        raise Reject("required field 'key' (a JsonWebKey) missing")
    jwk = fields(models.JsonWebKey)
    unknown = sorted(set(body["key"]) - set(jwk))
    if unknown:
        raise Reject(f"key: unknown field(s) {unknown}; JsonWebKey has {sorted(jwk)}")
    kty = body["key"].get("kty")
    if kty not in [t.value for t in models.JsonWebKeyType]:
        raise Reject(f"key.kty {kty!r} is not a JsonWebKeyType")
    models.KeyImportParameters(body)
    return f"azure-keyvault-keys {_ver('azure-keyvault-keys')} KeyImportParameters"


CHECKS = {
    "aws": check_aws,
    "huawei": check_huawei,
    "alibaba": check_alibaba,
    "tencent": check_tencent,
    "oci": check_oci,
    "gcp": check_gcp,
    "azure": check_azure,
}


def check_bundle(path):
    """Returns (provider, ok, message)."""
    try:
        with open(os.path.join(path, "manifest.json"), encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        return "?", False, f"cannot read manifest.json: {e}"
    provider = manifest.get("provider", "?")
    if provider not in CHECKS:
        return provider, False, f"unknown provider {provider!r}"
    files = manifest.get("files") or []
    bodies = [f["name"] for f in files if f.get("role") == "api_request"]
    if not bodies:
        if provider == "azure":
            return provider, True, "azure: no request body (the .byok is checked elsewhere)"
        has_token = any(f.get("role") == "import_token" for f in files)
        if provider in ("aws", "huawei", "alibaba", "tencent") and not (manifest.get("key_id") and has_token):
            return provider, True, f"{provider}: no request body (the bundle has no key id or no import token)"
        return provider, False, "the manifest lists no api_request file"
    if len(bodies) > 1:
        return provider, False, f"more than one api_request file: {bodies}"
    try:
        with open(os.path.join(path, bodies[0]), encoding="utf-8") as f:
            body = json.load(f)
    except (OSError, ValueError) as e:
        return provider, False, f"{bodies[0]}: {e}"
    if not isinstance(body, dict):
        return provider, False, f"{bodies[0]}: not a JSON object"
    try:
        what = CHECKS[provider](body, manifest)
    except Reject as e:
        return provider, False, f"{bodies[0]}: {e}"
    except Exception as e:  # the SDK itself raised: a rejection too
        return provider, False, f"{bodies[0]}: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
    return provider, True, f"{bodies[0]} accepted by {what}"


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    _require_sdks()
    bad = 0
    for path in argv:
        provider, ok, msg = check_bundle(path)
        print(f"{'ok' if ok else 'FAIL'} {provider} {path}: {msg}")
        bad += not ok
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
