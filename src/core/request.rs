//! From raw inputs to a validated [`WrapRequest`]: every rule of the contract's "Rules checked
//! before anything is written" lives here, so the CLI and the GUI enforce the same ones.

use crate::core::catalog::{
    self, Algorithm, KeySpec, MaterialKind, Offer, Provider, Scheme, TokenEncoding, WrappingKeyType,
};
use crate::core::error::{Error, ErrorKind, Hint, Input, Remedy, Result};
use crate::core::input::params::{self, ImportParameters, ParamsSource};
use crate::core::input::private_key::{self, KeyError, PrivateKey};
use crate::core::input::wrapping_key::WrappingKey;
use crate::core::input::{material, token};
use crate::core::secret::SecretBytes;
use crate::core::wrap::{self, aes_ecb, Wrapped};
use rand::{CryptoRng, RngCore};
use sha2::{Digest as _, Sha256};
use time::OffsetDateTime;

/// Smallest wrapping key we accept, whatever the provider (contract).
pub const MIN_WRAPPING_KEY_BITS: usize = 2048;

/// Key material, ready to wrap.
#[derive(Debug, Clone)]
pub enum Material {
    /// Raw symmetric or HMAC key bytes.
    Symmetric(SecretBytes),
    /// A private key, normalised to PKCS#8 DER.
    PrivateKey(PrivateKey),
}

impl Material {
    /// The exact bytes that get wrapped.
    pub fn bytes(&self) -> &SecretBytes {
        match self {
            Material::Symmetric(b) => b,
            Material::PrivateKey(k) => &k.pkcs8_der,
        }
    }

    /// `AES-256`, `RSA-3072`, `EC P-256`, `32-byte key`.
    pub fn describe(&self, spec: KeySpec) -> String {
        match self {
            Material::Symmetric(b) => match spec {
                KeySpec::Aes128 => "AES-128 key (16 bytes)".to_owned(),
                KeySpec::Aes192 => "AES-192 key (24 bytes)".to_owned(),
                KeySpec::Aes256 => "AES-256 key (32 bytes)".to_owned(),
                KeySpec::Sm4 => "SM4 key (16 bytes)".to_owned(),
                _ => format!("HMAC key ({} bytes)", b.len()),
            },
            Material::PrivateKey(k) => format!("{} private key", k.kind.describe()),
        }
    }

    /// How [`Material::check_value`] is computed for this material and spec.
    pub fn check_value_method(&self, spec: KeySpec) -> CheckValueMethod {
        match self {
            Material::Symmetric(_)
                if matches!(spec, KeySpec::Aes128 | KeySpec::Aes192 | KeySpec::Aes256) =>
            {
                CheckValueMethod::AesEcbZeroBlock
            }
            Material::Symmetric(_) => CheckValueMethod::Sha256OfKey,
            Material::PrivateKey(_) => CheckValueMethod::Sha256OfPublicKey,
        }
    }

    /// A value that identifies the key without revealing it, and how it was computed.
    pub fn check_value(&self, spec: KeySpec) -> (&'static str, String) {
        let method = self.check_value_method(spec);
        let value = match (method, self) {
            // The payment-industry KCV: encrypt a zero block, keep 3 bytes.
            (CheckValueMethod::AesEcbZeroBlock, Material::Symmetric(b)) => {
                hex::encode(&aes_ecb::encrypt_zero_block(b.expose())[..3])
            }
            (_, Material::Symmetric(b)) => hex::encode(&Sha256::digest(b.expose())[..3]),
            (_, Material::PrivateKey(k)) => k.public_fingerprint(),
        };
        (method.describe(), value)
    }
}

impl Material {
    /// What may still be shown once the material itself is gone.
    pub fn facts(&self, spec: KeySpec) -> MaterialFacts {
        MaterialFacts {
            kind: match self {
                Material::Symmetric(b) => FactsKind::Symmetric { len: b.len() },
                Material::PrivateKey(k) => FactsKind::PrivateKey(k.kind),
            },
            method: self.check_value_method(spec),
            check_value: self.check_value(spec).1,
        }
    }
}

