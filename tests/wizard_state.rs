//! The wizard's state machine without egui: transitions, blockers, and what a change upstream
//! clears. Files come from `tests/data/` and are handed over as the app shell would
//! (`Action::FileRead`); the one wrap that runs here runs on the test thread (`run_job`).

use byok_wizard::core::catalog::{Algorithm, KeySpec, Provider};
use byok_wizard::core::input::params::ParamsSource;
use byok_wizard::core::secret::SecretBytes;
use byok_wizard::gui::worker::run_job;
use byok_wizard::wizard::{
    Action, Blocker, CopyWhat, Effect, Expiry, Export, FileRole, InputName, Language, MaterialMode,
    Origin, Phase, Prefs, Primary, ProblemKind, Step, TextField, ThemeChoice, TokenOrigin,
    WhatToDo, Wizard, Work,
};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Hand a fixture to the wizard as if the app had read it.
fn read(w: &mut Wizard, role: FileRole, name: &str) {
    let path = data(name);
    let bytes = std::fs::read(&path).unwrap();
    let e = w.apply(Action::FileRead {
        role,
        path,
        result: Ok(SecretBytes::new(bytes)),
    });
    assert!(matches!(e, Effect::None));
}

fn text(w: &mut Wizard, field: TextField, value: &str) {
    let e = w.apply(Action::SetText(field, value.to_owned()));
    assert!(matches!(e, Effect::None));
}

fn next(w: &mut Wizard) -> Effect {
    w.apply(Action::Next)
}

fn huawei_json(expires: i64) -> Vec<u8> {
    use base64::Engine as _;
    let der = std::fs::read(data("wrap_rsa2048.pub.der")).unwrap();
    let token = std::fs::read_to_string(data("token.b64")).unwrap();
    serde_json::json!({
        "key_id": "43f1ffd7-18fb-4568-9575-602e009b7ee8",
        "public_key": base64::engine::general_purpose::STANDARD.encode(der),
        "import_token": token.trim(),
        "expiration_time": expires,
    })
    .to_string()
    .into_bytes()
}

/// A wizard on the Key material page with Huawei AES_256 and a PEM wrapping key + token.
fn at_material_step() -> Wizard {
    let mut w = Wizard::default();
    assert_eq!(w.step(), Step::CloudAndKey);
    assert!(matches!(next(&mut w), Effect::None));
    read(&mut w, FileRole::WrappingKey, "wrap_rsa2048.pub.pem");
    read(&mut w, FileRole::ImportToken, "token.b64");
    assert_eq!(w.blocker(), None);
    let _ = next(&mut w);
    assert_eq!(w.step(), Step::KeyMaterial);
    w
}

#[test]
fn a_fresh_wizard_starts_with_the_remembered_provider_and_its_recommended_algorithm() {
    let w = Wizard::new(Prefs {
        provider: Some("alibaba".into()),
        ..Prefs::default()
    });
    assert_eq!(w.inputs().provider, Provider::Alibaba);
    assert_eq!(w.inputs().key_spec, KeySpec::Aes256);
    assert_eq!(w.inputs().algorithm, Algorithm::RsaesOaepSha256);
    assert_eq!(w.blocker(), None, "step 1 has only valid choices");
    assert!(!w.can_go_back());
    assert_eq!(w.primary(), Some(Primary::Next));
}

#[test]
fn next_is_blocked_until_the_wrapping_key_loads() {
    let mut w = Wizard::default();
    let _ = next(&mut w);
    assert_eq!(w.step(), Step::WrappingKey);
    assert_eq!(w.blocker(), Some(Blocker::NoWrappingKey));
    let _ = next(&mut w);
    assert_eq!(
        w.step(),
        Step::WrappingKey,
        "Next does nothing while blocked"
    );
    read(&mut w, FileRole::WrappingKey, "wrap_rsa2048.pub.pem");
    let p = w.parameters().expect("loaded");
    assert_eq!(p.params.wrapping_key.bits(), 2048);
    assert!(p.token.is_none());
    assert_eq!(w.token_origin(), Some(TokenOrigin::NotYet));
    assert_eq!(w.expiry(), Some(Expiry::UnknownForKeyFile));
    assert_eq!(w.blocker(), None, "a token is optional");
    read(&mut w, FileRole::ImportToken, "token.b64");
    assert_eq!(
        w.token_origin(),
        Some(TokenOrigin::FromFile(Some(InputName::Path(
            data("token.b64").display().to_string()
        ))))
    );
}

