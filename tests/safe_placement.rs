//! Nothing the user gave us can be lost: where a bundle may go, and the race rule.
//!
//! - `--force` replaces only an earlier byok-wizard bundle (its manifest names the tool and lists
//!   every other file of the folder); any other non-empty folder, and a folder that is or holds an
//!   input of the run, is refused with exit 2 and left byte-identical.
//! - The manifest lists every file of the bundle, so our own bundles qualify.
//! - A symbolic link as `--out`, and a FIFO or device as an input, get their own one-line error.
//! - Two runs racing for one missing folder without `--force`: exactly one succeeds; the loser
//!   leaves no temporary folder and no backup behind, and the winner's bundle is complete.
//! - `practice new --force` follows the same rule for practice folders.

#![cfg(unix)]

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

mod common;

use common::data;

/// Every file and folder under `dir` with its bytes (folders with a trailing `/`).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, into: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let p = e.path();
            let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
            let t = e.file_type().unwrap();
            if t.is_dir() {
                into.insert(format!("{rel}/"), Vec::new());
                walk(root, &p, into);
            } else if t.is_symlink() {
                into.insert(
                    format!("{rel}@"),
                    fs::read_link(&p)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned()
                        .into_bytes(),
                );
            } else {
                into.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    let mut t = BTreeMap::new();
    walk(dir, dir, &mut t);
    t
}

