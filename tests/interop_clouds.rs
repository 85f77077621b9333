//! Independent-oracle round trips, contract checks and practice-KMS runs for Google Cloud KMS (`gcp`), Azure Key Vault / Managed HSM (`azure`), Tencent Cloud KMS
//! (`tencent`) and Oracle OCI Vault (`oci`).
//!
//! 1. Round trips. Every provider × key spec × algorithm the catalog offers for these clouds (the
//!    table below; `catalog_lists_exactly_the_tested_offerings` checks it against `byok-wizard
//!    providers`) runs the real CLI into a temporary folder and is then unwrapped TWICE, with code that
//!    shares nothing with byok-wizard:
//!    * (a) the OpenSSL CLI: `openssl pkeyutl -decrypt` (OAEP with `rsa_oaep_md` and `rsa_mgf1_md` set
//!      to the same digest, or `rsa_padding_mode:pkcs1`) and `openssl enc -d -id-aes256-wrap-pad -iv
//!      A65959A6` (RFC 5649). For Azure the `.byok` ciphertext is base64url-decoded here (own decoder)
//!      and split at the modulus length;
//!    * (b) `tests/oracle/unwrap_bundle.py` (pyca `cryptography` only).
//!
//!    Both must give back exactly the material handed in: the raw bytes for symmetric/HMAC specs; for
//!    private keys, the PKCS#8 DER that `openssl pkcs8 -topk8 -nocrypt -outform DER` makes of the
//!    input. Also checked: manifest facts and roles (files located only through the manifest and
//!    decoded by `encoding`), lengths, the `.byok` structure field by field, API request bodies, the
//!    cloud CLI line in README.txt, and that no file holds the plaintext.
//!    Byte formats: Google Cloud KMS "Importing a key version", Azure "Bring your own key
//!    specification", Tencent Cloud KMS "Importing External Key Material", OCI Vault "Importing Keys
//!    and Key Versions"; RFC 8017 (OAEP), RFC 5649 (KWP).
//! 2. Contract checks for the new providers: exit 2, a first stderr line naming the flag, nothing
//!    left behind (the `--out` folder and the parents the run would have created do not exist).
//! 3. The practice KMS playing each new cloud: `practice new` → `wrap` with the issued files →
//!    `practice import` accepted; for Azure a `.byok` naming another KEK is rejected.
//!
//! Large matrices loop over their cases inside one test; every failing case is named in the panic
//! message (all cases run, the failures are collected).
//!
//! Requirements: `openssl` (3.x) and `python3` with `cryptography`. A missing tool FAILS the test
//! with an install hint; nothing is skipped. Only the binary is used, never the library.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

mod common;

use common::bundle::{load_bundle, Bundle};
use common::codec::*;

const TENCENT_KEY_ID: &str = "5ab4ad1c-8f2e-11ee-9d7a-5254000f1c2d";
const GCP_KEY_NAME: &str =
    "projects/byok-test/locations/europe-west1/keyRings/ring-1/cryptoKeys/imported-1";
const AZURE_VAULT_KEK: &str =
    "https://contoso-kv.vault.azure.net/keys/KEKforBYOK/6b7c2a1f0e9d4c8b8a7f6e5d4c3b2a19";
const AZURE_HSM_KEK: &str =
    "https://contoso-hsm.managedhsm.azure.net/keys/KEKforBYOK/0f1e2d3c4b5a69788796a5b4c3d2e1f0";

// ------------------------------------------------------------------------------------------ tools

use common::data;

fn oracle_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/unwrap_bundle.py")
}

