//! Secret byte containers: zeroized on drop, redacted in `Debug`.

use std::fmt;
use zeroize::Zeroizing;

/// Secret bytes: key material, a private key's PKCS#8 DER, a temporary AES key.
///
/// The bytes are wiped when the value is dropped; `Debug` prints only the length.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretBytes(Zeroizing<Vec<u8>>);

impl SecretBytes {
    /// Take ownership of bytes that are secret.
    pub fn new(bytes: Vec<u8>) -> Self {
        SecretBytes(Zeroizing::new(bytes))
    }

    /// Copy a slice into a new secret.
    pub fn from_slice(bytes: &[u8]) -> Self {
        SecretBytes(Zeroizing::new(bytes.to_vec()))
    }

    /// Borrow the secret bytes. Callers must not log or persist them.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// Length in bytes (not secret).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Zeroizing<Vec<u8>>> for SecretBytes {
    fn from(z: Zeroizing<Vec<u8>>) -> Self {
        SecretBytes(z)
    }
}

impl fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretBytes([REDACTED; {} bytes])", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_bytes() {
        let s = SecretBytes::new(vec![0xAB; 32]);
        let d = format!("{s:?}");
        assert!(!d.to_lowercase().contains("ab"), "{d}");
        assert!(d.contains("32 bytes"));
    }
}
