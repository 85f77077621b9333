//! Independent-oracle round trips for every Huawei / Alibaba / AWS offering.
//!
//! Each case runs the real CLI (`byok-wizard wrap …`) into a temporary folder, then plays the KMS
//! twice, with implementations that share no code with byok-wizard:
//!
//! * (a) the OpenSSL CLI alone: `openssl pkeyutl -decrypt` (OAEP with `rsa_oaep_md` and `rsa_mgf1_md`
//!   set to the same digest, or `rsa_padding_mode:pkcs1`), `openssl enc -d -id-aes256-wrap-pad`
//!   (RFC 5649) and `openssl enc -d -aes-256-ecb` (PKCS#7 unpadding);
//! * (b) `tests/oracle/unwrap_bundle.py`, which uses only Python's `cryptography`.
//!
//! Both must give back exactly the material handed in: the raw bytes for symmetric/HMAC specs; for
//! private keys, the PKCS#8 DER that `openssl pkcs8 -topk8 -nocrypt -outform DER` makes of the input
//! (so PKCS#1, SEC1 and encrypted PKCS#8 inputs are compared with OpenSSL's own conversion).
//! The bundle's structure is checked too: lengths, manifest hashes, token bytes, API request fields,
//! and that no file of the bundle holds the plaintext.
//!
//! Files are always found through the manifest's roles and decoded by its `encoding` field.
//! Fixtures (wrapping key pairs, material, tokens, passphrases) are in `tests/data/`, made by
//! `tests/data/make-fixtures.sh`; no RSA key is generated here except by `--generate` cases.
//!
//! Requirements: `openssl` (3.x) and `python3` with `cryptography`; the `--generate` cases also need
//! the PyPI package `pyrage` (age decryption). A missing tool FAILS the test with an install hint.
//!
//! These tests use only the binary (`CARGO_BIN_EXE_byok-wizard`), never the library.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

mod common;

use common::bundle::{load_bundle, Bundle};
use common::codec::*;
use common::BIN;

const HUAWEI_KEY_ID: &str = "43f1ffd7-18fb-4568-9575-602e009b7ee8";
const ALIBABA_KEY_ID: &str = "1234abcd-12ab-34cd-56ef-1234567890ab";
const AWS_KEY_ID: &str = "f44c4e20-f83c-48f4-adc6-a1ef38829760";

// ------------------------------------------------------------------------------------------ tools

use common::data;

fn oracle_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/unwrap_bundle.py")
}

/// Panics (never skips) when `openssl` or `python3` + `cryptography` is missing.
fn require_tools() {
    static CHECK: OnceLock<Result<(), String>> = OnceLock::new();
    let r = CHECK.get_or_init(|| {
        let ssl = Command::new("openssl").arg("version").output();
        match ssl {
            Ok(o) if o.status.success() && String::from_utf8_lossy(&o.stdout).starts_with("OpenSSL 3") => {}
            Ok(o) => {
                return Err(format!(
                    "these tests need the OpenSSL 3.x CLI (for -id-aes256-wrap-pad and pkeyutl -pkeyopt); \
                     found `{}`. Install it: apt-get install -y openssl",
                    String::from_utf8_lossy(&o.stdout).trim()
                ))
            }
            Err(e) => {
                return Err(format!(
                    "the `openssl` CLI is missing ({e}); install it: apt-get install -y openssl"
                ))
            }
        }
        match Command::new("python3").args(["-c", "import cryptography"]).output() {
            Ok(o) if o.status.success() => Ok(()),
            Ok(o) => Err(format!(
                "python3 cannot import `cryptography` ({}); install it: pip install cryptography \
                 (or apt-get install -y python3-cryptography)",
                String::from_utf8_lossy(&o.stderr).trim()
            )),
            Err(e) => Err(format!(
                "python3 is missing ({e}); install it: apt-get install -y python3 python3-cryptography"
            )),
        }
    });
    if let Err(msg) = r {
        panic!("{msg}");
    }
}

/// Panics when the PyPI package `pyrage` (used to decrypt age backups independently) is missing.
fn require_pyrage() {
    require_tools();
    static CHECK: OnceLock<bool> = OnceLock::new();
    let ok = *CHECK.get_or_init(|| {
        Command::new("python3")
            .args(["-c", "import pyrage.passphrase"])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    });
    assert!(
        ok,
        "python3 cannot import `pyrage` (needed to decrypt the age backup independently); \
         install it: pip install pyrage"
    );
}

fn run(cmd: &mut Command, what: &str) -> Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run {cmd:?}: {e}"));
    if !out.status.success() {
        panic!(
            "{what}: {cmd:?} failed ({}):\nstdout: {}\nstderr: {}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    out
}

// -------------------------------------------------------------------------- small codecs (own)

// ---------------------------------------------------------------------------------- catalog (own)

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Sym(usize),
    Rsa(usize),
    Ec,
}

/// Common spelling of a key spec (the providers' own spellings mapped back).
fn canon_spec(s: &str) -> Option<&'static str> {
    Some(match s.to_ascii_uppercase().as_str() {
        "AES_256" | "ALIYUN_AES_256" | "SYMMETRIC_DEFAULT" => "AES_256",
        "SM4" | "ALIYUN_SM4" => "SM4",
        "AES_128" | "ALIYUN_AES_128" => "AES_128",
        "AES_192" | "ALIYUN_AES_192" => "AES_192",
        "HMAC_224" => "HMAC_224",
        "HMAC_256" => "HMAC_256",
        "HMAC_384" => "HMAC_384",
        "HMAC_512" => "HMAC_512",
        "RSA_2048" => "RSA_2048",
        "RSA_3072" => "RSA_3072",
        "RSA_4096" => "RSA_4096",
        "EC_P256" | "ECC_NIST_P256" => "EC_P256",
        "EC_P384" | "ECC_NIST_P384" => "EC_P384",
        "EC_P521" | "ECC_NIST_P521" => "EC_P521",
        "EC_P256K" | "ECC_SECG_P256K1" => "EC_P256K",
        _ => return None,
    })
}

