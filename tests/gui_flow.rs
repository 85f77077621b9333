//! The wizard window, driven the way a screen reader sees it (egui_kittest over AccessKit): every
//! control is found by its accessible label and role, so these tests also prove the names exist
//! (kittest checks on every settled frame that no input lacks one). No GPU is needed.
//!
//! Four whole flows end with the exported bundle unwrapped by the independent oracle
//! `tests/oracle/unwrap_bundle.py` (Python `cryptography`, no byok-wizard code); the recovered
//! material must equal what went in (for generated material: what the age backup holds).
//! The other tests cover the refusals: expired parameters, wrong-size material, a wrong
//! passphrase, a non-empty export folder, and Cancel during RSA-4096 generation.

use byok_wizard::gui::file_picker::FixedPicker;
use byok_wizard::gui::WizardApp;
use byok_wizard::wizard::{Phase, Step, Work};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;
use common::gui::*;

const HUAWEI_KEY_ID: &str = "43f1ffd7-18fb-4568-9575-602e009b7ee8";
const ALIBABA_KEY_ID: &str = "key-1234abcd-12ab-34cd-56ef-1234567890ab";
const AWS_KEY_ID: &str = "f44c4e20-f83c-48f4-adc6-a1ef38829760";

fn huawei_json(expires: i64) -> String {
    use base64::Engine as _;
    let der = std::fs::read(data("wrap_rsa2048.pub.der")).unwrap();
    let token = std::fs::read_to_string(data("token.b64")).unwrap();
    serde_json::json!({
        "key_id": HUAWEI_KEY_ID,
        "public_key": base64::engine::general_purpose::STANDARD.encode(der),
        "import_token": token.trim(),
        "expiration_time": expires,
    })
    .to_string()
}

/// A dropped file, as the window system would hand it over.
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

// ------------------------------------------------------------------------------------ whole flows

#[test]
fn huawei_aes_256_loaded_from_a_file_round_trips() {
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    choose_provider_and_spec(&mut h, "Huawei Cloud KMS (DEW)", None);
    // The only algorithm for Huawei AES_256 is preselected as recommended.
    h.get_by_label("RSAES_OAEP_SHA_256  (recommended)");
    type_into(&mut h, "Key id (optional)", HUAWEI_KEY_ID);
    // Enter outside any field = Next.
    h.get_by_label("Key id (optional)").focus();
    h.run();
    h.key_press(egui::Key::Enter); // leaves the field and moves on (Enter = Next in a field)
    h.run();
    assert_eq!(step(&h), Step::WrappingKey);

    // Next is disabled, says why, on hover and beside it.
    assert!(!is_enabled(&h, Role::Button, "Next"));
    let why = "Load the wrapping public key (or the get-parameters JSON) first.";
    h.get_by_label(why);
    h.get_by_role_and_label(Role::Button, "Next").hover();
    h.run_steps(6);
    assert!(
        h.query_all_by_label(why).count() >= 2,
        "the disabled Next shows its reason as a tooltip"
    );

    type_into(
        &mut h,
        "Wrapping public key",
        &data("wrap_rsa2048.pub.pem").display().to_string(),
    );
    button(&mut h, "Load the wrapping key");
    h.get_by_label("RSA-2048 public key (PEM SubjectPublicKeyInfo)");
    picker.answer(data("token.b64"));
    button(&mut h, "Browse for the import token");
    h.get_by_label_contains("From the token file");
    assert!(is_enabled(&h, Role::Button, "Next"));
    button(&mut h, "Next");

    click(&mut h, Role::RadioButton, "Load it from a file");
    assert!(!is_enabled(&h, Role::Button, "Next"));
    picker.answer(data("sym32.bin"));
    button(&mut h, "Browse for the key material");
    h.get_by_label("AES-256 key (32 bytes)");
    h.get_by_label_contains("Key check value");
    button(&mut h, "Next");
    wrap_and_wait(&mut h);
    h.get_by_label("Wrapped");

    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("huawei-aes");
    export_to(&mut h, &picker, &bundle);
    assert_eq!(
        oracle(&bundle, "wrap_rsa2048.key.pem"),
        hex::encode(std::fs::read(data("sym32.bin")).unwrap())
    );
    // The end state: the next key starts on step 1 with nothing of this one left.
    button(&mut h, "Wrap another key");
    assert_eq!(step(&h), Step::CloudAndKey);
    assert!(h.state().wizard().output().is_none() && h.state().wizard().material().is_none());
}