#[test]
fn changing_the_provider_checks_the_wrapping_key_again() {
    let mut w = Wizard::default();
    let _ = w.apply(Action::SetProvider(Provider::Aws));
    let _ = next(&mut w);
    read(&mut w, FileRole::WrappingKey, "wrap_rsa4096.pub.der");
    assert!(
        w.parameters().is_some(),
        "AWS issues RSA-4096 wrapping keys"
    );
    let _ = w.apply(Action::SetProvider(Provider::Huawei));
    assert!(w.parameters().is_none());
    let p = w.wrapping_problem().expect("refused");
    assert_eq!(p.kind, ProblemKind::KeyDoesNotFitProvider(Provider::Huawei));
    assert!(p.details.contains("RSA-4096"), "{}", p.details);
    assert_eq!(w.blocker(), Some(Blocker::WrappingKeyProblem));
    let _ = w.apply(Action::SetProvider(Provider::Aws));
    assert!(w.parameters().is_some(), "kept bytes are checked again");
    assert_eq!(w.prefs().provider.as_deref(), Some("aws"));
}

#[test]
fn expired_parameters_are_refused_with_their_own_headline() {
    let mut w = Wizard::default();
    let _ = next(&mut w);
    let path = PathBuf::from("params.json");
    let _ = w.apply(Action::FileRead {
        role: FileRole::WrappingKey,
        path,
        result: Ok(SecretBytes::new(huawei_json(1_500_000_000))),
    });
    let p = w.wrapping_problem().expect("refused");
    assert_eq!(p.kind, ProblemKind::ParamsExpired);
    assert_eq!(p.what_to_do, WhatToDo::DownloadNewParameters);
    assert!(p.details.contains("2017-07-14T02:40:00Z"), "{}", p.details);
    // Beside Next: the parameters expired (the key itself is fine).
    assert_eq!(w.blocker(), Some(Blocker::Expired));
}

#[test]
fn a_json_brings_token_key_id_and_expiry_and_a_different_key_id_is_refused() {
    let mut w = Wizard::default();
    let _ = next(&mut w);
    let far = time::OffsetDateTime::now_utc().unix_timestamp() + 3 * 3600;
    let _ = w.apply(Action::FileRead {
        role: FileRole::WrappingKey,
        path: "p.json".into(),
        result: Ok(SecretBytes::new(huawei_json(far))),
    });
    let p = w.parameters().expect("loaded");
    assert_eq!(
        p.key_id.as_deref(),
        Some("43f1ffd7-18fb-4568-9575-602e009b7ee8")
    );
    assert_eq!(
        w.token_origin(),
        Some(TokenOrigin::FromParameters {
            source: ParamsSource::HuaweiJson,
            file_matches: false
        })
    );
    match w.expiry() {
        Some(Expiry::Expires { left, source, .. }) => {
            assert_eq!(source, ParamsSource::HuaweiJson);
            let minutes = left.whole_minutes();
            assert!((179..=180).contains(&minutes), "{left}");
        }
        e => panic!("{e:?}"),
    }
    // Typing another key id on page 1 makes the same parameters inconsistent.
    text(&mut w, TextField::KeyId, "another-key");
    assert_eq!(
        w.wrapping_problem().map(|p| p.kind),
        Some(ProblemKind::KeyIdMismatch)
    );
    text(&mut w, TextField::KeyId, "");
    assert!(w.parameters().is_some());
}

#[test]
fn a_bad_token_blocks_and_clearing_its_field_unblocks() {
    let mut w = Wizard::default();
    let _ = next(&mut w);
    read(&mut w, FileRole::WrappingKey, "wrap_rsa2048.pub.pem");
    read(&mut w, FileRole::ImportToken, "token.bin"); // binary; Huawei wants base64 text
    assert_eq!(
        w.token_problem().map(|p| p.kind),
        Some(ProblemKind::TokenUnusable)
    );
    assert!(w.parameters().is_some(), "the key itself is still shown");
    assert_eq!(w.blocker(), Some(Blocker::TokenProblem));
    text(&mut w, TextField::TokenPath, "");
    assert_eq!(w.token_problem(), None);
    assert_eq!(w.blocker(), None);
}

