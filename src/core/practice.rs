//! The practice KMS: plays GetParametersForImport and ImportKeyMaterial offline, so a learner can
//! rehearse an import and have the upload graded.
//!
//! `issue` builds what a cloud hands over (a wrapping key pair of the size that cloud issues, an
//! opaque import token bound to key id, wrapping key, algorithm and expiry) and the practice KMS's
//! own state. `grade` plays the import: it checks the token, unwraps with the algorithm the token
//! was issued for, checks the material against the key spec, and when something fails it tries the
//! usual mistakes (another OAEP digest, RFC 3394 instead of RFC 5649, PKCS#1 instead of PKCS#8, hex
//! text instead of raw bytes) to say in plain words what went wrong.
//!
//! The cloud messages are paraphrases in each cloud's style (AWS uses its documented exception
//! names); they are not copied from the services.

use crate::core::catalog::{
    KeySpec, MaterialKind, OaepHash, Offer, Provider, Scheme, TokenEncoding,
};
use crate::core::clouds::Why;
use crate::core::input::params::fmt_time;
use crate::core::input::private_key;
use crate::core::input::{b64_decode_lenient, b64_encode};
use crate::core::request::Material;
use crate::core::secret::SecretBytes;
use crate::core::wrap::{aes_ecb, aes_kw, rsa_oaep, rsa_pkcs1v15, sm2_pke};
use der::Decode as _;
use rsa::pkcs8::{DecodePrivateKey as _, EncodePrivateKey as _, EncodePublicKey as _, LineEnding};
use rsa::traits::PublicKeyParts as _;
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use time::OffsetDateTime;

/// The practice KMS's wrapping private key: RSA, or SM2 for AWS SM2PKE.
// One short-lived value per practice round: boxing the RSA key would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum WrappingPrivate {
    Rsa(RsaPrivateKey),
    Sm2(sm2::SecretKey),
}

impl WrappingPrivate {
    /// From PKCS#8 DER (RSA or SM2).
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, String> {
        if let Ok(k) = RsaPrivateKey::from_pkcs8_der(der) {
            return Ok(WrappingPrivate::Rsa(k));
        }
        <sm2::SecretKey as sm2::pkcs8::DecodePrivateKey>::from_pkcs8_der(der)
            .map(WrappingPrivate::Sm2)
            .map_err(|e| format!("not an RSA or SM2 private key ({e})"))
    }

    fn from_pkcs8_pem(pem: &str) -> Result<Self, String> {
        if let Ok(k) = RsaPrivateKey::from_pkcs8_pem(pem) {
            return Ok(WrappingPrivate::Rsa(k));
        }
        <sm2::SecretKey as sm2::pkcs8::DecodePrivateKey>::from_pkcs8_pem(pem)
            .map(WrappingPrivate::Sm2)
            .map_err(|e| format!("the state's key is damaged ({e})"))
    }

    /// (public SPKI DER, public PEM, private PKCS#8 PEM).
    fn encodings(&self) -> Result<(Vec<u8>, String, zeroize::Zeroizing<String>), String> {
        match self {
            WrappingPrivate::Rsa(k) => {
                let public = k.to_public_key();
                Ok((
                    public
                        .to_public_key_der()
                        .map_err(|e| e.to_string())?
                        .into_vec(),
                    public
                        .to_public_key_pem(LineEnding::LF)
                        .map_err(|e| e.to_string())?,
                    zeroize::Zeroizing::new(
                        k.to_pkcs8_pem(LineEnding::LF)
                            .map_err(|e| e.to_string())?
                            .to_string(),
                    ),
                ))
            }
            WrappingPrivate::Sm2(k) => {
                use sm2::pkcs8::{EncodePrivateKey as _, EncodePublicKey as _};
                let le = sm2::pkcs8::LineEnding::LF;
                let public = k.public_key();
                Ok((
                    public
                        .to_public_key_der()
                        .map_err(|e| e.to_string())?
                        .into_vec(),
                    public.to_public_key_pem(le).map_err(|e| e.to_string())?,
                    zeroize::Zeroizing::new(
                        k.to_pkcs8_pem(le).map_err(|e| e.to_string())?.to_string(),
                    ),
                ))
            }
        }
    }
}

