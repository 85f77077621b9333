//! Batch migrations (`byok-wizard batch PLAN --out DIR`), against the contract's "Batch" section:
//! one bundle per row through the same checks as `wrap`, failing rows alone, the summaries, resume
//! after an interruption (kill -9), the lock against a second run, `--force` keeping a complete
//! bundle when its redo fails, plans refused as a whole, and the practice KMS's migration.
//! Every wrapped bundle is unwrapped by the independent Python oracle with the wrapping private key.

#![cfg(unix)]

mod common;

use common::{both, data, oracle, run};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const KEK: &str =
    "https://contoso-kv.vault.azure.net/keys/KEKforBYOK/6b7c2a1f0e9d4c8b8a7f6e5d4c3b2a19";

/// One plan row: cloud, spec, wrapping key size, material (a fixture) or None = generate.
struct RowSpec {
    provider: &'static str,
    spec: &'static str,
    bits: usize,
    material: Option<&'static str>,
}

const fn r(
    provider: &'static str,
    spec: &'static str,
    bits: usize,
    material: Option<&'static str>,
) -> RowSpec {
    RowSpec {
        provider,
        spec,
        bits,
        material,
    }
}

/// Seven clouds, symmetric and asymmetric, given and generated material.
const MIX: &[RowSpec] = &[
    r("huawei", "AES_256", 2048, Some("sym32.bin")),
    r("huawei", "RSA_2048", 2048, Some("mat_rsa2048.pk8.der")),
    r("huawei", "EC_P256", 2048, Some("mat_ec_p256.pk8.der")),
    r("huawei", "EC_P384", 2048, None),
    r("alibaba", "AES_256", 2048, Some("sym32.hex")),
    r("alibaba", "SM4", 2048, Some("sym16.bin")),
    r("alibaba", "RSA_2048", 2048, Some("mat_rsa2048.pk8.pem")),
    r("alibaba", "AES_256", 2048, None),
    r("aws", "AES_256", 4096, Some("sym32.b64")),
    r("aws", "HMAC_384", 3072, Some("hmac48.bin")),
    r("aws", "RSA_2048", 2048, Some("mat_rsa2048.pk8.der")),
    r("aws", "EC_P521", 2048, None),
    r("gcp", "AES_256", 3072, Some("sym32.bin")),
    r("gcp", "HMAC_256", 3072, None),
    r("gcp", "EC_P256", 3072, Some("mat_ec_p256.pk8.der")),
    r("azure", "RSA_2048", 2048, Some("mat_rsa2048.pkcs1.pem")),
    r("azure", "EC_P384", 3072, Some("mat_ec_p384.pk8.der")),
    r("azure", "AES_256", 2048, None),
    r("tencent", "AES_256", 2048, Some("sym32.bin")),
    r("tencent", "AES_256", 2048, None),
    r("oci", "AES_256", 4096, Some("sym32.bin")),
    r("oci", "RSA_3072", 4096, Some("mat_rsa3072.pk8.der")),
    r("oci", "AES_256", 4096, None),
];