/// What the window shows about material after the wrap: its kind and check value, never a
/// byte of it (the Export page keeps these once the material is dropped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaterialFacts {
    pub kind: FactsKind,
    pub method: CheckValueMethod,
    pub check_value: String,
}

/// The kind of material, without the material.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FactsKind {
    Symmetric { len: usize },
    PrivateKey(private_key::KeyKind),
}

/// How a key check value is computed (identifies a key without revealing it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckValueMethod {
    /// AES keys: the first 3 bytes of AES-ECB(K, 0^128).
    AesEcbZeroBlock,
    /// Other symmetric and HMAC keys: the first 3 bytes of SHA-256(K).
    Sha256OfKey,
    /// Private keys: SHA-256 of the public key's DER SubjectPublicKeyInfo.
    Sha256OfPublicKey,
}

impl CheckValueMethod {
    /// In words, for the CLI, the README and the practice KMS.
    pub fn describe(self) -> &'static str {
        match self {
            CheckValueMethod::AesEcbZeroBlock => "AES-ECB(K, 0^128), first 3 bytes",
            CheckValueMethod::Sha256OfKey => "SHA-256(K), first 3 bytes",
            CheckValueMethod::Sha256OfPublicKey => {
                "SHA-256 of the public key's DER SubjectPublicKeyInfo"
            }
        }
    }
}

/// Resolve `--provider`.
pub fn parse_provider(s: &str) -> Result<Provider> {
    if let Some(p) = Provider::from_id(s) {
        return Ok(p);
    }
    let known: Vec<&str> = catalog::PROVIDERS.iter().map(|p| p.id()).collect();
    if catalog::PLANNED_PROVIDERS.contains(&s.trim().to_ascii_lowercase().as_str()) {
        return Err(Error::input(
            "--provider",
            format!("'{s}' is not supported yet in this version"),
        )
        .hint(format!("supported now: {}", known.join(", "))));
    }
    Err(
        Error::input("--provider", format!("unknown provider '{s}'"))
            .hint(format!("use one of: {}", known.join(", "))),
    )
}

/// Resolve `--key-spec` and `--algorithm` to the catalog offer.
pub fn resolve_offer(provider: Provider, key_spec: &str, algorithm: Option<&str>) -> Result<Offer> {
    let specs: Vec<String> = provider
        .info()
        .spec_names
        .iter()
        .map(|(s, n)| {
            if s.common_name() == *n {
                n.to_string()
            } else {
                format!("{} ({n})", s.common_name())
            }
        })
        .collect();
    let spec = provider.parse_key_spec(key_spec).ok_or_else(|| {
        if let Some(reason) = catalog::unsupported_reason(provider, key_spec)
            .or_else(|| algorithm.and_then(|a| catalog::unsupported_reason(provider, a)))
        {
            return Error::input(
                "--key-spec",
                format!("{key_spec} import into {provider} is not supported: {reason}"),
            )
            .hint(format!("{provider} imports: {}", specs.join(", ")));
        }
        let known_elsewhere = catalog::spec_from_any_name(key_spec).is_some();
        let problem = if known_elsewhere {
            format!("{provider} does not import {key_spec} keys")
        } else {
            format!("unknown key spec '{key_spec}'")
        };
        Error::input("--key-spec", problem)
            .hint(format!("{provider} imports: {}", specs.join(", ")))
    })?;
    let offers = provider.offers_for(spec);
    let names: Vec<&str> = offers.iter().map(|o| o.algorithm.name()).collect();
    match algorithm {
        None if provider.info().algorithm_required => Err(Error::input(
            "--algorithm",
            format!("{provider} needs --algorithm: it is the import method of your import job"),
        )
        .hint(format!(
            "use the import job's method, one of: {}",
            names.join(", ")
        ))),
        None => provider
            .recommended(spec)
            .ok_or_else(|| Error::input("--algorithm", "no default algorithm for this key spec")),
        Some(a) if catalog::unsupported_reason(provider, a).is_some() => Err(Error::input(
            "--algorithm",
            format!(
                "{a} is not supported for {provider}: {}",
                catalog::unsupported_reason(provider, a).unwrap_or_default()
            ),
        )
        .hint(format!(
            "{provider} {} takes: {}",
            spec.common_name(),
            names.join(", ")
        ))),
        Some(a) => {
            let alg = Algorithm::from_name(a).ok_or_else(|| {
                Error::input("--algorithm", format!("unknown wrapping algorithm '{a}'")).hint(
                    format!(
                        "{provider} {} takes: {}",
                        spec.common_name(),
                        names.join(", ")
                    ),
                )
            })?;
            provider.offer(spec, alg).ok_or_else(|| {
                Error::input(
                    "--algorithm",
                    format!(
                        "{provider} does not offer {} for {} keys",
                        alg.name(),
                        spec.common_name()
                    ),
                )
                .hint(format!("use one of: {}", names.join(", ")))
            })
        }
    }
}

