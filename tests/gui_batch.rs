//! The window's Batch page, driven by accessible labels (egui_kittest over AccessKit): open it from
//! step 1, give a plan and a folder, check every row, run with a status per row, cancel (rows done
//! stay done, the running row leaves nothing), and the summary. The bundles are graded by the
//! practice KMS and the frames are timed while 200 rows run.

mod common;

use byok_wizard::core::batch::Status;
use byok_wizard::gui::file_picker::FixedPicker;
use byok_wizard::wizard::BatchPhase;
use common::gui::{button, new_harness, type_into, wait_for};
use egui_kittest::kittest::Queryable as _;
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use common::data;

/// Press a button while a progress bar animates (the UI never settles): click, draw a frame.
fn press(h: &mut egui_kittest::Harness<'_, byok_wizard::gui::WizardApp>, label: &str) {
    h.get_by_role_and_label(egui::accesskit::Role::Button, label)
        .click();
    h.step();
    h.step();
}

fn phase(h: &egui_kittest::Harness<'_, byok_wizard::gui::WizardApp>) -> Option<BatchPhase> {
    h.state().wizard().batch().map(|b| b.phase)
}

/// Open the Batch page, give the plan and the folder, check every row and wait for the table.
fn open_and_check(
    h: &mut egui_kittest::Harness<'_, byok_wizard::gui::WizardApp>,
    plan: &Path,
    out: &Path,
) {
    button(h, "Batch: many keys from a plan…");
    assert_eq!(phase(h), Some(BatchPhase::Choosing));
    type_into(h, "Plan (CSV or JSON)", plan.to_str().unwrap());
    type_into(h, "Batch folder", out.to_str().unwrap());
    press(h, "Check the plan");
    wait_for(h, "the check", Duration::from_secs(60), |a| {
        a.wizard()
            .batch()
            .is_some_and(|b| b.phase == BatchPhase::Checked)
    });
}

#[test]
fn a_practice_migration_checked_run_and_graded_in_the_window() {
    let t = tempfile::tempdir().unwrap();
    let params = t.path().join("migration");
    let o = common::bin()
        .args([
            "practice",
            "new",
            "--provider",
            "huawei",
            "--key-spec",
            "AES_256",
            "--count",
            "3",
            "--out",
        ])
        .arg(&params)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = t.path().join("bundles");
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    open_and_check(&mut h, &params.join("plan.csv"), &out);
    let b = h.state().wizard().batch().unwrap();
    assert_eq!(b.rows.len(), 3);
    assert_eq!(b.refused(), 0);
    assert!(b.rows.iter().all(|r| r.preview.expires.is_some()));
    // Checked, nothing written but the folder's lock.
    assert!(!out.join("key-001").exists());
    press(&mut h, "Run");
    wait_for(&mut h, "the run", Duration::from_secs(120), |a| {
        a.wizard()
            .batch()
            .is_some_and(|b| b.phase == BatchPhase::Finished)
    });
    let b = h.state().wizard().batch().unwrap();
    assert_eq!(b.count(Status::Wrapped), 3, "{:?}", b.rows);
    h.run();
    // The summary line, and Open folder.
    h.get_by_label("Open folder");
    let o = common::bin()
        .args(["practice", "import", "--state"])
        .arg(&params)
        .arg("--batch")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(String::from_utf8_lossy(&o.stdout).contains("3 accepted, 0 rejected"));
    // Back to the wizard.
    button(&mut h, "Back to the wizard");
    assert!(h.state().wizard().batch().is_none());
}

fn plan(dir: &Path, rows: usize, spec: &str, material: bool) -> std::path::PathBuf {
    let mut s = String::from("name,provider,key_spec,wrapping_key,material,generate\n");
    for i in 0..rows {
        let m = if material {
            data("sym32.bin").display().to_string()
        } else {
            String::new()
        };
        s.push_str(&format!(
            "row-{i:03},huawei,{spec},{},{m},{}\n",
            data("wrap_rsa2048.pub.pem").display(),
            if material { "" } else { "yes" }
        ));
    }
    let p = dir.join("plan.csv");
    fs::write(&p, s).unwrap();
    p
}

#[test]
fn cancel_keeps_the_rows_done_and_leaves_nothing_of_the_running_one() {
    let t = tempfile::tempdir().unwrap();
    let p = plan(t.path(), 8, "RSA_3072", false);
    let out = t.path().join("out");
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    open_and_check(&mut h, &p, &out);
    press(&mut h, "Run");
    wait_for(&mut h, "one row", Duration::from_secs(120), |a| {
        a.wizard().batch().is_some_and(|b| b.progress().0 >= 1)
    });
    press(&mut h, "Cancel");
    wait_for(&mut h, "the cancel", Duration::from_secs(120), |a| {
        a.wizard()
            .batch()
            .is_some_and(|b| b.phase == BatchPhase::Finished)
    });
    let b = h.state().wizard().batch().unwrap();
    assert!(b.cancelled);
    let (done, total) = b.progress();
    assert!(done >= 1 && done < total, "{done} of {total}");
    assert_eq!(b.count(Status::Wrapped), done);
    // Exactly the rows done have folders; nothing else was left (no temporary folder).
    let mut names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("summary.") && n != ".byok-batch.lock")
        .collect();
    names.sort();
    let mut want: Vec<String> = b
        .rows
        .iter()
        .filter(|r| r.result.is_some())
        .map(|r| r.preview.name.clone())
        .collect();
    want.sort();
    assert_eq!(names, want);
    let summary = fs::read_to_string(out.join("summary.csv")).unwrap();
    assert_eq!(summary.lines().count(), done + 1, "{summary}");
}

#[test]
fn the_window_stays_responsive_while_200_rows_run() {
    let t = tempfile::tempdir().unwrap();
    let p = plan(t.path(), 200, "AES_256", true);
    let out = t.path().join("out");
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    open_and_check(&mut h, &p, &out);
    press(&mut h, "Run");
    let (mut frames, mut slowest) = (0u32, Duration::ZERO);
    let start = Instant::now();
    while phase(&h) != Some(BatchPhase::Finished) {
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "the batch did not finish"
        );
        let f = Instant::now();
        h.step();
        slowest = slowest.max(f.elapsed());
        frames += 1;
        std::thread::sleep(Duration::from_millis(2));
    }
    let b = h.state().wizard().batch().unwrap();
    assert_eq!(b.count(Status::Wrapped), 200);
    eprintln!(
        "200 rows in {:?}, {frames} frames, slowest {:?}",
        start.elapsed(),
        slowest
    );
    // The rows run on the worker: a frame that waited for one would take the whole batch. The
    // 50 ms budget is for the real window; this headless harness draws and tessellates too.
    assert!(
        slowest < Duration::from_millis(250),
        "slowest frame {slowest:?}"
    );
    assert!(frames > 5, "the UI should have drawn while the batch ran");
}
