//! RSAES-PKCS1-v1_5 (RFC 8017 §7.2). Deprecated: offered only where a provider still lists it
//! (Alibaba, Tencent), and the tool warns whenever it is used.

use rand::{CryptoRng, RngCore};
use rsa::{Pkcs1v15Encrypt, RsaPrivateKey, RsaPublicKey};
use zeroize::Zeroizing;

/// Encrypt `message` to `key`; at most `k − 11` bytes.
pub fn encrypt<R: RngCore + CryptoRng>(
    rng: &mut R,
    key: &RsaPublicKey,
    message: &[u8],
) -> Result<Vec<u8>, rsa::Error> {
    key.encrypt(rng, Pkcs1v15Encrypt, message)
}

/// Decrypt with the private key (practice KMS, tests).
pub fn decrypt(key: &RsaPrivateKey, ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>, rsa::Error> {
    key.decrypt(Pkcs1v15Encrypt, ciphertext).map(Zeroizing::new)
}
