//! Import token files. Huawei `ImportToken.b64`, Alibaba `token_*.txt` and Tencent tokens are base64
//! text; AWS `importToken_<id>` is binary (contract, `--import-token`).

use super::{b64_decode_lenient, is_ascii_text};
use crate::core::catalog::TokenEncoding;

/// A token's raw bytes and how the file held them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedToken {
    pub bytes: Vec<u8>,
    /// True when a binary-token provider was given base64 text, which we decoded.
    pub decoded_from_base64: bool,
}

/// Parse a token file for a provider whose token travels as `encoding`.
pub fn parse(bytes: &[u8], encoding: TokenEncoding) -> Result<ParsedToken, String> {
    if bytes.is_empty() {
        return Err("is empty".into());
    }
    match encoding {
        TokenEncoding::Base64 => {
            let text = std::str::from_utf8(bytes)
                .ok()
                .filter(|_| is_ascii_text(bytes))
                .ok_or(
                    "is not base64 text (this cloud's token is base64 text; binary was given)",
                )?;
            let decoded = b64_decode_lenient(text).ok_or(
                "is text but not valid base64 (the token must be copied whole, as the console shows it)",
            )?;
            Ok(ParsedToken {
                bytes: decoded,
                decoded_from_base64: false,
            })
        }
        TokenEncoding::Binary => {
            // AWS hands over a binary token; one copied out of the CLI's JSON output is base64.
            // Random binary of this size is never pure base64 text, so decoding is unambiguous.
            if is_ascii_text(bytes) && bytes.len() >= 16 {
                if let Some(decoded) = std::str::from_utf8(bytes).ok().and_then(b64_decode_lenient)
                {
                    return Ok(ParsedToken {
                        bytes: decoded,
                        decoded_from_base64: true,
                    });
                }
            }
            Ok(ParsedToken {
                bytes: bytes.to_vec(),
                decoded_from_base64: false,
            })
        }
    }
}
