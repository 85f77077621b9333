//! RSA-OAEP of a fresh AES-256 key K, then RFC 5649 KWP of the material under K
//! (PKCS#11 `CKM_RSA_AES_KEY_WRAP`).
//!
//! AWS `RSA_AES_KEY_WRAP_SHA_1/256` upload the two parts as one blob, RSA part first
//! (byok-formats §5, the `cat aes-key-wrapped.bin key-material-wrapped.bin` step); Huawei's
//! asymmetric import uploads them as two fields (§3). This file builds the parts; the caller
//! decides how they travel.

use super::aes_kw;
use crate::core::catalog::OaepHash;
use crate::core::wrap::rsa_oaep;
use rand::{CryptoRng, RngCore};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use zeroize::Zeroizing;

/// The two ciphertexts.
pub struct Parts {
    /// OAEP-H(K): as long as the wrapping key's modulus.
    pub wrapped_aes_key: Vec<u8>,
    /// KWP(K, material): `8·⌈n/8⌉ + 8` bytes.
    pub wrapped_material: Vec<u8>,
}

/// Step 1: K ← 32 bytes from the CSPRNG. Step 2: KWP(K, material). Step 3: OAEP-H(K).
/// K is wiped when this returns.
pub fn wrap<R: RngCore + CryptoRng>(
    rng: &mut R,
    key: &RsaPublicKey,
    hash: OaepHash,
    material: &[u8],
) -> Result<Parts, String> {
    let mut k = Zeroizing::new([0u8; 32]);
    rng.try_fill_bytes(k.as_mut())
        .map_err(|e| format!("the OS random number generator failed: {e}"))?;
    let wrapped_material = aes_kw::kwp_wrap(k.as_ref(), material).map_err(|e| e.to_string())?;
    let wrapped_aes_key =
        rsa_oaep::encrypt(rng, key, hash, k.as_ref()).map_err(|e| format!("RSA-OAEP: {e}"))?;
    Ok(Parts {
        wrapped_aes_key,
        wrapped_material,
    })
}

/// The inverse, for the practice KMS and tests: split a concatenated blob at the modulus length.
pub fn unwrap_concat(
    key: &RsaPrivateKey,
    hash: OaepHash,
    blob: &[u8],
) -> Result<Zeroizing<Vec<u8>>, String> {
    let k = key.size();
    if blob.len() <= k {
        return Err(format!(
            "blob of {} bytes is too short for an RSA part of {k} bytes plus a wrapped key",
            blob.len()
        ));
    }
    unwrap_parts(key, hash, &blob[..k], &blob[k..])
}

/// Unwrap the two parts.
pub fn unwrap_parts(
    key: &RsaPrivateKey,
    hash: OaepHash,
    wrapped_aes_key: &[u8],
    wrapped_material: &[u8],
) -> Result<Zeroizing<Vec<u8>>, String> {
    let k = rsa_oaep::decrypt(key, hash, wrapped_aes_key).map_err(|e| format!("RSA-OAEP: {e}"))?;
    aes_kw::kwp_unwrap(&k, wrapped_material).map_err(|e| format!("AES-KWP: {e}"))
}
