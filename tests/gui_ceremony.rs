//! Assembling a key from a ceremony's components in the window: custodian after custodian loads
//! their component, the list shows each with its check value, Next waits until the ceremony has
//! enough, the key's check value is shown (never the key), and the bundle unwraps (Python oracle)
//! to the key that was split. A component of another ceremony is refused and not kept.

mod common;

use byok_wizard::gui::file_picker::FixedPicker;
use common::gui::*;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use std::path::Path;

fn split(out: &Path, material: &str) {
    let o = common::bin()
        .args(["ceremony", "split", "--key-spec", "AES_256", "--material"])
        .arg(data(material))
        .args([
            "--custodian",
            "张伟",
            "--custodian",
            "Alice",
            "--custodian",
            "Bob",
        ])
        .args(["--threshold", "2", "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn two_of_three_custodians_assemble_the_key_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let ceremony = dir.path().join("ceremony");
    split(&ceremony, "sym32.bin");
    let other = dir.path().join("other");
    split(&other, "sym32.bin"); // the same key, another ceremony: its components do not mix

    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    choose_provider_and_spec(&mut h, "Huawei Cloud KMS (DEW)", None);
    button(&mut h, "Next");
    picker.answer(data("wrap_rsa2048.pub.pem"));
    button(&mut h, "Browse for the wrapping key");
    picker.answer(data("token.b64"));
    button(&mut h, "Browse for the import token");
    button(&mut h, "Next");

    click(&mut h, Role::RadioButton, "Assemble from components");
    assert!(!is_enabled(&h, Role::Button, "Next"));
    h.get_by_label("Load the first custodian's component.");

    picker.answer(ceremony.join("1-张伟.component"));
    button(&mut h, "Browse for the next component file");
    h.get_by_label("Custodian 1: 张伟");
    h.get_by_label("1 of 2 components loaded.");
    assert!(!is_enabled(&h, Role::Button, "Next"));

    // Bob's component from the other ceremony: refused, not kept.
    picker.answer(other.join("3-Bob.component"));
    button(&mut h, "Browse for the next component file");
    assert!(h.state().wizard().material_problem().is_some());
    assert_eq!(h.state().wizard().components().0.len(), 1);

    // The same custodian twice: refused.
    picker.answer(ceremony.join("1-张伟.component"));
    button(&mut h, "Browse for the next component file");
    assert!(h.state().wizard().material_problem().is_some());

    picker.answer(ceremony.join("3-Bob.component"));
    button(&mut h, "Browse for the next component file");
    assert!(h.state().wizard().material_problem().is_none());
    h.get_by_label_contains("Key check value");
    h.get_by_label_contains("the components of 张伟, Bob");
    // The window shows the key's check value, the same as every custodian's form.
    let kcv = std::fs::read_to_string(ceremony.join("1-张伟.component"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("key-check-value: ").map(str::to_owned))
        .unwrap();
    h.get_by_label_contains(&kcv);
    // …and never the key.
    let key_hex = hex::encode_upper(std::fs::read(data("sym32.bin")).unwrap());
    assert!(h.query_by_label_contains(&key_hex[..8]).is_none());

    assert!(is_enabled(&h, Role::Button, "Next"));
    button(&mut h, "Next");
    wrap_and_wait(&mut h);
    let out = tempfile::tempdir().unwrap();
    let bundle = out.path().join("bundle");
    export_to(&mut h, &picker, &bundle);
    assert_eq!(
        oracle(&bundle, "wrap_rsa2048.key.pem"),
        hex::encode(std::fs::read(data("sym32.bin")).unwrap())
    );
}

/// Splitting in the window: custodians named (one Chinese), M = 2, a folder; the split runs on
/// the worker; then each custodian in turn is shown only their files and check values and
/// confirms; the components written then assemble at `wrap --components` to a key whose check
/// value is the one the window showed.
#[test]
fn a_split_walks_custodian_by_custodian_and_its_components_assemble() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("ceremony");
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    choose_provider_and_spec(&mut h, "Huawei Cloud KMS (DEW)", None);
    button(&mut h, "Key ceremony…");
    h.get_by_label("Key ceremony: split a key among custodians");
    assert!(!is_enabled(&h, Role::Button, "Generate and split"));
    type_into(&mut h, "Custodians", "张伟, Alice, Bob");
    type_into(&mut h, "Custodians needed (M)", "2");
    type_into(&mut h, "Ceremony folder", &folder.display().to_string());
    // The spinner keeps repainting while the worker splits: step frames, do not settle.
    h.get_by_role_and_label(Role::Button, "Generate and split")
        .click();
    h.step();
    wait_for(
        &mut h,
        "the split",
        std::time::Duration::from_secs(60),
        |a| {
            !matches!(
                a.wizard().ceremony().map(|c| &c.phase),
                Some(byok_wizard::wizard::CeremonyPhase::Splitting)
            )
        },
    );
    h.run();
    let kcv = h
        .state()
        .wizard()
        .ceremony()
        .unwrap()
        .done
        .as_ref()
        .expect("split")
        .key_check_value
        .clone();
    for (i, name) in ["张伟", "Alice", "Bob"].iter().enumerate() {
        h.get_by_label(&format!("Custodian {} of 3: {name}", i + 1));
        h.get_by_label_contains(&kcv);
        button(
            &mut h,
            &format!("{name} has the component and the check values match"),
        );
    }
    h.get_by_label("All 3 custodians have their components.");
    for f in [
        "1-张伟.component",
        "1-张伟.pdf",
        "3-Bob.component",
        "ceremony.jsonl",
    ] {
        assert!(folder.join(f).exists(), "{f}");
    }
    // Custodians 1 and 3 assemble the key at wrap time; its check value is the one shown.
    let out = dir.path().join("bundle");
    let o = common::bin()
        .args([
            "wrap",
            "--provider",
            "huawei",
            "--key-spec",
            "AES_256",
            "--wrapping-key",
        ])
        .arg(data("wrap_rsa2048.pub.pem"))
        .arg("--components")
        .arg(folder.join("1-张伟.component"))
        .arg("--components")
        .arg(folder.join("3-Bob.component"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains(&kcv), "{manifest}");
    button(&mut h, "Back to the wizard");
    assert!(h.state().wizard().ceremony().is_none());
}
