//! Private keys to import: PKCS#8 DER/PEM, PKCS#1 `RSA PRIVATE KEY`, SEC1 `EC PRIVATE KEY`, and
//! encrypted PKCS#8 (PBES2, RFC 8018). Normalised to unencrypted PKCS#8 DER (RFC 5208), which every
//! cloud here takes (byok-formats §2.4), then checked against the key spec.

use super::{is_ascii_text, pem_blocks};
use crate::core::catalog::{Curve, MaterialKind};
use crate::core::secret::SecretBytes;
use der::Decode as _;
use pkcs8::{DecodePrivateKey as _, EncodePrivateKey as _, EncodePublicKey as _};
use rsa::pkcs1::DecodeRsaPrivateKey as _;
use rsa::traits::{PrivateKeyParts as _, PublicKeyParts as _};
use sha2::{Digest as _, Sha256};

/// The formats named in errors.
pub const ACCEPTED: &str =
    "PKCS#8 (DER or PEM), PKCS#1 RSA PRIVATE KEY, SEC1 EC PRIVATE KEY, or encrypted PKCS#8";

const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
/// id-Ed25519 (RFC 8410 §3).
const ED25519: &str = "1.3.101.112";

/// What kind of private key was loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    Rsa { bits: usize },
    Ec { curve: Curve },
}

impl KeyKind {
    /// `RSA-3072`, `EC P-256`.
    pub fn describe(self) -> String {
        match self {
            KeyKind::Rsa { bits } => format!("RSA-{bits}"),
            KeyKind::Ec {
                curve: Curve::Ed25519,
            } => "Ed25519".to_owned(),
            KeyKind::Ec { curve } => format!("EC {}", curve.name()),
        }
    }
}

/// A loaded private key, normalised.
#[derive(Clone, Debug)]
pub struct PrivateKey {
    /// Unencrypted PKCS#8 PrivateKeyInfo DER.
    pub pkcs8_der: SecretBytes,
    pub kind: KeyKind,
    /// DER SubjectPublicKeyInfo of the matching public key.
    pub public_spki_der: Vec<u8>,
    /// "PKCS#8 PEM", "SEC1 DER", ….
    pub format: String,
}

impl PrivateKey {
    /// Lowercase hex SHA-256 of the public key's DER SPKI (safe to show).
    pub fn public_fingerprint(&self) -> String {
        hex::encode(Sha256::digest(&self.public_spki_der))
    }
}

/// Why a private key could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyError {
    /// Encrypted and no passphrase was given.
    NeedsPassphrase,
    /// The passphrase did not decrypt it.
    WrongPassphrase,
    /// Anything else, with a message.
    Invalid(String),
}

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            KeyError::NeedsPassphrase => f.write_str("is an encrypted private key and no passphrase was given"),
            KeyError::WrongPassphrase => {
                f.write_str("is an encrypted private key and the passphrase does not decrypt it (wrong passphrase)")
            }
            KeyError::Invalid(m) => f.write_str(m),
        }
    }
}

fn invalid(m: impl Into<String>) -> KeyError {
    KeyError::Invalid(m.into())
}

