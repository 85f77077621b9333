//! `byok-wizard practice new|import`: the practice KMS (see `core::practice`).

use crate::core::bundle::Overwrite;
use crate::core::catalog::TokenEncoding;
use crate::core::error::{Error, Result};
use crate::core::input::params::fmt_time;
use crate::core::input::{b64_decode_lenient, read_input_file};
use crate::core::practice::{self, State, Upload, Verdict};
use crate::core::request;
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

/// Read the practice KMS's state from the folder `practice new` wrote.
pub fn read_state(dir: &Path) -> Result<State> {
    let path = dir.join(practice::STATE_FILE);
    // The state holds the practice wrapping private key: wipe its text after parsing.
    let bytes = zeroize::Zeroizing::new(read_input_file("--state", &path)?);
    serde_json::from_slice(&bytes).map_err(|e| {
        Error::input(
            format!("--state {}", path.display()),
            format!("is not a practice KMS state ({e})"),
        )
        .hint("give the folder `byok-wizard practice new` wrote")
    })
}

/// Read what the learner uploads from a bundle folder: by manifest roles, else by vendor file names.
pub fn read_upload(bundle_dir: &Path, token_encoding: Option<TokenEncoding>) -> Result<Upload> {
    let subject = format!("--bundle {}", bundle_dir.display());
    if !bundle_dir.is_dir() {
        return Err(Error::input(&subject, "is not a folder")
            .hint("give the bundle folder that `byok-wizard wrap --out` wrote"));
    }
    let read = |name: &str| read_input_file("--bundle", &bundle_dir.join(name));
    let decode = |bytes: Vec<u8>, encoding: &str| -> Option<Vec<u8>> {
        match encoding {
            "base64" => std::str::from_utf8(&bytes)
                .ok()
                .and_then(b64_decode_lenient),
            _ => Some(bytes),
        }
    };
    let mut up = Upload::default();
    if bundle_dir.join("manifest.json").is_file() {
        let m: serde_json::Value = serde_json::from_slice(&read("manifest.json")?)
            .map_err(|e| Error::input(&subject, format!("manifest.json does not parse ({e})")))?;
        up.key_id = m.get("key_id").and_then(|v| v.as_str()).map(str::to_owned);
        for f in m
            .get("files")
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
        {
            let (Some(name), Some(role)) = (
                f.get("name").and_then(|v| v.as_str()),
                f.get("role").and_then(|v| v.as_str()),
            ) else {
                continue;
            };
            let encoding = f
                .get("encoding")
                .and_then(|v| v.as_str())
                .unwrap_or("binary");
            if name.contains('/') || name.contains("..") {
                return Err(Error::input(
                    &subject,
                    format!("manifest.json names a file outside the bundle ({name})"),
                ));
            }
            let bytes = read(name)?;
            let undecodable = || Error::input(&subject, format!("{name} is not valid {encoding}"));
            match role {
                "encrypted_key_material" => {
                    up.key_material = Some(decode(bytes, encoding).ok_or_else(undecodable)?)
                }
                "encrypted_private_key" => {
                    up.private_key_ciphertext =
                        Some(decode(bytes, encoding).ok_or_else(undecodable)?)
                }
                "import_token" => up.token = Some(decode(bytes, encoding).ok_or_else(undecodable)?),
                "byok" => {
                    let v: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
                        Error::input(&subject, format!("{name} is not a .byok JSON file ({e})"))
                    })?;
                    up.kek_id = v
                        .pointer("/header/kid")
                        .and_then(|k| k.as_str())
                        .map(str::to_owned);
                    let ct = v.get("ciphertext").and_then(|c| c.as_str()).unwrap_or("");
                    up.key_material = Some(b64url_decode(ct).ok_or_else(|| {
                        Error::input(&subject, format!("{name}: ciphertext is not base64url"))
                    })?);
                }
                _ => {}
            }
        }
        return Ok(up);
    }
    // No manifest: the OpenSSL recipes' file names.
    let first = |names: &[&str]| {
        names
            .iter()
            .find(|n| bundle_dir.join(n).is_file())
            .map(|n| n.to_string())
    };
    if let Some(n) = first(&["EncryptedKeyMaterial.bin"]) {
        up.key_material = Some(read(&n)?);
    } else if let Some(n) = first(&["EncryptedKeyMaterial_base64.txt"]) {
        up.key_material = decode(read(&n)?, "base64");
    }
    if let Some(n) = first(&[
        "out_rsa_private_key.der",
        "out_ec_private_key.der",
        "out_private_key.der",
    ]) {
        up.private_key_ciphertext = Some(read(&n)?);
    }
    if let Some(n) = first(&["ImportToken.bin", "ImportToken.b64", "ImportToken.txt"]) {
        let bytes = read(&n)?;
        up.token = match token_encoding {
            Some(TokenEncoding::Binary) if n.ends_with(".bin") => Some(bytes),
            _ => decode(bytes, "base64"),
        };
    }
    Ok(up)
}

/// Base64url with or without padding (a `.byok` ciphertext).
fn b64url_decode(s: &str) -> Option<Vec<u8>> {
    let std: String = s
        .trim()
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    b64_decode_lenient(&std)
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
