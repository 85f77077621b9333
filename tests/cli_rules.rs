//! CLI rule tests: every rule of the contract's "Reading inputs", "Rules checked before anything is
//! written" and "Errors" sections of the CLI contract (`byok-wizard --help`, README.md), run
//! against the real binary.
//!
//! Every refusal is checked the same way (`expect_refused`): the exit status, one first stderr line
//! that names the offending flag, no panic or backtrace, and nothing left behind — run once with an
//! `--out DIR` whose parents do not exist (they must still not exist afterwards) and once with an
//! existing, non-empty DIR plus `--force` (its contents must be byte-identical afterwards). The whole
//! working folder of the run is snapshotted, so a stray backup or temp file is caught too.
//!
//! Inputs are generated at test time with the `openssl` CLI into a temp folder; the oversized-input
//! test uses `python3` (inotify) to prove the file is never read, and the generated-key test uses
//! the `pyrage` Python package to open the age backup. A missing tool makes the test FAIL with an
//! install hint; nothing is skipped.

// Tests may read a child's pipes on their own threads.
#![allow(clippy::disallowed_methods)]

use base64::Engine as _;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

mod common;

use common::BIN;
const RUN_TIMEOUT: Duration = Duration::from_secs(60);
const HUAWEI_KEY_ID: &str = "43f1ffd7-18fb-4568-9575-602e009b7ee8";
const OTHER_KEY_ID: &str = "0b7c4a3e-2f6d-4c1e-9a58-3d2e1f0a9b8c";
const MATERIAL_PASS: &str = "correct horse battery staple";
const BACKUP_PASS: &str = "backup passphrase 42";

// ---------------------------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------------------------

/// Run the binary with `args`, stdin closed, in a scratch working folder.
fn run<S: AsRef<OsStr>>(args: &[S]) -> Output {
    let cwd = tempfile::tempdir().expect("tempdir");
    run_in(cwd.path(), args)
}

/// Run the binary in `cwd` (so stray relative files land in the snapshotted folder).
fn run_in<S: AsRef<OsStr>>(cwd: &Path, args: &[S]) -> Output {
    run_full(cwd, args, false).0
}

