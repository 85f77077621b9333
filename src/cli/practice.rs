//! `byok-wizard practice new|import`: the practice KMS (see `core::practice`).

use crate::core::bundle::Overwrite;
use crate::core::error::{Error, Result};
use crate::core::input::params::fmt_time;
use crate::core::practice::{self, Verdict};
use crate::core::request;
use crate::core::upload::{read_state, read_upload};
use std::path::Path;
use time::OffsetDateTime;

/// `practice new`.
pub fn new(
    provider: &str,
    key_spec: &str,
    algorithm: Option<&str>,
    expires_in: &str,
    bits: Option<usize>,
    out: &Path,
    force: bool,
) -> Result<()> {
    let (offer, expires_in, bits) =
        checked(provider, key_spec, algorithm, expires_in, bits, false)?;
    let provider = offer.provider;
    let sm2 = offer.scheme.wrapping_key_type() == crate::core::catalog::WrappingKeyType::Sm2;

    let overwrite = if force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    };
    crate::core::place::check_out(out, overwrite, &[])?;
    let now = OffsetDateTime::now_utc();
    let issued = issue_into(&offer, bits, now, expires_in, out, overwrite)?;
    println!(
        "Practice KMS: parameters for {provider} {} with {} ({} wrapping key)",
        offer.key_spec.common_name(),
        offer.algorithm.name(),
        if sm2 {
            "SM2".to_owned()
        } else {
            format!("RSA-{bits}")
        }
    );
    if provider.info().needs_kek_id {
        println!("KEK id: {} (give it to wrap as --kek-id)", issued.key_id);
    } else {
        println!("Key id: {}", issued.key_id);
    }
    let exp = now + expires_in;
    if expires_in.is_positive() {
        println!("Expires: {}", fmt_time(exp));
    } else {
        println!("Expires: {} (already expired, for training)", fmt_time(exp));
    }
    println!("Wrote {}:", out.display());
    for f in &issued.files {
        let note = if f.name == practice::STATE_FILE {
            "  (the practice KMS's own state: you need not open it)"
        } else {
            ""
        };
        println!("  {}{note}", f.name);
    }
    Ok(())
}

/// The checks `practice new` makes before issuing: the offer, the lifetime, the wrapping key size.
fn checked(
    provider: &str,
    key_spec: &str,
    algorithm: Option<&str>,
    expires_in: &str,
    bits: Option<usize>,
    smallest: bool,
) -> Result<(crate::core::catalog::Offer, time::Duration, usize)> {
    let provider = request::parse_provider(provider)?;
    let offer = request::resolve_offer(provider, key_spec, algorithm)?;
    let expires_in = practice::parse_duration(expires_in).map_err(|e| {
        Error::input("--expires-in", e).hint("write a duration such as 24h, 30m or -1h")
    })?;
    if let (Some(b), Some(req)) = (bits, offer.algorithm.required_wrapping_bits()) {
        if b != req {
            return Err(Error::input(
                "--wrapping-key-bits",
                format!(
                    "{} names an RSA-{req} import job key, not {b}",
                    offer.algorithm.name()
                ),
            )
            .hint("leave out --wrapping-key-bits, or choose the method with that size"));
        }
    }
    let sm2 = offer.scheme.wrapping_key_type() == crate::core::catalog::WrappingKeyType::Sm2;
    if sm2 && bits.is_some() {
        return Err(Error::input(
            "--wrapping-key-bits",
            format!(
                "{} uses an SM2 wrapping key, which has no size to choose",
                offer.algorithm.name()
            ),
        )
        .hint("leave out --wrapping-key-bits"));
    }
    let bits = bits.unwrap_or_else(|| {
        if smallest {
            // A migration issues many wrapping keys: the smallest size that carries the key
            // keeps `practice new --count` quick.
            practice::smallest_wrapping_bits(&offer)
        } else {
            practice::default_wrapping_bits(&offer)
        }
    });
    if !sm2 && !provider.info().wrapping_key_bits.contains(&bits) {
        let sizes: Vec<String> = provider
            .info()
            .wrapping_key_bits
            .iter()
            .map(|b| b.to_string())
            .collect();
        return Err(Error::input(
            "--wrapping-key-bits",
            format!(
                "{provider} issues RSA {} wrapping keys, not {bits}",
                sizes.join("/")
            ),
        ));
    }
    Ok((offer, expires_in, bits))
}

