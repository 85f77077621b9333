//! Key ceremonies: split knowledge among custodians, assemble at wrap time, and a hash-chained
//! transcript. The assembled key is checked by an independent recombination (`tests/oracle/
//! shamir.py`, log/antilog tables) and by the Python bundle oracle, which unwraps the bundle.

#![cfg(unix)]

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod common;

use common::{data, ok, run};

fn oracle(script: &str, args: &[&Path]) -> String {
    let s = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/oracle")
        .join(script);
    let o = Command::new("python3").arg(s).args(args).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap().trim().to_owned()
}

fn components(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "component"))
        .collect();
    v.sort();
    v
}

fn wrap_with(comps: &[&Path], out: &Path, transcript: Option<&Path>) -> Output {
    let wk = data("wrap_rsa2048.pub.pem");
    let mut args: Vec<String> = [
        "wrap",
        "--provider",
        "huawei",
        "--key-spec",
        "AES_256",
        "--wrapping-key",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.push(wk.to_str().unwrap().into());
    for c in comps {
        args.push("--components".into());
        args.push(c.to_str().unwrap().into());
    }
    if let Some(t) = transcript {
        args.push("--transcript".into());
        args.push(t.to_str().unwrap().into());
    }
    args.push("--out".into());
    args.push(out.to_str().unwrap().into());
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&refs)
}

#[test]
fn xor_split_assembles_at_wrap_time_and_the_transcript_holds() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("ceremony");
    ok(&run(&[
        "ceremony",
        "split",
        "--key-spec",
        "AES_256",
        "--generate",
        "--custodian",
        "Alice",
        "--custodian",
        "Bob",
        "--custodian",
        "张伟",
        "--out",
        dir.to_str().unwrap(),
    ]));
    let comps = components(&dir);
    assert_eq!(comps.len(), 3);
    for c in &comps {
        common::assert_owner_only(c);
    }
    assert!(comps[2]
        .file_name()
        .unwrap()
        .to_string_lossy()
        .contains("张伟"));
    let transcript = dir.join("ceremony.jsonl");
    let v = run(&["ceremony", "verify", transcript.to_str().unwrap()]);
    ok(&v);
    assert!(String::from_utf8_lossy(&v.stdout).starts_with("intact: 4 events"));
    // Independent recombination.
    let refs: Vec<&Path> = comps.iter().map(PathBuf::as_path).collect();
    let key = oracle("shamir.py", &refs);
    assert_eq!(key.len(), 64);
    // Wrap from the three components; the bundle oracle recovers the same key.
    let out = t.path().join("bundle");
    ok(&wrap_with(&refs, &out, Some(&transcript)));
    assert_eq!(
        oracle("unwrap_bundle.py", &[&out, &data("wrap_rsa2048.key.pem")]),
        key
    );
    // The transcript grew by three events and still verifies.
    let v = run(&["ceremony", "verify", transcript.to_str().unwrap()]);
    ok(&v);
    let summary = String::from_utf8_lossy(&v.stdout).to_string();
    assert!(summary.starts_with("intact: 7 events"), "{summary}");
    let head = summary.trim().rsplit(' ').next().unwrap().to_owned();
    ok(&run(&[
        "ceremony",
        "verify",
        transcript.to_str().unwrap(),
        "--head",
        &head,
    ]));
    // Nothing secret in it.
    let text = fs::read_to_string(&transcript).unwrap();
    assert!(!text.to_ascii_lowercase().contains(&key));
    // The manifest's check value is the components'; its CMAC one is the split's.
    let m: Value = serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let kcv = m["key_check_value"]["value"].as_str().unwrap().to_owned();
    let first: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(
        m["key_check_value_cmac"]["value"], first["key_check_value_cmac"],
        "manifest CMAC check value vs the split's"
    );
    assert_eq!(
        m["key_check_value_cmac"]["value"].as_str().unwrap().len(),
        6
    );
    assert!(fs::read_to_string(&comps[0])
        .unwrap()
        .contains(&format!("key-check-value: {kcv}")));
    // Two of three XOR components: refused, nothing written.
    let o = wrap_with(&refs[..2], &t.path().join("short"), None);
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("2 of the 3"));
    assert!(!t.path().join("short").exists());
    // An edited line breaks the chain there (or at the next line); a wrong head is caught.
    let lines: Vec<&str> = text.lines().collect();
    let mut edited = lines.clone();
    let changed = lines[1].replace("Alice", "Mallory");
    edited[1] = &changed;
    let tampered = t.path().join("tampered.jsonl");
    fs::write(&tampered, edited.join("\n") + "\n").unwrap();
    let v = run(&["ceremony", "verify", tampered.to_str().unwrap()]);
    assert_eq!(v.status.code(), Some(1));
    let said = String::from_utf8_lossy(&v.stdout).to_string();
    assert!(said.contains("line 2") || said.contains("line 3"), "{said}");
    let v = run(&[
        "ceremony",
        "verify",
        transcript.to_str().unwrap(),
        "--head",
        &"0".repeat(64),
    ]);
    assert_eq!(v.status.code(), Some(1));
}