/// Run with a timeout; `keep_stdin_open` gives the child a pipe that is never written or closed
/// (a CLI that prompts would hang on it and be killed). Returns the output and the wall time.
fn run_full<S: AsRef<OsStr>>(cwd: &Path, args: &[S], keep_stdin_open: bool) -> (Output, Duration) {
    let mut cmd = common::bin();
    cmd.args(args)
        .current_dir(cwd)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .stdin(if keep_stdin_open {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {BIN}: {e}"));
    let _stdin = child.stdin.take(); // held open until we return
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out_pipe.read_to_end(&mut v);
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err_pipe.read_to_end(&mut v);
        v
    });
    let status = loop {
        if let Some(st) = child.try_wait().expect("try_wait") {
            break st;
        }
        if start.elapsed() > RUN_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "byok-wizard {:?} did not finish within {RUN_TIMEOUT:?} (waiting on a prompt or stuck?)",
                args.iter().map(|a| a.as_ref().to_string_lossy().into_owned()).collect::<Vec<_>>()
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = start.elapsed();
    let stdout = t_out.join().unwrap();
    let stderr = t_err.join().unwrap();
    (
        Output {
            status,
            stdout,
            stderr,
        },
        elapsed,
    )
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn describe(args: &[String], out: &Output) -> String {
    format!(
        "\n  args: {}\n  exit: {:?}\n  stdout: {}\n  stderr: {}",
        args.join(" "),
        out.status.code(),
        text(&out.stdout).trim_end(),
        text(&out.stderr).trim_end()
    )
}

fn assert_no_panic(args: &[String], out: &Output) {
    let err = text(&out.stderr);
    for bad in ["panicked", "RUST_BACKTRACE", "stack backtrace"] {
        assert!(
            !err.contains(bad),
            "stderr shows a panic/backtrace ({bad:?}){}",
            describe(args, out)
        );
    }
    assert!(
        out.status.code().is_some(),
        "killed by a signal (crash?){}",
        describe(args, out)
    );
}

/// First non-empty stderr line.
fn first_line(out: &Output) -> String {
    text(&out.stderr)
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .to_owned()
}

/// `want` items are case-insensitive substrings; `a|b` means either.
fn contains_item(hay: &str, item: &str) -> bool {
    let hay = hay.to_lowercase();
    item.split('|').any(|alt| hay.contains(&alt.to_lowercase()))
}

fn p(path: &Path) -> String {
    path.to_str().expect("utf-8 temp path").to_owned()
}

fn sv(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

// ---------------------------------------------------------------------------------------------
// Directory snapshots
// ---------------------------------------------------------------------------------------------

#[derive(Clone, PartialEq, Eq)]
enum Entry {
    Dir,
    File(Vec<u8>),
    Link(PathBuf),
}

/// Names and bytes of every entry under a root (empty, with `exists == false`, if it is absent).
#[derive(Clone, PartialEq, Eq)]
struct Snapshot {
    exists: bool,
    entries: BTreeMap<PathBuf, Entry>,
}

impl Snapshot {
    fn of(root: &Path) -> Snapshot {
        let mut entries = BTreeMap::new();
        let exists = fs::symlink_metadata(root).is_ok();
        if exists {
            Self::walk(root, root, &mut entries);
        }
        Snapshot { exists, entries }
    }

    fn walk(root: &Path, dir: &Path, entries: &mut BTreeMap<PathBuf, Entry>) {
        let md = fs::symlink_metadata(dir).unwrap();
        if !md.is_dir() {
            let e = if md.file_type().is_symlink() {
                Entry::Link(fs::read_link(dir).unwrap())
            } else {
                Entry::File(fs::read(dir).unwrap())
            };
            entries.insert(dir.strip_prefix(root).unwrap().to_path_buf(), e);
            return;
        }
        entries.insert(dir.strip_prefix(root).unwrap().to_path_buf(), Entry::Dir);
        for ent in fs::read_dir(dir).unwrap() {
            Self::walk(root, &ent.unwrap().path(), entries);
        }
    }

    /// Human diff against a later snapshot ("" when equal).
    fn diff(&self, after: &Snapshot) -> String {
        let mut d = Vec::new();
        if self.exists != after.exists {
            d.push(format!("root existed: {} -> {}", self.exists, after.exists));
        }
        for (k, v) in &after.entries {
            match self.entries.get(k) {
                None => d.push(format!("added: {}", k.display())),
                Some(old) if old != v => d.push(format!("changed: {}", k.display())),
                _ => {}
            }
        }
        for k in self.entries.keys() {
            if !after.entries.contains_key(k) {
                d.push(format!("removed: {}", k.display()));
            }
        }
        d.join("; ")
    }
}

// ---------------------------------------------------------------------------------------------
// Fixtures (generated once per test process with the openssl CLI)
// ---------------------------------------------------------------------------------------------

fn openssl(args: &[&str]) -> Vec<u8> {
    let out = Command::new("openssl").args(args).stdin(Stdio::null()).output().unwrap_or_else(|e| {
        panic!("cannot run `openssl` ({e}); install the OpenSSL 3 CLI, e.g. `apt-get install -y openssl`")
    });
    assert!(
        out.status.success(),
        "openssl {} failed: {}",
        args.join(" "),
        text(&out.stderr)
    );
    out.stdout
}

/// Deterministic pseudo-random bytes (xorshift64*), distinct per seed.
fn prng(seed: u64, n: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

fn b64(b: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(b)
}

struct Fx {
    wk2048_key: PathBuf,
    wk2048_pem: PathBuf,
    wk2048_der: PathBuf,
    wk2048_b64: PathBuf,
    wk2048_crt: PathBuf,
    wk2048_spki: Vec<u8>,
    wk3072_key: PathBuf, // also the "RSA-3072 given for RSA_2048" material
    wk3072_pem: PathBuf,
    wk1024_pem: PathBuf,
    ec_pub_pem: PathBuf,
    rsa2048: PathBuf,        // PKCS#8 PEM
    rsa2048_pk8der: PathBuf, // PKCS#8 DER
    rsa2048_pkcs1: PathBuf,  // PKCS#1 PEM
    rsa2048_pkcs1der: PathBuf,
    p256: PathBuf,      // PKCS#8 PEM
    p256_sec1: PathBuf, // SEC1 PEM
    p256_sec1der: PathBuf,
    p256_enc: PathBuf,    // encrypted PKCS#8 PEM
    p256_encder: PathBuf, // encrypted PKCS#8 DER
    p384: PathBuf,
    p521: PathBuf,
    pass_ok: PathBuf,
    pass_wrong: PathBuf,
    backup_pass: PathBuf,
    sym32: Vec<u8>,
    sym32_bin: PathBuf,
    sym32_hex: PathBuf,
    sym32_b64: PathBuf,
    sym16_bin: PathBuf,
    token: Vec<u8>,
    token_b64: PathBuf,
    token2_b64: PathBuf,
    token_bin: PathBuf,
    not_base64_token: PathBuf,
    big_1m: PathBuf, // 1 MiB + 1 byte, sparse
    a_folder: PathBuf,
    missing: PathBuf,
}

static FX: OnceLock<Fx> = OnceLock::new();

fn fx() -> &'static Fx {
    FX.get_or_init(make_fixtures)
}

fn make_fixtures() -> Fx {
    // Statics are never dropped, so the folder outlives the process: sweep ones from earlier runs
    // (older than an hour, so a concurrent run's folder is left alone).
    if let Ok(rd) = fs::read_dir(env!("CARGO_TARGET_TMPDIR")) {
        for e in rd.flatten() {
            let old = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > Duration::from_secs(3600));
            if old
                && e.file_name()
                    .to_string_lossy()
                    .starts_with("cli_rules-fixtures-")
            {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }
    let dir = tempfile::Builder::new()
        .prefix("cli_rules-fixtures-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .expect("fixture dir")
        .keep();
    let f = |n: &str| dir.join(n);
    let s = |pb: &PathBuf| p(pb);

    let wk2048_key = f("wk2048.key.pem");
    openssl(&["genrsa", "-out", &s(&wk2048_key), "2048"]);
    let wk2048_pem = f("wk2048.pub.pem");
    openssl(&[
        "pkey",
        "-in",
        &s(&wk2048_key),
        "-pubout",
        "-out",
        &s(&wk2048_pem),
    ]);
    let wk2048_der = f("wrappingKey_der");
    openssl(&[
        "pkey",
        "-in",
        &s(&wk2048_key),
        "-pubout",
        "-outform",
        "DER",
        "-out",
        &s(&wk2048_der),
    ]);
    let wk2048_spki = fs::read(&wk2048_der).unwrap();
    let wk2048_b64 = f("wk2048.pub.b64");
    fs::write(&wk2048_b64, format!("{}\n", b64(&wk2048_spki))).unwrap();
    let wk2048_crt = f("wk2048.crt.pem");
    openssl(&[
        "req",
        "-x509",
        "-new",
        "-key",
        &s(&wk2048_key),
        "-subj",
        "/CN=wrapping key",
        "-days",
        "2",
        "-out",
        &s(&wk2048_crt),
    ]);

    let wk3072_key = f("wk3072.key.pem");
    openssl(&["genrsa", "-out", &s(&wk3072_key), "3072"]);
    let wk3072_pem = f("wk3072.pub.pem");
    openssl(&[
        "pkey",
        "-in",
        &s(&wk3072_key),
        "-pubout",
        "-out",
        &s(&wk3072_pem),
    ]);
    let wk1024_key = f("wk1024.key.pem");
    openssl(&["genrsa", "-out", &s(&wk1024_key), "1024"]);
    let wk1024_pem = f("wk1024.pub.pem");
    openssl(&[
        "pkey",
        "-in",
        &s(&wk1024_key),
        "-pubout",
        "-out",
        &s(&wk1024_pem),
    ]);

    let rsa2048 = f("mat_rsa2048.pem");
    openssl(&["genrsa", "-out", &s(&rsa2048), "2048"]);
    let rsa2048_pk8der = f("mat_rsa2048.pk8.der");
    openssl(&[
        "pkcs8",
        "-topk8",
        "-nocrypt",
        "-in",
        &s(&rsa2048),
        "-outform",
        "DER",
        "-out",
        &s(&rsa2048_pk8der),
    ]);
    let rsa2048_pkcs1 = f("mat_rsa2048.pkcs1.pem");
    openssl(&[
        "rsa",
        "-in",
        &s(&rsa2048),
        "-traditional",
        "-out",
        &s(&rsa2048_pkcs1),
    ]);
    let rsa2048_pkcs1der = f("mat_rsa2048.pkcs1.der");
    openssl(&[
        "rsa",
        "-in",
        &s(&rsa2048),
        "-traditional",
        "-outform",
        "DER",
        "-out",
        &s(&rsa2048_pkcs1der),
    ]);

    let ec = |curve: &str, name: &str| {
        let path = f(name);
        openssl(&[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            &format!("ec_paramgen_curve:{curve}"),
            "-out",
            &s(&path),
        ]);
        path
    };
    let p256 = ec("P-256", "mat_p256.pem");
    let p384 = ec("P-384", "mat_p384.pem");
    let p521 = ec("P-521", "mat_p521.pem");
    let p256_sec1 = f("mat_p256.sec1.pem");
    openssl(&["ec", "-in", &s(&p256), "-out", &s(&p256_sec1)]);
    let p256_sec1der = f("mat_p256.sec1.der");
    openssl(&[
        "ec",
        "-in",
        &s(&p256),
        "-outform",
        "DER",
        "-out",
        &s(&p256_sec1der),
    ]);
    let p256_enc = f("mat_p256.enc.pem");
    let passout = format!("pass:{MATERIAL_PASS}");
    openssl(&[
        "pkcs8",
        "-topk8",
        "-in",
        &s(&p256),
        "-v2",
        "aes-256-cbc",
        "-passout",
        &passout,
        "-out",
        &s(&p256_enc),
    ]);
    let p256_encder = f("mat_p256.enc.der");
    openssl(&[
        "pkcs8",
        "-topk8",
        "-in",
        &s(&p256),
        "-v2",
        "aes-256-cbc",
        "-passout",
        &passout,
        "-outform",
        "DER",
        "-out",
        &s(&p256_encder),
    ]);
    let ec_pub_pem = f("ec_p256.pub.pem");
    openssl(&["pkey", "-in", &s(&p256), "-pubout", "-out", &s(&ec_pub_pem)]);

    let pass_ok = f("material.pass");
    fs::write(&pass_ok, format!("{MATERIAL_PASS}\n")).unwrap();
    let pass_wrong = f("wrong.pass");
    fs::write(&pass_wrong, "not the passphrase\n").unwrap();
    let backup_pass = f("backup.pass");
    fs::write(&backup_pass, format!("{BACKUP_PASS}\n")).unwrap();

    let sym32 = prng(32, 32);
    let sym32_bin = f("sym32.bin");
    fs::write(&sym32_bin, &sym32).unwrap();
    let sym32_hex = f("sym32.hex");
    fs::write(&sym32_hex, format!("{}\n", hex::encode(&sym32))).unwrap();
    let sym32_b64 = f("sym32.b64");
    fs::write(&sym32_b64, format!("{}\n", b64(&sym32))).unwrap();
    let sym16_bin = f("sym16.bin");
    fs::write(&sym16_bin, prng(16, 16)).unwrap();

    let token = prng(300, 300);
    let token_b64 = f("ImportToken.b64");
    fs::write(&token_b64, format!("{}\n", b64(&token))).unwrap();
    let token2_b64 = f("OtherToken.b64");
    fs::write(&token2_b64, format!("{}\n", b64(&prng(301, 300)))).unwrap();
    let token_bin = f("importToken_bin");
    let mut tb = prng(600, 600);
    tb[0] = 0xff;
    tb[1] = 0x00;
    fs::write(&token_bin, &tb).unwrap();
    let not_base64_token = f("token_not_base64.txt");
    fs::write(&not_base64_token, "this is *not* a base64 token!\n").unwrap();

    let big_1m = f("big_1MiB_plus_1");
    fs::File::create(&big_1m)
        .unwrap()
        .set_len(1024 * 1024 + 1)
        .unwrap();
    let a_folder = f("a_folder");
    fs::create_dir(&a_folder).unwrap();
    fs::write(a_folder.join("inside.txt"), "x").unwrap();
    let missing = f("does_not_exist.pem");

    Fx {
        wk2048_key,
        wk2048_pem,
        wk2048_der,
        wk2048_b64,
        wk2048_crt,
        wk2048_spki,
        wk3072_key,
        wk3072_pem,
        wk1024_pem,
        ec_pub_pem,
        rsa2048,
        rsa2048_pk8der,
        rsa2048_pkcs1,
        rsa2048_pkcs1der,
        p256,
        p256_sec1,
        p256_sec1der,
        p256_enc,
        p256_encder,
        p384,
        p521,
        pass_ok,
        pass_wrong,
        backup_pass,
        sym32,
        sym32_bin,
        sym32_hex,
        sym32_b64,
        sym16_bin,
        token,
        token_b64,
        token2_b64,
        token_bin,
        not_base64_token,
        big_1m,
        a_folder,
        missing,
    }
}

/// Secret numbers of a private key file, as printed by `openssl pkey -text` (RSA d, p, q; EC priv),
/// big-endian bytes without leading zeros. `der` says the file is DER.
fn private_scalars(key: &Path, der: bool) -> Vec<Vec<u8>> {
    let mut args = vec!["pkey", "-in", key.to_str().unwrap(), "-text", "-noout"];
    if der {
        args.extend(["-inform", "DER"]);
    }
    let dump = text(&openssl(&args));
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in dump.lines() {
        if line.starts_with(' ') {
            if let Some(c) = cur.as_mut() {
                c.extend(line.chars().filter(|ch| ch.is_ascii_hexdigit()));
            }
            continue;
        }
        if let Some(c) = cur.take() {
            let mut bytes = hex::decode(c).unwrap();
            while bytes.first() == Some(&0) {
                bytes.remove(0);
            }
            out.push(bytes);
        }
        let label = line.trim_end_matches(':');
        if matches!(label, "privateExponent" | "prime1" | "prime2" | "priv") {
            cur = Some(String::new());
        }
    }
    if let Some(c) = cur.take() {
        out.push(hex::decode(c).unwrap());
    }
    assert!(
        !out.is_empty(),
        "no private numbers found in `openssl pkey -text` of {}",
        key.display()
    );
    out
}

/// PKCS#8 DER of a private key file (any form openssl reads, unencrypted).
fn pkcs8_der(key: &Path) -> Vec<u8> {
    openssl(&[
        "pkcs8",
        "-topk8",
        "-nocrypt",
        "-in",
        key.to_str().unwrap(),
        "-outform",
        "DER",
    ])
}

/// Renderings of `secret` that must never be written or printed; `chunks`: also every 16-byte
/// piece (only for secrets with no public parts, such as d or an EC scalar).
fn leak_needles(secret: &[u8], chunks: bool) -> Vec<(String, Vec<u8>)> {
    let mut v = vec![
        ("raw".to_owned(), secret.to_vec()),
        ("hex".to_owned(), hex::encode(secret).into_bytes()),
        ("HEX".to_owned(), hex::encode_upper(secret).into_bytes()),
        ("base64".to_owned(), b64(secret).into_bytes()),
        (
            "base64 unpadded".to_owned(),
            b64(secret).trim_end_matches('=').as_bytes().to_vec(),
        ),
        (
            "base64url".to_owned(),
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .encode(secret)
                .into_bytes(),
        ),
    ];
    if chunks && secret.len() > 16 {
        for (i, c) in secret.chunks(16).enumerate().filter(|(_, c)| c.len() == 16) {
            v.push((format!("raw chunk {i}"), c.to_vec()));
            v.push((format!("hex chunk {i}"), hex::encode(c).into_bytes()));
            v.push((format!("HEX chunk {i}"), hex::encode_upper(c).into_bytes()));
        }
    }
    v
}

fn find(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// A secret to look for: name, bytes, and whether 16-byte pieces of it are secret on their own.
type Secret = (&'static str, Vec<u8>, bool);

/// Fail if any rendering of any secret occurs in `hay`.
fn assert_no_secret(what: &str, hay: &[u8], secrets: &[Secret]) {
    for (name, secret, chunks) in secrets {
        for (how, needle) in leak_needles(secret, *chunks) {
            assert!(!find(hay, &needle), "{what} contains the {how} of {name}");
        }
    }
}

/// PEM body lines of a key file (each is 48 secret-bearing bytes).
fn pem_body_lines(path: &Path) -> Vec<String> {
    text(&fs::read(path).unwrap())
        .lines()
        .filter(|l| !l.starts_with("-----") && l.len() >= 40)
        .skip(1) // the first line is mostly ASN.1 header and algorithm id
        .map(str::to_owned)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Cases: a working folder per run, refusals checked for "nothing left behind"
// ---------------------------------------------------------------------------------------------

fn wrap_args(provider: &str, spec: &str, wk: &Path) -> Vec<String> {
    sv(&[
        "wrap",
        "--provider",
        provider,
        "--key-spec",
        spec,
        "--wrapping-key",
        &p(wk),
    ])
}

fn with(mut base: Vec<String>, extra: &[&str]) -> Vec<String> {
    base.extend(extra.iter().map(|s| s.to_string()));
    base
}

fn subst(args: &[String], case: &Path) -> Vec<String> {
    args.iter().map(|a| a.replace("{CASE}", &p(case))).collect()
}

/// Run `args` (with `{CASE}` replaced by the working folder) in a fresh working folder prepared by
/// `setup`, and check a failure: exit `code`, first stderr line mentions every `first` item, the
/// whole stderr every `anywhere` item, no panic, and the working folder byte-identical afterwards.
fn check_failure(
    setup: &dyn Fn(&Path),
    args: &[String],
    code: i32,
    first: &[&str],
    anywhere: &[&str],
) -> Output {
    let case = tempfile::tempdir().expect("case dir");
    setup(case.path());
    let args = subst(args, case.path());
    let before = Snapshot::of(case.path());
    let out = run_in(case.path(), &args);
    assert_no_panic(&args, &out);
    assert_eq!(
        out.status.code(),
        Some(code),
        "wrong exit status{}",
        describe(&args, &out)
    );
    let line = first_line(&out);
    assert!(
        !line.is_empty(),
        "no message on stderr{}",
        describe(&args, &out)
    );
    for item in first {
        assert!(
            contains_item(&line, item),
            "first stderr line does not mention {item:?}: {line:?}{}",
            describe(&args, &out)
        );
    }
    let err = text(&out.stderr);
    for item in anywhere {
        assert!(
            contains_item(&err, item),
            "stderr does not mention {item:?}{}",
            describe(&args, &out)
        );
    }
    let after = Snapshot::of(case.path());
    let d = before.diff(&after);
    assert!(
        d.is_empty(),
        "a failed run left the working folder changed: {d}{}",
        describe(&args, &out)
    );
    out
}

/// An earlier bundle of ours (its manifest names the tool and lists every other file), the only
/// kind of non-empty folder `--force` may replace.
fn seed_old_bundle(dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    fs::write(
        dir.join("old.txt"),
        b"previous bundle, must survive a failed run\n",
    )
    .unwrap();
    fs::write(dir.join("blob.bin"), prng(7, 100)).unwrap();
    let manifest = serde_json::json!({
        "tool": "byok-wizard 0.0.9",
        "files": [
            {"name": "old.txt", "role": "instructions", "encoding": "text", "sha256": ""},
            {"name": "blob.bin", "role": "encrypted_key_material", "encoding": "binary", "sha256": ""},
        ],
    });
    fs::write(dir.join("manifest.json"), manifest.to_string()).unwrap();
}

/// A refusal (`args` without `--out`/`--force`), checked twice: with `--out` under parents that do
/// not exist (none may be created), and with an existing non-empty `--out` plus `--force` (its
/// contents must be unchanged). Returns the stderr of the first run.
fn expect_refused_with(
    setup: &dyn Fn(&Path),
    args: &[String],
    code: i32,
    first: &[&str],
    anywhere: &[&str],
) -> String {
    let fresh = with(args.to_vec(), &["--out", "{CASE}/made/by/run/bundle"]);
    let out = check_failure(setup, &fresh, code, first, anywhere);
    let existing = with(args.to_vec(), &["--out", "{CASE}/existing", "--force"]);
    let setup2 = |c: &Path| {
        setup(c);
        seed_old_bundle(&c.join("existing"));
    };
    check_failure(&setup2, &existing, code, first, anywhere);
    text(&out.stderr)
}

fn expect_refused(args: &[String], code: i32, first: &[&str], anywhere: &[&str]) -> String {
    expect_refused_with(&|_| {}, args, code, first, anywhere)
}

/// A written bundle: folder, manifest and run output.
struct Bundle {
    case: tempfile::TempDir,
    dir: PathBuf,
    manifest: Value,
    out: Output,
}

impl Bundle {
    fn files(&self) -> &Vec<Value> {
        self.manifest["files"]
            .as_array()
            .expect("manifest.files is an array")
    }

    /// The decoded bytes of the file with `role`, per its `encoding`.
    fn role(&self, role: &str) -> Option<Vec<u8>> {
        let f = self.files().iter().find(|f| f["role"] == role)?;
        let name = f["name"].as_str().expect("file name");
        let raw =
            fs::read(self.dir.join(name)).unwrap_or_else(|e| panic!("manifest lists {name}: {e}"));
        Some(match f["encoding"].as_str().expect("encoding") {
            "base64" => base64::engine::general_purpose::STANDARD
                .decode(text(&raw).trim_end())
                .unwrap_or_else(|e| panic!("{name} is not base64: {e}")),
            _ => raw,
        })
    }

    /// Every file under the bundle folder, recursively, with its bytes.
    fn all_files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        Snapshot::of(&self.dir)
            .entries
            .into_iter()
            .filter_map(|(k, e)| match e {
                Entry::File(b) => Some((k, b)),
                _ => None,
            })
            .collect()
    }
}

/// Run a wrap that must succeed (`args` without `--out`); `--out` is a fresh folder.
fn wrap_ok(args: &[String]) -> Bundle {
    let case = tempfile::tempdir().expect("case dir");
    let dir = case.path().join("bundle");
    let args = subst(&with(args.to_vec(), &["--out", &p(&dir)]), case.path());
    let out = run_in(case.path(), &args);
    assert_no_panic(&args, &out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "wrap should succeed{}",
        describe(&args, &out)
    );
    let mbytes = fs::read(dir.join("manifest.json"))
        .unwrap_or_else(|e| panic!("no manifest.json ({e}){}", describe(&args, &out)));
    let manifest: Value = serde_json::from_slice(&mbytes).expect("manifest.json parses");
    let b = Bundle {
        case,
        dir,
        manifest,
        out,
    };
    assert!(
        b.role("encrypted_key_material").is_some(),
        "manifest has no encrypted_key_material role{}",
        describe(&args, &b.out)
    );
    b
}

/// OAEP-SHA256 decrypt with the 2048-bit wrapping private key (openssl CLI).
fn oaep256_decrypt(ct: &[u8]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let inp = dir.path().join("ct.bin");
    fs::write(&inp, ct).unwrap();
    openssl(&[
        "pkeyutl",
        "-decrypt",
        "-inkey",
        &p(&fx().wk2048_key),
        "-in",
        &p(&inp),
        "-pkeyopt",
        "rsa_padding_mode:oaep",
        "-pkeyopt",
        "rsa_oaep_md:sha256",
        "-pkeyopt",
        "rsa_mgf1_md:sha256",
    ])
}

/// RFC 5649 unwrap (openssl CLI).
fn kwp_unwrap(kek: &[u8], wrapped: &[u8]) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let inp = dir.path().join("w.bin");
    fs::write(&inp, wrapped).unwrap();
    openssl(&[
        "enc",
        "-d",
        "-id-aes256-wrap-pad",
        "-K",
        &hex::encode(kek),
        "-iv",
        "A65959A6",
        "-in",
        &p(&inp),
    ])
}

// ---------------------------------------------------------------------------------------------
// Time helpers (for parameters JSON expiry)
// ---------------------------------------------------------------------------------------------

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `secs` rendered at UTC offset `off_min` with an optional fraction: `2026-11-24T12:00:00.123+02:00`.
fn iso(secs: i64, off_min: i64, frac: &str) -> String {
    let local = secs + off_min * 60;
    let (y, mo, d) = civil_from_days(local.div_euclid(86_400));
    let r = local.rem_euclid(86_400);
    let off = if off_min == 0 {
        "Z".to_owned()
    } else {
        format!(
            "{}{:02}:{:02}",
            if off_min < 0 { '-' } else { '+' },
            off_min.abs() / 60,
            off_min.abs() % 60
        )
    };
    format!(
        "{y:04}-{mo:02}-{d:02}T{:02}:{:02}:{:02}{frac}{off}",
        r / 3600,
        r % 3600 / 60,
        r % 60
    )
}

/// Parse RFC 3339 (`…Z` or `…±hh:mm`, optional fraction) to epoch seconds (fraction dropped).
fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b' ') {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d, h, mi, se) = (
        n(0..4)?,
        n(5..7)?,
        n(8..10)?,
        n(11..13)?,
        n(14..16)?,
        n(17..19)?,
    );
    let mut rest = &s[19..];
    if let Some(r) = rest.strip_prefix('.') {
        rest = r.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let off = if rest == "Z" || rest == "z" {
        0
    } else {
        let sign = match rest.chars().next()? {
            '+' => 1,
            '-' => -1,
            _ => return None,
        };
        let hh: i64 = rest.get(1..3)?.parse().ok()?;
        let mm: i64 = rest.get(4..6)?.parse().ok()?;
        sign * (hh * 60 + mm)
    };
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + se - off * 60)
}

/// Write a parameters JSON into a fresh inputs folder (kept alive by the returned TempDir).
fn params_json(v: Value) -> (tempfile::TempDir, PathBuf) {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("get-parameters-for-import.json");
    fs::write(&path, serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    (d, path)
}

fn wk_b64() -> String {
    b64(&fx().wk2048_spki)
}

// =============================================================================================
// Top-level commands
// =============================================================================================

#[test]
fn version_prints_the_package_version() {
    let out = run(&["--version"]);
    assert_no_panic(&sv(&["--version"]), &out);
    assert_eq!(out.status.code(), Some(0));
    let s = text(&out.stdout);
    assert!(
        s.contains(env!("CARGO_PKG_VERSION")),
        "--version printed {s:?}"
    );
}

#[test]
fn help_exits_zero_and_lists_the_subcommands() {
    let out = run(&["--help"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        describe(&sv(&["--help"]), &out)
    );
    let s = text(&out.stdout);
    for cmd in ["wrap", "inspect", "providers"] {
        assert!(s.contains(cmd), "--help does not mention {cmd}: {s}");
    }
}

#[test]
fn providers_exits_zero_and_lists_huawei_alibaba_aws() {
    let args = sv(&["providers"]);
    let out = run(&args);
    assert_no_panic(&args, &out);
    assert_eq!(out.status.code(), Some(0), "{}", describe(&args, &out));
    let s = text(&out.stdout).to_lowercase();
    for prov in ["huawei", "alibaba", "aws"] {
        assert!(s.contains(prov), "providers does not list {prov}:\n{s}");
    }
    for item in [
        "aes_256",
        "rsa_2048",
        "rsaes_oaep_sha_256",
        "rsa_aes_key_wrap_sha_256",
    ] {
        assert!(s.contains(item), "providers does not list {item}:\n{s}");
    }
}

#[test]
fn unknown_subcommand_exits_2() {
    let args = sv(&["frobnicate"]);
    let out = run(&args);
    assert_no_panic(&args, &out);
    assert_eq!(out.status.code(), Some(2), "{}", describe(&args, &out));
}

// =============================================================================================
// inspect
// =============================================================================================

fn inspect_ok(file: &Path) -> Output {
    let args = sv(&["inspect", &p(file)]);
    let out = run(&args);
    assert_no_panic(&args, &out);
    assert_eq!(
        out.status.code(),
        Some(0),
        "inspect should succeed{}",
        describe(&args, &out)
    );
    assert!(
        !out.stdout.is_empty(),
        "inspect printed nothing{}",
        describe(&args, &out)
    );
    out
}

#[test]
fn inspect_describes_every_public_input_kind() {
    let f = fx();
    let now = now_secs();
    let (_d, huawei_json) = params_json(serde_json::json!({
        "key_id": HUAWEI_KEY_ID, "public_key": wk_b64(), "import_token": b64(&f.token),
        "expiration_time": now + 3600,
    }));
    let (_d2, aws_json) = params_json(serde_json::json!({
        "KeyId": HUAWEI_KEY_ID, "PublicKey": wk_b64(), "ImportToken": b64(&f.token),
        "ParametersValidTo": iso(now + 3600, 120, ".123000"),
    }));
    for file in [
        &f.wk2048_pem,
        &f.wk2048_der,
        &f.wk2048_b64,
        &f.wk2048_crt,
        &f.wk3072_pem,
        &huawei_json,
        &aws_json,
        &f.token_b64,
        &f.token_bin,
    ] {
        inspect_ok(file);
    }
    // The wrapping key's size is one of its facts.
    let s = text(&inspect_ok(&f.wk3072_pem).stdout);
    assert!(
        s.contains("3072"),
        "inspect of an RSA-3072 key does not say 3072:\n{s}"
    );
}

#[test]
fn inspect_never_prints_symmetric_material() {
    let f = fx();
    for file in [&f.sym32_bin, &f.sym32_hex, &f.sym32_b64] {
        let out = inspect_ok(file);
        let all = [out.stdout.clone(), out.stderr.clone()].concat();
        assert_no_secret(
            &format!("inspect {}", file.display()),
            &all,
            &[("the material", f.sym32.clone(), true)],
        );
    }
}

#[test]
fn inspect_never_prints_private_key_bytes() {
    let f = fx();
    let cases: Vec<(&PathBuf, &PathBuf)> = vec![
        // (file to inspect, the plain PEM key to take the secrets from)
        (&f.rsa2048, &f.rsa2048),
        (&f.rsa2048_pk8der, &f.rsa2048),
        (&f.rsa2048_pkcs1, &f.rsa2048),
        (&f.rsa2048_pkcs1der, &f.rsa2048),
        (&f.p256, &f.p256),
        (&f.p256_sec1, &f.p256),
        (&f.p256_sec1der, &f.p256),
        (&f.p256_enc, &f.p256),
        (&f.p256_encder, &f.p256),
        (&f.p384, &f.p384),
        (&f.wk2048_key, &f.wk2048_key),
    ];
    for (file, plain) in cases {
        let out = inspect_ok(file);
        let all = [out.stdout.clone(), out.stderr.clone()].concat();
        let mut secrets: Vec<Secret> = vec![("the PKCS#8 DER", pkcs8_der(plain), false)];
        for s in private_scalars(plain, false) {
            secrets.push(("a private number", s, true));
        }
        let what = format!("inspect {}", file.display());
        assert_no_secret(&what, &all, &secrets);
        for line in pem_body_lines(plain) {
            assert!(
                !find(&all, line.as_bytes()),
                "{what} prints a line of the PEM body: {line}"
            );
        }
    }
}

#[test]
fn inspect_refuses_missing_folder_and_oversized_files_with_exit_2() {
    let f = fx();
    for file in [&f.missing, &f.a_folder, &f.big_1m] {
        let args = sv(&["inspect", &p(file)]);
        let out = run(&args);
        assert_no_panic(&args, &out);
        assert_eq!(out.status.code(), Some(2), "{}", describe(&args, &out));
        assert!(
            !first_line(&out).is_empty(),
            "no message{}",
            describe(&args, &out)
        );
    }
}

// =============================================================================================
// Reading inputs: files
// =============================================================================================

/// For each input flag, a base command in which that flag's file is the one under test.
fn per_flag_cases(bad: &Path) -> Vec<(&'static str, Vec<String>)> {
    let f = fx();
    let b = p(bad);
    vec![
        (
            "--wrapping-key",
            with(
                wrap_args("huawei", "AES_256", bad),
                &["--material", &p(&f.sym32_bin)],
            ),
        ),
        (
            "--material",
            with(
                wrap_args("huawei", "AES_256", &f.wk2048_pem),
                &["--material", &b],
            ),
        ),
        (
            "--import-token",
            with(
                wrap_args("huawei", "AES_256", &f.wk2048_pem),
                &[
                    "--material",
                    &p(&f.sym32_bin),
                    "--import-token",
                    &b,
                    "--key-id",
                    HUAWEI_KEY_ID,
                ],
            ),
        ),
        (
            "--material-passphrase-file",
            with(
                wrap_args("alibaba", "EC_P256", &f.wk2048_pem),
                &[
                    "--material",
                    &p(&f.p256_enc),
                    "--material-passphrase-file",
                    &b,
                ],
            ),
        ),
        (
            "--backup-passphrase-file",
            with(
                wrap_args("huawei", "AES_256", &f.wk2048_pem),
                &[
                    "--generate",
                    "--backup",
                    "{CASE}/key.age",
                    "--backup-passphrase-file",
                    &b,
                ],
            ),
        ),
    ]
}

#[test]
fn missing_input_file_is_refused_with_exit_2() {
    for (flag, args) in per_flag_cases(&fx().missing) {
        expect_refused(&args, 2, &[flag], &[]);
    }
}

#[test]
fn folder_given_as_a_file_is_refused() {
    for (flag, args) in per_flag_cases(&fx().a_folder) {
        expect_refused(&args, 2, &[flag], &[]);
    }
}

#[test]
fn input_file_over_1_mib_is_refused() {
    for (flag, args) in per_flag_cases(&fx().big_1m) {
        expect_refused(&args, 2, &[flag], &[]);
    }
}

#[test]
fn unreadable_input_file_is_refused_with_exit_2() {
    // Permission bits do not stop root, but nobody can open() a Unix socket as a file (ENXIO).
    let d = tempfile::tempdir().unwrap();
    let sock = d.path().join("unreadable.sock");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).expect("bind a unix socket");
    for (flag, args) in per_flag_cases(&sock) {
        expect_refused(&args, 2, &[flag], &[]);
    }
}

const INOTIFY_PY: &str = r#"
import ctypes, ctypes.util, json, os, struct, subprocess, sys, time
libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
fd = libc.inotify_init1(os.O_NONBLOCK)
if fd < 0:
    raise OSError(ctypes.get_errno(), "inotify_init1")
IN_ACCESS, IN_OPEN = 0x1, 0x20
wd = libc.inotify_add_watch(fd, sys.argv[1].encode(), IN_ACCESS | IN_OPEN)
if wd < 0:
    raise OSError(ctypes.get_errno(), "inotify_add_watch")
p = subprocess.run(sys.argv[2:], stdin=subprocess.DEVNULL, capture_output=True)
time.sleep(0.05)
try:
    buf = os.read(fd, 1 << 16)
except BlockingIOError:
    buf = b""
accessed = opened = False
i = 0
while i + 16 <= len(buf):
    _wd, mask, _cookie, ln = struct.unpack_from("iIII", buf, i)
    accessed |= bool(mask & IN_ACCESS)
    opened |= bool(mask & IN_OPEN)
    i += 16 + ln
print(json.dumps({"rc": p.returncode, "accessed": accessed, "opened": opened}))
"#;

/// Run `cmd` under an inotify watch on `file`: (exit code, file was read).
fn watch_reads(file: &Path, cmd: &[String]) -> (i64, bool) {
    let out = Command::new("python3")
        .arg("-c")
        .arg(INOTIFY_PY)
        .arg(file)
        .args(cmd)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run python3 ({e}); install Python 3 (apt-get install -y python3)")
        });
    assert!(
        out.status.success(),
        "inotify helper failed: {}",
        text(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("inotify helper output");
    (v["rc"].as_i64().unwrap(), v["accessed"].as_bool().unwrap())
}

#[test]
fn input_of_200_mb_is_refused_in_under_a_second_without_being_read() {
    let f = fx();
    let d = tempfile::tempdir().unwrap();
    let big = d.path().join("wrappingKey_huge");
    fs::File::create(&big)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();
    let mat = d.path().join("material_huge");
    fs::File::create(&mat)
        .unwrap()
        .set_len(200 * 1024 * 1024)
        .unwrap();

    // Wall time and the usual refusal checks, for two flags and `inspect`.
    for (flag, args) in [
        (
            "--wrapping-key",
            with(
                wrap_args("huawei", "AES_256", &big),
                &["--material", &p(&f.sym32_bin)],
            ),
        ),
        (
            "--material",
            with(
                wrap_args("huawei", "AES_256", &f.wk2048_pem),
                &["--material", &p(&mat)],
            ),
        ),
    ] {
        let case = tempfile::tempdir().unwrap();
        let args = with(args, &["--out", &p(&case.path().join("new/bundle"))]);
        let (out, took) = run_full(case.path(), &args, false);
        assert_no_panic(&args, &out);
        assert_eq!(out.status.code(), Some(2), "{}", describe(&args, &out));
        assert!(
            contains_item(&first_line(&out), flag),
            "first line does not name {flag}{}",
            describe(&args, &out)
        );
        assert!(
            took < Duration::from_secs(1),
            "refusing a 200 MB input took {took:?}"
        );
        assert!(
            !case.path().join("new").exists(),
            "--out parents were created by a refused run"
        );
    }
    let (out, took) = run_full(d.path(), &sv(&["inspect", &p(&big)]), false);
    assert_eq!(
        out.status.code(),
        Some(2),
        "inspect of a 200 MB file{}",
        describe(&sv(&["inspect"]), &out)
    );
    assert!(
        took < Duration::from_secs(1),
        "inspect refusing a 200 MB input took {took:?}"
    );

    // The file is never read: first prove the watch sees a read, then run the tool under it.
    let (_, seen) = watch_reads(&big, &sv(&["head", "-c", "1", &p(&big)]));
    assert!(
        seen,
        "inotify helper did not see `head` read the file; the check below would prove nothing"
    );
    let out_dir = d.path().join("out");
    let mut cmd = vec![BIN.to_owned()];
    cmd.extend(with(
        wrap_args("huawei", "AES_256", &big),
        &["--material", &p(&f.sym32_bin), "--out", &p(&out_dir)],
    ));
    let (rc, read) = watch_reads(&big, &cmd);
    assert_eq!(
        rc, 2,
        "exit status of the wrap with a 200 MB --wrapping-key"
    );
    assert!(
        !read,
        "the 200 MB --wrapping-key was read before being refused"
    );
    let (rc, read) = watch_reads(&big, &[BIN.to_owned(), "inspect".into(), p(&big)]);
    assert_eq!(rc, 2, "exit status of inspect on a 200 MB file");
    assert!(!read, "inspect read the 200 MB file before refusing it");
}

// =============================================================================================
// Reading inputs: wrapping key forms, symmetric material, private keys
// =============================================================================================

#[test]
fn wrapping_key_accepted_as_pem_der_base64_certificate_and_parameters_json() {
    let f = fx();
    let want = hex::encode(Sha256::digest(&f.wk2048_spki));
    let (_d, json) = params_json(serde_json::json!({
        "key_id": HUAWEI_KEY_ID, "public_key": wk_b64(), "import_token": b64(&f.token),
        "expiration_time": now_secs() + 7200,
    }));
    for wk in [
        &f.wk2048_pem,
        &f.wk2048_der,
        &f.wk2048_b64,
        &f.wk2048_crt,
        &json,
    ] {
        let b = wrap_ok(&with(
            wrap_args("huawei", "AES_256", wk),
            &["--material", &p(&f.sym32_bin)],
        ));
        assert_eq!(
            b.manifest["wrapping_key_sha256"]
                .as_str()
                .map(str::to_lowercase),
            Some(want.clone()),
            "wrapping_key_sha256 for --wrapping-key {}",
            wk.display()
        );
        assert_eq!(
            oaep256_decrypt(&b.role("encrypted_key_material").unwrap()),
            f.sym32
        );
    }
}

#[test]
fn symmetric_material_read_as_raw_hex_or_base64() {
    let f = fx();
    for m in [&f.sym32_bin, &f.sym32_hex, &f.sym32_b64] {
        let b = wrap_ok(&with(
            wrap_args("huawei", "AES_256", &f.wk2048_pem),
            &["--material", &p(m)],
        ));
        assert_eq!(
            oaep256_decrypt(&b.role("encrypted_key_material").unwrap()),
            f.sym32,
            "material read from {} is not the 32 bytes it holds",
            m.display()
        );
    }
}

#[test]
fn symmetric_material_of_wrong_length_is_refused_saying_found_and_wanted() {
    let f = fx();
    let d = tempfile::tempdir().unwrap();
    let short = d.path().join("short.bin");
    fs::write(&short, (0x80u8..0x9f).collect::<Vec<_>>()).unwrap(); // 31 bytes, not text
    let long = d.path().join("long.bin");
    fs::write(&long, (0x80u8..0xa1).collect::<Vec<_>>()).unwrap(); // 33 bytes
    let hmac27 = d.path().join("hmac27.bin");
    fs::write(&hmac27, (0x80u8..0x9b).collect::<Vec<_>>()).unwrap(); // 27 bytes

    let wk = &f.wk2048_pem;
    expect_refused(
        &with(
            wrap_args("huawei", "AES_256", wk),
            &["--material", &p(&short)],
        ),
        2,
        &["--material"],
        &["31", "32"],
    );
    expect_refused(
        &with(
            wrap_args("huawei", "AES_256", wk),
            &["--material", &p(&long)],
        ),
        2,
        &["--material"],
        &["33", "32"],
    );
    // SM4 wants 16 bytes.
    expect_refused(
        &with(
            wrap_args("alibaba", "SM4", wk),
            &["--material", &p(&f.sym32_bin)],
        ),
        2,
        &["--material"],
        &["32", "16"],
    );
    // Control: 16 bytes are right for SM4.
    wrap_ok(&with(
        wrap_args("alibaba", "SM4", wk),
        &["--material", &p(&f.sym16_bin)],
    ));
    // AWS HMAC_224 wants 28 bytes.
    expect_refused(
        &with(
            wrap_args("aws", "HMAC_224", wk),
            &["--material", &p(&hmac27)],
        ),
        2,
        &["--material"],
        &["27", "28"],
    );
    // Text that is neither 64 hex digits nor base64 of 32 bytes.
    let junk = d.path().join("junk.txt");
    fs::write(&junk, format!("{}\n", "g".repeat(64))).unwrap();
    expect_refused(
        &with(
            wrap_args("huawei", "AES_256", wk),
            &["--material", &p(&junk)],
        ),
        2,
        &["--material"],
        &[],
    );
}

#[test]
fn private_key_accepted_in_every_documented_form() {
    let f = fx();
    // RSA: PKCS#8 PEM/DER, PKCS#1 PEM/DER; Huawei asymmetric, unwrapped and compared by d.
    let want_rsa = private_scalars(&f.rsa2048, false);
    for m in [
        &f.rsa2048,
        &f.rsa2048_pk8der,
        &f.rsa2048_pkcs1,
        &f.rsa2048_pkcs1der,
    ] {
        let b = wrap_ok(&with(
            wrap_args("huawei", "RSA_2048", &f.wk2048_pem),
            &["--material", &p(m)],
        ));
        let k = oaep256_decrypt(&b.role("encrypted_key_material").unwrap());
        assert_eq!(
            k.len(),
            32,
            "Huawei asymmetric: encrypted_key_material must hold a 32-byte AES key"
        );
        let pk8 = kwp_unwrap(
            &k,
            &b.role("encrypted_private_key")
                .expect("encrypted_private_key role"),
        );
        let d = tempfile::tempdir().unwrap();
        let der = d.path().join("k.der");
        fs::write(&der, &pk8).unwrap();
        assert_eq!(
            private_scalars(&der, true),
            want_rsa,
            "key read from {} differs",
            m.display()
        );
    }
    // EC: PKCS#8 PEM, SEC1 PEM/DER, encrypted PKCS#8 PEM/DER.
    let want_ec = private_scalars(&f.p256, false);
    for (m, pass) in [
        (&f.p256, None),
        (&f.p256_sec1, None),
        (&f.p256_sec1der, None),
        (&f.p256_enc, Some(&f.pass_ok)),
        (&f.p256_encder, Some(&f.pass_ok)),
    ] {
        let mut args = with(
            wrap_args("huawei", "EC_P256", &f.wk2048_pem),
            &["--material", &p(m)],
        );
        if let Some(pf) = pass {
            args = with(args, &["--material-passphrase-file", &p(pf)]);
        }
        let b = wrap_ok(&args);
        let k = oaep256_decrypt(&b.role("encrypted_key_material").unwrap());
        let pk8 = kwp_unwrap(
            &k,
            &b.role("encrypted_private_key")
                .expect("encrypted_private_key role"),
        );
        let d = tempfile::tempdir().unwrap();
        let der = d.path().join("k.der");
        fs::write(&der, &pk8).unwrap();
        assert_eq!(
            private_scalars(&der, true),
            want_ec,
            "key read from {} differs",
            m.display()
        );
    }
}

// =============================================================================================
// Rules checked before anything is written: wrapping key
// =============================================================================================

#[test]
fn wrapping_key_under_2048_bits_is_refused() {
    let f = fx();
    for prov in ["huawei", "alibaba", "aws"] {
        expect_refused(
            &with(
                wrap_args(prov, "AES_256", &f.wk1024_pem),
                &["--material", &p(&f.sym32_bin)],
            ),
            2,
            &["--wrapping-key"],
            &["1024|2048"],
        );
    }
}

#[test]
fn wrapping_key_that_is_not_rsa_is_refused() {
    let f = fx();
    expect_refused(
        &with(
            wrap_args("huawei", "AES_256", &f.ec_pub_pem),
            &["--material", &p(&f.sym32_bin)],
        ),
        2,
        &["--wrapping-key"],
        &["rsa"],
    );
    // A private key is not a wrapping public key file either... unless the tool takes its public
    // half; garbage certainly is refused.
    let d = tempfile::tempdir().unwrap();
    let junk = d.path().join("junk.pem");
    fs::write(&junk, "hello, I am not a key\n").unwrap();
    expect_refused(
        &with(
            wrap_args("huawei", "AES_256", &junk),
            &["--material", &p(&f.sym32_bin)],
        ),
        2,
        &["--wrapping-key"],
        &[],
    );
}

#[test]
fn huawei_and_alibaba_refuse_rsa_3072_wrapping_keys() {
    let f = fx();
    for prov in ["huawei", "alibaba"] {
        expect_refused(
            &with(
                wrap_args(prov, "AES_256", &f.wk3072_pem),
                &["--material", &p(&f.sym32_bin)],
            ),
            2,
            &["--wrapping-key"],
            &["2048"],
        );
    }
    // Control: AWS issues 3072-bit wrapping keys, so the same inputs are accepted there.
    wrap_ok(&with(
        wrap_args("aws", "AES_256", &f.wk3072_pem),
        &["--material", &p(&f.sym32_bin)],
    ));
}

// =============================================================================================
// Rules: key spec / algorithm pairs
// =============================================================================================

#[test]
fn huawei_refuses_rsaes_pkcs1_v1_5() {
    let f = fx();
    expect_refused(
        &with(
            wrap_args("huawei", "AES_256", &f.wk2048_pem),
            &[
                "--algorithm",
                "RSAES_PKCS1_V1_5",
                "--material",
                &p(&f.sym32_bin),
            ],
        ),
        2,
        &["--algorithm|RSAES_PKCS1_V1_5"],
        &["RSAES_OAEP_SHA_256"],
    );
}

#[test]
fn huawei_refuses_hmac_keys() {
    let f = fx();
    expect_refused(
        &with(
            wrap_args("huawei", "HMAC_256", &f.wk2048_pem),
            &["--material", &p(&f.sym32_bin)],
        ),
        2,
        &["--key-spec|HMAC_256"],
        &[],
    );
}

#[test]
fn alibaba_pkcs1_v1_5_succeeds_but_warns_deprecated() {
    let f = fx();
    let b = wrap_ok(&with(
        wrap_args("alibaba", "AES_256", &f.wk2048_pem),
        &[
            "--algorithm",
            "RSAES_PKCS1_V1_5",
            "--material",
            &p(&f.sym32_bin),
        ],
    ));
    let err = text(&b.out.stderr).to_lowercase();
    assert!(
        err.contains("deprecated"),
        "no 'deprecated' warning on stderr: {err:?}"
    );
    // And the ciphertext really is PKCS#1 v1.5.
    let d = tempfile::tempdir().unwrap();
    let ct = d.path().join("ct");
    fs::write(&ct, b.role("encrypted_key_material").unwrap()).unwrap();
    let pt = openssl(&[
        "pkeyutl",
        "-decrypt",
        "-inkey",
        &p(&f.wk2048_key),
        "-in",
        &p(&ct),
        "-pkeyopt",
        "rsa_padding_mode:pkcs1",
    ]);
    assert_eq!(pt, f.sym32);
}

#[test]
fn alibaba_asymmetric_key_with_direct_oaep_is_refused() {
    let f = fx();
    expect_refused(
        &with(
            wrap_args("alibaba", "RSA_2048", &f.wk2048_pem),
            &[
                "--algorithm",
                "RSAES_OAEP_SHA_256",
                "--material",
                &p(&f.rsa2048),
            ],
        ),
        2,
        &["--algorithm|RSAES_OAEP_SHA_256"],
        &["RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD"],
    );
    // Control: the documented algorithm (and the default) is accepted.
    wrap_ok(&with(
        wrap_args("alibaba", "RSA_2048", &f.wk2048_pem),
        &[
            "--algorithm",
            "RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD",
            "--material",
            &p(&f.rsa2048),
        ],
    ));
    wrap_ok(&with(
        wrap_args("alibaba", "RSA_2048", &f.wk2048_pem),
        &["--material", &p(&f.rsa2048)],
    ));
}

#[test]
fn aws_rsa_private_key_with_rsaes_oaep_is_refused() {
    let f = fx();
    for alg in ["RSAES_OAEP_SHA_256", "RSAES_OAEP_SHA_1"] {
        expect_refused(
            &with(
                wrap_args("aws", "RSA_2048", &f.wk2048_pem),
                &["--algorithm", alg, "--material", &p(&f.rsa2048)],
            ),
            2,
            &[&format!("--algorithm|{alg}")],
            &["RSA_AES_KEY_WRAP"],
        );
    }
    // Control: RSA_AES_KEY_WRAP_SHA_256 is accepted.
    wrap_ok(&with(
        wrap_args("aws", "RSA_2048", &f.wk2048_pem),
        &[
            "--algorithm",
            "RSA_AES_KEY_WRAP_SHA_256",
            "--material",
            &p(&f.rsa2048),
        ],
    ));
}

#[test]
fn aws_ec_p521_direct_oaep_that_does_not_fit_is_refused() {
    let f = fx();
    // PKCS#8 of a P-521 key is ~241 bytes; OAEP-SHA256 under RSA-2048 carries at most 190.
    expect_refused(
        &with(
            wrap_args("aws", "EC_P521", &f.wk2048_pem),
            &[
                "--algorithm",
                "RSAES_OAEP_SHA_256",
                "--material",
                &p(&f.p521),
            ],
        ),
        2,
        &["--algorithm|--material|--wrapping-key|RSAES_OAEP_SHA_256"],
        &[],
    );
    // Control: it fits under RSA-3072, and key wrap always fits.
    wrap_ok(&with(
        wrap_args("aws", "EC_P521", &f.wk3072_pem),
        &[
            "--algorithm",
            "RSAES_OAEP_SHA_256",
            "--material",
            &p(&f.p521),
        ],
    ));
    wrap_ok(&with(
        wrap_args("aws", "EC_P521", &f.wk2048_pem),
        &["--material", &p(&f.p521)],
    ));
}

/// The same refusal before `--generate` spends time on a key, and its hint offers only algorithms
/// that work with this (RSA) wrapping key — not SM2PKE, which needs an SM2 one.
#[test]
fn aws_ec_p521_direct_oaep_is_refused_before_generating() {
    let f = fx();
    let err = expect_refused(
        &with(
            wrap_args("aws", "EC_P521", &f.wk2048_pem),
            &["--algorithm", "RSAES_OAEP_SHA_256", "--generate"],
        ),
        2,
        &["--algorithm", "190", "241"],
        &["RSA_AES_KEY_WRAP_SHA_256"],
    );
    assert!(!err.contains("SM2PKE"), "{err}");
}

#[test]
fn gcp_direct_algorithm_cannot_carry_rsa_private_keys() {
    // gcp may be refused as a whole (not implemented) or by this rule; either way exit 2, nothing written.
    let f = fx();
    expect_refused(
        &with(
            wrap_args("gcp", "RSA_2048", &f.wk3072_pem),
            &[
                "--algorithm",
                "RSA_OAEP_3072_SHA256",
                "--material",
                &p(&f.rsa2048),
            ],
        ),
        2,
        &["--algorithm|--provider|--key-spec|RSA_OAEP_3072_SHA256|gcp"],
        &[],
    );
}

#[test]
fn unknown_provider_is_refused() {
    let f = fx();
    expect_refused(
        &with(
            wrap_args("nimbus", "AES_256", &f.wk2048_pem),
            &["--material", &p(&f.sym32_bin)],
        ),
        2,
        &["--provider|nimbus"],
        &["huawei"],
    );
}

#[test]
fn unknown_key_spec_is_refused_listing_the_accepted_ones() {
    let f = fx();
    let err = expect_refused(
        &with(
            wrap_args("huawei", "AES_999", &f.wk2048_pem),
            &["--material", &p(&f.sym32_bin)],
        ),
        2,
        &["--key-spec|AES_999"],
        &[],
    );
    for spec in ["AES_256", "RSA_2048", "RSA_4096", "EC_P256"] {
        assert!(
            err.contains(spec),
            "the refusal does not list {spec}: {err}"
        );
    }
    // A real spec the provider does not import lists Huawei's own too.
    let err = expect_refused(
        &with(
            wrap_args("huawei", "EC_P521", &f.wk2048_pem),
            &["--material", &p(&f.p521)],
        ),
        2,
        &["--key-spec|EC_P521"],
        &[],
    );
    for spec in ["AES_256", "EC_P384"] {
        assert!(
            err.contains(spec),
            "the refusal does not list {spec}: {err}"
        );
    }
}

#[test]
fn sm_specs_are_refused_where_the_format_is_not_established() {
    // Offerings: SM4 only at Alibaba; no EC_SM2 anywhere with an RSA wrapping key.
    let f = fx();
    expect_refused(
        &with(
            wrap_args("huawei", "SM4", &f.wk2048_pem),
            &["--material", &p(&f.sym16_bin)],
        ),
        2,
        &["--key-spec|--algorithm|SM4"],
        &[],
    );
    expect_refused(
        &with(
            wrap_args("aws", "EC_SM2", &f.wk2048_pem),
            &["--material", &p(&f.p256)],
        ),
        2,
        &["--key-spec|--algorithm|EC_SM2|SM2"],
        &[],
    );
}

#[test]
fn unknown_algorithm_is_refused() {
    let f = fx();
    expect_refused(
        &with(
            wrap_args("huawei", "AES_256", &f.wk2048_pem),
            &["--algorithm", "ROT13_TWICE", "--material", &p(&f.sym32_bin)],
        ),
        2,
        &["--algorithm|ROT13_TWICE"],
        &[],
    );
}

// =============================================================================================
// Rules: private key vs spec, passphrases
// =============================================================================================

#[test]
fn private_key_of_the_wrong_size_or_curve_is_refused() {
    let f = fx();
    expect_refused(
        &with(
            wrap_args("huawei", "RSA_2048", &f.wk2048_pem),
            &["--material", &p(&f.wk3072_key)],
        ),
        2,
        &["--material"],
        &["3072"],
    );
    expect_refused(
        &with(
            wrap_args("huawei", "EC_P256", &f.wk2048_pem),
            &["--material", &p(&f.p384)],
        ),
        2,
        &["--material"],
        &[],
    );
    expect_refused(
        &with(
            wrap_args("aws", "EC_P256", &f.wk2048_pem),
            &["--material", &p(&f.rsa2048)],
        ),
        2,
        &["--material"],
        &[],
    );
    expect_refused(
        &with(
            wrap_args("alibaba", "RSA_2048", &f.wk2048_pem),
            &["--material", &p(&f.p256)],
        ),
        2,
        &["--material"],
        &[],
    );
}

#[test]
fn symmetric_spec_given_a_private_key_is_refused() {
    let f = fx();
    expect_refused(
        &with(
            wrap_args("huawei", "AES_256", &f.wk2048_pem),
            &["--material", &p(&f.rsa2048)],
        ),
        2,
        &["--material"],
        &[],
    );
}

#[test]
fn encrypted_private_key_without_passphrase_is_refused() {
    let f = fx();
    let err = expect_refused(
        &with(
            wrap_args("alibaba", "EC_P256", &f.wk2048_pem),
            &["--material", &p(&f.p256_enc)],
        ),
        2,
        &["--material"],
        &["--material-passphrase-file"],
    );
    assert!(
        err.to_lowercase().contains("encrypted"),
        "does not say the key is encrypted: {err}"
    );
}

#[test]
fn encrypted_private_key_with_wrong_passphrase_has_its_own_error() {
    let f = fx();
    let base = with(
        wrap_args("alibaba", "EC_P256", &f.wk2048_pem),
        &["--material", &p(&f.p256_enc)],
    );
    let without = expect_refused(&base, 2, &["--material"], &[]);
    let wrong = expect_refused(
        &with(
            base.clone(),
            &["--material-passphrase-file", &p(&f.pass_wrong)],
        ),
        2,
        &["--material|--material-passphrase-file"],
        &["passphrase"],
    );
    let l1 = without.lines().next().unwrap_or("");
    let l2 = wrong.lines().next().unwrap_or("");
    assert_ne!(
        l1, l2,
        "wrong passphrase and missing passphrase give the same message"
    );
    assert!(
        [
            "wrong",
            "incorrect",
            "does not",
            "doesn't",
            "bad",
            "invalid"
        ]
        .iter()
        .any(|w| l2.to_lowercase().contains(w)),
        "the wrong-passphrase message does not say the passphrase is wrong: {l2}"
    );
    // Control: the right passphrase (file with a trailing newline) works.
    wrap_ok(&with(base, &["--material-passphrase-file", &p(&f.pass_ok)]));
}

// =============================================================================================
// Rules: tokens, key ids, parameters JSON
// =============================================================================================

#[test]
fn token_that_should_be_base64_and_is_not_is_refused() {
    let f = fx();
    for prov in ["huawei", "alibaba"] {
        for tok in [&f.not_base64_token, &f.token_bin] {
            expect_refused(
                &with(
                    wrap_args(prov, "AES_256", &f.wk2048_pem),
                    &[
                        "--material",
                        &p(&f.sym32_bin),
                        "--import-token",
                        &p(tok),
                        "--key-id",
                        HUAWEI_KEY_ID,
                    ],
                ),
                2,
                &["--import-token"],
                &["base64"],
            );
        }
        // Control: a base64 token is accepted and lands in the bundle as its raw bytes.
        let b = wrap_ok(&with(
            wrap_args(prov, "AES_256", &f.wk2048_pem),
            &[
                "--material",
                &p(&f.sym32_bin),
                "--import-token",
                &p(&f.token_b64),
                "--key-id",
                HUAWEI_KEY_ID,
            ],
        ));
        assert_eq!(
            b.role("import_token").as_deref(),
            Some(&f.token[..]),
            "{prov} import_token bytes"
        );
    }
}

#[test]
fn import_token_is_refused_for_providers_without_tokens() {
    let f = fx();
    let cases = [
        with(
            wrap_args("gcp", "AES_256", &f.wk3072_pem),
            &["--algorithm", "RSA_OAEP_3072_SHA256"],
        ),
        with(
            wrap_args("azure", "RSA_2048", &f.wk2048_pem),
            &[
                "--kek-id",
                "https://vault.example.net/keys/kek/0123456789abcdef0123456789abcdef",
            ],
        ),
        with(
            wrap_args("oci", "AES_256", &f.wk2048_pem),
            &["--algorithm", "RSA_OAEP_SHA256"],
        ),
    ];
    for base in cases {
        let material = if base.contains(&"RSA_2048".to_owned()) {
            &f.rsa2048
        } else {
            &f.sym32_bin
        };
        expect_refused(
            &with(
                base,
                &[
                    "--material",
                    &p(material),
                    "--import-token",
                    &p(&f.token_b64),
                ],
            ),
            2,
            // These providers may also be refused as a whole (not implemented), or for a flag of
            // theirs the CLI does not know yet: only exit 2 and "nothing written" are required.
            &[],
            &[],
        );
    }
}

#[test]
fn token_differing_from_the_parameters_json_is_refused() {
    let f = fx();
    let (_d, json) = params_json(serde_json::json!({
        "key_id": HUAWEI_KEY_ID, "public_key": wk_b64(), "import_token": b64(&f.token),
        "expiration_time": now_secs() + 7200,
    }));
    expect_refused(
        &with(
            wrap_args("huawei", "AES_256", &json),
            &[
                "--material",
                &p(&f.sym32_bin),
                "--import-token",
                &p(&f.token2_b64),
            ],
        ),
        2,
        &["--import-token"],
        &[],
    );
    // Control: the same token given both ways is fine.
    wrap_ok(&with(
        wrap_args("huawei", "AES_256", &json),
        &[
            "--material",
            &p(&f.sym32_bin),
            "--import-token",
            &p(&f.token_b64),
        ],
    ));
}

#[test]
fn key_id_differing_from_the_parameters_json_is_refused() {
    let f = fx();
    let (_d, json) = params_json(serde_json::json!({
        "KeyId": HUAWEI_KEY_ID, "PublicKey": wk_b64(), "ImportToken": b64(&f.token),
        "TokenExpireTime": iso(now_secs() + 7200, 0, ""),
    }));
    expect_refused(
        &with(
            wrap_args("alibaba", "AES_256", &json),
            &["--material", &p(&f.sym32_bin), "--key-id", OTHER_KEY_ID],
        ),
        2,
        &["--key-id"],
        &[],
    );
    // Control: the same key id is fine.
    let b = wrap_ok(&with(
        wrap_args("alibaba", "AES_256", &json),
        &["--material", &p(&f.sym32_bin), "--key-id", HUAWEI_KEY_ID],
    ));
    assert_eq!(b.manifest["key_id"], HUAWEI_KEY_ID);
}

/// (provider, JSON) pairs whose expiry is `at` (epoch seconds), in every documented shape.
fn expiring_params(at: i64) -> Vec<(&'static str, &'static str, Value)> {
    let f = fx();
    let tok = b64(&f.token);
    vec![
        (
            "huawei",
            "Huawei expiration_time epoch seconds",
            serde_json::json!({"key_id": HUAWEI_KEY_ID, "public_key": wk_b64(), "import_token": tok, "expiration_time": at}),
        ),
        (
            "huawei",
            "Huawei expiration_time epoch milliseconds",
            serde_json::json!({"key_id": HUAWEI_KEY_ID, "public_key": wk_b64(), "import_token": tok, "expiration_time": at * 1000 + 250}),
        ),
        (
            "alibaba",
            "Alibaba TokenExpireTime ISO-8601",
            serde_json::json!({"KeyId": HUAWEI_KEY_ID, "PublicKey": wk_b64(), "ImportToken": tok,
                               "TokenExpireTime": iso(at, 0, ""), "RequestId": "A9F6D2B1-0000-4C3A-9B7E-1234567890AB"}),
        ),
        (
            "aws",
            "AWS ParametersValidTo ISO-8601 with offset and fraction",
            serde_json::json!({"KeyId": format!("arn:aws:kms:eu-west-1:111122223333:key/{HUAWEI_KEY_ID}"),
                               "PublicKey": wk_b64(), "ImportToken": tok,
                               "ParametersValidTo": iso(at, 120, ".123456")}),
        ),
        (
            "aws",
            "AWS ParametersValidTo epoch seconds",
            serde_json::json!({"KeyId": HUAWEI_KEY_ID, "PublicKey": wk_b64(), "ImportToken": tok, "ParametersValidTo": at}),
        ),
    ]
}

#[test]
fn parameters_json_whose_expiry_has_passed_is_refused() {
    let f = fx();
    // One hour ago: a misread unit (ms as s) or a lost offset would not turn this into "valid".
    for (prov, what, v) in expiring_params(now_secs() - 3600) {
        let (_d, json) = params_json(v);
        let err = expect_refused(
            &with(
                wrap_args(prov, "AES_256", &json),
                &["--material", &p(&f.sym32_bin)],
            ),
            2,
            &["--wrapping-key"],
            &[],
        );
        let l = err.to_lowercase();
        assert!(
            l.contains("expire") || l.contains("expiry"),
            "{what}: the refusal does not say it expired: {err}"
        );
    }
    // The offset matters: 10:30+02:00 is 08:30Z. Written 90 minutes ahead in local time but 30
    // minutes in the past in UTC, it must be refused.
    let at = now_secs() - 1800;
    let (_d, json) = params_json(serde_json::json!({
        "KeyId": HUAWEI_KEY_ID, "PublicKey": wk_b64(), "ImportToken": b64(&f.token),
        "ParametersValidTo": iso(at, 120, ".5"),
    }));
    expect_refused(
        &with(
            wrap_args("aws", "AES_256", &json),
            &["--material", &p(&f.sym32_bin)],
        ),
        2,
        &["--wrapping-key"],
        &[],
    );
}

#[test]
fn parameters_json_valid_in_the_future_fills_token_key_id_and_expiry() {
    let f = fx();
    let at = now_secs() + 20 * 3600;
    for (prov, what, v) in expiring_params(at) {
        let want_id = v
            .get("key_id")
            .or_else(|| v.get("KeyId"))
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned();
        let (_d, json) = params_json(v);
        let b = wrap_ok(&with(
            wrap_args(prov, "AES_256", &json),
            &["--material", &p(&f.sym32_bin)],
        ));
        let got_id = b.manifest["key_id"].as_str().unwrap_or("");
        assert!(
            !got_id.is_empty() && (got_id == want_id || want_id.ends_with(&format!("/{got_id}"))),
            "{what}: key_id in the manifest is {got_id:?}, want {want_id:?}"
        );
        assert_eq!(
            b.role("import_token").as_deref(),
            Some(&f.token[..]),
            "{what}: import_token bytes"
        );
        let exp = b.manifest["import_token_expires"]
            .as_str()
            .unwrap_or_else(|| {
                panic!("{what}: import_token_expires is not filled: {}", b.manifest)
            });
        assert_eq!(
            parse_rfc3339(exp),
            Some(at),
            "{what}: import_token_expires {exp:?}, want {}",
            iso(at, 0, "")
        );
    }
}

#[test]
fn parameters_json_without_a_public_key_is_refused() {
    let f = fx();
    let future = now_secs() + 7200;
    for (prov, v) in [
        (
            "huawei",
            serde_json::json!({"key_id": HUAWEI_KEY_ID, "import_token": b64(&f.token), "expiration_time": future}),
        ),
        (
            "alibaba",
            serde_json::json!({"KeyId": HUAWEI_KEY_ID, "ImportToken": b64(&f.token), "TokenExpireTime": iso(future, 0, "")}),
        ),
        (
            "aws",
            serde_json::json!({"KeyId": HUAWEI_KEY_ID, "PublicKey": "", "ImportToken": b64(&f.token), "ParametersValidTo": iso(future, 0, "")}),
        ),
    ] {
        let (_d, json) = params_json(v);
        expect_refused(
            &with(
                wrap_args(prov, "AES_256", &json),
                &["--material", &p(&f.sym32_bin)],
            ),
            2,
            &["--wrapping-key"],
            &["public"],
        );
    }
}

// =============================================================================================
// Usage: material source, required flags, prompts
// =============================================================================================

#[test]
fn both_material_and_generate_is_refused() {
    let f = fx();
    expect_refused(
        &with(
            wrap_args("huawei", "AES_256", &f.wk2048_pem),
            &["--material", &p(&f.sym32_bin), "--generate"],
        ),
        2,
        &["--material|--generate"],
        &[],
    );
}

#[test]
fn neither_material_nor_generate_is_refused() {
    let f = fx();
    expect_refused(
        &wrap_args("huawei", "AES_256", &f.wk2048_pem),
        2,
        &["--material|--generate"],
        &[],
    );
}

#[test]
fn missing_required_flags_are_refused_naming_the_flag() {
    let f = fx();
    let full = with(
        wrap_args("huawei", "AES_256", &f.wk2048_pem),
        &["--material", &p(&f.sym32_bin)],
    );
    for (flag, nargs) in [("--provider", 2), ("--key-spec", 2), ("--wrapping-key", 2)] {
        let i = full.iter().position(|a| a == flag).unwrap();
        let mut args = full.clone();
        args.drain(i..i + nargs);
        expect_refused(&args, 2, &[flag], &[]);
    }
    // No --out at all.
    check_failure(&|_| {}, &full, 2, &["--out"], &[]);
}

#[test]
fn backup_without_passphrase_file_is_refused_without_prompting() {
    let f = fx();
    let args = with(
        wrap_args("huawei", "AES_256", &f.wk2048_pem),
        &["--generate", "--backup", "{CASE}/key.age"],
    );
    expect_refused(&args, 2, &["--backup-passphrase-file|--backup"], &[]);
    // With a stdin that stays open, a prompt would hang; the run must end on its own.
    let case = tempfile::tempdir().unwrap();
    let args = with(
        subst(&args, case.path()),
        &["--out", &p(&case.path().join("b"))],
    );
    let (out, took) = run_full(case.path(), &args, true);
    assert_eq!(out.status.code(), Some(2), "{}", describe(&args, &out));
    assert!(
        took < Duration::from_secs(10),
        "took {took:?}: waiting on stdin?"
    );
}

// =============================================================================================
// Output folder
// =============================================================================================

#[test]
fn non_empty_out_is_refused_without_force() {
    let f = fx();
    let args = with(
        wrap_args("huawei", "AES_256", &f.wk2048_pem),
        &["--material", &p(&f.sym32_bin), "--out", "{CASE}/existing"],
    );
    check_failure(
        &|c| seed_old_bundle(&c.join("existing")),
        &args,
        2,
        &["--out|--force"],
        &["--force"],
    );
}

#[test]
fn non_empty_out_is_replaced_with_force() {
    let f = fx();
    let case = tempfile::tempdir().unwrap();
    let dir = case.path().join("existing");
    seed_old_bundle(&dir);
    let args = with(
        wrap_args("huawei", "AES_256", &f.wk2048_pem),
        &["--material", &p(&f.sym32_bin), "--out", &p(&dir), "--force"],
    );
    let out = run_in(case.path(), &args);
    assert_no_panic(&args, &out);
    assert_eq!(out.status.code(), Some(0), "{}", describe(&args, &out));
    let m: Value = serde_json::from_slice(&fs::read(dir.join("manifest.json")).unwrap())
        .expect("new manifest");
    assert_eq!(m["provider"], "huawei", "manifest.json was not replaced");
    assert!(
        !dir.join("old.txt").exists(),
        "--force kept the old bundle's old.txt next to the new bundle"
    );
    assert!(
        !dir.join("blob.bin").exists(),
        "--force kept the old bundle's blob.bin"
    );
}

#[test]
fn empty_existing_out_is_accepted_without_force() {
    let f = fx();
    let case = tempfile::tempdir().unwrap();
    let dir = case.path().join("empty");
    fs::create_dir(&dir).unwrap();
    let args = with(
        wrap_args("huawei", "AES_256", &f.wk2048_pem),
        &["--material", &p(&f.sym32_bin), "--out", &p(&dir)],
    );
    let out = run_in(case.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", describe(&args, &out));
    assert!(dir.join("manifest.json").is_file());
}

#[test]
fn out_with_missing_parents_is_created() {
    let f = fx();
    let case = tempfile::tempdir().unwrap();
    let dir = case.path().join("x/y/z/bundle");
    let args = with(
        wrap_args("huawei", "AES_256", &f.wk2048_pem),
        &["--material", &p(&f.sym32_bin), "--out", &p(&dir)],
    );
    let out = run_in(case.path(), &args);
    assert_eq!(out.status.code(), Some(0), "{}", describe(&args, &out));
    assert!(dir.join("manifest.json").is_file());
}

#[test]
fn out_that_cannot_be_written_exits_1_leaving_nothing() {
    let f = fx();
    let base = with(
        wrap_args("huawei", "AES_256", &f.wk2048_pem),
        &["--material", &p(&f.sym32_bin)],
    );
    // Under a regular file.
    check_failure(
        &|c| fs::write(c.join("plainfile"), b"i am a file\n").unwrap(),
        &with(base.clone(), &["--out", "{CASE}/plainfile/bundle"]),
        1,
        &["--out"],
        &[],
    );
    // Deeper under a regular file, with parents the run would have to create first.
    check_failure(
        &|c| fs::write(c.join("plainfile"), b"i am a file\n").unwrap(),
        &with(base.clone(), &["--out", "{CASE}/plainfile/a/b/bundle"]),
        1,
        &["--out"],
        &[],
    );
    // A path component longer than any file system allows, under a folder the run must create.
    let long = "n".repeat(300);
    check_failure(
        &|_| {},
        &with(base, &["--out", &format!("{{CASE}}/newparent/{long}")]),
        1,
        &["--out"],
        &[],
    );
}

#[test]
fn out_that_is_a_regular_file_is_refused() {
    let f = fx();
    let args = with(
        wrap_args("huawei", "AES_256", &f.wk2048_pem),
        &[
            "--material",
            &p(&f.sym32_bin),
            "--out",
            "{CASE}/plainfile",
            "--force",
        ],
    );
    let case = tempfile::tempdir().unwrap();
    fs::write(case.path().join("plainfile"), b"keep me\n").unwrap();
    let args = subst(&args, case.path());
    let before = Snapshot::of(case.path());
    let out = run_in(case.path(), &args);
    assert_no_panic(&args, &out);
    assert!(
        matches!(out.status.code(), Some(1) | Some(2)),
        "{}",
        describe(&args, &out)
    );
    assert!(
        contains_item(&first_line(&out), "--out"),
        "{}",
        describe(&args, &out)
    );
    assert!(
        before.diff(&Snapshot::of(case.path())).is_empty(),
        "the file given as --out was changed"
    );
}

// =============================================================================================
// Generate and backup
// =============================================================================================

#[test]
fn generate_without_backup_warns_and_exits_0() {
    let f = fx();
    let b = wrap_ok(&with(
        wrap_args("huawei", "AES_256", &f.wk2048_pem),
        &["--generate"],
    ));
    let err = text(&b.out.stderr).to_lowercase();
    assert!(
        !err.trim().is_empty(),
        "no warning on stderr for --generate without --backup"
    );
    assert!(
        err.contains("backup") || err.contains("copy"),
        "the warning does not tell the user to keep a copy/backup: {err}"
    );
}

fn age_decrypt(file: &Path, pass: &str) -> Vec<u8> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import sys, pyrage; sys.stdout.buffer.write(pyrage.passphrase.decrypt(open(sys.argv[1], 'rb').read(), sys.argv[2]))",
        ])
        .arg(file)
        .arg(pass)
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 ({e}); install Python 3 and `pip install pyrage`"));
    assert!(
        out.status.success(),
        "pyrage could not decrypt the backup (install it with `pip install pyrage` if missing): {}",
        text(&out.stderr)
    );
    out.stdout
}

#[test]
fn generated_symmetric_key_is_in_the_backup_and_in_no_bundle_file() {
    let f = fx();
    let b = wrap_ok(&with(
        wrap_args("huawei", "AES_256", &f.wk2048_pem),
        &[
            "--generate",
            "--backup",
            "{CASE}/key.age",
            "--backup-passphrase-file",
            &p(&f.backup_pass),
        ],
    ));
    let backup = b.case.path().join("key.age");
    let raw = fs::read(&backup).expect("backup written");
    assert!(
        raw.starts_with(b"age-encryption.org/v1"),
        "backup is not an age file"
    );
    common::assert_owner_only(&backup);
    let key = age_decrypt(&backup, BACKUP_PASS);
    assert_eq!(
        key.len(),
        32,
        "backup of an AES_256 key holds {} bytes",
        key.len()
    );
    assert_eq!(
        oaep256_decrypt(&b.role("encrypted_key_material").unwrap()),
        key,
        "bundle wraps another key"
    );
    for (name, bytes) in b.all_files() {
        assert_no_secret(
            &format!("bundle file {}", name.display()),
            &bytes,
            &[("the generated key", key.clone(), true)],
        );
    }
    assert_no_secret(
        "stdout/stderr",
        &[b.out.stdout.clone(), b.out.stderr.clone()].concat(),
        &[("the generated key", key, true)],
    );
}

#[test]
fn generated_private_key_is_in_the_backup_and_in_no_bundle_file() {
    let f = fx();
    let b = wrap_ok(&with(
        wrap_args("huawei", "EC_P256", &f.wk2048_pem),
        &[
            "--generate",
            "--backup",
            "{CASE}/key.age",
            "--backup-passphrase-file",
            &p(&f.backup_pass),
        ],
    ));
    let plain = age_decrypt(&b.case.path().join("key.age"), BACKUP_PASS);
    let d = tempfile::tempdir().unwrap();
    let keyfile = d.path().join("k");
    fs::write(&keyfile, &plain).unwrap();
    let is_der = !plain.starts_with(b"-----");
    let scalars = private_scalars(&keyfile, is_der);
    let mut secrets: Vec<Secret> = vec![("the generated PKCS#8", pkcs8_der(&keyfile), false)];
    for s in scalars.clone() {
        secrets.push(("the generated private scalar", s, true));
    }
    for (name, bytes) in b.all_files() {
        assert_no_secret(&format!("bundle file {}", name.display()), &bytes, &secrets);
    }
    // And the bundle carries that very key.
    let k = oaep256_decrypt(&b.role("encrypted_key_material").unwrap());
    let pk8 = kwp_unwrap(&k, &b.role("encrypted_private_key").unwrap());
    let der = d.path().join("u.der");
    fs::write(&der, pk8).unwrap();
    assert_eq!(
        private_scalars(&der, true),
        scalars,
        "bundle wraps another key than the backup holds"
    );
}

#[test]
fn known_material_appears_in_no_bundle_file() {
    let f = fx();
    let sym: Vec<Secret> = vec![("the material", f.sym32.clone(), true)];
    for args in [
        with(
            wrap_args("huawei", "AES_256", &f.wk2048_pem),
            &[
                "--material",
                &p(&f.sym32_bin),
                "--key-id",
                HUAWEI_KEY_ID,
                "--import-token",
                &p(&f.token_b64),
            ],
        ),
        with(
            wrap_args("alibaba", "AES_256", &f.wk2048_pem),
            &[
                "--material",
                &p(&f.sym32_hex),
                "--key-id",
                HUAWEI_KEY_ID,
                "--import-token",
                &p(&f.token_b64),
            ],
        ),
        with(
            wrap_args("aws", "HMAC_256", &f.wk2048_pem),
            &[
                "--material",
                &p(&f.sym32_b64),
                "--key-id",
                HUAWEI_KEY_ID,
                "--import-token",
                &p(&f.token_bin),
            ],
        ),
    ] {
        let b = wrap_ok(&args);
        for (name, bytes) in b.all_files() {
            assert_no_secret(
                &format!("{} bundle file {}", args[2], name.display()),
                &bytes,
                &sym,
            );
        }
    }
    for (prov, spec, key) in [
        ("huawei", "RSA_2048", &f.rsa2048),
        ("aws", "RSA_2048", &f.rsa2048),
        ("alibaba", "EC_P256", &f.p256),
    ] {
        let mut secrets: Vec<Secret> = vec![("the PKCS#8 DER", pkcs8_der(key), false)];
        for s in private_scalars(key, false) {
            secrets.push(("a private number", s, true));
        }
        let b = wrap_ok(&with(
            wrap_args(prov, spec, &f.wk2048_pem),
            &["--material", &p(key)],
        ));
        for (name, bytes) in b.all_files() {
            let what = format!("{prov} {spec} bundle file {}", name.display());
            assert_no_secret(&what, &bytes, &secrets);
            for line in pem_body_lines(key) {
                assert!(
                    !find(&bytes, line.as_bytes()),
                    "{what} holds a line of the key's PEM"
                );
            }
        }
    }
}

#[test]
fn backup_never_replaces_an_existing_file() {
    let f = fx();
    let args = with(
        wrap_args("huawei", "AES_256", &f.wk2048_pem),
        &[
            "--generate",
            "--backup",
            "{CASE}/key.age",
            "--backup-passphrase-file",
            &p(&f.backup_pass),
        ],
    );
    // expect_refused runs it without --force (fresh --out) and with --force (existing --out).
    expect_refused_with(
        &|c| fs::write(c.join("key.age"), b"an older backup, precious\n").unwrap(),
        &args,
        2,
        &["--backup"],
        &[],
    );
}

#[test]
fn backup_written_by_a_failing_run_is_removed() {
    let f = fx();
    let base = with(
        wrap_args("huawei", "AES_256", &f.wk2048_pem),
        &[
            "--generate",
            "--backup",
            "{CASE}/key.age",
            "--backup-passphrase-file",
            &p(&f.backup_pass),
        ],
    );
    // Output cannot be written (under a regular file): exit 1, no backup left.
    check_failure(
        &|c| fs::write(c.join("plainfile"), b"x").unwrap(),
        &with(base.clone(), &["--out", "{CASE}/plainfile/bundle"]),
        1,
        &["--out"],
        &[],
    );
    // Refused non-empty --out: exit 2, no backup left.
    check_failure(
        &|c| seed_old_bundle(&c.join("existing")),
        &with(base.clone(), &["--out", "{CASE}/existing"]),
        2,
        &["--out|--force"],
        &[],
    );
    // Refused input after the generate step could have run (bad token): no backup left.
    expect_refused(
        &with(
            base,
            &[
                "--import-token",
                &p(&f.not_base64_token),
                "--key-id",
                HUAWEI_KEY_ID,
            ],
        ),
        2,
        &["--import-token"],
        &[],
    );
}

/// The owner-only check the Windows tests rely on can fail: each way of letting others in is named.
#[test]
fn the_owner_only_acl_check_refuses_what_lets_others_in() {
    let u = "S-1-5-21-1-2-3-1000";
    assert_eq!(
        common::check_owner_only_sddl(&format!("O:{u}D:P(A;;FRFWSD;;;{u})"), u),
        Ok(())
    );
    for (sddl, why) in [
        (format!("O:{u}D:(A;;FRFWSD;;;{u})"), "not protected"),
        (
            format!("O:{u}D:P(A;;FRFWSD;;;{u})(A;;FR;;;WD)"),
            "someone else",
        ),
        (format!("O:{u}D:P(A;;0x1200a9;;;BU)"), "someone else"),
        (format!("O:{u}D:P"), "no entries"),
        (format!("O:{u}"), "no DACL"),
    ] {
        let e = common::check_owner_only_sddl(&sddl, u).expect_err(&sddl);
        assert!(e.contains(why), "{sddl}: {e}");
    }
    // Wine's reading (made from the Unix mode): 0640 passes, 0644 (Everyone may read) does not.
    let wine_0640 = format!("O:{u}D:(A;;FA;;;SY)(A;;FA;;;{u})");
    let wine_0644 = format!("O:{u}D:(A;;FA;;;SY)(A;;FA;;;{u})(A;;0x1200a9;;;WD)");
    assert_eq!(
        common::check_only_user_and_system_sddl(&wine_0640, u),
        Ok(())
    );
    let e = common::check_only_user_and_system_sddl(&wine_0644, u).unwrap_err();
    assert!(e.contains("someone else"), "{e}");
    assert!(common::check_owner_only_sddl(&wine_0640, u).is_err());
}