#[test]
fn a_missing_file_is_a_problem_not_a_crash() {
    let mut w = Wizard::default();
    let _ = next(&mut w);
    text(&mut w, TextField::WrappingKeyPath, "/nonexistent/wk.pem");
    match w.apply(Action::Load(FileRole::WrappingKey)) {
        Effect::ReadFile { role, path } => {
            assert_eq!(role, FileRole::WrappingKey);
            let result = byok_wizard::core::input::read_input_file("Wrapping key", &path)
                .map(SecretBytes::new);
            let _ = w.apply(Action::FileRead { role, path, result });
        }
        e => panic!("{e:?}"),
    }
    let p = w.wrapping_problem().expect("problem");
    assert!(p.details.contains("no such file"), "{}", p.details);
}

#[test]
fn wrong_size_material_is_explained() {
    let mut w = at_material_step();
    let _ = w.apply(Action::SetMaterialMode(MaterialMode::Load));
    assert_eq!(w.blocker(), Some(Blocker::NoMaterial));
    read(&mut w, FileRole::KeyMaterial, "sym16.bin");
    let p = w.material_problem().expect("refused");
    assert_eq!(p.kind, ProblemKind::MaterialSpecMismatch);
    assert!(p.details.contains("holds 16 bytes"), "{}", p.details);
    assert_eq!(w.blocker(), Some(Blocker::MaterialProblem));
    read(&mut w, FileRole::KeyMaterial, "sym32.hex");
    assert_eq!(w.material_problem(), None);
    assert_eq!(w.blocker(), None);
}

/// Unlock: the wizard hands the key derivation to the worker (never runs it in `apply`); run the
/// job here and hand its answer back, as the worker would.
fn unlock(w: &mut Wizard) {
    let job = match w.apply(Action::Unlock) {
        Effect::Unlock(job) => job,
        other => panic!("Unlock did not start a job: {other:?}"),
    };
    assert!(w.unlocking());
    assert_eq!(w.blocker(), Some(Blocker::Unlocking));
    let answer = job.run();
    let _ = w.apply(answer);
    assert!(!w.unlocking());
}

#[test]
fn a_cancelled_unlock_leaves_the_key_locked_and_its_late_answer_is_dropped() {
    let mut w = Wizard::default();
    let _ = w.apply(Action::SetProvider(Provider::Aws));
    let _ = w.apply(Action::SetKeySpec(KeySpec::Rsa2048));
    let _ = next(&mut w);
    read(&mut w, FileRole::WrappingKey, "wrap_rsa3072.pub.pem");
    let _ = next(&mut w);
    let _ = w.apply(Action::SetMaterialMode(MaterialMode::Load));
    read(&mut w, FileRole::KeyMaterial, "mat_rsa2048.enc.pk8.pem");
    text(
        &mut w,
        TextField::MaterialPassphrase,
        "correct horse battery staple 7",
    );
    let Effect::Unlock(job) = w.apply(Action::Unlock) else {
        panic!("no unlock job")
    };
    // While it runs, upstream choices are frozen.
    let _ = w.apply(Action::SetKeySpec(KeySpec::Rsa3072));
    assert_eq!(w.inputs().key_spec, KeySpec::Rsa2048);
    assert!(matches!(w.apply(Action::Cancel), Effect::CancelUnlock));
    assert!(!w.unlocking());
    let late = job.run();
    assert!(matches!(late, Action::Unlocked { result: Ok(_), .. }));
    let _ = w.apply(late);
    assert!(w.material().is_none(), "a cancelled unlock loaded the key");
    assert!(w.needs_passphrase());
    // A new try works.
    unlock(&mut w);
    assert!(w.material().is_some());
}

#[test]
fn an_encrypted_key_asks_for_its_passphrase_and_a_wrong_one_is_explained() {
    let mut w = Wizard::default();
    let _ = w.apply(Action::SetProvider(Provider::Aws));
    let _ = w.apply(Action::SetKeySpec(KeySpec::Rsa2048));
    assert_eq!(w.inputs().algorithm, Algorithm::RsaAesKeyWrapSha256);
    let _ = next(&mut w);
    read(&mut w, FileRole::WrappingKey, "wrap_rsa3072.pub.pem");
    let _ = next(&mut w);
    let _ = w.apply(Action::SetMaterialMode(MaterialMode::Load));
    read(&mut w, FileRole::KeyMaterial, "mat_rsa2048.enc.pk8.pem");
    assert!(w.needs_passphrase());
    assert_eq!(w.material_problem(), None);
    assert_eq!(w.blocker(), Some(Blocker::NeedsPassphrase));
    text(&mut w, TextField::MaterialPassphrase, "not it");
    unlock(&mut w);
    assert_eq!(
        w.material_problem().map(|p| p.kind),
        Some(ProblemKind::WrongPassphrase)
    );
    assert!(w.needs_passphrase(), "the field stays for another try");
    text(
        &mut w,
        TextField::MaterialPassphrase,
        "correct horse battery staple 7",
    );
    assert_eq!(w.material_problem(), None, "typing clears the old verdict");
    unlock(&mut w);
    assert!(!w.needs_passphrase());
    assert!(w.material().is_some());
    assert_eq!(
        w.inputs().material_passphrase,
        "",
        "the passphrase is wiped after use"
    );
    assert_eq!(w.blocker(), None);
}