#[test]
fn shamir_any_two_of_three_and_mistakes_are_named() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("c");
    ok(&run(&[
        "ceremony",
        "split",
        "--key-spec",
        "AES_256",
        "--material",
        data("sym32.bin").to_str().unwrap(),
        "--custodian",
        "A",
        "--custodian",
        "B",
        "--custodian",
        "C",
        "--threshold",
        "2",
        "--out",
        dir.to_str().unwrap(),
    ]));
    let comps = components(&dir);
    let want = hex::encode(fs::read(data("sym32.bin")).unwrap());
    for (i, j) in [(0, 1), (0, 2), (1, 2)] {
        let pair = [comps[i].as_path(), comps[j].as_path()];
        assert_eq!(
            oracle("shamir.py", &pair),
            want,
            "independent recombination {i},{j}"
        );
        let out = t.path().join(format!("b{i}{j}"));
        ok(&wrap_with(&pair, &out, None));
        assert_eq!(
            oracle("unwrap_bundle.py", &[&out, &data("wrap_rsa2048.key.pem")]),
            want
        );
    }
    // One digit mistyped: refused, naming that file.
    let bad = t.path().join("bad.component");
    let text = fs::read_to_string(&comps[1]).unwrap();
    let at = text.find("value: ").unwrap() + 7;
    let mut bytes = text.into_bytes();
    bytes[at] = if bytes[at] == b'0' { b'1' } else { b'0' };
    fs::write(&bad, bytes).unwrap();
    let o = wrap_with(
        &[comps[0].as_path(), bad.as_path()],
        &t.path().join("x"),
        None,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.lines().next().unwrap().contains("bad.component"),
        "{err}"
    );
    // Components of two ceremonies: refused, naming the odd one.
    let other = t.path().join("other");
    ok(&run(&[
        "ceremony",
        "split",
        "--key-spec",
        "AES_256",
        "--generate",
        "--custodian",
        "A",
        "--custodian",
        "B",
        "--custodian",
        "C",
        "--threshold",
        "2",
        "--out",
        other.to_str().unwrap(),
    ]));
    let o = wrap_with(
        &[comps[0].as_path(), components(&other)[1].as_path()],
        &t.path().join("y"),
        None,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("ceremony"), "{err}");
    // A split refuses a private-key spec, one custodian, and a threshold above n.
    for args in [
        vec![
            "--key-spec",
            "RSA_2048",
            "--custodian",
            "A",
            "--custodian",
            "B",
        ],
        vec!["--key-spec", "AES_256", "--custodian", "A"],
        vec![
            "--key-spec",
            "AES_256",
            "--custodian",
            "A",
            "--custodian",
            "B",
            "--threshold",
            "3",
        ],
    ] {
        let out = t.path().join("z");
        let mut all = vec!["ceremony", "split", "--generate"];
        all.extend(args.iter());
        all.extend(["--out", out.to_str().unwrap()]);
        let o = run(&all);
        assert_eq!(
            o.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(!out.exists());
    }
}

