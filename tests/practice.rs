//! The practice KMS: `byok-wizard practice new` and `byok-wizard practice import`.
//!
//! * What `practice new` hands over: exactly the files each cloud hands over (Huawei: the
//!   get-parameters-for-import JSON and `wrappingKey_<keyid>`; Alibaba: `publickey_<keyid>.pem`,
//!   `publickey_<keyid>.bin`, `token_<keyid>.txt`; AWS: `wrappingKey_<keyid>`, `importToken_<keyid>`)
//!   plus the state file (mode 0600), wrapping keys of the size that cloud issues, the key id printed,
//!   and an already-expired set for a zero or negative `--expires-in`.
//! * Correct imports: `byok-wizard wrap` fed with the issued files, then `practice import` → exit 0,
//!   "accepted" and a check value equal to one computed here with the OpenSSL CLI (AES-256: first 3
//!   bytes of AES-ECB(K, 0^128); private keys: SHA-256 of the public key's DER SPKI). Uploads built by
//!   the independent uploader `tests/oracle/make_upload.py` (pyca `cryptography` only) are accepted
//!   too, so the grader is not only agreeing with our own wrap code.
//! * Mistakes: every wrong upload is built by `tests/oracle/make_upload.py`, never by byok-wizard's
//!   wrap code, and must be graded exit 1 "rejected" with the right reason in the "what went wrong"
//!   line. Each mistake has a control: the same practice folder and material uploaded correctly by the
//!   same script is accepted, so the rejection is due to the mistake alone.
//!
//! Requirements: `openssl` (3.x) and `python3` with `cryptography`. A missing tool FAILS the test with
//! an install hint. These tests use only the binary, never the library.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use serde_json::Value;

mod common;

use common::data;
const STATE: &str = "practice-kms-state.json";

// ------------------------------------------------------------------------------------------ tools

fn uploader() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/make_upload.py")
}