#[test]
fn generated_material_needs_a_backup_or_an_acknowledged_own_copy() {
    let mut w = at_material_step();
    assert_eq!(w.inputs().material_mode, MaterialMode::Generate);
    assert_eq!(w.blocker(), Some(Blocker::BackupOrOwnCopy));
    text(&mut w, TextField::BackupPassphrase, "short");
    assert_eq!(w.blocker(), Some(Blocker::NoBackupPath));
    text(&mut w, TextField::BackupPath, "/tmp/x.age");
    assert_eq!(w.blocker(), Some(Blocker::BackupPassphraseTooShort));
    text(&mut w, TextField::BackupPassphrase, "long enough");
    assert_eq!(w.blocker(), Some(Blocker::BackupPassphrasesDiffer));
    text(&mut w, TextField::BackupPassphraseRepeat, "long enough");
    assert_eq!(w.blocker(), None);
    text(&mut w, TextField::BackupPassphraseRepeat, "");
    let _ = w.apply(Action::SetKeepOwnCopy(true));
    assert_eq!(w.blocker(), None, "an acknowledged own copy is enough");
}

#[test]
fn changing_the_key_spec_clears_the_material_and_resets_the_algorithm() {
    let mut w = Wizard::default();
    let _ = w.apply(Action::SetProvider(Provider::Alibaba));
    let _ = w.apply(Action::SetAlgorithm(Algorithm::RsaesPkcs1V15));
    assert!(w.offer().unwrap().deprecated);
    let _ = w.apply(Action::SetAlgorithm(Algorithm::RsaAesKeyWrapSha256));
    assert_eq!(
        w.inputs().algorithm,
        Algorithm::RsaesPkcs1V15,
        "algorithms the provider does not offer for the spec are ignored"
    );
    let _ = next(&mut w);
    read(&mut w, FileRole::WrappingKey, "wrap_rsa2048.pub.b64");
    let _ = next(&mut w);
    let _ = w.apply(Action::SetMaterialMode(MaterialMode::Load));
    read(&mut w, FileRole::KeyMaterial, "sym32.bin");
    assert!(w.material().is_some());
    let _ = w.apply(Action::Back);
    let _ = w.apply(Action::Back);
    let _ = w.apply(Action::SetKeySpec(KeySpec::EcP256));
    assert!(
        w.material().is_none(),
        "material for another spec is dropped"
    );
    assert_eq!(
        w.inputs().algorithm,
        Algorithm::RsaesOaepSha256Aes256EcbPkcs7Pad
    );
    assert!(
        w.parameters().is_some(),
        "the wrapping key does not depend on the spec"
    );
}

#[test]
fn material_too_large_for_direct_oaep_blocks_with_the_reason() {
    let mut w = Wizard::default();
    let _ = w.apply(Action::SetProvider(Provider::Aws));
    let _ = w.apply(Action::SetKeySpec(KeySpec::EcP521));
    let _ = w.apply(Action::SetAlgorithm(Algorithm::RsaesOaepSha256));
    let _ = next(&mut w);
    read(&mut w, FileRole::WrappingKey, "wrap_rsa2048.pub.pem");
    let _ = next(&mut w);
    let _ = w.apply(Action::SetMaterialMode(MaterialMode::Load));
    read(&mut w, FileRole::KeyMaterial, "mat_ec_p521.pk8.der");
    assert!(w.material().is_some());
    match w.blocker() {
        Some(Blocker::MaterialTooLarge(why)) => assert!(why.contains("can carry"), "{why}"),
        b => panic!("{b:?}"),
    }
}

#[test]
fn pasted_text_is_a_wrapping_key_source() {
    let mut w = Wizard::default();
    let _ = next(&mut w);
    assert!(matches!(
        w.apply(Action::Paste(FileRole::WrappingKey)),
        Effect::RequestPaste
    ));
    assert_eq!(w.pending_paste(), Some(FileRole::WrappingKey));
    let b64 = std::fs::read_to_string(data("wrap_rsa2048.pub.b64")).unwrap();
    let _ = w.apply(Action::Pasted(b64));
    assert_eq!(w.pending_paste(), None);
    assert_eq!(w.wrapping_source(), Some(&InputName::Pasted));
    assert!(w.parameters().is_some());
}