fn csv_line(cells: &[&str]) -> String {
    cells
        .iter()
        .map(|c| {
            if c.contains([',', '"']) {
                format!("\"{}\"", c.replace('"', "\"\""))
            } else {
                c.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

const HEADER: &str = "name,provider,key_spec,algorithm,wrapping_key,kek_id,material,generate";

fn row_line(name: &str, s: &RowSpec) -> String {
    let wk = data(&format!("wrap_rsa{}.pub.pem", s.bits));
    let material = s.material.map(|m| data(m).display().to_string());
    csv_line(&[
        name,
        s.provider,
        s.spec,
        // GCP takes the import job's method, which the wrapping key's size decides.
        if s.provider == "gcp" {
            "RSA_OAEP_3072_SHA256_AES_256"
        } else {
            ""
        },
        &wk.display().to_string(),
        if s.provider == "azure" { KEK } else { "" },
        material.as_deref().unwrap_or(""),
        if s.material.is_none() { "yes" } else { "" },
    ])
}

fn summary(out: &Path) -> Vec<Value> {
    let v: Value = serde_json::from_slice(&fs::read(out.join("summary.json")).unwrap()).unwrap();
    v.as_array().unwrap().clone()
}

/// summary.csv as JSON objects (it is kept current row by row; summary.json when the batch ends).
fn summary_csv(out: &Path) -> Vec<Value> {
    let text = fs::read_to_string(out.join("summary.csv")).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("name,status,reason,key_check_value,manifest_sha256")
    );
    lines
        .map(|l| {
            let cells: Vec<&str> = l.split(',').collect();
            serde_json::json!({"name": cells[0], "status": cells[1],
                "manifest_sha256": cells[cells.len() - 1]})
        })
        .collect()
}

fn status_of<'a>(rows: &'a [Value], name: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("{name} not in the summary"))
}

fn sha256_hex(path: &Path) -> String {
    use sha2::Digest as _;
    hex::encode(sha2::Sha256::digest(fs::read(path).unwrap()))
}

/// What the oracle should recover from a fixture: the raw key for symmetric specs (whatever the
/// encoding of the file), the PKCS#8 DER for private keys.
fn expected_material(spec: &str, fixture: &str) -> String {
    if spec.starts_with("RSA") || spec.starts_with("EC") {
        let o = Command::new("openssl")
            .args(["pkcs8", "-topk8", "-nocrypt", "-outform", "DER", "-in"])
            .arg(data(fixture))
            .output()
            .unwrap();
        assert!(o.status.success());
        hex::encode(o.stdout)
    } else {
        let raw = fs::read(data(fixture)).unwrap();
        let text = String::from_utf8_lossy(&raw).trim().to_owned();
        if fixture.ends_with(".hex") {
            text.to_lowercase()
        } else if fixture.ends_with(".b64") {
            use base64::Engine as _;
            hex::encode(
                base64::engine::general_purpose::STANDARD
                    .decode(text)
                    .unwrap(),
            )
        } else {
            hex::encode(raw)
        }
    }
}

#[test]
fn fifty_rows_seven_clouds_three_bad_ones_then_resume() {
    let t = tempfile::tempdir().unwrap();
    // Expired import parameters from the practice KMS, for one bad row.
    let expired = t.path().join("expired");
    common::ok(&run(&[
        "practice",
        "new",
        "--provider",
        "huawei",
        "--key-spec",
        "AES_256",
        "--expires-in",
        "-1h",
        "--out",
        expired.to_str().unwrap(),
    ]));
    let mut lines = vec![HEADER.to_owned()];
    let mut good = Vec::new();
    for i in 0..47 {
        let s = &MIX[i % MIX.len()];
        let name = format!("k{:02}-{}-{}", i + 1, s.provider, s.spec.to_lowercase());
        lines.push(row_line(&name, s));
        good.push((name, s));
    }
    // Three rows that must fail alone, with their reasons.
    // Given material, no KEK id, default algorithm.
    let given = |name: &str, provider: &str, spec: &str, wk: &Path, material: &str| {
        csv_line(&[
            name,
            provider,
            spec,
            "",
            wk.to_str().unwrap(),
            "",
            data(material).to_str().unwrap(),
            "",
        ])
    };
    lines.push(given(
        "bad-expired",
        "huawei",
        "AES_256",
        &expired.join("get-parameters-for-import.json"),
        "sym32.bin",
    ));
    lines.push(given(
        "bad-length",
        "aws",
        "AES_256",
        &data("wrap_rsa2048.pub.pem"),
        "sym16.bin",
    ));
    lines.push(given(
        "bad-spec",
        "gcp",
        "AES_999",
        &data("wrap_rsa3072.pub.pem"),
        "sym32.bin",
    ));
    let plan = t.path().join("plan.csv");
    fs::write(&plan, lines.join("\n") + "\n").unwrap();
    let out = t.path().join("out");
    let o = run(&[
        "batch",
        plan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", both(&o));
    let stderr = String::from_utf8_lossy(&o.stderr).to_string();
    // One progress line per row, and the expired row reported before anything ran.
    assert_eq!(stderr.matches("/50] ").count(), 50, "{stderr}");
    let report = stderr.find("expired at").expect("expired row reported");
    let first_progress = stderr.find("/50] ").unwrap();
    assert!(report < first_progress, "{stderr}");
    let rows = summary(&out);
    assert_eq!(rows.len(), 50);
    for (bad, why) in [
        ("bad-expired", "expired"),
        ("bad-length", "16"),
        ("bad-spec", "AES_999"),
    ] {
        let r = status_of(&rows, bad);
        assert_eq!(r["status"], "failed", "{r}");
        assert!(r["reason"].as_str().unwrap().contains(why), "{r}");
        assert!(!out.join(bad).exists(), "{bad} left a folder");
    }
    // 47 bundles, each unwrapped by the oracle with the wrapping private key.
    for (name, s) in &good {
        let r = status_of(&rows, name);
        assert_eq!(r["status"], "wrapped", "{r}");
        assert_eq!(r["reason"], "");
        let dir = out.join(name);
        assert_eq!(
            r["manifest_sha256"].as_str().unwrap(),
            sha256_hex(&dir.join("manifest.json"))
        );
        let manifest: Value =
            serde_json::from_slice(&fs::read(dir.join("manifest.json")).unwrap()).unwrap();
        assert_eq!(r["key_check_value"], manifest["key_check_value"]["value"]);
        let key = data(&format!("wrap_rsa{}.key.pem", s.bits));
        let got = oracle("unwrap_bundle.py", &[&dir, &key]);
        match s.material {
            Some(m) => assert_eq!(got, expected_material(s.spec, m), "{name}"),
            None => assert!(!got.is_empty(), "{name}"),
        }
    }
    // The CSV summary says the same as the JSON one.
    let csv = fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(csv.starts_with("name,status,reason,key_check_value,manifest_sha256\n"));
    assert_eq!(csv.lines().count(), 51);
    // Re-run: complete bundles are verified and skipped; the bad rows fail again.
    let before: Vec<String> = good
        .iter()
        .map(|(n, _)| sha256_hex(&out.join(n).join("manifest.json")))
        .collect();
    let o = run(&[
        "batch",
        plan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", both(&o));
    let rows = summary(&out);
    let skipped = rows.iter().filter(|r| r["status"] == "skipped").count();
    assert_eq!(skipped, 47, "{}", both(&o));
    for ((n, _), sha) in good.iter().zip(&before) {
        assert_eq!(&sha256_hex(&out.join(n).join("manifest.json")), sha);
        assert_eq!(
            status_of(&rows, n)["manifest_sha256"].as_str().unwrap(),
            sha
        );
    }
    // A bundle changed after it was written is not complete: it is not skipped, and, being no
    // longer exactly ours, it is not replaced either.
    let victim = out.join(&good[0].0);
    let f = fs::read_dir(&victim)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name().unwrap() != "manifest.json" && p.file_name().unwrap() != "README.txt"
        })
        .unwrap();
    fs::write(&f, b"tampered").unwrap();
    let o = run(&[
        "batch",
        plan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let r = status_of(&summary(&out), &good[0].0).clone();
    assert_ne!(r["status"], "skipped", "{r}");
    assert_eq!(fs::read(&f).unwrap(), b"tampered");
}

/// A plan of slow rows (RSA-2048 generated), one at a time.
fn slow_plan(dir: &Path, n: usize) -> PathBuf {
    let mut lines = vec![HEADER.to_owned()];
    for i in 0..n {
        lines.push(row_line(
            &format!("slow-{i:02}"),
            &r("huawei", "RSA_2048", 2048, None),
        ));
    }
    let plan = dir.join("plan.csv");
    fs::write(&plan, lines.join("\n") + "\n").unwrap();
    plan
}

fn wait_for(mut f: impl FnMut() -> bool, what: &str) {
    let start = std::time::Instant::now();
    while !f() {
        assert!(
            start.elapsed().as_secs() < 120,
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn killed_mid_batch_resumes_with_no_duplicate_and_no_broken_bundle() {
    let t = tempfile::tempdir().unwrap();
    let plan = slow_plan(t.path(), 10);
    let out = t.path().join("out");
    let mut child = common::bin()
        .args([
            "batch",
            plan.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--jobs",
            "1",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Two rows done: the summary names them.
    wait_for(
        || {
            fs::read_to_string(out.join("summary.csv"))
                .map(|s| s.lines().count() >= 3)
                .unwrap_or(false)
        },
        "two rows",
    );
    // A second batch into the same folder while the first runs: refused, nothing touched.
    let second = run(&[
        "batch",
        plan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(second.status.code(), Some(2), "{}", both(&second));
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("another batch is running"),
        "{}",
        both(&second)
    );
    // kill -9 in the middle of a row.
    std::thread::sleep(std::time::Duration::from_millis(150));
    Command::new("kill")
        .args(["-9", &child.id().to_string()])
        .status()
        .unwrap();
    child.wait().unwrap();
    // summary.json is written when a batch ends; summary.csv row by row.
    assert!(!out.join("summary.json").exists());
    let done_before: Vec<Value> = summary_csv(&out);
    assert!(
        done_before.len() >= 2 && done_before.len() < 10,
        "{done_before:?}"
    );
    // Re-run: completes; the rows done before are skipped, not redone.
    let o = run(&[
        "batch",
        plan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    common::ok(&o);
    let rows = summary(&out);
    assert_eq!(rows.len(), 10);
    for before in &done_before {
        let now = status_of(&rows, before["name"].as_str().unwrap());
        assert_eq!(now["status"], "skipped", "{now}");
        assert_eq!(now["manifest_sha256"], before["manifest_sha256"]);
    }
    // Exactly one folder per row, no temporary folder left, every bundle complete.
    let mut names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut want: Vec<String> = (0..10).map(|i| format!("slow-{i:02}")).collect();
    want.extend([
        ".byok-batch.lock".into(),
        "summary.csv".into(),
        "summary.json".into(),
    ]);
    want.sort();
    assert_eq!(names, want);
    let o = run(&[
        "batch",
        plan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    common::ok(&o);
    assert!(summary(&out).iter().all(|r| r["status"] == "skipped"));
    // And the oracle unwraps one of them.
    oracle(
        "unwrap_bundle.py",
        &[&out.join("slow-09"), &data("wrap_rsa2048.key.pem")],
    );
}

#[test]
fn force_redoes_complete_rows_and_a_failing_redo_keeps_the_earlier_bundle() {
    let t = tempfile::tempdir().unwrap();
    let material = t.path().join("k.bin");
    fs::copy(data("sym32.bin"), &material).unwrap();
    let plan = t.path().join("plan.json");
    let row = |name: &str| {
        serde_json::json!({
            "name": name, "provider": "tencent", "key_spec": "AES_256",
            "wrapping_key": data("wrap_rsa2048.pub.pem"), "material": "k.bin",
        })
    };
    fs::write(
        &plan,
        serde_json::to_vec(&serde_json::json!([row("a"), {
            "name": "b", "provider": "aws", "key-spec": "AES_256",
            "wrapping_key": data("wrap_rsa2048.pub.pem"), "material": data("sym32.bin"),
        }]))
        .unwrap(),
    )
    .unwrap();
    let out = t.path().join("out");
    common::ok(&run(&[
        "batch",
        plan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]));
    let a_before = sha256_hex(&out.join("a/manifest.json"));
    let b_before = sha256_hex(&out.join("b/manifest.json"));
    // Row a's material is now the wrong length: with --force, b is redone, a fails and keeps
    // its earlier complete bundle.
    fs::write(&material, [7u8; 16]).unwrap();
    let o = run(&[
        "batch",
        plan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", both(&o));
    let rows = summary(&out);
    assert_eq!(status_of(&rows, "a")["status"], "failed");
    assert_eq!(status_of(&rows, "b")["status"], "wrapped");
    assert_eq!(sha256_hex(&out.join("a/manifest.json")), a_before);
    assert_ne!(sha256_hex(&out.join("b/manifest.json")), b_before);
    assert_eq!(
        oracle(
            "unwrap_bundle.py",
            &[&out.join("a"), &data("wrap_rsa2048.key.pem")]
        ),
        hex::encode(fs::read(data("sym32.bin")).unwrap())
    );
}

#[test]
fn a_plan_with_a_duplicate_or_unsafe_name_or_a_bad_header_writes_nothing() {
    let t = tempfile::tempdir().unwrap();
    let s = r("huawei", "AES_256", 2048, Some("sym32.bin"));
    for (case, body) in [
        (
            "duplicate",
            format!("{HEADER}\n{}\n{}\n", row_line("x", &s), row_line("x", &s)),
        ),
        (
            "case-duplicate",
            format!(
                "{HEADER}\n{}\n{}\n",
                row_line("Key", &s),
                row_line("key", &s)
            ),
        ),
        (
            "unsafe",
            format!("{HEADER}\n{}\n", row_line("../escape", &s)),
        ),
        ("slash", format!("{HEADER}\n{}\n", row_line("a/b", &s))),
        (
            "header",
            format!("{HEADER},colour\n{},blue\n", row_line("x", &s)),
        ),
        ("empty", format!("{HEADER}\n")),
        ("not-csv", "\u{0}\u{1}\u{2}".to_owned()),
    ] {
        let plan = t.path().join(format!("{case}.csv"));
        fs::write(&plan, body).unwrap();
        let out = t.path().join(format!("out-{case}"));
        let o = run(&[
            "batch",
            plan.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{case}: {}", both(&o));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{case}: one line: {err}");
        assert!(err.starts_with("error: PLAN "), "{case}: {err}");
        assert!(!out.exists(), "{case}: wrote {out:?}");
        assert!(!t.path().join("escape").exists());
    }
    // A folder holding someone else's summary.csv is not ours to write into.
    let out = t.path().join("theirs");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("summary.csv"), "quarter,revenue\nq1,10\n").unwrap();
    let plan = t.path().join("ok.csv");
    fs::write(&plan, format!("{HEADER}\n{}\n", row_line("x", &s))).unwrap();
    let o = run(&[
        "batch",
        plan.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", both(&o));
    assert_eq!(
        fs::read_to_string(out.join("summary.csv")).unwrap(),
        "quarter,revenue\nq1,10\n"
    );
    assert!(!out.join("x").exists());
}

#[test]
fn the_practice_kms_plays_a_migration_in_three_commands() {
    let t = tempfile::tempdir().unwrap();
    let params = t.path().join("migration");
    let out = t.path().join("bundles");
    for (provider, spec) in [("aws", "AES_256"), ("azure", "EC_P256")] {
        let p = params.join(provider);
        common::ok(&run(&[
            "practice",
            "new",
            "--provider",
            provider,
            "--key-spec",
            spec,
            "--count",
            "4",
            "--out",
            p.to_str().unwrap(),
        ]));
        let plan = p.join("plan.csv");
        assert_eq!(fs::read_to_string(&plan).unwrap().lines().count(), 5);
        let o = run(&[
            "batch",
            plan.to_str().unwrap(),
            "--out",
            out.join(provider).to_str().unwrap(),
        ]);
        common::ok(&o);
        let o = run(&[
            "practice",
            "import",
            "--state",
            p.to_str().unwrap(),
            "--batch",
            out.join(provider).to_str().unwrap(),
        ]);
        common::ok(&o);
        let stdout = String::from_utf8_lossy(&o.stdout);
        assert_eq!(stdout.matches(": accepted").count(), 4, "{stdout}");
        assert!(stdout.contains("4 accepted, 0 rejected"), "{stdout}");
    }
    // A bundle from another key's parameters is rejected by the grader.
    let aws = out.join("aws");
    let tmp = t.path().join("swap");
    fs::rename(aws.join("key-001"), &tmp).unwrap();
    fs::rename(aws.join("key-002"), aws.join("key-001")).unwrap();
    fs::rename(&tmp, aws.join("key-002")).unwrap();
    let o = run(&[
        "practice",
        "import",
        "--state",
        params.join("aws").to_str().unwrap(),
        "--batch",
        aws.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", both(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("2 accepted, 2 rejected"));
}
