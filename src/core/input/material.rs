//! Symmetric key material (contract "Reading key material"): a file of exactly the spec's length is
//! raw bytes; otherwise, with trailing whitespace stripped, hex of twice the length, else standard
//! base64 of exactly the length.

use super::b64_decode_lenient;
use crate::core::secret::SecretBytes;
use zeroize::Zeroizing;

/// Parse symmetric material of exactly `len` bytes.
pub fn parse_symmetric(bytes: &[u8], len: usize) -> Result<SecretBytes, String> {
    if bytes.len() == len {
        return Ok(SecretBytes::from_slice(bytes));
    }
    let mut end = bytes.len();
    while end > 0 && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    let text = &bytes[..end];
    let mut found = format!("{} bytes", bytes.len());
    if let Ok(s) = std::str::from_utf8(text) {
        if !s.is_empty() && s.len() % 2 == 0 && s.bytes().all(|b| b.is_ascii_hexdigit()) {
            let decoded = Zeroizing::new(hex::decode(s).unwrap_or_default());
            if decoded.len() == len {
                return Ok(SecretBytes::new(decoded.to_vec()));
            }
            found = format!("hex of {} bytes", decoded.len());
        } else if let Some(decoded) = b64_decode_lenient(s) {
            let decoded = Zeroizing::new(decoded);
            if decoded.len() == len {
                return Ok(SecretBytes::new(decoded.to_vec()));
            }
            found = format!("base64 of {} bytes", decoded.len());
        }
    }
    Err(format!(
        "holds {found}; this key spec takes exactly {len} bytes (raw, {} hex digits, or base64 of {len} bytes)",
        2 * len
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_hex_and_base64_all_read_the_same_key() {
        let key: Vec<u8> = (0u8..32).collect();
        let hexed = format!("{}\n", hex::encode(&key));
        let b64 = format!("{}\r\n", super::super::b64_encode(&key));
        for input in [key.clone(), hexed.into_bytes(), b64.into_bytes()] {
            assert_eq!(
                parse_symmetric(&input, 32).unwrap().expose(),
                key.as_slice()
            );
        }
    }

    #[test]
    fn wrong_length_names_both_lengths() {
        let e = parse_symmetric(&hex::encode([1u8; 8]).into_bytes(), 32).unwrap_err();
        assert!(
            e.contains("hex of 8 bytes") && e.contains("exactly 32 bytes"),
            "{e}"
        );
    }
}