/// The whole ceremony is playable against the practice KMS: split, wrap from two of three
/// Shamir components, and the practice KMS accepts the upload with the components' check value.
#[test]
fn a_ceremony_rehearsal_with_the_practice_kms_is_accepted() {
    let t = tempfile::tempdir().unwrap();
    let p = |s: &str| t.path().join(s).to_str().unwrap().to_owned();
    ok(&run(&[
        "ceremony",
        "split",
        "--key-spec",
        "AES_256",
        "--generate",
        "--custodian",
        "Alice",
        "--custodian",
        "Bob",
        "--custodian",
        "Carol",
        "--threshold",
        "2",
        "--out",
        &p("ceremony"),
    ]));
    ok(&run(&[
        "practice",
        "new",
        "--provider",
        "huawei",
        "--key-spec",
        "AES_256",
        "--out",
        &p("practice"),
    ]));
    let comps = components(&t.path().join("ceremony"));
    let wk = t.path().join("practice/get-parameters-for-import.json");
    let o = run(&[
        "wrap",
        "--provider",
        "huawei",
        "--key-spec",
        "AES_256",
        "--wrapping-key",
        wk.to_str().unwrap(),
        "--components",
        comps[0].to_str().unwrap(),
        "--components",
        comps[2].to_str().unwrap(),
        "--transcript",
        &p("ceremony/ceremony.jsonl"),
        "--out",
        &p("bundle"),
    ]);
    ok(&o);
    let g = run(&[
        "practice",
        "import",
        "--state",
        &p("practice"),
        "--bundle",
        &p("bundle"),
    ]);
    ok(&g);
    let verdict = String::from_utf8_lossy(&g.stdout).to_string();
    let kcv_line = fs::read_to_string(&comps[1]).unwrap();
    let kcv = kcv_line
        .lines()
        .find_map(|l| l.strip_prefix("key-check-value: "))
        .unwrap()
        .to_owned();
    assert!(
        verdict.starts_with("accepted") && verdict.contains(&kcv),
        "{verdict}"
    );
    ok(&run(&["ceremony", "verify", &p("ceremony/ceremony.jsonl")]));
}

/// Each custodian gets a printable A4 form beside the component file (0600): read back by
/// poppler's `pdftotext` (independent of byok-wizard), it names the custodian — also a Chinese
/// name — and shows the ceremony, the component in hex groups, its check value, the key's check
/// values (ECB and CMAC) and the lines to fill in; the transcript records each form's SHA-256.
#[test]
fn every_custodian_gets_a_printable_form() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c");
    ok(&run(&[
        "ceremony",
        "split",
        "--key-spec",
        "AES_256",
        "--generate",
        "--custodian",
        "张伟",
        "--custodian",
        "Alice Smith",
        "--custodian",
        "李娜",
        "--threshold",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]));
    let transcript = fs::read_to_string(out.join("ceremony.jsonl")).unwrap();
    let split: Value = serde_json::from_str(transcript.lines().next().unwrap()).unwrap();
    for (i, name, file) in [
        (1, "张伟", "1-张伟"),
        (2, "Alice Smith", "2-Alice_Smith"),
        (3, "李娜", "3-李娜"),
    ] {
        let pdf = out.join(format!("{file}.pdf"));
        // The form shows the component: owner only.
        common::assert_owner_only(&pdf);
        let info = Command::new("pdfinfo")
            .arg(&pdf)
            .output()
            .expect("pdfinfo (poppler-utils)");
        let info = String::from_utf8_lossy(&info.stdout);
        assert!(
            info.contains("Pages:           1") && info.contains("(A4)"),
            "{info}"
        );
        let o = Command::new("pdftotext")
            .args(["-layout"])
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        assert!(o.status.success());
        let text = String::from_utf8(o.stdout).unwrap();
        let component = fs::read_to_string(out.join(format!("{file}.component"))).unwrap();
        let field = |k: &str| {
            component
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{k}: ")))
                .unwrap()
                .to_owned()
        };
        assert!(text.contains(name), "{name} not on the form:\n{text}");
        assert!(text.contains(&format!("{i} of 3")), "{text}");
        assert!(
            text.contains(&field("ceremony")) && text.contains("shamir 2-of-3"),
            "{text}"
        );
        assert!(text.contains(&field("component-check-value")), "{text}");
        assert!(text.contains(&field("key-check-value")), "{text}");
        assert!(
            text.contains(split["key_check_value_cmac"].as_str().unwrap()),
            "the CMAC check value: {text}"
        );
        // The component's value, in the file's groups of 4, split over two lines of 8 groups.
        let value = field("value");
        let groups: Vec<&str> = value.split(' ').collect();
        assert_eq!(groups.len(), 16);
        for line in groups.chunks(8) {
            assert!(
                text.contains(&line.join(" ")),
                "{line:?} not on the form:\n{text}"
            );
        }
        for label in [
            "Custodian signature",
            "Envelope serial number",
            "Transcript head",
        ] {
            assert!(text.contains(label), "{label}: {text}");
        }
        // Only this custodian's component is on it.
        let sha = {
            use sha2::Digest as _;
            hex::encode(sha2::Sha256::digest(fs::read(&pdf).unwrap()))
        };
        assert!(
            transcript.contains(&format!("\"form_sha256\":\"{sha}\"")),
            "the transcript records the form's hash"
        );
    }
}