/// The wrapping key and what came with it, after every check.
#[derive(Debug, Clone)]
pub struct Parameters {
    pub params: ImportParameters,
    /// Raw token bytes, from the JSON or `--import-token`.
    pub token: Option<Vec<u8>>,
    pub key_id: Option<String>,
    /// Azure: the key-encryption key's full identifier, written into the `.byok` header.
    pub kek_id: Option<String>,
    /// Notes for the user (where the token came from, …).
    pub notes: Vec<String>,
    /// The token file was base64 text and was decoded (AWS uploads raw bytes).
    pub token_was_base64: bool,
    /// When the cloud is to delete the imported material (`--material-expires`); `None` = never.
    pub material_expires: Option<OffsetDateTime>,
    /// The import's lifecycle options (AWS: import type, material description and id, region).
    pub import: ImportOptions,
}

/// Whether the material is new to the key or the key's own material imported again (AWS
/// ImportKeyMaterial `ImportType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportType {
    /// `NEW_KEY_MATERIAL`: the first import, a rotation to new material, a multi-Region primary.
    New,
    /// `EXISTING_KEY_MATERIAL`: a re-import, or a multi-Region replica.
    Existing,
}

impl ImportType {
    /// The API's spelling.
    pub fn api_name(self) -> &'static str {
        match self {
            ImportType::New => "NEW_KEY_MATERIAL",
            ImportType::Existing => "EXISTING_KEY_MATERIAL",
        }
    }

    /// `new` / `existing`, or the API's spelling.
    pub fn parse(s: &str) -> Option<ImportType> {
        match s.trim().to_ascii_lowercase().as_str() {
            "new" | "new_key_material" => Some(ImportType::New),
            "existing" | "existing_key_material" => Some(ImportType::Existing),
            _ => None,
        }
    }
}

/// Lifecycle options of one import, as given (checked by the cloud, [`crate::core::clouds::Cloud::check_import_options`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// `--import-type new|existing`.
    pub import_type: Option<ImportType>,
    /// `--material-description TEXT`.
    pub description: Option<String>,
    /// `--material-id HEX`: the id the cloud gave this material at its first import.
    pub material_id: Option<String>,
    /// `--region REGION`: where the key lives (the CLI line's `--region`; China Regions change
    /// what AWS imports).
    pub region: Option<String>,
    /// `--key-algorithm NAME`: Google Cloud KMS, the new key version's algorithm
    /// (CryptoKeyVersionAlgorithm, e.g. `RSA_DECRYPT_OAEP_3072_SHA256`).
    pub key_algorithm: Option<String>,
}

/// The lifecycle options as given (the cloud checks them against the offer).
pub fn import_options(
    import_type: Option<&str>,
    description: &Option<String>,
    material_id: &Option<String>,
    region: &Option<String>,
    key_algorithm: &Option<String>,
) -> Result<ImportOptions> {
    let import_type = match import_type {
        None => None,
        Some(t) => Some(ImportType::parse(t).ok_or_else(|| {
            Error::input("--import-type", format!("'{t}' is not new or existing"))
                .hint("write new (first import, rotation, multi-Region primary) or existing (re-import, replica)")
        })?),
    };
    Ok(ImportOptions {
        import_type,
        description: description.clone(),
        material_id: material_id.clone(),
        region: region.clone(),
        key_algorithm: key_algorithm.clone(),
    })
}

