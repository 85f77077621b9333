//! AES Key Wrap (RFC 3394) and AES Key Wrap with Padding (RFC 5649 / NIST SP 800-38F KWP).
//!
//! Thin, length-checked front to RustCrypto `aes-kw`. KWP is what every "RSA + AES" import scheme
//! here uses (byok-formats §2.2); plain KW is kept for known-answer tests and for the practice KMS,
//! which must recognise a KW blob uploaded by mistake.

use aes::{Aes128, Aes192, Aes256};
use aes_kw::Kek;
use zeroize::Zeroizing;

/// Why a wrap or unwrap failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyWrapError {
    /// The key-encryption key is not 16, 24 or 32 bytes.
    #[error("key-encryption key must be 16, 24 or 32 bytes, got {0}")]
    KekLength(usize),
    /// The input length does not suit the mode (KW: a multiple of 8 and at least 16; KWP: 1 or more).
    #[error("input of {0} bytes does not suit this key wrap mode")]
    InputLength(usize),
    /// RFC 3394 §2.2.3 / RFC 5649 §3: the integrity check value did not match.
    #[error("integrity check failed")]
    IntegrityCheckFailed,
}

fn map_err(len: usize) -> impl Fn(aes_kw::Error) -> KeyWrapError {
    move |e| match e {
        aes_kw::Error::IntegrityCheckFailed => KeyWrapError::IntegrityCheckFailed,
        _ => KeyWrapError::InputLength(len),
    }
}

macro_rules! with_kek {
    ($kek:expr, |$k:ident| $body:expr) => {
        match $kek.len() {
            16 => {
                let $k = Kek::<Aes128>::new($kek.into());
                $body
            }
            24 => {
                let $k = Kek::<Aes192>::new($kek.into());
                $body
            }
            32 => {
                let $k = Kek::<Aes256>::new($kek.into());
                $body
            }
            n => Err(KeyWrapError::KekLength(n)),
        }
    };
}

/// RFC 3394 §2.2.1 wrap: `data` must be a multiple of 8 bytes, at least 16.
pub fn kw_wrap(kek: &[u8], data: &[u8]) -> Result<Vec<u8>, KeyWrapError> {
    if data.len() < 16 || !data.len().is_multiple_of(8) {
        return Err(KeyWrapError::InputLength(data.len()));
    }
    with_kek!(kek, |k| k.wrap_vec(data).map_err(map_err(data.len())))
}

/// RFC 3394 §2.2.2 unwrap with the default IV check (§2.2.3).
pub fn kw_unwrap(kek: &[u8], data: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyWrapError> {
    if data.len() < 24 || !data.len().is_multiple_of(8) {
        return Err(KeyWrapError::InputLength(data.len()));
    }
    with_kek!(kek, |k| k
        .unwrap_vec(data)
        .map(Zeroizing::new)
        .map_err(map_err(data.len())))
}

/// RFC 5649 §4.1 wrap with the alternative IV `A65959A6 ‖ MLI`.
/// Output length is `8·⌈n/8⌉ + 8`.
pub fn kwp_wrap(kek: &[u8], data: &[u8]) -> Result<Vec<u8>, KeyWrapError> {
    if data.is_empty() || data.len() > aes_kw::KWP_MAX_LEN {
        return Err(KeyWrapError::InputLength(data.len()));
    }
    with_kek!(kek, |k| k
        .wrap_with_padding_vec(data)
        .map_err(map_err(data.len())))
}

/// RFC 5649 §4.2 unwrap, including the AIV, MLI and zero-padding checks of §3.
pub fn kwp_unwrap(kek: &[u8], data: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyWrapError> {
    if data.len() < 16 || !data.len().is_multiple_of(8) {
        return Err(KeyWrapError::InputLength(data.len()));
    }
    with_kek!(kek, |k| k
        .unwrap_with_padding_vec(data)
        .map(Zeroizing::new)
        .map_err(map_err(data.len())))
}

/// Length of a KWP output for `n` input bytes (RFC 5649 §4.1).
pub fn kwp_wrapped_len(n: usize) -> usize {
    n.div_ceil(8) * 8 + 8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc5649_section6_20_octets() {
        // RFC 5649 §6, first example (192-bit KEK, 20 octets of key data).
        let kek = hex::decode("5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8").unwrap();
        let key = hex::decode("c37b7e6492584340bed12207808941155068f738").unwrap();
        let ct = kwp_wrap(&kek, &key).unwrap();
        assert_eq!(
            hex::encode(&ct),
            "138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a"
        );
        assert_eq!(kwp_unwrap(&kek, &ct).unwrap().as_slice(), key.as_slice());
    }

    #[test]
    fn kwp_rejects_a_flipped_bit() {
        let kek = [7u8; 32];
        let mut ct = kwp_wrap(&kek, b"some private key bytes").unwrap();
        ct[3] ^= 1;
        assert_eq!(
            kwp_unwrap(&kek, &ct),
            Err(KeyWrapError::IntegrityCheckFailed)
        );
    }

    #[test]
    fn kwp_output_length() {
        for n in [1, 7, 8, 9, 32, 138, 1217] {
            assert_eq!(
                kwp_wrap(&[1u8; 32], &vec![0u8; n]).unwrap().len(),
                kwp_wrapped_len(n)
            );
        }
    }
}
