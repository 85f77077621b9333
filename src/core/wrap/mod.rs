//! Wrap schemes, one file each. [`wrap`] dispatches on the catalog's [`Scheme`].

pub mod aes_ecb;
pub mod aes_kw;
pub mod rsa_aes_ecb;
pub mod rsa_aes_kwp;
pub mod rsa_oaep;
pub mod rsa_pkcs1v15;
pub mod sm2_pke;

use crate::core::catalog::Scheme;
use crate::core::error::{Error, Result};
use crate::core::input::wrapping_key::PublicKey;
use crate::core::secret::SecretBytes;
use rand::{CryptoRng, RngCore};
use rsa::RsaPrivateKey;

/// What a wrap produced, before it is laid out as upload files.
#[derive(Debug, Clone)]
pub struct Wrapped {
    /// What the console's "key material" field takes (see the contract's role table).
    pub key_material: Vec<u8>,
    /// Huawei asymmetric only: KWP(K, PKCS#8), the console's "private key ciphertext".
    pub private_key_ciphertext: Option<Vec<u8>>,
}

/// Wrap `material` (raw symmetric bytes or PKCS#8 DER) to the wrapping key by `scheme`.
pub fn wrap<R: RngCore + CryptoRng>(
    rng: &mut R,
    scheme: Scheme,
    wrapping_key: &PublicKey,
    material: &SecretBytes,
) -> Result<Wrapped> {
    let fail = |e: String| Error::runtime("wrap", e);
    let m = material.expose();
    let wrapping_key = match (wrapping_key, scheme) {
        (PublicKey::Sm2(k), Scheme::Sm2Pke) => {
            return Ok(Wrapped {
                key_material: sm2_pke::encrypt(k, m).map_err(fail)?,
                private_key_ciphertext: None,
            })
        }
        (PublicKey::Rsa(k), s) if s != Scheme::Sm2Pke => k,
        (_, s) => {
            return Err(fail(format!(
                "{s:?} needs an {} wrapping key",
                s.wrapping_key_type().name()
            )))
        }
    };
    let (key_material, private_key_ciphertext) = match scheme {
        Scheme::RsaOaep(h) => (
            rsa_oaep::encrypt(rng, wrapping_key, h, m)
                .map_err(|e| fail(format!("RSA-OAEP: {e}")))?,
            None,
        ),
        Scheme::RsaPkcs1V15 => (
            rsa_pkcs1v15::encrypt(rng, wrapping_key, m)
                .map_err(|e| fail(format!("RSAES-PKCS1-v1_5: {e}")))?,
            None,
        ),
        Scheme::RsaAesKwpConcat(h) => {
            let parts = rsa_aes_kwp::wrap(rng, wrapping_key, h, m).map_err(fail)?;
            let mut blob = parts.wrapped_aes_key;
            blob.extend(parts.wrapped_material);
            (blob, None)
        }
        Scheme::RsaAesKwpSplit(h) => {
            let parts = rsa_aes_kwp::wrap(rng, wrapping_key, h, m).map_err(fail)?;
            (parts.wrapped_aes_key, Some(parts.wrapped_material))
        }
        Scheme::RsaAesEcbConcat(h) => (
            rsa_aes_ecb::wrap(rng, wrapping_key, h, m).map_err(fail)?,
            None,
        ),
        Scheme::Sm2Pke => return Err(fail("SM2PKE needs an SM2 wrapping key".into())),
    };
    Ok(Wrapped {
        key_material,
        private_key_ciphertext,
    })
}

/// The inverse of [`wrap`], for the practice KMS, the self-test and tests.
pub fn unwrap(
    scheme: Scheme,
    private_key: &RsaPrivateKey,
    wrapped: &Wrapped,
) -> std::result::Result<SecretBytes, String> {
    let km = &wrapped.key_material;
    let out = match scheme {
        Scheme::RsaOaep(h) => {
            rsa_oaep::decrypt(private_key, h, km).map_err(|e| format!("RSA-OAEP: {e}"))?
        }
        Scheme::RsaPkcs1V15 => {
            rsa_pkcs1v15::decrypt(private_key, km).map_err(|e| format!("RSAES-PKCS1-v1_5: {e}"))?
        }
        Scheme::RsaAesKwpConcat(h) => rsa_aes_kwp::unwrap_concat(private_key, h, km)?,
        Scheme::RsaAesKwpSplit(h) => {
            let pk = wrapped
                .private_key_ciphertext
                .as_deref()
                .ok_or("the private key ciphertext is missing")?;
            rsa_aes_kwp::unwrap_parts(private_key, h, km, pk)?
        }
        Scheme::RsaAesEcbConcat(h) => rsa_aes_ecb::unwrap(private_key, h, km)?,
        Scheme::Sm2Pke => {
            return Err(
                "SM2PKE is unwrapped with an SM2 private key (wrap::sm2_pke::decrypt)".into(),
            )
        }
    };
    Ok(SecretBytes::from(out))
}
