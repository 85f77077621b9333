//! Helpers the window tests share (egui_kittest over AccessKit): build the window, find and press
//! controls by accessible label and role, wait for the worker, export, and the independent
//! unwrap oracle. Each test file that drives the window has `mod common;`.

use byok_wizard::gui::file_picker::FixedPicker;
use byok_wizard::gui::WizardApp;
use byok_wizard::wizard::{Language, Step};
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use egui_kittest::Harness;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// The window in `language`, with file dialogs answered by `picker`.
pub fn harness_in(picker: &FixedPicker, language: Language) -> Harness<'static, WizardApp> {
    let picker = picker.clone();
    Harness::builder()
        .with_size([1200.0, 1500.0])
        .with_max_steps(40)
        .build_eframe(move |cc| WizardApp::new(cc, Box::new(picker)).with_language(language))
}

/// The window in English whatever the locale the tests run in (the flows' labels are English).
pub fn new_harness(picker: &FixedPicker) -> Harness<'static, WizardApp> {
    harness_in(picker, Language::English)
}

pub fn step(h: &Harness<'_, WizardApp>) -> Step {
    h.state().wizard().step()
}

/// Click the control with this accessible label and role, then let the UI settle.
pub fn click(h: &mut Harness<'_, WizardApp>, role: Role, label: &str) {
    h.get_by_role_and_label(role, label).click();
    h.run();
}

pub fn button(h: &mut Harness<'_, WizardApp>, label: &str) {
    click(h, Role::Button, label);
}

/// Open the title bar's settings menu (its name contains "Language" in either language) and
/// choose the radio button `choice` in it (a language by its own name, or a theme).
#[allow(dead_code)]
pub fn settings(h: &mut Harness<'_, WizardApp>, choice: &str) {
    h.get_by(|n| n.role() == Role::Button && n.label().is_some_and(|l| l.contains("Language")))
        .click();
    h.run();
    click(h, Role::RadioButton, choice);
}

pub fn is_enabled(h: &Harness<'_, WizardApp>, role: Role, label: &str) -> bool {
    !h.get_by_role_and_label(role, label)
        .accesskit_node()
        .is_disabled()
}

/// Replace the text of the field labelled `label` (select all, then type).
pub fn type_into(h: &mut Harness<'_, WizardApp>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label(label).type_text(text);
    h.run();
}

/// Step frames (the spinner never lets the UI settle) until `done`, for at most `limit`.
pub fn wait_for(
    h: &mut Harness<'_, WizardApp>,
    what: &str,
    limit: Duration,
    done: impl Fn(&WizardApp) -> bool,
) {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(start.elapsed() < limit, "timed out waiting for {what}");
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Press `label` (Export, Replace contents) and wait for the bundle writer on the worker.
pub fn export_press(h: &mut Harness<'_, WizardApp>, label: &str) {
    button(h, label);
    h.step();
    wait_for(h, "the export to finish", Duration::from_secs(60), |a| {
        !matches!(a.wizard().export(), byok_wizard::wizard::Export::Writing(_))
    });
    h.run();
}

/// Press Unlock and wait for the passphrase to be tried on the worker.
pub fn unlock_and_wait(h: &mut Harness<'_, WizardApp>) {
    h.get_by_role_and_label(Role::Button, "Unlock").click();
    h.step();
    wait_until_unlocked(h);
}

/// Wait for a running unlock to answer, then let the UI settle.
pub fn wait_until_unlocked(h: &mut Harness<'_, WizardApp>) {
    h.step();
    wait_for(h, "the unlock to finish", Duration::from_secs(60), |a| {
        !a.wizard().unlocking()
    });
    h.run();
}

/// Press Wrap and wait for the worker to finish.
pub fn wrap_and_wait(h: &mut Harness<'_, WizardApp>) {
    assert_eq!(step(h), Step::Wrap);
    h.get_by_role_and_label(Role::Button, "Wrap").click();
    h.step();
    h.step();
    wait_for(h, "the wrap to finish", Duration::from_secs(120), |a| {
        !a.wizard().is_working()
    });
    h.run();
    let w = h.state().wizard();
    assert!(
        w.output().is_some(),
        "wrap failed: {:?}",
        w.wrap_problem().map(|p| &p.details)
    );
}

/// Pick `folder` with Browse on the Export page, press Export and check the files are listed.
pub fn export_to(h: &mut Harness<'_, WizardApp>, picker: &FixedPicker, folder: &Path) {
    button(h, "Next");
    assert_eq!(step(h), Step::Export);
    picker.answer(folder);
    button(h, "Browse for the export folder");
    assert_eq!(
        h.state().wizard().inputs().export_folder,
        folder.display().to_string()
    );
    h.get_by_label("manifest.json");
    h.get_by_label("Manifest (file list and hashes)");
    export_press(h, "Export");
    let w = h.state().wizard();
    assert!(
        matches!(w.export(), byok_wizard::wizard::Export::Written(_)),
        "export failed: {:?}",
        w.export_problem().map(|p| &p.details)
    );
    h.get_by_label_contains("Bundle written to");
    h.get_by_role_and_label(Role::Button, "Copy console steps");
    h.get_by_role_and_label(Role::Button, "Copy command line");
    h.get_by_role_and_label(Role::Button, "Open folder");
    assert!(
        h.query_by_role_and_label(Role::Button, "Export").is_none(),
        "nothing left to export"
    );
    assert!(
        is_enabled(h, Role::Button, "Wrap another key"),
        "the end state offers the next key"
    );
}

/// The independent oracle: unwrap the bundle with the wrapping private key; material as hex.
pub fn oracle(bundle: &Path, wrapping_private_key: &str) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/unwrap_bundle.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(bundle)
        .arg(data(wrapping_private_key))
        .output()
        .expect(
            "python3 is needed for the oracle (apt-get install -y python3 python3-cryptography)",
        );
    assert!(
        out.status.success(),
        "oracle refused the bundle: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

pub fn choose_provider_and_spec(
    h: &mut Harness<'_, WizardApp>,
    provider: &str,
    spec: Option<&str>,
) {
    assert_eq!(step(h), Step::CloudAndKey);
    click(h, Role::RadioButton, provider);
    if let Some(spec) = spec {
        click(h, Role::ComboBox, "Key spec");
        // GCP and Azure list more specs than the popup shows at once: scroll the entry into view
        // before the (pointer) click, as a user would.
        h.get_by_label(spec).scroll_to_me();
        h.run();
        h.get_by_label(spec).click();
        h.run();
        assert_eq!(
            h.get_by_role_and_label(Role::ComboBox, "Key spec")
                .value()
                .as_deref(),
            Some(spec)
        );
    }
}
