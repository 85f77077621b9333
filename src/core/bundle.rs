//! The upload bundle: `manifest.json`, the upload files named as the vendor names them, the
//! provider's ImportKeyMaterial request body and `README.txt`, built in a temporary folder beside
//! `--out` and renamed into place, so the bundle appears whole or not at all.

use crate::core::catalog::{KeySpec, TokenEncoding};
use crate::core::clouds::{InstructionsInput, LayoutInput};
use crate::core::error::{Error, Result};
use crate::core::input::b64_encode;
use crate::core::input::params::fmt_time;
use crate::core::request::{Material, WrapRequest};
use crate::core::wrap::Wrapped;
use serde::Serialize;
use sha2::{Digest as _, Sha256};
use std::path::Path;
use time::OffsetDateTime;

/// What a file in the bundle is for (contract role table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    EncryptedKeyMaterial,
    EncryptedPrivateKey,
    ImportToken,
    ApiRequest,
    Instructions,
    /// Azure only: the `.byok` file (instead of `encrypted_key_material`).
    Byok,
    /// The other rendering of `encrypted_key_material`: base64 text where the console takes
    /// binary, binary where it takes base64 text.
    EncryptedKeyMaterialBase64,
    EncryptedKeyMaterialBinary,
    /// Huawei: the base64 text of `encrypted_private_key` (the API's `encrypted_privatekey`).
    EncryptedPrivateKeyBase64,
}

impl Role {
    /// The console's words for the role (GUI export list).
    pub fn console_label(self) -> &'static str {
        match self {
            Role::EncryptedKeyMaterial => "Key material",
            Role::EncryptedPrivateKey => "Private key ciphertext",
            Role::ImportToken => "Import token",
            Role::ApiRequest => "API request body",
            Role::Instructions => "Instructions",
            Role::Byok => "BYOK file",
            Role::EncryptedKeyMaterialBase64 => "Key material (base64 text)",
            Role::EncryptedKeyMaterialBinary => "Key material (binary)",
            Role::EncryptedPrivateKeyBase64 => "Private key ciphertext (base64 text)",
        }
    }
}

/// How a file's bytes are encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    Binary,
    Base64,
    Json,
    Text,
}

/// One file of the bundle.
#[derive(Clone, Debug)]
pub struct BundleFile {
    pub name: String,
    /// `None` only for `manifest.json` itself; every other file has a role.
    pub role: Option<Role>,
    pub encoding: Encoding,
    pub bytes: Vec<u8>,
}

/// A complete bundle, in memory.
#[derive(Clone, Debug)]
pub struct Bundle {
    pub files: Vec<BundleFile>,
    /// The cloud CLI line for a POSIX shell, also inside README.txt (with its PowerShell form,
    /// [`Bundle::cli_line_powershell`]).
    pub cli_line: String,
    /// The console steps, also inside README.txt.
    pub console_steps: Vec<String>,
}

#[derive(Serialize)]
struct ManifestFile<'a> {
    name: &'a str,
    role: Role,
    encoding: Encoding,
    sha256: String,
    size: usize,
}

#[derive(Serialize)]
struct CheckValue {
    construction: &'static str,
    value: String,
}

#[derive(Serialize)]
struct Manifest<'a> {
    tool: String,
    provider: &'static str,
    key_spec: &'static str,
    provider_key_spec: &'static str,
    algorithm: &'static str,
    key_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kek_id: Option<&'a str>,
    wrapping_key_sha256: String,
    /// "RSA" or "SM2".
    wrapping_key_type: &'static str,
    wrapping_key_bits: usize,
    import_token_expires: Option<String>,
    /// When the cloud deletes the imported material (RFC 3339), or "never".
    material_expires: String,
    created: String,
    material: String,
    key_check_value: CheckValue,
    /// AES keys: the second construction, AES-CMAC(K, 0^128), as key ceremonies show it.
    #[serde(skip_serializing_if = "Option::is_none")]
    key_check_value_cmac: Option<CheckValue>,
    files: Vec<ManifestFile<'a>>,
}