/// Parse a private key file. `curve_hint` resolves a SEC1 key that omits its curve parameters.
pub fn parse(
    bytes: &[u8],
    passphrase: Option<&[u8]>,
    curve_hint: Option<Curve>,
) -> Result<PrivateKey, KeyError> {
    if bytes.first() == Some(&0x30) {
        return from_der(bytes, passphrase, curve_hint, "DER");
    }
    if !is_ascii_text(bytes) {
        return Err(invalid(format!(
            "is not a private key (accepted: {ACCEPTED})"
        )));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| invalid("is not UTF-8 text"))?;
    let blocks = pem_blocks(text).map_err(invalid)?;
    if blocks.is_empty() {
        return Err(invalid(format!(
            "is text without a PEM block (accepted: {ACCEPTED})"
        )));
    }
    for b in &blocks {
        let der = zeroize::Zeroizing::new(b.der.clone());
        match b.label.as_str() {
            "PRIVATE KEY" => return from_pkcs8(&der, "PKCS#8 PEM", curve_hint),
            "ENCRYPTED PRIVATE KEY" => {
                return from_encrypted(&der, passphrase, curve_hint, "encrypted PKCS#8 PEM")
            }
            "RSA PRIVATE KEY" | "EC PRIVATE KEY" if b.encrypted_legacy => {
                return Err(invalid(
                    "uses legacy OpenSSL PEM encryption (Proc-Type: 4,ENCRYPTED); convert it with \
                     `openssl pkcs8 -topk8 -in key.pem -out key-pk8.pem` and load that",
                ))
            }
            "RSA PRIVATE KEY" => return from_pkcs1(&der, "PKCS#1 PEM"),
            "EC PRIVATE KEY" => return from_sec1(&der, curve_hint, "SEC1 PEM"),
            _ => {}
        }
    }
    let labels: Vec<&str> = blocks.iter().map(|b| b.label.as_str()).collect();
    if labels
        .iter()
        .any(|l| l.contains("PUBLIC") || l.contains("CERTIFICATE"))
    {
        return Err(invalid(
            "holds a public key or certificate; key material to import is the PRIVATE key",
        ));
    }
    Err(invalid(format!(
        "holds PEM blocks [{}] but no private key (accepted: {ACCEPTED})",
        labels.join(", ")
    )))
}

fn from_der(
    der: &[u8],
    passphrase: Option<&[u8]>,
    curve_hint: Option<Curve>,
    enc: &str,
) -> Result<PrivateKey, KeyError> {
    if pkcs8::PrivateKeyInfo::from_der(der).is_ok() {
        return from_pkcs8(der, &format!("PKCS#8 {enc}"), curve_hint);
    }
    if pkcs8::EncryptedPrivateKeyInfo::from_der(der).is_ok() {
        return from_encrypted(
            der,
            passphrase,
            curve_hint,
            &format!("encrypted PKCS#8 {enc}"),
        );
    }
    if pkcs1::RsaPrivateKey::from_der(der).is_ok() {
        return from_pkcs1(der, &format!("PKCS#1 {enc}"));
    }
    if sec1::EcPrivateKey::from_der(der).is_ok() {
        return from_sec1(der, curve_hint, &format!("SEC1 {enc}"));
    }
    Err(invalid(format!(
        "is DER but not a private key (accepted: {ACCEPTED})"
    )))
}

fn from_encrypted(
    der: &[u8],
    passphrase: Option<&[u8]>,
    curve_hint: Option<Curve>,
    format: &str,
) -> Result<PrivateKey, KeyError> {
    let info = pkcs8::EncryptedPrivateKeyInfo::from_der(der)
        .map_err(|e| invalid(format!("is a damaged encrypted PKCS#8 key ({e})")))?;
    // Refuse key-derivation parameters that would crash or stall before trying the passphrase.
    check_kdf_cost(&info.encryption_algorithm)?;
    // Only now, with parameters that cannot stall us, ask for the passphrase.
    let pass = passphrase.ok_or(KeyError::NeedsPassphrase)?;
    let doc = info.decrypt(pass).map_err(|e| match e {
        pkcs8::Error::EncryptedPrivateKey(pkcs5::Error::UnsupportedAlgorithm { .. })
        | pkcs8::Error::EncryptedPrivateKey(pkcs5::Error::AlgorithmParametersInvalid { .. }) => {
            invalid(format!(
                "is encrypted with an algorithm we do not support ({e}); re-encrypt it with \
             `openssl pkcs8 -topk8 -v2 aes-256-cbc` or give it unencrypted"
            ))
        }
        _ => KeyError::WrongPassphrase,
    })?;
    // The decrypted bytes might not be PKCS#8 if the passphrase was wrong but the padding matched.
    from_pkcs8(doc.as_bytes(), format, curve_hint).map_err(|e| match e {
        KeyError::Invalid(_) => KeyError::WrongPassphrase,
        other => other,
    })
}