impl ImportOptions {
    pub fn is_empty(&self) -> bool {
        *self == ImportOptions::default()
    }
}

/// Parse and check the wrapping key input plus the optional token file and key id.
pub fn load_parameters(
    provider: Provider,
    wrapping_key_subject: &str,
    wrapping_key_bytes: &[u8],
    token_input: Option<(&str, &[u8])>,
    key_id: Option<&str>,
    now: OffsetDateTime,
) -> Result<Parameters> {
    let params = params::parse_unchecked(wrapping_key_bytes)
        .map_err(|e| Error::input(wrapping_key_subject, e).hint(wrapping_key_hint(provider)))?;
    params::check_expiry(&params, now).map_err(|e| {
        Error::input(wrapping_key_subject, e)
            .hint(format!(
                "download a new wrapping key and import token together from the {} console",
                provider.info().display_name
            ))
            .kind(ErrorKind::ParamsExpired)
            .about(Input::WrappingKey)
    })?;
    if let Some(allowed) = params.source.providers() {
        if !allowed.contains(&provider.id()) {
            return Err(Error::input(
                wrapping_key_subject,
                format!(
                    "is {} but the provider is {provider}",
                    params.source.describe()
                ),
            )
            .hint("use the parameters downloaded from the cloud you import into")
            .kind(ErrorKind::NotForProvider));
        }
    }
    if params.wrapping_key.key_type() == WrappingKeyType::Sm2 {
        // SM2 wrapping keys: only where the provider offers an SM2 scheme (AWS China Regions).
        if !provider.takes_wrapping_key(WrappingKeyType::Sm2) {
            return Err(Error::input(
                wrapping_key_subject,
                format!("is an SM2 public key, but byok-wizard wraps to {provider} only with RSA wrapping keys"),
            )
            .hint(wrapping_key_hint(provider))
            .kind(ErrorKind::NotForProvider));
        }
    }
    let bits = params.wrapping_key.bits();
    let sizes = provider.info().wrapping_key_bits;
    if params.wrapping_key.key_type() == WrappingKeyType::Sm2 {
        // No size to check: SM2 has one curve.
    } else if bits < MIN_WRAPPING_KEY_BITS {
        return Err(Error::input(
            wrapping_key_subject,
            format!("is an RSA-{bits} key; wrapping keys must be at least 2048 bits"),
        )
        .hint(wrapping_key_hint(provider)));
    } else if !sizes.contains(&bits) {
        let list: Vec<String> = sizes.iter().map(|b| format!("RSA-{b}")).collect();
        return Err(Error::input(
            wrapping_key_subject,
            format!(
                "is an RSA-{bits} key, but {provider} issues only {} wrapping keys",
                list.join("/")
            ),
        )
        .hint(wrapping_key_hint(provider))
        .kind(ErrorKind::NotForProvider));
    }
    let mut notes = Vec::new();
    let mut token_was_base64 = false;
    let mut tok = params.token.clone();
    if tok.is_some() {
        notes.push(format!(
            "import token taken from {}",
            params.source.describe()
        ));
    }
    if let Some((subject, bytes)) = token_input {
        let encoding = provider.info().token.ok_or_else(|| {
            Error::input(subject, format!("{provider} does not use import tokens"))
                .hint(Remedy::LeaveOutToken)
                .about(Input::ImportToken)
        })?;
        let parsed = token::parse(bytes, encoding).map_err(|e| {
            Error::input(subject, e)
                .hint(match encoding {
                    TokenEncoding::Base64 => {
                        "give the token file exactly as the console downloaded it (base64 text)"
                    }
                    TokenEncoding::Binary => "give the importToken file the console downloaded",
                })
                .about(Input::ImportToken)
        })?;
        if parsed.decoded_from_base64 {
            token_was_base64 = true;
            notes.push(
                "the import token was base64 text; it was decoded (AWS uploads the raw bytes)"
                    .into(),
            );
        }
        if let Some(from_json) = &params.token {
            if *from_json != parsed.bytes {
                return Err(Error::input(
                    subject,
                    format!("differs from the import token inside {wrapping_key_subject}"),
                )
                .hint("the token and wrapping key must come from the same download; give only the parameters JSON")
                .kind(ErrorKind::TokenMismatch)
                .about(Input::ImportToken));
            }
        } else {
            notes.push("import token taken from --import-token".into());
        }
        tok = Some(parsed.bytes);
    }
    let key_id = match (key_id, &params.key_id) {
        (Some(given), Some(inside)) if given.trim() != inside.trim() => {
            return Err(Error::input(
                "--key-id",
                format!(
                    "'{given}' differs from the key id '{inside}' inside {wrapping_key_subject}"
                ),
            )
            .hint(Remedy::LeaveOutKeyIdOrMatchingParameters)
            .kind(ErrorKind::KeyIdMismatch)
            .about_flag(Input::KeyId))
        }
        (Some(given), _) => {
            let given = given.trim();
            crate::core::clouds::cloud(provider)
                .check_key_id(given)
                .map_err(|(problem, hint)| {
                    Error::input("--key-id", format!("'{given}' {problem}"))
                        .hint(hint)
                        .about_flag(Input::KeyId)
                })?;
            Some(given.to_owned())
        }
        (None, inside) => inside.clone(),
    };
    Ok(Parameters {
        token_was_base64,
        params,
        token: tok,
        key_id,
        kek_id: None,
        notes,
        material_expires: None,
        import: ImportOptions::default(),
    })
}