#[test]
fn huawei_rsa_3072_from_a_pem_with_the_parameters_json_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    // A PKCS#8 PEM of the DER fixture.
    let der = std::fs::read(data("mat_rsa3072.pk8.der")).unwrap();
    let pem = {
        use base64::Engine as _;
        let b64 = base64::engine::general_purpose::STANDARD.encode(&der);
        let lines: Vec<&str> = b64
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            lines.join("\n")
        )
    };
    let pem_path = dir.path().join("rsa3072.pem");
    std::fs::write(&pem_path, pem).unwrap();
    let json_path = dir.path().join("get-parameters-for-import.json");
    let expires = time::OffsetDateTime::now_utc().unix_timestamp() + 20 * 3600;
    std::fs::write(&json_path, huawei_json(expires)).unwrap();

    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    choose_provider_and_spec(&mut h, "Huawei Cloud KMS (DEW)", Some("RSA_3072"));
    h.get_by_label("RSA 3072-bit key pair (private key as PKCS#8 DER)");
    button(&mut h, "Next");

    // Drag and drop the JSON onto the page (not onto a field): it goes to the wrapping key.
    h.remove_cursor();
    h.run();
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(json_path.clone())));
    h.run();
    h.run();
    let w = h.state().wizard();
    let p = w.parameters().expect("the dropped JSON loaded");
    assert_eq!(p.key_id.as_deref(), Some(HUAWEI_KEY_ID));
    h.get_by_label("From the Huawei get-parameters-for-import JSON. 600 bytes.");
    h.get_by_label_contains("19h 59m left");
    button(&mut h, "Next");

    click(&mut h, Role::RadioButton, "Load it from a file");
    type_into(&mut h, "Key material file", &pem_path.display().to_string());
    h.key_press(egui::Key::Enter); // Enter in a path field loads it
    h.run();
    h.get_by_label("RSA-3072 private key (PKCS#8 PEM)");
    button(&mut h, "Next");
    wrap_and_wait(&mut h);
    let bundle = dir.path().join("huawei-rsa");
    export_to(&mut h, &picker, &bundle);
    assert!(bundle.join("out_rsa_private_key.der").exists());
    assert_eq!(oracle(&bundle, "wrap_rsa2048.key.pem"), hex::encode(&der));
}

#[test]
fn alibaba_ec_p256_generated_with_a_backup_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    choose_provider_and_spec(&mut h, "Alibaba Cloud KMS", Some("EC_P256"));
    h.get_by_label("RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD  (recommended)");
    type_into(&mut h, "Key id (optional)", ALIBABA_KEY_ID);
    button(&mut h, "Next");

    // Paste the console's base64 public key from the clipboard.
    button(&mut h, "Paste the wrapping key");
    let b64 = std::fs::read_to_string(data("wrap_rsa2048.pub.b64")).unwrap();
    h.event(egui::Event::Paste(b64));
    h.run();
    h.get_by_label("(pasted text)");
    h.get_by_label("RSA-2048 public key (base64 of DER SubjectPublicKeyInfo)");
    // The token file is dropped onto the token field.
    h.get_by_role_and_label(Role::TextInput, "Import token")
        .hover();
    h.run();
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(data("token.b64"))));
    h.run();
    h.run();
    h.get_by_label_contains("From the token file");
    button(&mut h, "Next");

    // Generate (the default): Next stays disabled until there is a backup or an own copy.
    assert!(h.state().wizard().will_generate());
    h.get_by_label("The Wrap step generates an EC key pair on P-256 with the operating system's random number generator.");
    assert!(!is_enabled(&h, Role::Button, "Next"));
    let backup = dir.path().join("ec.age");
    picker.answer(&backup);
    button(&mut h, "Browse for the backup file");
    assert_eq!(
        picker.asked().last().unwrap().suggested_name.as_deref(),
        Some("alibaba-ec_p256-key-material.age")
    );
    assert_eq!(
        picker.asked().last().unwrap().title,
        "Save the encrypted backup as"
    );
    type_into(&mut h, "Backup passphrase", "tr0ub4dor&3 staple");
    assert!(!is_enabled(&h, Role::Button, "Next"));
    h.get_by_label("The two backup passphrases differ.");
    type_into(&mut h, "Repeat passphrase", "tr0ub4dor&3 staple");
    assert!(is_enabled(&h, Role::Button, "Next"));
    button(&mut h, "Next");
    h.get_by_label("generate an EC key pair on P-256");
    wrap_and_wait(&mut h);
    h.get_by_label(&backup.display().to_string());

    let bundle = dir.path().join("alibaba-ec");
    export_to(&mut h, &picker, &bundle);
    let recovered = oracle(&bundle, "wrap_rsa2048.key.pem");
    let restored = byok_wizard::core::backup::decrypt(
        &std::fs::read(&backup).unwrap(),
        &secrecy::SecretString::from("tr0ub4dor&3 staple".to_owned()),
    )
    .unwrap();
    assert_eq!(recovered, hex::encode(restored.expose()));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[test]