fn curve_from_oid(oid: &str) -> Result<Curve, KeyError> {
    match oid {
        "1.2.840.10045.3.1.7" => Ok(Curve::P256),
        "1.3.132.0.34" => Ok(Curve::P384),
        "1.3.132.0.35" => Ok(Curve::P521),
        "1.3.132.0.10" => Ok(Curve::Secp256k1),
        "1.2.156.10197.1.301" => Ok(Curve::Sm2),
        o => Err(invalid(format!("is an EC key on a curve we do not know (OID {o}); supported: P-256, P-384, P-521, secp256k1, SM2"))),
    }
}

fn from_pkcs8(der: &[u8], format: &str, curve_hint: Option<Curve>) -> Result<PrivateKey, KeyError> {
    let info = pkcs8::PrivateKeyInfo::from_der(der)
        .map_err(|e| invalid(format!("is not valid PKCS#8 ({e})")))?;
    let alg = info.algorithm.oid.to_string();
    match alg.as_str() {
        RSA_ENCRYPTION => {
            let key = rsa::RsaPrivateKey::from_pkcs8_der(der)
                .map_err(|e| invalid(format!("is not a valid RSA private key ({e})")))?;
            rsa_checked(key, Some(der), format)
        }
        EC_PUBLIC_KEY => {
            let curve = match info.algorithm.parameters_oid() {
                Ok(oid) => curve_from_oid(&oid.to_string())?,
                Err(_) => {
                    curve_hint.ok_or_else(|| invalid("is an EC key without a named curve"))?
                }
            };
            ec_checked(curve, der, format, true)
        }
        ED25519 => ed25519_load(der, format),
        "1.3.101.113" => Err(invalid(
            "is an Ed448 key; none of these clouds imports Ed448 keys",
        )),
        o => Err(invalid(format!(
            "is a private key of an unsupported type (algorithm OID {o})"
        ))),
    }
}

fn from_pkcs1(der: &[u8], format: &str) -> Result<PrivateKey, KeyError> {
    let key = rsa::RsaPrivateKey::from_pkcs1_der(der)
        .map_err(|e| invalid(format!("is not a valid PKCS#1 RSA key ({e})")))?;
    rsa_checked(key, None, format)
}

fn rsa_checked(
    key: rsa::RsaPrivateKey,
    original_pkcs8: Option<&[u8]>,
    format: &str,
) -> Result<PrivateKey, KeyError> {
    key.validate()
        .map_err(|e| invalid(format!("is an inconsistent RSA key ({e})")))?;
    if key.primes().len() != 2 {
        return Err(invalid(
            "is a multi-prime RSA key; clouds import two-prime keys only",
        ));
    }
    let pkcs8_der = match original_pkcs8 {
        // Keep the user's own PKCS#8 bytes: what comes out of the cloud's unwrap is what went in.
        Some(d) => SecretBytes::from_slice(d),
        None => SecretBytes::from_slice(
            key.to_pkcs8_der()
                .map_err(|e| invalid(format!("cannot encode as PKCS#8 ({e})")))?
                .as_bytes(),
        ),
    };
    let public_spki_der = key
        .to_public_key()
        .to_public_key_der()
        .map_err(|e| invalid(format!("cannot encode its public key ({e})")))?
        .into_vec();
    Ok(PrivateKey {
        pkcs8_der,
        kind: KeyKind::Rsa {
            bits: key.n().bits(),
        },
        public_spki_der,
        format: format.to_owned(),
    })
}

fn from_sec1(der: &[u8], curve_hint: Option<Curve>, format: &str) -> Result<PrivateKey, KeyError> {
    let ec = sec1::EcPrivateKey::from_der(der)
        .map_err(|e| invalid(format!("is not a valid SEC1 EC key ({e})")))?;
    let curve = match ec.parameters.and_then(|p| p.named_curve()) {
        Some(oid) => curve_from_oid(&oid.to_string())?,
        None => curve_hint
            .ok_or_else(|| invalid("is a SEC1 EC key without its curve; convert it to PKCS#8"))?,
    };
    ec_checked(curve, der, format, false)
}

