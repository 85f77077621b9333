//! Practice mode, driven by accessible label and role (egui_kittest over AccessKit): the
//! "Practice (offline playground)" switch on step 1 makes the built-in practice KMS issue the
//! parameters (on the worker) and loads them into step 2; after Export, "Import into the practice
//! KMS" grades the bundle (on the worker) and shows the verdict. One symmetric and one
//! asymmetric round, both accepted.

use byok_wizard::core::practice::Verdict;
use byok_wizard::gui::file_picker::FixedPicker;
use byok_wizard::gui::WizardApp;
use byok_wizard::wizard::{Export, Step};
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use egui_kittest::Harness;
use std::path::Path;
use std::time::Duration;

mod common;
use common::gui::*;

fn choose_provider_and_spec(h: &mut Harness<'_, WizardApp>, provider: &str, spec: Option<&str>) {
    assert_eq!(step(h), Step::CloudAndKey);
    click(h, Role::RadioButton, provider);
    if let Some(spec) = spec {
        click(h, Role::ComboBox, "Key spec");
        h.get_by_label(spec).click();
        h.run();
    }
}

/// Tick Practice, press Next, wait for the practice KMS: step 2 has its parameters loaded.
fn practice_next(h: &mut Harness<'_, WizardApp>) {
    click(h, Role::CheckBox, "Practice (offline playground)");
    assert!(h.state().wizard().practice().on);
    h.get_by_role_and_label(Role::Button, "Next").click();
    h.step();
    h.step();
    wait_for(
        h,
        "the practice parameters",
        Duration::from_secs(120),
        |a| !a.wizard().practice().issuing,
    );
    let w = h.state().wizard();
    assert!(
        w.practice().problem.is_none(),
        "issuing failed: {:?}",
        w.practice().problem.as_ref().map(|p| &p.details)
    );
    assert_eq!(step(h), Step::WrappingKey);
    let issued = w.practice().issued.clone().expect("issued");
    assert!(issued
        .dir
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("byok-practice-"));
    let p = w
        .parameters()
        .expect("the practice parameters loaded into step 2");
    assert_eq!(p.key_id.as_deref(), Some(issued.key_id.as_str()));
    assert!(p.token.is_some(), "the practice token is loaded");
    assert!(w.blocker().is_none(), "{:?}", w.blocker());
    assert!(is_enabled(h, Role::Button, "Next"));
}

fn wrap_and_wait(h: &mut Harness<'_, WizardApp>) {
    assert_eq!(step(h), Step::Wrap);
    h.get_by_role_and_label(Role::Button, "Wrap").click();
    h.step();
    h.step();
    wait_for(h, "the wrap to finish", Duration::from_secs(120), |a| {
        !a.wizard().is_working()
    });
    let w = h.state().wizard();
    assert!(
        w.output().is_some(),
        "wrap failed: {:?}",
        w.wrap_problem().map(|p| &p.details)
    );
}

/// Export into `folder`, press "Import into the practice KMS", and return the verdict.
fn export_and_grade(
    h: &mut Harness<'_, WizardApp>,
    picker: &FixedPicker,
    folder: &Path,
) -> Verdict {
    button(h, "Next");
    assert_eq!(step(h), Step::Export);
    assert!(
        h.query_by_role_and_label(Role::Button, "Import into the practice KMS")
            .is_none(),
        "nothing to import before the bundle is written"
    );
    picker.answer(folder);
    button(h, "Browse for the export folder");
    export_press(h, "Export");
    assert!(
        matches!(h.state().wizard().export(), Export::Written(_)),
        "export failed: {:?}",
        h.state().wizard().export_problem().map(|p| &p.details)
    );
    h.get_by_role_and_label(Role::Button, "Import into the practice KMS")
        .click();
    h.step();
    h.step();
    wait_for(h, "the practice verdict", Duration::from_secs(60), |a| {
        !a.wizard().practice().grading
    });
    let w = h.state().wizard();
    assert!(
        w.practice().problem.is_none(),
        "grading failed: {:?}",
        w.practice().problem.as_ref().map(|p| &p.details)
    );
    h.get_by_label("Practice KMS verdict");
    w.practice().verdict.clone().expect("a verdict")
}

/// The practice KMS's folder (under the temp directory, holding its wrapping private key) is
/// removed when the window closes.
fn close_window_removes_practice_folder(h: Harness<'static, WizardApp>) {
    let w = h.state().wizard();
    // The parameters were not remembered as the user's input folder.
    let dir = w.practice().issued.as_ref().unwrap().dir.clone();
    assert_ne!(w.prefs().input_folder.as_ref(), Some(&dir));
    assert!(
        dir.is_dir(),
        "the practice folder exists while the window is open"
    );
    drop(h);
    assert!(!dir.exists(), "closing the window left {}", dir.display());
}

