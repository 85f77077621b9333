//! Small codecs written here, on purpose not byok-wizard's (and not the crates it uses), so a bug
//! there cannot hide itself: hex, base64 in the contract's strict form and base64url, PEM bodies,
//! byte comparisons, and SHA-256 of files through the `openssl` CLI.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A file's bytes; panics naming the file.
pub fn read(p: &Path) -> Vec<u8> {
    fs::read(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

pub fn unhex(s: &str) -> Vec<u8> {
    let s = s.trim();
    assert!(s.len().is_multiple_of(2), "odd-length hex: {s:?}");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap_or_else(|_| panic!("bad hex: {s:?}")))
        .collect()
}

pub const B64_STD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
pub const B64_URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub fn b64_with(data: &[u8], alphabet: &[u8; 64], pad: bool) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let n = chunk.len();
        let v = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= n {
                out.push(alphabet[(v >> (18 - 6 * i) & 63) as usize] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64 with `=` padding.
pub fn b64(data: &[u8]) -> String {
    b64_with(data, B64_STD, true)
}

/// base64url without padding (RFC 7515 §2).
pub fn b64url_nopad(data: &[u8]) -> String {
    b64_with(data, B64_URL, false)
}

/// Strict decoder over one alphabet: no whitespace; `padded` = '=' padding required (standard
/// base64 of the contract), otherwise '=' is forbidden (RFC 7515 base64url). Non-zero trailing
/// bits are refused.
pub fn b64_decode(s: &[u8], alphabet: &[u8; 64], padded: bool) -> Result<Vec<u8>, String> {
    let body: &[u8] = if padded {
        if !s.len().is_multiple_of(4) {
            return Err(format!(
                "length {} is not a multiple of 4 (whitespace or missing padding?)",
                s.len()
            ));
        }
        let pads = s.iter().rev().take_while(|&&c| c == b'=').count();
        if pads > 2 {
            return Err("more than two '=' at the end".into());
        }
        &s[..s.len() - pads]
    } else {
        if s.len() % 4 == 1 {
            return Err(format!("length {} is impossible for base64", s.len()));
        }
        s
    };
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let mut acc = 0u32;
    let mut nbits = 0;
    for (i, &c) in body.iter().enumerate() {
        let d = alphabet.iter().position(|&x| x == c).ok_or_else(|| {
            format!(
                "byte {c:#04x} ({:?}) at offset {i} is not in the alphabet",
                c as char
            )
        })?;
        acc = acc << 6 | d as u32;
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            out.push((acc >> nbits) as u8);
            acc &= (1 << nbits) - 1;
        }
    }
    if acc != 0 {
        return Err("non-zero trailing bits".into());
    }
    Ok(out)
}

/// The contract's `base64` encoding: standard alphabet, `=` padding, no whitespace at all.
pub fn b64_strict(s: &[u8]) -> Result<Vec<u8>, String> {
    b64_decode(s, B64_STD, true)
}

/// Whitespace (line breaks) removed first. For fixtures and PEM bodies only.
pub fn b64_lenient(s: &[u8]) -> Vec<u8> {
    let clean: Vec<u8> = s
        .iter()
        .copied()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    b64_strict(&clean).unwrap_or_else(|e| panic!("bad base64: {e}"))
}

/// The DER inside a PEM block with this label (`PRIVATE KEY`, …).
pub fn pem_body(pem: &[u8], label: &str) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(pem).ok()?;
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = text.find(&begin)? + begin.len();
    let stop = text[start..].find(&end)? + start;
    Some(b64_lenient(&text.as_bytes()[start..stop]))
}

pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

/// A readable account of how two byte strings differ.
pub fn diff(a: &[u8], b: &[u8]) -> String {
    let first = a
        .iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .unwrap_or(a.len().min(b.len()));
    let show = |x: &[u8]| {
        if x.len() <= 80 {
            hex(x)
        } else {
            format!("{}…", hex(&x[..40]))
        }
    };
    format!(
        "lengths {} vs {}, first difference at byte {first}\n  got:  {}\n  want: {}",
        a.len(),
        b.len(),
        show(a),
        show(b)
    )
}

pub fn assert_bytes_eq(got: &[u8], want: &[u8], what: &str) {
    if got != want {
        panic!("{what}: bytes differ: {}", diff(got, want));
    }
}

/// SHA-256 of several files with one `openssl dgst` call, lowercase hex.
pub fn sha256_files(paths: &[PathBuf]) -> Vec<String> {
    if paths.is_empty() {
        return vec![];
    }
    let out = Command::new("openssl")
        .args(["dgst", "-sha256", "-r"])
        .args(paths)
        .output()
        .unwrap_or_else(|e| panic!("cannot run openssl dgst: {e}"));
    assert!(
        out.status.success(),
        "openssl dgst failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let v: Vec<String> = text
        .lines()
        .map(|l| l.split_whitespace().next().unwrap_or("").to_lowercase())
        .collect();
    assert_eq!(v.len(), paths.len(), "openssl dgst output: {text}");
    v
}