/// Check `--material-expires` (RFC 3339 time, a date `YYYY-MM-DD` meaning its midnight UTC, or
/// `never`) against what the cloud allows. `Ok(None)` = never expires.
pub fn check_material_expiry(
    provider: Provider,
    given: Option<&str>,
    now: OffsetDateTime,
) -> Result<Option<OffsetDateTime>> {
    let flag = "--material-expires";
    let Some(text) = given
        .map(str::trim)
        .filter(|t| !t.eq_ignore_ascii_case("never"))
    else {
        return Ok(None);
    };
    let when = params::parse_time_or_date(text).ok_or_else(|| {
        Error::input(flag, format!("'{text}' is not a time"))
            .hint("give an RFC 3339 UTC time such as 2027-06-30T00:00:00Z, a date such as 2027-06-30, or never")
            .kind(ErrorKind::MaterialExpiry)
    })?;
    let when = when.replace_nanosecond(0).unwrap_or(when);
    if when <= now {
        return Err(Error::input(
            flag,
            format!("{} is not in the future", params::fmt_time(when)),
        )
        .hint("give a later time, or never")
        .kind(ErrorKind::MaterialExpiry));
    }
    match crate::core::clouds::cloud(provider).material_expiry() {
        crate::core::clouds::ExpiryRule::Unsupported(why) => {
            Err(Error::input(flag, format!("{provider}: {why}"))
                .hint("leave out --material-expires (or give never)")
                .kind(ErrorKind::MaterialExpiry))
        }
        crate::core::clouds::ExpiryRule::Until {
            max_ahead,
            max_unix,
        } => {
            if let Some(max) = max_ahead {
                if when > now + max {
                    return Err(Error::input(
                        flag,
                        format!(
                            "{} is more than {} days from now; {provider} accepts at most that",
                            params::fmt_time(when),
                            max.whole_days()
                        ),
                    )
                    .hint("give an earlier time, or never")
                    .kind(ErrorKind::MaterialExpiry));
                }
            }
            if let Some(max) = max_unix {
                if when.unix_timestamp() > max {
                    return Err(Error::input(
                        flag,
                        format!(
                            "{} is after {provider}'s latest allowed time {}",
                            params::fmt_time(when),
                            OffsetDateTime::from_unix_timestamp(max)
                                .map(params::fmt_time)
                                .unwrap_or_default()
                        ),
                    )
                    .hint("give an earlier time, or never")
                    .kind(ErrorKind::MaterialExpiry));
                }
            }
            Ok(Some(when))
        }
    }
}

