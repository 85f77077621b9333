//! `byok-wizard wrap`: the core's checks ([`wrap_input::prepare`]) and pipeline
//! ([`wrap_input::execute`]), then what happened, in words.

use super::WrapArgs;
use crate::core::error::{Error, Result};
use crate::core::input::params::fmt_time;
use crate::core::request;
use crate::core::wrap_input::{self, WrapInput};
use std::sync::atomic::AtomicBool;
use time::OffsetDateTime;

fn warn(msg: &str) {
    eprintln!("warning: {msg}");
}

/// `wrap`'s flags as the core's [`WrapInput`].
pub fn input(a: &WrapArgs) -> Result<WrapInput> {
    Ok(WrapInput {
        provider: a.provider.clone(),
        key_spec: a.key_spec.clone(),
        algorithm: a.algorithm.clone(),
        wrapping_key: a.wrapping_key.clone(),
        import_token: a.import_token.clone(),
        key_id: a.key_id.clone(),
        kek_id: a.kek_id.clone(),
        material: a.material.clone(),
        generate: a.generate,
        components: a.components.clone(),
        transcript: a.transcript.clone(),
        material_passphrase_file: a.material_passphrase_file.clone(),
        backup: a.backup.clone(),
        backup_passphrase_file: a.backup_passphrase_file.clone(),
        expect_kcv: a.expect_kcv.clone(),
        material_expires: a.material_expires.clone(),
        import: request::import_options(
            a.import_type.as_deref(),
            &a.material_description,
            &a.material_id,
            &a.region,
            &a.key_algorithm,
        )?,
        out: a.out.clone(),
        force: a.force,
        durability: Default::default(),
    })
}

pub fn run(a: &WrapArgs) -> Result<()> {
    let now = OffsetDateTime::now_utc();
    // Every check, every input read (the core's order, the same for batch rows) …
    let prepared = wrap_input::prepare(&input(a)?, now)?;
    // … then the core's pipeline (the window runs the same): generate if asked, wrap, lay out
    // the bundle, write the backup, write the bundle, append to the ceremony's transcript.
    let done = wrap_input::execute(
        prepared,
        &AtomicBool::new(false),
        &|_| {},
        &crate::keygen::generate_rsa,
    )?
    .ok_or_else(|| Error::runtime("generate", "key generation was cancelled"))?;
    let bundle = done.bundle();
    let kept = &done.parameters;
    // Tell the user what happened and what to watch out for.
    let offer = done.output.offer;
    for n in &kept.notes {
        eprintln!("note: {n}");
    }
    for w in &done.warnings {
        warn(w);
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
    println!("Next: {}", bundle.cli_line_for_this_system().0);
    Ok(())
}
