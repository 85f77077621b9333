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
    let bits = bits.unwrap_or_else(|| practice::default_wrapping_bits(&offer));
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
    let overwrite = if force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    };
    crate::core::place::check_out(out, overwrite, &[])?;
    let wrapping = crate::keygen::practice_wrapping_key(&offer, bits)?;
    let random = crate::core::generate::random_bytes(16 + practice::TOKEN_LEN)?;
    let now = OffsetDateTime::now_utc();
    let issued = practice::issue(&offer, &wrapping, random.expose(), now, expires_in)
        .map_err(|e| Error::runtime("practice new", e))?;
    let files: Vec<(&str, &[u8], u32)> = issued
        .files
        .iter()
        .map(|f| (f.name.as_str(), f.bytes.as_slice(), f.mode))
        .collect();
    crate::core::place::write_dir(&files, out, overwrite, &[])?;
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
