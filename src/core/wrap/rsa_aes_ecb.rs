//! Alibaba `RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD` (byok-formats §4):
//! ESK ← 32 random bytes; `OAEP-SHA256(ESK) ‖ AES-256-ECB-PKCS7(ESK, PKCS#8 DER)`, RSA part first.

use super::aes_ecb;
use crate::core::catalog::OaepHash;
use crate::core::wrap::rsa_oaep;
use rand::{CryptoRng, RngCore};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use zeroize::Zeroizing;

/// Build the blob. The ephemeral key is wiped when this returns.
pub fn wrap<R: RngCore + CryptoRng>(
    rng: &mut R,
    key: &RsaPublicKey,
    hash: OaepHash,
    material: &[u8],
) -> Result<Vec<u8>, String> {
    let mut esk = Zeroizing::new([0u8; 32]);
    rng.try_fill_bytes(esk.as_mut())
        .map_err(|e| format!("the OS random number generator failed: {e}"))?;
    let mut blob =
        rsa_oaep::encrypt(rng, key, hash, esk.as_ref()).map_err(|e| format!("RSA-OAEP: {e}"))?;
    blob.extend(aes_ecb::encrypt_pkcs7(esk.as_ref(), material).map_err(|e| e.to_string())?);
    Ok(blob)
}

/// The inverse, for the practice KMS and tests.
pub fn unwrap(
    key: &RsaPrivateKey,
    hash: OaepHash,
    blob: &[u8],
) -> Result<Zeroizing<Vec<u8>>, String> {
    let k = key.size();
    if blob.len() <= k {
        return Err(format!(
            "blob of {} bytes has no AES part after the {k}-byte RSA part",
            blob.len()
        ));
    }
    let esk = rsa_oaep::decrypt(key, hash, &blob[..k]).map_err(|e| format!("RSA-OAEP: {e}"))?;
    aes_ecb::decrypt_pkcs7(&esk, &blob[k..]).map_err(|e| format!("AES-256-ECB: {e}"))
}