/// Panics (never skips) when `openssl` 3 or `python3` + `cryptography` is missing.
fn require_tools() {
    static CHECK: OnceLock<Result<(), String>> = OnceLock::new();
    let r = CHECK.get_or_init(|| {
        match Command::new("openssl").arg("version").output() {
            Ok(o) if o.status.success() && String::from_utf8_lossy(&o.stdout).starts_with("OpenSSL 3") => {}
            Ok(o) => {
                return Err(format!(
                    "these tests need the OpenSSL 3.x CLI; found `{}`. Install it: apt-get install -y openssl",
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
            .args(["-c", "from cryptography.hazmat.primitives.keywrap import aes_key_wrap_with_padding"])
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
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

fn run_ok(cmd: &mut Command, what: &str) -> Output {
    let out = exec(cmd);
    assert!(
        out.status.success(),
        "{what}: {cmd:?} failed\n{}",
        show(&out)
    );
    out
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn read(p: &Path) -> Vec<u8> {
    fs::read(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn b64d(s: &[u8]) -> Vec<u8> {
    let text = std::str::from_utf8(s).expect("base64 text is UTF-8").trim();
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap_or_else(|e| panic!("not standard base64 ({e}): {text:?}"))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn tempdir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("byok-practice-")
        .tempdir()
        .unwrap()
}

// --------------------------------------------------------------- independent check values (openssl)

/// First 3 bytes of AES-256-ECB(K, 16 zero bytes), by the OpenSSL CLI.
fn kcv_openssl(key: &[u8], work: &Path) -> String {
    assert_eq!(key.len(), 32, "KCV helper is for AES-256 keys");
    let zeros = work.join("zero-block.bin");
    fs::write(&zeros, [0u8; 16]).unwrap();
    let out = run_ok(
        Command::new("openssl")
            .args(["enc", "-aes-256-ecb", "-nopad", "-K", &hex(key), "-in"])
            .arg(&zeros),
        "openssl enc -aes-256-ecb",
    );
    assert_eq!(
        out.stdout.len(),
        16,
        "openssl gave {} bytes",
        out.stdout.len()
    );
    hex(&out.stdout[..3])
}

/// SHA-256 of the public key's DER SubjectPublicKeyInfo:
/// `openssl pkey -pubout -outform DER | openssl dgst -sha256`.
fn spki_sha256_openssl(private_key: &Path, work: &Path) -> String {
    let pubder = work.join(format!(
        "{}.pub.der",
        private_key.file_name().unwrap().to_string_lossy()
    ));
    let inform = if read(private_key).starts_with(b"-----") {
        "PEM"
    } else {
        "DER"
    };
    run_ok(
        Command::new("openssl")
            .args(["pkey", "-inform", inform, "-in"])
            .arg(private_key)
            .args(["-pubout", "-outform", "DER", "-out"])
            .arg(&pubder),
        "openssl pkey -pubout",
    );
    let out = run_ok(
        Command::new("openssl")
            .args(["dgst", "-sha256", "-r"])
            .arg(&pubder),
        "openssl dgst",
    );
    stdout(&out)
        .split_whitespace()
        .next()
        .unwrap()
        .to_ascii_lowercase()
}

/// Modulus size of a DER SubjectPublicKeyInfo, read by the OpenSSL CLI.
fn rsa_bits_openssl(spki_der: &Path) -> usize {
    let out = run_ok(
        Command::new("openssl")
            .args(["pkey", "-pubin", "-inform", "DER", "-in"])
            .arg(spki_der)
            .args(["-noout", "-text"]),
        "openssl pkey -text",
    );
    let text = stdout(&out);
    let line = text
        .lines()
        .find(|l| l.contains("Public-Key: ("))
        .unwrap_or_else(|| panic!("no RSA public key in {}:\n{text}", spki_der.display()));
    let n = line.split('(').nth(1).unwrap().split(' ').next().unwrap();
    n.parse().unwrap()
}

/// The DER SPKI of a PEM public key (`openssl pkey -pubin -outform DER`).
fn pem_to_der_openssl(pem: &Path) -> Vec<u8> {
    run_ok(
        Command::new("openssl")
            .args(["pkey", "-pubin", "-in"])
            .arg(pem)
            .args(["-outform", "DER"]),
        "openssl pkey -pubin",
    )
    .stdout
}

// ----------------------------------------------------------------------------- practice helpers

struct Practice {
    dir: PathBuf,
    provider: &'static str,
    key_id: String,
    stdout: String,
}

impl Practice {
    fn file(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
    fn state(&self) -> Value {
        serde_json::from_slice(&read(&self.file(STATE))).expect("state file is JSON")
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// `byok-wizard practice new`; the key id is taken from the handed-over files (not from stdout).
fn practice_new(
    root: &Path,
    name: &str,
    provider: &'static str,
    spec: &str,
    extra: &[&str],
) -> Practice {
    require_tools();
    let dir = root.join(name);
    let out = run_ok(
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
    let files = files_in(&dir);
    let key_id = match provider {
        "huawei" => files
            .iter()
            .find_map(|f| f.strip_prefix("wrappingKey_"))
            .map(str::to_owned),
        "alibaba" => files
            .iter()
            .find_map(|f| {
                f.strip_prefix("publickey_")
                    .and_then(|r| r.strip_suffix(".pem"))
            })
            .map(str::to_owned),
        "aws" => files
            .iter()
            .find_map(|f| f.strip_prefix("importToken_"))
            .map(str::to_owned),
        _ => unreachable!(),
    }
    .unwrap_or_else(|| panic!("practice new {provider}: no key-id-named file in {files:?}"));
    Practice {
        dir,
        provider,
        key_id,
        stdout: stdout(&out),
    }
}

/// Build an upload with the independent uploader (tests/oracle/make_upload.py).
fn upload(
    p: &Practice,
    out_name: &str,
    spec: &str,
    algorithm: &str,
    material: &Path,
    mistake: &str,
    extra: &[&str],
) -> PathBuf {
    require_tools();
    let out = p.dir.parent().unwrap().join(out_name);
    let o = run_ok(
        Command::new("python3")
            .arg(uploader())
            .args(["upload", "--practice"])
            .arg(&p.dir)
            .args([
                "--key-spec",
                spec,
                "--algorithm",
                algorithm,
                "--mistake",
                mistake,
                "--material",
            ])
            .arg(material)
            .arg("--out")
            .arg(&out)
            .args(extra),
        &format!(
            "make_upload.py {mistake} for {} {spec} {algorithm}",
            p.provider
        ),
    );
    let summary: Value = serde_json::from_slice(&o.stdout).expect("make_upload.py prints JSON");
    assert_eq!(
        summary["provider"], p.provider,
        "uploader detected another provider"
    );
    out
}

struct Graded {
    code: Option<i32>,
    stdout: String,
    out: Output,
}

fn grade(state: &Practice, bundle: &Path) -> Graded {
    let out = exec(
        common::bin()
            .args(["practice", "import", "--state"])
            .arg(&state.dir)
            .arg("--bundle")
            .arg(bundle),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "practice import panicked\n{}",
        show(&out)
    );
    Graded {
        code: out.status.code(),
        stdout: stdout(&out),
        out,
    }
}

/// Exit 0, an "accepted" line, and the check value printed equals `expected` (computed here).
fn expect_accepted(g: &Graded, expected: &str, what: &str) {
    assert_eq!(
        g.code,
        Some(0),
        "{what}: expected accepted\n{}",
        show(&g.out)
    );
    let lines: Vec<&str> = g.stdout.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.starts_with("accepted"))
        .unwrap_or_else(|| panic!("{what}: no 'accepted' line\n{}", show(&g.out)));
    assert!(
        !g.stdout.contains("rejected"),
        "{what}: accepted and rejected at once\n{}",
        show(&g.out)
    );
    // The check value is the last word of the line after "accepted" (`  <construction>: <value>`).
    let value_line = lines
        .get(i + 1)
        .unwrap_or_else(|| panic!("{what}: no check value line\n{}", show(&g.out)));
    let printed = value_line.split_whitespace().last().unwrap_or("");
    assert_eq!(
        printed,
        expected,
        "{what}: printed check value differs from the one computed with openssl\n{}",
        show(&g.out)
    );
}

/// Exit 1, a "rejected: <cloud words>" line containing every `cloud` keyword, and a
/// "what went wrong: <plain words>" line containing every `plain` keyword.
fn expect_rejected(g: &Graded, cloud: &[&str], plain: &[&str], what: &str) {
    assert_eq!(
        g.code,
        Some(1),
        "{what}: expected exit 1 (rejected)\n{}",
        show(&g.out)
    );
    assert!(
        !g.stdout.contains("accepted"),
        "{what}: says accepted\n{}",
        show(&g.out)
    );
    let cloud_line = g
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("rejected: "))
        .unwrap_or_else(|| panic!("{what}: no 'rejected: ' line\n{}", show(&g.out)));
    let plain_line = g
        .stdout
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("what went wrong: "))
        .unwrap_or_else(|| panic!("{what}: no 'what went wrong: ' line\n{}", show(&g.out)));
    for k in cloud {
        assert!(
            cloud_line.contains(k),
            "{what}: the cloud's words lack {k:?}: {cloud_line:?}\n{}",
            show(&g.out)
        );
    }
    for k in plain {
        assert!(
            plain_line.contains(k),
            "{what}: 'what went wrong' lacks {k:?}: {plain_line:?}\n{}",
            show(&g.out)
        );
    }
}

/// An RSA-2048 PKCS#8 DER key whose length is a multiple of 8 (RFC 3394 cannot wrap anything else).
fn kw_friendly_rsa(work: &Path) -> PathBuf {
    let f = work.join("rsa2048-kw-friendly.pk8.der");
    run_ok(
        Command::new("python3")
            .arg(uploader())
            .args(["kw-friendly-rsa", "--out"])
            .arg(&f),
        "make_upload.py kw-friendly-rsa",
    );
    assert_eq!(read(&f).len() % 8, 0);
    f
}

/// `byok-wizard wrap` (our own code: used only for the correct uploads).
fn wrap(args: &[&str], files: &[(&str, &Path)], out: &Path) {
    let mut cmd = common::bin();
    cmd.arg("wrap").args(args);
    for (flag, f) in files {
        cmd.arg(flag).arg(f);
    }
    cmd.arg("--out").arg(out);
    run_ok(&mut cmd, &format!("byok-wizard wrap {args:?}"));
}

// ======================================================================= 3. what `practice new` writes

fn assert_state_file(
    p: &Practice,
    spec: &str,
    algorithm: &str,
    wrapping_key_der: &[u8],
    token: &[u8],
) {
    let path = p.file(STATE);
    common::assert_owner_only(&path);
    let s = p.state();
    assert_eq!(s["provider"], p.provider);
    assert_eq!(s["key_spec"], spec);
    assert_eq!(s["algorithm"], algorithm);
    assert_eq!(s["key_id"], p.key_id.as_str());
    assert_eq!(
        b64d(s["import_token"].as_str().expect("import_token").as_bytes()),
        token,
        "{}: the state's token is not the token handed over",
        p.provider
    );
    assert!(s["expires"].as_i64().is_some(), "state has no expires");
    // The state's private key is the pair of the wrapping key handed over.
    let pem = p
        .dir
        .parent()
        .unwrap()
        .join(format!("{}-state-key.pem", p.provider));
    fs::write(
        &pem,
        s["wrapping_private_key_pem"]
            .as_str()
            .expect("wrapping_private_key_pem"),
    )
    .unwrap();
    let out = run_ok(
        Command::new("openssl")
            .args(["pkey", "-in"])
            .arg(&pem)
            .args(["-pubout", "-outform", "DER"]),
        "openssl pkey -pubout (state key)",
    );
    assert_eq!(
        out.stdout, wrapping_key_der,
        "{}: state key does not match the wrapping key",
        p.provider
    );
    // The key id and every file are printed.
    assert!(
        p.stdout
            .lines()
            .any(|l| l.to_lowercase().contains("key id") && l.contains(&p.key_id)),
        "{}: key id {} not printed:\n{}",
        p.provider,
        p.key_id,
        p.stdout
    );
    for f in files_in(&p.dir) {
        assert!(
            p.stdout.contains(&f),
            "{}: {f} not listed in the output:\n{}",
            p.provider,
            p.stdout
        );
    }
}

fn assert_expiry(expires: i64, t0: i64, t1: i64, lifetime: i64, what: &str) {
    assert!(
        expires >= t0 + lifetime - 5 && expires <= t1 + lifetime + 5,
        "{what}: expiry {expires} is not issue time + {lifetime}s (issued between {t0} and {t1})"
    );
}

#[test]
fn new_huawei_hands_over_json_and_wrapping_key() {
    let tmp = tempdir();
    let t0 = now();
    let p = practice_new(tmp.path(), "hw", "huawei", "AES_256", &[]);
    let t1 = now();
    let files = files_in(&p.dir);
    let wk = format!("wrappingKey_{}", p.key_id);
    assert_eq!(
        files.len(),
        3,
        "huawei: want the JSON, {wk} and the state, got {files:?}"
    );
    assert!(
        files.contains(&wk) && files.contains(&STATE.to_owned()),
        "{files:?}"
    );
    let json_name = files
        .iter()
        .find(|f| f.ends_with(".json") && *f != STATE)
        .unwrap_or_else(|| panic!("huawei: no get-parameters-for-import JSON in {files:?}"));
    let json: Value =
        serde_json::from_slice(&read(&p.file(json_name))).expect("Huawei JSON parses");
    let wk_der = read(&p.file(&wk));
    assert_eq!(json["key_id"], p.key_id.as_str());
    assert_eq!(
        b64d(json["public_key"].as_str().unwrap().as_bytes()),
        wk_der,
        "public_key != {wk}"
    );
    let token = b64d(json["import_token"].as_str().unwrap().as_bytes());
    let tok_b64_len = json["import_token"].as_str().unwrap().len();
    assert!(
        (200..=6144).contains(&tok_b64_len),
        "Huawei import_token length {tok_b64_len}"
    );
    let exp = json["expiration_time"]
        .as_i64()
        .expect("expiration_time is epoch seconds");
    assert_expiry(exp, t0, t1, 24 * 3600, "huawei default 24h");
    assert_eq!(p.state()["expires"].as_i64(), Some(exp));
    assert_eq!(
        rsa_bits_openssl(&p.file(&wk)),
        2048,
        "Huawei issues RSA-2048"
    );
    assert_state_file(&p, "AES_256", "RSAES_OAEP_SHA_256", &wk_der, &token);

    // A non-empty folder is not overwritten without --force.
    let before: Vec<Vec<u8>> = files.iter().map(|f| read(&p.file(f))).collect();
    let out = exec(
        common::bin()
            .args([
                "practice",
                "new",
                "--provider",
                "huawei",
                "--key-spec",
                "AES_256",
                "--out",
            ])
            .arg(&p.dir),
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "non-empty --out without --force\n{}",
        show(&out)
    );
    let after: Vec<Vec<u8>> = files.iter().map(|f| read(&p.file(f))).collect();
    assert_eq!(files_in(&p.dir), files);
    assert!(
        before == after,
        "the practice folder changed after a refused run"
    );

    // Huawei issues RSA-2048 only.
    let out = exec(
        common::bin()
            .args([
                "practice",
                "new",
                "--provider",
                "huawei",
                "--key-spec",
                "AES_256",
            ])
            .args(["--wrapping-key-bits", "4096", "--out"])
            .arg(tmp.path().join("hw4096")),
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "huawei with a 4096-bit wrapping key\n{}",
        show(&out)
    );
    assert!(
        !tmp.path().join("hw4096").exists(),
        "refused run left its --out folder"
    );
}

#[test]
fn new_alibaba_hands_over_pem_bin_and_token() {
    let tmp = tempdir();
    let t0 = now();
    let p = practice_new(tmp.path(), "ali", "alibaba", "EC_P256", &[]);
    let t1 = now();
    let id = &p.key_id;
    let mut want = vec![
        format!("publickey_{id}.pem"),
        format!("publickey_{id}.bin"),
        format!("token_{id}.txt"),
        STATE.to_owned(),
    ];
    want.sort();
    assert_eq!(files_in(&p.dir), want, "alibaba files");
    let bin = read(&p.file(&format!("publickey_{id}.bin")));
    assert_eq!(
        pem_to_der_openssl(&p.file(&format!("publickey_{id}.pem"))),
        bin,
        "publickey .pem and .bin hold different keys"
    );
    assert_eq!(
        rsa_bits_openssl(&p.file(&format!("publickey_{id}.bin"))),
        2048,
        "Alibaba issues RSA-2048"
    );
    let token = b64d(&read(&p.file(&format!("token_{id}.txt"))));
    assert!(!token.is_empty());
    assert_expiry(
        p.state()["expires"].as_i64().unwrap(),
        t0,
        t1,
        24 * 3600,
        "alibaba default 24h",
    );
    assert_state_file(
        &p,
        "EC_P256",
        "RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD",
        &bin,
        &token,
    );
}

#[test]
fn new_aws_hands_over_wrapping_key_and_binary_token() {
    let tmp = tempdir();
    let t0 = now();
    let p = practice_new(
        tmp.path(),
        "aws",
        "aws",
        "RSA_2048",
        &["--expires-in", "30m"],
    );
    let t1 = now();
    let id = &p.key_id;
    let mut want = vec![
        format!("wrappingKey_{id}"),
        format!("importToken_{id}"),
        STATE.to_owned(),
    ];
    want.sort();
    assert_eq!(files_in(&p.dir), want, "aws files");
    let wk = read(&p.file(&format!("wrappingKey_{id}")));
    assert_eq!(
        rsa_bits_openssl(&p.file(&format!("wrappingKey_{id}"))),
        4096,
        "AWS issues RSA-4096 by default"
    );
    let token = read(&p.file(&format!("importToken_{id}")));
    assert!(!token.is_empty());
    assert!(
        std::str::from_utf8(&token).is_err() || token.iter().any(|b| !b.is_ascii_graphic()),
        "the AWS token should be binary, not text"
    );
    assert_expiry(
        p.state()["expires"].as_i64().unwrap(),
        t0,
        t1,
        30 * 60,
        "aws --expires-in 30m",
    );
    assert_state_file(&p, "RSA_2048", "RSA_AES_KEY_WRAP_SHA_256", &wk, &token);

    // AWS also issues 2048 and 3072 on request.
    let p2 = practice_new(
        tmp.path(),
        "aws2048",
        "aws",
        "AES_256",
        &["--wrapping-key-bits", "2048"],
    );
    let wk2 = p2.file(&format!("wrappingKey_{}", p2.key_id));
    assert_eq!(rsa_bits_openssl(&wk2), 2048);
    let tok2 = read(&p2.file(&format!("importToken_{}", p2.key_id)));
    assert_state_file(&p2, "AES_256", "RSAES_OAEP_SHA_256", &read(&wk2), &tok2);
    assert_ne!(p.key_id, p2.key_id, "two downloads share a key id");
    assert_ne!(token, tok2, "two downloads share a token");
}

#[test]
fn new_with_zero_or_negative_expiry_issues_an_expired_set() {
    let tmp = tempdir();
    let t0 = now();
    let neg = practice_new(
        tmp.path(),
        "neg",
        "huawei",
        "AES_256",
        &["--expires-in", "-1h"],
    );
    let zero = practice_new(
        tmp.path(),
        "zero",
        "alibaba",
        "AES_256",
        &["--expires-in", "0"],
    );
    let t1 = now();
    let json_name = files_in(&neg.dir)
        .into_iter()
        .find(|f| f.ends_with(".json") && f != STATE)
        .unwrap();
    let json: Value = serde_json::from_slice(&read(&neg.file(&json_name))).unwrap();
    let exp = json["expiration_time"].as_i64().unwrap();
    assert_expiry(exp, t0, t1, -3600, "huawei -1h");
    assert!(exp < now(), "-1h set is not expired");
    assert_expiry(
        zero.state()["expires"].as_i64().unwrap(),
        t0,
        t1,
        0,
        "alibaba 0",
    );
    assert!(zero.state()["expires"].as_i64().unwrap() <= now());
    for p in [&neg, &zero] {
        assert!(
            p.stdout.to_lowercase().contains("expired"),
            "{}: the output does not say the set is already expired:\n{}",
            p.provider,
            p.stdout
        );
    }
    // Our own wrap refuses the expired parameters JSON (the token is dead).
    let out = exec(
        common::bin()
            .args([
                "wrap",
                "--provider",
                "huawei",
                "--key-spec",
                "AES_256",
                "--wrapping-key",
            ])
            .arg(neg.file(&json_name))
            .arg("--material")
            .arg(data("sym32.bin"))
            .arg("--out")
            .arg(tmp.path().join("wrap-expired")),
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "wrap with an expired JSON\n{}",
        show(&out)
    );
}

// ====================================================== 1. correct imports: `wrap` with the issued files

#[test]
fn huawei_wrap_then_import_is_accepted() {
    let tmp = tempdir();
    let w = tmp.path();
    // Symmetric: the JSON response alone.
    let p = practice_new(w, "hw-aes", "huawei", "AES_256", &[]);
    let json = files_in(&p.dir)
        .into_iter()
        .find(|f| f.ends_with(".json") && f != STATE)
        .unwrap();
    let b = w.join("b-aes");
    wrap(
        &["--provider", "huawei", "--key-spec", "AES_256"],
        &[
            ("--wrapping-key", &p.file(&json)),
            ("--material", &data("sym32.bin")),
        ],
        &b,
    );
    expect_accepted(
        &grade(&p, &b),
        &kcv_openssl(&read(&data("sym32.bin")), w),
        "huawei AES_256 via JSON",
    );

    // Asymmetric (temporary AES key + RFC 5649, two files): the JSON response alone.
    let p = practice_new(w, "hw-rsa", "huawei", "RSA_2048", &[]);
    let json = files_in(&p.dir)
        .into_iter()
        .find(|f| f.ends_with(".json") && f != STATE)
        .unwrap();
    let b = w.join("b-rsa");
    wrap(
        &["--provider", "huawei", "--key-spec", "RSA_2048"],
        &[
            ("--wrapping-key", &p.file(&json)),
            ("--material", &data("mat_rsa2048.pkcs1.pem")),
        ],
        &b,
    );
    // The PKCS#1 input is converted to PKCS#8 by wrap, so the fingerprint is that key's.
    expect_accepted(
        &grade(&p, &b),
        &spki_sha256_openssl(&data("mat_rsa2048.pk8.der"), w),
        "huawei RSA_2048 via JSON",
    );
}

#[test]
fn alibaba_wrap_then_import_is_accepted() {
    let tmp = tempdir();
    let w = tmp.path();
    // Symmetric: the binary public key, the token text, the key id.
    let p = practice_new(w, "ali-aes", "alibaba", "AES_256", &[]);
    let id = p.key_id.clone();
    let b = w.join("b-aes");
    wrap(
        &[
            "--provider",
            "alibaba",
            "--key-spec",
            "AES_256",
            "--key-id",
            &id,
        ],
        &[
            ("--wrapping-key", &p.file(&format!("publickey_{id}.bin"))),
            ("--import-token", &p.file(&format!("token_{id}.txt"))),
            ("--material", &data("sym32.bin")),
        ],
        &b,
    );
    expect_accepted(
        &grade(&p, &b),
        &kcv_openssl(&read(&data("sym32.bin")), w),
        "alibaba AES_256",
    );

    // Asymmetric (OAEP-SHA256 || AES-256-ECB-PKCS7): the PEM public key.
    let p = practice_new(w, "ali-ec", "alibaba", "EC_P256", &[]);
    let id = p.key_id.clone();
    let b = w.join("b-ec");
    wrap(
        &[
            "--provider",
            "alibaba",
            "--key-spec",
            "EC_P256",
            "--key-id",
            &id,
        ],
        &[
            ("--wrapping-key", &p.file(&format!("publickey_{id}.pem"))),
            ("--import-token", &p.file(&format!("token_{id}.txt"))),
            ("--material", &data("mat_ec_p256.pk8.der")),
        ],
        &b,
    );
    expect_accepted(
        &grade(&p, &b),
        &spki_sha256_openssl(&data("mat_ec_p256.pk8.der"), w),
        "alibaba EC_P256",
    );
}

#[test]
fn aws_wrap_then_import_is_accepted() {
    let tmp = tempdir();
    let w = tmp.path();
    // Asymmetric (RSA_AES_KEY_WRAP_SHA_256, default RSA-4096 wrapping key).
    let p = practice_new(w, "aws-rsa", "aws", "RSA_2048", &[]);
    let id = p.key_id.clone();
    let b = w.join("b-rsa");
    wrap(
        &[
            "--provider",
            "aws",
            "--key-spec",
            "RSA_2048",
            "--key-id",
            &id,
        ],
        &[
            ("--wrapping-key", &p.file(&format!("wrappingKey_{id}"))),
            ("--import-token", &p.file(&format!("importToken_{id}"))),
            ("--material", &data("mat_rsa2048.pk8.der")),
        ],
        &b,
    );
    expect_accepted(
        &grade(&p, &b),
        &spki_sha256_openssl(&data("mat_rsa2048.pk8.der"), w),
        "aws RSA_2048",
    );

    // Symmetric (SYMMETRIC_DEFAULT with RSAES_OAEP_SHA_1, RSA-2048 wrapping key).
    let p = practice_new(
        w,
        "aws-aes",
        "aws",
        "SYMMETRIC_DEFAULT",
        &[
            "--algorithm",
            "RSAES_OAEP_SHA_1",
            "--wrapping-key-bits",
            "2048",
        ],
    );
    let id = p.key_id.clone();
    let b = w.join("b-aes");
    wrap(
        &[
            "--provider",
            "aws",
            "--key-spec",
            "SYMMETRIC_DEFAULT",
            "--algorithm",
            "RSAES_OAEP_SHA_1",
            "--key-id",
            &id,
        ],
        &[
            ("--wrapping-key", &p.file(&format!("wrappingKey_{id}"))),
            ("--import-token", &p.file(&format!("importToken_{id}"))),
            ("--material", &data("sym32.bin")),
        ],
        &b,
    );
    expect_accepted(
        &grade(&p, &b),
        &kcv_openssl(&read(&data("sym32.bin")), w),
        "aws SYMMETRIC_DEFAULT",
    );
}

// ============================================ 1b. correct uploads built by the independent uploader

#[test]
fn independent_correct_uploads_are_accepted() {
    let tmp = tempdir();
    let w = tmp.path();
    let kcv = kcv_openssl(&read(&data("sym32.bin")), w);

    // Huawei asymmetric, vendor file names only (no manifest).
    let p = practice_new(w, "hw-ec", "huawei", "EC_P256", &[]);
    let b = upload(
        &p,
        "u-hw-ec",
        "EC_P256",
        "RSAES_OAEP_SHA_256",
        &data("mat_ec_p256.pk8.der"),
        "none",
        &["--layout", "vendor"],
    );
    assert!(b.join("out_ec_private_key.der").is_file() && !b.join("manifest.json").exists());
    expect_accepted(
        &grade(&p, &b),
        &spki_sha256_openssl(&data("mat_ec_p256.pk8.der"), w),
        "independent huawei EC_P256",
    );

    // Huawei symmetric, manifest.
    let p = practice_new(w, "hw-aes", "huawei", "AES_256", &[]);
    let b = upload(
        &p,
        "u-hw-aes",
        "AES_256",
        "RSAES_OAEP_SHA_256",
        &data("sym32.bin"),
        "none",
        &[],
    );
    expect_accepted(&grade(&p, &b), &kcv, "independent huawei AES_256");

    // Alibaba asymmetric (OAEP-SHA256 || AES-256-ECB-PKCS7), manifest.
    let p = practice_new(w, "ali-rsa", "alibaba", "RSA_2048", &[]);
    let b = upload(
        &p,
        "u-ali-rsa",
        "RSA_2048",
        "RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD",
        &data("mat_rsa2048.pk8.der"),
        "none",
        &[],
    );
    expect_accepted(
        &grade(&p, &b),
        &spki_sha256_openssl(&data("mat_rsa2048.pk8.der"), w),
        "independent alibaba RSA_2048",
    );

    // Alibaba symmetric with the deprecated PKCS#1 v1.5, vendor names.
    let p = practice_new(
        w,
        "ali-v15",
        "alibaba",
        "AES_256",
        &["--algorithm", "RSAES_PKCS1_V1_5"],
    );
    let b = upload(
        &p,
        "u-ali-v15",
        "AES_256",
        "RSAES_PKCS1_V1_5",
        &data("sym32.bin"),
        "none",
        &["--layout", "vendor"],
    );
    expect_accepted(
        &grade(&p, &b),
        &kcv,
        "independent alibaba AES_256 PKCS#1 v1.5",
    );

    // AWS EC_P256 with RSA_AES_KEY_WRAP_SHA_256, manifest (binary token).
    let p = practice_new(
        w,
        "aws-ec",
        "aws",
        "EC_P256",
        &["--wrapping-key-bits", "2048"],
    );
    let b = upload(
        &p,
        "u-aws-ec",
        "EC_P256",
        "RSA_AES_KEY_WRAP_SHA_256",
        &data("mat_ec_p256.pk8.der"),
        "none",
        &[],
    );
    expect_accepted(
        &grade(&p, &b),
        &spki_sha256_openssl(&data("mat_ec_p256.pk8.der"), w),
        "independent aws EC_P256",
    );

    // AWS symmetric, vendor names (ImportToken.bin, binary).
    let p = practice_new(
        w,
        "aws-aes",
        "aws",
        "AES_256",
        &["--wrapping-key-bits", "3072"],
    );
    let b = upload(
        &p,
        "u-aws-aes",
        "AES_256",
        "RSAES_OAEP_SHA_256",
        &data("sym32.bin"),
        "none",
        &["--layout", "vendor"],
    );
    expect_accepted(&grade(&p, &b), &kcv, "independent aws AES_256");
}

// ================================================================================== 2. mistakes

#[test]
fn mistake_token_from_another_download() {
    let tmp = tempdir();
    let w = tmp.path();
    let a = practice_new(w, "a", "huawei", "AES_256", &[]);
    let b = practice_new(w, "b", "huawei", "AES_256", &[]);
    let sym = data("sym32.bin");
    let kcv = kcv_openssl(&read(&sym), w);

    // Controls: each folder's own correct upload is accepted.
    let good_a = upload(
        &a,
        "good-a",
        "AES_256",
        "RSAES_OAEP_SHA_256",
        &sym,
        "none",
        &[],
    );
    expect_accepted(&grade(&a, &good_a), &kcv, "control A");
    let good_b = upload(
        &b,
        "good-b",
        "AES_256",
        "RSAES_OAEP_SHA_256",
        &sym,
        "none",
        &["--layout", "vendor"],
    );
    expect_accepted(&grade(&b, &good_b), &kcv, "control B");

    // A's complete upload imported against B's parameters: B's token does not match.
    expect_rejected(
        &grade(&b, &good_a),
        &["token"],
        &["import token", "another download"],
        "A's bundle against B's state",
    );
    // Wrapped with A's key, but B's token (and key id) uploaded, graded by A: the token is not A's.
    let mixed = upload(
        &a,
        "a-key-b-token",
        "AES_256",
        "RSAES_OAEP_SHA_256",
        &sym,
        "none",
        &["--token-from", b.dir.to_str().unwrap()],
    );
    expect_rejected(
        &grade(&a, &mixed),
        &["token"],
        &["import token", "another download"],
        "A's wrapping key + B's token, graded by A",
    );
    // The same upload graded by B: B's token is fine, but the material is not wrapped with B's key.
    expect_rejected(
        &grade(&b, &mixed),
        &["decrypt"],
        &["wrapping public key", "another download"],
        "A's wrapping key + B's token, graded by B",
    );

    // AWS too (binary tokens; vendor file names, no key id).
    let c = practice_new(w, "c", "aws", "AES_256", &["--wrapping-key-bits", "2048"]);
    let d = practice_new(w, "d", "aws", "AES_256", &["--wrapping-key-bits", "2048"]);
    let cd = upload(
        &c,
        "c-key-d-token",
        "AES_256",
        "RSAES_OAEP_SHA_256",
        &sym,
        "none",
        &[
            "--token-from",
            d.dir.to_str().unwrap(),
            "--layout",
            "vendor",
        ],
    );
    expect_rejected(
        &grade(&c, &cd),
        &["InvalidImportTokenException"],
        &["import token", "another download"],
        "aws: C's key + D's token, graded by C",
    );
}

#[test]
fn mistake_expired_token() {
    let tmp = tempdir();
    let w = tmp.path();
    let sym = data("sym32.bin");
    // Huawei, issued one hour ago; the upload itself is correct.
    let p = practice_new(w, "hw-old", "huawei", "AES_256", &["--expires-in", "-1h"]);
    let b = upload(
        &p,
        "u-hw",
        "AES_256",
        "RSAES_OAEP_SHA_256",
        &sym,
        "none",
        &[],
    );
    expect_rejected(
        &grade(&p, &b),
        &["expired"],
        &["import token", "expired"],
        "huawei expired token",
    );
    // AWS, expiring the moment it is issued.
    let p = practice_new(
        w,
        "aws-old",
        "aws",
        "EC_P256",
        &["--expires-in", "0", "--wrapping-key-bits", "2048"],
    );
    let b = upload(
        &p,
        "u-aws",
        "EC_P256",
        "RSA_AES_KEY_WRAP_SHA_256",
        &data("mat_ec_p256.pk8.der"),
        "none",
        &[],
    );
    expect_rejected(
        &grade(&p, &b),
        &["ExpiredImportTokenException"],
        &["expired"],
        "aws expired token",
    );
    // Control: the same kind of upload into a live set is accepted.
    let p = practice_new(w, "hw-new", "huawei", "AES_256", &["--expires-in", "2m"]);
    let b = upload(
        &p,
        "u-hw-new",
        "AES_256",
        "RSAES_OAEP_SHA_256",
        &sym,
        "none",
        &[],
    );
    expect_accepted(
        &grade(&p, &b),
        &kcv_openssl(&read(&sym), w),
        "control: live token",
    );
}

#[test]
fn mistake_wrong_oaep_digest() {
    let tmp = tempdir();
    let w = tmp.path();
    let sym = data("sym32.bin");
    // Huawei direct OAEP-SHA256, wrapped with OAEP-SHA1.
    let p = practice_new(w, "hw", "huawei", "AES_256", &[]);
    let b = upload(
        &p,
        "u-hw",
        "AES_256",
        "RSAES_OAEP_SHA_256",
        &sym,
        "oaep-sha1",
        &[],
    );
    expect_rejected(
        &grade(&p, &b),
        &[],
        &["SHA-1", "RSAES_OAEP_SHA_256"],
        "huawei: SHA-1 for RSAES_OAEP_SHA_256",
    );

    // Alibaba issued for RSAES_OAEP_SHA_1, wrapped with OAEP-SHA256.
    let p = practice_new(
        w,
        "ali",
        "alibaba",
        "AES_256",
        &["--algorithm", "RSAES_OAEP_SHA_1"],
    );
    let good = upload(
        &p,
        "u-ali-good",
        "AES_256",
        "RSAES_OAEP_SHA_1",
        &sym,
        "none",
        &[],
    );
    expect_accepted(
        &grade(&p, &good),
        &kcv_openssl(&read(&sym), w),
        "control: alibaba OAEP-SHA1",
    );
    let b = upload(
        &p,
        "u-ali",
        "AES_256",
        "RSAES_OAEP_SHA_1",
        &sym,
        "oaep-sha256",
        &[],
    );
    expect_rejected(
        &grade(&p, &b),
        &[],
        &["SHA-256", "RSAES_OAEP_SHA_1"],
        "alibaba: SHA-256 for RSAES_OAEP_SHA_1",
    );

    // AWS RSA_AES_KEY_WRAP_SHA_256 with the RSA part made with OAEP-SHA1.
    let p = practice_new(w, "aws", "aws", "EC_P384", &["--wrapping-key-bits", "2048"]);
    let b = upload(
        &p,
        "u-aws",
        "EC_P384",
        "RSA_AES_KEY_WRAP_SHA_256",
        &data("mat_ec_p384.pk8.der"),
        "oaep-sha1",
        &[],
    );
    expect_rejected(
        &grade(&p, &b),
        &["InvalidCiphertextException"],
        &["SHA-1", "RSA_AES_KEY_WRAP_SHA_256"],
        "aws: SHA-1 for RSA_AES_KEY_WRAP_SHA_256",
    );
}

#[test]
fn mistake_rfc3394_kw_instead_of_rfc5649_kwp() {
    let tmp = tempdir();
    let w = tmp.path();
    let key = kw_friendly_rsa(w);
    let fp = spki_sha256_openssl(&key, w);
    // AWS RSA_AES_KEY_WRAP_SHA_256.
    let p = practice_new(
        w,
        "aws",
        "aws",
        "RSA_2048",
        &["--wrapping-key-bits", "3072"],
    );
    let good = upload(
        &p,
        "u-aws-good",
        "RSA_2048",
        "RSA_AES_KEY_WRAP_SHA_256",
        &key,
        "none",
        &[],
    );
    expect_accepted(&grade(&p, &good), &fp, "control: aws KWP");
    let b = upload(
        &p,
        "u-aws",
        "RSA_2048",
        "RSA_AES_KEY_WRAP_SHA_256",
        &key,
        "kw3394",
        &[],
    );
    expect_rejected(
        &grade(&p, &b),
        &["InvalidCiphertextException"],
        &["RFC 3394", "RFC 5649"],
        "aws: KW for KWP",
    );
    // Huawei asymmetric (private key ciphertext).
    let p = practice_new(w, "hw", "huawei", "RSA_2048", &[]);
    let good = upload(
        &p,
        "u-hw-good",
        "RSA_2048",
        "RSAES_OAEP_SHA_256",
        &key,
        "none",
        &["--layout", "vendor"],
    );
    expect_accepted(&grade(&p, &good), &fp, "control: huawei KWP");
    let b = upload(
        &p,
        "u-hw",
        "RSA_2048",
        "RSAES_OAEP_SHA_256",
        &key,
        "kw3394",
        &["--layout", "vendor"],
    );
    expect_rejected(
        &grade(&p, &b),
        &[],
        &["RFC 3394", "RFC 5649"],
        "huawei: KW for KWP",
    );
}

#[test]
fn mistake_pkcs1_private_key_instead_of_pkcs8() {
    let tmp = tempdir();
    let w = tmp.path();
    let key = data("mat_rsa2048.pk8.der");
    let fp = spki_sha256_openssl(&key, w);
    // AWS RSA_AES_KEY_WRAP_SHA_256.
    let p = practice_new(
        w,
        "aws",
        "aws",
        "RSA_2048",
        &["--wrapping-key-bits", "2048"],
    );
    let good = upload(
        &p,
        "u-aws-good",
        "RSA_2048",
        "RSA_AES_KEY_WRAP_SHA_256",
        &key,
        "none",
        &[],
    );
    expect_accepted(&grade(&p, &good), &fp, "control: aws PKCS#8");
    let b = upload(
        &p,
        "u-aws",
        "RSA_2048",
        "RSA_AES_KEY_WRAP_SHA_256",
        &key,
        "pkcs1-key",
        &[],
    );
    expect_rejected(
        &grade(&p, &b),
        &[],
        &["PKCS#1", "PKCS#8"],
        "aws: PKCS#1 key",
    );
    // Alibaba (OAEP || ECB).
    let p = practice_new(w, "ali", "alibaba", "RSA_2048", &[]);
    let b = upload(
        &p,
        "u-ali",
        "RSA_2048",
        "RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD",
        &key,
        "pkcs1-key",
        &[],
    );
    expect_rejected(
        &grade(&p, &b),
        &[],
        &["PKCS#1", "PKCS#8"],
        "alibaba: PKCS#1 key",
    );
    // Huawei (split files).
    let p = practice_new(w, "hw", "huawei", "RSA_2048", &[]);
    let b = upload(
        &p,
        "u-hw",
        "RSA_2048",
        "RSAES_OAEP_SHA_256",
        &key,
        "pkcs1-key",
        &["--layout", "vendor"],
    );
    expect_rejected(
        &grade(&p, &b),
        &[],
        &["PKCS#1", "PKCS#8"],
        "huawei: PKCS#1 key",
    );
}

#[test]
fn mistake_material_of_the_wrong_length() {
    let tmp = tempdir();
    let w = tmp.path();
    let sym = data("sym32.bin");
    let p = practice_new(w, "hw", "huawei", "AES_256", &[]);
    // 64 hex characters wrapped instead of the 32 raw bytes.
    let b = upload(
        &p,
        "u-hex",
        "AES_256",
        "RSAES_OAEP_SHA_256",
        &sym,
        "hex-material",
        &[],
    );
    expect_rejected(
        &grade(&p, &b),
        &[],
        &["64 bytes", "32", "hex"],
        "huawei: hex text of the key",
    );
    // A 16-byte key for AES_256.
    let b = upload(
        &p,
        "u-short",
        "AES_256",
        "RSAES_OAEP_SHA_256",
        &data("sym16.bin"),
        "none",
        &[],
    );
    expect_rejected(
        &grade(&p, &b),
        &[],
        &["16 bytes", "32"],
        "huawei: 16-byte key for AES_256",
    );
    // AWS HMAC_512 given a 32-byte key.
    let p = practice_new(
        w,
        "aws",
        "aws",
        "HMAC_512",
        &["--wrapping-key-bits", "2048"],
    );
    let b = upload(
        &p,
        "u-hmac",
        "HMAC_512",
        "RSAES_OAEP_SHA_256",
        &data("hmac32.bin"),
        "none",
        &[],
    );
    expect_rejected(
        &grade(&p, &b),
        &[],
        &["32 bytes", "64"],
        "aws: 32-byte key for HMAC_512",
    );
    // Control: 64 bytes are accepted; the check value printed is SHA-256(K), first 3 bytes.
    let good = upload(
        &p,
        "u-hmac-good",
        "HMAC_512",
        "RSAES_OAEP_SHA_256",
        &data("hmac64.bin"),
        "none",
        &[],
    );
    let digest = run_ok(
        Command::new("openssl")
            .args(["dgst", "-sha256", "-r"])
            .arg(data("hmac64.bin")),
        "openssl dgst",
    );
    let want = stdout(&digest)[..6].to_ascii_lowercase();
    expect_accepted(
        &grade(&p, &good),
        &want,
        "control: aws HMAC_512 with 64 bytes",
    );
}

#[test]
fn mistake_rsa_key_of_the_wrong_size() {
    let tmp = tempdir();
    let w = tmp.path();
    let p = practice_new(
        w,
        "aws",
        "aws",
        "RSA_2048",
        &["--wrapping-key-bits", "2048"],
    );
    let b = upload(
        &p,
        "u-3072",
        "RSA_2048",
        "RSA_AES_KEY_WRAP_SHA_1",
        &data("mat_rsa3072.pk8.der"),
        "none",
        &[],
    );
    // The token was issued for the default RSA_AES_KEY_WRAP_SHA_256: the SHA-1 RSA part is caught first.
    expect_rejected(
        &grade(&p, &b),
        &[],
        &["SHA-1", "RSA_AES_KEY_WRAP_SHA_256"],
        "aws: SHA_1 variant for SHA_256 token",
    );
    let b = upload(
        &p,
        "u-3072b",
        "RSA_2048",
        "RSA_AES_KEY_WRAP_SHA_256",
        &data("mat_rsa3072.pk8.der"),
        "none",
        &[],
    );
    expect_rejected(
        &grade(&p, &b),
        &["ValidationException"],
        &["RSA-3072", "RSA_2048"],
        "aws: RSA-3072 key for RSA_2048",
    );
}

#[test]
fn mistake_key_on_the_wrong_curve() {
    let tmp = tempdir();
    let w = tmp.path();
    let p384 = data("mat_ec_p384.pk8.der");
    // Huawei EC_P256 given a P-384 key.
    let p = practice_new(w, "hw", "huawei", "EC_P256", &[]);
    let b = upload(
        &p,
        "u-hw",
        "EC_P256",
        "RSAES_OAEP_SHA_256",
        &p384,
        "none",
        &[],
    );
    expect_rejected(
        &grade(&p, &b),
        &[],
        &["P-384", "EC_P256"],
        "huawei: P-384 key for EC_P256",
    );
    // AWS ECC_NIST_P256 (direct OAEP) given a P-384 key.
    let p = practice_new(
        w,
        "aws",
        "aws",
        "ECC_NIST_P256",
        &[
            "--algorithm",
            "RSAES_OAEP_SHA_256",
            "--wrapping-key-bits",
            "2048",
        ],
    );
    let good = upload(
        &p,
        "u-aws-good",
        "ECC_NIST_P256",
        "RSAES_OAEP_SHA_256",
        &data("mat_ec_p256.pk8.der"),
        "none",
        &[],
    );
    expect_accepted(
        &grade(&p, &good),
        &spki_sha256_openssl(&data("mat_ec_p256.pk8.der"), w),
        "control: aws P-256",
    );
    let b = upload(
        &p,
        "u-aws",
        "ECC_NIST_P256",
        "RSAES_OAEP_SHA_256",
        &p384,
        "none",
        &[],
    );
    expect_rejected(
        &grade(&p, &b),
        &[],
        &["P-384"],
        "aws: P-384 key for ECC_NIST_P256",
    );
    // Alibaba EC_P256 given secp256k1 (same size, other curve).
    let p = practice_new(w, "ali", "alibaba", "EC_P256", &[]);
    let b = upload(
        &p,
        "u-ali",
        "EC_P256",
        "RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD",
        &data("mat_ec_secp256k1.pk8.der"),
        "none",
        &[],
    );
    expect_rejected(
        &grade(&p, &b),
        &[],
        &["secp256k1", "EC_P256"],
        "alibaba: secp256k1 key for EC_P256",
    );
}

// ============================================================================ 2b. more mistakes

#[test]
fn mistake_aes_ecb_where_kwp_expected_and_kwp_where_ecb_expected() {
    let tmp = tempdir();
    let w = tmp.path();
    let ec = data("mat_ec_p256.pk8.der");
    let p = practice_new(w, "aws", "aws", "EC_P256", &["--wrapping-key-bits", "2048"]);
    let b = upload(
        &p,
        "u-aws",
        "EC_P256",
        "RSA_AES_KEY_WRAP_SHA_256",
        &ec,
        "aes-ecb",
        &[],
    );
    expect_rejected(
        &grade(&p, &b),
        &[],
        &["AES-ECB", "RFC 5649"],
        "aws: ECB for KWP",
    );
    let p = practice_new(w, "ali", "alibaba", "EC_P256", &[]);
    let good = upload(
        &p,
        "u-ali-good",
        "EC_P256",
        "RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD",
        &ec,
        "none",
        &[],
    );
    expect_accepted(
        &grade(&p, &good),
        &spki_sha256_openssl(&ec, w),
        "control: alibaba ECB",
    );
    let b = upload(
        &p,
        "u-ali",
        "EC_P256",
        "RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD",
        &ec,
        "kwp",
        &[],
    );
    expect_rejected(&grade(&p, &b), &[], &["KWP", "ECB"], "alibaba: KWP for ECB");
}

#[test]
fn mistake_aws_binary_token_uploaded_as_base64() {
    let tmp = tempdir();
    let w = tmp.path();
    let p = practice_new(w, "aws", "aws", "AES_256", &["--wrapping-key-bits", "2048"]);
    for layout in ["manifest", "vendor"] {
        let b = upload(
            &p,
            &format!("u-{layout}"),
            "AES_256",
            "RSAES_OAEP_SHA_256",
            &data("sym32.bin"),
            "token-base64",
            &["--layout", layout],
        );
        expect_rejected(
            &grade(&p, &b),
            &["InvalidImportTokenException"],
            &["base64"],
            &format!("aws: token as base64 text ({layout})"),
        );
    }
}

#[test]
fn mistake_missing_parts() {
    let tmp = tempdir();
    let w = tmp.path();
    // Huawei asymmetric without the private key ciphertext.
    let p = practice_new(w, "hw", "huawei", "EC_P256", &[]);
    let b = upload(
        &p,
        "u-nopk",
        "EC_P256",
        "RSAES_OAEP_SHA_256",
        &data("mat_ec_p256.pk8.der"),
        "no-private-key",
        &[],
    );
    expect_rejected(
        &grade(&p, &b),
        &[],
        &["private key ciphertext", "missing"],
        "huawei: no private key ciphertext",
    );
    // No token at all.
    let b = upload(
        &p,
        "u-notoken",
        "EC_P256",
        "RSAES_OAEP_SHA_256",
        &data("mat_ec_p256.pk8.der"),
        "no-token",
        &["--layout", "vendor"],
    );
    expect_rejected(
        &grade(&p, &b),
        &[],
        &["no import token"],
        "huawei: no token",
    );
    // A SEC1 EC key instead of PKCS#8.
    let b = upload(
        &p,
        "u-sec1",
        "EC_P256",
        "RSAES_OAEP_SHA_256",
        &data("mat_ec_p256.pk8.der"),
        "sec1-key",
        &[],
    );
    expect_rejected(&grade(&p, &b), &[], &["SEC1", "PKCS#8"], "huawei: SEC1 key");
    // The right token but the upload names another key.
    let b = upload(
        &p,
        "u-keyid",
        "EC_P256",
        "RSAES_OAEP_SHA_256",
        &data("mat_ec_p256.pk8.der"),
        "none",
        &["--key-id", "00000000-0000-4000-a000-000000000000"],
    );
    expect_rejected(
        &grade(&p, &b),
        &[],
        &[p.key_id.as_str(), "00000000-0000-4000-a000-000000000000"],
        "huawei: other key id",
    );
    // RSAES-PKCS1-v1_5 where OAEP was issued.
    let p = practice_new(w, "ali", "alibaba", "SM4", &[]);
    let b = upload(
        &p,
        "u-v15",
        "SM4",
        "RSAES_OAEP_SHA_256",
        &data("sym16.bin"),
        "pkcs1v15",
        &[],
    );
    expect_rejected(
        &grade(&p, &b),
        &[],
        &["PKCS1-v1_5", "RSAES_OAEP_SHA_256"],
        "alibaba: PKCS#1 v1.5 for OAEP",
    );
}