macro_rules! ec_load {
    ($krate:ident, $der:expr, $pkcs8:expr) => {{
        let sk = if $pkcs8 {
            $krate::SecretKey::from_pkcs8_der($der)
                .map_err(|e| invalid(format!("is not a valid key on this curve ({e})")))?
        } else {
            $krate::SecretKey::from_sec1_der($der)
                .map_err(|e| invalid(format!("is not a valid key on this curve ({e})")))?
        };
        // A PKCS#8 key is passed on as it is, unless its ECPrivateKey leaves out the optional
        // public key (RFC 5915 §3; Java writes it so): then it is re-encoded with it, as OpenSSL
        // writes EC keys. Huawei's API needs it: `encrypted_privatekey` must be at least 200
        // base64 characters, and the 67-byte P-256 form wraps to 108.
        let pk8 = if $pkcs8 && ec_pkcs8_has_public_key($der) {
            SecretBytes::from_slice($der)
        } else {
            SecretBytes::from_slice(
                sk.to_pkcs8_der()
                    .map_err(|e| invalid(format!("cannot encode as PKCS#8 ({e})")))?
                    .as_bytes(),
            )
        };
        let spki = sk
            .public_key()
            .to_public_key_der()
            .map_err(|e| invalid(format!("cannot encode its public key ({e})")))?
            .into_vec();
        (pk8, spki)
    }};
}

/// Whether a PKCS#8 EC key's inner ECPrivateKey carries its public key.
fn ec_pkcs8_has_public_key(der: &[u8]) -> bool {
    pkcs8::PrivateKeyInfo::from_der(der)
        .ok()
        .and_then(|info| sec1::EcPrivateKey::from_der(info.private_key).ok())
        .is_some_and(|k| k.public_key.is_some())
}

/// The `sm2` crate sits on the next RustCrypto generation (pkcs8 0.11), so not in `ec_load!`.
fn sm2_load(der: &[u8], is_pkcs8: bool) -> Result<(SecretBytes, Vec<u8>), KeyError> {
    use sm2::pkcs8::DecodePrivateKey as _;
    let sk = if is_pkcs8 {
        sm2::SecretKey::from_pkcs8_der(der)
            .map_err(|e| invalid(format!("is not a valid key on this curve ({e})")))?
    } else {
        sm2::SecretKey::from_sec1_der(der)
            .map_err(|e| invalid(format!("is not a valid key on this curve ({e})")))?
    };
    let (pk8, spki) = sm2_encodings(&sk).map_err(invalid)?;
    // A PKCS#8 input is kept byte for byte, as for the other curves.
    let pk8 = if is_pkcs8 {
        SecretBytes::from_slice(der)
    } else {
        pk8
    };
    Ok((pk8, spki))
}

/// An Ed25519 key from PKCS#8, the v1 form (RFC 8410 §7, what OpenSSL writes) or v2 with its
/// public key (RFC 5958 OneAsymmetricKey): the public key is derived from the seed (ed25519-dalek
/// refuses a v2 key whose stored public key differs), and the key is passed on in the v1 form, as Google's "Formatting keys for
/// import" has it converted with `openssl pkcs8 -topk8 -nocrypt`.
fn ed25519_load(der: &[u8], format: &str) -> Result<PrivateKey, KeyError> {
    use ed25519_dalek::pkcs8::DecodePrivateKey as _;
    let sk = ed25519_dalek::SigningKey::from_pkcs8_der(der)
        .map_err(|e| invalid(format!("is not a valid Ed25519 key ({e})")))?;
    let (pkcs8_der, public_spki_der) = ed25519_encodings(&sk);
    Ok(PrivateKey {
        pkcs8_der,
        kind: KeyKind::Ec {
            curve: Curve::Ed25519,
        },
        public_spki_der,
        format: format.to_owned(),
    })
}

/// An Ed25519 key's PKCS#8 v1 DER (RFC 8410 §7: `SEQUENCE { 0, { id-Ed25519 }, OCTET STRING {
/// OCTET STRING seed } }`, 48 bytes) and its public key's SPKI DER (RFC 8410 §4, 44 bytes).
pub fn ed25519_encodings(sk: &ed25519_dalek::SigningKey) -> (SecretBytes, Vec<u8>) {
    const PKCS8_PREFIX: [u8; 16] = [
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04,
        0x20,
    ];
    const SPKI_PREFIX: [u8; 12] = [
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
    ];
    let mut pk8 = zeroize::Zeroizing::new(Vec::with_capacity(48));
    pk8.extend_from_slice(&PKCS8_PREFIX);
    pk8.extend_from_slice(sk.as_bytes());
    let mut spki = SPKI_PREFIX.to_vec();
    spki.extend_from_slice(sk.verifying_key().as_bytes());
    (SecretBytes::from_slice(&pk8), spki)
}