/// File name of the practice KMS's own state inside the practice folder.
pub const STATE_FILE: &str = "practice-kms-state.json";

/// The state file's `format`: how a later `practice new --force` knows the folder is the
/// practice KMS's (with `files`, the list of what else it holds).
pub const STATE_FORMAT: &str = "byok-wizard practice KMS v1";

/// Length of an issued token in bytes (opaque random bytes; base64 of it is 344 characters,
/// inside Huawei's documented 200..6144 range).
pub const TOKEN_LEN: usize = 256;

/// What the practice KMS remembers about one issued parameter set. Holds the wrapping private
/// key: written with mode 0600 and never shown.
#[derive(Serialize, Deserialize)]
pub struct State {
    pub format: String,
    pub provider: String,
    pub key_spec: String,
    pub algorithm: String,
    pub key_id: String,
    /// Base64 of the token's raw bytes.
    pub import_token: String,
    /// Unix seconds.
    pub expires: i64,
    pub wrapping_key_sha256: String,
    /// PKCS#8 PEM of the wrapping private key (wiped from memory on drop).
    pub wrapping_private_key_pem: zeroize::Zeroizing<String>,
    /// Every other file of the practice folder (so `--force` may replace exactly those).
    #[serde(default)]
    pub files: Vec<String>,
}

impl std::fmt::Debug for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("State")
            .field("provider", &self.provider)
            .field("key_spec", &self.key_spec)
            .field("algorithm", &self.algorithm)
            .field("key_id", &self.key_id)
            .field("expires", &self.expires)
            .field("wrapping_private_key_pem", &"[REDACTED]")
            .finish()
    }
}

/// A file the practice KMS hands over.
pub struct IssuedFile {
    pub name: String,
    /// Wiped on drop (the state file holds the wrapping private key).
    pub bytes: zeroize::Zeroizing<Vec<u8>>,
    /// Mode for the file (0600 for the state, 0644 otherwise).
    pub mode: u32,
}

/// Everything `practice new` writes.
pub struct Issued {
    pub key_id: String,
    pub files: Vec<IssuedFile>,
}

/// The RSA size each cloud issues for this offer: the size a GCP method names, else the
/// provider's largest (AWS: RSA_4096 is its preferred spec; OCI: 4096 only).
pub fn default_wrapping_bits(offer: &Offer) -> usize {
    offer.algorithm.required_wrapping_bits().unwrap_or_else(|| {
        *offer
            .provider
            .info()
            .wrapping_key_bits
            .last()
            .unwrap_or(&2048)
    })
}

/// The smallest wrapping key size the cloud issues that carries a key of the offer's spec (a
/// migration issues many keys; RSA-4096 generation takes seconds each). A direct RSA scheme with a
/// large EC key needs a larger modulus (AWS ECC_NIST_P521 under RSAES_OAEP_SHA_256: 241 bytes,
/// more than RSA-2048's 190).
pub fn smallest_wrapping_bits(offer: &Offer) -> usize {
    if let Some(bits) = offer.algorithm.required_wrapping_bits() {
        return bits;
    }
    let sizes = offer.provider.info().wrapping_key_bits;
    let need = crate::core::request::generated_size(offer.key_spec.material());
    sizes
        .iter()
        .copied()
        .find(|b| offer.scheme.capacity(b / 8).is_none_or(|cap| cap >= need))
        .unwrap_or_else(|| default_wrapping_bits(offer))
}