#[test]
fn the_whole_flow_with_cancel_wrap_and_export_confirmation() {
    let mut w = at_material_step();
    let _ = w.apply(Action::SetMaterialMode(MaterialMode::Load));
    read(&mut w, FileRole::KeyMaterial, "sym32.bin");
    let _ = next(&mut w);
    assert_eq!(w.step(), Step::Wrap);
    assert_eq!(w.primary(), Some(Primary::Wrap));
    assert_eq!(w.blocker(), None);
    let job = match next(&mut w) {
        Effect::StartWork(job) => job,
        e => panic!("{e:?}"),
    };
    assert!(w.is_working());
    assert_eq!(w.blocker(), Some(Blocker::Working));
    assert!(!w.can_go_back());
    // Cancel only means something during RSA generation.
    assert!(matches!(w.apply(Action::Cancel), Effect::None));
    let _ = w.apply(Action::WorkPhase(Phase::GeneratingRsa { bits: 4096 }));
    assert!(matches!(w.apply(Action::Cancel), Effect::CancelWork));
    assert!(matches!(
        w.work(),
        Work::Running {
            cancelling: true,
            ..
        }
    ));
    let _ = w.apply(Action::WorkFinished(Ok(None)));
    assert!(!w.is_working());
    assert!(w.wrap_cancelled());
    assert!(w.output().is_none());

    // Run the job for real (on this thread) and hand the answer back.
    let out = run_job(*job, &AtomicBool::new(false), &|_| {})
        .unwrap()
        .unwrap();
    let _ = next(&mut w); // start again
    let _ = w.apply(Action::WorkFinished(Ok(Some(Box::new(out)))));
    let out = w.output().expect("wrapped");
    assert!(out.generated_material.is_none());
    assert!(out
        .bundle
        .files
        .iter()
        .any(|f| f.name == "EncryptedKeyMaterial.bin"));
    assert_eq!(w.primary(), Some(Primary::Next));
    let _ = next(&mut w);
    assert_eq!(w.step(), Step::Export);
    assert_eq!(w.blocker(), Some(Blocker::NoExportFolder));

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.txt"), b"x").unwrap();
    text(
        &mut w,
        TextField::ExportFolder,
        &dir.path().display().to_string(),
    );
    match next(&mut w) {
        Effect::WriteBundle { replace, .. } => assert!(!replace),
        e => panic!("{e:?}"),
    }
    // The bundle is written on a worker: meanwhile nothing else may start and Back is off.
    assert_eq!(w.export(), &Export::Writing(dir.path().to_path_buf()));
    assert_eq!(w.blocker(), Some(Blocker::Exporting));
    assert!(!w.can_go_back());
    assert!(matches!(next(&mut w), Effect::None), "no second write");
    let _ = w.apply(Action::ExportFolderNotEmpty(dir.path().to_path_buf()));
    assert_eq!(w.blocker(), Some(Blocker::ConfirmReplace));
    let _ = w.apply(Action::CancelReplace);
    assert_eq!(w.export(), &Export::NotWritten);
    let _ = next(&mut w);
    let _ = w.apply(Action::ExportFolderNotEmpty(dir.path().to_path_buf()));
    match w.apply(Action::ConfirmReplace) {
        Effect::WriteBundle {
            replace, folder, ..
        } => {
            assert!(replace);
            assert_eq!(folder, dir.path());
        }
        e => panic!("{e:?}"),
    }
    assert_eq!(w.export(), &Export::Writing(dir.path().to_path_buf()));
    let _ = w.apply(Action::ExportWritten(Ok(dir.path().to_path_buf())));
    assert_eq!(
        w.primary(),
        Some(Primary::WrapAnother),
        "what is left: the next key"
    );
    // A late second answer (nobody is waiting for it) changes nothing.
    let _ = w.apply(Action::ExportWritten(Err(
        byok_wizard::core::error::Error::runtime("export", "late"),
    )));
    assert!(matches!(w.export(), Export::Written(_)));
    assert!(w.export_problem().is_none());
    assert_eq!(w.prefs().export_parent.as_deref(), dir.path().parent());
    match w.apply(Action::Copy(CopyWhat::CliLine)) {
        Effect::CopyText(t) => assert!(t.starts_with("curl "), "{t}"),
        e => panic!("{e:?}"),
    }
    assert!(matches!(w.apply(Action::OpenFolder), Effect::OpenFolder(_)));

    // Changing the algorithm upstream would clear the output; Start over clears everything.
    assert!(matches!(
        w.apply(Action::SetTheme(ThemeChoice::Light)),
        Effect::ApplyTheme(ThemeChoice::Light)
    ));
    assert!(matches!(
        w.apply(Action::SetLanguage(Language::SimplifiedChinese)),
        Effect::None
    ));
    assert!(w.output().is_some(), "the language changes no state");
    assert!(matches!(w.apply(Action::StartOver), Effect::Reset));
    assert_eq!(w.step(), Step::CloudAndKey);
    assert!(w.material().is_none() && w.parameters().is_none() && w.output().is_none());
    assert_eq!(w.prefs().theme, ThemeChoice::Light, "preferences survive");
    assert_eq!(
        w.prefs().language,
        Some(Language::SimplifiedChinese),
        "preferences survive"
    );
}

