//! What the clouds' own clients accept: the command lines and request bodies byok-wizard prints
//! must get past each cloud's CLI and API validation.
//!
//! - azure-cli (`az keyvault key import`): `--kty` is one of EC, RSA, oct for a BYOK import (the
//!   CLI appends `-HSM` itself) and the curve flag is `--curve`, given exactly with EC (azure-cli's
//!   keyvault module, `_params.py` `CLIKeyTypeForBYOKImport` and `KeyCurveName`).
//! - Huawei `ImportKeyMaterialRequestBody.encrypted_privatekey` matches `^[0-9a-zA-Z+/=]{200,6144}$`
//!   (huaweicloudsdkkms); a P-256 PKCS#8 key without its optional public key (RFC 5915 §3, as
//!   Java writes it, 67 bytes) wraps to 108 characters unless the public key is put back.
//! - Huawei endpoints are not all under `myhuaweicloud.com` (eu-west-101 is `myhuaweicloud.eu`).
//! - OCI: with a key id, the import is a new version of that key (`oci kms management
//!   key-version import --key-id`), not a new key.
//! - GCP: a full CryptoKey name fills in the import job's project, location and key ring in the
//!   `cryptoKeyVersions.import` body.

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;

use common::{data, run};

fn wrap(args: &[&str], out: &Path) -> Output {
    let o = common::bin()
        .arg("wrap")
        .args(args)
        .arg("--out")
        .arg(out)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// The `Next: …` command line the run printed.
fn next_line(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Next: "))
        .expect("a Next: line")
        .to_owned()
}

fn flag<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let mut it = line.split_whitespace();
    while let Some(w) = it.next() {
        if w == name {
            return it.next();
        }
    }
    None
}

fn openssl(args: &[&str]) -> Vec<u8> {
    let o = Command::new("openssl")
        .args(args)
        .output()
        .expect("openssl is needed (apt-get install -y openssl)");
    assert!(
        o.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o.stdout
}

#[test]
fn azure_cli_lines_use_azure_cli_spellings() {
    let dir = tempfile::tempdir().unwrap();
    let kek = "https://v.vault.azure.net/keys/KEK/0123456789abcdef0123456789abcdef";
    for (spec, material, kty, curve) in [
        ("RSA_2048", "mat_rsa2048.pk8.der", "RSA", None),
        ("EC_P256", "mat_ec_p256.pk8.der", "EC", Some("P-256")),
        ("EC_P384", "mat_ec_p384.pk8.der", "EC", Some("P-384")),
        ("EC_P256K", "mat_ec_secp256k1.pk8.der", "EC", Some("P-256K")),
        ("AES_256", "sym32.bin", "oct", None),
    ] {
        let m = data(material);
        let wk = data("wrap_rsa2048.pub.pem");
        let o = wrap(
            &[
                "--provider",
                "azure",
                "--key-spec",
                spec,
                "--kek-id",
                kek,
                "--wrapping-key",
                wk.to_str().unwrap(),
                "--material",
                m.to_str().unwrap(),
            ],
            &dir.path().join(spec),
        );
        let line = next_line(&o);
        assert!(line.starts_with("az keyvault key import "), "{line}");
        assert_eq!(flag(&line, "--kty"), Some(kty), "{spec}: {line}");
        assert_eq!(flag(&line, "--curve"), curve, "{spec}: {line}");
        assert!(
            !line.contains("-HSM") && !line.contains("--curve-name"),
            "{spec}: {line}"
        );
    }
}

#[test]
fn huawei_p256_key_without_its_public_key_still_meets_the_api_field() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The form Java writes: PKCS#8 whose ECPrivateKey has no public key.
    let sec1 = d.join("k.sec1.der");
    let short = d.join("k.pk8.der");
    openssl(&[
        "ec",
        "-in",
        data("mat_ec_p256.sec1.pem").to_str().unwrap(),
        "-no_public",
        "-outform",
        "DER",
        "-out",
        sec1.to_str().unwrap(),
    ]);
    openssl(&[
        "pkcs8",
        "-topk8",
        "-nocrypt",
        "-inform",
        "DER",
        "-in",
        sec1.to_str().unwrap(),
        "-outform",
        "DER",
        "-out",
        short.to_str().unwrap(),
    ]);
    assert_eq!(
        fs::read(&short).unwrap().len(),
        67,
        "the fixture is the 67-byte form"
    );
    let out = d.join("bundle");
    let wk = data("wrap_rsa2048.pub.pem");
    let token = data("token.b64");
    wrap(
        &[
            "--provider",
            "huawei",
            "--key-spec",
            "EC_P256",
            "--wrapping-key",
            wk.to_str().unwrap(),
            "--import-token",
            token.to_str().unwrap(),
            "--key-id",
            "43f1ffd7-18fb-4568-9575-602e009b7ee8",
            "--material",
            short.to_str().unwrap(),
        ],
        &out,
    );
    let body: Value =
        serde_json::from_slice(&fs::read(out.join("import-key-material.json")).unwrap()).unwrap();
    let pk = body["encrypted_privatekey"].as_str().unwrap();
    assert!(
        (200..=6144).contains(&pk.len())
            && pk
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)),
        "encrypted_privatekey is {} characters; the API wants ^[0-9a-zA-Z+/=]{{200,6144}}$",
        pk.len()
    );
    // The Python oracle unwraps it with the wrapping private key; the key inside is the same key.
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/unwrap_bundle.py");
    let o = Command::new("python3")
        .arg(script)
        .arg(&out)
        .arg(data("wrap_rsa2048.key.pem"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let inner = hex::decode(String::from_utf8(o.stdout).unwrap().trim()).unwrap();
    let rec = d.join("rec.der");
    fs::write(&rec, &inner).unwrap();
    let public = |p: &Path| {
        openssl(&[
            "pkey",
            "-inform",
            "DER",
            "-in",
            p.to_str().unwrap(),
            "-pubout",
            "-outform",
            "DER",
        ])
    };
    assert_eq!(
        public(&rec),
        public(&short),
        "the wrapped key is another key"
    );
}

#[test]
fn huawei_instructions_name_endpoints_on_other_domains() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b");
    let (wk, m) = (data("wrap_rsa2048.pub.pem"), data("sym32.bin"));
    wrap(
        &[
            "--provider",
            "huawei",
            "--key-spec",
            "AES_256",
            "--wrapping-key",
            wk.to_str().unwrap(),
            "--material",
            m.to_str().unwrap(),
        ],
        &out,
    );
    let readme = fs::read_to_string(out.join("README.txt")).unwrap();
    assert!(
        readme.contains("kms.eu-west-101.myhuaweicloud.eu"),
        "{readme}"
    );
}