/// Play GetParametersForImport with a fresh wrapping key pair.
pub fn issue(
    offer: &Offer,
    wrapping_private: &WrappingPrivate,
    random: &[u8],
    now: OffsetDateTime,
    expires_in: time::Duration,
) -> Result<Issued, String> {
    if random.len() < 16 + TOKEN_LEN {
        return Err("not enough random bytes".into());
    }
    let sm2_wanted = offer.scheme == Scheme::Sm2Pke;
    if sm2_wanted != matches!(wrapping_private, WrappingPrivate::Sm2(_)) {
        return Err(format!(
            "{} needs an {} wrapping key",
            offer.algorithm.name(),
            offer.scheme.wrapping_key_type().name()
        ));
    }
    let mut id_bytes = [0u8; 16];
    id_bytes.copy_from_slice(&random[..16]);
    let cloud = crate::core::clouds::cloud(offer.provider);
    let key_id = cloud.practice_key_id(&id_bytes);
    let token = &random[16..16 + TOKEN_LEN];
    let (spki, pem, private_pem) = wrapping_private.encodings()?;
    let expires = now + expires_in;
    let mut state = State {
        format: STATE_FORMAT.into(),
        provider: offer.provider.id().into(),
        key_spec: offer.key_spec.common_name().into(),
        algorithm: offer.algorithm.name().into(),
        key_id: key_id.clone(),
        import_token: b64_encode(token),
        expires: expires.unix_timestamp(),
        wrapping_key_sha256: hex::encode(Sha256::digest(spki.as_slice())),
        wrapping_private_key_pem: private_pem,
        files: Vec::new(),
    };
    let mut files = Vec::new();
    let f = |name: String, bytes: Vec<u8>| IssuedFile {
        name,
        bytes: zeroize::Zeroizing::new(bytes),
        mode: 0o644,
    };
    let issued = cloud.practice_files(&crate::core::clouds::PracticeIssue {
        key_id: &key_id,
        spki_der: spki.as_slice(),
        pem: &pem,
        token,
        expires_unix: expires.unix_timestamp(),
    })?;
    for (name, bytes) in issued {
        files.push(f(name, bytes));
    }
    state.files = files.iter().map(|f| f.name.clone()).collect();
    // The state holds the wrapping private key: every copy of its text is wiped on drop.
    let mut state_text =
        zeroize::Zeroizing::new(serde_json::to_string_pretty(&state).map_err(|e| e.to_string())?);
    state_text.push('\n');
    files.push(IssuedFile {
        name: STATE_FILE.into(),
        bytes: zeroize::Zeroizing::new(state_text.as_bytes().to_vec()),
        mode: 0o600,
    });
    Ok(Issued { key_id, files })
}

/// What the learner uploads, as read from a bundle folder.
#[derive(Debug, Default, Clone)]
pub struct Upload {
    pub key_material: Option<Vec<u8>>,
    pub private_key_ciphertext: Option<Vec<u8>>,
    /// Raw token bytes.
    pub token: Option<Vec<u8>>,
    pub key_id: Option<String>,
    /// Azure: the `kid` in the `.byok` header.
    pub kek_id: Option<String>,
}

/// The grade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Accepted {
        /// `AES-256 key (32 bytes)`, `RSA-3072 private key`.
        what: String,
        construction: &'static str,
        value: String,
    },
    Rejected {
        /// What the cloud would say.
        cloud: String,
        /// What went wrong, in plain words.
        plain: String,
    },
}

fn reject(cloud: impl Into<String>, plain: impl Into<String>) -> Verdict {
    Verdict::Rejected {
        cloud: cloud.into(),
        plain: plain.into(),
    }
}

fn cloud_words(provider: Provider, why: Why) -> &'static str {
    crate::core::clouds::cloud(provider).rejection_words(why)
}

fn scheme_words(s: Scheme) -> &'static str {
    match s {
        Scheme::RsaOaep(OaepHash::Sha1) => "RSA-OAEP with SHA-1",
        Scheme::RsaOaep(OaepHash::Sha256) => "RSA-OAEP with SHA-256",
        Scheme::RsaPkcs1V15 => "RSAES-PKCS1-v1_5",
        _ => "another scheme",
    }
}

