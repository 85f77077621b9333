//! The wrapping public key, in every form the clouds hand it over (byok-formats §2.5):
//! PEM SubjectPublicKeyInfo, binary DER SPKI, base64 of the DER, base64 of a PEM, an X.509
//! certificate carrying the RSA key, or a PKCS#1 `RSA PUBLIC KEY`. AWS China Regions also issue SM2
//! wrapping keys (SPKI `id-ecPublicKey` with the SM2 curve, for SM2PKE).

use super::{b64_decode_lenient, is_ascii_text, pem_blocks};
use der::{Decode as _, Encode as _};
use rsa::pkcs1::DecodeRsaPublicKey as _;
use rsa::pkcs8::{DecodePublicKey as _, EncodePublicKey as _};
use rsa::traits::PublicKeyParts as _;
use rsa::RsaPublicKey;
use sha2::{Digest as _, Sha256};

/// The formats named in errors.
pub const ACCEPTED: &str =
    "PEM or DER SubjectPublicKeyInfo, base64 of the DER, an X.509 certificate, \
or the get-parameters-for-import JSON";

/// rsaEncryption (RFC 8017 appendix C).
const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";

/// id-ecPublicKey (RFC 5480) and the SM2 curve (GB/T 33560, GM/T 0006).
const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
const SM2_CURVE: &str = "1.2.156.10197.1.301";

/// The public key itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PublicKey {
    Rsa(RsaPublicKey),
    Sm2(sm2::PublicKey),
}

/// A parsed wrapping public key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrappingKey {
    /// DER SubjectPublicKeyInfo (what the fingerprint is computed over).
    pub spki_der: Vec<u8>,
    pub key: PublicKey,
    /// How it was given: "PEM SubjectPublicKeyInfo", "X.509 certificate", ….
    pub format: &'static str,
}

impl WrappingKey {
    /// RSA modulus size in bits; 256 for SM2.
    pub fn bits(&self) -> usize {
        match &self.key {
            PublicKey::Rsa(k) => k.n().bits(),
            PublicKey::Sm2(_) => 256,
        }
    }

    /// RSA modulus size in bytes (= length of every RSA ciphertext under this key); 0 for SM2,
    /// which has no modulus (and no capacity limit).
    pub fn modulus_bytes(&self) -> usize {
        match &self.key {
            PublicKey::Rsa(k) => k.size(),
            PublicKey::Sm2(_) => 0,
        }
    }

    /// RSA or SM2.
    pub fn key_type(&self) -> crate::core::catalog::WrappingKeyType {
        match &self.key {
            PublicKey::Rsa(_) => crate::core::catalog::WrappingKeyType::Rsa,
            PublicKey::Sm2(_) => crate::core::catalog::WrappingKeyType::Sm2,
        }
    }

    /// "RSA-2048", "SM2".
    pub fn describe(&self) -> String {
        match &self.key {
            PublicKey::Rsa(_) => format!("RSA-{}", self.bits()),
            PublicKey::Sm2(_) => "SM2".to_owned(),
        }
    }

    /// The RSA key, if it is one.
    pub fn rsa(&self) -> Option<&RsaPublicKey> {
        match &self.key {
            PublicKey::Rsa(k) => Some(k),
            PublicKey::Sm2(_) => None,
        }
    }

    /// Lowercase hex SHA-256 over the DER SubjectPublicKeyInfo.
    pub fn sha256_hex(&self) -> String {
        hex::encode(Sha256::digest(&self.spki_der))
    }
}

