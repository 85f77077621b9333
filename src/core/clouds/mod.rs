//! One file per cloud: everything a cloud knows, behind one trait.
//!
//! A [`Cloud`] holds its catalog rows (facts, the cloud's own key-spec spellings, the offers), how
//! it names and encodes the upload files, its ImportKeyMaterial request body, its console steps and
//! CLI line, and what its practice KMS hands over. [`REGISTRY`] lists the clouds; [`cloud`] is the
//! only `match` on the provider outside the cloud files.
//!
//! Adding a cloud: a `Provider` variant and its file here (copy the closest cloud), one line in
//! [`REGISTRY`] and in [`cloud`], its `provider-<id>` strings in `assets/i18n/*/common.ftl`, and
//! its tests (a row in the interop tables and the practice tests). See ARCHITECTURE.md.

mod alibaba;
mod aws;
mod azure;
mod gcp;
mod huawei;
mod oci;
mod tencent;

use crate::core::bundle::{BundleFile, Encoding, Role};
use crate::core::catalog::{Offer, Provider, ProviderInfo};
use crate::core::request::WrapRequest;
use crate::core::wrap::Wrapped;

/// What a cloud's bundle layout works from.
pub struct LayoutInput<'a> {
    pub req: &'a WrapRequest,
    pub wrapped: &'a Wrapped,
    /// Base64 of the wrapped key material (the API fields' encoding).
    pub km_b64: &'a str,
    /// Base64 of the private-key ciphertext (Huawei's second upload), if there is one.
    pub pk_b64: Option<&'a str>,
    /// Base64 of the token's raw bytes, if a token was given.
    pub token_b64: Option<&'a str>,
}

impl LayoutInput<'_> {
    /// The import's lifecycle options.
    pub fn import(&self) -> &crate::core::request::ImportOptions {
        &self.req.parameters.import
    }

    pub fn key_id(&self) -> Option<&str> {
        self.req.parameters.key_id.as_deref()
    }

    /// When the cloud is to delete the material, in Unix seconds; `None` = never.
    pub fn expires_unix(&self) -> Option<i64> {
        self.req
            .parameters
            .material_expires
            .map(|t| t.unix_timestamp())
    }
}

/// What a cloud's console steps and CLI line work from.
pub struct InstructionsInput<'a> {
    pub req: &'a WrapRequest,
    /// Every file of the bundle so far (without README.txt and manifest.json).
    pub files: &'a [BundleFile],
    /// The token file's name (whether or not a token was given).
    pub token_name: &'a str,
}

impl InstructionsInput<'_> {
    /// The import's lifecycle options.
    pub fn import(&self) -> &crate::core::request::ImportOptions {
        &self.req.parameters.import
    }

    /// The key id, or a placeholder to fill in.
    pub fn key_id(&self) -> String {
        self.req
            .parameters
            .key_id
            .clone()
            .unwrap_or_else(|| "<key-id>".into())
    }

    /// The upload the console's key-material field takes.
    pub fn key_material_file(&self) -> String {
        self.files
            .iter()
            .find(|f| matches!(f.role, Some(Role::EncryptedKeyMaterial) | Some(Role::Byok)))
            .map(|f| f.name.clone())
            .unwrap_or_default()
    }

    /// Huawei's second upload, if there is one.
    pub fn private_key_file(&self) -> Option<String> {
        self.files
            .iter()
            .find(|f| f.role == Some(Role::EncryptedPrivateKey))
            .map(|f| f.name.clone())
    }

    pub fn has_token(&self) -> bool {
        self.req.parameters.token.is_some()
    }

    /// The token file's name, or what to use instead when no token was given.
    pub fn token_file(&self) -> String {
        if self.has_token() {
            self.token_name.to_owned()
        } else {
            "<the import token file from the console>".into()
        }
    }

    /// When the cloud is to delete the material, in Unix seconds; `None` = never.
    pub fn expires_unix(&self) -> Option<i64> {
        self.req
            .parameters
            .material_expires
            .map(|t| t.unix_timestamp())
    }

    /// When the cloud is to delete the material (RFC 3339), `None` = never.
    pub fn expires(&self) -> Option<String> {
        self.req
            .parameters
            .material_expires
            .map(crate::core::input::params::fmt_time)
    }

    pub fn has_request_body(&self) -> bool {
        self.files.iter().any(|f| f.role == Some(Role::ApiRequest))
    }
}

