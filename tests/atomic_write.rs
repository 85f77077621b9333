//! The bundle appears whole or not at all: a write that fails midway, or a
//! process killed at any moment, leaves `--out` exactly as it was before the run.
//!
//! - The write is made to fail midway with a file-size limit (`prlimit --fsize`, RLIMIT_FSIZE): the
//!   first files fit, README.txt does not. With SIGXFSZ ignored the write returns EFBIG and the tool
//!   must clean up after itself — the whole working folder byte-identical, exit 1, one line. With
//!   SIGXFSZ at its default the kernel kills the tool mid-write — `--out` must be untouched.
//! - A sweep of SIGKILLs spread over the whole run of `wrap --force` over an existing bundle: after
//!   each kill `--out` is either the previous bundle, byte for byte, or a complete new one (every
//!   file the manifest lists present with its SHA-256). Never a mix, never missing.
//!
//! Needs `openssl` and `prlimit` (util-linux); a missing tool fails the test with a hint.

#![cfg(unix)]

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::os::unix::process::ExitStatusExt as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

mod common;

use common::BIN;
const SIGXFSZ: i32 = 25;

type Tree = BTreeMap<String, Vec<u8>>;

/// Every file under `dir` (relative path → bytes); folders as entries with a trailing `/`.
fn snapshot(dir: &Path) -> Tree {
    fn walk(root: &Path, dir: &Path, into: &mut Tree) {
        let Ok(rd) = fs::read_dir(dir) else { return };
        for e in rd {
            let e = e.unwrap();
            let p = e.path();
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            if e.file_type().unwrap().is_dir() {
                into.insert(format!("{rel}/"), Vec::new());
                walk(root, &p, into);
            } else {
                into.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    let mut t = Tree::new();
    walk(dir, dir, &mut t);
    t
}

fn wrapping_key(dir: &Path) -> std::path::PathBuf {
    let key = dir.join("wk.key.pem");
    let pem = dir.join("wk.pem");
    for args in [
        vec!["genrsa", "-out", key.to_str().unwrap(), "2048"],
        vec![
            "pkey",
            "-in",
            key.to_str().unwrap(),
            "-pubout",
            "-out",
            pem.to_str().unwrap(),
        ],
    ] {
        let st = Command::new("openssl")
            .args(&args)
            .stderr(Stdio::null())
            .status()
            .expect("openssl not found: apt-get install -y openssl");
        assert!(st.success(), "openssl {args:?} failed");
    }
    pem
}

fn wrap_args(wk: &Path, out: &Path) -> Vec<String> {
    [
        "wrap",
        "--provider",
        "huawei",
        "--key-spec",
        "AES_256",
        "--wrapping-key",
        wk.to_str().unwrap(),
        "--generate",
        "--out",
        out.to_str().unwrap(),
        "--force",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// An earlier bundle of ours at `out` (the only non-empty folder `--force` replaces).
fn seed_bundle(wk: &Path, out: &Path) {
    let r = common::bin().args(wrap_args(wk, out)).output().unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
}

/// Whether `out` holds one complete bundle: the manifest parses, and every file it lists is there
/// with the size and SHA-256 it records. Returns the reason when not.
fn complete_bundle(out: &Path) -> Result<(), String> {
    let m = fs::read(out.join("manifest.json")).map_err(|e| format!("no manifest.json ({e})"))?;
    let m: Value = serde_json::from_slice(&m).map_err(|e| format!("manifest.json: {e}"))?;
    let files = m["files"].as_array().ok_or("manifest has no files")?;
    if files.is_empty() {
        return Err("manifest lists no files".into());
    }
    for f in files {
        let name = f["name"].as_str().ok_or("file without a name")?;
        let bytes = fs::read(out.join(name)).map_err(|e| format!("{name}: {e}"))?;
        if hex::encode(Sha256::digest(&bytes)) != f["sha256"].as_str().unwrap_or_default() {
            return Err(format!("{name}: SHA-256 differs from the manifest"));
        }
    }
    Ok(())
}

/// `prlimit --fsize=LIMIT -- byok-wizard ARGS`, with SIGXFSZ ignored or at its default.
fn run_with_fsize_limit(
    cwd: &Path,
    limit: u64,
    ignore_xfsz: bool,
    args: &[String],
) -> std::process::Output {
    let script = if ignore_xfsz {
        "trap '' XFSZ; exec prlimit --fsize=$0:$0 -- \"$@\""
    } else {
        "exec prlimit --fsize=$0:$0 -- \"$@\""
    };
    let out = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(limit.to_string())
        .arg(BIN)
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .output()
        .expect("cannot start sh");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("prlimit: "),
        "prlimit failed (apt-get install -y util-linux): {stderr}"
    );
    out
}

/// The size limit falls inside the bundle: some files fit, a later one does not.
const LIMIT: u64 = 1000;

#[test]
fn a_write_failing_midway_is_cleaned_up_and_out_is_as_before() {
    let work = tempfile::tempdir().unwrap();
    let wk = wrapping_key(work.path());
    // A reference bundle without the limit, to be sure the limit really falls midway.
    let reference = work.path().join("reference");
    let ok = common::bin()
        .args(wrap_args(&wk, &reference))
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let sizes: Vec<u64> = fs::read_dir(&reference)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .collect();
    assert!(
        sizes.iter().any(|&s| s < LIMIT) && sizes.iter().any(|&s| s > LIMIT),
        "the limit must fall between file sizes {sizes:?}"
    );

    // (1) into a folder whose parents do not exist; (2) over an existing bundle with --force.
    let cases: [(&str, bool); 2] = [("missing/parents/out", false), ("existing", true)];
    for (name, seed) in cases {
        let case = tempfile::tempdir().unwrap();
        let out = case.path().join(name);
        if seed {
            seed_bundle(&wk, &out);
        }
        let before = snapshot(case.path());
        let r = run_with_fsize_limit(case.path(), LIMIT, true, &wrap_args(&wk, &out));
        let stderr = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(1), "{name}: {stderr}");
        let error_lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
        assert_eq!(error_lines.len(), 1, "{name}: {stderr}");
        assert!(
            error_lines[0].contains("cannot write the bundle") && error_lines[0].contains("--out"),
            "{name}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        assert_eq!(
            snapshot(case.path()),
            before,
            "{name}: the working folder changed after a failed write"
        );
    }
}

#[test]
fn killed_mid_write_out_is_as_before() {
    let work = tempfile::tempdir().unwrap();
    let wk = wrapping_key(work.path());
    for seed in [false, true] {
        let case = tempfile::tempdir().unwrap();
        let out = case.path().join("out");
        if seed {
            seed_bundle(&wk, &out);
        }
        let before = snapshot(&out);
        let r = run_with_fsize_limit(case.path(), LIMIT, false, &wrap_args(&wk, &out));
        assert_eq!(
            r.status.signal(),
            Some(SIGXFSZ),
            "expected the kernel to kill the write (status {:?}, stderr {})",
            r.status,
            String::from_utf8_lossy(&r.stderr)
        );
        if seed {
            assert_eq!(snapshot(&out), before, "--out changed after a killed write");
        } else {
            assert!(!out.exists(), "a killed write left --out behind");
        }
        // What a kill can leave is a hidden temporary folder beside --out, never a file in it.
        for e in fs::read_dir(case.path()).unwrap() {
            let n = e.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                n == "out" || n.starts_with(".out.byok-tmp-"),
                "unexpected leftover {n}"
            );
        }
    }
}

#[test]
fn sigkill_at_any_moment_leaves_the_old_bundle_or_a_complete_new_one() {
    let work = tempfile::tempdir().unwrap();
    let wk = wrapping_key(work.path());
    let out = work.path().join("out");
    let args = wrap_args(&wk, &out);
    let ok = common::bin().args(&args).output().unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    complete_bundle(&out).unwrap();

    // How long one replacement takes, to spread the kills over it (and a bit beyond).
    let mut runs = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        assert!(common::bin().args(&args).output().unwrap().status.success());
        runs.push(t.elapsed());
    }
    let span = runs.iter().max().unwrap().mul_f64(1.3);
    const KILLS: u32 = 60;
    let (mut old, mut new, mut finished) = (0, 0, 0);
    for i in 0..KILLS {
        let before = snapshot(&out);
        let mut child = common::bin()
            .args(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(span.mul_f64(f64::from(i) / f64::from(KILLS)));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            finished += 1;
        }
        let after = snapshot(&out);
        if after == before {
            old += 1;
        } else {
            complete_bundle(&out).unwrap_or_else(|e| {
                panic!("kill {i} after {span:?}·{i}/{KILLS}: --out is neither the old bundle nor a complete new one: {e}")
            });
            new += 1;
        }
    }
    eprintln!(
        "{KILLS} kills over {span:?}: {old} left the old bundle, {new} a complete new one ({finished} runs had finished)"
    );
    // The sweep must really have interrupted runs, or it proved nothing.
    assert!(old > 0, "no kill landed before the swap");
    assert!(
        finished < KILLS,
        "every run finished before its kill; the sweep proved nothing"
    );
    // No replaced bundle parked beside --out (RENAME_EXCHANGE leaves none).
    for e in fs::read_dir(work.path()).unwrap() {
        let n = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !n.contains("byok-old"),
            "an old bundle was left beside --out: {n}"
        );
    }
}