/// Parse a wrapping key from DER: SPKI, certificate, or PKCS#1 RSAPublicKey.
fn from_der(der: &[u8], pem_label: Option<&str>) -> Result<WrappingKey, String> {
    if let Ok(spki) = spki::SubjectPublicKeyInfoRef::from_der(der) {
        let oid = spki.algorithm.oid.to_string();
        let curve = spki.algorithm.parameters_oid().ok().map(|o| o.to_string());
        if oid == EC_PUBLIC_KEY && curve.as_deref() == Some(SM2_CURVE) {
            use sm2::pkcs8::DecodePublicKey as _;
            let key = sm2::PublicKey::from_public_key_der(der)
                .map_err(|e| format!("is not a valid SM2 public key ({e})"))?;
            return Ok(WrappingKey {
                spki_der: der.to_vec(),
                key: PublicKey::Sm2(key),
                format: match pem_label {
                    Some(_) => "PEM SubjectPublicKeyInfo",
                    None => "DER SubjectPublicKeyInfo",
                },
            });
        }
        if oid != RSA_ENCRYPTION {
            return Err(format!(
                "is a public key of another type (algorithm {}); wrapping keys are RSA (or SM2 for AWS SM2PKE)",
                describe_oid(&oid, curve.as_deref())
            ));
        }
        let key = RsaPublicKey::from_public_key_der(der)
            .map_err(|e| format!("is not a valid RSA public key ({e})"))?;
        let format = match pem_label {
            Some(_) => "PEM SubjectPublicKeyInfo",
            None => "DER SubjectPublicKeyInfo",
        };
        return Ok(WrappingKey {
            spki_der: der.to_vec(),
            key: PublicKey::Rsa(key),
            format,
        });
    }
    if let Ok(cert) = x509_cert::Certificate::from_der(der) {
        let spki = cert
            .tbs_certificate
            .subject_public_key_info
            .to_der()
            .map_err(|e| format!("certificate has an unreadable public key ({e})"))?;
        let mut k = from_der(&spki, None)?;
        k.format = "X.509 certificate";
        return Ok(k);
    }
    if let Ok(key) = RsaPublicKey::from_pkcs1_der(der) {
        let spki_der = key
            .to_public_key_der()
            .map_err(|e| format!("cannot re-encode the key ({e})"))?
            .as_bytes()
            .to_vec();
        return Ok(WrappingKey {
            spki_der,
            key: PublicKey::Rsa(key),
            format: "PKCS#1 RSAPublicKey",
        });
    }
    Err(format!(
        "is DER but not a public key or certificate (accepted: {ACCEPTED})"
    ))
}

fn describe_oid(oid: &str, curve: Option<&str>) -> String {
    match oid {
        EC_PUBLIC_KEY => format!(
            "id-ecPublicKey: an EC key on curve {}",
            curve.unwrap_or("?")
        ),
        "1.2.156.10197.1.301" => "SM2".to_owned(),
        o => o.to_owned(),
    }
}

fn from_pem_text(text: &str) -> Result<WrappingKey, String> {
    let blocks = pem_blocks(text)?;
    let mut labels = Vec::new();
    for b in &blocks {
        match b.label.as_str() {
            "PUBLIC KEY"
            | "CERTIFICATE"
            | "RSA PUBLIC KEY"
            | "X509 CERTIFICATE"
            | "TRUSTED CERTIFICATE" => {
                return from_der(&b.der, Some(&b.label));
            }
            l => labels.push(l.to_owned()),
        }
    }
    if labels.iter().any(|l| l.contains("PRIVATE")) {
        return Err(
            "holds a private key; the wrapping key is the PUBLIC key the cloud gave you".to_owned(),
        );
    }
    Err(format!(
        "holds PEM blocks [{}] but no PUBLIC KEY or CERTIFICATE",
        labels.join(", ")
    ))
}

/// Parse a wrapping key from the bytes of a key file (not JSON; see `params`).
pub fn parse(bytes: &[u8]) -> Result<WrappingKey, String> {
    if bytes.first() == Some(&0x30) {
        return from_der(bytes, None);
    }
    if !is_ascii_text(bytes) {
        return Err(format!("is neither text nor DER (accepted: {ACCEPTED})"));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| "is not UTF-8 text".to_owned())?;
    if text.contains("-----BEGIN") {
        return from_pem_text(text);
    }
    // base64 of the DER (the console's `public_key` field pasted into a file), or of a PEM.
    let decoded = b64_decode_lenient(text)
        .ok_or_else(|| format!("is text that is neither PEM nor base64 (accepted: {ACCEPTED})"))?;
    if decoded.first() == Some(&0x30) {
        return from_der(&decoded, None).map(|mut k| {
            k.format = "base64 of DER SubjectPublicKeyInfo";
            k
        });
    }
    if let Ok(inner) = std::str::from_utf8(&decoded) {
        if inner.contains("-----BEGIN") {
            return from_pem_text(inner).map(|mut k| {
                k.format = "base64 of a PEM public key";
                k
            });
        }
    }
    Err(format!(
        "is base64 text, but of neither DER nor PEM (accepted: {ACCEPTED})"
    ))
}