/// Issue one practice key's parameters into `out` (checked already).
fn issue_into(
    offer: &crate::core::catalog::Offer,
    bits: usize,
    now: OffsetDateTime,
    expires_in: time::Duration,
    out: &Path,
    overwrite: Overwrite,
) -> Result<practice::Issued> {
    let wrapping = crate::keygen::practice_wrapping_key(offer, bits)?;
    let random = crate::core::generate::random_bytes(16 + practice::TOKEN_LEN)?;
    let issued = practice::issue(offer, &wrapping, random.expose(), now, expires_in)
        .map_err(|e| Error::runtime("practice new", e))?;
    let files: Vec<(&str, &[u8], u32)> = issued
        .files
        .iter()
        .map(|f| (f.name.as_str(), f.bytes.as_slice(), f.mode))
        .collect();
    crate::core::place::write_dir(&files, out, overwrite, &[])?;
    Ok(issued)
}

/// `practice new --count N`: N keys' parameters in `out/key-001` …, and `out/plan.csv`, a plan
/// `byok-wizard batch` runs as it is (material generated per row).
#[allow(clippy::too_many_arguments)]
pub fn new_migration(
    provider: &str,
    key_spec: &str,
    algorithm: Option<&str>,
    expires_in: &str,
    bits: Option<usize>,
    out: &Path,
    force: bool,
    count: usize,
) -> Result<()> {
    if !(1..=1000).contains(&count) {
        return Err(Error::input(
            "--count",
            format!("{count} keys: give 1 to 1000"),
        ));
    }
    if force {
        return Err(Error::input("--force", "does not go with --count")
            .hint("give a new (or empty) folder for the migration's parameters"));
    }
    let (offer, expires_in, bits) = checked(provider, key_spec, algorithm, expires_in, bits, true)?;
    crate::core::place::check_out(out, Overwrite::Refuse, &[])?;
    let cloud = crate::core::clouds::cloud(offer.provider);
    let now = OffsetDateTime::now_utc();
    let width = count.to_string().len().max(3);
    let mut plan = csv::Writer::from_writer(Vec::new());
    plan.write_record([
        "name",
        "provider",
        "key_spec",
        "algorithm",
        "wrapping_key",
        "import_token",
        "key_id",
        "kek_id",
        "generate",
    ])
    .map_err(|e| Error::runtime("practice new", e.to_string()))?;
    let mut written = Vec::new();
    let result = (|| {
        for i in 1..=count {
            let name = format!("key-{i:0width$}");
            let dir = out.join(&name);
            let issued = issue_into(&offer, bits, now, expires_in, &dir, Overwrite::Refuse)?;
            written.push(dir);
            let (wk, token) = cloud.practice_inputs(&issued.key_id);
            let (key_id, kek_id) = if offer.provider.info().needs_kek_id {
                (String::new(), issued.key_id.clone())
            } else {
                (issued.key_id.clone(), String::new())
            };
            plan.write_record([
                name.as_str(),
                offer.provider.id(),
                offer.key_spec.common_name(),
                offer.algorithm.name(),
                &format!("{name}/{wk}"),
                &token.map(|t| format!("{name}/{t}")).unwrap_or_default(),
                &key_id,
                &kek_id,
                "yes",
            ])
            .map_err(|e| Error::runtime("practice new", e.to_string()))?;
            eprintln!(
                "[{i:>w$}/{count}] {name}: issued",
                w = count.to_string().len()
            );
        }
        let bytes = plan
            .into_inner()
            .map_err(|e| Error::runtime("practice new", e.to_string()))?;
        crate::core::place::write_file(&out.join("plan.csv"), &bytes, 0o644).map_err(|e| {
            Error::runtime(
                format!("--out {}", out.display()),
                format!("cannot write plan.csv ({e})"),
            )
        })
    })();
    if let Err(e) = result {
        // Nothing half-written: remove the practice folders this run made, one file at a time.
        for d in &written {
            if let Ok(entries) = std::fs::read_dir(d) {
                for e in entries.flatten() {
                    std::fs::remove_file(e.path()).ok();
                }
            }
            std::fs::remove_dir(d).ok();
        }
        std::fs::remove_dir(out).ok();
        return Err(e);
    }
    let exp = now + expires_in;
    println!(
        "Practice KMS: parameters for {count} {} {} keys with {} (RSA-{bits} wrapping keys), expiring {}",
        offer.provider,
        offer.key_spec.common_name(),
        offer.algorithm.name(),
        fmt_time(exp)
    );
    println!(
        "Wrote {} and {count} key folders.",
        out.join("plan.csv").display()
    );
    println!(
        "Next: byok-wizard batch {} --out <OUT>, then byok-wizard practice import --state {} --batch <OUT>",
        out.join("plan.csv").display(),
        out.display()
    );
    Ok(())
}

