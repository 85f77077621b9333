//! Replays the fuzzing inputs kept in the repo through the very same target bodies the fuzzer runs
//! (`fuzz/src/lib.rs`, included below), without needing cargo-fuzz or a nightly feature:
//!
//! - `fuzz/corpus/<target>/`: the seed corpus (plus a small minimised set the fuzzer found). A
//!   cheap smoke test of every parser; each folder must hold files.
//! - `fuzz/regressions/<target>/`: inputs that once crashed, hung or failed a check. Each must now
//!   pass; a bug that comes back fails this test and names the file.
//!
//! A target passes an input when it returns without panicking within 10 s (the parser may accept or
//! refuse it).

// Tests may read a child's pipes on their own threads.
#![allow(clippy::disallowed_methods)]

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod fuzz_targets;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = rd
        .map(|e| e.expect("readable folder entry").path())
        .filter(|p| p.is_file())
        .filter(|p| p.file_name().and_then(|n| n.to_str()) != Some("README.md"))
        .collect();
    v.sort();
    v
}

/// How long one input may take. The fuzzer's limit is 30 s per input in an optimised build; every
/// seed takes milliseconds even in a debug build, so 10 s means a hang (e.g. a key-derivation cost
/// taken from the file without a bound).
const PER_INPUT_LIMIT: Duration = Duration::from_secs(10);

/// Run `target` over every file, each in its own thread with [`PER_INPUT_LIMIT`]; return
/// "path: what went wrong" for each that panicked or did not finish in time. (A thread that is
/// still running is left behind; the test process ends when the tests do.)
fn replay(target: fn(&[u8]), files: &[PathBuf]) -> Vec<String> {
    let mut failures = Vec::new();
    for f in files {
        let data = std::fs::read(f).unwrap_or_else(|e| panic!("read {}: {e}", f.display()));
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let outcome = std::panic::catch_unwind(|| target(&data)).map_err(|p| {
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_else(|| "non-string panic".to_owned())
            });
            let _ = tx.send(outcome);
        });
        match rx.recv_timeout(PER_INPUT_LIMIT) {
            Ok(Ok(())) => {}
            Ok(Err(msg)) => failures.push(format!("{}: panicked: {msg}", f.display())),
            Err(_) => failures.push(format!(
                "{}: did not finish within {} s (hang)",
                f.display(),
                PER_INPUT_LIMIT.as_secs()
            )),
        }
    }
    failures
}

#[test]
fn every_fuzz_target_has_a_body_and_a_seed_corpus() {
    let on_disk: Vec<String> = files_in(&fuzz_dir().join("fuzz_targets"))
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(!on_disk.is_empty(), "no fuzz/fuzz_targets/*.rs found");
    for name in &on_disk {
        assert!(
            fuzz_targets::TARGETS.iter().any(|(n, _)| n == name),
            "fuzz/fuzz_targets/{name}.rs has no entry in fuzz/src/lib.rs TARGETS"
        );
    }
    for (name, _) in fuzz_targets::TARGETS {
        assert!(
            on_disk.iter().any(|n| n == name),
            "TARGETS names {name} but fuzz/fuzz_targets/{name}.rs is missing"
        );
        let corpus = fuzz_dir().join("corpus").join(name);
        assert!(
            !files_in(&corpus).is_empty(),
            "the seed corpus {} is empty or missing",
            corpus.display()
        );
    }
}

#[test]
fn seed_corpus_replays_without_a_panic() {
    let mut failures = Vec::new();
    for (name, target) in fuzz_targets::TARGETS {
        let files = files_in(&fuzz_dir().join("corpus").join(name));
        assert!(!files.is_empty(), "fuzz/corpus/{name}/ is empty or missing");
        failures.extend(replay(*target, &files));
    }
    assert!(
        failures.is_empty(),
        "{} corpus input(s) panicked or hung:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn fuzz_regressions_stay_fixed() {
    let mut failures = Vec::new();
    let mut total = 0;
    for (name, target) in fuzz_targets::TARGETS {
        let files = files_in(&fuzz_dir().join("regressions").join(name));
        total += files.len();
        failures.extend(replay(*target, &files));
    }
    // Also catch a regression input filed under a folder that names no target.
    for dir in files_in_dirs(&fuzz_dir().join("regressions")) {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            fuzz_targets::TARGETS.iter().any(|(n, _)| *n == name),
            "fuzz/regressions/{name}/ names no fuzz target"
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {total} regression input(s) failed again (see fuzz/regressions/README.md):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn files_in_dirs(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    rd.map(|e| e.expect("readable folder entry").path())
        .filter(|p| p.is_dir())
        .collect()
}

/// The seeds must actually reach the parsers' success paths, or the fuzzer starts blind: one
/// well-formed input per parser is accepted.
#[test]
fn seeds_include_inputs_each_parser_accepts() {
    use byok_wizard::core::catalog::TokenEncoding;
    use byok_wizard::core::input::{material, params, private_key, token, wrapping_key};
    let seed = |t: &str, f: &str| {
        let p = fuzz_dir().join("corpus").join(t).join(f);
        std::fs::read(&p).unwrap_or_else(|e| panic!("seed {} missing: {e}", p.display()))
    };
    wrapping_key::parse(&seed("wrapping_key", "wrap_rsa2048.crt.der")).unwrap();
    wrapping_key::parse(&seed("wrapping_key", "wrap_rsa2048.pkcs1.pub.pem")).unwrap();
    for f in ["huawei.json", "alibaba.json", "aws.json", "tencent.json"] {
        let p = params::parse(&seed("params", f), fuzz_targets::now())
            .unwrap_or_else(|e| panic!("params seed {f}: {e}"));
        assert!(p.token.is_some() && p.expires.is_some(), "{f}");
    }
    assert!(params::parse(&seed("params", "aws_expired.json"), fuzz_targets::now()).is_err());
    token::parse(&seed("token", "token.b64"), TokenEncoding::Base64).unwrap();
    assert_eq!(
        material::parse_symmetric(&seed("material", "sym32.hex"), 32)
            .unwrap()
            .expose(),
        material::parse_symmetric(&seed("material", "sym32.bin"), 32)
            .unwrap()
            .expose()
    );
    let pass = Some(fuzz_targets::PASSPHRASE);
    for f in [
        "rsa512.enc_pbkdf2.pk8.der",
        "rsa512.enc_scrypt.pk8.der",
        "ec_p256.enc.pk8.der",
        "mat_rsa2048.enc.pk8.pem",
        "mat_ec_secp256k1.sec1.pem",
    ] {
        private_key::parse(&seed("private_key", f), pass, None)
            .unwrap_or_else(|e| panic!("private_key seed {f}: {e}"));
    }
}