#[test]
fn huawei_aes_256_generated_practice_round_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    choose_provider_and_spec(&mut h, "Huawei Cloud KMS (DEW)", None);
    practice_next(&mut h);
    h.get_by_label_contains("From the Huawei get-parameters-for-import JSON");
    button(&mut h, "Next");

    assert!(h.state().wizard().will_generate());
    click(&mut h, Role::CheckBox, "I keep my own copy");
    assert!(is_enabled(&h, Role::Button, "Next"));
    button(&mut h, "Next");
    wrap_and_wait(&mut h);

    let verdict = export_and_grade(&mut h, &picker, &dir.path().join("bundle"));
    let Verdict::Accepted { what, value, .. } = verdict else {
        panic!("rejected: {verdict:?}");
    };
    assert!(what.contains("AES-256"), "{what}");
    h.get_by_label_contains("accepted: AES-256");
    h.get_by_label_contains(&value);
    // The practice KMS's check value is the one the Wrap page showed; the material itself was
    // dropped (and wiped) once the bundle was written.
    let w = h.state().wizard();
    assert!(w.material().is_none(), "the material outlived the export");
    let out = w
        .output()
        .expect("the wrap's facts stay for the Export page");
    assert_eq!(out.facts.check_value, value);
    close_window_removes_practice_folder(h);
}

#[test]
fn alibaba_rsa_2048_loaded_practice_round_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    choose_provider_and_spec(&mut h, "Alibaba Cloud KMS", Some("RSA_2048"));
    practice_next(&mut h);
    h.get_by_label_contains("From the token file");
    button(&mut h, "Next");

    click(&mut h, Role::RadioButton, "Load it from a file");
    picker.answer(data("mat_rsa2048.pk8.der"));
    button(&mut h, "Browse for the key material");
    assert!(h.state().wizard().material().is_some());
    button(&mut h, "Next");
    wrap_and_wait(&mut h);

    let verdict = export_and_grade(&mut h, &picker, &dir.path().join("bundle"));
    let Verdict::Accepted { what, value, .. } = verdict else {
        panic!("rejected: {verdict:?}");
    };
    assert!(what.contains("RSA-2048"), "{what}");
    h.get_by_label_contains("accepted: RSA-2048");
    h.get_by_label_contains(&value);
    close_window_removes_practice_folder(h);
}

/// The wizard's state machine alone (no egui): the Practice switch turns Next on step 1 into
/// "issue practice parameters", and the issued folder is loaded through the ordinary actions.
#[test]
fn wizard_state_practice_toggle_issues_and_loads_through_ordinary_actions() {
    use byok_wizard::gui::worker::issue_practice;
    use byok_wizard::wizard::{Action, Blocker, Effect, FileRole, TextField, Wizard};
    let mut w = Wizard::default();
    assert!(!w.practice().on);
    // Without practice, Next just moves on; Back again.
    assert!(matches!(w.apply(Action::Next), Effect::None));
    assert_eq!(w.step(), Step::WrappingKey);
    assert!(matches!(w.apply(Action::Back), Effect::None));

    assert!(matches!(w.apply(Action::SetPractice(true)), Effect::None));
    let Effect::IssuePractice(offer) = w.apply(Action::Next) else {
        panic!("Next with Practice on issues parameters");
    };
    assert_eq!(Some(offer), w.offer());
    assert!(w.practice().issuing);
    assert_eq!(w.step(), Step::CloudAndKey);
    assert_eq!(w.blocker(), Some(Blocker::PracticeWorking));
    assert!(
        matches!(w.apply(Action::Next), Effect::None),
        "no second issue"
    );
    // Grading needs a written bundle.
    assert!(matches!(w.apply(Action::GradePractice), Effect::None));

    let issued = issue_practice(offer).expect("issued");
    let dir = issued.dir.clone();
    let key_id = issued.key_id.clone();
    let Effect::Then(actions) = w.apply(Action::PracticeIssued(Ok(issued))) else {
        panic!("the issued parameters are loaded through actions");
    };
    assert_eq!(w.step(), Step::WrappingKey);
    assert!(!w.practice().issuing);
    let dbg: Vec<String> = actions.iter().map(|a| format!("{a:?}")).collect();
    assert!(dbg.contains(&format!(
        "{:?}",
        Action::SetText(TextField::KeyId, key_id.clone())
    )));
    assert!(dbg.contains(&format!(
        "{:?}",
        Action::SetText(
            TextField::WrappingKeyPath,
            dir.join("get-parameters-for-import.json")
                .display()
                .to_string()
        )
    )));
    assert!(dbg.contains(&format!("{:?}", Action::Load(FileRole::WrappingKey))));
    assert!(dir.join(byok_wizard::core::practice::STATE_FILE).is_file());
    // A late second answer is ignored.
    assert!(matches!(
        w.apply(Action::PracticeIssued(Err(
            byok_wizard::core::error::Error::runtime("x", "y")
        ))),
        Effect::None
    ));
    assert!(w.practice().problem.is_none());
    // Back on step 1, Next does not issue again for the same choice.
    assert!(matches!(w.apply(Action::Back), Effect::None));
    assert!(matches!(w.apply(Action::Next), Effect::None));
    assert_eq!(w.step(), Step::WrappingKey);
    assert!(matches!(w.apply(Action::Back), Effect::None));
    // Switching practice off forgets what was issued.
    assert!(matches!(w.apply(Action::SetPractice(false)), Effect::None));
    assert!(w.practice().issued.is_none());
    #[allow(clippy::disallowed_methods)] // the test's own practice folder
    std::fs::remove_dir_all(&dir).ok();
}