/// `practice import --batch`: grade every bundle of a practice migration; exit 0 when all are
/// accepted, 1 otherwise.
pub fn import_batch(state_dir: &Path, batch_out: &Path) -> Result<i32> {
    let mut names: Vec<String> = std::fs::read_dir(state_dir)
        .map_err(|e| {
            Error::input(
                format!("--state {}", state_dir.display()),
                format!("cannot list it ({e})"),
            )
            .hint("give the folder `practice new --count` wrote")
        })?
        .flatten()
        .filter(|e| e.path().join(practice::STATE_FILE).is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(Error::input(
            format!("--state {}", state_dir.display()),
            "holds no practice key folders",
        )
        .hint("give the folder `practice new --count` wrote"));
    }
    let (mut accepted, mut rejected) = (0, 0);
    for name in &names {
        let state = read_state(&state_dir.join(name))?;
        let provider = request::parse_provider(&state.provider)?;
        let verdict = read_upload(&batch_out.join(name), provider.info().token).and_then(|up| {
            practice::grade(&state, &up, OffsetDateTime::now_utc())
                .map_err(|e| Error::input("--state", e))
        });
        match verdict {
            Ok(Verdict::Accepted { value, .. }) => {
                accepted += 1;
                println!("{name}: accepted (check value {value})");
            }
            Ok(Verdict::Rejected { cloud, .. }) => {
                rejected += 1;
                println!("{name}: rejected: {cloud}");
            }
            Err(e) => {
                rejected += 1;
                println!("{name}: not graded: {}", e.one_line());
            }
        }
    }
    println!(
        "Practice import: {accepted} accepted, {rejected} rejected of {}",
        names.len()
    );
    Ok(if rejected == 0 { 0 } else { 1 })
}

/// `practice import`: prints the verdict; exit 0 accepted, 1 rejected.
pub fn import(state_dir: &Path, bundle_dir: &Path) -> Result<i32> {
    let state = read_state(state_dir)?;
    let provider = request::parse_provider(&state.provider)?;
    let upload = read_upload(bundle_dir, provider.info().token)?;
    let verdict = practice::grade(&state, &upload, OffsetDateTime::now_utc())
        .map_err(|e| Error::input("--state", e))?;
    match verdict {
        Verdict::Accepted {
            what,
            construction,
            value,
        } => {
            println!(
                "accepted: {what} imported into practice key {}",
                state.key_id
            );
            println!("  {construction}: {value}");
            Ok(0)
        }
        Verdict::Rejected { cloud, plain } => {
            println!("rejected: {cloud}");
            println!("  what went wrong: {plain}");
            Ok(1)
        }
    }
}
