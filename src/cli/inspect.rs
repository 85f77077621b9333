//! `byok-wizard inspect FILE`: say what a file is and its facts, never its secret bytes.

use crate::core::error::{Error, Result};
use crate::core::input::params::{self, fmt_time, ParamsSource};
use crate::core::input::private_key::{self, KeyError};
use crate::core::input::{b64_decode_lenient, is_ascii_text, read_input_file};
use std::path::Path;
use time::OffsetDateTime;

pub fn run(path: &Path, passphrase_file: Option<&Path>) -> Result<()> {
    let bytes = zeroize::Zeroizing::new(read_input_file("inspect", path)?);
    let now = OffsetDateTime::now_utc();
    println!("{}:", path.display());
    // Parse without refusing expired parameters: inspect reports expiry instead.
    if let Ok(p) = params::parse(&bytes, OffsetDateTime::UNIX_EPOCH) {
        let wk = &p.wrapping_key;
        if p.source == ParamsSource::KeyFile {
            println!("  kind: wrapping public key ({})", wk.format);
        } else {
            println!("  kind: {}", p.source.describe());
        }
        println!("  key: {} public key", wk.describe());
        println!("  sha256 (DER SubjectPublicKeyInfo): {}", wk.sha256_hex());
        if let Some(id) = &p.key_id {
            println!("  key id: {id}");
        }
        if let Some(t) = &p.token {
            println!("  import token: {} bytes", t.len());
        }
        if let Some(exp) = p.expires {
            let state = if exp <= now {
                "EXPIRED".to_owned()
            } else {
                format!("{}h left", (exp - now).whole_hours())
            };
            println!("  expires: {} ({state})", fmt_time(exp));
        }
        return Ok(());
    }
    let pass = match passphrase_file {
        Some(p) => Some(super::read_passphrase("--material-passphrase-file", p)?),
        None => None,
    };
    match private_key::parse(
        &bytes,
        pass.as_ref()
            .map(|s| secrecy::ExposeSecret::expose_secret(s).as_bytes()),
        None,
    ) {
        Ok(k) => {
            println!("  kind: private key ({})", k.format);
            println!("  key: {}", k.kind.describe());
            println!("  PKCS#8 DER size: {} bytes", k.pkcs8_der.len());
            println!("  public key sha256: {}", k.public_fingerprint());
            return Ok(());
        }
        Err(KeyError::NeedsPassphrase) => {
            println!("  kind: encrypted private key (PKCS#8); give --material-passphrase-file to look inside");
            return Ok(());
        }
        Err(KeyError::WrongPassphrase) => {
            return Err(Error::input(
                format!("inspect {}", path.display()),
                KeyError::WrongPassphrase.to_string(),
            ));
        }
        Err(_) => {}
    }
    if is_ascii_text(&bytes) {
        let text = std::str::from_utf8(&bytes).unwrap_or("").trim();
        if !text.is_empty()
            && text.len().is_multiple_of(2)
            && text.bytes().all(|b| b.is_ascii_hexdigit())
        {
            println!(
                "  kind: hex text of {} bytes (symmetric key material if that is its length)",
                text.len() / 2
            );
            return Ok(());
        }
        if let Some(d) = b64_decode_lenient(text) {
            println!(
                "  kind: base64 text of {} bytes (an import token, or symmetric key material of that length)",
                d.len()
            );
            return Ok(());
        }
    }
    if matches!(bytes.len(), 16 | 24 | 28 | 32 | 48 | 64) {
        println!(
            "  kind: {} raw bytes (symmetric key material of that length, or a binary token)",
            bytes.len()
        );
        return Ok(());
    }
    println!(
        "  kind: {} bytes of binary data (an AWS import token is binary)",
        bytes.len()
    );
    Ok(())
}