/// Which direct RSA padding, if any, decrypts `ct`.
fn try_rsa(key: &RsaPrivateKey, ct: &[u8]) -> Option<(Scheme, SecretBytes)> {
    for s in [
        Scheme::RsaOaep(OaepHash::Sha256),
        Scheme::RsaOaep(OaepHash::Sha1),
    ] {
        if let Scheme::RsaOaep(h) = s {
            if let Ok(m) = rsa_oaep::decrypt(key, h, ct) {
                return Some((s, SecretBytes::from(m)));
            }
        }
    }
    // Random bytes pass PKCS#1 v1.5 unpadding about once in 65,000 tries, so a v1.5 success is
    // reported only when it yields a key-sized plaintext; otherwise "not this wrapping key" stands.
    rsa_pkcs1v15::decrypt(key, ct)
        .ok()
        .filter(|m| matches!(m.len(), 16 | 24 | 28 | 32 | 48 | 64))
        .map(|m| (Scheme::RsaPkcs1V15, SecretBytes::from(m)))
}

/// Decrypt the RSA part as the parameters say, or explain which padding the learner used instead.
fn rsa_step(
    key: &RsaPrivateKey,
    hash: Option<OaepHash>,
    ct: &[u8],
    issued_for: &str,
    provider: Provider,
) -> Result<SecretBytes, Verdict> {
    let k = key.size();
    if ct.len() != k {
        return Err(reject(
            cloud_words(provider, Why::BadCiphertext),
            format!(
                "the RSA ciphertext is {} bytes but an RSA-{} wrapping key makes {k}-byte ciphertexts — was it encrypted with another download's wrapping key, or base64-encoded twice?",
                ct.len(),
                k * 8
            ),
        ));
    }
    let expected = match hash {
        Some(h) => rsa_oaep::decrypt(key, h, ct).ok(),
        None => rsa_pkcs1v15::decrypt(key, ct).ok(),
    };
    if let Some(m) = expected {
        return Ok(SecretBytes::from(m));
    }
    match try_rsa(key, ct) {
        Some((used, _)) => Err(reject(
            cloud_words(provider, Why::BadCiphertext),
            format!("wrapped with {} but the parameters were issued for {issued_for}", scheme_words(used)),
        )),
        None => Err(reject(
            cloud_words(provider, Why::BadCiphertext),
            "the key material was not encrypted with this wrapping public key (a wrapping key from another download?)",
        )),
    }
}

/// Play ImportKeyMaterial.
pub fn grade(state: &State, upload: &Upload, now: OffsetDateTime) -> Result<Verdict, String> {
    let provider =
        Provider::from_id(&state.provider).ok_or("the state names an unknown provider")?;
    let spec = provider
        .parse_key_spec(&state.key_spec)
        .ok_or("the state names an unknown key spec")?;
    let algorithm = crate::core::catalog::Algorithm::from_name(&state.algorithm)
        .ok_or("the state names an unknown algorithm")?;
    let offer = provider
        .offer(spec, algorithm)
        .ok_or("the state's offer is not in the catalog")?;
    let key = WrappingPrivate::from_pkcs8_pem(&state.wrapping_private_key_pem)?;
    let issued_token =
        b64_decode_lenient(&state.import_token).ok_or("the state's token is damaged")?;

    // 1. The token: present, ours, for this key, alive (Azure: the KEK named in the .byok).
    if provider.info().token.is_none() {
        if provider.info().needs_kek_id && upload.kek_id.as_deref() != Some(state.key_id.as_str()) {
            return Ok(reject(
                "BadParameter: the .byok file's KEK (header.kid) is not a key-import key of this vault",
                format!(
                    "the .byok header names KEK {} but the wrapping key was {}",
                    upload.kek_id.as_deref().unwrap_or("(none)"),
                    state.key_id
                ),
            ));
        }
    } else if let Err(v) = check_token(provider, state, upload, &issued_token) {
        return Ok(v);
    }
    if now.unix_timestamp() >= state.expires {
        let at = OffsetDateTime::from_unix_timestamp(state.expires)
            .map(fmt_time)
            .unwrap_or_default();
        return Ok(reject(
            cloud_words(provider, Why::Expired),
            format!("the import token expired at {at}; download a new wrapping key and token and wrap again"),
        ));
    }
    let Some(km) = &upload.key_material else {
        return Ok(reject(
            cloud_words(provider, Why::BadCiphertext),
            "the upload has no encrypted key material",
        ));
    };
    match &key {
        WrappingPrivate::Rsa(key) => grade_material(provider, spec, &offer, key, km, upload),
        WrappingPrivate::Sm2(key) => Ok(grade_sm2(provider, spec, key, km)),
    }
}