/// An SM2 key's PKCS#8 DER and its public key's SPKI DER (loaded and generated keys alike).
pub fn sm2_encodings(sk: &sm2::SecretKey) -> Result<(SecretBytes, Vec<u8>), String> {
    use sm2::pkcs8::{EncodePrivateKey as _, EncodePublicKey as _};
    let pk8 = sk
        .to_pkcs8_der()
        .map_err(|e| format!("cannot encode as PKCS#8 ({e})"))?;
    let spki = sk
        .public_key()
        .to_public_key_der()
        .map_err(|e| format!("cannot encode its public key ({e})"))?;
    Ok((SecretBytes::from_slice(pk8.as_bytes()), spki.into_vec()))
}

fn ec_checked(
    curve: Curve,
    der: &[u8],
    format: &str,
    is_pkcs8: bool,
) -> Result<PrivateKey, KeyError> {
    let (pkcs8_der, public_spki_der) = match curve {
        Curve::P256 => ec_load!(p256, der, is_pkcs8),
        Curve::P384 => ec_load!(p384, der, is_pkcs8),
        Curve::P521 => ec_load!(p521, der, is_pkcs8),
        Curve::Secp256k1 => ec_load!(k256, der, is_pkcs8),
        Curve::Sm2 => sm2_load(der, is_pkcs8)?,
        // Ed25519 keys have their own PKCS#8 algorithm (RFC 8410), never id-ecPublicKey or SEC1.
        Curve::Ed25519 => return Err(invalid("is not an EC key on a Weierstrass curve")),
    };
    Ok(PrivateKey {
        pkcs8_der,
        kind: KeyKind::Ec { curve },
        public_spki_der,
        format: format.to_owned(),
    })
}

/// Check a loaded key against what the key spec wants.
pub fn check_against(
    key: &PrivateKey,
    wanted: MaterialKind,
    spec_name: &str,
) -> Result<(), String> {
    match (key.kind, wanted) {
        (KeyKind::Rsa { bits }, MaterialKind::Rsa { bits: want }) if bits == want => Ok(()),
        (KeyKind::Ec { curve }, MaterialKind::Ec { curve: want }) if curve == want => Ok(()),
        (found, _) => Err(format!(
            "is an {} key but the key spec {spec_name} needs {}",
            found.describe(),
            match wanted {
                MaterialKind::Rsa { bits } => format!("an RSA-{bits} key"),
                MaterialKind::Ec { curve } => format!("an EC {} key", curve.name()),
                MaterialKind::Symmetric { len } | MaterialKind::Hmac { len } =>
                    format!("{len} raw bytes"),
            }
        )),
    }
}

/// Largest PBKDF2 iteration count accepted. OpenSSL's `pkcs8 -topk8` default is 2048, Java's
/// keytool uses 10,000, and OWASP's 2023 advice for PBKDF2-HMAC-SHA256 is 600,000; 1,000,000
/// covers all of them and costs well under a second here.
pub const MAX_PBKDF2_ITERATIONS: u32 = 1_000_000;
/// Largest scrypt memory accepted, 128·r·N bytes: 32 MiB, OpenSSL's default `maxmem`
/// (`SCRYPT_MAX_MEM` in crypto/evp/pbe_scrypt.c), so no key OpenSSL makes by default is refused.
/// OpenSSL's own default for `pkcs8 -scrypt` is N = 16384, r = 8 (16 MiB).
pub const MAX_SCRYPT_MEMORY: u64 = 32 * 1024 * 1024;
/// Largest scrypt work N·r·p accepted: 2^22, e.g. N = 2^15, r = 8, p = 16 (about a second).
pub const MAX_SCRYPT_WORK: u64 = 1 << 22;