fn wrapping_key_hint(provider: Provider) -> String {
    let bits: Vec<String> = provider
        .info()
        .wrapping_key_bits
        .iter()
        .map(|b| b.to_string())
        .collect();
    let sm2 = provider.takes_wrapping_key(WrappingKeyType::Sm2);
    format!(
        "give the wrapping public key downloaded from the {} console (RSA {}{}), as PEM, DER, base64, a certificate, or the parameters JSON",
        provider.info().display_name,
        bits.join("/"),
        if sm2 { "; SM2 for SM2PKE" } else { "" }
    )
}

/// Check `--kek-id` for the provider: required by Azure (`https://<vault>/keys/<name>/<version>`),
/// refused elsewhere.
pub fn check_kek_id(provider: Provider, kek_id: Option<&str>) -> Result<Option<String>> {
    let checked = match (provider.info().needs_kek_id, kek_id) {
        (false, None) => Ok(None),
        (false, Some(_)) => Err(Error::input("--kek-id", format!("{provider} does not use a KEK identifier"))
            .hint(Remedy::LeaveOutKekId)),
        (true, None) => Err(Error::input("--kek-id", format!("{provider} needs the key-encryption key's identifier"))
            .hint("give the KEK's full kid, e.g. https://myvault.vault.azure.net/keys/KEKforBYOK/<version> (az keyvault key show --query key.kid)")),
        (true, Some(k)) => {
            let k = k.trim();
            let rest = k.strip_prefix("https://").unwrap_or("");
            let parts: Vec<&str> = rest.split('/').collect();
            let ok = parts.len() == 4 && !parts[0].is_empty() && parts[1] == "keys" && !parts[2].is_empty() && !parts[3].is_empty();
            if ok {
                Ok(Some(k.to_owned()))
            } else {
                Err(Error::input("--kek-id", format!("'{k}' is not a full key identifier"))
                    .hint("the kid has the form https://<vault>.vault.azure.net/keys/<name>/<version>, version included"))
            }
        }
    };
    checked.map_err(|e| e.kind(ErrorKind::KekId).about_flag(Input::KekId))
}

/// Load `--material` bytes for the offer's key spec.
pub fn load_material(
    offer: &Offer,
    subject: &str,
    bytes: &[u8],
    passphrase: Option<&[u8]>,
) -> Result<Material> {
    // Our own age backup (re-import after the material expired or was deleted): decrypt it with
    // the passphrase, then read what it holds as any material file.
    if crate::core::backup::is_age(bytes) {
        let pass = passphrase.ok_or_else(|| {
            Error::input(
                subject,
                "is an age-encrypted backup and no passphrase was given",
            )
            .hint(Remedy::GivePassphrase)
            .kind(ErrorKind::NeedsPassphrase)
        })?;
        let pass = secrecy::SecretString::from(String::from_utf8_lossy(pass).into_owned());
        let inner = crate::core::backup::decrypt_backup(bytes, &pass).map_err(|e| match e {
            crate::core::backup::BackupError::WrongPassphrase => Error::input(
                subject,
                "is an age backup that this passphrase does not decrypt",
            )
            .hint(Remedy::CheckPassphrase)
            .kind(ErrorKind::WrongPassphrase),
            crate::core::backup::BackupError::Other(e) => {
                Error::input(subject, format!("is an age file that cannot be read ({e})"))
                    .hint(Remedy::GiveBackupOrMaterial)
            }
        })?;
        return load_material(offer, subject, inner.expose(), None);
    }
    let spec = offer.key_spec;
    let kind = spec.material();
    match kind {
        MaterialKind::Symmetric { len } | MaterialKind::Hmac { len } => {
            material::parse_symmetric(bytes, len)
                .map(Material::Symmetric)
                .map_err(|e| {
                    // parse_symmetric's only refusal: not exactly the spec's length in any encoding.
                    Error::input(subject, e)
                        .hint(format!(
                            "give the {} key as raw bytes, hex or base64",
                            spec.common_name()
                        ))
                        .kind(ErrorKind::MaterialSpecMismatch)
                })
        }
        MaterialKind::Rsa { .. } | MaterialKind::Ec { .. } => {
            let curve = match kind {
                MaterialKind::Ec { curve } => Some(curve),
                _ => None,
            };
            let key = private_key::parse(bytes, passphrase, curve).map_err(|e| {
                let kind = match e {
                    KeyError::WrongPassphrase => Some(ErrorKind::WrongPassphrase),
                    KeyError::NeedsPassphrase => Some(ErrorKind::NeedsPassphrase),
                    KeyError::Invalid(_) => None,
                };
                let hint: Hint = match e {
                    KeyError::NeedsPassphrase => Remedy::GivePassphrase.into(),
                    KeyError::WrongPassphrase => Remedy::CheckPassphrase.into(),
                    KeyError::Invalid(_) => "give the private key as PKCS#8 (DER or PEM), PKCS#1, SEC1 or encrypted PKCS#8".into(),
                };
                let err = Error::input(subject, e.to_string()).hint(hint);
                match kind {
                    Some(k) => err.kind(k),
                    None => err,
                }
            })?;
            private_key::check_against(&key, kind, spec.common_name()).map_err(|e| {
                Error::input(subject, e)
                    .hint(format!("give a key that matches {}", spec.common_name()))
                    .kind(ErrorKind::MaterialSpecMismatch)
            })?;
            Ok(Material::PrivateKey(key))
        }
    }
}