/// What the practice KMS issued, for a cloud to lay out as its console or API hands it over.
pub struct PracticeIssue<'a> {
    pub key_id: &'a str,
    /// The wrapping public key: DER SubjectPublicKeyInfo and PEM.
    pub spki_der: &'a [u8],
    pub pem: &'a str,
    /// The token's raw bytes.
    pub token: &'a [u8],
    /// When the parameters expire (Unix seconds).
    pub expires_unix: i64,
}

/// Cloud-style wording for the kinds of rejection the practice KMS gives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    MissingToken,
    BadToken,
    Expired,
    BadCiphertext,
    BadMaterial,
}

/// Whether a cloud lets imported material expire, and how far ahead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpiryRule {
    /// The cloud has no such thing (the reason, in words).
    Unsupported(&'static str),
    /// Any future time, up to `max_ahead` from now and `max_unix`, where the cloud limits it.
    Until {
        max_ahead: Option<time::Duration>,
        max_unix: Option<i64>,
    },
}

/// Everything one cloud knows.
pub trait Cloud: Sync {
    /// Facts: id, name, wrapping-key sizes, token encoding, the cloud's own spec spellings.
    fn info(&self) -> &'static ProviderInfo;

    /// The (key spec, algorithm) pairs it offers, with their byte scheme, in display order.
    fn offers(&self, out: &mut Vec<Offer>);

    /// The wrapped key material as the console takes it, and its other rendering(s).
    fn material_files(&self, l: &LayoutInput) -> crate::core::error::Result<Vec<BundleFile>>;

    /// The name of the private-key ciphertext upload (a cloud with a second upload).
    fn private_key_file_name(&self, _spec: crate::core::catalog::KeySpec) -> &'static str {
        "out_private_key.der"
    }

    /// The token file's name.
    fn token_file_name(&self) -> &'static str {
        "ImportToken.txt"
    }

    /// Whether imported material can be set to expire (`--material-expires`).
    fn material_expiry(&self) -> ExpiryRule {
        ExpiryRule::Until {
            max_ahead: None,
            max_unix: None,
        }
    }

    /// Check the import's lifecycle options against the offer and key id. Only AWS has them; the
    /// default refuses any that is given.
    fn check_import_options(
        &self,
        _offer: &Offer,
        _key_id: Option<&str>,
        o: &crate::core::request::ImportOptions,
    ) -> crate::core::error::Result<()> {
        refuse_options_of_others(self.info(), o, &[])
    }

    /// Whether a key id the user typed is one the cloud's ImportKeyMaterial takes: `Err((what is
    /// wrong, what to do))`. Ids read from the cloud's own parameters are not checked.
    fn check_key_id(&self, _id: &str) -> Result<(), (String, String)> {
        Ok(())
    }

    /// The ImportKeyMaterial request body (file name, JSON), when it can be written.
    fn request_body(&self, l: &LayoutInput) -> Option<(&'static str, serde_json::Value)>;

    /// The console steps and the cloud CLI line.
    fn instructions(&self, i: &InstructionsInput) -> (Vec<String>, String);

    /// The practice KMS's key id from 16 random bytes, in the cloud's style.
    fn practice_key_id(&self, r: &[u8; 16]) -> String {
        uuid_style(r)
    }

    /// The files the practice KMS hands over (besides its own state), as the cloud names them.
    fn practice_files(&self, p: &PracticeIssue) -> Result<Vec<(String, Vec<u8>)>, String>;

    /// Which practice files the window loads in step 2: (wrapping key or parameters, token).
    fn practice_inputs(&self, key_id: &str) -> (String, Option<String>);

    /// A caveat about a key spec whose bytes are established but whose acceptance the vendor's
    /// documentation leaves open: (its message id in `assets/i18n/`, the English text).
    fn caveat(&self, _spec: crate::core::catalog::KeySpec) -> Option<(&'static str, &'static str)> {
        None
    }

    /// The algorithms a key made of this spec's material can be given (`--key-algorithm`; Google
    /// Cloud KMS key version algorithms), the default first; empty where the cloud has no choice.
    fn key_algorithms(&self, _spec: crate::core::catalog::KeySpec) -> Vec<&'static str> {
        Vec::new()
    }

    /// How the cloud words a rejection.
    fn rejection_words(&self, why: Why) -> &'static str {
        match why {
            Why::MissingToken => "import_token is missing (parameter error)",
            Why::BadToken => "the import token is invalid or does not match this key",
            Why::Expired => "the import token has expired",
            Why::BadCiphertext => "failed to decrypt the key material",
            Why::BadMaterial => "the key material is invalid for this key spec",
        }
    }
}