/// Refuse key-derivation parameters that would crash or stall, before any passphrase is tried
/// (fuzzing found scrypt N = 0 panicking inside pkcs5, and 2^32 PBKDF2 iterations or scrypt
/// p = 1024 taking hours; N = 2^20, r = 8 takes 1 GiB and seconds). The limits are above what
/// OpenSSL, Java and Python make by default; see SECURITY.md.
fn check_kdf_cost(scheme: &pkcs5::EncryptionScheme) -> Result<(), KeyError> {
    let pkcs5::EncryptionScheme::Pbes2(params) = scheme else {
        return Ok(());
    };
    let problem = match &params.kdf {
        pkcs5::pbes2::Kdf::Pbkdf2(p) if p.iteration_count == 0 => {
            Some("PBKDF2 with 0 iterations".to_owned())
        }
        pkcs5::pbes2::Kdf::Pbkdf2(p) if p.iteration_count > MAX_PBKDF2_ITERATIONS => Some(format!(
            "PBKDF2 with {} iterations (at most {MAX_PBKDF2_ITERATIONS} are accepted)",
            p.iteration_count
        )),
        pkcs5::pbes2::Kdf::Scrypt(p) => {
            let (n, r, par) = (
                p.cost_parameter,
                u64::from(p.block_size),
                u64::from(p.parallelization),
            );
            if n < 2 || !n.is_power_of_two() || r == 0 || par == 0 {
                Some(format!("scrypt with N = {n}, r = {r}, p = {par} (invalid)"))
            } else if 128u64.saturating_mul(r).saturating_mul(n) > MAX_SCRYPT_MEMORY
                || n.saturating_mul(r).saturating_mul(par) > MAX_SCRYPT_WORK
            {
                Some(format!(
                    "scrypt with N = 2^{}, r = {r}, p = {par}: {} MiB and N·r·p = {} (at most 32 MiB and 2^22 are accepted)",
                    n.trailing_zeros(),
                    128u64.saturating_mul(r).saturating_mul(n) >> 20,
                    n.saturating_mul(r).saturating_mul(par)
                ))
            } else {
                None
            }
        }
        // Other KDFs are refused by pkcs5 itself as unsupported.
        _ => None,
    };
    match problem {
        Some(p) => Err(invalid(format!(
            "is encrypted with {p}, beyond what byok-wizard will spend on a passphrase; \
             re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc` (PBKDF2, 2048 iterations) or give it unencrypted"
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8032 §7.1, TEST 1: the secret key and its public key.
    const SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    const PUBLIC: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    fn v1(seed: &[u8]) -> Vec<u8> {
        let mut d = hex::decode("302e020100300506032b657004220420").unwrap();
        d.extend_from_slice(seed);
        d
    }

    #[test]
    fn ed25519_pkcs8_v1_gives_the_rfc_8032_public_key() {
        let seed = hex::decode(SEED).unwrap();
        let k = parse(&v1(&seed), None, None).unwrap();
        assert_eq!(k.kind.describe(), "Ed25519");
        assert_eq!(k.pkcs8_der.expose(), v1(&seed).as_slice());
        let mut spki = hex::decode("302a300506032b6570032100").unwrap();
        spki.extend(hex::decode(PUBLIC).unwrap());
        assert_eq!(k.public_spki_der, spki);
    }

    #[test]
    fn ed25519_pkcs8_v2_is_passed_on_as_v1_and_a_foreign_public_key_is_refused() {
        // RFC 5958 OneAsymmetricKey v2: version 1, the seed, then [1] the public key.
        let seed = hex::decode(SEED).unwrap();
        let v2 = |public: &str| {
            let mut d = hex::decode("3051020101300506032b657004220420").unwrap();
            d.extend_from_slice(&seed);
            d.extend(hex::decode("812100").unwrap());
            d.extend(hex::decode(public).unwrap());
            d
        };
        let k = parse(&v2(PUBLIC), None, None).unwrap();
        assert_eq!(k.pkcs8_der.expose(), v1(&seed).as_slice());
        let wrong = PUBLIC.replace("d75a", "d75b");
        let e = parse(&v2(&wrong), None, None).unwrap_err();
        assert!(e.to_string().contains("not a valid Ed25519 key"), "{e}");
    }
}
