//! `byok-wizard wrap`: every check first, then generate, wrap, back up and write the bundle.

use super::{read_passphrase, WrapArgs};
use crate::core::bundle::{self, Overwrite};
use crate::core::error::{Error, Result};
use crate::core::input::params::fmt_time;
use crate::core::input::read_input_file;
use crate::core::job::{BackupPlan, Job, JobMaterial};
use crate::core::request;
use std::sync::atomic::AtomicBool;
use time::OffsetDateTime;

fn warn(msg: &str) {
    eprintln!("warning: {msg}");
}

pub fn run(a: &WrapArgs) -> Result<()> {
    let now = OffsetDateTime::now_utc();
    // 1. What to wrap how.
    let provider = request::parse_provider(&a.provider)?;
    let offer = request::resolve_offer(provider, &a.key_spec, a.algorithm.as_deref())?;
    // 2. Flag combinations, before reading anything big.
    if a.backup.is_some() && !a.generate {
        return Err(Error::input("--backup", "only makes sense with --generate")
            .hint("you already hold the material you pass with --material; leave out --backup"));
    }
    if a.transcript.is_some() && a.components.is_empty() {
        return Err(
            Error::input("--transcript", "only makes sense with --components")
                .hint("leave out --transcript, or assemble the key from its components"),
        );
    }
    if a.expect_kcv.is_some() && a.generate {
        return Err(
            Error::input("--expect-kcv", "only makes sense with --material")
                .hint("a key generated now has a new check value; leave out --expect-kcv"),
        );
    }
    if a.backup.is_some() != a.backup_passphrase_file.is_some() {
        return Err(Error::input(
            if a.backup.is_some() {
                "--backup"
            } else {
                "--backup-passphrase-file"
            },
            "--backup and --backup-passphrase-file go together",
        )
        .hint("give both: the backup file and a file whose first line is its passphrase"));
    }
    if let Some(b) = &a.backup {
        if std::fs::symlink_metadata(b).is_ok() {
            return Err(Error::input(
                format!("--backup {}", b.display()),
                "already exists; a backup never replaces a file",
            )
            .hint("choose a new file name for the backup"));
        }
    }
    let kek_id = request::check_kek_id(provider, a.kek_id.as_deref())?;
    let material_expires =
        request::check_material_expiry(provider, a.material_expires.as_deref(), now)?;
    let overwrite = if a.force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    };
    // Every input of the run: `--out` may be none of them and contain none of them.
    let mut inputs = vec![bundle::RunInput {
        flag: "--wrapping-key",
        path: &a.wrapping_key,
    }];
    for (flag, path) in [
        ("--import-token", &a.import_token),
        ("--material", &a.material),
        ("--material-passphrase-file", &a.material_passphrase_file),
        ("--backup-passphrase-file", &a.backup_passphrase_file),
        ("--backup", &a.backup),
        ("--transcript", &a.transcript),
    ] {
        if let Some(path) = path {
            inputs.push(bundle::RunInput { flag, path });
        }
    }
    for path in &a.components {
        inputs.push(bundle::RunInput {
            flag: "--components",
            path,
        });
    }
    crate::core::place::check_out(&a.out, overwrite, &inputs)?;
    // 3. Wrapping key, token, key id.
    let wk_subject = format!("--wrapping-key {}", a.wrapping_key.display());
    let wk_bytes = read_input_file("--wrapping-key", &a.wrapping_key)?;
    let token_bytes = match &a.import_token {
        Some(p) => Some((
            format!("--import-token {}", p.display()),
            read_input_file("--import-token", p)?,
        )),
        None => None,
    };
    let mut parameters = request::load_parameters(
        provider,
        &wk_subject,
        &wk_bytes,
        token_bytes
            .as_ref()
            .map(|(s, b)| (s.as_str(), b.as_slice())),
        a.key_id.as_deref(),
        now,
    )?;
    // 4. Material: load and check now; generation waits until every other check has passed.
    let backup_pass = match &a.backup_passphrase_file {
        Some(p) => Some(read_passphrase("--backup-passphrase-file", p)?),
        None => None,
    };
    let wk = &parameters.params.wrapping_key;
    // RSA or SM2 as the algorithm needs: decided before any material is read or generated.
    request::check_wrapping_key_type(&offer, wk)?;
    let mut ceremony_events = Vec::new();
    let material = if !a.components.is_empty() {
        // A key ceremony: the key exists whole only here, assembled from its components.
        let (key, events, _) = super::ceremony::assemble(&a.components, offer.key_spec)?;
        ceremony_events = events;
        let m = crate::core::request::Material::Symmetric(key);
        request::check_capacity(&offer, wk, &m, "--components")?;
        JobMaterial::Ready(m)
    } else if let Some(path) = &a.material {
        let subject = format!("--material {}", path.display());
        let pass = match &a.material_passphrase_file {
            Some(p) => Some(read_passphrase("--material-passphrase-file", p)?),
            None => None,
        };
        let bytes = zeroize::Zeroizing::new(read_input_file("--material", path)?);
        let m = request::load_material(
            &offer,
            &subject,
            &bytes,
            pass.as_ref()
                .map(|s| secrecy::ExposeSecret::expose_secret(s).as_bytes()),
        )?;
        request::check_capacity(&offer, wk, &m, &subject)?;
        if let Some(want) = &a.expect_kcv {
            let (construction, value) = m.check_value(offer.key_spec);
            if !value.eq_ignore_ascii_case(want.trim()) {
                return Err(Error::input(
                    "--expect-kcv",
                    format!(
                        "the material's key check value is {value} ({construction}), not {}",
                        want.trim()
                    ),
                )
                .hint("check that this is the key (or backup) of the earlier bundle: its manifest.json key_check_value"));
            }
        }
        JobMaterial::Ready(m)
    } else {
        JobMaterial::Generate
    };
    parameters.kek_id = kek_id;
    parameters.material_expires = material_expires;
    // 5. The core's pipeline (the window runs the same): generate if asked, wrap, lay out the
    //    bundle, write the backup.
    let kept = parameters.clone();
    let job = Job {
        offer,
        parameters,
        material,
        backup: match (&a.backup, backup_pass) {
            (Some(path), Some(passphrase)) => Some(BackupPlan {
                path: path.clone(),
                passphrase,
            }),
            _ => None,
        },
        now,
    };
    let out = crate::core::job::run(
        job,
        &AtomicBool::new(false),
        &|_| {},
        &crate::keygen::generate_rsa,
    )?
    .ok_or_else(|| Error::runtime("generate", "key generation was cancelled"))?;
    let bundle = &out.bundle;
    // 6. The bundle (the backup, if any, is written already): undo the backup if the bundle
    //    cannot be written.
    if let Err(e) = bundle::write(bundle, &a.out, overwrite, &inputs) {
        if let Some(path) = &out.backup {
            std::fs::remove_file(path).ok();
        }
        return Err(e);
    }
    // The ceremony's record: components accepted, key assembled, bundle written.
    if let Some(t) = &a.transcript {
        let manifest = bundle
            .files
            .iter()
            .find(|f| f.name == "manifest.json")
            .map(|f| crate::core::ceremony::sha256_hex(&f.bytes))
            .unwrap_or_default();
        ceremony_events.push(crate::core::ceremony::event(
            "bundle written",
            vec![
                ("out", a.out.display().to_string().into()),
                ("provider", out.offer.provider.id().into()),
                ("manifest_sha256", manifest.into()),
            ],
        ));
        let previous = std::fs::read_to_string(t).ok();
        let lines = crate::core::ceremony::transcript_lines(
            previous.as_deref(),
            std::mem::take(&mut ceremony_events),
            &fmt_time(now),
        );
        crate::core::ceremony::append_transcript(t, &lines)?;
    }
    // 7. Tell the user what happened and what to watch out for.
    let offer = out.offer;
    for n in &kept.notes {
        eprintln!("note: {n}");
    }
    if offer.deprecated {
        warn(&format!(
            "{} is deprecated (RSAES-PKCS1-v1_5 is open to padding-oracle attacks); prefer {}",
            offer.algorithm.name(),
            offer
                .provider
                .recommended(offer.key_spec)
                .map(|o| o.algorithm.name())
                .unwrap_or("RSAES_OAEP_SHA_256")
        ));
    }
    if let Some(c) = crate::core::catalog::caveat(offer.provider, offer.key_spec) {
        warn(c);
    }
    if a.generate && a.backup.is_none() {
        warn("the material was generated here and no --backup was written: the cloud never gives key material back, so keep a copy by other means or this key can never be restored");
    }
    if kept.token.is_none() && offer.provider.info().token.is_some() {
        warn("no import token was given: upload the token the console issued with this wrapping key alongside the bundle");
    }
    if let Some(t) = kept.material_expires {
        warn(&format!(
            "the cloud will delete the imported key material at {} (--material-expires); keep your own copy or backup to import it again",
            fmt_time(t)
        ));
    }
    if let Some(exp) = kept.params.expires {
        let left = exp - now;
        eprintln!(
            "note: the import token expires at {} ({}h {}m from now)",
            fmt_time(exp),
            left.whole_hours(),
            left.whole_minutes() % 60
        );
    }
    println!(
        "Wrote {} for {} {} with {}:",
        a.out.display(),
        offer.provider,
        offer.key_spec.common_name(),
        offer.algorithm.name()
    );
    for f in &bundle.files {
        let role = f.role.map(|r| r.console_label()).unwrap_or("");
        println!("  {:<34} {:>6} bytes  {role}", f.name, f.bytes.len());
    }
    if let Some(b) = &a.backup {
        println!("Backup (age, passphrase): {}", b.display());
    }
    println!("Next: {}", bundle.cli_line);
    Ok(())
}