fn aws_rsa_2048_from_an_encrypted_key_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    choose_provider_and_spec(&mut h, "AWS KMS", Some("RSA_2048"));
    h.get_by_label("RSA_AES_KEY_WRAP_SHA_256  (recommended)");
    h.get_by_label("RSA_AES_KEY_WRAP_SHA_1");
    type_into(&mut h, "Key id (optional)", AWS_KEY_ID);
    button(&mut h, "Next");
    picker.answer(data("wrap_rsa4096.pub.der"));
    button(&mut h, "Browse for the wrapping key");
    picker.answer(data("token.bin"));
    button(&mut h, "Browse for the import token");
    h.get_by_label("RSA-4096 public key (DER SubjectPublicKeyInfo)");
    button(&mut h, "Next");

    click(&mut h, Role::RadioButton, "Load it from a file");
    assert!(
        h.query_by_label("Key passphrase").is_none(),
        "no passphrase field for a plain key"
    );
    picker.answer(data("mat_rsa2048.enc.pk8.pem"));
    button(&mut h, "Browse for the key material");
    // The passphrase field appears only now.
    h.get_by_label("Key passphrase");
    assert!(!is_enabled(&h, Role::Button, "Next"));
    type_into(&mut h, "Key passphrase", "correct horse battery staple 7");
    unlock_and_wait(&mut h);
    assert!(h.query_by_label("Key passphrase").is_none());
    h.get_by_label("RSA-2048 private key (encrypted PKCS#8 PEM)");
    button(&mut h, "Next");
    wrap_and_wait(&mut h);
    let bundle = dir.path().join("aws-rsa");
    export_to(&mut h, &picker, &bundle);
    assert_eq!(
        oracle(&bundle, "wrap_rsa4096.key.pem"),
        hex::encode(std::fs::read(data("mat_rsa2048.pk8.der")).unwrap())
    );
}

// ------------------------------------------------------------------------------------- refusals

#[test]
fn expired_parameters_json_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("old.json");
    std::fs::write(&json, huawei_json(1_600_000_000)).unwrap();
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    button(&mut h, "Next");
    picker.answer(&json);
    button(&mut h, "Browse for the wrapping key");
    h.get_by_label("These import parameters have expired");
    h.get_by_label_contains("Download a new wrapping key and import token from the console");
    assert!(!is_enabled(&h, Role::Button, "Next"));
    // Beside Next: what is wrong (the parameters expired), not "the wrapping key cannot be used".
    h.get_by_label("The import parameters have expired; download new ones from the console.");
    assert!(h
        .query_by_label("The wrapping key cannot be used; see the problem above.")
        .is_none());
    // The details fold out.
    click(&mut h, Role::DisclosureTriangle, "Details");
    h.get_by_label_contains("expired at 2020-09-13T12:26:40Z");
    assert!(h.state().wizard().parameters().is_none());
}