/// Refuse the import options given that belong to another cloud (all but the flags in `own`).
pub(crate) fn refuse_options_of_others(
    me: &ProviderInfo,
    o: &crate::core::request::ImportOptions,
    own: &[&str],
) -> crate::core::error::Result<()> {
    let given = [
        ("--import-type", "an AWS KMS", o.import_type.is_some()),
        (
            "--material-description",
            "an AWS KMS",
            o.description.is_some(),
        ),
        ("--material-id", "an AWS KMS", o.material_id.is_some()),
        ("--region", "an AWS KMS", o.region.is_some()),
        (
            "--key-algorithm",
            "a Google Cloud KMS",
            o.key_algorithm.is_some(),
        ),
    ];
    match given
        .iter()
        .find(|(flag, _, set)| *set && !own.contains(flag))
    {
        Some((flag, whose, _)) => Err(crate::core::error::Error::input(
            *flag,
            format!("is {whose} option; {} has no such setting", me.display_name),
        )
        .hint(format!("leave out {flag}"))),
        None => Ok(()),
    }
}

/// `8-4-4-4-12` groups of characters that `ok` accepts (a UUID's shape).
pub(crate) fn uuid_shaped(s: &str, ok: impl Fn(char) -> bool) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(&ok))
}

/// Every cloud, in display order.
pub static REGISTRY: [&dyn Cloud; 7] = [
    &huawei::Huawei,
    &alibaba::Alibaba,
    &aws::Aws,
    &gcp::Gcp,
    &azure::Azure,
    &tencent::Tencent,
    &oci::Oci,
];

/// The cloud behind a provider.
pub fn cloud(p: Provider) -> &'static dyn Cloud {
    match p {
        Provider::Huawei => &huawei::Huawei,
        Provider::Alibaba => &alibaba::Alibaba,
        Provider::Aws => &aws::Aws,
        Provider::Gcp => &gcp::Gcp,
        Provider::Azure => &azure::Azure,
        Provider::Tencent => &tencent::Tencent,
        Provider::Oci => &oci::Oci,
    }
}

// ------------------------------------------------------------------------------------------
// Helpers the clouds share

/// A bundle file.
pub fn file(name: &str, role: Role, encoding: Encoding, bytes: Vec<u8>) -> BundleFile {
    BundleFile {
        name: name.to_owned(),
        role: Some(role),
        encoding,
        bytes,
    }
}

/// `EncryptedKeyMaterial.bin` for the console, `EncryptedKeyMaterial_base64.txt` beside it.
pub fn binary_material_files(l: &LayoutInput) -> Vec<BundleFile> {
    vec![
        file(
            "EncryptedKeyMaterial.bin",
            Role::EncryptedKeyMaterial,
            Encoding::Binary,
            l.wrapped.key_material.clone(),
        ),
        file(
            "EncryptedKeyMaterial_base64.txt",
            Role::EncryptedKeyMaterialBase64,
            Encoding::Base64,
            l.km_b64.as_bytes().to_vec(),
        ),
    ]
}

/// `EncryptedKeyMaterial_base64.txt` for the console, `EncryptedKeyMaterial.bin` beside it.
pub fn base64_material_files(l: &LayoutInput) -> Vec<BundleFile> {
    vec![
        file(
            "EncryptedKeyMaterial_base64.txt",
            Role::EncryptedKeyMaterial,
            Encoding::Base64,
            l.km_b64.as_bytes().to_vec(),
        ),
        file(
            "EncryptedKeyMaterial.bin",
            Role::EncryptedKeyMaterialBinary,
            Encoding::Binary,
            l.wrapped.key_material.clone(),
        ),
    ]
}

/// A key id shaped like a UUID (version-4 layout) from 16 random bytes.
pub fn uuid_style(r: &[u8; 16]) -> String {
    let h = hex::encode(r);
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

/// Pretty JSON with a final newline.
pub fn json_text(v: &serde_json::Value) -> Result<Vec<u8>, String> {
    let mut text = serde_json::to_string_pretty(v).map_err(|e| e.to_string())?;
    text.push('\n');
    Ok(text.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_and_the_lookup_agree() {
        for p in crate::core::catalog::PROVIDERS {
            assert_eq!(cloud(*p).info().provider, *p);
        }
        for (c, p) in REGISTRY.iter().zip(crate::core::catalog::PROVIDERS) {
            assert_eq!(c.info().provider, *p, "registry order is display order");
        }
    }
}