/// Panics (never skips) when `openssl` 3 or `python3` + `cryptography` is missing.
fn require_tools() {
    static CHECK: OnceLock<Result<(), String>> = OnceLock::new();
    let r = CHECK.get_or_init(|| {
        match Command::new("openssl").arg("version").output() {
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
        match Command::new("python3")
            .args(["-c", "from cryptography.hazmat.primitives.keywrap import aes_key_unwrap_with_padding"])
            .output()
        {
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

fn show(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn exec(cmd: &mut Command) -> Output {
    cmd.env_remove("RUST_BACKTRACE")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

fn run(cmd: &mut Command, what: &str) -> Output {
    let out = exec(cmd);
    if !out.status.success() {
        panic!("{what}: {cmd:?} failed\n{}", show(&out));
    }
    out
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Run every case, collect the failures, and fail once naming each failing case.
fn run_cases<C>(cases: &[C], name: impl Fn(&C) -> String, f: impl Fn(&C)) {
    require_tools();
    assert!(!cases.is_empty(), "test table is empty");
    let mut failures = vec![];
    for c in cases {
        if let Err(e) = std::panic::catch_unwind(AssertUnwindSafe(|| f(c))) {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "(non-string panic)".into());
            failures.push(format!("--- {}:\n{msg}", name(c)));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

// -------------------------------------------------------------------------- small codecs (own)

#[test]
fn own_codecs() {
    assert_eq!(b64(&[0, 1, 2, 3]), "AAECAw==");
    assert_eq!(b64url_nopad(&[0xfb, 0xff, 0xbf]), "-_-_");
    assert_eq!(b64url_nopad(&[0xfb, 0xff]), "-_8");
    assert_eq!(
        b64_decode(b"-_8", B64_URL, false).unwrap(),
        vec![0xfb, 0xff]
    );
    assert!(
        b64_decode(b"-_8=", B64_URL, false).is_err(),
        "base64url must not carry '='"
    );
    assert!(
        b64_decode(b"+/8", B64_URL, false).is_err(),
        "'+' and '/' are not base64url"
    );
    assert!(b64_strict(b"AAECAw==\n").is_err());
    assert!(b64_strict(b"AAECAw").is_err());
    assert_eq!(b64_strict(b"YWJj").unwrap(), b"abc");
    assert_eq!(unhex("00ff"), vec![0, 255]);
}

// ---------------------------------------------------------------------------------- catalog (own)

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Sym(usize),
    Rsa(usize),
    Ec(&'static str),
}

/// Common spelling of a key spec (the providers' own spellings mapped back), and what it holds.
fn spec_info(s: &str) -> (&'static str, Kind) {
    match s.to_ascii_uppercase().as_str() {
        "AES_128" | "OCT-HSM_128" | "AES_128_GCM" => ("AES_128", Kind::Sym(16)),
        "HMAC_160" | "HMAC_SHA1" => ("HMAC_160", Kind::Sym(20)),
        "ED25519" | "EC_SIGN_ED25519" => ("ED25519", Kind::Ec("Ed25519")),
        "AES_192" | "OCT-HSM_192" => ("AES_192", Kind::Sym(24)),
        "AES_256" | "SYMMETRIC_DEFAULT" | "GOOGLE_SYMMETRIC_ENCRYPTION" | "OCT-HSM_256" => {
            ("AES_256", Kind::Sym(32))
        }
        "HMAC_224" | "HMAC_SHA224" => ("HMAC_224", Kind::Sym(28)),
        "HMAC_256" | "HMAC_SHA256" => ("HMAC_256", Kind::Sym(32)),
        "HMAC_384" | "HMAC_SHA384" => ("HMAC_384", Kind::Sym(48)),
        "HMAC_512" | "HMAC_SHA512" => ("HMAC_512", Kind::Sym(64)),
        "RSA_2048" => ("RSA_2048", Kind::Rsa(2048)),
        "RSA_3072" => ("RSA_3072", Kind::Rsa(3072)),
        "RSA_4096" => ("RSA_4096", Kind::Rsa(4096)),
        "EC_P256" | "EC_SIGN_P256_SHA256" | "P-256" => ("EC_P256", Kind::Ec("P-256")),
        "EC_P384" | "EC_SIGN_P384_SHA384" | "P-384" => ("EC_P384", Kind::Ec("P-384")),
        "EC_P521" | "P-521" => ("EC_P521", Kind::Ec("P-521")),
        "EC_P256K" | "EC_SIGN_SECP256K1_SHA256" | "P-256K" => ("EC_P256K", Kind::Ec("P-256K")),
        other => panic!("test table: unknown spec {other}"),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scheme {
    /// The RSA ciphertext of the material itself (`pkcs1` or OAEP with this digest).
    Direct(&'static str),
    /// OAEP-H(K) ‖ RFC 5649 KWP(K, material) with a 32-byte K (PKCS#11 CKM_RSA_AES_KEY_WRAP).
    RsaKwp(&'static str),
}

/// The byte construction behind each new algorithm name (byok-formats §6–§9), written out here
/// independently of the catalog.
fn scheme(provider: &str, algorithm: &str) -> Scheme {
    match (provider, algorithm) {
        ("gcp", "RSA_OAEP_3072_SHA1_AES_256") | ("gcp", "RSA_OAEP_4096_SHA1_AES_256") => {
            Scheme::RsaKwp("sha1")
        }
        ("gcp", "RSA_OAEP_3072_SHA256_AES_256") | ("gcp", "RSA_OAEP_4096_SHA256_AES_256") => {
            Scheme::RsaKwp("sha256")
        }
        ("gcp", "RSA_OAEP_3072_SHA256") | ("gcp", "RSA_OAEP_4096_SHA256") => {
            Scheme::Direct("sha256")
        }
        ("azure", "CKM_RSA_AES_KEY_WRAP") => Scheme::RsaKwp("sha1"),
        ("tencent", "RSAES_OAEP_SHA_256") => Scheme::Direct("sha256"),
        ("tencent", "RSAES_OAEP_SHA_1") => Scheme::Direct("sha1"),
        ("tencent", "RSAES_PKCS1_V1_5") => Scheme::Direct("pkcs1"),
        ("oci", "RSA_OAEP_SHA256") => Scheme::Direct("sha256"),
        ("oci", "RSA_OAEP_AES_SHA256") => Scheme::RsaKwp("sha256"),
        _ => panic!("test table: no scheme for {provider} {algorithm}"),
    }
}

/// The default `--algorithm` (GCP has none: the method belongs to the import job).
fn default_algorithm(provider: &str, k: Kind) -> &'static str {
    match (provider, k) {
        ("azure", _) => "CKM_RSA_AES_KEY_WRAP",
        ("tencent", _) => "RSAES_OAEP_SHA_256",
        ("oci", Kind::Sym(_)) => "RSA_OAEP_SHA256",
        ("oci", _) => "RSA_OAEP_AES_SHA256",
        _ => panic!("test table: {provider} has no default algorithm"),
    }
}

const GCP_METHODS: [(&str, usize); 6] = [
    ("RSA_OAEP_3072_SHA1_AES_256", 3072),
    ("RSA_OAEP_4096_SHA1_AES_256", 4096),
    ("RSA_OAEP_3072_SHA256_AES_256", 3072),
    ("RSA_OAEP_4096_SHA256_AES_256", 4096),
    ("RSA_OAEP_3072_SHA256", 3072),
    ("RSA_OAEP_4096_SHA256", 4096),
];

fn gcp_is_direct(method: &str) -> bool {
    !method.ends_with("_AES_256")
}

/// What the tests expect each new provider to offer: (spec common name, algorithms).
fn expected_offers() -> BTreeMap<(&'static str, &'static str), BTreeSet<&'static str>> {
    let mut m = BTreeMap::new();
    let all: Vec<&str> = GCP_METHODS.iter().map(|(n, _)| *n).collect();
    let wrapped: Vec<&str> = all.iter().copied().filter(|n| !gcp_is_direct(n)).collect();
    for s in [
        "AES_128", "AES_256", "HMAC_160", "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512",
        "EC_P256", "EC_P384", "EC_P256K", "ED25519",
    ] {
        m.insert(("gcp", s), all.iter().copied().collect());
    }
    for s in ["RSA_2048", "RSA_3072", "RSA_4096"] {
        m.insert(("gcp", s), wrapped.iter().copied().collect());
    }
    for s in [
        "RSA_2048", "RSA_3072", "RSA_4096", "EC_P256", "EC_P384", "EC_P521", "EC_P256K", "AES_128",
        "AES_192", "AES_256",
    ] {
        m.insert(("azure", s), ["CKM_RSA_AES_KEY_WRAP"].into_iter().collect());
    }
    m.insert(
        ("tencent", "AES_256"),
        ["RSAES_OAEP_SHA_256", "RSAES_OAEP_SHA_1", "RSAES_PKCS1_V1_5"]
            .into_iter()
            .collect(),
    );
    for s in ["AES_128", "AES_192", "AES_256"] {
        m.insert(
            ("oci", s),
            ["RSA_OAEP_SHA256", "RSA_OAEP_AES_SHA256"]
                .into_iter()
                .collect(),
        );
    }
    for s in ["RSA_2048", "RSA_3072", "RSA_4096"] {
        m.insert(("oci", s), ["RSA_OAEP_AES_SHA256"].into_iter().collect());
    }
    m
}

// ------------------------------------------------------------------------------------- the cases

#[derive(Clone, Copy, Debug)]
enum Mat {
    /// A fixture file: `.bin` raw, `.hex` hex text, `.b64` base64 text (symmetric), else a private
    /// key (`.der` DER, `.pem` PEM, `.enc.` needs `material.pass`).
    File(&'static str),
    /// The first N bytes of a raw fixture, written to a file in the case's folder (AES-192).
    Prefix(&'static str, usize),
    /// `--generate`: both oracles must agree with each other.
    Gen,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ids {
    None,
    /// `--key-id` and `--import-token tests/data/token.b64` (Tencent).
    TokenFlags,
    /// A Tencent GetParametersForImport JSON as `--wrapping-key`, plus `--key-id` (Tencent).
    TencentJson,
    /// `--key-id` with a full GCP key name (projects/…/cryptoKeys/…).
    GcpName,
}

#[derive(Clone, Debug)]
struct Case {
    provider: &'static str,
    spec: &'static str,
    alg: Option<&'static str>,
    bits: usize,
    /// `pem` (PEM SPKI, as GCP/Azure/OCI hand it over) or `der`.
    form: &'static str,
    mat: Mat,
    kek_id: Option<&'static str>,
    ids: Ids,
}

fn case(
    provider: &'static str,
    spec: &'static str,
    alg: Option<&'static str>,
    bits: usize,
    mat: Mat,
) -> Case {
    Case {
        provider,
        spec,
        alg,
        bits,
        form: "pem",
        mat,
        kek_id: None,
        ids: Ids::None,
    }
}

impl Case {
    fn kek(mut self, k: &'static str) -> Self {
        self.kek_id = Some(k);
        self
    }
    fn ids(mut self, i: Ids) -> Self {
        self.ids = i;
        self
    }
    fn der(mut self) -> Self {
        self.form = "der";
        self
    }
    fn name(&self) -> String {
        format!(
            "{} {} {} RSA-{} ({}) material {:?}{}{}",
            self.provider,
            self.spec,
            self.alg.unwrap_or("(default algorithm)"),
            self.bits,
            self.form,
            self.mat,
            self.kek_id
                .map(|k| format!(" --kek-id {k}"))
                .unwrap_or_default(),
            if self.ids == Ids::None {
                String::new()
            } else {
                format!(" {:?}", self.ids)
            }
        )
    }
    fn kind(&self) -> Kind {
        spec_info(self.spec).1
    }
    /// The API spelling the manifest must carry (`--algorithm` may use gcloud's lowercase-dash form).
    fn expect_alg(&self) -> String {
        match self.alg {
            Some(a) => a.to_ascii_uppercase().replace('-', "_"),
            None => default_algorithm(self.provider, self.kind()).to_string(),
        }
    }
    fn wrapping_private_key(&self) -> PathBuf {
        data(&format!("wrap_rsa{}.key.pem", self.bits))
    }
}

/// The `--material` file for a case, and the bytes the KMS must recover (None for --generate).
fn material_input(mat: Mat, work: &Path) -> (Option<PathBuf>, Option<Vec<u8>>) {
    match mat {
        Mat::File(f) if f.ends_with(".bin") => (Some(data(f)), Some(read(&data(f)))),
        Mat::File(f) if f.ends_with(".hex") => (
            Some(data(f)),
            Some(unhex(std::str::from_utf8(&read(&data(f))).unwrap())),
        ),
        Mat::File(f) if f.ends_with(".b64") => (Some(data(f)), Some(b64_lenient(&read(&data(f))))),
        Mat::File(f) => {
            let mut cmd = Command::new("openssl");
            cmd.args(["pkcs8", "-topk8", "-nocrypt", "-outform", "DER", "-in"])
                .arg(data(f));
            if f.ends_with(".der") {
                cmd.args(["-inform", "DER"]);
            }
            if f.contains(".enc.") {
                cmd.arg("-passin")
                    .arg(format!("file:{}", data("material.pass").display()));
            }
            let want = run(&mut cmd, "openssl pkcs8 -topk8 (expected PKCS#8 DER)").stdout;
            (Some(data(f)), Some(want))
        }
        Mat::Prefix(f, n) => {
            let bytes = read(&data(f))[..n].to_vec();
            let p = work.join(format!("material-{n}.bin"));
            fs::write(&p, &bytes).unwrap();
            (Some(p), Some(bytes))
        }
        Mat::Gen => (None, None),
    }
}

// ------------------------------------------------------------------------------------ the bundle

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
    let needles: [(&str, Vec<u8>); 5] = [
        ("raw bytes", material.to_vec()),
        ("hex", hex(material).into_bytes()),
        ("HEX", hex(material).to_uppercase().into_bytes()),
        ("base64", b64(material).into_bytes()),
        ("base64url", b64url_nopad(material).into_bytes()),
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

/// The `.byok` file, checked field by field (byok-formats §7); returns the ciphertext's bytes,
/// decoded with our own base64url decoder.
fn check_byok(b: &Bundle, kek_id: &str) -> Vec<u8> {
    let e = b.role("byok");
    assert_eq!(
        e.encoding, "json",
        ".byok file {} must be declared json",
        e.name
    );
    assert!(
        e.name.ends_with(".byok"),
        ".byok file name {:?} should end in .byok",
        e.name
    );
    let v: Value = serde_json::from_slice(&e.bytes).unwrap();
    let obj = v
        .as_object()
        .unwrap_or_else(|| panic!(".byok is not a JSON object: {v}"));
    let keys: BTreeSet<&str> = obj.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["ciphertext", "generator", "header", "schema_version"]
            .into_iter()
            .collect(),
        ".byok top-level fields"
    );
    assert_eq!(v["schema_version"], "1.0.0", ".byok schema_version");
    let hdr = v["header"]
        .as_object()
        .unwrap_or_else(|| panic!(".byok header is not an object: {v}"));
    let hkeys: BTreeSet<&str> = hdr.keys().map(String::as_str).collect();
    assert_eq!(
        hkeys,
        ["alg", "enc", "kid"].into_iter().collect(),
        ".byok header fields"
    );
    assert_eq!(v["header"]["alg"], "dir", ".byok header.alg");
    assert_eq!(
        v["header"]["enc"], "CKM_RSA_AES_KEY_WRAP",
        ".byok header.enc"
    );
    assert_eq!(
        v["header"]["kid"], kek_id,
        ".byok header.kid must be the --kek-id given"
    );
    let generator = v["generator"].as_str().unwrap_or("");
    assert!(
        !generator.trim().is_empty(),
        ".byok generator must name the tool: {v}"
    );
    let ct = v["ciphertext"]
        .as_str()
        .unwrap_or_else(|| panic!(".byok ciphertext is not a string: {v}"));
    for bad in ['=', '+', '/'] {
        assert!(
            !ct.contains(bad),
            ".byok ciphertext contains {bad:?}: it must be base64url without padding (RFC 7515 §2)"
        );
    }
    b64_decode(ct.as_bytes(), B64_URL, false)
        .unwrap_or_else(|e| panic!(".byok ciphertext is not base64url: {e}"))
}

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

/// RFC 5649 unwrap with `openssl enc -d -id-aes256-wrap-pad` (input must stay ≤ 4096 bytes, see
/// tests/interop.rs; the largest material here, an RSA-4096 PKCS#8, is ~2.4 KB).
fn openssl_kwp_unwrap(kek: &[u8], ct: &[u8], work: &Path, tag: &str) -> Vec<u8> {
    assert!(
        ct.len() <= 4096,
        "{tag}: {} bytes is over the openssl enc wrap limit",
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

fn openssl_unwrap(priv_pem: &Path, k: usize, blob: &[u8], sch: Scheme, work: &Path) -> Vec<u8> {
    match sch {
        Scheme::Direct(pad) => openssl_rsa_decrypt(priv_pem, blob, pad, work, "direct"),
        Scheme::RsaKwp(md) => {
            assert!(
                blob.len() > k,
                "wrapped blob ({} B) is not longer than the RSA part ({k} B)",
                blob.len()
            );
            let kek = openssl_rsa_decrypt(priv_pem, &blob[..k], md, work, "rsa-part");
            assert_eq!(
                kek.len(),
                32,
                "temporary AES key must be 32 bytes, got {}",
                kek.len()
            );
            openssl_kwp_unwrap(&kek, &blob[k..], work, "kwp-part")
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

/// Write a Tencent GetParametersForImport response (byok-formats §8) for the RSA-2048 fixture.
fn tencent_params_json(dir: &Path, valid_to: u64) -> PathBuf {
    let token = String::from_utf8(read(&data("token.b64")))
        .unwrap()
        .trim()
        .to_string();
    let j = serde_json::json!({
        "PublicKey": b64(&read(&data("wrap_rsa2048.pub.der"))),
        "ImportToken": token,
        "ParametersValidTo": valid_to,
        "RequestId": "6a4d7f0e-1b2c-4d3e-8f90-a1b2c3d4e5f6",
    });
    let p = dir.join(format!("GetParametersForImport_{TENCENT_KEY_ID}.json"));
    fs::write(&p, serde_json::to_vec_pretty(&j).unwrap()).unwrap();
    p
}

fn round_trip(c: &Case) {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("work");
    fs::create_dir(&work).unwrap();
    let bundle = tmp.path().join("bundle");
    let (mat_file, want) = material_input(c.mat, &work);

    // ---- run the CLI
    let mut cmd = common::bin();
    cmd.args(["wrap", "--provider", c.provider, "--key-spec", c.spec]);
    if let Some(a) = c.alg {
        cmd.args(["--algorithm", a]);
    }
    let wk = match c.ids {
        Ids::TencentJson => tencent_params_json(&work, now() + 86_400),
        _ => data(&format!("wrap_rsa{}.pub.{}", c.bits, c.form)),
    };
    cmd.arg("--wrapping-key").arg(&wk);
    if let Some(k) = c.kek_id {
        cmd.args(["--kek-id", k]);
    }
    match c.ids {
        Ids::None => {}
        Ids::TokenFlags => {
            cmd.args(["--key-id", TENCENT_KEY_ID])
                .arg("--import-token")
                .arg(data("token.b64"));
        }
        Ids::TencentJson => {
            cmd.args(["--key-id", TENCENT_KEY_ID]);
        }
        Ids::GcpName => {
            cmd.args(["--key-id", GCP_KEY_NAME]);
        }
    }
    match (mat_file, c.mat) {
        (Some(f), m) => {
            cmd.arg("--material").arg(&f);
            if matches!(m, Mat::File(n) if n.contains(".enc.")) {
                cmd.arg("--material-passphrase-file")
                    .arg(data("material.pass"));
            }
        }
        (None, _) => {
            cmd.arg("--generate");
        }
    }
    cmd.arg("--out").arg(&bundle);
    let out = exec(&mut cmd);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "byok-wizard wrap failed\n{}",
        show(&out)
    );
    let alg_owned = c.expect_alg();
    let alg = alg_owned.as_str();
    if alg == "RSAES_PKCS1_V1_5" {
        assert!(
            stderr.to_lowercase().contains("deprecated"),
            "RSAES_PKCS1_V1_5 must warn on stderr that it is deprecated; stderr: {stderr}"
        );
    } else {
        assert!(
            !stderr.to_lowercase().contains("deprecated"),
            "{alg} is not deprecated, yet stderr says so: {stderr}"
        );
    }

    // ---- manifest facts
    let b = load_bundle(&bundle);
    let (spec, kind) = spec_info(c.spec);
    let k = c.bits / 8;
    assert_eq!(b.str_field("provider"), c.provider, "manifest provider");
    assert_eq!(b.str_field("algorithm"), alg, "manifest algorithm");
    assert_eq!(
        spec_info(b.str_field("key_spec")).0,
        spec,
        "manifest key_spec"
    );
    let spki_sha = sha256_files(&[data(&format!("wrap_rsa{}.pub.der", c.bits))]).remove(0);
    assert_eq!(
        b.str_field("wrapping_key_sha256").to_lowercase(),
        spki_sha,
        "manifest wrapping_key_sha256 is not SHA-256 of the wrapping key's DER SPKI"
    );
    match c.kek_id {
        Some(kid) => {
            if let Some(m) = b.manifest.get("kek_id").filter(|v| !v.is_null()) {
                assert_eq!(m, kid, "manifest kek_id");
            }
        }
        None => assert!(
            b.manifest.get("kek_id").is_none_or(Value::is_null),
            "manifest names a kek_id for {}",
            c.provider
        ),
    }

    // ---- roles
    let roles: BTreeSet<&str> = b.roles.keys().map(String::as_str).collect();
    let has_ids = matches!(c.ids, Ids::TokenFlags | Ids::TencentJson);
    let (required, forbidden): (Vec<&str>, Vec<&str>) = match c.provider {
        "azure" => (
            vec!["byok", "instructions"],
            vec![
                "encrypted_key_material",
                "encrypted_private_key",
                "import_token",
            ],
        ),
        "gcp" | "oci" => (
            vec!["encrypted_key_material", "api_request", "instructions"],
            vec!["byok", "encrypted_private_key", "import_token"],
        ),
        "tencent" if has_ids => (
            vec![
                "encrypted_key_material",
                "import_token",
                "api_request",
                "instructions",
            ],
            vec!["byok", "encrypted_private_key"],
        ),
        "tencent" => (
            vec!["encrypted_key_material", "instructions"],
            vec![
                "byok",
                "encrypted_private_key",
                "import_token",
                "api_request",
            ],
        ),
        p => panic!("test table: provider {p}"),
    };
    for r in &required {
        assert!(roles.contains(r), "role {r} missing; roles: {roles:?}");
    }
    for r in &forbidden {
        assert!(
            !roles.contains(r),
            "role {r} must not be in a {} bundle; roles: {roles:?}",
            c.provider
        );
    }

    // ---- the wrapped blob
    let blob = match c.provider {
        "azure" => check_byok(
            &b,
            c.kek_id.expect("test table: azure case without --kek-id"),
        ),
        _ => b.role("encrypted_key_material").bytes.clone(),
    };
    match (
        c.provider,
        b.role(if c.provider == "azure" {
            "byok"
        } else {
            "encrypted_key_material"
        })
        .encoding
        .as_str(),
    ) {
        ("gcp" | "oci", enc) => assert_eq!(
            enc, "binary",
            "{} wrapped key file must be binary",
            c.provider
        ),
        ("tencent", enc) => {
            assert_eq!(enc, "base64", "tencent EncryptedKeyMaterial is base64 text")
        }
        _ => {}
    }

    // ---- (a) OpenSSL CLI and (b) python cryptography, then the material handed in
    let sch = scheme(c.provider, alg);
    let via_openssl = openssl_unwrap(&c.wrapping_private_key(), k, &blob, sch, &work);
    let via_python = python_unwrap(&bundle, &c.wrapping_private_key());
    let material = match want {
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
    match kind {
        Kind::Sym(len) => assert_eq!(n, len, "symmetric material length for {spec}"),
        _ => {
            let f = work.join("recovered.der");
            fs::write(&f, &material).unwrap();
            // `pkcs8 -nocrypt` without -topk8 reads only an unencrypted PKCS#8 PrivateKeyInfo.
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
            let want_line = match kind {
                Kind::Rsa(bits) => format!("Private-Key: ({bits} bit, 2 primes)"),
                Kind::Ec("P-256") => "ASN1 OID: prime256v1".into(),
                Kind::Ec("P-384") => "ASN1 OID: secp384r1".into(),
                Kind::Ec("P-521") => "ASN1 OID: secp521r1".into(),
                Kind::Ec("Ed25519") => "ED25519 Private-Key:".into(),
                Kind::Ec(_) => "ASN1 OID: secp256k1".into(),
                Kind::Sym(_) => unreachable!(),
            };
            assert!(
                text.lines().any(|l| l.trim() == want_line),
                "recovered key is not {spec} (want `{want_line}`)"
            );
        }
    }

    // ---- lengths
    let kwp_len = 8 * n.div_ceil(8) + 8;
    match sch {
        Scheme::Direct(_) => assert_eq!(
            blob.len(),
            k,
            "direct RSA ciphertext must be the modulus length"
        ),
        Scheme::RsaKwp(_) => assert_eq!(
            blob.len(),
            k + kwp_len,
            "RSA part ({k}) + KWP part (8*ceil({n}/8)+8)"
        ),
    }

    // ---- provider specifics: request body, README / CLI line
    let readme = b.readme();
    let cli_line = |prefix: &str| -> String {
        let line = readme
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("README.txt has no line starting `{prefix}`:\n{readme}"))
            .to_string();
        // The Windows build (run through its runner) prints README.txt's PowerShell line.
        let printed = if common::through_runner() {
            let lines: Vec<&str> = readme.lines().collect();
            let at = lines
                .iter()
                .position(|l| *l == "The same in PowerShell 7.3 or later (Windows):")
                .expect("README.txt has the PowerShell line");
            lines[at + 1].trim().to_owned()
        } else {
            line.clone()
        };
        assert!(
            stdout.contains(&printed),
            "the CLI line of README.txt is not printed on stdout\nline: {printed}\nstdout: {stdout}"
        );
        line
    };
    match c.provider {
        "gcp" => {
            let ekm = b.role("encrypted_key_material");
            let line = cli_line("gcloud kms keys versions import");
            assert!(
                line.contains(&format!("--wrapped-key-file {}", ekm.name)),
                "gcloud line must pass the wrapped key file {}: {line}",
                ekm.name
            );
            let gcp_alg = flag_value(&line, "--algorithm")
                .unwrap_or_else(|| panic!("gcloud line has no --algorithm: {line}"));
            check_gcp_algorithm(&gcp_alg, spec, kind);
            if c.ids == Ids::GcpName {
                for (flag, v) in [
                    ("--location", "europe-west1"),
                    ("--keyring", "ring-1"),
                    ("--key", "imported-1"),
                ] {
                    assert_eq!(
                        flag_value(&line, flag).as_deref(),
                        Some(v),
                        "gcloud line {flag} from --key-id {GCP_KEY_NAME}: {line}"
                    );
                }
                assert_eq!(b.manifest["key_id"], GCP_KEY_NAME, "manifest key_id");
            }
            let req = b.json("api_request");
            assert_eq!(
                req["wrappedKey"].as_str(),
                Some(b64(&blob).as_str()),
                "import-request wrappedKey must be the standard base64 of the wrapped key file"
            );
            assert_eq!(
                req["algorithm"].as_str(),
                Some(gcp_alg.to_ascii_uppercase().replace('-', "_").as_str()),
                "import-request algorithm vs the gcloud --algorithm"
            );
            assert!(
                req["importJob"]
                    .as_str()
                    .is_some_and(|j| j.contains("importJobs/")),
                "import-request importJob: {req}"
            );
        }
        "azure" => {
            let byok = b.role("byok");
            let line = cli_line("az keyvault key import");
            assert!(
                line.contains(&format!("--byok-file {}", byok.name)),
                "az line must pass the .byok file {}: {line}",
                byok.name
            );
            let kid = c.kek_id.unwrap();
            let host = kid
                .trim_start_matches("https://")
                .split('/')
                .next()
                .unwrap();
            let (flag, name) = if host.contains(".managedhsm.") {
                ("--hsm-name", host.split('.').next().unwrap())
            } else {
                ("--vault-name", host.split('.').next().unwrap())
            };
            assert_eq!(
                flag_value(&line, flag).as_deref(),
                Some(name),
                "az line {flag} from the KEK {kid}: {line}"
            );
            // azure-cli's spellings (its keyvault `_params.py`: `--kty` in {EC, RSA, oct} for a
            // BYOK import, `-HSM` appended by the CLI itself; `--curve` exactly with EC).
            assert!(
                !line.contains("-HSM"),
                "az line spells a -HSM key type: {line}"
            );
            assert!(
                !line.contains("--curve-name"),
                "az has no --curve-name: {line}"
            );
            match kind {
                Kind::Ec(curve) => {
                    assert_eq!(
                        flag_value(&line, "--kty").as_deref(),
                        Some("EC"),
                        "az line --kty: {line}"
                    );
                    assert_eq!(
                        flag_value(&line, "--curve").as_deref(),
                        Some(curve),
                        "az line --curve: {line}"
                    );
                }
                Kind::Rsa(_) => {
                    assert_eq!(
                        flag_value(&line, "--kty").as_deref(),
                        Some("RSA"),
                        "az line --kty: {line}"
                    );
                    assert!(
                        !line.contains("--curve"),
                        "az line for RSA has --curve: {line}"
                    );
                }
                Kind::Sym(_) => {
                    assert_eq!(
                        flag_value(&line, "--kty").as_deref(),
                        Some("oct"),
                        "az line --kty: {line}"
                    );
                    assert!(
                        !line.contains("--curve"),
                        "az line for AES has --curve: {line}"
                    );
                }
            }
        }
        "tencent" => {
            let ekm = b.role("encrypted_key_material");
            let line = cli_line("tccli kms ImportKeyMaterial");
            assert!(
                line.contains(&ekm.name),
                "tccli line must use {}: {line}",
                ekm.name
            );
            if has_ids {
                assert!(
                    line.contains(&format!("--KeyId {TENCENT_KEY_ID}")),
                    "tccli line --KeyId: {line}"
                );
                assert_eq!(b.manifest["key_id"], TENCENT_KEY_ID, "manifest key_id");
                let token_text = String::from_utf8(read(&data("token.b64")))
                    .unwrap()
                    .trim()
                    .to_string();
                assert_bytes_eq(
                    &b.role("import_token").bytes,
                    &b64_lenient(token_text.as_bytes()),
                    "import_token file (decoded) vs the token's raw bytes",
                );
                let req = b.json("api_request");
                let keys: BTreeSet<&str> = req
                    .as_object()
                    .unwrap()
                    .keys()
                    .map(String::as_str)
                    .collect();
                assert_eq!(
                    keys,
                    ["EncryptedKeyMaterial", "ImportToken", "KeyId", "ValidTo"]
                        .into_iter()
                        .collect(),
                    "tencent ImportKeyMaterial body fields"
                );
                assert_eq!(req["KeyId"], TENCENT_KEY_ID, "tencent api_request KeyId");
                assert_eq!(
                    req["ImportToken"],
                    token_text.as_str(),
                    "tencent api_request ImportToken"
                );
                assert_eq!(
                    req["EncryptedKeyMaterial"],
                    b64(&blob).as_str(),
                    "tencent api_request EncryptedKeyMaterial"
                );
                assert!(
                    req["ValidTo"].is_u64(),
                    "tencent ValidTo must be unix seconds (a number): {req}"
                );
                if c.ids == Ids::TencentJson {
                    assert!(
                        b.manifest["import_token_expires"].is_string(),
                        "ParametersValidTo from the JSON must reach the manifest: {}",
                        b.manifest
                    );
                }
            }
        }
        "oci" => {
            let req_entry = b.role("api_request");
            let line = cli_line("oci kms management key import");
            assert!(
                line.contains(&format!("--wrapped-import-key file://{}", req_entry.name)),
                "oci line must pass file://{}: {line}",
                req_entry.name
            );
            let shape = match kind {
                Kind::Sym(len) => format!(r#"{{"algorithm":"AES","length":{len}}}"#),
                Kind::Rsa(bits) => format!(r#"{{"algorithm":"RSA","length":{}}}"#, bits / 8),
                Kind::Ec(_) => panic!("OCI imports no EC keys"),
            };
            assert!(
                line.contains(&shape),
                "oci line --key-shape must be {shape}: {line}"
            );
            let req = b.json("api_request");
            let keys: BTreeSet<&str> = req
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            assert_eq!(
                keys,
                ["keyMaterial", "wrappingAlgorithm"].into_iter().collect(),
                "OCI WrappedImportKey fields"
            );
            assert_eq!(req["keyMaterial"], b64(&blob).as_str(), "OCI keyMaterial");
            assert_eq!(req["wrappingAlgorithm"], alg, "OCI wrappingAlgorithm");
        }
        _ => unreachable!(),
    }

    // ---- nothing in the bundle holds the plaintext
    assert_no_plaintext(&bundle, &material);
}

/// The value after `flag` in a command line (single- or double-quoted values unquoted).
fn flag_value(line: &str, flag: &str) -> Option<String> {
    let mut it = line.split_whitespace();
    while let Some(t) = it.next() {
        if t == flag {
            return it
                .next()
                .map(|v| v.trim_matches(|c| c == '"' || c == '\'').to_string());
        }
    }
    None
}

/// The gcloud `--algorithm` must be the CryptoKeyVersion algorithm family of the spec.
fn check_gcp_algorithm(a: &str, spec: &str, kind: Kind) {
    let ok = match (spec, kind) {
        ("AES_256", _) => a == "google-symmetric-encryption",
        ("AES_128", _) => a == "aes-128-gcm",
        ("HMAC_160", _) => a == "hmac-sha1",
        ("ED25519", _) => a == "ec-sign-ed25519",
        ("HMAC_224", _) => a == "hmac-sha224",
        ("HMAC_256", _) => a == "hmac-sha256",
        ("HMAC_384", _) => a == "hmac-sha384",
        ("HMAC_512", _) => a == "hmac-sha512",
        (_, Kind::Rsa(bits)) => a.starts_with("rsa-") && a.contains(&format!("-{bits}-")),
        ("EC_P256", _) => a.starts_with("ec-sign-p256-"),
        ("EC_P384", _) => a.starts_with("ec-sign-p384-"),
        ("EC_P256K", _) => a.starts_with("ec-sign-secp256k1-"),
        _ => false,
    };
    assert!(
        ok,
        "gcloud --algorithm {a:?} does not fit the key spec {spec}"
    );
}

// ============================================================================= the offerings

const S16: Mat = Mat::File("sym16.bin");
const S24: Mat = Mat::Prefix("sym32.bin", 24);
const S32: Mat = Mat::File("sym32.bin");

/// Material fixtures per spec; `i` picks among equivalent input forms.
fn material_for(spec: &str, i: usize) -> Mat {
    let pick = |v: &[&'static str]| Mat::File(v[i % v.len()]);
    match spec {
        "AES_128" => S16,
        "AES_192" => S24,
        "AES_256" => pick(&["sym32.bin", "sym32.hex", "sym32.b64"]),
        "HMAC_160" => Mat::File("hmac20.bin"),
        "HMAC_224" => Mat::File("hmac28.bin"),
        "HMAC_256" => Mat::File("hmac32.bin"),
        "HMAC_384" => Mat::File("hmac48.bin"),
        "HMAC_512" => Mat::File("hmac64.bin"),
        "RSA_2048" => pick(&[
            "mat_rsa2048.pk8.der",
            "mat_rsa2048.pkcs1.pem",
            "mat_rsa2048.enc.pk8.pem",
            "mat_rsa2048.pk8.pem",
        ]),
        "RSA_3072" => Mat::File("mat_rsa3072.pk8.der"),
        "RSA_4096" => Mat::File("mat_rsa4096.pk8.der"),
        "EC_P256" => pick(&["mat_ec_p256.pk8.der", "mat_ec_p256.sec1.pem"]),
        "EC_P384" => pick(&["mat_ec_p384.sec1.pem", "mat_ec_p384.pk8.der"]),
        "EC_P521" => pick(&["mat_ec_p521.pk8.der", "mat_ec_p521.sec1.pem"]),
        "EC_P256K" => pick(&["mat_ec_secp256k1.sec1.pem", "mat_ec_secp256k1.pk8.der"]),
        "ED25519" => pick(&["mat_ed25519.pk8.pem", "mat_ed25519.pk8.der"]),
        other => panic!("test table: no material for {other}"),
    }
}

/// GCP: every spec × every method it offers, the wrapping key of the method's size.
fn gcp_cases(specs: &[&'static str]) -> Vec<Case> {
    let mut v = vec![];
    for &spec in specs {
        let rsa = matches!(spec_info(spec).1, Kind::Rsa(_));
        for (i, (method, bits)) in GCP_METHODS.iter().enumerate() {
            if rsa && gcp_is_direct(method) {
                continue; // refused: gcp_direct_methods_refuse_rsa_keys
            }
            let mut c = case("gcp", spec, Some(method), *bits, material_for(spec, i));
            if i == 2 {
                c = c.ids(Ids::GcpName);
            }
            if i == 3 {
                c = c.der();
            }
            v.push(c);
        }
    }
    v
}

#[test]
fn gcp_aes256_all_six_methods_round_trip() {
    let cases = gcp_cases(&["AES_256"]);
    assert_eq!(cases.len(), 6);
    run_cases(&cases, Case::name, round_trip);
}

#[test]
fn gcp_hmac_all_six_methods_round_trip() {
    let cases = gcp_cases(&["HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512"]);
    assert_eq!(cases.len(), 24);
    run_cases(&cases, Case::name, round_trip);
}

#[test]
fn gcp_rsa_four_aes_methods_round_trip() {
    let cases = gcp_cases(&["RSA_2048", "RSA_3072", "RSA_4096"]);
    assert_eq!(cases.len(), 12);
    run_cases(&cases, Case::name, round_trip);
}

#[test]
fn gcp_ec_all_six_methods_round_trip() {
    let cases = gcp_cases(&["EC_P256", "EC_P384", "EC_P256K"]);
    assert_eq!(cases.len(), 18);
    run_cases(&cases, Case::name, round_trip);
}

/// The raw 16-byte AES key (AES_128_GCM/CBC/CTR), the 20-byte HMAC-SHA1 key and the Ed25519 key
/// (PKCS#8 v1, RFC 8410) Google's "Formatting keys for import" describes, under every method.
#[test]
fn gcp_aes128_hmac_sha1_and_ed25519_all_six_methods_round_trip() {
    let cases = gcp_cases(&["AES_128", "HMAC_160", "ED25519"]);
    assert_eq!(cases.len(), 18);
    run_cases(&cases, Case::name, round_trip);
}

/// Azure: every spec with each KEK size; AES (oct-HSM) lives in Managed HSM, so its KEK is an HSM kid.
fn azure_cases(specs: &[&'static str]) -> Vec<Case> {
    let mut v = vec![];
    for &spec in specs {
        for (i, bits) in [2048, 3072, 4096].into_iter().enumerate() {
            let kek = if matches!(spec_info(spec).1, Kind::Sym(_)) {
                AZURE_HSM_KEK
            } else {
                AZURE_VAULT_KEK
            };
            let alg = if i == 1 {
                Some("CKM_RSA_AES_KEY_WRAP")
            } else {
                None
            };
            let mut c = case("azure", spec, alg, bits, material_for(spec, i)).kek(kek);
            if i == 2 {
                c = c.der();
            }
            v.push(c);
        }
    }
    v
}

#[test]
fn azure_rsa_with_2048_3072_4096_keks_round_trip() {
    let cases = azure_cases(&["RSA_2048", "RSA_3072", "RSA_4096"]);
    run_cases(&cases, Case::name, round_trip);
}

#[test]
fn azure_ec_with_2048_3072_4096_keks_round_trip() {
    let cases = azure_cases(&["EC_P256", "EC_P384", "EC_P521", "EC_P256K"]);
    run_cases(&cases, Case::name, round_trip);
}

#[test]
fn azure_aes_with_2048_3072_4096_keks_round_trip() {
    let cases = azure_cases(&["AES_128", "AES_192", "AES_256"]);
    run_cases(&cases, Case::name, round_trip);
}

#[test]
fn tencent_three_algorithms_round_trip() {
    let cases = vec![
        case("tencent", "AES_256", None, 2048, S32).ids(Ids::TokenFlags),
        case(
            "tencent",
            "AES_256",
            Some("RSAES_OAEP_SHA_256"),
            2048,
            Mat::File("sym32.hex"),
        )
        .ids(Ids::TencentJson),
        case("tencent", "AES_256", Some("RSAES_OAEP_SHA_1"), 2048, S32)
            .ids(Ids::TokenFlags)
            .der(),
        case(
            "tencent",
            "AES_256",
            Some("RSAES_OAEP_SHA_1"),
            2048,
            Mat::File("sym32.b64"),
        )
        .ids(Ids::TencentJson),
        case("tencent", "AES_256", Some("RSAES_PKCS1_V1_5"), 2048, S32).ids(Ids::TokenFlags),
        case("tencent", "AES_256", Some("RSAES_PKCS1_V1_5"), 2048, S32),
    ];
    run_cases(&cases, Case::name, round_trip);
}

#[test]
fn oci_symmetric_both_algorithms_round_trip() {
    let mut cases = vec![];
    for (i, (spec, mat)) in [("AES_128", S16), ("AES_192", S24), ("AES_256", S32)]
        .into_iter()
        .enumerate()
    {
        let direct = if i == 0 {
            None
        } else {
            Some("RSA_OAEP_SHA256")
        };
        cases.push(case("oci", spec, direct, 4096, mat));
        cases.push(case("oci", spec, Some("RSA_OAEP_AES_SHA256"), 4096, mat).der());
    }
    run_cases(&cases, Case::name, round_trip);
}

#[test]
fn oci_rsa_with_temporary_aes_key_round_trip() {
    let cases = vec![
        case(
            "oci",
            "RSA_2048",
            None,
            4096,
            Mat::File("mat_rsa2048.pkcs1.pem"),
        ),
        case(
            "oci",
            "RSA_3072",
            Some("RSA_OAEP_AES_SHA256"),
            4096,
            Mat::File("mat_rsa3072.pk8.der"),
        ),
        case(
            "oci",
            "RSA_4096",
            Some("RSA_OAEP_AES_SHA256"),
            4096,
            Mat::File("mat_rsa4096.pk8.der"),
        )
        .der(),
    ];
    run_cases(&cases, Case::name, round_trip);
}

/// `--generate` for the new clouds: the two oracles agree (no RSA generation, to keep it fast).
#[test]
fn generated_material_round_trips() {
    let cases = vec![
        case(
            "gcp",
            "HMAC_384",
            Some("RSA_OAEP_4096_SHA256"),
            4096,
            Mat::Gen,
        ),
        case("azure", "EC_P521", None, 3072, Mat::Gen).kek(AZURE_VAULT_KEK),
        case(
            "gcp",
            "ED25519",
            Some("RSA_OAEP_3072_SHA256_AES_256"),
            3072,
            Mat::Gen,
        ),
        case(
            "tencent",
            "AES_256",
            Some("RSAES_OAEP_SHA_1"),
            2048,
            Mat::Gen,
        ),
        case(
            "oci",
            "AES_192",
            Some("RSA_OAEP_AES_SHA256"),
            4096,
            Mat::Gen,
        ),
    ];
    run_cases(&cases, Case::name, round_trip);
}

/// The providers' own key-spec spellings (contract: "each provider's own spelling is accepted too"),
/// exactly as the catalog prints them in `byok-wizard providers` and in its error hints.
#[test]
fn provider_spellings_of_the_new_specs_are_accepted() {
    let cases = vec![
        case(
            "gcp",
            "GOOGLE_SYMMETRIC_ENCRYPTION",
            Some("RSA_OAEP_3072_SHA256_AES_256"),
            3072,
            S32,
        ),
        case(
            "gcp",
            "HMAC_SHA256",
            Some("RSA_OAEP_3072_SHA256"),
            3072,
            Mat::File("hmac32.bin"),
        ),
        case(
            "gcp",
            "EC_SIGN_P384_SHA384",
            Some("RSA_OAEP_4096_SHA1_AES_256"),
            4096,
            Mat::File("mat_ec_p384.pk8.der"),
        ),
        case(
            "gcp",
            "EC_SIGN_SECP256K1_SHA256",
            Some("RSA_OAEP_4096_SHA256"),
            4096,
            Mat::File("mat_ec_secp256k1.pk8.der"),
        ),
        // gcloud's own spelling of the import method (`--import-method rsa-oaep-3072-sha1-aes-256`).
        case(
            "gcp",
            "RSA_2048",
            Some("rsa-oaep-3072-sha1-aes-256"),
            3072,
            Mat::File("mat_rsa2048.pk8.der"),
        ),
        case(
            "gcp",
            "EC_P256",
            Some("rsa-oaep-4096-sha256"),
            4096,
            Mat::File("mat_ec_p256.sec1.pem"),
        ),
        case("tencent", "SYMMETRIC_DEFAULT", None, 2048, S32),
        case(
            "azure",
            "P-256",
            None,
            2048,
            Mat::File("mat_ec_p256.pk8.der"),
        )
        .kek(AZURE_VAULT_KEK),
        case(
            "azure",
            "P-256K",
            None,
            3072,
            Mat::File("mat_ec_secp256k1.pk8.der"),
        )
        .kek(AZURE_VAULT_KEK),
        case(
            "azure",
            "P-521",
            None,
            4096,
            Mat::File("mat_ec_p521.pk8.der"),
        )
        .kek(AZURE_VAULT_KEK),
        case("azure", "oct-HSM_128", None, 2048, S16).kek(AZURE_HSM_KEK),
        case("azure", "oct-HSM_256", None, 4096, S32).kek(AZURE_HSM_KEK),
    ];
    run_cases(&cases, Case::name, round_trip);
}

/// Every offering of the four new providers in `byok-wizard providers` is one this file round-trips,
/// and the listing no longer calls these providers unsupported.
#[test]
fn catalog_lists_exactly_the_tested_offerings() {
    let out = run(common::bin().arg("providers"), "byok-wizard providers");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let mut got: BTreeMap<(&str, &str), BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<&str> = None;
    for line in text.lines() {
        if !line.starts_with(' ') && !line.trim().is_empty() {
            let first = line.split_whitespace().next().unwrap_or("");
            current = ["gcp", "azure", "tencent", "oci"]
                .into_iter()
                .find(|p| *p == first);
            continue;
        }
        let Some(p) = current else { continue };
        // Offer lines are indented by two spaces; description lines by many.
        if !line.starts_with("  ") || line.starts_with("   ") {
            continue;
        }
        let mut toks: Vec<&str> = line.split_whitespace().collect();
        let spec = spec_info(toks[0]).0;
        toks.remove(0);
        if toks.first() == Some(&"=") {
            toks.drain(..2);
        }
        let algs: BTreeSet<String> = toks
            .join(" ")
            .split(',')
            .map(|a| {
                a.replace("(default)", "")
                    .replace("(deprecated)", "")
                    .trim()
                    .to_string()
            })
            .filter(|a| !a.is_empty())
            .collect();
        got.insert((p, spec), algs);
    }
    let want: BTreeMap<(&str, &str), BTreeSet<String>> = expected_offers()
        .into_iter()
        .map(|(k, v)| (k, v.into_iter().map(str::to_string).collect()))
        .collect();
    assert_eq!(
        got, want,
        "`byok-wizard providers` for gcp/azure/tencent/oci differs from the offerings this file round-trips\n{text}"
    );
    for line in text
        .lines()
        .filter(|l| l.to_lowercase().contains("not supported"))
    {
        for p in ["gcp", "azure", "tencent", "oci"] {
            assert!(
                !line
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|w| w == p),
                "`byok-wizard providers` still says {p} is not supported: {line:?}"
            );
        }
    }
}

// ================================================================== 2. contract checks (refusals)

/// Exit 2, a first stderr line naming `flag` (plus each of `words`, case-insensitive, somewhere in
/// stderr), no panic, and nothing left behind: --out (under parents that do not exist) is absent.
fn expect_refused(args: &[String], flag: &str, words: &[&str], what: &str) {
    require_tools();
    let tmp = tempfile::tempdir().unwrap();
    let parent = tmp.path().join("new-parent");
    let out_dir = parent.join("bundle");
    let out = exec(
        common::bin()
            .args(args)
            .arg("--out")
            .arg(&out_dir)
            .current_dir(tmp.path()),
    );
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{what}: expected exit 2\n{}",
        show(&out)
    );
    let first = stderr.lines().next().unwrap_or("");
    assert!(
        first.contains(flag),
        "{what}: the first stderr line must name {flag}: {first:?}"
    );
    let lower = stderr.to_lowercase();
    for w in words {
        assert!(
            lower.contains(&w.to_lowercase()),
            "{what}: stderr must mention {w:?}: {stderr}"
        );
    }
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{what}: panic\n{stderr}"
    );
    assert!(
        !out_dir.exists(),
        "{what}: --out {} was left behind",
        out_dir.display()
    );
    assert!(
        !parent.exists(),
        "{what}: the parent folder the run created was left behind"
    );
    let left: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        left.is_empty(),
        "{what}: the run left files in its working folder: {left:?}"
    );
}

fn args(
    provider: &str,
    spec: &str,
    alg: Option<&str>,
    wk: &str,
    mat: &str,
    extra: &[&str],
) -> Vec<String> {
    let mut v: Vec<String> = ["wrap", "--provider", provider, "--key-spec", spec]
        .iter()
        .map(|s| s.to_string())
        .collect();
    if let Some(a) = alg {
        v.extend(["--algorithm".to_string(), a.to_string()]);
    }
    v.extend([
        "--wrapping-key".to_string(),
        data(wk).display().to_string(),
        "--material".to_string(),
        data(mat).display().to_string(),
    ]);
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

#[test]
fn azure_without_kek_id_is_refused() {
    expect_refused(
        &args(
            "azure",
            "RSA_2048",
            None,
            "wrap_rsa2048.pub.pem",
            "mat_rsa2048.pk8.der",
            &[],
        ),
        "--kek-id",
        &[],
        "azure without --kek-id",
    );
}

#[test]
fn azure_malformed_kek_id_is_refused() {
    let bad = [
        "https://contoso-kv.vault.azure.net/keys/KEKforBYOK",
        "https://contoso-kv.vault.azure.net/keys/KEKforBYOK/",
        "KEKforBYOK",
        "https://contoso-kv.vault.azure.net/secrets/KEKforBYOK/6b7c2a1f0e9d4c8b",
        "contoso-kv.vault.azure.net/keys/KEKforBYOK/6b7c2a1f0e9d4c8b",
        "",
    ];
    run_cases(
        &bad,
        |k| format!("--kek-id {k:?}"),
        |&k| {
            expect_refused(
                &args(
                    "azure",
                    "EC_P256",
                    None,
                    "wrap_rsa2048.pub.pem",
                    "mat_ec_p256.pk8.der",
                    &["--kek-id", k],
                ),
                "--kek-id",
                &[],
                &format!("azure --kek-id {k:?}"),
            )
        },
    );
}

#[test]
fn kek_id_for_other_providers_is_refused() {
    let cases = [
        (
            "gcp",
            "AES_256",
            Some("RSA_OAEP_3072_SHA256"),
            "wrap_rsa3072.pub.pem",
            "sym32.bin",
        ),
        (
            "tencent",
            "AES_256",
            None,
            "wrap_rsa2048.pub.pem",
            "sym32.bin",
        ),
        ("oci", "AES_256", None, "wrap_rsa4096.pub.pem", "sym32.bin"),
        ("aws", "AES_256", None, "wrap_rsa2048.pub.pem", "sym32.bin"),
        (
            "huawei",
            "AES_256",
            None,
            "wrap_rsa2048.pub.pem",
            "sym32.bin",
        ),
        (
            "alibaba",
            "AES_256",
            None,
            "wrap_rsa2048.pub.pem",
            "sym32.bin",
        ),
    ];
    run_cases(
        &cases,
        |c| c.0.to_string(),
        |&(p, s, a, wk, m)| {
            expect_refused(
                &args(p, s, a, wk, m, &["--kek-id", AZURE_VAULT_KEK]),
                "--kek-id",
                &[],
                &format!("{p} with --kek-id"),
            )
        },
    );
}

#[test]
fn gcp_without_algorithm_is_refused_listing_the_six_methods() {
    expect_refused(
        &args(
            "gcp",
            "AES_256",
            None,
            "wrap_rsa3072.pub.pem",
            "sym32.bin",
            &[],
        ),
        "--algorithm",
        &GCP_METHODS.map(|(m, _)| m),
        "gcp without --algorithm",
    );
}

#[test]
fn gcp_method_and_wrapping_key_size_must_agree() {
    let cases = [
        ("RSA_OAEP_3072_SHA256_AES_256", "wrap_rsa4096.pub.pem"),
        ("RSA_OAEP_3072_SHA1_AES_256", "wrap_rsa4096.pub.pem"),
        ("RSA_OAEP_3072_SHA256", "wrap_rsa4096.pub.pem"),
        ("RSA_OAEP_4096_SHA256_AES_256", "wrap_rsa3072.pub.pem"),
        ("RSA_OAEP_4096_SHA1_AES_256", "wrap_rsa3072.pub.pem"),
        ("RSA_OAEP_4096_SHA256", "wrap_rsa3072.pub.pem"),
        ("RSA_OAEP_3072_SHA256_AES_256", "wrap_rsa2048.pub.pem"),
    ];
    run_cases(
        &cases,
        |c| format!("{} with {}", c.0, c.1),
        |&(m, wk)| {
            expect_refused(
                &args("gcp", "AES_256", Some(m), wk, "sym32.bin", &[]),
                "--wrapping-key",
                &[],
                &format!("gcp {m} with {wk}"),
            )
        },
    );
}

#[test]
fn gcp_direct_methods_refuse_rsa_keys() {
    let cases = [
        (
            "RSA_2048",
            "RSA_OAEP_3072_SHA256",
            "wrap_rsa3072.pub.pem",
            "mat_rsa2048.pk8.der",
        ),
        (
            "RSA_2048",
            "RSA_OAEP_4096_SHA256",
            "wrap_rsa4096.pub.pem",
            "mat_rsa2048.pk8.der",
        ),
        (
            "RSA_3072",
            "RSA_OAEP_3072_SHA256",
            "wrap_rsa3072.pub.pem",
            "mat_rsa3072.pk8.der",
        ),
        (
            "RSA_4096",
            "RSA_OAEP_4096_SHA256",
            "wrap_rsa4096.pub.pem",
            "mat_rsa4096.pk8.der",
        ),
    ];
    run_cases(
        &cases,
        |c| format!("{} {}", c.0, c.1),
        |&(s, m, wk, mat)| {
            expect_refused(
                &args("gcp", s, Some(m), wk, mat, &[]),
                "--algorithm",
                &[],
                &format!("gcp {s} {m}"),
            )
        },
    );
}

#[test]
fn import_token_is_refused_for_gcp_azure_oci() {
    let cases = [
        args(
            "gcp",
            "AES_256",
            Some("RSA_OAEP_3072_SHA256_AES_256"),
            "wrap_rsa3072.pub.pem",
            "sym32.bin",
            &[],
        ),
        args(
            "azure",
            "AES_256",
            None,
            "wrap_rsa2048.pub.pem",
            "sym32.bin",
            &["--kek-id", AZURE_HSM_KEK],
        ),
        args(
            "oci",
            "AES_256",
            None,
            "wrap_rsa4096.pub.pem",
            "sym32.bin",
            &[],
        ),
    ];
    run_cases(
        &cases,
        |a| a[2].clone(),
        |a| {
            for tok in ["token.b64", "token.bin"] {
                let mut a = a.clone();
                a.extend([
                    "--import-token".to_string(),
                    data(tok).display().to_string(),
                ]);
                expect_refused(
                    &a,
                    "--import-token",
                    &[],
                    &format!("{} with --import-token {tok}", a[2]),
                );
            }
        },
    );
}

#[test]
fn oci_takes_only_its_rsa4096_wrapping_key() {
    let cases = [
        ("AES_256", None, "wrap_rsa2048.pub.pem", "sym32.bin"),
        (
            "RSA_2048",
            Some("RSA_OAEP_AES_SHA256"),
            "wrap_rsa2048.pub.pem",
            "mat_rsa2048.pk8.der",
        ),
        (
            "AES_128",
            Some("RSA_OAEP_SHA256"),
            "wrap_rsa3072.pub.der",
            "sym16.bin",
        ),
    ];
    run_cases(
        &cases,
        |c| format!("{} {}", c.0, c.2),
        |&(s, a, wk, m)| {
            expect_refused(
                &args("oci", s, a, wk, m, &[]),
                "--wrapping-key",
                &[],
                &format!("oci {s} with {wk}"),
            )
        },
    );
}

#[test]
fn other_contract_refusals_for_the_new_clouds() {
    let cases: Vec<(Vec<String>, &str, &str)> = vec![
        // Tencent issues RSA-2048 wrapping keys only.
        (
            args(
                "tencent",
                "AES_256",
                None,
                "wrap_rsa4096.pub.pem",
                "sym32.bin",
                &[],
            ),
            "--wrapping-key",
            "tencent RSA-4096",
        ),
        // OCI imports no EC keys; RSA keys need the temporary AES key.
        (
            args(
                "oci",
                "EC_P256",
                None,
                "wrap_rsa4096.pub.pem",
                "mat_ec_p256.pk8.der",
                &[],
            ),
            "--key-spec",
            "oci EC_P256",
        ),
        (
            args(
                "oci",
                "RSA_2048",
                Some("RSA_OAEP_SHA256"),
                "wrap_rsa4096.pub.pem",
                "mat_rsa2048.pk8.der",
                &[],
            ),
            "--algorithm",
            "oci RSA direct",
        ),
        // Tencent imports symmetric keys only; no HMAC at Azure.
        (
            args(
                "tencent",
                "RSA_2048",
                None,
                "wrap_rsa2048.pub.pem",
                "mat_rsa2048.pk8.der",
                &[],
            ),
            "--key-spec",
            "tencent RSA_2048",
        ),
        (
            args(
                "azure",
                "HMAC_256",
                None,
                "wrap_rsa2048.pub.pem",
                "hmac32.bin",
                &["--kek-id", AZURE_VAULT_KEK],
            ),
            "--key-spec",
            "azure HMAC",
        ),
        // Another provider's algorithm name.
        (
            args(
                "azure",
                "RSA_2048",
                Some("RSA_AES_KEY_WRAP_SHA_1"),
                "wrap_rsa2048.pub.pem",
                "mat_rsa2048.pk8.der",
                &["--kek-id", AZURE_VAULT_KEK],
            ),
            "--algorithm",
            "azure with an AWS algorithm",
        ),
        (
            args(
                "gcp",
                "AES_256",
                Some("RSAES_OAEP_SHA_256"),
                "wrap_rsa3072.pub.pem",
                "sym32.bin",
                &[],
            ),
            "--algorithm",
            "gcp with an AWS algorithm",
        ),
        // Material of the wrong length / curve.
        (
            args(
                "oci",
                "AES_192",
                None,
                "wrap_rsa4096.pub.pem",
                "sym32.bin",
                &[],
            ),
            "--material",
            "oci AES_192 with 32 bytes",
        ),
        (
            args(
                "azure",
                "EC_P384",
                None,
                "wrap_rsa2048.pub.pem",
                "mat_ec_p256.pk8.der",
                &["--kek-id", AZURE_VAULT_KEK],
            ),
            "--material",
            "azure P-384 with a P-256 key",
        ),
    ];
    run_cases(
        &cases,
        |c| c.2.to_string(),
        |(a, flag, what)| expect_refused(a, flag, &[], what),
    );
}

/// SM2 pairs whose bytes are not established from the vendor's documentation: refused, saying so
/// (contract). AWS SM2PKE is supported and round-tripped in tests/interop_sm2.rs.
#[test]
fn sm2_algorithms_are_refused_as_not_established() {
    let cases = [
        ("alibaba", "AES_256", "SM2PKE"),
        ("alibaba", "AES_256", "SM2PKE_SM4_ECB"),
        ("alibaba", "EC_SM2", "SM2PKE_SM4_ECB"),
        ("huawei", "AES_256", "SM2_ENCRYPT"),
        ("huawei", "EC_SM2", "SM2_ENCRYPT"),
    ];
    run_cases(
        &cases,
        |c| format!("{} {} {}", c.0, c.1, c.2),
        |&(p, s, a)| {
            let mat = if s == "EC_SM2" {
                "mat_ec_p256.pk8.der"
            } else {
                "sym32.bin"
            };
            let v = args(p, s, Some(a), "wrap_rsa2048.pub.pem", mat, &[]);
            let what = format!("{p} {s} {a}");
            // The algorithm or the spec may be named first; either way the reason must be given.
            let flag = if s == "EC_SM2" { "--" } else { "--algorithm" };
            expect_refused(&v, flag, &["not established"], &what);
        },
    );
}

// ====================================================================== 3. the practice KMS

struct Practice {
    dir: PathBuf,
    stdout: String,
}

fn practice_new(root: &Path, name: &str, provider: &str, spec: &str, extra: &[&str]) -> Practice {
    require_tools();
    let dir = root.join(name);
    let out = run(
        common::bin()
            .args([
                "practice",
                "new",
                "--provider",
                provider,
                "--key-spec",
                spec,
            ])
            .args(extra)
            .arg("--out")
            .arg(&dir),
        &format!("practice new {provider} {spec} {extra:?}"),
    );
    Practice {
        dir,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn wrap_ok(args: &[&str], files: &[(&str, &Path)], out: &Path) -> Output {
    let mut cmd = common::bin();
    cmd.arg("wrap").args(args);
    for (flag, p) in files {
        cmd.arg(flag).arg(p);
    }
    cmd.arg("--out").arg(out);
    run(&mut cmd, &format!("wrap {args:?}"))
}

fn practice_import(p: &Practice, bundle: &Path) -> Output {
    let out = exec(
        common::bin()
            .args(["practice", "import", "--state"])
            .arg(&p.dir)
            .arg("--bundle")
            .arg(bundle),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked"),
        "practice import panicked\n{}",
        show(&out)
    );
    out
}

/// Exit 0, an "accepted" line (naming `what_words`), and the check value line ends in `value`.
fn expect_accepted(out: &Output, value: &str, what_words: &[&str], what: &str) {
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{what}: expected accepted\n{}",
        show(out)
    );
    assert!(
        !text.contains("rejected"),
        "{what}: says rejected\n{}",
        show(out)
    );
    let lines: Vec<&str> = text.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.starts_with("accepted"))
        .unwrap_or_else(|| panic!("{what}: no 'accepted' line\n{}", show(out)));
    for w in what_words {
        assert!(
            lines[i].contains(w),
            "{what}: the accepted line should say {w:?}: {:?}",
            lines[i]
        );
    }
    let printed = lines
        .get(i + 1)
        .and_then(|l| l.split_whitespace().last())
        .unwrap_or("");
    assert_eq!(
        printed,
        value,
        "{what}: printed check value vs the one computed with openssl\n{}",
        show(out)
    );
}

fn kcv_aes256_openssl(key: &[u8], work: &Path) -> String {
    assert_eq!(key.len(), 32);
    let zeros = work.join("zero-block.bin");
    fs::write(&zeros, [0u8; 16]).unwrap();
    let out = run(
        Command::new("openssl")
            .args(["enc", "-aes-256-ecb", "-nopad", "-K", &hex(key), "-in"])
            .arg(&zeros),
        "openssl enc -aes-256-ecb",
    );
    hex(&out.stdout[..3])
}

fn spki_sha256_openssl(pk8_der: &Path, work: &Path) -> String {
    let pubder = work.join("material.pub.der");
    run(
        Command::new("openssl")
            .args(["pkey", "-inform", "DER", "-in"])
            .arg(pk8_der)
            .args(["-pubout", "-outform", "DER", "-out"])
            .arg(&pubder),
        "openssl pkey -pubout",
    );
    sha256_files(&[pubder]).remove(0)
}

/// The issued PEM public key has the size the cloud issues.
fn pem_bits(pem: &Path) -> usize {
    let out = run(
        Command::new("openssl")
            .args(["pkey", "-pubin", "-noout", "-text", "-in"])
            .arg(pem),
        "openssl pkey -pubin -text",
    );
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let line = text
        .lines()
        .find(|l| l.contains("Public-Key: ("))
        .unwrap_or_else(|| panic!("not an RSA public key: {text}"));
    line.split('(')
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// GCP: `practice new` with an import method → publicKey.pem → wrap → import accepted.
fn gcp_practice(method: &str, bits: usize, extra: &[&str]) {
    let tmp = tempfile::tempdir().unwrap();
    let w = tmp.path();
    let mut new_args = vec!["--algorithm", method];
    new_args.extend_from_slice(extra);
    let p = practice_new(w, "gcp", "gcp", "EC_P256", &new_args);
    let files = files_in(&p.dir);
    assert_eq!(
        files,
        vec![
            "practice-kms-state.json".to_string(),
            "publicKey.pem".to_string()
        ],
        "gcp practice folder holds the import job's publicKey.pem (and the state)"
    );
    let pem = p.dir.join("publicKey.pem");
    assert_eq!(
        pem_bits(&pem),
        bits,
        "practice new --algorithm {method} {extra:?} must issue the RSA-{bits} key the method names\n{}",
        p.stdout
    );
    let b = w.join("b");
    wrap_ok(
        &[
            "--provider",
            "gcp",
            "--key-spec",
            "EC_P256",
            "--algorithm",
            method,
        ],
        &[
            ("--wrapping-key", &pem),
            ("--material", &data("mat_ec_p256.sec1.pem")),
        ],
        &b,
    );
    expect_accepted(
        &practice_import(&p, &b),
        &spki_sha256_openssl(&data("mat_ec_p256.pk8.der"), w),
        &["P-256"],
        &format!("gcp EC_P256 {method}"),
    );
}

#[test]
fn practice_gcp_4096_method_is_accepted() {
    gcp_practice("RSA_OAEP_4096_SHA256_AES_256", 4096, &[]);
}

/// The default (recommended) GCP method names RSA-3072: the practice import job must issue that.
#[test]
fn practice_gcp_3072_method_is_accepted() {
    gcp_practice("RSA_OAEP_3072_SHA256_AES_256", 3072, &[]);
}

#[test]
fn practice_gcp_direct_method_with_explicit_bits_is_accepted() {
    gcp_practice(
        "RSA_OAEP_3072_SHA256",
        3072,
        &["--wrapping-key-bits", "3072"],
    );
}

/// A GCP import job's key size is fixed by its method: a contradicting size is refused.
#[test]
fn practice_gcp_refuses_bits_that_contradict_the_method() {
    require_tools();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let out = exec(
        common::bin()
            .args([
                "practice",
                "new",
                "--provider",
                "gcp",
                "--key-spec",
                "AES_256",
            ])
            .args([
                "--algorithm",
                "RSA_OAEP_3072_SHA256_AES_256",
                "--wrapping-key-bits",
                "4096",
                "--out",
            ])
            .arg(&dir),
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "RSA_OAEP_3072_* with --wrapping-key-bits 4096\n{}",
        show(&out)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .lines()
            .next()
            .unwrap_or("")
            .contains("--wrapping-key-bits"),
        "the error must name --wrapping-key-bits\n{}",
        show(&out)
    );
    assert!(!dir.exists(), "nothing may be left behind");
}

#[test]
fn practice_azure_is_accepted_and_another_kek_is_rejected() {
    let tmp = tempfile::tempdir().unwrap();
    let w = tmp.path();
    let p = practice_new(
        w,
        "az",
        "azure",
        "EC_P384",
        &["--wrapping-key-bits", "2048"],
    );
    assert_eq!(
        files_in(&p.dir),
        vec![
            "KEKforBYOK.publickey.pem",
            "kek-id.txt",
            "practice-kms-state.json"
        ],
        "azure practice folder: the KEK PEM (az keyvault key download) and its kid"
    );
    let kid = fs::read_to_string(p.dir.join("kek-id.txt"))
        .unwrap()
        .trim()
        .to_string();
    assert!(
        kid.starts_with("https://") && kid.split('/').count() == 6 && kid.contains("/keys/"),
        "kek-id.txt must hold a full kid https://<vault>/keys/<name>/<version>: {kid:?}"
    );
    assert!(
        p.stdout.contains(&kid),
        "practice new should print the KEK id\n{}",
        p.stdout
    );
    let pem = p.dir.join("KEKforBYOK.publickey.pem");
    assert_eq!(pem_bits(&pem), 2048, "--wrapping-key-bits 2048");

    // Right KEK: accepted.
    let b = w.join("b-good");
    wrap_ok(
        &[
            "--provider",
            "azure",
            "--key-spec",
            "EC_P384",
            "--kek-id",
            &kid,
        ],
        &[
            ("--wrapping-key", &pem),
            ("--material", &data("mat_ec_p384.sec1.pem")),
        ],
        &b,
    );
    let fp = spki_sha256_openssl(&data("mat_ec_p384.pk8.der"), w);
    expect_accepted(
        &practice_import(&p, &b),
        &fp,
        &["P-384"],
        "azure EC_P384 with the issued KEK",
    );

    // Same KEK key, but the .byok names another KEK (kid of another key / version): rejected.
    for (i, other) in [
        "https://practice.vault.azure.net/keys/OtherKEK/00112233445566778899aabbccddeeff"
            .to_string(),
        format!("{kid}0"),
    ]
    .into_iter()
    .enumerate()
    {
        let b = w.join(format!("b-bad-{i}"));
        wrap_ok(
            &[
                "--provider",
                "azure",
                "--key-spec",
                "EC_P384",
                "--kek-id",
                &other,
            ],
            &[
                ("--wrapping-key", &pem),
                ("--material", &data("mat_ec_p384.pk8.der")),
            ],
            &b,
        );
        let out = practice_import(&p, &b);
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert_eq!(
            out.status.code(),
            Some(1),
            ".byok naming {other}: expected rejected\n{}",
            show(&out)
        );
        assert!(
            !text.contains("accepted"),
            ".byok naming {other}: says accepted\n{}",
            show(&out)
        );
        let reason = text
            .lines()
            .find(|l| l.trim_start().starts_with("what went wrong"))
            .unwrap_or("");
        assert!(
            reason.contains("KEK") && reason.contains(&other),
            "the reason must mention the KEK (and the kid the .byok named): {reason:?}\n{}",
            show(&out)
        );
    }
}

#[test]
fn practice_tencent_three_algorithms_are_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    let w = tmp.path();
    let kcv = kcv_aes256_openssl(&read(&data("sym32.bin")), w);
    let algs = ["RSAES_OAEP_SHA_256", "RSAES_OAEP_SHA_1", "RSAES_PKCS1_V1_5"];
    run_cases(
        &algs,
        |a| format!("tencent {a}"),
        |&alg| {
            let p = practice_new(
                w,
                &format!("tc-{alg}"),
                "tencent",
                "AES_256",
                &["--algorithm", alg],
            );
            let files = files_in(&p.dir);
            let json = files
                .iter()
                .find(|f| f.starts_with("GetParametersForImport_") && f.ends_with(".json"))
                .unwrap_or_else(|| panic!("no GetParametersForImport_<keyid>.json in {files:?}"));
            let key_id = json
                .trim_start_matches("GetParametersForImport_")
                .trim_end_matches(".json")
                .to_string();
            let j: Value = serde_json::from_slice(&read(&p.dir.join(json))).unwrap();
            for f in ["PublicKey", "ImportToken", "ParametersValidTo"] {
                assert!(
                    !j[f].is_null(),
                    "Tencent GetParametersForImport response lacks {f}: {j}"
                );
            }
            assert!(
                j["ParametersValidTo"].as_u64().is_some_and(|t| t > now()),
                "ParametersValidTo (unix s) in the future: {j}"
            );
            let b = w.join(format!("b-{alg}"));
            let out = wrap_ok(
                &[
                    "--provider",
                    "tencent",
                    "--key-spec",
                    "AES_256",
                    "--algorithm",
                    alg,
                    "--key-id",
                    &key_id,
                ],
                &[
                    ("--wrapping-key", &p.dir.join(json)),
                    ("--material", &data("sym32.bin")),
                ],
                &b,
            );
            if alg == "RSAES_PKCS1_V1_5" {
                assert!(
                    String::from_utf8_lossy(&out.stderr)
                        .to_lowercase()
                        .contains("deprecated"),
                    "PKCS#1 v1.5 must warn\n{}",
                    show(&out)
                );
            }
            expect_accepted(
                &practice_import(&p, &b),
                &kcv,
                &["AES-256", &key_id],
                &format!("tencent {alg}"),
            );
        },
    );
}

#[test]
fn practice_oci_symmetric_and_rsa_are_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    let w = tmp.path();
    // AES-256, the default algorithm (RSA_OAEP_SHA256 direct).
    let p = practice_new(w, "oci-aes", "oci", "AES_256", &[]);
    assert_eq!(
        files_in(&p.dir),
        vec!["practice-kms-state.json", "wrappingKey.pem"],
        "oci practice folder"
    );
    let pem = p.dir.join("wrappingKey.pem");
    assert_eq!(pem_bits(&pem), 4096, "OCI's vault wrapping key is RSA-4096");
    let b = w.join("b-aes");
    wrap_ok(
        &["--provider", "oci", "--key-spec", "AES_256"],
        &[("--wrapping-key", &pem), ("--material", &data("sym32.hex"))],
        &b,
    );
    let kcv = kcv_aes256_openssl(&read(&data("sym32.bin")), w);
    expect_accepted(
        &practice_import(&p, &b),
        &kcv,
        &["AES-256"],
        "oci AES_256 RSA_OAEP_SHA256",
    );

    // RSA-2048 with the temporary AES key.
    let p = practice_new(
        w,
        "oci-rsa",
        "oci",
        "RSA_2048",
        &["--algorithm", "RSA_OAEP_AES_SHA256"],
    );
    let pem = p.dir.join("wrappingKey.pem");
    let b = w.join("b-rsa");
    wrap_ok(
        &[
            "--provider",
            "oci",
            "--key-spec",
            "RSA_2048",
            "--algorithm",
            "RSA_OAEP_AES_SHA256",
        ],
        &[
            ("--wrapping-key", &pem),
            ("--material", &data("mat_rsa2048.pkcs1.pem")),
        ],
        &b,
    );
    let fp = spki_sha256_openssl(&data("mat_rsa2048.pk8.der"), w);
    expect_accepted(
        &practice_import(&p, &b),
        &fp,
        &["RSA-2048"],
        "oci RSA_2048 RSA_OAEP_AES_SHA256",
    );
}

/// AES-128/192 keys (OCI, Azure oct-HSM) are AES keys: the practice verdict must not call them HMAC.
#[test]
fn practice_oci_aes128_is_reported_as_an_aes_key() {
    let tmp = tempfile::tempdir().unwrap();
    let w = tmp.path();
    let p = practice_new(w, "oci-aes128", "oci", "AES_128", &[]);
    let b = w.join("b");
    wrap_ok(
        &["--provider", "oci", "--key-spec", "AES_128"],
        &[
            ("--wrapping-key", &p.dir.join("wrappingKey.pem")),
            ("--material", &data("sym16.bin")),
        ],
        &b,
    );
    let out = practice_import(&p, &b);
    assert_eq!(out.status.code(), Some(0), "oci AES_128\n{}", show(&out));
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let line = text
        .lines()
        .find(|l| l.starts_with("accepted"))
        .unwrap_or("");
    assert!(
        line.contains("AES") && !line.contains("HMAC"),
        "an AES_128 key is accepted as an AES key, not an HMAC key: {line:?}"
    );
    let m: Value = serde_json::from_slice(&read(&b.join("manifest.json"))).unwrap();
    if let Some(desc) = m["material"].as_str() {
        assert!(
            desc.contains("AES") && !desc.contains("HMAC"),
            "manifest material description for AES_128: {desc:?}"
        );
    }
}