#[test]
fn wrong_size_material_is_refused() {
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    button(&mut h, "Next");
    picker.answer(data("wrap_rsa2048.pub.pem"));
    button(&mut h, "Browse for the wrapping key");
    button(&mut h, "Next");
    click(&mut h, Role::RadioButton, "Load it from a file");
    picker.answer(data("sym16.bin"));
    button(&mut h, "Browse for the key material");
    h.get_by_label("The key material does not match the key spec");
    h.get_by_label_contains("Give the AES_256 key as raw bytes, hex or base64");
    assert!(!is_enabled(&h, Role::Button, "Next"));
    assert!(h.state().wizard().material().is_none());
}

#[test]
fn encrypted_key_with_a_wrong_passphrase_is_refused() {
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    choose_provider_and_spec(&mut h, "Alibaba Cloud KMS", Some("RSA_2048"));
    button(&mut h, "Next");
    picker.answer(data("wrap_rsa2048.pub.pem"));
    button(&mut h, "Browse for the wrapping key");
    button(&mut h, "Next");
    click(&mut h, Role::RadioButton, "Load it from a file");
    picker.answer(data("mat_rsa2048.enc.pk8.pem"));
    button(&mut h, "Browse for the key material");
    h.get_by_label("This private key is encrypted. Type its passphrase to unlock it:");
    assert!(!is_enabled(&h, Role::Button, "Unlock"), "nothing typed yet");
    type_into(&mut h, "Key passphrase", "Tr0ub4dor&3");
    h.key_press(egui::Key::Enter); // Enter in the passphrase field = Unlock
    wait_until_unlocked(&mut h);
    h.get_by_label("The passphrase does not unlock the key");
    assert!(!is_enabled(&h, Role::Button, "Next"));
    assert!(
        h.state().wizard().needs_passphrase(),
        "another try is possible"
    );
}

#[test]
fn an_export_folder_of_someone_elses_is_refused_and_an_earlier_bundle_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let busy = dir.path().join("busy");
    std::fs::create_dir(&busy).unwrap();
    std::fs::write(busy.join("keep-me.txt"), b"old").unwrap();
    let folder = dir.path().join("bundle");
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    button(&mut h, "Next");
    picker.answer(data("wrap_rsa2048.pub.pem"));
    button(&mut h, "Browse for the wrapping key");
    button(&mut h, "Next");
    click(&mut h, Role::CheckBox, "I keep my own copy");
    button(&mut h, "Next");
    wrap_and_wait(&mut h);
    button(&mut h, "Next");
    // A folder holding a file byok-wizard did not write: refused, with the file named.
    type_into(&mut h, "Bundle folder", &busy.display().to_string());
    export_press(&mut h, "Export");
    assert!(h.query_by_label("Replace the folder's contents?").is_none());
    assert!(
        h.state().wizard().export_problem().is_some(),
        "no problem shown"
    );
    click(&mut h, Role::DisclosureTriangle, "Details");
    h.get_by_label_contains("keep-me.txt");
    assert_eq!(std::fs::read(busy.join("keep-me.txt")).unwrap(), b"old");
    assert_eq!(std::fs::read_dir(&busy).unwrap().count(), 1);
    // A new folder is written; exporting there again asks before replacing our own bundle.
    type_into(&mut h, "Bundle folder", &folder.display().to_string());
    export_press(&mut h, "Export");
    h.get_by_label_contains("Bundle written to");
    let first = std::fs::read(folder.join("manifest.json")).unwrap();
    type_into(&mut h, "Bundle folder", "");
    type_into(&mut h, "Bundle folder", &folder.display().to_string());
    export_press(&mut h, "Export");
    h.get_by_label("Replace the folder's contents?");
    // Cancel keeps the folder as it was.
    button(&mut h, "Cancel");
    assert!(h.query_by_label("Replace the folder's contents?").is_none());
    assert_eq!(std::fs::read(folder.join("manifest.json")).unwrap(), first);
    // Ask again and confirm.
    export_press(&mut h, "Export");
    export_press(&mut h, "Replace contents");
    assert!(folder.join("manifest.json").exists());
    h.get_by_label_contains("Bundle written to");
}