#[test]
fn a_generated_key_is_kept_with_its_backup_for_a_second_wrap() {
    let dir = tempfile::tempdir().unwrap();
    let backup = dir.path().join("b.age");
    let mut w = at_material_step();
    text(&mut w, TextField::BackupPath, &backup.display().to_string());
    text(&mut w, TextField::BackupPassphrase, "correct horse");
    text(&mut w, TextField::BackupPassphraseRepeat, "correct horse");
    let _ = next(&mut w);
    assert!(w.will_generate());
    let Effect::StartWork(job) = next(&mut w) else {
        panic!()
    };
    assert!(job.backup.is_some());
    let phases = std::cell::RefCell::new(Vec::new());
    let out = run_job(*job, &AtomicBool::new(false), &|p| {
        phases.borrow_mut().push(p)
    })
    .unwrap()
    .unwrap();
    assert_eq!(
        *phases.borrow(),
        vec![
            Phase::Checking,
            Phase::Generating,
            Phase::Wrapping,
            Phase::WritingBackup
        ]
    );
    let _ = w.apply(Action::WorkFinished(Ok(Some(Box::new(out)))));
    let m = w.material().expect("kept");
    assert_eq!(
        m.origin,
        Origin::Generated {
            backup: Some(backup.clone())
        }
    );
    assert_eq!(
        w.inputs().backup_passphrase,
        "",
        "wiped once the backup is written"
    );
    let restored = byok_wizard::core::backup::decrypt(
        &std::fs::read(&backup).unwrap(),
        &secrecy::SecretString::from("correct horse".to_owned()),
    )
    .unwrap();
    assert_eq!(restored.expose(), m.material.bytes().expose());
    // Back to page 3 and on again: no second generation, no second backup.
    let _ = w.apply(Action::Back);
    assert_eq!(w.blocker(), None);
    let _ = next(&mut w);
    assert!(!w.will_generate());
}

#[test]
fn azure_needs_the_kek_identifier_and_token_less_clouds_say_so() {
    let mut w = Wizard::default();
    let _ = w.apply(Action::SetProvider(Provider::Azure));
    let _ = next(&mut w);
    read(&mut w, FileRole::WrappingKey, "wrap_rsa2048.pub.pem");
    assert!(w.parameters().is_some());
    assert_eq!(
        w.token_origin(),
        Some(TokenOrigin::NotUsed(Provider::Azure))
    );
    assert_eq!(w.blocker(), Some(Blocker::NoKekId));
    text(
        &mut w,
        TextField::KekId,
        "https://vault.vault.azure.net/keys/KEK",
    );
    assert_eq!(
        w.kek_problem().map(|p| p.kind),
        Some(ProblemKind::KekIdUnusable)
    );
    assert_eq!(w.blocker(), Some(Blocker::KekIdProblem));
    text(
        &mut w,
        TextField::KekId,
        "https://vault.vault.azure.net/keys/KEK/0123456789abcdef",
    );
    assert_eq!(w.kek_problem(), None);
    assert_eq!(
        w.parameters().unwrap().kek_id.as_deref(),
        Some("https://vault.vault.azure.net/keys/KEK/0123456789abcdef")
    );
    assert_eq!(w.blocker(), None);
}

