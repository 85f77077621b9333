//! Power-on self-test: known answers for every primitive the wrap path uses, run before any wrap
//! (CLI and GUI) and by `byok-wizard selftest`. If one fails, the tool refuses to wrap.
//!
//! Known answers: RFC 5649 §6 (AES-KWP), NIST SP 800-38A F.1.5 (AES-256-ECB), FIPS 180-2 B.1
//! (SHA-256 of "abc"), an RSA-OAEP-SHA256 ciphertext made by the OpenSSL CLI under an embedded test
//! key (`selftest_data/README.md`), an OAEP and RSA+KWP round trip under that key, and the CSPRNG
//! answering with two different draws.

use crate::core::catalog::{OaepHash, Scheme};
use crate::core::secret::SecretBytes;
use crate::core::wrap::{self, aes_ecb, aes_kw, rsa_oaep};
use rsa::pkcs8::DecodePrivateKey as _;
use sha2::{Digest as _, Sha256};
use std::time::{Duration, Instant};

const TEST_KEY_PEM: &str = include_str!("selftest_data/test_rsa2048.pk8.pem");
const OAEP_KAT_CT: &[u8] = include_bytes!("selftest_data/oaep_sha256.bin");
const OAEP_KAT_PT: &[u8] = b"byok-wizard self-test message 1";

/// One check's outcome.
#[derive(Debug, Clone)]
pub struct Check {
    pub name: &'static str,
    pub passed: bool,
    /// Why it failed (empty when passed).
    pub detail: String,
}

/// All checks and how long they took.
#[derive(Debug, Clone)]
pub struct Report {
    pub checks: Vec<Check>,
    pub elapsed: Duration,
}

impl Report {
    /// Whether every check passed.
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.passed)
    }

    /// The first failure, if any, as one line.
    pub fn failure(&self) -> Option<String> {
        self.checks
            .iter()
            .find(|c| !c.passed)
            .map(|c| format!("{} failed: {}", c.name, c.detail))
    }
}

fn check(name: &'static str, f: impl FnOnce() -> Result<(), String>) -> Check {
    match f() {
        Ok(()) => Check {
            name,
            passed: true,
            detail: String::new(),
        },
        Err(detail) => Check {
            name,
            passed: false,
            detail,
        },
    }
}

fn expect_eq(got: &[u8], want: &[u8]) -> Result<(), String> {
    if got == want {
        Ok(())
    } else {
        Err("output differs from the known answer".into())
    }
}

/// Run every check.
pub fn run() -> Report {
    let start = Instant::now();
    let mut checks = Vec::new();
    checks.push(check("AES-KWP (RFC 5649 §6)", || {
        let kek = hex::decode("5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8")
            .map_err(|e| e.to_string())?;
        let key =
            hex::decode("c37b7e6492584340bed12207808941155068f738").map_err(|e| e.to_string())?;
        let want = hex::decode("138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a")
            .map_err(|e| e.to_string())?;
        let ct = aes_kw::kwp_wrap(&kek, &key).map_err(|e| e.to_string())?;
        expect_eq(&ct, &want)?;
        expect_eq(
            &aes_kw::kwp_unwrap(&kek, &ct).map_err(|e| e.to_string())?,
            &key,
        )
    }));
    checks.push(check("AES-256-ECB (SP 800-38A F.1.5)", || {
        let key = hex::decode("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4")
            .map_err(|e| e.to_string())?;
        let pt = hex::decode("6bc1bee22e409f96e93d7e117393172a").map_err(|e| e.to_string())?;
        let ct = aes_ecb::encrypt_pkcs7(&key, &pt).map_err(|e| e.to_string())?;
        expect_eq(
            &ct[..16],
            &hex::decode("f3eed1bdb5d2a03c064b5a7e3db181f8").map_err(|e| e.to_string())?,
        )
    }));
    checks.push(check("SHA-256 (FIPS 180-2 B.1)", || {
        expect_eq(
            &Sha256::digest(b"abc"),
            &hex::decode("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
                .map_err(|e| e.to_string())?,
        )
    }));
    let key = rsa::RsaPrivateKey::from_pkcs8_pem(TEST_KEY_PEM);
    checks.push(check("RSA-OAEP-SHA256 (OpenSSL known answer)", || {
        let key = key
            .as_ref()
            .map_err(|e| format!("embedded test key does not load ({e})"))?;
        let pt =
            rsa_oaep::decrypt(key, OaepHash::Sha256, OAEP_KAT_CT).map_err(|e| e.to_string())?;
        expect_eq(&pt, OAEP_KAT_PT)
    }));
    checks.push(check("RSA-OAEP + AES-KWP round trip", || {
        let key = key
            .as_ref()
            .map_err(|e| format!("embedded test key does not load ({e})"))?;
        let material = SecretBytes::from_slice(b"round-trip material of 33 bytes!!");
        // One round trip through OAEP and KWP together (each private-key operation costs ~3 ms).
        for scheme in [Scheme::RsaAesKwpConcat(OaepHash::Sha256)] {
            let w = wrap::wrap(
                &mut rand::rngs::OsRng,
                scheme,
                &key.to_public_key(),
                &material,
            )
            .map_err(|e| e.to_string())?;
            let back = wrap::unwrap(scheme, key, &w)?;
            expect_eq(back.expose(), material.expose())?;
        }
        Ok(())
    }));
    checks.push(check("CSPRNG (OS getrandom)", || {
        let a = crate::core::generate::random_bytes(32).map_err(|e| e.to_string())?;
        let b = crate::core::generate::random_bytes(32).map_err(|e| e.to_string())?;
        if a == b || a.expose().iter().all(|&x| x == 0) {
            return Err("the random number generator repeated itself".into());
        }
        Ok(())
    }));
    Report {
        checks,
        elapsed: start.elapsed(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn all_checks_pass_quickly() {
        let r = super::run();
        assert!(r.passed(), "{:?}", r.failure());
        assert_eq!(r.checks.len(), 6);
    }
}