#[test]
fn cancel_during_rsa_4096_generation() {
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    choose_provider_and_spec(&mut h, "AWS KMS", Some("RSA_4096"));
    button(&mut h, "Next");
    picker.answer(data("wrap_rsa4096.pub.der"));
    button(&mut h, "Browse for the wrapping key");
    button(&mut h, "Next");
    click(&mut h, Role::CheckBox, "I keep my own copy");
    button(&mut h, "Next");
    h.get_by_role_and_label(Role::Button, "Wrap").click();
    wait_for(
        &mut h,
        "RSA generation to start",
        Duration::from_secs(20),
        |a| {
            matches!(
                a.wizard().work(),
                Work::Running {
                    phase: Phase::GeneratingRsa { bits: 4096 },
                    ..
                }
            )
        },
    );
    // The window keeps drawing frames while the key is generated: it stays responsive.
    let mut slowest = Duration::ZERO;
    for _ in 0..5 {
        let t = Instant::now();
        h.step();
        slowest = slowest.max(t.elapsed());
    }
    assert!(
        slowest < Duration::from_millis(500),
        "a frame took {slowest:?}"
    );
    h.get_by_label_contains("Generating an RSA-4096 key…");
    assert!(
        !is_enabled(&h, Role::Button, "Wrap"),
        "no second wrap while one runs"
    );
    assert!(!is_enabled(&h, Role::Button, "Back"));
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    wait_for(&mut h, "the cancel to land", Duration::from_secs(30), |a| {
        !a.wizard().is_working()
    });
    h.run();
    h.get_by_label("Cancelled. No key was generated and nothing was written.");
    assert!(h.state().wizard().output().is_none());
    assert!(
        is_enabled(&h, Role::Button, "Wrap"),
        "it can be started again"
    );
}

#[test]
fn start_over_forgets_everything_but_the_preferences() {
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    click(&mut h, Role::RadioButton, "AWS KMS");
    settings(&mut h, "Light");
    button(&mut h, "Next");
    picker.answer(data("wrap_rsa3072.pub.pem"));
    button(&mut h, "Browse for the wrapping key");
    button(&mut h, "Next");
    type_into(&mut h, "Backup passphrase", "secret passphrase");
    button(&mut h, "Start over");
    let w = h.state().wizard();
    assert_eq!(w.step(), Step::CloudAndKey);
    assert!(w.parameters().is_none());
    assert_eq!(w.inputs().backup_passphrase, "");
    assert_eq!(
        w.prefs().provider.as_deref(),
        Some("aws"),
        "the provider is remembered"
    );
    assert_eq!(w.prefs().theme, byok_wizard::wizard::ThemeChoice::Light);
    assert_eq!(h.ctx.theme(), egui::Theme::Light);
}

#[test]
fn keyboard_only_tab_type_and_enter() {
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    // Nothing has the keyboard: Enter = Next.
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(step(&h), Step::WrappingKey);
    // Tab reaches the first control of the page: the wrapping key's path.
    h.key_press(egui::Key::Tab);
    h.run();
    let field = h.get_by_role_and_label(Role::TextInput, "Wrapping public key");
    assert!(
        field.is_focused(),
        "Tab starts on the page, not in the navigation"
    );
    field.type_text(&data("wrap_rsa2048.pub.pem").display().to_string());
    h.run();
    // Enter in the path field loads the file; the next Enter moves on.
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(h.state().wizard().parameters().is_some());
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(step(&h), Step::KeyMaterial);
}

/// eframe storage in memory.
#[derive(Default)]
struct MemoryStorage(std::collections::BTreeMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }

    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }

    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }

    fn flush(&mut self) {}
}