fn sha256_hex(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

/// Lay out the wrapped material as the provider's upload files plus manifest and README. The
/// cloud (`core::clouds`) decides its files' names and encodings, its request body and its
/// instructions; this function adds what every bundle has.
pub fn build(req: &WrapRequest, wrapped: &Wrapped, now: OffsetDateTime) -> Result<Bundle> {
    let provider = req.offer.provider;
    let cloud = crate::core::clouds::cloud(provider);
    let spec = req.offer.key_spec;
    let key_id = req.parameters.key_id.as_deref();
    let token = req.parameters.token.as_deref();
    let km_b64 = b64_encode(&wrapped.key_material);
    let pk_b64 = wrapped.private_key_ciphertext.as_deref().map(b64_encode);
    let token_b64 = token.map(b64_encode);
    let json_err = |e: serde_json::Error| Error::runtime("bundle", e.to_string());
    let layout = LayoutInput {
        req,
        wrapped,
        km_b64: &km_b64,
        pk_b64: pk_b64.as_deref(),
        token_b64: token_b64.as_deref(),
    };
    let file = |name: &str, role: Option<Role>, encoding: Encoding, bytes: Vec<u8>| BundleFile {
        name: name.to_owned(),
        role,
        encoding,
        bytes,
    };
    // 1. The wrapped key material, as the console takes it, plus the other rendering.
    let mut files = cloud.material_files(&layout)?;
    if let Some(pk) = &wrapped.private_key_ciphertext {
        let name = cloud.private_key_file_name(spec);
        files.push(file(
            name,
            Some(Role::EncryptedPrivateKey),
            Encoding::Binary,
            pk.clone(),
        ));
        let b64_name = name.replace(".der", "_base64.txt");
        files.push(file(
            &b64_name,
            Some(Role::EncryptedPrivateKeyBase64),
            Encoding::Base64,
            pk_b64.clone().unwrap_or_default().into_bytes(),
        ));
    }
    // 2. The import token, in the encoding the provider uploads.
    let token_name = cloud.token_file_name();
    if let Some(t) = token {
        match provider.info().token {
            Some(TokenEncoding::Binary) => files.push(file(
                token_name,
                Some(Role::ImportToken),
                Encoding::Binary,
                t.to_vec(),
            )),
            Some(TokenEncoding::Base64) => files.push(file(
                token_name,
                Some(Role::ImportToken),
                Encoding::Base64,
                b64_encode(t).into_bytes(),
            )),
            None => {}
        }
    }
    // 3. The ImportKeyMaterial request body, fields spelled as the API spells them.
    if let Some((body_name, body)) = cloud.request_body(&layout) {
        let mut text = serde_json::to_string_pretty(&body).map_err(json_err)?;
        text.push('\n');
        files.push(file(
            body_name,
            Some(Role::ApiRequest),
            Encoding::Json,
            text.into_bytes(),
        ));
    }
    // 4. README.txt: console steps and the cloud CLI line.
    let (console_steps, cli_line) = cloud.instructions(&InstructionsInput {
        req,
        files: &files,
        token_name,
    });
    let readme = readme_text(req, &console_steps, &cli_line, now);
    files.push(file(
        "README.txt",
        Some(Role::Instructions),
        Encoding::Text,
        readme.into_bytes(),
    ));
    // 5. The manifest lists every other file of the bundle (so a later `--force` may replace
    //    exactly these and nothing else).
    let (construction, value) = req.material.check_value(spec);
    let manifest = Manifest {
        tool: format!("byok-wizard {}", env!("CARGO_PKG_VERSION")),
        provider: provider.id(),
        key_spec: spec.common_name(),
        provider_key_spec: provider.spec_name(spec).unwrap_or(spec.common_name()),
        algorithm: req.offer.algorithm.name(),
        key_id,
        kek_id: req.parameters.kek_id.as_deref(),
        wrapping_key_sha256: req.parameters.params.wrapping_key.sha256_hex(),
        wrapping_key_type: req.parameters.params.wrapping_key.key_type().name(),
        wrapping_key_bits: req.parameters.params.wrapping_key.bits(),
        import_token_expires: req.parameters.params.expires.map(fmt_time),
        material_expires: req
            .parameters
            .material_expires
            .map(fmt_time)
            .unwrap_or_else(|| "never".into()),
        created: fmt_time(now),
        material: req.material.describe(spec),
        key_check_value: CheckValue {
            construction,
            value,
        },
        key_check_value_cmac: match &req.material {
            crate::core::request::Material::Symmetric(k)
                if matches!(spec, KeySpec::Aes128 | KeySpec::Aes192 | KeySpec::Aes256) =>
            {
                crate::core::ceremony::cmac_check_value(k.expose()).map(|value| CheckValue {
                    construction: "AES-CMAC(K, 0^128), first 3 bytes",
                    value,
                })
            }
            _ => None,
        },
        files: files
            .iter()
            .filter_map(|f| {
                f.role.map(|role| ManifestFile {
                    name: &f.name,
                    role,
                    encoding: f.encoding,
                    sha256: sha256_hex(&f.bytes),
                    size: f.bytes.len(),
                })
            })
            .collect(),
    };
    let mut manifest_text = serde_json::to_string_pretty(&manifest).map_err(json_err)?;
    manifest_text.push('\n');
    files.push(file(
        "manifest.json",
        None,
        Encoding::Json,
        manifest_text.into_bytes(),
    ));
    Ok(Bundle {
        files,
        cli_line,
        console_steps,
    })
}

impl Bundle {
    /// The CLI line for PowerShell 7.3 or later ([`crate::core::shell::powershell`]).
    pub fn cli_line_powershell(&self) -> String {
        crate::core::shell::powershell(&self.cli_line)
    }

    /// The CLI line for the shell of the system this runs on: PowerShell on Windows, else the
    /// POSIX shell's; with whether it is the PowerShell one.
    pub fn cli_line_for_this_system(&self) -> (String, bool) {
        if cfg!(windows) {
            (self.cli_line_powershell(), true)
        } else {
            (self.cli_line.clone(), false)
        }
    }
}

fn readme_text(req: &WrapRequest, steps: &[String], cli: &str, now: OffsetDateTime) -> String {
    let p = &req.parameters;
    let mut s = String::new();
    s.push_str(&format!(
        "byok-wizard {} — key material wrapped for {}\n\n",
        env!("CARGO_PKG_VERSION"),
        req.offer.provider.info().display_name
    ));
    if let Some(c) = crate::core::catalog::caveat(req.offer.provider, req.offer.key_spec) {
        s.push_str(&format!("CAUTION: {c}.\n\n"));
    }
    s.push_str(&format!(
        "Key spec:          {} ({})\n",
        req.offer.key_spec.common_name(),
        req.offer
            .provider
            .spec_name(req.offer.key_spec)
            .unwrap_or("")
    ));
    s.push_str(&format!(
        "Wrapping algorithm: {}\n",
        req.offer.algorithm.name()
    ));
    s.push_str(&format!(
        "Key id:            {}\n",
        p.key_id.as_deref().unwrap_or("(not given)")
    ));
    s.push_str(&format!(
        "Wrapping key:      {} SHA-256 {}\n",
        p.params.wrapping_key.describe(),
        p.params.wrapping_key.sha256_hex()
    ));
    if let Some(exp) = p.params.expires {
        s.push_str(&format!(
            "Token expires:     {} (import before then)\n",
            fmt_time(exp)
        ));
    }
    if let Some(t) = p.material_expires {
        s.push_str(&format!(
            "Material expires:  {} (the cloud deletes the imported key material then; import it\n                   again from your own copy or backup to keep using the key)\n",
            fmt_time(t)
        ));
    }
    s.push_str(&format!("Created:           {}\n\n", fmt_time(now)));
    s.push_str("Console steps:\n");
    for (i, step) in steps.iter().enumerate() {
        s.push_str(&format!("  {}. {step}\n", i + 1));
    }
    // "Command line:" is the POSIX-shell line (bash, zsh; on Windows Git Bash or WSL); the same
    // command for PowerShell follows under its own heading.
    s.push_str("\nCommand line:\n  ");
    s.push_str(cli);
    s.push_str("\n\nThe same in PowerShell 7.3 or later (Windows):\n  ");
    s.push_str(&crate::core::shell::powershell(cli));
    s.push_str("\n\nNo file in this folder holds plaintext key material. The cloud never gives key\nmaterial back: keep your own copy (or the age backup) safe.\n");
    if let Material::PrivateKey(_) = req.material {
        s.push_str(
            "The private key travels as PKCS#8 DER, encrypted as listed in manifest.json.\n",
        );
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Writing (the rules are `place`'s)

pub use crate::core::place::{write_backup, Overwrite, RunInput};

/// Write the bundle to `out` by [`place::write_dir`](crate::core::place::write_dir): `out` must be
/// missing, empty, or (with `--force`) an earlier bundle of ours, and hold none of `inputs`.
pub fn write(bundle: &Bundle, out: &Path, overwrite: Overwrite, inputs: &[RunInput]) -> Result<()> {
    write_with(bundle, out, overwrite, inputs, Default::default())
}

/// [`write`] with a choice of durability (batches sync the file system once per bundle).
pub fn write_with(
    bundle: &Bundle,
    out: &Path,
    overwrite: Overwrite,
    inputs: &[RunInput],
    durability: crate::core::place::Durability,
) -> Result<()> {
    let files: Vec<(&str, &[u8], u32)> = bundle
        .files
        .iter()
        .map(|f| (f.name.as_str(), f.bytes.as_slice(), 0o644))
        .collect();
    crate::core::place::write_dir_with(&files, out, overwrite, inputs, durability)
}
