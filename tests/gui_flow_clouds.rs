//! The wizard window for clouds and schemes added by the catalog alone (issue 7): Google Cloud KMS,
//! Azure Key Vault / Managed HSM and AWS SM2PKE, driven by accessible label and role (egui_kittest over
//! AccessKit) exactly like `tests/gui_flow.rs`. Each flow ends with the exported bundle
//! unwrapped by the independent oracle `tests/oracle/unwrap_bundle.py` (Python `cryptography`,
//! no byok-wizard code): the recovered material must equal the fixture's bytes.

use byok_wizard::gui::file_picker::FixedPicker;
use byok_wizard::gui::WizardApp;
use byok_wizard::wizard::Language;
use byok_wizard::wizard::Step;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use egui_kittest::Harness;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const AZURE_KEK_ID: &str = "https://v1.vault.azure.net/keys/KEKforBYOK/0123abcd";

// ------------------------------------------------------------------------------------------ tools

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn new_harness(picker: &FixedPicker) -> Harness<'static, WizardApp> {
    let picker = picker.clone();
    Harness::builder()
        .with_size([1200.0, 1500.0])
        .with_max_steps(40)
        // English whatever the locale the tests run in (the labels below are English).
        .build_eframe(move |cc| {
            WizardApp::new(cc, Box::new(picker)).with_language(Language::English)
        })
}

fn step(h: &Harness<'_, WizardApp>) -> Step {
    h.state().wizard().step()
}

/// Click the control with this accessible label and role, then let the UI settle.
fn click(h: &mut Harness<'_, WizardApp>, role: Role, label: &str) {
    h.get_by_role_and_label(role, label).click();
    h.run();
}

fn button(h: &mut Harness<'_, WizardApp>, label: &str) {
    click(h, Role::Button, label);
}

fn is_enabled(h: &Harness<'_, WizardApp>, role: Role, label: &str) -> bool {
    !h.get_by_role_and_label(role, label)
        .accesskit_node()
        .is_disabled()
}

/// Replace the text of the field labelled `label` (select all, then type).
fn type_into(h: &mut Harness<'_, WizardApp>, label: &str, text: &str) {
    h.get_by_label(label).focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label(label).type_text(text);
    h.run();
}