#[test]
fn only_non_secret_preferences_are_saved() {
    use eframe::App as _;
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    click(&mut h, Role::RadioButton, "Alibaba Cloud KMS");
    settings(&mut h, "Dark");
    button(&mut h, "Next");
    picker.answer(data("wrap_rsa2048.pub.pem"));
    button(&mut h, "Browse for the wrapping key");
    picker.answer(data("token.b64"));
    button(&mut h, "Browse for the import token");
    button(&mut h, "Next");
    type_into(&mut h, "Backup passphrase", "do-not-persist-me");
    let mut storage = MemoryStorage::default();
    h.state_mut().save(&mut storage);
    assert_eq!(
        storage.0.keys().collect::<Vec<_>>(),
        vec!["byok-wizard.prefs"],
        "one key, and egui's own memory is not persisted: {storage:?}",
        storage = storage.0
    );
    let saved = &storage.0["byok-wizard.prefs"];
    let token = std::fs::read_to_string(data("token.b64")).unwrap();
    assert!(!saved.contains("do-not-persist-me"), "{saved}");
    assert!(!saved.contains(&token.trim()[..40]), "{saved}");
    let v: serde_json::Value = serde_json::from_str(saved).unwrap();
    assert_eq!(v["provider"], "alibaba");
    assert_eq!(v["theme"], "Dark");
    assert_eq!(
        v["input_folder"].as_str(),
        Some(data("token.b64").parent().unwrap().to_str().unwrap())
    );
    assert!(!h.state().persist_egui_memory());
    // A new window starts from what was saved.
    let mut h2 = Harness::builder()
        .with_size([1200.0, 1500.0])
        .build_eframe(move |cc| {
            cc.storage = Some(Box::leak(Box::new(storage)));
            WizardApp::new(cc, Box::new(FixedPicker::new()))
        });
    h2.run();
    assert_eq!(
        h2.state().wizard().inputs().provider,
        byok_wizard::core::catalog::Provider::Alibaba
    );
    assert_eq!(h2.ctx.theme(), egui::Theme::Dark);
}

/// A typed path is read when the field is left with Tab, without Enter or Load, and only once:
/// leaving it again with the same text reads nothing new.
#[test]
fn leaving_a_path_field_reads_what_was_typed() {
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    button(&mut h, "Next");
    let path = data("wrap_rsa2048.pub.pem").display().to_string();
    type_into(&mut h, "Wrapping public key", &path);
    assert!(
        h.state().wizard().parameters().is_none(),
        "typing alone reads nothing"
    );
    h.key_press(egui::Key::Tab);
    h.run();
    h.run();
    assert!(
        h.state().wizard().parameters().is_some(),
        "Tab out of the field read the wrapping key"
    );
    // A path that does not exist, left with Tab: its problem is shown.
    type_into(
        &mut h,
        "Wrapping public key",
        "/nonexistent/wrappingKey.pem",
    );
    h.key_press(egui::Key::Tab);
    h.run();
    h.run();
    assert!(h.state().wizard().wrapping_problem().is_some());
}

/// Browse on a desktop without a file dialog (no portal, no zenity): the window's own chooser
/// opens, by keyboard-reachable names; a folder is entered by typing it or choosing it in the
/// list, a file by choosing it and Open; Cancel and Escape close it without a choice.
#[test]
fn browse_without_a_desktop_dialog_opens_the_windows_own_chooser() {
    let picker = FixedPicker::without_dialogs();
    let mut h = new_harness(&picker);
    button(&mut h, "Next");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("keys")).unwrap();
    std::fs::copy(
        data("wrap_rsa2048.pub.pem"),
        dir.path().join("keys/wrappingKey.pem"),
    )
    .unwrap();
    std::fs::write(dir.path().join(".hidden"), b"x").unwrap();

    button(&mut h, "Browse for the wrapping key");
    h.get_by_label("The desktop's file dialog is not available here, so the window shows its own.");
    button(&mut h, "Cancel");
    assert!(h.query_by_label("Folder").is_none(), "Cancel closes it");
    assert!(h.state().wizard().parameters().is_none());

    button(&mut h, "Browse for the wrapping key");
    type_into(&mut h, "Folder", &dir.path().display().to_string());
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(
        h.query_by_label_contains(".hidden").is_none(),
        "hidden entries are left out"
    );
    assert!(!is_enabled(&h, Role::Button, "Open"), "nothing chosen yet");
    click(&mut h, Role::Button, "keys/ (folder)");
    click(&mut h, Role::Button, "wrappingKey.pem");
    button(&mut h, "Open");
    h.run();
    assert!(h.query_by_label("Folder").is_none(), "Open closes it");
    assert!(
        h.state().wizard().parameters().is_some(),
        "the chosen wrapping key was read"
    );
    assert_eq!(
        h.state().wizard().inputs().wrapping_key_path,
        dir.path()
            .join("keys/wrappingKey.pem")
            .display()
            .to_string()
    );
}