/// SM2PKE: the upload must be GM/T 0009 DER of the PKCS#8 key under the SM2 wrapping key.
fn grade_sm2(provider: Provider, spec: KeySpec, key: &sm2::SecretKey, km: &[u8]) -> Verdict {
    let bad = |plain: String| reject(cloud_words(provider, Why::BadCiphertext), plain);
    match sm2_pke::decrypt(key, km) {
        Ok(m) => check_material(provider, spec, &SecretBytes::from(m)),
        // Raw C1‖C3‖C2 or C1‖C2‖C3 (Bouncy Castle's default output) starts with the point's 0x04.
        Err(_) if km.first() == Some(&0x04) && km.len() > 97 => bad(
            "the SM2 ciphertext is raw C1‖C3‖C2 (or C1‖C2‖C3) bytes; AWS needs the GM/T 0009 ASN.1 DER SEQUENCE { x, y, C3, C2 } (what openssl pkeyutl writes)".into(),
        ),
        Err(_) => bad(
            "the key material does not decrypt as SM2 (GM/T 0009 DER) under this SM2 wrapping key — encrypted to another download's key, or damaged?".into(),
        ),
    }
}

fn check_token(
    provider: Provider,
    state: &State,
    upload: &Upload,
    issued_token: &[u8],
) -> Result<(), Verdict> {
    let Some(token) = &upload.token else {
        return Err(reject(
            cloud_words(provider, Why::MissingToken),
            "the upload has no import token; upload the token that came with the wrapping key",
        ));
    };
    if *token != issued_token {
        let plain = if provider.info().token == Some(TokenEncoding::Binary)
            && b64_decode_lenient(std::str::from_utf8(token).unwrap_or("")).as_deref()
                == Some(issued_token)
        {
            "the import token was uploaded as base64 text; AWS takes the raw bytes (fileb://)"
                .to_owned()
        } else {
            "the import token is not the one issued with this wrapping key — it comes from another download (each GetParametersForImport call returns a new pair)".to_owned()
        };
        return Err(reject(cloud_words(provider, Why::BadToken), plain));
    }
    if let Some(id) = &upload.key_id {
        if id != &state.key_id {
            return Err(reject(
                cloud_words(provider, Why::BadToken),
                format!(
                    "the import token was issued for key {}, but the upload names key {id}",
                    state.key_id
                ),
            ));
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn grade_material(
    provider: Provider,
    spec: KeySpec,
    offer: &Offer,
    key: &RsaPrivateKey,
    km: &[u8],
    upload: &Upload,
) -> Result<Verdict, String> {
    let algorithm = offer.algorithm;
    // 2. Unwrap by the algorithm the token was issued for.
    let issued_for = algorithm.name();
    let k = key.size();
    let material = match offer.scheme {
        Scheme::Sm2Pke => return Err("the practice KMS does not play SM2PKE".into()),
        Scheme::RsaOaep(h) => rsa_step(key, Some(h), km, issued_for, provider),
        Scheme::RsaPkcs1V15 => rsa_step(key, None, km, issued_for, provider),
        Scheme::RsaAesKwpConcat(h) | Scheme::RsaAesKwpSplit(h) | Scheme::RsaAesEcbConcat(h) => {
            let (rsa_part, aes_part) = match offer.scheme {
                Scheme::RsaAesKwpSplit(_) => match &upload.private_key_ciphertext {
                    Some(pk) => (km, &pk[..]),
                    None => {
                        return Ok(reject(
                            cloud_words(provider, Why::BadCiphertext),
                            "the private key ciphertext (encrypted_privatekey) is missing; an asymmetric import needs both files",
                        ))
                    }
                },
                _ if km.len() > k => (&km[..k], &km[k..]),
                _ => {
                    return Ok(reject(
                        cloud_words(provider, Why::BadCiphertext),
                        format!(
                            "the upload is {} bytes, but {issued_for} needs the {k}-byte RSA ciphertext of the AES key followed by the AES-wrapped key material",
                            km.len()
                        ),
                    ))
                }
            };
            match rsa_step(key, Some(h), rsa_part, issued_for, provider) {
                Err(v) => Err(v),
                Ok(aes_key) if aes_key.len() != 32 => Err(reject(
                    cloud_words(provider, Why::BadCiphertext),
                    format!("the RSA part holds a {}-byte key; the temporary key must be AES-256 (32 bytes)", aes_key.len()),
                )),
                Ok(aes_key) => aes_step(offer.scheme, provider, &aes_key, aes_part),
            }
        }
    };
    let material = match material {
        Ok(m) => m,
        Err(v) => return Ok(v),
    };

    // 3. The material against the key spec.
    Ok(check_material(provider, spec, &material))
}

fn aes_step(
    scheme: Scheme,
    provider: Provider,
    aes_key: &SecretBytes,
    aes_part: &[u8],
) -> Result<SecretBytes, Verdict> {
    let bad = |plain: String| reject(cloud_words(provider, Why::BadCiphertext), plain);
    if let Scheme::RsaAesEcbConcat(_) = scheme {
        return aes_ecb::decrypt_pkcs7(aes_key.expose(), aes_part).map(SecretBytes::from).map_err(|_| {
            if aes_kw::kwp_unwrap(aes_key.expose(), aes_part).is_ok() {
                bad("the private key was wrapped with AES-KWP (RFC 5649), but this algorithm uses AES-256-ECB with PKCS#7 padding".into())
            } else {
                bad("the AES part does not decrypt with AES-256-ECB and PKCS#7 padding under the temporary key".into())
            }
        });
    }
    match aes_kw::kwp_unwrap(aes_key.expose(), aes_part) {
        Ok(m) => Ok(SecretBytes::from(m)),
        Err(_) if aes_kw::kw_unwrap(aes_key.expose(), aes_part).is_ok() => Err(bad(
            "the key material was wrapped with AES Key Wrap (RFC 3394, openssl -id-aes256-wrap) instead of AES Key Wrap with Padding (RFC 5649, -id-aes256-wrap-pad)".into(),
        )),
        Err(_) if aes_ecb::decrypt_pkcs7(aes_key.expose(), aes_part).is_ok() => Err(bad(
            "the key material was encrypted with AES-ECB; this algorithm needs AES Key Wrap with Padding (RFC 5649)".into(),
        )),
        Err(_) => Err(bad("the AES-wrapped part fails the RFC 5649 integrity check under the temporary key".into())),
    }
}

fn check_material(provider: Provider, spec: KeySpec, material: &SecretBytes) -> Verdict {
    let bad = |plain: String| reject(cloud_words(provider, Why::BadMaterial), plain);
    let bytes = material.expose();
    match spec.material() {
        MaterialKind::Symmetric { len } | MaterialKind::Hmac { len } => {
            if bytes.len() == len {
                let m = Material::Symmetric(material.clone());
                let (construction, value) = m.check_value(spec);
                return Verdict::Accepted {
                    what: m.describe(spec),
                    construction,
                    value,
                };
            }
            let text = std::str::from_utf8(bytes).unwrap_or("").trim_end();
            let hint = if text.len() == 2 * len && text.bytes().all(|b| b.is_ascii_hexdigit()) {
                " — it is the hex text of the key; wrap the raw bytes (xxd -r -p)"
            } else if b64_decode_lenient(text).is_some_and(|d| d.len() == len) {
                " — it is the base64 text of the key; wrap the raw bytes"
            } else {
                ""
            };
            bad(format!(
                "the key material is {} bytes, but {} takes exactly {len}{hint}",
                bytes.len(),
                spec.common_name()
            ))
        }
        kind @ (MaterialKind::Rsa { .. } | MaterialKind::Ec { .. }) => {
            // Strict: the clouds take PKCS#8 PrivateKeyInfo DER, nothing else.
            if pkcs8::PrivateKeyInfo::from_der(bytes).is_err() {
                let plain = if pkcs1::RsaPrivateKey::from_der(bytes).is_ok() {
                    "the private key is PKCS#1 (RSAPrivateKey), not PKCS#8 — convert it with `openssl pkcs8 -topk8 -nocrypt -outform DER`".to_owned()
                } else if sec1::EcPrivateKey::from_der(bytes).is_ok() {
                    "the private key is SEC1 (ECPrivateKey), not PKCS#8 — convert it with `openssl pkcs8 -topk8 -nocrypt -outform DER`".to_owned()
                } else if bytes.starts_with(b"-----BEGIN") {
                    "the private key is PEM text; the cloud takes PKCS#8 DER (binary)".to_owned()
                } else {
                    "the decrypted key material is not a PKCS#8 private key".to_owned()
                };
                return bad(plain);
            }
            let curve = match kind {
                MaterialKind::Ec { curve } => Some(curve),
                _ => None,
            };
            match private_key::parse(bytes, None, curve) {
                Err(e) => bad(format!("the private key does not load ({e})")),
                Ok(k) => match private_key::check_against(&k, kind, spec.common_name()) {
                    Err(_) => bad(format!(
                        "the private key is {} but the key was created as {}",
                        k.kind.describe(),
                        spec.common_name()
                    )),
                    Ok(()) => {
                        let what = format!("{} private key", k.kind.describe());
                        Verdict::Accepted {
                            what,
                            construction: "SHA-256 of the public key's DER SubjectPublicKeyInfo",
                            value: k.public_fingerprint(),
                        }
                    }
                },
            }
        }
    }
}

/// The wrapping public key of a state (for tests and the GUI).
pub fn state_public_key(state: &State) -> Result<RsaPublicKey, String> {
    RsaPrivateKey::from_pkcs8_pem(&state.wrapping_private_key_pem)
        .map(|k| k.to_public_key())
        .map_err(|e| e.to_string())
}

/// Parse `--expires-in`: `24h`, `30m`, `90s`, `2d`, `-1h`, `0`.
pub fn parse_duration(s: &str) -> Result<time::Duration, String> {
    let s = s.trim();
    if s == "0" {
        return Ok(time::Duration::ZERO);
    }
    let (num, unit) = s.split_at(s.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(s.len()));
    let n: i64 = num
        .trim()
        .parse()
        .map_err(|_| format!("'{s}' is not a duration such as 24h, 30m, 90s, 2d or -1h"))?;
    let secs = match unit {
        "s" | "" => n,
        "m" => n * 60,
        "h" => n * 3600,
        "d" => n * 86400,
        _ => return Err(format!("'{s}' has an unknown unit (use s, m, h or d)")),
    };
    Ok(time::Duration::seconds(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("24h").unwrap(), time::Duration::hours(24));
        assert_eq!(parse_duration("-1h").unwrap(), time::Duration::hours(-1));
        assert_eq!(parse_duration("0").unwrap(), time::Duration::ZERO);
        assert!(parse_duration("soon").is_err());
    }
}