/// Move the keyboard focus with Tab until the widget `role`/`label` has
/// it: how a keyboard-only user reaches a control.
fn tab_to(h: &mut Harness<'_, WizardApp>, role: Role, label: &str) {
    for _ in 0..120 {
        if h.query_by_role_and_label(role, label)
            .is_some_and(|n| n.accesskit_node().is_focused())
        {
            return;
        }
        h.key_press(egui::Key::Tab);
        h.run();
    }
    panic!("Tab never reached {role:?} {label:?}");
}

/// Type into the focused field, key by key, as text input.
fn type_keys(h: &mut Harness<'_, WizardApp>, text: &str) {
    h.event(egui::Event::Text(text.to_owned()));
    h.run();
}

/// A whole practice round with the keyboard alone — Tab to move, Space to tick and choose,
/// Enter to press, typed text — no pointer: practice on, Huawei AES_256 generated with an
/// encrypted backup, wrapped, exported, graded "accepted" with the check value the Wrap page
/// showed.
#[test]
fn a_whole_practice_round_with_the_keyboard_alone() {
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    let dir = tempfile::tempdir().unwrap();

    // Step 1: Practice on (Space), Next (Enter).
    tab_to(&mut h, Role::CheckBox, "Practice (offline playground)");
    h.key_press(egui::Key::Space);
    h.run();
    assert!(h.state().wizard().practice().on, "Space ticked Practice");
    tab_to(&mut h, Role::Button, "Next");
    h.key_press(egui::Key::Enter);
    h.step();
    h.step();
    wait_for(
        &mut h,
        "the practice parameters",
        Duration::from_secs(120),
        |a| !a.wizard().practice().issuing,
    );
    h.run();
    assert_eq!(step(&h), Step::WrappingKey);
    assert!(h.state().wizard().parameters().is_some());

    // Step 2 → 3.
    tab_to(&mut h, Role::Button, "Next");
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(step(&h), Step::KeyMaterial);

    // Step 3: Generate (chosen with Space), a backup file and its passphrase, typed.
    tab_to(&mut h, Role::RadioButton, "Generate it here");
    h.key_press(egui::Key::Space);
    h.run();
    let backup = dir.path().join("key.age");
    tab_to(&mut h, Role::TextInput, "Backup file");
    type_keys(&mut h, &backup.display().to_string());
    tab_to(&mut h, Role::PasswordInput, "Backup passphrase");
    type_keys(&mut h, "keyboard only 2026");
    tab_to(&mut h, Role::PasswordInput, "Repeat passphrase");
    type_keys(&mut h, "keyboard only 2026");
    assert_eq!(h.state().wizard().blocker(), None);
    tab_to(&mut h, Role::Button, "Next");
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(step(&h), Step::Wrap);

    // Step 4: Wrap (Enter), wait for the worker.
    tab_to(&mut h, Role::Button, "Wrap");
    h.key_press(egui::Key::Enter);
    h.step();
    h.step();
    wait_for(&mut h, "the wrap", Duration::from_secs(120), |a| {
        !a.wizard().is_working()
    });
    h.run();
    let kcv = h
        .state()
        .wizard()
        .output()
        .expect("wrapped")
        .facts
        .check_value
        .clone();
    assert!(backup.exists(), "the backup was written");

    // Step 5: the bundle folder typed, Export (Enter), then the practice KMS (Enter).
    tab_to(&mut h, Role::Button, "Next");
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(step(&h), Step::Export);
    let bundle = dir.path().join("bundle");
    tab_to(&mut h, Role::TextInput, "Bundle folder");
    type_keys(&mut h, &bundle.display().to_string());
    tab_to(&mut h, Role::Button, "Export");
    h.key_press(egui::Key::Enter);
    h.step();
    wait_for(&mut h, "the export", Duration::from_secs(60), |a| {
        !matches!(a.wizard().export(), Export::Writing(_))
    });
    h.run();
    assert!(matches!(h.state().wizard().export(), Export::Written(_)));
    assert!(bundle.join("manifest.json").exists());
    tab_to(&mut h, Role::Button, "Import into the practice KMS");
    h.key_press(egui::Key::Enter);
    h.step();
    h.step();
    wait_for(&mut h, "the verdict", Duration::from_secs(60), |a| {
        !a.wizard().practice().grading
    });
    h.run();
    match h.state().wizard().practice().verdict.clone() {
        Some(Verdict::Accepted { value, .. }) => assert_eq!(value, kcv),
        other => panic!("not accepted: {other:?}"),
    }
    h.get_by_label_contains("matches");
}