#[test]
fn oci_with_a_key_id_imports_a_new_key_version() {
    let dir = tempfile::tempdir().unwrap();
    let (wk, m) = (data("wrap_rsa4096.pub.pem"), data("sym32.bin"));
    let base = [
        "--provider",
        "oci",
        "--key-spec",
        "AES_256",
        "--wrapping-key",
        wk.to_str().unwrap(),
        "--material",
        m.to_str().unwrap(),
    ];
    let line = next_line(&wrap(&base, &dir.path().join("new")));
    assert!(line.starts_with("oci kms management key import "), "{line}");
    let id = "ocid1.key.oc1.iad.exampleaaaa";
    let mut args = base.to_vec();
    args.extend(["--key-id", id]);
    let line = next_line(&wrap(&args, &dir.path().join("version")));
    assert!(
        line.starts_with("oci kms management key-version import "),
        "{line}"
    );
    assert_eq!(flag(&line, "--key-id"), Some(id), "{line}");
    assert_eq!(
        flag(&line, "--wrapped-import-key"),
        Some("file://key-material.json"),
        "{line}"
    );
}

#[test]
fn gcp_full_key_name_fills_in_the_import_job_parent() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b");
    let (wk, m) = (data("wrap_rsa3072.pub.pem"), data("sym32.bin"));
    wrap(
        &[
            "--provider",
            "gcp",
            "--key-spec",
            "AES_256",
            "--algorithm",
            "RSA_OAEP_3072_SHA256_AES_256",
            "--wrapping-key",
            wk.to_str().unwrap(),
            "--material",
            m.to_str().unwrap(),
            "--key-id",
            "projects/my-proj/locations/europe-west1/keyRings/ring1/cryptoKeys/key1",
        ],
        &out,
    );
    let body: Value =
        serde_json::from_slice(&fs::read(out.join("import-request.json")).unwrap()).unwrap();
    assert_eq!(
        body["importJob"].as_str(),
        Some("projects/my-proj/locations/europe-west1/keyRings/ring1/importJobs/<import-job>")
    );
}