fn kind(spec: &str) -> Kind {
    match canon_spec(spec).unwrap_or_else(|| panic!("test table: unknown spec {spec}")) {
        "AES_256" | "HMAC_256" => Kind::Sym(32),
        "SM4" | "AES_128" => Kind::Sym(16),
        "AES_192" => Kind::Sym(24),
        "HMAC_224" => Kind::Sym(28),
        "HMAC_384" => Kind::Sym(48),
        "HMAC_512" => Kind::Sym(64),
        "RSA_2048" => Kind::Rsa(2048),
        "RSA_3072" => Kind::Rsa(3072),
        "RSA_4096" => Kind::Rsa(4096),
        _ => Kind::Ec,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scheme {
    /// RSA ciphertext of the material itself (`pkcs1` or OAEP with this digest).
    Direct(&'static str),
    /// Huawei asymmetric: OAEP-SHA256(K) in encrypted_key_material, KWP(K, PKCS#8) in encrypted_private_key.
    HuaweiSplit,
    /// AWS RSA_AES_KEY_WRAP_*: OAEP-H(K) ‖ KWP(K, PKCS#8).
    RsaKwp(&'static str),
    /// Alibaba: OAEP-SHA256(K) ‖ AES-256-ECB-PKCS7(K, PKCS#8).
    RsaEcb,
}

fn default_algorithm(provider: &str, k: Kind) -> &'static str {
    match (provider, k) {
        ("alibaba", Kind::Rsa(_) | Kind::Ec) => "RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD",
        ("aws", Kind::Rsa(_) | Kind::Ec) => "RSA_AES_KEY_WRAP_SHA_256",
        _ => "RSAES_OAEP_SHA_256",
    }
}

fn scheme(provider: &str, algorithm: &str, k: Kind) -> Scheme {
    let asym = !matches!(k, Kind::Sym(_));
    match (provider, algorithm) {
        ("huawei", "RSAES_OAEP_SHA_256") if asym => Scheme::HuaweiSplit,
        ("alibaba", "RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD") if asym => Scheme::RsaEcb,
        ("aws", "RSA_AES_KEY_WRAP_SHA_256") => Scheme::RsaKwp("sha256"),
        ("aws", "RSA_AES_KEY_WRAP_SHA_1") => Scheme::RsaKwp("sha1"),
        (_, "RSAES_OAEP_SHA_256") => Scheme::Direct("sha256"),
        (_, "RSAES_OAEP_SHA_1") => Scheme::Direct("sha1"),
        (_, "RSAES_PKCS1_V1_5") => Scheme::Direct("pkcs1"),
        _ => panic!("test table: no scheme for {provider} {algorithm} {k:?}"),
    }
}

// ------------------------------------------------------------------------------------- the cases

#[derive(Clone, Copy, Debug)]
enum WrapForm {
    /// PEM SubjectPublicKeyInfo
    Pem,
    /// binary DER SubjectPublicKeyInfo (Huawei/AWS `wrappingKey_*`, Alibaba `publickey_*.bin`)
    Der,
    /// base64 of the DER, as pasted from the `PublicKey` field (one line + newline)
    B64,
    /// self-signed X.509 certificate (PEM) carrying the key (RSA-2048 fixture only)
    Cert,
}

#[derive(Clone, Copy, Debug)]
enum Mat {
    /// symmetric/HMAC material: the file handed to --material, and the raw bytes it stands for
    Sym {
        input: &'static str,
        raw: &'static str,
    },
    /// a private key file in any form (DER if the name ends in .der; `.enc.` = needs material.pass)
    Key(&'static str),
    /// --generate (with --backup)
    Gen,
}

#[derive(Clone, Debug)]
struct Case {
    provider: &'static str,
    spec: &'static str,
    algorithm: Option<&'static str>,
    wrap_bits: usize,
    wrap_form: WrapForm,
    mat: Mat,
    ids: bool,
}

fn case(
    provider: &'static str,
    spec: &'static str,
    wrap_bits: usize,
    wrap_form: WrapForm,
    mat: Mat,
) -> Case {
    Case {
        provider,
        spec,
        algorithm: None,
        wrap_bits,
        wrap_form,
        mat,
        ids: false,
    }
}

impl Case {
    fn alg(mut self, a: &'static str) -> Self {
        self.algorithm = Some(a);
        self
    }
    /// pass --key-id and --import-token (and expect import_token + api_request in the bundle)
    fn ids(mut self) -> Self {
        self.ids = true;
        self
    }
    fn expect_alg(&self) -> &'static str {
        self.algorithm
            .unwrap_or_else(|| default_algorithm(self.provider, kind(self.spec)))
    }
    fn key_id(&self) -> &'static str {
        match self.provider {
            "huawei" => HUAWEI_KEY_ID,
            "alibaba" => ALIBABA_KEY_ID,
            _ => AWS_KEY_ID,
        }
    }
    /// token file given to the CLI: base64 text for Huawei/Alibaba, binary for AWS
    fn token_file(&self) -> PathBuf {
        data(if self.provider == "aws" {
            "token.bin"
        } else {
            "token.b64"
        })
    }
    fn wrapping_key_file(&self) -> PathBuf {
        let b = self.wrap_bits;
        data(&match self.wrap_form {
            WrapForm::Pem => format!("wrap_rsa{b}.pub.pem"),
            WrapForm::Der => format!("wrap_rsa{b}.pub.der"),
            WrapForm::B64 => format!("wrap_rsa{b}.pub.b64"),
            WrapForm::Cert => {
                assert_eq!(
                    b, 2048,
                    "test table: only the RSA-2048 fixture has a certificate"
                );
                "wrap_rsa2048.crt.pem".to_string()
            }
        })
    }
    fn wrapping_private_key(&self) -> PathBuf {
        data(&format!("wrap_rsa{}.key.pem", self.wrap_bits))
    }
}

/// What the KMS must recover for a material fixture: raw bytes, or OpenSSL's PKCS#8 DER of the key.
fn expected_material(mat: Mat) -> Option<Vec<u8>> {
    match mat {
        Mat::Sym { raw, .. } => Some(read(&data(raw))),
        Mat::Key(file) => {
            let mut cmd = Command::new("openssl");
            cmd.args(["pkcs8", "-topk8", "-nocrypt", "-outform", "DER", "-in"])
                .arg(data(file));
            if file.ends_with(".der") {
                cmd.args(["-inform", "DER"]);
            }
            if file.contains(".enc.") {
                cmd.arg("-passin")
                    .arg(format!("file:{}", data("material.pass").display()));
            }
            Some(run(&mut cmd, "openssl pkcs8 -topk8 (expected PKCS#8 DER)").stdout)
        }
        Mat::Gen => None,
    }
}

// ------------------------------------------------------------------------------------ the bundle

// --------------------------------------------------------------------------------- oracle (a): CLI

fn openssl_rsa_decrypt(priv_pem: &Path, ct: &[u8], pad: &str, work: &Path, tag: &str) -> Vec<u8> {
    let inp = work.join(format!("{tag}.rsa.ct"));
    let out = work.join(format!("{tag}.rsa.pt"));
    fs::write(&inp, ct).unwrap();
    let mut cmd = Command::new("openssl");
    cmd.args(["pkeyutl", "-decrypt", "-inkey"])
        .arg(priv_pem)
        .arg("-in")
        .arg(&inp)
        .arg("-out")
        .arg(&out);
    if pad == "pkcs1" {
        cmd.args(["-pkeyopt", "rsa_padding_mode:pkcs1"]);
    } else {
        cmd.args(["-pkeyopt", "rsa_padding_mode:oaep"])
            .args(["-pkeyopt", &format!("rsa_oaep_md:{pad}")])
            .args(["-pkeyopt", &format!("rsa_mgf1_md:{pad}")]);
    }
    run(
        &mut cmd,
        &format!("openssl oracle: RSA decryption ({pad}) of {tag}"),
    );
    read(&out)
}

/// RFC 5649 unwrap with `openssl enc -d -id-aes256-wrap-pad` (`-iv A65959A6` is the RFC's AIV prefix).
///
/// OpenSSL `enc` limit: the wrap ciphers need the whole input in ONE update call, and `enc` feeds its
/// input in 4 KiB reads, so decryption fails ("cipher operation failed") once the wrapped input is over
/// 4096 bytes (plaintext over 4088 bytes; measured with OpenSSL 3.0.19). The largest material here,
/// an RSA-4096 PKCS#8 DER (~2.4 KB, ~2.4 KB wrapped), fits.
fn openssl_kwp_unwrap(kek: &[u8], ct: &[u8], work: &Path, tag: &str) -> Vec<u8> {
    assert!(
        ct.len() <= 4096,
        "{tag}: {} bytes is over the openssl enc wrap limit (4096)",
        ct.len()
    );
    let inp = work.join(format!("{tag}.kwp.ct"));
    let out = work.join(format!("{tag}.kwp.pt"));
    fs::write(&inp, ct).unwrap();
    run(
        Command::new("openssl")
            .args([
                "enc",
                "-d",
                "-id-aes256-wrap-pad",
                "-K",
                &hex(kek),
                "-iv",
                "A65959A6",
                "-in",
            ])
            .arg(&inp)
            .arg("-out")
            .arg(&out),
        &format!("openssl oracle: RFC 5649 unwrap of {tag}"),
    );
    read(&out)
}

fn openssl_ecb_decrypt(key: &[u8], ct: &[u8], work: &Path, tag: &str) -> Vec<u8> {
    let inp = work.join(format!("{tag}.ecb.ct"));
    let out = work.join(format!("{tag}.ecb.pt"));
    fs::write(&inp, ct).unwrap();
    run(
        Command::new("openssl")
            .args(["enc", "-d", "-aes-256-ecb", "-K", &hex(key), "-in"])
            .arg(&inp)
            .arg("-out")
            .arg(&out),
        &format!("openssl oracle: AES-256-ECB-PKCS7 decryption of {tag}"),
    );
    read(&out)
}

/// Unwrap with the OpenSSL CLI only (the bytes come from the manifest roles, decoded by encoding).
fn openssl_unwrap(c: &Case, b: &Bundle, sch: Scheme, work: &Path) -> Vec<u8> {
    let priv_pem = c.wrapping_private_key();
    let k = c.wrap_bits / 8;
    let ekm = &b.role("encrypted_key_material").bytes;
    match sch {
        Scheme::Direct(pad) => openssl_rsa_decrypt(&priv_pem, ekm, pad, work, "ekm"),
        Scheme::HuaweiSplit => {
            let kek = openssl_rsa_decrypt(&priv_pem, ekm, "sha256", work, "ekm");
            assert_eq!(
                kek.len(),
                32,
                "Huawei temporary key must be 32 bytes (AES-256), got {}",
                kek.len()
            );
            openssl_kwp_unwrap(&kek, &b.role("encrypted_private_key").bytes, work, "epk")
        }
        Scheme::RsaKwp(md) => {
            assert!(
                ekm.len() > k,
                "encrypted_key_material ({} B) is not longer than the RSA part ({k} B)",
                ekm.len()
            );
            let kek = openssl_rsa_decrypt(&priv_pem, &ekm[..k], md, work, "ekm-rsa-part");
            assert_eq!(
                kek.len(),
                32,
                "temporary AES key must be 32 bytes, got {}",
                kek.len()
            );
            openssl_kwp_unwrap(&kek, &ekm[k..], work, "ekm-kwp-part")
        }
        Scheme::RsaEcb => {
            assert!(
                ekm.len() > k,
                "encrypted_key_material ({} B) is not longer than the RSA part ({k} B)",
                ekm.len()
            );
            let kek = openssl_rsa_decrypt(&priv_pem, &ekm[..k], "sha256", work, "ekm-rsa-part");
            assert_eq!(
                kek.len(),
                32,
                "temporary AES key must be 32 bytes, got {}",
                kek.len()
            );
            openssl_ecb_decrypt(&kek, &ekm[k..], work, "ekm-ecb-part")
        }
    }
}

// ------------------------------------------------------------------------------ oracle (b): python

fn python_unwrap(bundle: &Path, priv_pem: &Path) -> Vec<u8> {
    let out = run(
        Command::new("python3")
            .arg(oracle_script())
            .arg(bundle)
            .arg(priv_pem),
        "python oracle tests/oracle/unwrap_bundle.py",
    );
    unhex(String::from_utf8_lossy(&out.stdout).trim())
}

// ------------------------------------------------------------------------------------- the check

struct Run {
    out: Output,
    bundle: PathBuf,
}

fn run_cli(c: &Case, tmp: &Path, backup: Option<&Path>) -> Run {
    let bundle = tmp.join("bundle");
    let mut cmd = common::bin();
    cmd.args(["wrap", "--provider", c.provider, "--key-spec", c.spec]);
    if let Some(a) = c.algorithm {
        cmd.args(["--algorithm", a]);
    }
    cmd.arg("--wrapping-key").arg(c.wrapping_key_file());
    if c.ids {
        cmd.args(["--key-id", c.key_id()])
            .arg("--import-token")
            .arg(c.token_file());
    }
    match c.mat {
        Mat::Sym { input, .. } => {
            cmd.arg("--material").arg(data(input));
        }
        Mat::Key(file) => {
            cmd.arg("--material").arg(data(file));
            if file.contains(".enc.") {
                cmd.arg("--material-passphrase-file")
                    .arg(data("material.pass"));
            }
        }
        Mat::Gen => {
            cmd.arg("--generate");
        }
    }
    if let Some(bk) = backup {
        cmd.arg("--backup")
            .arg(bk)
            .arg("--backup-passphrase-file")
            .arg(data("backup.pass"));
    }
    cmd.arg("--out").arg(&bundle);
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"));
    Run { out, bundle }
}

fn round_trip(c: Case) {
    require_tools();
    let is_gen = matches!(c.mat, Mat::Gen);
    if is_gen {
        require_pyrage();
    }
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("work");
    fs::create_dir(&work).unwrap();
    let backup = tmp.path().join("backup.age");
    let r = run_cli(&c, tmp.path(), is_gen.then_some(backup.as_path()));
    let stderr = String::from_utf8_lossy(&r.out.stderr).to_string();
    assert!(
        r.out.status.success(),
        "byok-wizard wrap failed for {c:?}: {}\nstdout: {}\nstderr: {stderr}",
        r.out.status,
        String::from_utf8_lossy(&r.out.stdout)
    );
    if c.expect_alg() == "RSAES_PKCS1_V1_5" {
        assert!(
            !stderr.trim().is_empty(),
            "RSAES_PKCS1_V1_5 is deprecated: the CLI must warn on stderr"
        );
    }

    let k_kind = kind(c.spec);
    let alg = c.expect_alg();
    let sch = scheme(c.provider, alg, k_kind);
    let b = load_bundle(&r.bundle);

    // ---- manifest facts
    assert_eq!(b.str_field("provider"), c.provider, "manifest provider");
    assert_eq!(b.str_field("algorithm"), alg, "manifest algorithm");
    assert_eq!(
        canon_spec(b.str_field("key_spec")),
        canon_spec(c.spec),
        "manifest key_spec {:?} is not the spec given ({})",
        b.str_field("key_spec"),
        c.spec
    );
    let spki_sha = sha256_files(&[data(&format!("wrap_rsa{}.pub.der", c.wrap_bits))]).remove(0);
    assert_eq!(
        b.str_field("wrapping_key_sha256").to_lowercase(),
        spki_sha,
        "manifest wrapping_key_sha256 is not SHA-256 of the wrapping key's DER SPKI"
    );

    // ---- (a) OpenSSL CLI and (b) python cryptography, then the material handed in
    let via_openssl = openssl_unwrap(&c, &b, sch, &work);
    let via_python = python_unwrap(&r.bundle, &c.wrapping_private_key());
    let material = match expected_material(c.mat) {
        Some(want) => {
            assert_bytes_eq(
                &via_openssl,
                &want,
                "material unwrapped with the openssl CLI vs the material handed in",
            );
            assert_bytes_eq(
                &via_python,
                &want,
                "material unwrapped by unwrap_bundle.py vs the material handed in",
            );
            want
        }
        None => {
            assert_bytes_eq(
                &via_python,
                &via_openssl,
                "generated material: python oracle vs openssl oracle",
            );
            via_openssl
        }
    };
    let n = material.len();
    match k_kind {
        Kind::Sym(len) => assert_eq!(n, len, "symmetric material length for {}", c.spec),
        _ => {
            // OpenSSL must read the recovered bytes as an unencrypted PKCS#8 PrivateKeyInfo
            // (`pkcs8 -nocrypt` without -topk8 refuses PKCS#1/SEC1) of the spec's size or curve.
            let f = work.join("recovered.der");
            fs::write(&f, &material).unwrap();
            run(
                Command::new("openssl")
                    .args([
                        "pkcs8",
                        "-nocrypt",
                        "-inform",
                        "DER",
                        "-out",
                        "/dev/null",
                        "-in",
                    ])
                    .arg(&f),
                "openssl: the recovered key must be an unencrypted PKCS#8 DER PrivateKeyInfo",
            );
            let text = run(
                Command::new("openssl")
                    .args(["pkey", "-inform", "DER", "-noout", "-text", "-in"])
                    .arg(&f),
                "openssl pkey -text of the recovered key",
            )
            .stdout;
            let text = String::from_utf8_lossy(&text);
            let want = match (k_kind, canon_spec(c.spec).unwrap()) {
                (Kind::Rsa(bits), _) => format!("Private-Key: ({bits} bit, 2 primes)"),
                (_, "EC_P256") => "ASN1 OID: prime256v1".to_string(),
                (_, "EC_P384") => "ASN1 OID: secp384r1".to_string(),
                (_, "EC_P521") => "ASN1 OID: secp521r1".to_string(),
                (_, "EC_P256K") => "ASN1 OID: secp256k1".to_string(),
                (_, other) => panic!("test table: no curve for {other}"),
            };
            assert!(
                text.lines().any(|l| l.trim() == want),
                "recovered key does not match {}: openssl says\n{}",
                c.spec,
                text.lines()
                    .filter(|l| l.contains("Private-Key") || l.contains("OID"))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
    }

    // ---- lengths
    let k = c.wrap_bits / 8;
    let ekm = b.role("encrypted_key_material");
    let kwp_len = 8 * n.div_ceil(8) + 8;
    match sch {
        Scheme::Direct(_) => assert_eq!(
            ekm.bytes.len(),
            k,
            "direct RSA ciphertext must be the modulus length"
        ),
        Scheme::RsaKwp(_) => assert_eq!(
            ekm.bytes.len(),
            k + kwp_len,
            "RSA part ({k}) + KWP part (8*ceil({n}/8)+8)"
        ),
        Scheme::RsaEcb => assert_eq!(
            ekm.bytes.len(),
            k + 16 * (n / 16) + 16,
            "RSA part ({k}) + ECB part (16*floor({n}/16)+16)"
        ),
        Scheme::HuaweiSplit => {
            assert_eq!(
                b.role("encrypted_private_key").bytes.len(),
                kwp_len,
                "Huawei encrypted_private_key = 8*ceil({n}/8)+8"
            );
        }
    }
    if c.provider == "huawei" {
        assert_eq!(
            ekm.bytes.len(),
            256,
            "Huawei encrypted_key_material must be 256 bytes"
        );
        if ekm.encoding == "base64" {
            assert_eq!(
                ekm.raw.len(),
                344,
                "Huawei encrypted_key_material in base64 must be 344 chars ({})",
                ekm.name
            );
        }
    }
    if sch != Scheme::HuaweiSplit {
        assert!(
            !b.roles.contains_key("encrypted_private_key"),
            "role encrypted_private_key is only for Huawei asymmetric keys"
        );
    }

    // ---- token, key id, API request
    if c.ids {
        assert_eq!(
            b.manifest["key_id"].as_str(),
            Some(c.key_id()),
            "manifest key_id"
        );
        let token_in = read(&c.token_file());
        let (token_raw, token_b64) = if c.provider == "aws" {
            (token_in.clone(), b64(&token_in))
        } else {
            let text = String::from_utf8(token_in).unwrap().trim().to_string();
            (b64_lenient(text.as_bytes()), text)
        };
        assert_bytes_eq(
            &b.role("import_token").bytes,
            &token_raw,
            "import_token file (decoded) vs the token's raw bytes",
        );
        let req = b.role("api_request");
        let j: Value = serde_json::from_slice(&req.bytes).unwrap();
        let s = |f: &str| -> String {
            j[f].as_str()
                .unwrap_or_else(|| panic!("api_request {}: no string field {f:?}: {j}", req.name))
                .to_string()
        };
        let ekm_b64 = b64(&ekm.bytes);
        match c.provider {
            "huawei" => {
                assert_eq!(s("key_id"), c.key_id(), "huawei api_request key_id");
                assert_eq!(
                    s("import_token"),
                    token_b64,
                    "huawei api_request import_token"
                );
                assert_eq!(
                    s("encrypted_key_material"),
                    ekm_b64,
                    "huawei api_request encrypted_key_material"
                );
                assert_eq!(
                    s("encrypted_key_material").len(),
                    344,
                    "huawei encrypted_key_material chars"
                );
                if sch == Scheme::HuaweiSplit {
                    assert_eq!(
                        s("encrypted_privatekey"),
                        b64(&b.role("encrypted_private_key").bytes),
                        "huawei api_request encrypted_privatekey"
                    );
                }
            }
            "alibaba" => {
                assert_eq!(s("KeyId"), c.key_id(), "alibaba api_request KeyId");
                assert_eq!(
                    s("EncryptedKeyMaterial"),
                    ekm_b64,
                    "alibaba api_request EncryptedKeyMaterial"
                );
                assert_eq!(
                    s("ImportToken"),
                    token_b64,
                    "alibaba api_request ImportToken"
                );
            }
            _ => {
                assert_eq!(s("KeyId"), c.key_id(), "aws api_request KeyId");
                assert_eq!(
                    s("ImportToken"),
                    token_b64,
                    "aws api_request ImportToken (base64 of the binary token)"
                );
                assert_eq!(
                    s("EncryptedKeyMaterial"),
                    ekm_b64,
                    "aws api_request EncryptedKeyMaterial"
                );
            }
        }
    } else {
        assert!(
            !b.roles.contains_key("import_token"),
            "no token was given, yet the bundle lists an import_token"
        );
    }

    // ---- nothing in the bundle holds the plaintext (raw, hex, base64)
    assert_no_plaintext(&r.bundle, &material);

    // ---- --generate: the age backup decrypts (independently) to what the KMS unwrapped
    if is_gen {
        check_backup(&backup, &material, &r.bundle);
    }
}

fn bundle_files(dir: &Path) -> Vec<PathBuf> {
    let mut v = vec![];
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            v.extend(bundle_files(&p));
        } else {
            v.push(p);
        }
    }
    v
}

fn assert_no_plaintext(bundle: &Path, material: &[u8]) {
    let needles: [(&str, Vec<u8>); 4] = [
        ("raw bytes", material.to_vec()),
        ("hex", hex(material).into_bytes()),
        ("HEX", hex(material).to_uppercase().into_bytes()),
        ("base64", b64(material).into_bytes()),
    ];
    for f in bundle_files(bundle) {
        let bytes = read(&f);
        for (what, n) in &needles {
            assert!(
                !contains(&bytes, n),
                "bundle file {} contains the plaintext key material ({what})",
                f.display()
            );
        }
    }
}

fn check_backup(backup: &Path, material: &[u8], bundle: &Path) {
    assert!(
        backup.is_file(),
        "--backup file {} not written",
        backup.display()
    );
    common::assert_owner_only(backup);
    let pass = fs::read_to_string(data("backup.pass")).unwrap();
    let pass = pass.lines().next().unwrap();
    let out = run(
        Command::new("python3")
            .args([
                "-c",
                "import sys, pyrage.passphrase as p\n\
                 sys.stdout.buffer.write(p.decrypt(open(sys.argv[1], 'rb').read(), sys.argv[2]))",
            ])
            .arg(backup)
            .arg(pass),
        "pyrage: decrypting the age backup with the passphrase",
    );
    let plain = out.stdout;
    // Symmetric: the raw bytes. Asymmetric: PKCS#8, DER or PEM ("PRIVATE KEY").
    let as_der = if plain.starts_with(b"-----BEGIN") {
        pem_body(&plain, "PRIVATE KEY")
            .unwrap_or_else(|| panic!("backup is PEM but not a `PRIVATE KEY` (PKCS#8) block"))
    } else {
        plain.clone()
    };
    assert_bytes_eq(
        &as_der,
        material,
        "age backup plaintext vs the material the KMS oracles unwrapped",
    );
    for f in bundle_files(bundle) {
        assert!(
            !contains(&read(&f), &plain),
            "bundle file {} contains the backup's plaintext",
            f.display()
        );
    }
}

// ============================================================================= the offerings

use Mat::{Gen, Key, Sym};
use WrapForm::{Cert, Der, Pem, B64};

const S32: Mat = Sym {
    input: "sym32.bin",
    raw: "sym32.bin",
};
const S32_HEX: Mat = Sym {
    input: "sym32.hex",
    raw: "sym32.bin",
};
const S32_B64: Mat = Sym {
    input: "sym32.b64",
    raw: "sym32.bin",
};
const S16: Mat = Sym {
    input: "sym16.bin",
    raw: "sym16.bin",
};
const S24: Mat = Sym {
    input: "sym24.bin",
    raw: "sym24.bin",
};
const H28: Mat = Sym {
    input: "hmac28.bin",
    raw: "hmac28.bin",
};
const H32: Mat = Sym {
    input: "hmac32.bin",
    raw: "hmac32.bin",
};
const H48: Mat = Sym {
    input: "hmac48.bin",
    raw: "hmac48.bin",
};
const H64: Mat = Sym {
    input: "hmac64.bin",
    raw: "hmac64.bin",
};

macro_rules! round_trips {
    ($($name:ident => $case:expr;)*) => {
        $( #[test] fn $name() { round_trip($case); } )*
    };
}

// ---- Huawei: wrapping key RSA-2048 only; symmetric direct OAEP-SHA256, asymmetric split KWP.
round_trips! {
    huawei_aes256_oaep256_cert => case("huawei", "AES_256", 2048, Cert, S32).alg("RSAES_OAEP_SHA_256").ids();
    huawei_rsa2048_pkcs1pem_der => case("huawei", "RSA_2048", 2048, Der, Key("mat_rsa2048.pkcs1.pem")).ids();
    huawei_rsa3072_pem => case("huawei", "RSA_3072", 2048, Pem, Key("mat_rsa3072.pk8.der")).alg("RSAES_OAEP_SHA_256");
    huawei_rsa4096_b64 => case("huawei", "RSA_4096", 2048, B64, Key("mat_rsa4096.pk8.der")).alg("RSAES_OAEP_SHA_256").ids();
    huawei_ec_p256_sec1 => case("huawei", "EC_P256", 2048, Pem, Key("mat_ec_p256.sec1.pem"));
    huawei_ec_p384_der => case("huawei", "EC_P384", 2048, Der, Key("mat_ec_p384.pk8.der")).ids();
}

// ---- Alibaba: wrapping key RSA-2048 only.
round_trips! {
    alibaba_aes256_oaep256_hex => case("alibaba", "Aliyun_AES_256", 2048, B64, S32_HEX).ids();
    alibaba_aes256_oaep1_b64 => case("alibaba", "AES_256", 2048, Pem, S32_B64).alg("RSAES_OAEP_SHA_1").ids();
    alibaba_aes256_pkcs1 => case("alibaba", "AES_256", 2048, Der, S32).alg("RSAES_PKCS1_V1_5");
    alibaba_sm4_oaep256 => case("alibaba", "SM4", 2048, Cert, S16).alg("RSAES_OAEP_SHA_256").ids();
    alibaba_sm4_oaep1 => case("alibaba", "Aliyun_SM4", 2048, Der, S16).alg("RSAES_OAEP_SHA_1");
    alibaba_sm4_pkcs1 => case("alibaba", "SM4", 2048, Pem, S16).alg("RSAES_PKCS1_V1_5").ids();
    // Hardware-instance specs: same direct OAEP, 16 and 24 bytes.
    alibaba_aes128_oaep256 => case("alibaba", "Aliyun_AES_128", 2048, Der, S16).ids();
    alibaba_aes192_oaep1 => case("alibaba", "Aliyun_AES_192", 2048, Pem, S24).alg("RSAES_OAEP_SHA_1");
    alibaba_aes192_pkcs1 => case("alibaba", "AES_192", 2048, B64, S24).alg("RSAES_PKCS1_V1_5").ids();
    alibaba_aes128_oaep1 => case("alibaba", "AES_128", 2048, Cert, S16).alg("RSAES_OAEP_SHA_1");
    alibaba_aes128_pkcs1 => case("alibaba", "Aliyun_AES_128", 2048, Pem, S16).alg("RSAES_PKCS1_V1_5");
    alibaba_aes192_oaep256 => case("alibaba", "Aliyun_AES_192", 2048, Der, S24).alg("RSAES_OAEP_SHA_256").ids();
    alibaba_rsa2048_encrypted_pkcs8 => case("alibaba", "RSA_2048", 2048, Pem, Key("mat_rsa2048.enc.pk8.pem")).ids();
    alibaba_rsa3072_ecb => case("alibaba", "RSA_3072", 2048, Der, Key("mat_rsa3072.pk8.der"))
        .alg("RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD");
    alibaba_rsa4096_ecb => case("alibaba", "RSA_4096", 2048, B64, Key("mat_rsa4096.pk8.der"))
        .alg("RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD").ids();
    alibaba_ec_p256_ecb => case("alibaba", "EC_P256", 2048, Cert, Key("mat_ec_p256.pk8.der")).ids();
    alibaba_ec_p256k_sec1 => case("alibaba", "EC_P256K", 2048, Pem, Key("mat_ec_secp256k1.sec1.pem"))
        .alg("RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD");
}

// ---- AWS: wrapping key RSA 2048/3072/4096; binary token.
round_trips! {
    aws_aes256_oaep256_2048 => case("aws", "SYMMETRIC_DEFAULT", 2048, Pem, S32).ids();
    aws_aes256_oaep1_4096_hex => case("aws", "AES_256", 4096, Der, S32_HEX).alg("RSAES_OAEP_SHA_1").ids();
    // China Regions: SYMMETRIC_DEFAULT is a 128-bit SM4 key, wrapped with direct OAEP.
    aws_sm4_oaep256 => case("aws", "SM4", 2048, Pem, S16).ids();
    aws_sm4_oaep1 => case("aws", "SM4", 4096, Der, S16).alg("RSAES_OAEP_SHA_1");
    aws_hmac224_oaep256 => case("aws", "HMAC_224", 3072, Pem, H28).alg("RSAES_OAEP_SHA_256").ids();
    aws_hmac224_oaep1 => case("aws", "HMAC_224", 2048, Cert, H28).alg("RSAES_OAEP_SHA_1");
    aws_hmac256_oaep256 => case("aws", "HMAC_256", 4096, B64, H32).ids();
    aws_hmac256_oaep1 => case("aws", "HMAC_256", 3072, Der, H32).alg("RSAES_OAEP_SHA_1").ids();
    aws_hmac384_oaep256 => case("aws", "HMAC_384", 2048, Der, H48).alg("RSAES_OAEP_SHA_256");
    aws_hmac384_oaep1 => case("aws", "HMAC_384", 4096, Pem, H48).alg("RSAES_OAEP_SHA_1").ids();
    aws_hmac512_oaep256 => case("aws", "HMAC_512", 3072, B64, H64).alg("RSAES_OAEP_SHA_256").ids();
    aws_hmac512_oaep1 => case("aws", "HMAC_512", 2048, Pem, H64).alg("RSAES_OAEP_SHA_1");

    aws_rsa2048_kw256_pk8pem => case("aws", "RSA_2048", 3072, B64, Key("mat_rsa2048.pk8.pem")).ids();
    aws_rsa2048_kw1_pkcs1pem => case("aws", "RSA_2048", 2048, Cert, Key("mat_rsa2048.pkcs1.pem")).alg("RSA_AES_KEY_WRAP_SHA_1");
    aws_rsa3072_kw256 => case("aws", "RSA_3072", 4096, Pem, Key("mat_rsa3072.pk8.der")).alg("RSA_AES_KEY_WRAP_SHA_256");
    aws_rsa3072_kw1 => case("aws", "RSA_3072", 2048, Der, Key("mat_rsa3072.pk8.der")).alg("RSA_AES_KEY_WRAP_SHA_1").ids();
    aws_rsa4096_kw256 => case("aws", "RSA_4096", 4096, Der, Key("mat_rsa4096.pk8.der")).alg("RSA_AES_KEY_WRAP_SHA_256").ids();
    aws_rsa4096_kw1 => case("aws", "RSA_4096", 3072, Pem, Key("mat_rsa4096.pk8.der")).alg("RSA_AES_KEY_WRAP_SHA_1");

    aws_p256_kw256 => case("aws", "ECC_NIST_P256", 2048, Pem, Key("mat_ec_p256.sec1.pem")).ids();
    aws_p256_kw1 => case("aws", "EC_P256", 3072, Der, Key("mat_ec_p256.pk8.der")).alg("RSA_AES_KEY_WRAP_SHA_1");
    aws_p256_oaep256 => case("aws", "EC_P256", 4096, B64, Key("mat_ec_p256.pk8.der")).alg("RSAES_OAEP_SHA_256").ids();
    aws_p256_oaep1 => case("aws", "ECC_NIST_P256", 2048, Der, Key("mat_ec_p256.sec1.pem")).alg("RSAES_OAEP_SHA_1");
    aws_p384_kw256 => case("aws", "ECC_NIST_P384", 4096, Pem, Key("mat_ec_p384.pk8.der")).alg("RSA_AES_KEY_WRAP_SHA_256");
    aws_p384_kw1 => case("aws", "EC_P384", 2048, B64, Key("mat_ec_p384.sec1.pem")).alg("RSA_AES_KEY_WRAP_SHA_1").ids();
    aws_p384_oaep256 => case("aws", "EC_P384", 3072, Pem, Key("mat_ec_p384.sec1.pem")).alg("RSAES_OAEP_SHA_256");
    aws_p384_oaep1 => case("aws", "ECC_NIST_P384", 2048, Pem, Key("mat_ec_p384.pk8.der")).alg("RSAES_OAEP_SHA_1").ids();
    aws_p521_kw256_2048 => case("aws", "EC_P521", 2048, Der, Key("mat_ec_p521.pk8.der")).alg("RSA_AES_KEY_WRAP_SHA_256").ids();
    aws_p521_kw1 => case("aws", "ECC_NIST_P521", 4096, Der, Key("mat_ec_p521.sec1.pem")).alg("RSA_AES_KEY_WRAP_SHA_1");
    // P-521 PKCS#8 is 241 bytes: over OAEP's capacity under RSA-2048 (190/214), within 3072/4096.
    aws_p521_oaep256_3072 => case("aws", "EC_P521", 3072, B64, Key("mat_ec_p521.pk8.der")).alg("RSAES_OAEP_SHA_256").ids();
    aws_p521_oaep1_4096 => case("aws", "ECC_NIST_P521", 4096, Pem, Key("mat_ec_p521.sec1.pem")).alg("RSAES_OAEP_SHA_1");
    aws_p256k_kw256 => case("aws", "ECC_SECG_P256K1", 3072, Der, Key("mat_ec_secp256k1.sec1.pem")).ids();
    aws_p256k_kw1 => case("aws", "EC_P256K", 4096, B64, Key("mat_ec_secp256k1.pk8.der")).alg("RSA_AES_KEY_WRAP_SHA_1");
    aws_p256k_oaep256 => case("aws", "EC_P256K", 2048, Cert, Key("mat_ec_secp256k1.pk8.der")).alg("RSAES_OAEP_SHA_256").ids();
    aws_p256k_oaep1 => case("aws", "ECC_SECG_P256K1", 3072, Pem, Key("mat_ec_secp256k1.sec1.pem")).alg("RSAES_OAEP_SHA_1");
}

// ---- --generate with an age backup: backup == what the KMS unwraps, mode 0600, not in the bundle.
// Kept to four cases: age's scrypt (calibrated to ~1 s) runs once in the CLI and once in pyrage.
round_trips! {
    generate_aws_hmac384_backup => case("aws", "HMAC_384", 3072, Der, Gen).alg("RSAES_OAEP_SHA_1").ids();
    generate_aws_rsa2048_backup => case("aws", "RSA_2048", 4096, Der, Gen).ids();
    generate_huawei_ec_p384_backup => case("huawei", "EC_P384", 2048, Cert, Gen).ids();
    generate_alibaba_ec_p256k_backup => case("alibaba", "EC_P256K", 2048, Pem, Gen);
}

// ---------------------------------------------------------------------------------- edges

/// AWS: ECC_NIST_P521 cannot go through RSAES_OAEP_* under an RSA-2048 wrapping key (241 > 190).
#[test]
fn aws_p521_oaep_under_rsa2048_is_refused() {
    require_tools();
    let tmp = tempfile::tempdir().unwrap();
    let c = case("aws", "EC_P521", 2048, Pem, Key("mat_ec_p521.pk8.der")).alg("RSAES_OAEP_SHA_256");
    let r = run_cli(&c, tmp.path(), None);
    assert_eq!(
        r.out.status.code(),
        Some(2),
        "P-521 + RSAES_OAEP_SHA_256 + RSA-2048 must be refused with exit 2; stderr: {}",
        String::from_utf8_lossy(&r.out.stderr)
    );
    assert!(!r.out.stderr.is_empty(), "a refusal must say why on stderr");
    assert!(
        !r.bundle.exists(),
        "a refused run must not leave the --out folder behind"
    );
}

/// The fixtures say what their names say (guards against a broken regeneration).
#[test]
fn fixtures_are_consistent() {
    require_tools();
    let raw = read(&data("sym32.bin"));
    assert_eq!(raw.len(), 32);
    assert_eq!(
        unhex(std::str::from_utf8(&read(&data("sym32.hex"))).unwrap()),
        raw,
        "sym32.hex"
    );
    assert_eq!(b64_lenient(&read(&data("sym32.b64"))), raw, "sym32.b64");
    for (f, n) in [
        ("sym16.bin", 16),
        ("hmac28.bin", 28),
        ("hmac32.bin", 32),
        ("hmac48.bin", 48),
        ("hmac64.bin", 64),
    ] {
        assert_eq!(read(&data(f)).len(), n, "{f}");
    }
    for f in [
        "mat_rsa2048.pk8.der",
        "mat_rsa3072.pk8.der",
        "mat_rsa4096.pk8.der",
        "mat_ec_p256.pk8.der",
        "mat_ec_p384.pk8.der",
        "mat_ec_p521.pk8.der",
        "mat_ec_secp256k1.pk8.der",
    ] {
        // OpenSSL's PKCS#8 conversion of a PKCS#8 DER file is the file itself.
        assert_bytes_eq(&expected_material(Key(f)).unwrap(), &read(&data(f)), f);
    }
    let rsa2048 = read(&data("mat_rsa2048.pk8.der"));
    for f in [
        "mat_rsa2048.pk8.pem",
        "mat_rsa2048.pkcs1.pem",
        "mat_rsa2048.enc.pk8.pem",
    ] {
        assert_bytes_eq(&expected_material(Key(f)).unwrap(), &rsa2048, f);
    }
    for bits in [2048, 3072, 4096] {
        let der = read(&data(&format!("wrap_rsa{bits}.pub.der")));
        assert_eq!(
            b64_lenient(&read(&data(&format!("wrap_rsa{bits}.pub.b64")))),
            der,
            "wrap_rsa{bits}.pub.b64"
        );
        assert_eq!(
            pem_body(
                &read(&data(&format!("wrap_rsa{bits}.pub.pem"))),
                "PUBLIC KEY"
            )
            .unwrap(),
            der
        );
        let from_priv = run(
            Command::new("openssl")
                .args(["pkey", "-pubout", "-outform", "DER", "-in"])
                .arg(data(&format!("wrap_rsa{bits}.key.pem"))),
            "openssl pkey -pubout",
        )
        .stdout;
        assert_bytes_eq(
            &from_priv,
            &der,
            &format!("wrap_rsa{bits} public key vs private key"),
        );
    }
    let cert_pub = run(
        Command::new("openssl")
            .args(["x509", "-noout", "-pubkey", "-in"])
            .arg(data("wrap_rsa2048.crt.pem")),
        "openssl x509 -pubkey",
    )
    .stdout;
    assert_eq!(
        pem_body(&cert_pub, "PUBLIC KEY").unwrap(),
        read(&data("wrap_rsa2048.pub.der")),
        "certificate key"
    );
    let tok = String::from_utf8(read(&data("token.b64"))).unwrap();
    assert!(
        b64_strict(tok.trim().as_bytes()).is_ok(),
        "token.b64 is one line of base64"
    );
}

/// The strict base64 decoder used on bundle files rejects what the contract forbids.
#[test]
fn strict_base64_decoder() {
    assert_eq!(b64_strict(b"AAECAw==").unwrap(), vec![0, 1, 2, 3]);
    assert_eq!(b64(&[0, 1, 2, 3]), "AAECAw==");
    assert_eq!(b64(b"abc"), "YWJj");
    assert!(b64_strict(b"AAECAw==\n").is_err());
    assert!(b64_strict(b"AAEC\nAw==").is_err());
    assert!(b64_strict(b"AAECAw").is_err());
    assert!(b64_strict(b"AA-_").is_err());
    assert!(b64_strict(b"A=AA").is_err());
}
