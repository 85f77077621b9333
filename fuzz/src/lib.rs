//! The bodies of the cargo-fuzz targets, one function per parser that reads a user's file.
//!
//! Each function feeds the bytes to the parser (which must never panic, hang or blow up memory on
//! any input) and, when the parser accepts the input, checks a few properties that must hold for
//! every accepted input. A failed check panics, which libFuzzer reports as a crash.
//!
//! This file is compiled twice: as the library of the `fuzz/` crate (used by
//! `fuzz/fuzz_targets/*.rs`) and, through `#[path]`, as a module of the main package's
//! `tests/fuzz_regressions.rs`, which replays `fuzz/corpus/<target>/` and
//! `fuzz/regressions/<target>/` through these same functions. So it may use only `std` and
//! `byok_wizard` (plus crates that `byok_wizard` itself depends on, such as `time`).

use byok_wizard::core::catalog::{Curve, TokenEncoding};
use byok_wizard::core::input::{self, material, params, private_key, token, wrapping_key};

/// A target body: takes the input bytes, panics on a bug.
pub type Target = fn(&[u8]);

/// Every target, by the name of its `fuzz/fuzz_targets/<name>.rs` file and corpus folder.
pub const TARGETS: &[(&str, Target)] = &[
    ("wrapping_key", wrapping_key),
    ("params", params),
    ("token", token),
    ("material", material),
    ("private_key", private_key),
    ("pem_blocks", pem_blocks),
];

/// The passphrase handed to the private-key parser: the one of `tests/data/material.pass`, which
/// the encrypted seeds in `fuzz/corpus/private_key/` use, so the fuzzer gets past decryption.
pub const PASSPHRASE: &[u8] = b"correct horse battery staple 7";

/// Symmetric lengths the catalog takes: SM4 16, HMAC_224 28, AES-256/HMAC_256 32, HMAC_384 48,
/// HMAC_512 64.
pub const SYMMETRIC_LENGTHS: &[usize] = &[16, 28, 32, 48, 64];

/// The fixed "now" for expiry checks: 2025-06-01T00:00:00Z. Seeds expire before or after it.
pub fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(1_748_736_000).expect("valid timestamp")
}

/// `wrapping_key::parse`: key sniffing (DER SPKI / certificate / PKCS#1, PEM, base64 of either).
pub fn wrapping_key(data: &[u8]) {
    if let Ok(k) = wrapping_key::parse(data) {
        check_wrapping_key(&k);
    }
}

fn check_wrapping_key(k: &wrapping_key::WrappingKey) {
    assert_eq!(k.modulus_bytes(), k.bits().div_ceil(8), "modulus size");
    assert_eq!(k.sha256_hex().len(), 64);
    // What we fingerprint (and the bundle reports) must itself be a key we accept, the same key.
    let again = wrapping_key::parse(&k.spki_der)
        .unwrap_or_else(|e| panic!("the accepted key's own SPKI DER is refused: {e}"));
    assert_eq!(again.key, k.key, "SPKI DER re-parses to another key");
    assert_eq!(again.spki_der, k.spki_der, "SPKI DER is not stable");
}

/// `params::parse`: the vendors' get-parameters-for-import JSON, or any wrapping key form.
pub fn params(data: &[u8]) {
    let now = now();
    if let Ok(p) = params::parse(data, now) {
        check_wrapping_key(&p.wrapping_key);
        if let Some(exp) = p.expires {
            assert!(exp > now, "an expired parameter set was accepted");
        }
        if p.source == params::ParamsSource::KeyFile {
            assert!(p.token.is_none() && p.expires.is_none() && p.key_id.is_none());
        }
        let _ = p.source.describe();
        let _ = p.source.providers();
        if let Some(exp) = p.expires {
            let _ = params::fmt_time(exp);
        }
    }
}

/// `token::parse` under both encodings (base64-text clouds and the binary-token cloud).
pub fn token(data: &[u8]) {
    if let Ok(t) = token::parse(data, TokenEncoding::Base64) {
        assert!(
            !t.decoded_from_base64,
            "base64 clouds never report a decode"
        );
    }
    if let Ok(t) = token::parse(data, TokenEncoding::Binary) {
        if !t.decoded_from_base64 {
            assert_eq!(t.bytes, data, "a binary token must be kept byte for byte");
        }
    } else {
        assert!(data.is_empty(), "a non-empty binary token was refused");
    }
}

/// `material::parse_symmetric` for every symmetric length the catalog uses.
pub fn material(data: &[u8]) {
    for &len in SYMMETRIC_LENGTHS {
        match material::parse_symmetric(data, len) {
            Ok(s) => assert_eq!(s.expose().len(), len, "wrong length accepted"),
            Err(e) => assert!(
                data.len() != len,
                "raw bytes of the exact length refused: {e}"
            ),
        }
    }
}

/// `private_key::parse` with the fixtures' passphrase and a curve hint picked by the length.
pub fn private_key(data: &[u8]) {
    let hint = match data.len() % 5 {
        0 => None,
        1 => Some(Curve::P256),
        2 => Some(Curve::P384),
        3 => Some(Curve::P521),
        _ => Some(Curve::Secp256k1),
    };
    match private_key::parse(data, Some(PASSPHRASE), hint) {
        Ok(k) => {
            let _ = k.kind.describe();
            assert_eq!(k.public_fingerprint().len(), 64);
            // What gets wrapped and uploaded (the normalised PKCS#8) must itself be a key we
            // accept, and the same key.
            let again = private_key::parse(k.pkcs8_der.expose(), None, hint).unwrap_or_else(|e| {
                panic!("the normalised PKCS#8 of an accepted key is refused: {e}")
            });
            assert_eq!(
                again.kind, k.kind,
                "normalised PKCS#8 is another kind of key"
            );
            assert_eq!(
                again.public_spki_der, k.public_spki_der,
                "normalised PKCS#8 is another key"
            );
            assert_eq!(again.pkcs8_der.expose(), k.pkcs8_der.expose());
        }
        Err(private_key::KeyError::NeedsPassphrase) => {
            panic!("asked for a passphrase although one was given")
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// `input::pem_blocks` (RFC 7468 block extraction shared by the key parsers).
pub fn pem_blocks(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(blocks) = input::pem_blocks(text) {
        // A label that ends in '-' (from `-----BEGIN A- -----`, trimmed) cannot be written back
        // unambiguously; that is a quirk of the round trip below, not of the parser.
        if blocks.iter().any(|b| b.label.ends_with('-')) {
            return;
        }
        // Writing the blocks back out as PEM and reading them again gives the same blocks.
        let mut pem = String::new();
        for b in &blocks {
            assert!(
                !b.der.is_empty(),
                "a PEM block with an empty body was accepted"
            );
            let b64 = input::b64_encode(&b.der);
            pem.push_str(&format!("-----BEGIN {}-----\n", b.label));
            for chunk in b64.as_bytes().chunks(64) {
                pem.push_str(std::str::from_utf8(chunk).expect("base64 is ASCII"));
                pem.push('\n');
            }
            pem.push_str(&format!("-----END {}-----\n", b.label));
        }
        let again = input::pem_blocks(&pem)
            .unwrap_or_else(|e| panic!("re-encoded PEM does not parse: {e}"));
        assert_eq!(again.len(), blocks.len(), "block count changed");
        for (a, b) in again.iter().zip(&blocks) {
            assert_eq!(a.label, b.label);
            assert_eq!(a.der, b.der);
        }
    }
}