/// The material's expiry time: typed on step 2 where the cloud has the setting, checked at once
/// (past or beyond the cloud's limit blocks with its own headline), carried into the wrap, and
/// cleared back to never.
#[test]
fn the_material_expiry_is_checked_and_carried_into_the_wrap() {
    let mut w = Wizard::default();
    let _ = next(&mut w);
    assert!(w.material_expiry_offered(), "Huawei has expiration_time");
    read(&mut w, FileRole::WrappingKey, "wrap_rsa2048.pub.pem");
    read(&mut w, FileRole::ImportToken, "token.b64");
    text(&mut w, TextField::MaterialExpires, "2001-01-01");
    assert_eq!(
        w.expiry_problem().map(|p| p.kind),
        Some(ProblemKind::MaterialExpiryUnusable)
    );
    assert_eq!(w.blocker(), Some(Blocker::MaterialExpiryProblem));
    text(&mut w, TextField::MaterialExpires, "not a date");
    assert_eq!(w.blocker(), Some(Blocker::MaterialExpiryProblem));
    let later = time::OffsetDateTime::now_utc() + time::Duration::days(30);
    let day = format!(
        "{:04}-{:02}-{:02}",
        later.year(),
        u8::from(later.month()),
        later.day()
    );
    text(&mut w, TextField::MaterialExpires, &day);
    assert_eq!(w.expiry_problem(), None);
    assert_eq!(w.blocker(), None);
    let t = w.parameters().unwrap().material_expires.expect("carried");
    assert_eq!(t.date(), later.date());
    text(&mut w, TextField::MaterialExpires, "");
    assert_eq!(
        w.parameters().unwrap().material_expires,
        None,
        "empty = never"
    );
}

/// Google Cloud KMS: the key version algorithm chosen on step 1 reaches the wrap job and the
/// request body; one of another spec is ignored; a new key spec goes back to the default.
#[test]
fn the_gcp_key_version_algorithm_is_carried_into_the_bundle() {
    let mut w = Wizard::default();
    let _ = w.apply(Action::SetProvider(Provider::Gcp));
    let _ = w.apply(Action::SetKeySpec(KeySpec::Rsa3072));
    let _ = w.apply(Action::SetKeyAlgorithm("AES_256_GCM")); // another spec's: ignored
    assert_eq!(w.inputs().key_algorithm, None);
    let _ = w.apply(Action::SetKeyAlgorithm("RSA_DECRYPT_OAEP_3072_SHA256"));
    assert_eq!(
        w.inputs().key_algorithm,
        Some("RSA_DECRYPT_OAEP_3072_SHA256")
    );
    let _ = next(&mut w);
    read(&mut w, FileRole::WrappingKey, "wrap_rsa3072.pub.pem");
    assert_eq!(w.blocker(), None);
    let _ = next(&mut w);
    let _ = w.apply(Action::SetMaterialMode(MaterialMode::Load));
    read(&mut w, FileRole::KeyMaterial, "mat_rsa3072.pk8.der");
    let _ = next(&mut w);
    assert_eq!(w.step(), Step::Wrap);
    let job = match next(&mut w) {
        Effect::StartWork(job) => job,
        e => panic!("{e:?}"),
    };
    assert_eq!(
        job.parameters.import.key_algorithm.as_deref(),
        Some("RSA_DECRYPT_OAEP_3072_SHA256")
    );
    let out = run_job(*job, &AtomicBool::new(false), &|_| {})
        .unwrap()
        .unwrap();
    let body = out
        .bundle
        .files
        .iter()
        .find(|f| f.name == "import-request.json")
        .expect("a request body");
    let body: serde_json::Value = serde_json::from_slice(&body.bytes).unwrap();
    assert_eq!(body["algorithm"], "RSA_DECRYPT_OAEP_3072_SHA256");
    let _ = w.apply(Action::WorkFinished(Ok(Some(Box::new(out)))));
    let _ = w.apply(Action::Back);
    let _ = w.apply(Action::Back);
    let _ = w.apply(Action::Back);
    assert_eq!(w.step(), Step::CloudAndKey);
    let _ = w.apply(Action::SetKeySpec(KeySpec::Rsa4096));
    assert_eq!(
        w.inputs().key_algorithm,
        None,
        "a new spec starts at its default"
    );
}

