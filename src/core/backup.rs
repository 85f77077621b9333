//! The encrypted backup of generated material: an age file (age-encryption.org/v1) to an scrypt
//! passphrase recipient. The cloud never hands key material back, so this file (or the user's
//! own copy) is the only way to recover it.

use crate::core::error::{Error, Result};
use crate::core::secret::SecretBytes;
use std::io::Write as _;

/// Encrypt `plaintext` to `passphrase` with age's scrypt recipient. Returns the binary age file.
pub fn encrypt(plaintext: &SecretBytes, passphrase: &secrecy::SecretString) -> Result<Vec<u8>> {
    let fail = |e: String| Error::runtime("--backup", format!("age encryption failed ({e})"));
    let encryptor = age::Encryptor::with_user_passphrase(passphrase.clone());
    let mut out = Vec::new();
    let mut w = encryptor
        .wrap_output(&mut out)
        .map_err(|e| fail(e.to_string()))?;
    w.write_all(plaintext.expose())
        .map_err(|e| fail(e.to_string()))?;
    w.finish().map_err(|e| fail(e.to_string()))?;
    Ok(out)
}

/// Decrypt a backup (used by tests and by `inspect`-style checks).
pub fn decrypt(
    ciphertext: &[u8],
    passphrase: &secrecy::SecretString,
) -> std::result::Result<SecretBytes, String> {
    use std::io::Read as _;
    let identity = age::scrypt::Identity::new(passphrase.clone());
    let decryptor = age::Decryptor::new(ciphertext).map_err(|e| e.to_string())?;
    let mut r = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| e.to_string())?;
    let mut out = zeroize::Zeroizing::new(Vec::new());
    r.read_to_end(&mut out).map_err(|e| e.to_string())?;
    Ok(SecretBytes::from(out))
}
