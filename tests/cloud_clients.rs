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
use std::path::Path;
use std::process::{Command, Output, Stdio};

mod common;

use common::{data, BIN};

fn wrap(args: &[&str], out: &Path) -> Output {
    let o = Command::new(BIN)
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
        Command::new(BIN)
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
        let o = Command::new(BIN)
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
