//! Reading what the user hands us: size-limited file reads, PEM block extraction, and one parser
//! per kind of input (wrapping key / parameters JSON, import token, key material).
//!
//! Every parser names the formats it accepts in its error, so the user learns what would work.

pub mod material;
pub mod params;
pub mod private_key;
pub mod token;
pub mod wrapping_key;

use crate::core::error::{Error, Result};
use std::io::Read as _;
use std::path::Path;

/// Largest input file we read (contract: "Any input file over 1 MiB is refused before it is read").
pub const MAX_INPUT_BYTES: u64 = 1024 * 1024;

/// Read a user's input file, refusing folders and files over [`MAX_INPUT_BYTES`] before reading.
/// `flag` names the input in errors (`--wrapping-key`). Only regular files are read: a FIFO,
/// device or socket is refused before it is opened, and the file is opened non-blocking and
/// checked again through the open handle, so one swapped in meanwhile cannot hang the read.
pub fn read_input_file(flag: &str, path: &Path) -> Result<Vec<u8>> {
    let subject = format!("{flag} {}", path.display());
    let meta = std::fs::metadata(path).map_err(|e| {
        let problem = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_owned(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            _ => format!("cannot read it ({e})"),
        };
        Error::input(&subject, problem).hint("check the path and that you may read the file")
    })?;
    if meta.is_dir() {
        return Err(Error::input(&subject, "is a folder, not a file")
            .hint("give the path of the file inside it"));
    }
    if !meta.is_file() {
        return Err(not_regular(&subject, &meta));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(Error::input(
            &subject,
            format!(
                "is {} bytes; inputs over 1 MiB are refused (keys, tokens and parameters are a few KB)",
                meta.len()
            ),
        )
        .hint("check that you picked the right file"));
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // Opening a FIFO for reading would wait for a writer; non-blocking returns at once.
        opts.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = opts.open(path).map_err(|e| {
        Error::input(&subject, format!("cannot open it ({e})")).hint("check the file's permissions")
    })?;
    match file.metadata() {
        Ok(m) if m.is_file() => {}
        Ok(m) => return Err(not_regular(&subject, &m)),
        Err(e) => return Err(Error::input(&subject, format!("cannot read it ({e})"))),
    }
    // Read at most one byte more than the limit, in case the file grew after the metadata check.
    let mut buf = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| Error::input(&subject, format!("cannot read it ({e})")))?;
    if buf.len() as u64 > MAX_INPUT_BYTES {
        return Err(Error::input(&subject, "grew beyond 1 MiB while being read"));
    }
    Ok(buf)
}

/// What a path that is not a regular file is, in words: a FIFO, a device, a socket.
fn not_regular(subject: &str, meta: &std::fs::Metadata) -> Error {
    #[cfg(unix)]
    let what = {
        use std::os::unix::fs::FileTypeExt as _;
        let t = meta.file_type();
        if t.is_fifo() {
            "is a named pipe (FIFO), not a regular file"
        } else if t.is_char_device() || t.is_block_device() {
            "is a device, not a regular file"
        } else if t.is_socket() {
            "is a socket, not a regular file"
        } else {
            "is not a regular file"
        }
    };
    #[cfg(not(unix))]
    let what = {
        let _ = meta;
        "is not a regular file"
    };
    Error::input(subject, what)
        .hint("save the key, token or parameters to a file first and give that file's path")
}

/// A PEM block found in text.
pub struct PemBlock {
    pub label: String,
    /// Headers such as `Proc-Type: 4,ENCRYPTED` (legacy OpenSSL encryption).
    pub encrypted_legacy: bool,
    /// Wiped on drop: a PEM block may be a private key.
    pub der: zeroize::Zeroizing<Vec<u8>>,
}

/// Find all PEM blocks (RFC 7468) in `text`. Lenient on whitespace and CRLF.
pub fn pem_blocks(text: &str) -> std::result::Result<Vec<PemBlock>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + 11..];
        let label_end = after
            .find("-----")
            .ok_or("a PEM BEGIN line is not closed")?;
        let label = after[..label_end].trim().to_owned();
        let body_start = &after[label_end + 5..];
        let end_marker = format!("-----END {label}-----");
        let end = body_start
            .find(&end_marker)
            .ok_or_else(|| format!("the PEM block '{label}' has no END line"))?;
        let body = &body_start[..end];
        let mut encrypted_legacy = false;
        // Sized up front so it never reallocates (a reallocation would leave an unwiped copy).
        let mut b64 = zeroize::Zeroizing::new(String::with_capacity(body.len()));
        for line in body.lines() {
            let line = line.trim();
            if line.contains(':') {
                if line.starts_with("Proc-Type") && line.contains("ENCRYPTED") {
                    encrypted_legacy = true;
                }
                continue;
            }
            b64.push_str(line);
        }
        let der = b64_decode_lenient(&b64)
            .ok_or_else(|| format!("the PEM block '{label}' is not valid base64"))?;
        out.push(PemBlock {
            label,
            encrypted_legacy,
            der: zeroize::Zeroizing::new(der),
        });
        rest = &body_start[end + end_marker.len()..];
    }
    Ok(out)
}

/// Decode standard base64, ignoring ASCII whitespace, with or without `=` padding.
pub fn b64_decode_lenient(s: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    // The text may be key material: the cleaned copy is sized up front and wiped on drop.
    let mut cleaned = zeroize::Zeroizing::new(String::with_capacity(s.len()));
    cleaned.extend(s.chars().filter(|c| !c.is_ascii_whitespace()));
    if cleaned.is_empty() {
        return None;
    }
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    engine.decode(cleaned.as_bytes()).ok()
}

/// Standard base64 with padding, no line breaks (the contract's `base64` encoding).
pub fn b64_encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Whether `bytes` look like text (printable ASCII and whitespace only).
pub fn is_ascii_text(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && bytes
            .iter()
            .all(|&b| b.is_ascii_graphic() || b.is_ascii_whitespace())
}