/// Whether the wrapping key is of the type the offer's scheme encrypts to (RSA or SM2).
pub fn check_wrapping_key_type(offer: &Offer, key: &WrappingKey) -> Result<()> {
    let want = offer.scheme.wrapping_key_type();
    if key.key_type() == want {
        return Ok(());
    }
    let alt: Vec<&str> = offer
        .provider
        .offers_for(offer.key_spec)
        .iter()
        .filter(|o| o.scheme.wrapping_key_type() == key.key_type())
        .map(|o| o.algorithm.name())
        .collect();
    let mut e = Error::input(
        "--wrapping-key",
        format!(
            "is an {} key, but {} encrypts to an {} wrapping key",
            key.describe(),
            offer.algorithm.name(),
            want.name()
        ),
    )
    .about(Input::WrappingKey);
    e = if alt.is_empty() {
        e.hint(format!(
            "download the {} wrapping key for {} (get-parameters-for-import with the matching wrapping key spec)",
            want.name(),
            offer.algorithm.name()
        ))
    } else {
        e.hint(Remedy::UseAlgorithmOrWrappingKey {
            algorithms: alt.iter().map(|a| a.to_string()).collect(),
            wrapping_key: want.name().to_string(),
        })
    };
    Err(e)
}

/// The PKCS#8 DER size of a key generated for `kind` (fixed per curve; measured in byok-formats §2.1
/// and with `openssl pkcs8 -topk8 -outform DER`), or the raw length of symmetric material. RSA keys
/// vary by a few bytes and never go through a direct RSA scheme, so they count as unbounded.
pub fn generated_size(kind: MaterialKind) -> usize {
    match kind {
        MaterialKind::Symmetric { len } | MaterialKind::Hmac { len } => len,
        MaterialKind::Ec { curve } => match curve {
            catalog::Curve::P256 | catalog::Curve::Sm2 => 138,
            catalog::Curve::Secp256k1 => 135,
            catalog::Curve::P384 => 185,
            catalog::Curve::P521 => 241,
            // RFC 8410 §7, the v1 form we write.
            catalog::Curve::Ed25519 => 48,
        },
        MaterialKind::Rsa { .. } => usize::MAX,
    }
}

/// The provider's algorithms for the offer's key spec that work with this wrapping key (its type)
/// and carry `n` bytes of material under it: what a "too large" refusal suggests instead.
fn algorithms_that_carry(offer: &Offer, wrapping_key: &WrappingKey, n: usize) -> Vec<&'static str> {
    offer
        .provider
        .offers_for(offer.key_spec)
        .iter()
        .filter(|o| o.scheme.wrapping_key_type() == wrapping_key.key_type())
        .filter(|o| {
            o.scheme
                .capacity(wrapping_key.modulus_bytes())
                .is_none_or(|c| c >= n)
        })
        .map(|o| o.algorithm.name())
        .collect()
}