fn run(cwd: &Path, args: &[&str]) -> Output {
    common::bin()
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .output()
        .expect("cannot start byok-wizard")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn assert_refused(o: &Output, words: &[&str]) {
    let err = stderr(o);
    assert_eq!(
        o.status.code(),
        Some(2),
        "expected exit 2, got {:?}: {err}",
        o.status
    );
    assert!(!err.contains("panicked"), "{err}");
    let first = err.lines().next().unwrap_or("");
    for w in words {
        assert!(
            first.contains(w),
            "first line does not mention {w:?}: {err}"
        );
    }
}

/// `wrap` for Huawei AES_256 with the test wrapping key.
fn wrap(material: &[&str], out: &Path, extra: &[&str]) -> Vec<String> {
    let mut a: Vec<String> = [
        "wrap",
        "--provider",
        "huawei",
        "--key-spec",
        "AES_256",
        "--wrapping-key",
        data("wrap_rsa2048.pub.pem").to_str().unwrap(),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    a.extend(material.iter().map(|s| s.to_string()));
    a.push("--out".into());
    a.push(out.to_str().unwrap().into());
    a.extend(extra.iter().map(|s| s.to_string()));
    a
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The folder holds exactly `manifest.json` and the files it lists, each with its SHA-256.
fn complete_bundle(dir: &Path) -> Result<(), String> {
    let m: Value = serde_json::from_slice(
        &fs::read(dir.join("manifest.json")).map_err(|e| format!("no manifest.json ({e})"))?,
    )
    .map_err(|e| format!("manifest.json: {e}"))?;
    let mut listed = vec!["manifest.json".to_owned()];
    for f in m["files"].as_array().ok_or("no files[]")? {
        let name = f["name"].as_str().ok_or("file without a name")?;
        let bytes = fs::read(dir.join(name)).map_err(|e| format!("{name}: {e}"))?;
        if hex::encode(Sha256::digest(&bytes)) != f["sha256"].as_str().unwrap_or_default() {
            return Err(format!("{name}: SHA-256 differs from the manifest"));
        }
        listed.push(name.to_owned());
    }
    listed.sort();
    let mut present: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    present.sort();
    if listed != present {
        return Err(format!(
            "the folder holds {present:?}, the manifest lists {listed:?}"
        ));
    }
    Ok(())
}

#[test]
fn force_never_replaces_a_folder_holding_a_file_we_did_not_write() {
    let case = tempfile::tempdir().unwrap();
    let out = case.path().join("docs");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("thesis.odt"), b"three years of work\n").unwrap();
    let before = snapshot(case.path());
    let material = data("sym32.bin");
    let a = wrap(
        &["--material", material.to_str().unwrap()],
        &out,
        &["--force"],
    );
    let o = run(case.path(), &args(&a));
    assert_refused(&o, &["--out", "thesis.odt"]);
    assert_eq!(snapshot(case.path()), before, "the folder changed");

    // An earlier bundle with one extra file of the user's is not ours either.
    let b = case.path().join("bundle");
    let a = wrap(&["--material", material.to_str().unwrap()], &b, &[]);
    assert_eq!(run(case.path(), &args(&a)).status.code(), Some(0));
    fs::write(b.join("notes.txt"), b"uploaded on monday\n").unwrap();
    let before = snapshot(case.path());
    let a = wrap(
        &["--material", material.to_str().unwrap()],
        &b,
        &["--force"],
    );
    let o = run(case.path(), &args(&a));
    assert_refused(&o, &["--out", "notes.txt"]);
    assert_eq!(snapshot(case.path()), before, "the folder changed");
}

#[test]
fn force_never_replaces_a_folder_that_holds_an_input() {
    // The case: `--out "$PWD" --force` with the only copy of the key in $PWD.
    let case = tempfile::tempdir().unwrap();
    let key = case.path().join("my-only-aes-key.bin");
    fs::copy(data("sym32.bin"), &key).unwrap();
    let before = snapshot(case.path());
    let a = wrap(
        &["--material", "my-only-aes-key.bin"],
        Path::new("."),
        &["--force"],
    );
    let o = run(case.path(), &args(&a));
    assert_refused(&o, &["--out", "--material"]);
    assert_eq!(snapshot(case.path()), before, "the folder changed");

    // Deeper: the wrapping key two levels under --out; the passphrase file as --out itself.
    let nested = case.path().join("work");
    fs::create_dir_all(nested.join("in/keys")).unwrap();
    fs::copy(data("wrap_rsa2048.pub.pem"), nested.join("in/keys/wk.pem")).unwrap();
    let before = snapshot(case.path());
    let o = run(
        case.path(),
        &[
            "wrap",
            "--provider",
            "huawei",
            "--key-spec",
            "AES_256",
            "--wrapping-key",
            "work/in/keys/wk.pem",
            "--material",
            "my-only-aes-key.bin",
            "--out",
            "work",
            "--force",
        ],
    );
    assert_refused(&o, &["--out", "--wrapping-key"]);
    assert_eq!(snapshot(case.path()), before);

    // A hard link to the material inside an earlier bundle of ours.
    let b = case.path().join("bundle");
    let a = wrap(&["--material", "my-only-aes-key.bin"], &b, &[]);
    assert_eq!(run(case.path(), &args(&a)).status.code(), Some(0));
    fs::remove_file(b.join("README.txt")).unwrap();
    fs::hard_link(&key, b.join("README.txt")).unwrap();
    let before = snapshot(case.path());
    let a = wrap(&["--material", "my-only-aes-key.bin"], &b, &["--force"]);
    let o = run(case.path(), &args(&a));
    assert_refused(&o, &["--out", "--material"]);
    assert_eq!(snapshot(case.path()), before);

    // A backup path inside --out.
    let o = run(
        case.path(),
        &[
            "wrap",
            "--provider",
            "huawei",
            "--key-spec",
            "AES_256",
            "--wrapping-key",
            data("wrap_rsa2048.pub.pem").to_str().unwrap(),
            "--generate",
            "--backup",
            "fresh/k.age",
            "--backup-passphrase-file",
            data("backup.pass").to_str().unwrap(),
            "--out",
            "fresh",
        ],
    );
    assert_refused(&o, &["--out", "--backup"]);
    assert!(!case.path().join("fresh").exists());
}

#[test]
fn force_replaces_an_earlier_bundle_of_ours_and_every_file_is_listed() {
    let case = tempfile::tempdir().unwrap();
    for (provider, spec, material) in [
        ("huawei", "AES_256", "sym32.bin"),
        ("huawei", "RSA_2048", "mat_rsa2048.pk8.der"),
        ("alibaba", "AES_256", "sym32.bin"),
        ("aws", "AES_256", "sym32.bin"),
    ] {
        let out = case.path().join(format!("{provider}-{spec}"));
        let material = data(material);
        let mk = |force: bool| {
            let mut a = vec![
                "wrap",
                "--provider",
                provider,
                "--key-spec",
                spec,
                "--wrapping-key",
            ]
            .into_iter()
            .map(str::to_owned)
            .collect::<Vec<_>>();
            let wk = if provider == "alibaba" || provider == "aws" {
                data("wrap_rsa2048.pub.der")
            } else {
                data("wrap_rsa2048.pub.pem")
            };
            a.push(wk.to_str().unwrap().to_owned());
            if provider == "aws" {
                a.extend(["--algorithm".into(), "RSAES_OAEP_SHA_256".to_owned()]);
            }
            a.extend([
                "--material".to_owned(),
                material.to_str().unwrap().to_owned(),
                "--out".to_owned(),
                out.to_str().unwrap().to_owned(),
            ]);
            if force {
                a.push("--force".into());
            }
            a
        };
        let o = run(case.path(), &args(&mk(false)));
        assert_eq!(
            o.status.code(),
            Some(0),
            "{provider} {spec}: {}",
            stderr(&o)
        );
        complete_bundle(&out).unwrap_or_else(|e| panic!("{provider} {spec}: {e}"));
        let first = fs::read(out.join("manifest.json")).unwrap();
        // Without --force an earlier bundle is refused, and says --force would replace it.
        let o = run(case.path(), &args(&mk(false)));
        assert_refused(&o, &["--out"]);
        assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
        std::thread::sleep(Duration::from_millis(1100)); // a new `created` second
        let o = run(case.path(), &args(&mk(true)));
        assert_eq!(
            o.status.code(),
            Some(0),
            "{provider} {spec}: {}",
            stderr(&o)
        );
        complete_bundle(&out).unwrap_or_else(|e| panic!("{provider} {spec} replaced: {e}"));
        assert_ne!(
            fs::read(out.join("manifest.json")).unwrap(),
            first,
            "not replaced"
        );
    }
    // Nothing left beside the bundles.
    let stray: Vec<String> = fs::read_dir(case.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(stray.is_empty(), "left behind: {stray:?}");
}

#[test]
fn a_symlink_as_out_is_refused_and_named() {
    let case = tempfile::tempdir().unwrap();
    let real = case.path().join("real");
    fs::create_dir(&real).unwrap();
    std::os::unix::fs::symlink(&real, case.path().join("link")).unwrap();
    let before = snapshot(case.path());
    let material = data("sym32.bin");
    for extra in [&[][..], &["--force"][..]] {
        let a = wrap(
            &["--material", material.to_str().unwrap()],
            Path::new("link"),
            extra,
        );
        let o = run(case.path(), &args(&a));
        assert_refused(&o, &["--out", "symbolic link"]);
        assert_eq!(snapshot(case.path()), before);
    }
}

#[test]
fn a_fifo_or_device_as_input_is_refused_at_once() {
    let case = tempfile::tempdir().unwrap();
    let fifo = case.path().join("wk.fifo");
    let st = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(st.success());
    let material = data("sym32.bin");
    for (flag, path, words) in [
        ("--wrapping-key", fifo.clone(), "named pipe"),
        ("--wrapping-key", PathBuf::from("/dev/zero"), "device"),
        ("--material", fifo.clone(), "named pipe"),
        ("--import-token", PathBuf::from("/dev/null"), "device"),
    ] {
        let wk = data("wrap_rsa2048.pub.pem");
        let mut a: Vec<String> = ["wrap", "--provider", "huawei", "--key-spec", "AES_256"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let (wk, mat) = match flag {
            "--wrapping-key" => (path.clone(), material.clone()),
            "--material" => (wk, path.clone()),
            _ => (wk, material.clone()),
        };
        a.extend(["--wrapping-key".into(), wk.to_str().unwrap().into()]);
        a.extend(["--material".into(), mat.to_str().unwrap().into()]);
        if flag == "--import-token" {
            a.extend(["--import-token".into(), path.to_str().unwrap().into()]);
        }
        a.extend([
            "--out".into(),
            case.path().join("b").to_str().unwrap().into(),
        ]);
        let started = Instant::now();
        let mut child = common::bin()
            .args(&a)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Never hang: kill it after 5 s if it does, and fail.
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            if started.elapsed() > Duration::from_secs(5) {
                child.kill().ok();
                panic!("{flag} {}: still running after 5 s", path.display());
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let took = started.elapsed();
        let o = child.wait_with_output().unwrap();
        let o = Output { status, ..o };
        assert!(took < Duration::from_secs(1), "{flag}: took {took:?}");
        assert_refused(&o, &[flag, words]);
        assert!(!case.path().join("b").exists());
    }
}

#[test]
fn racing_runs_without_force_never_both_succeed() {
    const PAIRS: usize = 50;
    let case = tempfile::tempdir().unwrap();
    let pass = data("backup.pass");
    let wk = data("wrap_rsa2048.pub.pem");
    let mut winners = [0usize; 2];
    for i in 0..PAIRS {
        let dir = case.path().join(format!("pair{i}"));
        fs::create_dir(&dir).unwrap();
        let out = dir.join("bundle");
        // Every other pair also writes a backup (age's scrypt takes about a second, which
        // widens the window between the check and the placement).
        let with_backup = i % 2 == 0;
        let spawn = |who: &str| {
            let backup = dir.join(format!("{who}.age"));
            let mut c = common::bin();
            c.args([
                "wrap",
                "--provider",
                "huawei",
                "--key-spec",
                "AES_256",
                "--wrapping-key",
            ])
            .arg(&wk)
            .args(["--generate", "--out"])
            .arg(&out);
            if with_backup {
                c.arg("--backup")
                    .arg(&backup)
                    .arg("--backup-passphrase-file")
                    .arg(&pass);
            }
            c.stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let a = spawn("a");
        let b = spawn("b");
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        let ok = [a.status.success(), b.status.success()];
        assert!(
            ok.iter().filter(|s| **s).count() == 1,
            "pair {i}: {} runs succeeded\na: {}\nb: {}",
            ok.iter().filter(|s| **s).count(),
            stderr(&a),
            stderr(&b)
        );
        let (won, lost) = if ok[0] { (0, &b) } else { (1, &a) };
        winners[won] += 1;
        assert_ne!(lost.status.code(), Some(0));
        assert!(
            !stderr(lost).contains("panicked") && stderr(lost).lines().count() >= 1,
            "{}",
            stderr(lost)
        );
        complete_bundle(&out).unwrap_or_else(|e| panic!("pair {i}: {e}"));
        // The winner's backup is there, the loser's is gone; nothing else is left.
        let mut names: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let backup = if won == 0 { "a.age" } else { "b.age" };
        let mut want = vec!["bundle".to_owned()];
        if with_backup {
            want.push(backup.to_owned());
        }
        want.sort();
        assert_eq!(names, want, "pair {i}: left behind");
    }
    eprintln!(
        "racing pairs: first-started won {} times, second {}",
        winners[0], winners[1]
    );
}

#[test]
fn practice_new_force_replaces_only_a_practice_folder() {
    let case = tempfile::tempdir().unwrap();
    let out = case.path().join("practice");
    let new = |force: bool| {
        let mut a = vec![
            "practice",
            "new",
            "--provider",
            "huawei",
            "--key-spec",
            "AES_256",
        ];
        a.extend(["--out", "practice"]);
        if force {
            a.push("--force");
        }
        run(case.path(), &a)
    };
    assert_eq!(new(false).status.code(), Some(0));
    let state = fs::read(out.join("practice-kms-state.json")).unwrap();
    assert_refused(&new(false), &["--out"]);
    let o = new(true);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_ne!(
        fs::read(out.join("practice-kms-state.json")).unwrap(),
        state
    );
    // With a file of the user's in it, never.
    fs::write(out.join("my-notes.txt"), b"mine").unwrap();
    let before = snapshot(case.path());
    assert_refused(&new(true), &["--out", "my-notes.txt"]);
    assert_eq!(snapshot(case.path()), before);
}
