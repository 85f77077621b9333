//! The wizard window for clouds and schemes added by the catalog alone: Google Cloud KMS,
//! Azure Key Vault / Managed HSM and AWS SM2PKE, driven by accessible label and role (egui_kittest over
//! AccessKit) exactly like `tests/gui_flow.rs`. Each flow ends with the exported bundle
//! unwrapped by the independent oracle `tests/oracle/unwrap_bundle.py` (Python `cryptography`,
//! no byok-wizard code): the recovered material must equal the fixture's bytes.

use byok_wizard::gui::file_picker::FixedPicker;
use byok_wizard::wizard::Step;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use std::path::Path;
use std::process::Command;

mod common;
use common::gui::*;

const AZURE_KEK_ID: &str = "https://v1.vault.azure.net/keys/KEKforBYOK/0123abcd";

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