/// [`check_capacity`] before `--generate` spends time making the key: the wrapping key type, and
/// whether a key of this spec will fit through a direct RSA scheme.
pub fn check_capacity_before_generating(offer: &Offer, wrapping_key: &WrappingKey) -> Result<()> {
    check_wrapping_key_type(offer, wrapping_key)?;
    let modulus_bytes = wrapping_key.modulus_bytes();
    let Some(cap) = offer.scheme.capacity(modulus_bytes) else {
        return Ok(());
    };
    let need = generated_size(offer.key_spec.material());
    if need <= cap {
        return Ok(());
    }
    let alt = algorithms_that_carry(offer, wrapping_key, need);
    let mut e = Error::input(
        "--algorithm",
        format!(
            "{} carries at most {cap} bytes under an RSA-{} wrapping key; an {} key needs {need}",
            offer.algorithm.name(),
            modulus_bytes * 8,
            offer.key_spec.common_name()
        ),
    )
    .kind(ErrorKind::MaterialTooLarge)
    .about_flag(Input::Algorithm);
    e = if alt.is_empty() {
        e.hint("use a larger wrapping key")
    } else {
        e.hint(Remedy::UseAlgorithm(
            alt.iter().map(|a| a.to_string()).collect(),
        ))
    };
    Err(e)
}

/// Whether the wrapping key suits the scheme (RSA or SM2; GCP's size) and the material fits
/// through the scheme's RSA step under it.
pub fn check_capacity(
    offer: &Offer,
    wrapping_key: &WrappingKey,
    material: &Material,
    subject: &str,
) -> Result<()> {
    check_wrapping_key_type(offer, wrapping_key)?;
    if offer.scheme.wrapping_key_type() == WrappingKeyType::Sm2 {
        return Ok(());
    }
    let modulus_bytes = wrapping_key.modulus_bytes();
    if let Some(bits) = offer.algorithm.required_wrapping_bits() {
        if modulus_bytes * 8 != bits {
            return Err(Error::input(
                "--wrapping-key",
                format!("is an RSA-{} key, but {} needs an RSA-{bits} import job key", modulus_bytes * 8, offer.algorithm.name()),
            )
            .hint("give the publicKey.pem of the import job whose method you named, or name that job's method")
            .about(Input::WrappingKey));
        }
    }
    if let Some(cap) = offer.scheme.capacity(modulus_bytes) {
        let n = material.bytes().len();
        if n > cap {
            let alt = algorithms_that_carry(offer, wrapping_key, n);
            let mut e = Error::input(
                subject,
                format!(
                    "is {n} bytes, more than {} can carry under an RSA-{} wrapping key ({cap} bytes)",
                    offer.algorithm.name(),
                    modulus_bytes * 8
                ),
            );
            if !alt.is_empty() {
                e = e.hint(Remedy::UseAlgorithm(
                    alt.iter().map(|a| a.to_string()).collect(),
                ));
            }
            return Err(e.kind(ErrorKind::MaterialTooLarge));
        }
    }
    Ok(())
}

/// Everything needed to wrap, validated.
#[derive(Debug, Clone)]
pub struct WrapRequest {
    pub offer: Offer,
    pub parameters: Parameters,
    pub material: Material,
}

impl WrapRequest {
    /// Wrap the material. Randomised: OAEP padding and the temporary AES key come from `rng`.
    pub fn wrap<R: RngCore + CryptoRng>(&self, rng: &mut R) -> Result<Wrapped> {
        wrap::wrap(
            rng,
            self.offer.scheme,
            &self.parameters.params.wrapping_key.key,
            self.material.bytes(),
        )
    }

    /// Whether this is a Huawei-style two-upload scheme.
    pub fn is_split(&self) -> bool {
        matches!(self.offer.scheme, Scheme::RsaAesKwpSplit(_))
    }

    /// Whether the parameters came from a JSON.
    pub fn from_json(&self) -> bool {
        self.parameters.params.source != ParamsSource::KeyFile
    }
}
