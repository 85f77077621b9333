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

/// Decrypt a backup (tests use it to check what was written): [`decrypt_backup`] with its
/// error in words.
pub fn decrypt(
    ciphertext: &[u8],
    passphrase: &secrecy::SecretString,
) -> std::result::Result<SecretBytes, String> {
    decrypt_backup(ciphertext, passphrase).map_err(|e| match e {
        BackupError::WrongPassphrase => "the passphrase does not decrypt it".to_owned(),
        BackupError::Other(e) => e,
    })
}

/// Whether `bytes` are an age file (binary `age-encryption.org/v1` header, or ASCII armor).
pub fn is_age(bytes: &[u8]) -> bool {
    bytes.starts_with(b"age-encryption.org/v1\n")
        || bytes
            .trim_ascii_start()
            .starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
}

/// The largest scrypt work factor accepted when reading a backup: N = 2^20 (1 GiB, several
/// seconds). age picks about one second's worth when it encrypts (2^18 here); the bound stops a
/// hostile file from asking for hours and tens of GiB.
pub const MAX_BACKUP_LOG_N: u8 = 20;

/// Why a backup could not be decrypted.
#[derive(Debug)]
pub enum BackupError {
    /// No passphrase stanza matched (the usual cause: another passphrase).
    WrongPassphrase,
    Other(String),
}

/// Decrypt a backup (binary or armored age, scrypt recipient) for re-import.
pub fn decrypt_backup(
    ciphertext: &[u8],
    passphrase: &secrecy::SecretString,
) -> std::result::Result<SecretBytes, BackupError> {
    use std::io::Read as _;
    let mut identity = age::scrypt::Identity::new(passphrase.clone());
    identity.set_max_work_factor(MAX_BACKUP_LOG_N);
    let reader = age::armor::ArmoredReader::new(ciphertext);
    let decryptor = age::Decryptor::new(reader).map_err(|e| BackupError::Other(e.to_string()))?;
    let mut r = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys
            | age::DecryptError::DecryptionFailed
            | age::DecryptError::KeyDecryptionFailed => BackupError::WrongPassphrase,
            e => BackupError::Other(e.to_string()),
        })?;
    let mut out = zeroize::Zeroizing::new(Vec::with_capacity(ciphertext.len()));
    r.read_to_end(&mut out)
        .map_err(|e| BackupError::Other(e.to_string()))?;
    Ok(SecretBytes::from(out))
}