/// Step frames (the spinner never lets the UI settle) until `done`, for at most `limit`.
fn wait_for(
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

/// Press Wrap and wait for the worker to finish.
fn wrap_and_wait(h: &mut Harness<'_, WizardApp>) {
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
fn export_to(h: &mut Harness<'_, WizardApp>, picker: &FixedPicker, folder: &Path) {
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
    button(h, "Export");
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
}

/// The independent oracle: unwrap the bundle with the wrapping private key; material as hex.
fn oracle(bundle: &Path, wrapping_private_key: &str) -> String {
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

fn choose_provider_and_spec(h: &mut Harness<'_, WizardApp>, provider: &str, spec: Option<&str>) {
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

// ------------------------------------------------------------------------------------ whole flows

#[test]
fn gcp_ec_p256_with_rsa_oaep_3072_sha256_aes_256_round_trips() {
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    // GCP's own spelling, with the common name beside it.
    choose_provider_and_spec(
        &mut h,
        "Google Cloud KMS",
        Some("EC_SIGN_P256_SHA256 (EC_P256)"),
    );
    // All six import methods are offered for an EC key; the 3072-bit SHA-256 one is preselected.
    let recommended = "RSA_OAEP_3072_SHA256_AES_256  (recommended)";
    for method in [
        recommended,
        "RSA_OAEP_4096_SHA256_AES_256",
        "RSA_OAEP_3072_SHA1_AES_256",
        "RSA_OAEP_4096_SHA1_AES_256",
        "RSA_OAEP_3072_SHA256",
        "RSA_OAEP_4096_SHA256",
    ] {
        h.get_by_role_and_label(Role::RadioButton, method);
    }
    // Choose another method, then the intended one: the radio buttons drive the choice.
    click(&mut h, Role::RadioButton, "RSA_OAEP_4096_SHA256_AES_256");
    assert_eq!(
        h.state().wizard().inputs().algorithm.name(),
        "RSA_OAEP_4096_SHA256_AES_256"
    );
    click(&mut h, Role::RadioButton, recommended);
    assert_eq!(
        h.state().wizard().inputs().algorithm.name(),
        "RSA_OAEP_3072_SHA256_AES_256"
    );
    button(&mut h, "Next");
    assert_eq!(step(&h), Step::WrappingKey);

    // GCP has no separate import token and no KEK identifier.
    assert!(h.query_by_label("Import token").is_none());
    assert!(h.query_by_label("KEK identifier").is_none());
    assert!(!is_enabled(&h, Role::Button, "Next"));
    picker.answer(data("wrap_rsa3072.pub.pem"));
    button(&mut h, "Browse for the wrapping key");
    h.get_by_label("RSA-3072 public key (PEM SubjectPublicKeyInfo)");
    assert!(is_enabled(&h, Role::Button, "Next"));
    button(&mut h, "Next");

    click(&mut h, Role::RadioButton, "Load it from a file");
    assert!(!is_enabled(&h, Role::Button, "Next"));
    picker.answer(data("mat_ec_p256.pk8.der"));
    button(&mut h, "Browse for the key material");
    h.get_by_label_contains("Key check value");
    assert!(h.state().wizard().material().is_some());
    button(&mut h, "Next");
    wrap_and_wait(&mut h);
    h.get_by_label("Wrapped");

    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("gcp-ec");
    export_to(&mut h, &picker, &bundle);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(bundle.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["provider"], "gcp", "{manifest}");
    assert_eq!(
        oracle(&bundle, "wrap_rsa3072.key.pem"),
        hex::encode(std::fs::read(data("mat_ec_p256.pk8.der")).unwrap())
    );
}

#[test]
fn azure_rsa_2048_with_a_kek_identifier_round_trips() {
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    choose_provider_and_spec(&mut h, "Azure Key Vault / Managed HSM", Some("RSA_2048"));
    // Azure has one scheme, preselected.
    h.get_by_role_and_label(Role::RadioButton, "CKM_RSA_AES_KEY_WRAP  (recommended)");
    button(&mut h, "Next");
    assert_eq!(step(&h), Step::WrappingKey);

    // The KEK: its public key from a file, its identifier typed.
    assert!(h.query_by_label("Import token").is_none());
    picker.answer(data("wrap_rsa4096.pub.pem"));
    button(&mut h, "Browse for the wrapping key");
    h.get_by_label("RSA-4096 public key (PEM SubjectPublicKeyInfo)");
    // Without the KEK identifier there is no moving on.
    assert!(
        !is_enabled(&h, Role::Button, "Next"),
        "Next needs the KEK identifier"
    );
    type_into(&mut h, "KEK identifier", AZURE_KEK_ID);
    assert!(
        h.state().wizard().kek_problem().is_none(),
        "{:?}",
        h.state().wizard().kek_problem().map(|p| &p.details)
    );
    assert_eq!(
        h.state()
            .wizard()
            .parameters()
            .and_then(|p| p.kek_id.as_deref()),
        Some(AZURE_KEK_ID)
    );
    assert!(is_enabled(&h, Role::Button, "Next"));
    button(&mut h, "Next");
    assert_eq!(step(&h), Step::KeyMaterial);

    click(&mut h, Role::RadioButton, "Load it from a file");
    picker.answer(data("mat_rsa2048.pk8.der"));
    button(&mut h, "Browse for the key material");
    h.get_by_label_contains("Key check value");
    assert!(h.state().wizard().material().is_some());
    button(&mut h, "Next");
    wrap_and_wait(&mut h);
    h.get_by_label("Wrapped");

    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("azure-rsa");
    export_to(&mut h, &picker, &bundle);
    h.get_by_label("KeyTransferPackage.byok");
    assert_eq!(
        oracle(&bundle, "wrap_rsa4096.key.pem"),
        hex::encode(std::fs::read(data("mat_rsa2048.pk8.der")).unwrap())
    );
    let byok: serde_json::Value =
        serde_json::from_slice(&std::fs::read(bundle.join("KeyTransferPackage.byok")).unwrap())
            .unwrap();
    assert_eq!(byok["header"]["kid"], AZURE_KEK_ID, "{byok}");
    assert_eq!(byok["header"]["enc"], "CKM_RSA_AES_KEY_WRAP", "{byok}");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(bundle.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["provider"], "azure", "{manifest}");
    assert_eq!(manifest["kek_id"], AZURE_KEK_ID, "{manifest}");
}

/// AWS SM2PKE (China Regions) through the window, reached from the catalog alone: an SM2 key and an
/// SM2 wrapping key made by OpenSSL; the upload is decrypted by `openssl pkeyutl` and by the gmssl
/// oracle (`tests/oracle/sm2_decrypt.py`) and must be the key's PKCS#8 DER.
#[test]
fn aws_sm2_key_with_sm2pke_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sh = |args: &[&str]| {
        let o = Command::new("openssl")
            .args(args)
            .output()
            .expect("openssl");
        assert!(
            o.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        o.stdout
    };
    let p = |n: &str| d.join(n).to_str().unwrap().to_owned();
    sh(&["genpkey", "-algorithm", "SM2", "-out", &p("wk.pem")]);
    sh(&[
        "pkey",
        "-in",
        &p("wk.pem"),
        "-pubout",
        "-outform",
        "DER",
        "-out",
        &p("WrappingPublicKey.bin"),
    ]);
    sh(&["genpkey", "-algorithm", "SM2", "-out", &p("mat.pem")]);
    let want = sh(&[
        "pkcs8",
        "-topk8",
        "-nocrypt",
        "-in",
        &p("mat.pem"),
        "-outform",
        "DER",
    ]);
    std::fs::write(d.join("ImportToken.bin"), [5u8; 64]).unwrap();

    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    choose_provider_and_spec(&mut h, "AWS KMS", Some("SM2 (EC_SM2)"));
    h.get_by_role_and_label(Role::RadioButton, "SM2PKE  (recommended)");
    button(&mut h, "Next");
    assert_eq!(step(&h), Step::WrappingKey);
    picker.answer(d.join("WrappingPublicKey.bin"));
    button(&mut h, "Browse for the wrapping key");
    picker.answer(d.join("ImportToken.bin"));
    button(&mut h, "Browse for the import token");
    h.get_by_label("SM2 public key (DER SubjectPublicKeyInfo)");
    assert!(is_enabled(&h, Role::Button, "Next"));
    button(&mut h, "Next");

    click(&mut h, Role::RadioButton, "Load it from a file");
    picker.answer(d.join("mat.pem"));
    button(&mut h, "Browse for the key material");
    h.get_by_label_contains("Key check value");
    button(&mut h, "Next");
    wrap_and_wait(&mut h);
    let bundle = d.join("aws-sm2");
    export_to(&mut h, &picker, &bundle);
    let ct = bundle.join("EncryptedKeyMaterial.bin");
    let by_openssl = sh(&[
        "pkeyutl",
        "-decrypt",
        "-inkey",
        &p("wk.pem"),
        "-in",
        ct.to_str().unwrap(),
    ]);
    assert_eq!(by_openssl, want, "openssl: the unwrapped key differs");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/sm2_decrypt.py");
    let o = Command::new("python3")
        .arg(script)
        .arg(d.join("wk.pem"))
        .arg(&ct)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "gmssl oracle: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(o.stdout, want, "gmssl: the unwrapped key differs");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(bundle.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["algorithm"], "SM2PKE", "{manifest}");
}
