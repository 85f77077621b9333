//! AWS KMS `SM2PKE` (China Regions), round-tripped by two independent SM2 implementations:
//! the OpenSSL 3 CLI (`pkeyutl -decrypt` with the SM2 wrapping key: GM/T 0009 DER in, C3 checked)
//! and the Python `gmssl` package (`tests/oracle/sm2_decrypt.py`: our DER parsed by hand into
//! gmssl's raw C1‖C3‖C2, C3 recomputed with gmssl's SM3). The private key that comes out must be
//! byte-identical to `openssl pkcs8 -topk8 -outform DER` of the key that went in.
//!
//! Format sources (see src/core/wrap/sm2_pke.rs): the AWS developer guide's SM2OfflineOperationHelper
//! (raw Bouncy Castle output re-encoded as DER SEQUENCE{x, y, C3, C2}); the allowed pairs from
//! "Step 2: Download the wrapping public key and import token" (SM2PKE for RSA, ECC and SM2 private
//! keys only). Also: the refusals around SM2, each one line, exit 2.
//!
//! Needs `openssl` (3.x, with SM2) and `python3` with `gmssl` (scripts/setup-deps.sh installs it);
//! a missing tool fails the test with an install hint.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;

fn oracle() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/sm2_decrypt.py")
}

fn show(o: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn run(cmd: &mut Command, what: &str) -> Vec<u8> {
    let o = cmd.stdin(Stdio::null()).output().unwrap_or_else(|e| {
        panic!("{what}: cannot start ({e}); apt-get install -y openssl python3")
    });
    assert!(o.status.success(), "{what} failed\n{}", show(&o));
    o.stdout
}

fn openssl(args: &[&str]) -> Vec<u8> {
    run(
        Command::new("openssl").args(args),
        &format!("openssl {args:?}"),
    )
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// An SM2 wrapping key pair as AWS would hold it; returns (private PEM, public DER SPKI path).
fn sm2_wrapping_key(dir: &Path) -> (PathBuf, PathBuf) {
    let key = dir.join("wrapping_sm2.pem");
    let der = dir.join("WrappingPublicKey.bin");
    openssl(&["genpkey", "-algorithm", "SM2", "-out", p(&key)]);
    openssl(&[
        "pkey",
        "-in",
        p(&key),
        "-pubout",
        "-outform",
        "DER",
        "-out",
        p(&der),
    ]);
    (key, der)
}

/// Material for a spec, made by OpenSSL: (PEM file to give, expected PKCS#8 DER).
fn material(dir: &Path, spec: &str) -> (PathBuf, Vec<u8>) {
    let pem = dir.join(format!("{spec}.pem"));
    let args: Vec<&str> = match spec {
        "RSA_2048" => vec!["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
        "RSA_3072" => vec!["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072"],
        "RSA_4096" => vec!["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:4096"],
        "EC_P256" => vec!["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
        "EC_P384" => vec!["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
        "EC_P521" => vec!["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"],
        "EC_P256K" => vec![
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:secp256k1",
        ],
        // The AWS guide's own recipe for an SM2 test key.
        "EC_SM2" => vec!["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:sm2"],
        s => panic!("no recipe for {s}"),
    };
    let mut all = vec!["genpkey"];
    all.extend(args);
    all.extend(["-out", p(&pem)]);
    openssl(&all);
    let der = openssl(&[
        "pkcs8",
        "-topk8",
        "-nocrypt",
        "-in",
        p(&pem),
        "-outform",
        "DER",
    ]);
    (pem, der)
}

/// The AWS CLI's get-parameters-for-import output for this wrapping key.
fn aws_json(dir: &Path, spki_der: &Path) -> PathBuf {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    let j = serde_json::json!({
        "KeyId": "arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "ImportToken": b64.encode([7u8; 96]),
        "PublicKey": b64.encode(std::fs::read(spki_der).unwrap()),
        "ParametersValidTo": "2099-01-01T00:00:00+00:00",
    });
    let path = dir.join("parameters.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&j).unwrap()).unwrap();
    path
}

fn decrypt_both(wrapping_key: &Path, ct: &Path) -> Vec<u8> {
    let by_openssl = openssl(&[
        "pkeyutl",
        "-decrypt",
        "-inkey",
        p(wrapping_key),
        "-in",
        p(ct),
    ]);
    let by_gmssl = run(
        Command::new("python3")
            .arg(oracle())
            .arg(wrapping_key)
            .arg(ct),
        "gmssl oracle (pip install gmssl==3.2.2)",
    );
    assert_eq!(
        by_openssl,
        by_gmssl,
        "OpenSSL and gmssl disagree on {}",
        ct.display()
    );
    by_openssl
}

fn wrap(args: &[&str]) -> Output {
    common::bin()
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("cannot start byok-wizard")
}

/// Checks every bundle shares: manifest says SM2PKE and an SM2 wrapping key, README names the
/// China Regions, the upload is a DER SEQUENCE.
fn check_bundle(out: &Path, spec: &str) -> PathBuf {
    let m: Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["algorithm"], "SM2PKE");
    assert_eq!(m["key_spec"], spec);
    assert_eq!(m["wrapping_key_type"], "SM2");
    let readme = std::fs::read_to_string(out.join("README.txt")).unwrap();
    assert!(readme.contains("China Regions"), "{readme}");
    assert!(readme.contains("aws kms import-key-material"), "{readme}");
    let ct = out.join("EncryptedKeyMaterial.bin");
    let bytes = std::fs::read(&ct).unwrap();
    assert_eq!(bytes[0], 0x30, "GM/T 0009 DER starts with a SEQUENCE");
    let asn1 = String::from_utf8(openssl(&["asn1parse", "-inform", "DER", "-in", p(&ct)])).unwrap();
    let kinds: Vec<&str> = asn1
        .lines()
        .filter(|l| l.contains("d=1"))
        .map(|l| {
            if l.contains("INTEGER") {
                "INTEGER"
            } else if l.contains("OCTET STRING") {
                "OCTET"
            } else {
                "?"
            }
        })
        .collect();
    assert_eq!(kinds, ["INTEGER", "INTEGER", "OCTET", "OCTET"], "{asn1}");
    ct
}

#[test]
fn aws_sm2pke_round_trips_every_private_key_spec() {
    let work = tempfile::tempdir().unwrap();
    let (wk_priv, wk_der) = sm2_wrapping_key(work.path());
    let wk_pem = work.path().join("wrapping_sm2.pub.pem");
    openssl(&["pkey", "-in", p(&wk_priv), "-pubout", "-out", p(&wk_pem)]);
    let json = aws_json(work.path(), &wk_der);
    let token = work.path().join("ImportToken.bin");
    std::fs::write(&token, [9u8; 64]).unwrap();
    let specs = [
        "RSA_2048", "RSA_3072", "RSA_4096", "EC_P256", "EC_P384", "EC_P521", "EC_P256K", "EC_SM2",
    ];
    for (i, spec) in specs.iter().enumerate() {
        let (mat, want) = material(work.path(), spec);
        let out = work.path().join(format!("bundle-{spec}"));
        // The wrapping key in each form AWS hands it over: DER (console zip), PEM, CLI JSON.
        let mut args = vec!["wrap", "--provider", "aws", "--key-spec", spec];
        if *spec != "EC_SM2" {
            args.extend(["--algorithm", "SM2PKE"]);
        }
        args.extend(["--material", p(&mat), "--out", p(&out)]);
        match i % 3 {
            0 => args.extend(["--wrapping-key", p(&wk_der), "--import-token", p(&token)]),
            1 => args.extend(["--wrapping-key", p(&wk_pem), "--import-token", p(&token)]),
            _ => args.extend(["--wrapping-key", p(&json)]),
        }
        let o = wrap(&args);
        assert!(o.status.success(), "{spec}: {}", show(&o));
        let ct = check_bundle(&out, spec);
        let got = decrypt_both(&wk_priv, &ct);
        assert_eq!(
            got, want,
            "{spec}: the unwrapped PKCS#8 differs from the key that went in"
        );
    }
}

#[test]
fn aws_sm2pke_generated_keys_round_trip_and_are_what_was_asked() {
    let work = tempfile::tempdir().unwrap();
    let (wk_priv, wk_der) = sm2_wrapping_key(work.path());
    for (spec, text) in [
        ("EC_SM2", "ASN1 OID: SM2"),
        ("EC_P256", "NIST CURVE: P-256"),
        ("RSA_2048", "Private-Key: (2048 bit"),
    ] {
        let out = work.path().join(format!("gen-{spec}"));
        let mut args = vec![
            "wrap",
            "--provider",
            "aws",
            "--key-spec",
            spec,
            "--generate",
            "--wrapping-key",
            p(&wk_der),
            "--out",
            p(&out),
        ];
        if spec != "EC_SM2" {
            args.extend(["--algorithm", "SM2PKE"]);
        }
        let o = wrap(&args);
        assert!(o.status.success(), "{spec}: {}", show(&o));
        let ct = check_bundle(&out, spec);
        let der = decrypt_both(&wk_priv, &ct);
        let der_path = work.path().join(format!("{spec}.pk8.der"));
        std::fs::write(&der_path, &der).unwrap();
        let parsed = String::from_utf8(openssl(&[
            "pkey",
            "-inform",
            "DER",
            "-in",
            p(&der_path),
            "-noout",
            "-text",
        ]))
        .unwrap();
        assert!(parsed.contains(text), "{spec}: {parsed}");
        // OpenSSL re-encodes it to the same PKCS#8 bytes (a canonical key, not just a parseable one).
        let again = openssl(&[
            "pkcs8",
            "-topk8",
            "-nocrypt",
            "-inform",
            "DER",
            "-in",
            p(&der_path),
            "-outform",
            "DER",
        ]);
        assert_eq!(again, der, "{spec}");
        // The plaintext is in no bundle file.
        for e in std::fs::read_dir(&out).unwrap() {
            let bytes = std::fs::read(e.unwrap().path()).unwrap();
            assert!(
                !bytes.windows(32).any(|w| der.windows(32).any(|d| d == w)),
                "{spec}: plaintext in the bundle"
            );
        }
    }
}

fn expect_refused(args: &[&str], first_words: &[&str]) {
    let o = wrap(args);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{args:?}\n{}", show(&o));
    let first = stderr.lines().next().unwrap_or_default();
    assert!(first.starts_with("error: "), "{first}");
    assert_eq!(
        stderr.lines().filter(|l| l.starts_with("error:")).count(),
        1,
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    for w in first_words {
        assert!(first.contains(w), "expected {w:?} in {first:?}");
    }
}

#[test]
fn sm2_refusals_are_one_line_and_say_what_to_do() {
    let work = tempfile::tempdir().unwrap();
    let (_, wk_der) = sm2_wrapping_key(work.path());
    let rsa_key = work.path().join("rsa.pem");
    let rsa_pub = work.path().join("rsa.pub.pem");
    openssl(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        p(&rsa_key),
    ]);
    openssl(&["pkey", "-in", p(&rsa_key), "-pubout", "-out", p(&rsa_pub)]);
    let (p256, _) = material(work.path(), "EC_P256");
    let sym = work.path().join("aes.bin");
    std::fs::write(&sym, [1u8; 32]).unwrap();
    let out = work.path().join("never");
    let o = p(&out);
    let wk = p(&wk_der);
    // AWS offers SM2PKE only for private keys.
    expect_refused(
        &[
            "wrap",
            "--provider",
            "aws",
            "--key-spec",
            "AES_256",
            "--algorithm",
            "SM2PKE",
            "--wrapping-key",
            wk,
            "--material",
            p(&sym),
            "--out",
            o,
        ],
        &["--algorithm", "SM2PKE"],
    );
    // An SM2 key with an RSA algorithm, and an RSA key with SM2PKE.
    expect_refused(
        &[
            "wrap",
            "--provider",
            "aws",
            "--key-spec",
            "EC_P256",
            "--algorithm",
            "RSA_AES_KEY_WRAP_SHA_256",
            "--wrapping-key",
            wk,
            "--material",
            p(&p256),
            "--out",
            o,
        ],
        &["--wrapping-key", "SM2", "RSA_AES_KEY_WRAP_SHA_256"],
    );
    expect_refused(
        &[
            "wrap",
            "--provider",
            "aws",
            "--key-spec",
            "EC_SM2",
            "--wrapping-key",
            p(&rsa_pub),
            "--generate",
            "--out",
            o,
        ],
        &["--wrapping-key", "RSA-2048", "SM2PKE"],
    );
    // The wrong curve for EC_SM2.
    expect_refused(
        &[
            "wrap",
            "--provider",
            "aws",
            "--key-spec",
            "EC_SM2",
            "--wrapping-key",
            wk,
            "--material",
            p(&p256),
            "--out",
            o,
        ],
        &["--material", "EC_SM2"],
    );
    // Clouds that take no SM2 wrapping key from us.
    expect_refused(
        &[
            "wrap",
            "--provider",
            "alibaba",
            "--key-spec",
            "AES_256",
            "--wrapping-key",
            wk,
            "--material",
            p(&sym),
            "--out",
            o,
        ],
        &["--wrapping-key", "SM2"],
    );
    assert!(!out.exists(), "a refusal wrote --out");
    // inspect names the key type.
    let ins = common::bin().args(["inspect", wk]).output().unwrap();
    assert!(ins.status.success(), "{}", show(&ins));
    assert!(
        String::from_utf8_lossy(&ins.stdout).contains("SM2 public key"),
        "{}",
        show(&ins)
    );
}

fn practice(args: &[&str]) -> Output {
    common::bin()
        .arg("practice")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("cannot start byok-wizard")
}

fn first_file(dir: &Path, prefix: &str) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix}* in {}", dir.display()))
}

/// The practice KMS plays AWS SM2PKE: it issues an SM2 wrapping key, accepts our bundle, and names
/// the two classic mistakes (raw C1‖C3‖C2 instead of DER; another download's key).
#[test]
fn practice_kms_plays_aws_sm2pke() {
    let work = tempfile::tempdir().unwrap();
    let w = work.path();
    for spec in ["EC_SM2", "RSA_2048"] {
        let pr = w.join(format!("practice-{spec}"));
        let mut a = vec![
            "new",
            "--provider",
            "aws",
            "--key-spec",
            spec,
            "--out",
            p(&pr),
        ];
        if spec != "EC_SM2" {
            a.extend(["--algorithm", "SM2PKE"]);
        }
        let o = practice(&a);
        assert!(o.status.success(), "{}", show(&o));
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("SM2 wrapping key"),
            "{}",
            show(&o)
        );
        let wk = first_file(&pr, "wrappingKey_");
        let tok = first_file(&pr, "importToken_");
        // The issued wrapping key is an SM2 SPKI (what OpenSSL calls an SM2 key).
        let text = String::from_utf8(openssl(&[
            "pkey",
            "-pubin",
            "-inform",
            "DER",
            "-in",
            p(&wk),
            "-noout",
            "-text",
        ]))
        .unwrap();
        assert!(text.contains("SM2"), "{text}");
        let bundle = w.join(format!("bundle-{spec}"));
        let mut a = vec![
            "wrap",
            "--provider",
            "aws",
            "--key-spec",
            spec,
            "--generate",
            "--wrapping-key",
            p(&wk),
            "--import-token",
            p(&tok),
            "--out",
            p(&bundle),
        ];
        if spec != "EC_SM2" {
            a.extend(["--algorithm", "SM2PKE"]);
        }
        let o = wrap(&a);
        assert!(o.status.success(), "{}", show(&o));
        let o = practice(&["import", "--state", p(&pr), "--bundle", p(&bundle)]);
        assert!(o.status.success(), "{spec}: {}", show(&o));
        assert!(
            String::from_utf8_lossy(&o.stdout).starts_with("accepted"),
            "{}",
            show(&o)
        );

        if spec == "EC_SM2" {
            // Mistake 1: Bouncy Castle's raw output uploaded as is.
            let ct = bundle.join("EncryptedKeyMaterial.bin");
            let raw = run(
                Command::new("python3")
                    .arg(oracle())
                    .arg("--to-raw")
                    .arg(&ct),
                "gmssl oracle --to-raw",
            );
            std::fs::write(&ct, &raw).unwrap();
            let o = practice(&["import", "--state", p(&pr), "--bundle", p(&bundle)]);
            assert!(!o.status.success(), "{}", show(&o));
            let out = format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            assert!(out.contains("raw C1") && out.contains("DER"), "{out}");
            // Mistake 2: encrypted to another SM2 key.
            let (_, other) = sm2_wrapping_key(w);
            let ct_other = openssl(&[
                "pkeyutl",
                "-encrypt",
                "-pubin",
                "-keyform",
                "DER",
                "-inkey",
                p(&other),
                "-in",
                p(&wk),
            ]);
            std::fs::write(&ct, &ct_other).unwrap();
            let o = practice(&["import", "--state", p(&pr), "--bundle", p(&bundle)]);
            assert!(!o.status.success(), "{}", show(&o));
            let out = format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            assert!(out.contains("does not decrypt as SM2"), "{out}");
        }
    }
}
