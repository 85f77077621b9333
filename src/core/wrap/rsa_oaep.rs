//! RSAES-OAEP (RFC 8017 §7.1) with MGF1 over the same hash and an empty label.
//!
//! Every provider in the catalog uses the same hash for OAEP and MGF1 (byok-formats §2.1); mixing
//! them (Java's `OAEPWithSHA-256AndMGF1Padding` default) is the classic cause of rejected uploads,
//! so this module offers no way to choose them separately.

use crate::core::catalog::OaepHash;
use rand::CryptoRng;
use rand::RngCore;
use rsa::{Oaep, RsaPrivateKey, RsaPublicKey};
use zeroize::Zeroizing;

fn padding(hash: OaepHash) -> Oaep {
    // `Oaep::new::<D>()` sets both the OAEP digest and the MGF1 digest to D, label empty.
    match hash {
        OaepHash::Sha1 => Oaep::new::<sha1::Sha1>(),
        OaepHash::Sha256 => Oaep::new::<sha2::Sha256>(),
    }
}

/// Encrypt `message` to `key`. Fails if the message is longer than `k − 2·hLen − 2` bytes.
pub fn encrypt<R: RngCore + CryptoRng>(
    rng: &mut R,
    key: &RsaPublicKey,
    hash: OaepHash,
    message: &[u8],
) -> Result<Vec<u8>, rsa::Error> {
    key.encrypt(rng, padding(hash), message)
}

/// Decrypt with the private key (practice KMS, self-test, tests).
pub fn decrypt(
    key: &RsaPrivateKey,
    hash: OaepHash,
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>, rsa::Error> {
    key.decrypt(padding(hash), ciphertext).map(Zeroizing::new)
}