/// With a documents folder and nothing typed, Generate suggests a new backup file there, and the
/// Export page a bundle folder of the same name beside it; a taken name gets `-2`; a typed value
/// is never replaced; without a documents folder nothing is suggested.
#[test]
fn the_backup_and_the_bundle_folder_are_suggested_side_by_side() {
    let docs = tempfile::tempdir().unwrap();
    let mut w = Wizard::default();
    let _ = w.apply(Action::SetDocumentsFolder(Some(docs.path().to_path_buf())));
    text(
        &mut w,
        TextField::KeyId,
        "43f1ffd7-18fb-4568-9575-602e009b7ee8",
    );
    let _ = next(&mut w);
    read(&mut w, FileRole::WrappingKey, "wrap_rsa2048.pub.pem");
    read(&mut w, FileRole::ImportToken, "token.b64");
    let _ = next(&mut w);
    let _ = w.apply(Action::SetMaterialMode(MaterialMode::Generate));
    let backup = PathBuf::from(&w.inputs().backup_path);
    assert_eq!(backup.parent(), Some(docs.path()), "{backup:?}");
    let name = backup.file_name().unwrap().to_str().unwrap().to_owned();
    assert!(
        name.starts_with("byok-huawei-43f1ffd7-18fb-4568-9575-602e009b7ee8-")
            && name.ends_with("-backup.age"),
        "{name}"
    );
    // A name that is taken is not suggested again.
    std::fs::write(&backup, b"someone's file").unwrap();
    text(&mut w, TextField::BackupPath, "");
    let _ = w.apply(Action::SetKeepOwnCopy(true));
    let _ = w.apply(Action::SetKeepOwnCopy(false));
    let second = w.inputs().backup_path.clone();
    assert!(second.ends_with("-2-backup.age"), "{second}");
    // Wrap with it, then the Export page pairs the folder with the backup.
    text(&mut w, TextField::BackupPassphrase, "correct horse");
    text(&mut w, TextField::BackupPassphraseRepeat, "correct horse");
    let _ = next(&mut w);
    let Effect::StartWork(job) = next(&mut w) else {
        panic!()
    };
    let out = run_job(*job, &AtomicBool::new(false), &|_| {})
        .unwrap()
        .unwrap();
    let _ = w.apply(Action::WorkFinished(Ok(Some(Box::new(out)))));
    let _ = next(&mut w);
    assert_eq!(w.step(), Step::Export);
    assert_eq!(
        format!("{}-backup.age", w.inputs().export_folder),
        second,
        "the bundle folder sits beside its backup, same name"
    );
    assert_eq!(std::fs::read(&backup).unwrap(), b"someone's file");

    // A typed backup path is kept; no documents folder, no suggestion.
    let mut w = Wizard::default();
    let _ = next(&mut w);
    read(&mut w, FileRole::WrappingKey, "wrap_rsa2048.pub.pem");
    let _ = next(&mut w);
    let _ = w.apply(Action::SetMaterialMode(MaterialMode::Generate));
    assert_eq!(w.inputs().backup_path, "");
    let _ = w.apply(Action::SetDocumentsFolder(Some(docs.path().to_path_buf())));
    text(&mut w, TextField::BackupPath, "/somewhere/mine.age");
    let _ = w.apply(Action::SetKeepOwnCopy(false));
    assert_eq!(w.inputs().backup_path, "/somewhere/mine.age");
}

/// The Ceremony and Batch pages say what their disabled buttons wait for, one thing at a time.
#[test]
fn the_ceremony_and_batch_buttons_say_what_they_wait_for() {
    use byok_wizard::wizard::PageWait;
    let mut w = Wizard::default();
    let _ = w.apply(Action::OpenCeremony);
    let _ = w.apply(Action::SetKeySpec(KeySpec::Rsa2048));
    assert_eq!(w.split_wait(), Some(PageWait::SymmetricKeySpec));
    let _ = w.apply(Action::SetKeySpec(KeySpec::Aes256));
    assert_eq!(w.split_wait(), Some(PageWait::Custodians { given: 0 }));
    text(&mut w, TextField::CeremonyCustodians, "张伟, Alice");
    assert_eq!(w.split_wait(), Some(PageWait::Folder));
    assert!(!w.can_split());
    text(&mut w, TextField::CeremonyFolder, "/tmp/ceremony");
    assert_eq!(w.split_wait(), None);
    assert!(w.can_split());

    let mut w = Wizard::default();
    let _ = w.apply(Action::OpenBatch);
    assert_eq!(w.batch_wait(), Some(PageWait::Plan));
    text(&mut w, TextField::BatchPlan, "/tmp/plan.csv");
    assert_eq!(w.batch_wait(), Some(PageWait::Folder));
    text(&mut w, TextField::BatchFolder, "/tmp/out");
    assert_eq!(w.batch_wait(), None);
    assert!(w.can_check_batch());
}
