//! Reading a bundle folder back: what a learner uploads (by the manifest's roles, else by the
//! vendors' file names), and the practice KMS's state. The practice KMS's grader (CLI and window)
//! reads through here.

use crate::core::catalog::TokenEncoding;
use crate::core::error::{Error, Result};
use crate::core::input::{b64_decode_lenient, read_input_file};
use crate::core::practice::{self, State, Upload};
use std::path::Path;

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
