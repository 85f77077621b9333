//! AES-256-ECB with PKCS#7 padding (NIST SP 800-38A §6.1; RFC 5652 §6.3 padding).
//!
//! Used only by Alibaba's `RSAES_OAEP_SHA_256_AES_256_ECB_PKCS7_PAD`, where ECB is harmless: the
//! key is fresh for every wrap and encrypts one PKCS#8 blob once (byok-formats §2.3, §4).

use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockDecryptMut, BlockEncrypt, BlockEncryptMut, KeyInit};
use aes::{Aes256, Block};
use zeroize::Zeroizing;

/// AES block size in bytes.
pub const BLOCK: usize = 16;

/// Why ECB encryption or decryption failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EcbError {
    /// The key is not 32 bytes.
    #[error("AES-256 key must be 32 bytes, got {0}")]
    KeyLength(usize),
    /// Ciphertext length is zero or not a multiple of 16.
    #[error("ciphertext of {0} bytes is not a whole number of AES blocks")]
    CiphertextLength(usize),
    /// The PKCS#7 padding is malformed.
    #[error("bad PKCS#7 padding")]
    BadPadding,
}

/// AES-128/192/256 encryption of one zero block (for key check values); all zeros for a key of
/// another length.
pub fn encrypt_zero_block(key: &[u8]) -> [u8; 16] {
    let mut block = Block::default();
    match key.len() {
        16 => aes::Aes128::new_from_slice(key)
            .map(|c| c.encrypt_block(&mut block))
            .ok(),
        24 => aes::Aes192::new_from_slice(key)
            .map(|c| c.encrypt_block(&mut block))
            .ok(),
        32 => Aes256::new_from_slice(key)
            .map(|c| c.encrypt_block(&mut block))
            .ok(),
        _ => None,
    };
    block.into()
}

/// Encrypt with PKCS#7 padding: always 1..=16 pad bytes, so the output is `16·⌊n/16⌋ + 16` bytes.
/// RustCrypto's `ecb` mode over `aes`, with `block-padding`'s PKCS#7.
pub fn encrypt_pkcs7(key: &[u8], data: &[u8]) -> Result<Vec<u8>, EcbError> {
    let enc = ecb::Encryptor::<Aes256>::new_from_slice(key)
        .map_err(|_| EcbError::KeyLength(key.len()))?;
    Ok(enc.encrypt_padded_vec_mut::<Pkcs7>(data))
}

/// Decrypt and strip PKCS#7 padding, checking every pad byte.
pub fn decrypt_pkcs7(key: &[u8], data: &[u8]) -> Result<Zeroizing<Vec<u8>>, EcbError> {
    let dec = ecb::Decryptor::<Aes256>::new_from_slice(key)
        .map_err(|_| EcbError::KeyLength(key.len()))?;
    if data.is_empty() || !data.len().is_multiple_of(BLOCK) {
        return Err(EcbError::CiphertextLength(data.len()));
    }
    let mut out = Zeroizing::new(data.to_vec());
    let keep = dec
        .decrypt_padded_mut::<Pkcs7>(&mut out)
        .map_err(|_| EcbError::BadPadding)?
        .len();
    out.truncate(keep);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sp800_38a_f15_first_block() {
        // NIST SP 800-38A F.1.5 ECB-AES256.Encrypt, block #1.
        let key = hex::decode("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4")
            .unwrap();
        let pt = hex::decode("6bc1bee22e409f96e93d7e117393172a").unwrap();
        let ct = encrypt_pkcs7(&key, &pt).unwrap();
        assert_eq!(hex::encode(&ct[..16]), "f3eed1bdb5d2a03c064b5a7e3db181f8");
        assert_eq!(ct.len(), 32, "block-aligned input gets a full pad block");
        assert_eq!(decrypt_pkcs7(&key, &ct).unwrap().as_slice(), pt.as_slice());
    }
}