/// `--material-expires`: spelled per cloud in the body and the CLI line, recorded in the manifest
/// and README, refused where the cloud has no such setting, in the past, or beyond its limit.
#[test]
fn material_expiry_is_spelled_per_cloud_and_refused_where_it_cannot_be() {
    let dir = tempfile::tempdir().unwrap();
    let when = "2099-01-01T00:00:00Z";
    let when_unix = 4_070_908_800_i64;
    let sym = data("sym32.bin");
    let run = |name: &str, args: &[&str]| -> Output {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--material", sym.to_str().unwrap()]);
        common::bin()
            .arg("wrap")
            .args(&all)
            .arg("--out")
            .arg(dir.path().join(name))
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let body = |name: &str, file: &str| -> Value {
        serde_json::from_slice(&fs::read(dir.path().join(name).join(file)).unwrap()).unwrap()
    };
    let (wk2, wk4) = (data("wrap_rsa2048.pub.pem"), data("wrap_rsa4096.pub.pem"));
    let (tb64, tbin) = (data("token.b64"), data("token.bin"));
    // Huawei: expiration_time in the body.
    let o = run(
        "huawei",
        &[
            "--provider",
            "huawei",
            "--key-spec",
            "AES_256",
            "--wrapping-key",
            wk2.to_str().unwrap(),
            "--import-token",
            tb64.to_str().unwrap(),
            "--key-id",
            "43f1ffd7-18fb-4568-9575-602e009b7ee8",
            "--material-expires",
            when,
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        body("huawei", "import-key-material.json")["expiration_time"],
        when_unix
    );
    let m = body("huawei", "manifest.json");
    assert_eq!(m["material_expires"], when);
    let readme = fs::read_to_string(dir.path().join("huawei/README.txt")).unwrap();
    assert!(
        readme.contains(&format!("Material expires:  {when}")),
        "{readme}"
    );
    // Alibaba: KeyMaterialExpireUnix; Tencent: ValidTo; both in body and line.
    for (p, field) in [("alibaba", "KeyMaterialExpireUnix"), ("tencent", "ValidTo")] {
        let o = run(
            p,
            &[
                "--provider",
                p,
                "--key-spec",
                "AES_256",
                "--wrapping-key",
                wk2.to_str().unwrap(),
                "--import-token",
                tb64.to_str().unwrap(),
                "--key-id",
                "key-1234",
                "--material-expires",
                "2030-01-01",
            ],
        );
        assert!(
            o.status.success(),
            "{p}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(
            body(p, "import-key-material.json")[field],
            1_893_456_000_i64,
            "{p}"
        );
        assert_eq!(
            flag(&next_line(&o), &format!("--{field}")),
            Some("1893456000"),
            "{p}"
        );
    }
    // Tencent's ValidTo stops at 2147443200 (2038-01-19).
    let o = run(
        "tencent-far",
        &[
            "--provider",
            "tencent",
            "--key-spec",
            "AES_256",
            "--wrapping-key",
            wk2.to_str().unwrap(),
            "--material-expires",
            when,
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("latest allowed time"));
    // Without the flag: never (0), as before.
    let o = run(
        "alibaba-never",
        &[
            "--provider",
            "alibaba",
            "--key-spec",
            "AES_256",
            "--wrapping-key",
            wk2.to_str().unwrap(),
            "--import-token",
            tb64.to_str().unwrap(),
            "--key-id",
            "key-1",
        ],
    );
    assert!(o.status.success());
    assert_eq!(
        body("alibaba-never", "import-key-material.json")["KeyMaterialExpireUnix"],
        0
    );
    assert_eq!(
        body("alibaba-never", "manifest.json")["material_expires"],
        "never"
    );
    // AWS: KEY_MATERIAL_EXPIRES with ValidTo, within 365 days.
    let soon = time::OffsetDateTime::now_utc() + time::Duration::days(30);
    let soon = soon.replace_nanosecond(0).unwrap();
    let soon_text = soon
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let aws = |name: &str, exp: &str| {
        run(
            name,
            &[
                "--provider",
                "aws",
                "--key-spec",
                "AES_256",
                "--wrapping-key",
                wk4.to_str().unwrap(),
                "--import-token",
                tbin.to_str().unwrap(),
                "--key-id",
                "f44c4e20-f83c-48f4-adc6-a1ef38829760",
                "--material-expires",
                exp,
            ],
        )
    };
    let o = aws("aws", &soon_text);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let b = body("aws", "import-key-material.json");
    assert_eq!(b["ExpirationModel"], "KEY_MATERIAL_EXPIRES");
    assert_eq!(b["ValidTo"], soon.unix_timestamp());
    let line = next_line(&o);
    assert_eq!(
        flag(&line, "--expiration-model"),
        Some("KEY_MATERIAL_EXPIRES"),
        "{line}"
    );
    assert_eq!(
        flag(&line, "--valid-to"),
        Some(soon_text.as_str()),
        "{line}"
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("delete the imported key material"));
    // Azure: the key's --expires.
    let o = run(
        "azure",
        &[
            "--provider",
            "azure",
            "--key-spec",
            "AES_256",
            "--kek-id",
            "https://v.vault.azure.net/keys/KEK/0123456789abcdef0123456789abcdef",
            "--wrapping-key",
            wk2.to_str().unwrap(),
            "--material-expires",
            when,
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(flag(&next_line(&o), "--expires"), Some(when));
    // Refusals: exit 2, nothing written.
    let refused = |name: &str, o: &Output, words: &str| {
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.lines()
                .next()
                .unwrap_or("")
                .contains("--material-expires"),
            "{name}: {err}"
        );
        assert!(err.contains(words), "{name}: {err}");
        assert!(
            !dir.path().join(name).exists(),
            "{name}: something was written"
        );
    };
    refused("aws-far", &aws("aws-far", when), "365 days");
    refused(
        "aws-past",
        &aws("aws-past", "2020-01-01T00:00:00Z"),
        "not in the future",
    );
    refused("aws-bad", &aws("aws-bad", "next tuesday"), "not a time");
    let o = run(
        "gcp",
        &[
            "--provider",
            "gcp",
            "--key-spec",
            "AES_256",
            "--algorithm",
            "RSA_OAEP_4096_SHA256_AES_256",
            "--wrapping-key",
            wk4.to_str().unwrap(),
            "--material-expires",
            when,
        ],
    );
    refused("gcp", &o, "no expiry");
    let o = run(
        "oci",
        &[
            "--provider",
            "oci",
            "--key-spec",
            "AES_256",
            "--wrapping-key",
            wk4.to_str().unwrap(),
            "--material-expires",
            when,
        ],
    );
    refused("oci", &o, "no expiry");
}

/// Re-import: the age backup of a generated key is accepted as `--material` (with its passphrase)
/// and gives the same key (same check value); `--expect-kcv` guards against the wrong file.
#[test]
fn the_backup_re_imports_the_same_key() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (wk, pass) = (data("wrap_rsa2048.pub.pem"), data("backup.pass"));
    let backup = d.join("k.age");
    let base = [
        "--provider",
        "huawei",
        "--key-spec",
        "AES_256",
        "--wrapping-key",
        wk.to_str().unwrap(),
    ];
    let mut first = base.to_vec();
    first.extend([
        "--generate",
        "--backup",
        backup.to_str().unwrap(),
        "--backup-passphrase-file",
        pass.to_str().unwrap(),
    ]);
    wrap(&first, &d.join("first"));
    let kcv = |dir: &str| -> String {
        let m: Value =
            serde_json::from_slice(&fs::read(d.join(dir).join("manifest.json")).unwrap()).unwrap();
        m["key_check_value"]["value"].as_str().unwrap().to_owned()
    };
    let want = kcv("first");
    let mut again = base.to_vec();
    again.extend([
        "--material",
        backup.to_str().unwrap(),
        "--material-passphrase-file",
        pass.to_str().unwrap(),
        "--expect-kcv",
        &want,
    ]);
    wrap(&again, &d.join("again"));
    assert_eq!(kcv("again"), want, "the re-import is another key");
    // The Python oracle recovers the same 32 bytes from both bundles.
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/unwrap_bundle.py");
    let unwrap = |b: &str| {
        let o = Command::new("python3")
            .arg(&script)
            .arg(d.join(b))
            .arg(data("wrap_rsa2048.key.pem"))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    assert_eq!(unwrap("first"), unwrap("again"));
    // Another check value, no passphrase, the wrong passphrase: exit 2, nothing written.
    let refuse = |args: &[&str], out: &str, words: &str| {
        let o = common::bin()
            .arg("wrap")
            .args(args)
            .arg("--out")
            .arg(d.join(out))
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{out}: {err}");
        assert!(err.contains(words), "{out}: {err}");
        assert!(!d.join(out).exists());
    };
    let mut other = again.clone();
    let last = other.len() - 1;
    other[last] = "000000";
    refuse(&other, "other", "not 000000");
    let mut nopass = base.to_vec();
    nopass.extend(["--material", backup.to_str().unwrap()]);
    refuse(&nopass, "nopass", "no passphrase");
    let wrong = d.join("wrong.pass");
    fs::write(&wrong, "not the passphrase\n").unwrap();
    let mut bad = base.to_vec();
    bad.extend([
        "--material",
        backup.to_str().unwrap(),
        "--material-passphrase-file",
        wrong.to_str().unwrap(),
    ]);
    refuse(&bad, "bad", "does not decrypt");
}

// ------------------------------------------------------------- the clouds' own SDK models

/// The python of the cached virtualenv with the clouds' SDKs (`scripts/vendor-venv.sh` makes or
/// refreshes it; pinned in `tests/oracle/vendor-requirements.txt`). Panics, never skips, when it
/// cannot be made.
fn vendor_python() -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/vendor-venv.sh");
    let o = Command::new("bash").arg(script).output().unwrap();
    assert!(
        o.status.success(),
        "scripts/vendor-venv.sh failed (it needs python3-venv and PyPI): {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8(o.stdout).unwrap();
    out.lines()
        .last()
        .expect("vendor-venv.sh printed no path")
        .to_owned()
}

/// `tests/oracle/vendor_models.py` over `dirs`: (exit status, stdout).
fn vendor_models(python: &str, dirs: &[PathBuf]) -> (i32, String) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/vendor_models.py");
    let o = Command::new(python)
        .arg(script)
        .args(dirs)
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
    )
}

/// Every (cloud, key spec, algorithm) of `byok-wizard providers`.
/// Google Cloud KMS key version algorithms `providers` lists for a spec besides its default.
fn gcp_other_key_algorithms(spec: &str) -> Vec<String> {
    let o = run(&["providers"]);
    let text = String::from_utf8(o.stdout).unwrap();
    let gcp = text
        .split("\n\n")
        .find(|block| block.starts_with("gcp — "))
        .expect("providers lists gcp");
    let mut current = None;
    for line in gcp.lines().skip(1) {
        let rest = line.strip_prefix("  ").unwrap_or(line);
        if !rest.starts_with(' ') {
            current = rest.split_whitespace().next().map(str::to_owned);
        } else if let Some((_, list)) = rest.split_once("(--key-algorithm): ") {
            if current.as_deref() == Some(spec) {
                return list
                    .split(", ")
                    .filter(|a| !a.ends_with("(default)"))
                    .map(str::to_owned)
                    .collect();
            }
        }
    }
    Vec::new()
}

fn catalog() -> Vec<(String, String, String)> {
    let o = run(&["providers"]);
    assert!(o.status.success());
    let text = String::from_utf8(o.stdout).unwrap();
    let mut out = vec![];
    let mut provider = None;
    for line in text.lines() {
        if line.starts_with("Refused") {
            break;
        }
        if let Some((id, _)) = line.split_once(" — ") {
            if !line.starts_with(' ') {
                provider = Some(id.to_owned());
                continue;
            }
        }
        let Some(p) = &provider else { continue };
        let Some(rest) = line.strip_prefix("  ") else {
            continue;
        };
        if rest.starts_with(' ') {
            continue; // the description line
        }
        let spec = rest.split_whitespace().next().unwrap().to_owned();
        let algs = rest
            .split_once(char::is_whitespace)
            .map(|(_, a)| a.trim_start())
            .unwrap_or("");
        let algs = algs.strip_prefix("= ").map_or(algs, |a| {
            a.split_once(char::is_whitespace)
                .map_or("", |(_, r)| r.trim_start())
        });
        for a in algs.split(',') {
            let a = a.split_whitespace().next().unwrap_or("");
            if !a.is_empty() {
                out.push((p.clone(), spec.clone(), a.to_owned()));
            }
        }
    }
    out
}

/// Material for a key spec: a fixture, or `--generate` where none is kept (SM2).
fn material_args(spec: &str) -> Vec<String> {
    let file = match spec {
        "AES_128" | "SM4" => "sym16.bin",
        "AES_192" => "sym24.bin",
        "AES_256" => "sym32.bin",
        "HMAC_160" => "hmac20.bin",
        "HMAC_224" => "hmac28.bin",
        "HMAC_256" => "hmac32.bin",
        "HMAC_384" => "hmac48.bin",
        "HMAC_512" => "hmac64.bin",
        "RSA_2048" => "mat_rsa2048.pk8.der",
        "RSA_3072" => "mat_rsa3072.pk8.der",
        "RSA_4096" => "mat_rsa4096.pk8.der",
        "EC_P256" => "mat_ec_p256.pk8.der",
        "EC_P384" => "mat_ec_p384.pk8.der",
        "EC_P521" => "mat_ec_p521.pk8.der",
        "EC_P256K" => "mat_ec_secp256k1.pk8.der",
        "ED25519" => "mat_ed25519.pk8.der",
        _ => return vec!["--generate".into()],
    };
    vec!["--material".into(), data(file).display().to_string()]
}

/// Every request body byok-wizard writes — each offer of the catalog, with the practice KMS's key
/// id, with and without a material expiry where the cloud has one, and without a key id — passes
/// the cloud's own SDK model (botocore, huaweicloudsdkkms, alibabacloud_kms20160120,
/// tencentcloud-sdk-python-kms, oci, google-cloud-kms; see `tests/oracle/vendor_models.py`). And
/// the oracle can fail: a body with one field misspelled is rejected for every cloud.
#[test]
fn request_bodies_pass_the_clouds_own_sdk_models() {
    let python = vendor_python();
    let combos = catalog();
    assert!(combos.len() > 100, "catalog parse: {combos:?}");
    let work = tempfile::tempdir().unwrap();
    let expires = (time::OffsetDateTime::now_utc() + time::Duration::days(30))
        .replace_nanosecond(0)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    let mut bundles = vec![];
    let mut with_body: std::collections::BTreeMap<String, PathBuf> = Default::default();
    let mut gcp_specs_seen = std::collections::BTreeSet::new();
    let mut gcp_key_algorithms = 0;
    for (i, (provider, spec, alg)) in combos.iter().enumerate() {
        let pdir = work.path().join(format!("p{i}"));
        let o = run(&[
            "practice",
            "new",
            "--provider",
            provider,
            "--key-spec",
            spec,
            "--algorithm",
            alg,
            "--count",
            "1",
            "--out",
            pdir.to_str().unwrap(),
        ]);
        assert!(
            o.status.success(),
            "practice new {provider} {spec} {alg}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let mut plan = csv_rows(&fs::read_to_string(pdir.join("plan.csv")).unwrap());
        let row = plan.remove(0);
        let mut base: Vec<String> = [
            "wrap",
            "--provider",
            provider,
            "--key-spec",
            spec,
            "--algorithm",
            alg,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        base.extend([
            "--wrapping-key".into(),
            pdir.join(&row["wrapping_key"]).display().to_string(),
        ]);
        if !row["import_token"].is_empty() {
            base.extend([
                "--import-token".into(),
                pdir.join(&row["import_token"]).display().to_string(),
            ]);
        }
        if !row["kek_id"].is_empty() {
            base.extend(["--kek-id".into(), row["kek_id"].clone()]);
        }
        base.extend(material_args(spec));
        let mut variants: Vec<Vec<String>> = vec![vec![]];
        if !row["key_id"].is_empty() {
            variants.push(vec!["--key-id".into(), row["key_id"].clone()]);
            if provider != "gcp" && provider != "oci" {
                variants.push(vec![
                    "--key-id".into(),
                    row["key_id"].clone(),
                    "--material-expires".into(),
                    expires.clone(),
                ]);
            }
            // Google: every key version algorithm the spec's material can become, once per spec.
            if provider == "gcp" && gcp_specs_seen.insert(spec.clone()) {
                for a in gcp_other_key_algorithms(spec) {
                    gcp_key_algorithms += 1;
                    variants.push(vec![
                        "--key-id".into(),
                        row["key_id"].clone(),
                        "--key-algorithm".into(),
                        a,
                    ]);
                }
            }
            if provider == "aws" && (spec == "AES_256" || spec == "SM4") {
                // AWS rotation: a re-import of material the key had, by its id, described.
                for t in ["new", "existing"] {
                    let mut v: Vec<String> = [
                        "--key-id",
                        &row["key_id"],
                        "--import-type",
                        t,
                        "--material-description",
                        "rotation 2026-11",
                    ]
                    .iter()
                    .map(|s| s.to_string())
                    .collect();
                    if t == "existing" {
                        v.extend(["--material-id".into(), "0123456789abcdef".repeat(4)]);
                    }
                    variants.push(v);
                }
            }
        }
        for (v, extra) in variants.iter().enumerate() {
            let out = work.path().join(format!("b{i}-{v}"));
            let mut args = base.clone();
            args.extend(extra.iter().cloned());
            args.extend(["--out".into(), out.display().to_string()]);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let o = run(&args);
            assert!(
                o.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            if out.join("manifest.json").exists()
                && fs::read_to_string(out.join("manifest.json"))
                    .unwrap()
                    .contains("\"api_request\"")
            {
                with_body
                    .entry(provider.clone())
                    .or_insert_with(|| out.clone());
            }
            bundles.push(out);
        }
    }
    // AES_256 3 + AES_128 2 + RSA 4 + 4 + 7 besides the defaults.
    assert_eq!(gcp_key_algorithms, 20, "GCP key version algorithms tried");
    for b in &bundles {
        let readme = fs::read_to_string(b.join("README.txt")).unwrap();
        if let Err(e) = powershell_line_is_clean(&readme) {
            panic!("{}: {e}\n{readme}", b.display());
        }
    }
    let (status, report) = vendor_models(&python, &bundles);
    assert_eq!(status, 0, "a vendor model rejected a body:\n{report}");
    let oks = report.lines().filter(|l| l.starts_with("ok ")).count();
    assert_eq!(oks, bundles.len(), "one ok line per bundle:\n{report}");
    for p in ["aws", "huawei", "alibaba", "tencent", "oci", "gcp"] {
        assert!(
            with_body.contains_key(p),
            "no {p} bundle with a request body"
        );
    }

    // The oracle can fail: one field misspelled in a copy of each cloud's body.
    for (provider, dir) in &with_body {
        let bad = work.path().join(format!("misspelled-{provider}"));
        fs::create_dir(&bad).unwrap();
        for e in fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            fs::copy(e.path(), bad.join(e.file_name())).unwrap();
        }
        let manifest: serde_json::Value =
            serde_json::from_slice(&fs::read(bad.join("manifest.json")).unwrap()).unwrap();
        let name = manifest["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["role"] == "api_request")
            .unwrap()["name"]
            .as_str()
            .unwrap()
            .to_owned();
        let body: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(&fs::read(bad.join(&name)).unwrap()).unwrap();
        let first = body.keys().next().unwrap().clone();
        let renamed: serde_json::Map<_, _> = body
            .into_iter()
            .map(|(k, v)| (if k == first { format!("{k}x") } else { k }, v))
            .collect();
        fs::write(bad.join(&name), serde_json::to_vec(&renamed).unwrap()).unwrap();
        let (status, report) = vendor_models(&python, std::slice::from_ref(&bad));
        assert_eq!(
            status, 1,
            "{provider}: '{first}x' was not rejected:\n{report}"
        );
    }
}

/// README.txt's PowerShell line holds none of what PowerShell reads otherwise than bash: `$(cat`,
/// `$NAME` that is not `$env:NAME`, `\"` inside double quotes, a bare `@file` (a splat), `curl`
/// (Invoke-WebRequest in Windows PowerShell 5.1); and it is the POSIX line's command.
fn powershell_line_is_clean(readme: &str) -> Result<(), String> {
    let lines: Vec<&str> = readme.lines().collect();
    let after = |heading: &str| {
        lines
            .iter()
            .position(|l| *l == heading)
            .and_then(|i| lines.get(i + 1))
            .map(|l| l.trim().to_owned())
            .ok_or(format!("no line under {heading:?}"))
    };
    let posix = after("Command line:")?;
    let ps = after("The same in PowerShell 7.3 or later (Windows):")?;
    let first = |l: &str| l.split(' ').next().unwrap_or("").to_owned();
    let expected = if first(&posix) == "curl" {
        "curl.exe".to_owned()
    } else {
        first(&posix)
    };
    if first(&ps) != expected {
        return Err(format!(
            "PowerShell line runs {:?}, not {expected:?}",
            first(&ps)
        ));
    }
    for bad in ["$(cat", "\\\"", " @"] {
        if ps.contains(bad) {
            return Err(format!("PowerShell line holds {bad:?}: {ps}"));
        }
    }
    for (i, _) in ps.match_indices('$') {
        let rest = &ps[i + 1..];
        let ok = rest.starts_with("env:")
            || rest.starts_with("((Get-Content -Raw '")
            || ps[..i].ends_with('`');
        if !ok {
            return Err(format!(
                "PowerShell line has a bare ${}: {ps}",
                &rest[..rest.len().min(12)]
            ));
        }
    }
    Ok(())
}

/// A small CSV reader for the practice KMS's plan (no quoted cells in it).
fn csv_rows(text: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_owned)
        .collect();
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split(',').map(str::to_owned))
                .collect()
        })
        .collect()
}

/// Key ids the clouds' ImportKeyMaterial does not take are refused before anything is written:
/// Huawei's documented `key_id` pattern (lowercase 8-4-4-4-12), AWS's "key ID or key ARN" (no alias).
#[test]
fn key_ids_the_cloud_does_not_take_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let wk = data("wrap_rsa2048.pub.pem");
    let tok = data("token.bin");
    for (provider, id, ok_, words) in [
        ("huawei", "my-key", false, "not a huawei key id"),
        (
            "huawei",
            "0D0466B0-E727-4D9C-B35D-F84BB474A37F",
            false,
            "lowercase",
        ),
        ("huawei", "0d0466b0-e727-4d9c-b35d-f84bb474a37f", true, ""),
        ("aws", "alias/mykey", false, "alias"),
        (
            "aws",
            "arn:aws:kms:us-east-2:111122223333:alias/mykey",
            false,
            "alias",
        ),
        ("aws", "mykey", false, "not an aws kms key id"),
        ("aws", "1234abcd-12ab-34cd-56ef-1234567890ab", true, ""),
        ("aws", "mrk-1234abcd12ab34cd56ef1234567890ab", true, ""),
        (
            "aws",
            "arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            true,
            "",
        ),
    ] {
        let out = dir
            .path()
            .join(format!("{provider}-{}", id.replace(['/', ':'], "_")));
        let token = if provider == "huawei" {
            data("token.b64")
        } else {
            tok.clone()
        };
        let o = run(&[
            "wrap",
            "--provider",
            provider,
            "--key-spec",
            "AES_256",
            "--wrapping-key",
            wk.to_str().unwrap(),
            "--import-token",
            token.to_str().unwrap(),
            "--material",
            data("sym32.bin").to_str().unwrap(),
            "--key-id",
            id,
            "--out",
            out.to_str().unwrap(),
        ]);
        if ok_ {
            assert!(
                o.status.success(),
                "{provider} {id}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        } else {
            let err = String::from_utf8_lossy(&o.stderr).to_lowercase();
            assert_eq!(o.status.code(), Some(2), "{provider} {id}: {err}");
            let first = err.lines().next().unwrap_or("");
            assert!(
                first.contains("--key-id") && first.contains(words),
                "{provider} {id}: {err}"
            );
            assert!(first.contains(" — "), "one line with what to do: {err}");
            assert!(!out.exists(), "nothing written for {provider} {id}");
        }
    }
}

/// AWS's lifecycle options: `ImportType`, `KeyMaterialDescription`, `KeyMaterialId` (symmetric
/// encryption keys only) and the Region, in the request body and the CLI line with awscli's
/// spellings; the China Regions' rules (SYMMETRIC_DEFAULT is SM4, no RSA_AES_KEY_WRAP); every
/// refusal is exit 2, one line naming the flag, nothing written.
#[test]
fn aws_rotation_regions_and_china_options() {
    let dir = tempfile::tempdir().unwrap();
    let wk = data("wrap_rsa2048.pub.pem");
    let tok = data("token.bin");
    let id = "1234abcd-12ab-34cd-56ef-1234567890ab";
    let mid = "a".repeat(63) + "1";
    let args = |spec: &str, mat: &str, extra: &[&str], out: &Path| -> Vec<String> {
        let mut v: Vec<String> = [
            "wrap",
            "--provider",
            "aws",
            "--key-spec",
            spec,
            "--wrapping-key",
            wk.to_str().unwrap(),
            "--import-token",
            tok.to_str().unwrap(),
            "--material",
            data(mat).to_str().unwrap(),
            "--key-id",
            id,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        v.extend(extra.iter().map(|s| s.to_string()));
        v.extend(["--out".into(), out.display().to_string()]);
        v
    };
    let go = |v: &[String]| run(&v.iter().map(String::as_str).collect::<Vec<_>>());

    // A rotation back to material the key had: EXISTING_KEY_MATERIAL with its id and a description.
    let out = dir.path().join("existing");
    let o = go(&args(
        "AES_256",
        "sym32.bin",
        &[
            "--import-type",
            "existing",
            "--material-id",
            &mid,
            "--material-description",
            "rotation 2026-11",
            "--region",
            "eu-west-1",
        ],
        &out,
    ));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let body: Value =
        serde_json::from_slice(&fs::read(out.join("import-key-material.json")).unwrap()).unwrap();
    assert_eq!(body["ImportType"], "EXISTING_KEY_MATERIAL");
    assert_eq!(body["KeyMaterialId"], mid.as_str());
    assert_eq!(body["KeyMaterialDescription"], "rotation 2026-11");
    let line = next_line(&o);
    assert_eq!(
        flag(&line, "--import-type"),
        Some("EXISTING_KEY_MATERIAL"),
        "{line}"
    );
    assert_eq!(
        flag(&line, "--key-material-id"),
        Some(mid.as_str()),
        "{line}"
    );
    assert!(
        line.contains("--key-material-description 'rotation 2026-11'"),
        "{line}"
    );
    assert_eq!(flag(&line, "--region"), Some("eu-west-1"), "{line}");
    // Without the options the body has none of the fields (the cloud's defaults apply).
    let plain = dir.path().join("plain");
    let o = go(&args("AES_256", "sym32.bin", &[], &plain));
    assert!(o.status.success());
    let body: Value =
        serde_json::from_slice(&fs::read(plain.join("import-key-material.json")).unwrap()).unwrap();
    for f in ["ImportType", "KeyMaterialId", "KeyMaterialDescription"] {
        assert!(body.get(f).is_none(), "{f} in {body}");
    }

    // China Regions: SM4 (16 bytes) with an aws-cn key ARN or --region cn-…
    let cn = dir.path().join("cn");
    let mut v = args("SM4", "sym16.bin", &["--region", "cn-north-1"], &cn);
    let at = v.iter().position(|a| a == id).unwrap();
    v[at] =
        "arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab".into();
    let o = go(&v);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let manifest: Value =
        serde_json::from_slice(&fs::read(cn.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["provider_key_spec"], "SYMMETRIC_DEFAULT");
    assert_eq!(manifest["key_spec"], "SM4");

    for (spec, mat, extra, flag_name, words) in [
        (
            "RSA_2048",
            "mat_rsa2048.pk8.der",
            vec!["--import-type", "new"],
            "--import-type",
            "symmetric encryption keys",
        ),
        (
            "AES_256",
            "sym32.bin",
            vec!["--import-type", "new", "--material-id", mid.as_str()],
            "--material-id",
            "--import-type new",
        ),
        (
            "AES_256",
            "sym32.bin",
            vec!["--material-id", "ABC"],
            "--material-id",
            "64 lowercase hex",
        ),
        (
            "AES_256",
            "sym32.bin",
            vec!["--material-description", "bad;chars"],
            "--material-description",
            "letters, digits",
        ),
        (
            "AES_256",
            "sym32.bin",
            vec!["--import-type", "rotate"],
            "--import-type",
            "not new or existing",
        ),
        (
            "AES_256",
            "sym32.bin",
            vec!["--region", "cn-north-1"],
            "--key-spec",
            "sm4",
        ),
        (
            "RSA_2048",
            "mat_rsa2048.pk8.der",
            vec!["--region", "cn-northwest-1"],
            "--algorithm",
            "not offered in aws china regions",
        ),
        (
            "SM4",
            "sym16.bin",
            vec!["--region", "us-east-1"],
            "--key-spec",
            "only in aws china regions",
        ),
        (
            "AES_256",
            "sym32.bin",
            vec!["--region", "Frankfurt"],
            "--region",
            "not an aws region code",
        ),
    ] {
        let out = dir.path().join("refused");
        let o = go(&args(spec, mat, &extra, &out));
        let err = String::from_utf8_lossy(&o.stderr).to_lowercase();
        assert_eq!(o.status.code(), Some(2), "{spec} {extra:?}: {err}");
        let first = err.lines().next().unwrap_or("");
        assert!(
            first.contains(flag_name) && first.contains(words),
            "{spec} {extra:?}: {err}"
        );
        assert!(!out.exists(), "nothing written for {extra:?}");
    }
    // Other clouds have no such options.
    let o = run(&[
        "wrap",
        "--provider",
        "huawei",
        "--key-spec",
        "AES_256",
        "--wrapping-key",
        wk.to_str().unwrap(),
        "--material",
        data("sym32.bin").to_str().unwrap(),
        "--import-type",
        "new",
        "--out",
        dir.path().join("hw").to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with("error: --import-type: is an AWS KMS option"),
        "{err}"
    );
}

/// Google's quantum-safe import methods and key types whose import format Google does not
/// document are listed by `providers` as refused, and refused with their reason.
#[test]
fn gcp_import_methods_without_a_documented_layout_are_refused_with_the_reason() {
    let o = run(&["providers"]);
    let list = String::from_utf8_lossy(&o.stdout);
    let refused = list
        .split("Refused on purpose")
        .nth(1)
        .expect("a refused section");
    for name in [
        "HPKE_KEM_ML_KEM_768_HKDF_SHA256_AES_256_GCM",
        "HPKE_KEM_ML_KEM_1024_HKDF_SHA256_AES_256_GCM",
        "HPKE_KEM_XWING_HKDF_SHA256_AES_256_GCM",
        "PQ_SIGN_ML_DSA_65",
    ] {
        assert!(
            refused.contains(name),
            "{name} not listed as refused:\n{refused}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b");
    let o = run(&[
        "wrap",
        "--provider",
        "gcp",
        "--key-spec",
        "AES_256",
        "--algorithm",
        "HPKE_KEM_XWING_HKDF_SHA256_AES_256_GCM",
        "--wrapping-key",
        data("wrap_rsa3072.pub.pem").to_str().unwrap(),
        "--material",
        data("sym32.bin").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.lines().count() == 1 && err.contains("layout"), "{err}");
    assert!(!out.exists());
}

/// Google Cloud KMS: `--key-algorithm` names the new key version's algorithm in the body and the
/// gcloud line (`--algorithm` must equal the key's purpose); without it the spec's usual one is
/// written and README.txt names the others. An algorithm of other material, an unknown one, or
/// the flag for another cloud is refused: exit 2, one line, nothing written.
#[test]
fn gcp_key_algorithm_names_the_key_version_and_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let wk = data("wrap_rsa3072.pub.pem");
    let base = |spec: &'static str, mat: &str| -> Vec<String> {
        [
            "--provider",
            "gcp",
            "--key-spec",
            spec,
            "--algorithm",
            "RSA_OAEP_3072_SHA256_AES_256",
            "--wrapping-key",
            wk.to_str().unwrap(),
            "--material",
            data(mat).to_str().unwrap(),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let body_alg = |out: &Path| -> String {
        let body: Value =
            serde_json::from_slice(&fs::read(out.join("import-request.json")).unwrap()).unwrap();
        body["algorithm"].as_str().unwrap().to_owned()
    };
    // Chosen, in either spelling.
    for (spec, mat, given, api) in [
        (
            "RSA_3072",
            "mat_rsa3072.pk8.der",
            "rsa-decrypt-oaep-3072-sha256",
            "RSA_DECRYPT_OAEP_3072_SHA256",
        ),
        ("AES_256", "sym32.bin", "AES_256_GCM", "AES_256_GCM"),
        ("AES_128", "sym16.bin", "aes-128-ctr", "AES_128_CTR"),
    ] {
        let out = dir.path().join(format!("chosen-{api}"));
        let mut args = base(spec, mat);
        args.extend(["--key-algorithm".into(), given.into()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let line = next_line(&wrap(&args, &out));
        assert_eq!(body_alg(&out), api);
        let gcloud = api.to_ascii_lowercase().replace('_', "-");
        assert_eq!(flag(&line, "--algorithm"), Some(gcloud.as_str()), "{line}");
        let readme = fs::read_to_string(out.join("README.txt")).unwrap();
        assert!(
            !readme.contains("wrap again with --key-algorithm"),
            "{readme}"
        );
    }
    // The default, with the others named.
    let out = dir.path().join("default-rsa");
    let args = base("RSA_3072", "mat_rsa3072.pk8.der");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    wrap(&args, &out);
    assert_eq!(body_alg(&out), "RSA_SIGN_PKCS1_3072_SHA256");
    let readme = fs::read_to_string(out.join("README.txt")).unwrap();
    assert!(
        readme.contains("RSA_DECRYPT_OAEP_3072_SHA256") && readme.contains("--key-algorithm"),
        "{readme}"
    );
    // Refused.
    for (provider, spec, mat, given, words) in [
        (
            "gcp",
            "AES_256",
            "sym32.bin",
            "AES_128_GCM",
            "takes aes_128 material",
        ),
        (
            "gcp",
            "RSA_2048",
            "mat_rsa2048.pk8.der",
            "RSA_DECRYPT_OAEP_3072_SHA256",
            "takes rsa_3072",
        ),
        (
            "gcp",
            "HMAC_160",
            "hmac20.bin",
            "HMAC_SHA_1",
            "not a cloud kms key version algorithm",
        ),
        (
            "aws",
            "AES_256",
            "sym32.bin",
            "AES_256_GCM",
            "google cloud kms option",
        ),
    ] {
        let out = dir.path().join(format!("refused-{provider}-{given}"));
        let mut args = base(spec, mat);
        args[1] = provider.into();
        if provider == "aws" {
            args.drain(4..6); // AWS's default algorithm
            args[5] = data("wrap_rsa2048.pub.pem").display().to_string();
        }
        args.extend(["--key-algorithm".into(), given.into()]);
        args.extend(["--out".into(), out.display().to_string()]);
        let mut all = vec!["wrap".to_string()];
        all.extend(args);
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let o = run(&all);
        let err = String::from_utf8_lossy(&o.stderr).to_lowercase();
        assert_eq!(o.status.code(), Some(2), "{all:?}: {err}");
        let first = err.lines().next().unwrap_or("");
        assert!(
            first.contains("--key-algorithm") && first.contains(words) && first.contains(" — "),
            "{all:?}: {err}"
        );
        assert!(!out.exists(), "nothing written for {all:?}");
    }
}

/// OCI's key ids are OCIDs: a key-version import with anything else is refused before anything
/// is written, and the practice KMS hands out key OCIDs that pass.
#[test]
fn oci_key_ids_are_key_ocids() {
    let dir = tempfile::tempdir().unwrap();
    let wk = data("wrap_rsa4096.pub.pem");
    for (id, ok_, words) in [
        ("ocid1.key.oc1.iad.exampleaaaa.abuwcljrexample", true, ""),
        ("my-key", false, "not a key's ocid"),
        (
            "ocid1.vault.oc1.iad.exampleaaaa.abuwcljrexample",
            false,
            "of a vault",
        ),
    ] {
        let out = dir.path().join(id);
        let o = run(&[
            "wrap",
            "--provider",
            "oci",
            "--key-spec",
            "AES_256",
            "--wrapping-key",
            wk.to_str().unwrap(),
            "--material",
            data("sym32.bin").to_str().unwrap(),
            "--key-id",
            id,
            "--out",
            out.to_str().unwrap(),
        ]);
        let err = String::from_utf8_lossy(&o.stderr).to_lowercase();
        if ok_ {
            assert!(o.status.success(), "{id}: {err}");
        } else {
            assert_eq!(o.status.code(), Some(2), "{id}: {err}");
            let first = err.lines().next().unwrap_or("");
            assert!(
                first.contains("--key-id") && first.contains(words),
                "{id}: {err}"
            );
            assert!(!out.exists());
        }
    }
    let p = dir.path().join("practice");
    let o = run(&[
        "practice",
        "new",
        "--provider",
        "oci",
        "--key-spec",
        "AES_256",
        "--count",
        "1",
        "--out",
        p.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let plan = csv_rows(&fs::read_to_string(p.join("plan.csv")).unwrap());
    assert!(
        plan[0]["key_id"].starts_with("ocid1.key.oc1."),
        "practice key id {}",
        plan[0]["key_id"]
    );
}

/// Azure AES (oct-HSM): the tool says where such keys import (Managed HSM), on stderr and in
/// README.txt, whatever the KEK's host.
#[test]
fn azure_aes_keys_carry_the_managed_hsm_caveat() {
    let dir = tempfile::tempdir().unwrap();
    let wk = data("wrap_rsa2048.pub.pem");
    for (spec, mat, kek, warned) in [
        (
            "AES_256",
            "sym32.bin",
            "https://v.vault.azure.net/keys/KEK/0123",
            true,
        ),
        (
            "AES_128",
            "sym16.bin",
            "https://h.managedhsm.azure.net/keys/KEK/0123",
            true,
        ),
        (
            "RSA_2048",
            "mat_rsa2048.pk8.der",
            "https://v.vault.azure.net/keys/KEK/0123",
            false,
        ),
    ] {
        let out = dir.path().join(spec);
        let o = wrap(
            &[
                "--provider",
                "azure",
                "--key-spec",
                spec,
                "--wrapping-key",
                wk.to_str().unwrap(),
                "--kek-id",
                kek,
                "--material",
                data(mat).to_str().unwrap(),
            ],
            &out,
        );
        let err = String::from_utf8_lossy(&o.stderr);
        let readme = fs::read_to_string(out.join("README.txt")).unwrap();
        assert_eq!(err.contains("oct-HSM"), warned, "{spec}: {err}");
        assert_eq!(readme.contains("oct-HSM"), warned, "{spec}: {readme}");
    }
}
