//! Power-on self-test: known answers for every primitive the wrap path uses, run before any wrap
//! (CLI and GUI) and by `byok-wizard selftest`. If one fails, the tool refuses to wrap.
//!
//! Known answers: RFC 5649 §6 (AES-KWP), NIST SP 800-38A F.1.5 (AES-256-ECB), FIPS 180-2 B.1
//! (SHA-256 of "abc"), and two ciphertexts made by the OpenSSL CLI under an embedded test public key
//! (`selftest_data/README.md`): RSA-OAEP-SHA256 of a message, and RSA-OAEP-SHA1(K) ‖ AES-KWP(K, m)
//! — the whole `CKM_RSA_AES_KEY_WRAP` path. OAEP is randomised, so each file's README records the
//! OAEP seed OpenSSL drew (recovered with the test private key); the self-test feeds that seed (and
//! K) to our wrap code through [`ReplayRng`] and must reproduce OpenSSL's bytes exactly. Only public-
//! key operations run, so the whole self-test costs well under a millisecond of RSA; the wizard never
//! holds a private key, and neither does the binary. Last, the CSPRNG must answer with two different
//! draws.

use crate::core::catalog::{OaepHash, Scheme};
use crate::core::secret::SecretBytes;
use crate::core::wrap::{self, aes_ecb, aes_kw, rsa_oaep};
use rsa::pkcs8::DecodePublicKey as _;
use sha2::{Digest as _, Sha256};
use std::time::{Duration, Instant};

const TEST_PUBLIC_KEY_PEM: &str = include_str!("selftest_data/test_rsa2048.spki.pem");
/// `openssl pkeyutl -encrypt` OAEP-SHA256 of [`OAEP_KAT_PT`] (selftest_data/README.md).
const OAEP_KAT_CT: &[u8] = include_bytes!("selftest_data/oaep_sha256.bin");
const OAEP_KAT_PT: &[u8] = b"byok-wizard self-test message 1";
/// The OAEP seed inside [`OAEP_KAT_CT`].
const OAEP_KAT_SEED: &str = "33f4cab30c8fe8e1260779c043fee1abb871a4ea5f58674c91c68fd5007ed124";
/// OpenSSL's OAEP-SHA1(K) ‖ KWP(K, [`RSA_KWP_KAT_PT`]) (selftest_data/README.md).
const RSA_KWP_KAT: &[u8] = include_bytes!("selftest_data/rsa_aes_kwp_sha1.bin");
const RSA_KWP_KAT_PT: &[u8] = b"round-trip material of 33 bytes!!";
const RSA_KWP_KAT_K: &str = "43d71c3c657a259fa716cb220acec94403f7fcd16207e1549c4d9c7351324ffb";
const RSA_KWP_KAT_SEED: &str = "3f99545585101585830d8c3c099a58a94a9fcd5e";

/// A "random" source that replays fixed bytes: how a randomised scheme gets a known answer.
/// Asking for more than it holds is recorded, and the check then fails.
struct ReplayRng {
    bytes: Vec<u8>,
    pos: usize,
    overrun: bool,
}

impl ReplayRng {
    fn new(bytes: Vec<u8>) -> Self {
        ReplayRng {
            bytes,
            pos: 0,
            overrun: false,
        }
    }

    /// Every byte was used, no more were asked for.
    fn exhausted_exactly(&self) -> Result<(), String> {
        if self.overrun || self.pos != self.bytes.len() {
            Err(
                "the wrap code drew a different amount of randomness than the known answer used"
                    .into(),
            )
        } else {
            Ok(())
        }
    }
}

impl rand::RngCore for ReplayRng {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }
    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for d in dest.iter_mut() {
            match self.bytes.get(self.pos) {
                Some(&b) => {
                    *d = b;
                    self.pos += 1;
                }
                None => {
                    *d = 0;
                    self.overrun = true;
                }
            }
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

// Only ever used with replayed known-answer bytes, never to make a real key.
impl rand::CryptoRng for ReplayRng {}

fn unhex(s: &str) -> Result<Vec<u8>, String> {
    hex::decode(s).map_err(|e| e.to_string())
}

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
    let key = rsa::RsaPublicKey::from_public_key_pem(TEST_PUBLIC_KEY_PEM);
    checks.push(check("RSA-OAEP-SHA256 (OpenSSL known answer)", || {
        let key = key
            .as_ref()
            .map_err(|e| format!("embedded test key does not load ({e})"))?;
        let mut rng = ReplayRng::new(unhex(OAEP_KAT_SEED)?);
        let ct = rsa_oaep::encrypt(&mut rng, key, OaepHash::Sha256, OAEP_KAT_PT)
            .map_err(|e| e.to_string())?;
        rng.exhausted_exactly()?;
        expect_eq(&ct, OAEP_KAT_CT)
    }));
    checks.push(check(
        "RSA-OAEP-SHA1 + AES-KWP (OpenSSL known answer)",
        || {
            let key = key
                .as_ref()
                .map_err(|e| format!("embedded test key does not load ({e})"))?;
            let mut replay = unhex(RSA_KWP_KAT_K)?;
            replay.extend(unhex(RSA_KWP_KAT_SEED)?);
            let mut rng = ReplayRng::new(replay);
            let material = SecretBytes::from_slice(RSA_KWP_KAT_PT);
            let w = wrap::wrap(
                &mut rng,
                Scheme::RsaAesKwpConcat(OaepHash::Sha1),
                &crate::core::input::wrapping_key::PublicKey::Rsa(key.clone()),
                &material,
            )
            .map_err(|e| e.to_string())?;
            rng.exhausted_exactly()?;
            if w.private_key_ciphertext.is_some() {
                return Err("the concatenated scheme returned two parts".into());
            }
            expect_eq(&w.key_material, RSA_KWP_KAT)
        },
    ));
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

    /// The known answers are sensitive: one seed bit off, or one byte too few, and the check fails.
    #[test]
    fn a_wrong_seed_or_short_replay_fails() {
        use super::*;
        let key = rsa::RsaPublicKey::from_public_key_pem(TEST_PUBLIC_KEY_PEM).unwrap();
        let mut seed = unhex(OAEP_KAT_SEED).unwrap();
        let mut rng = ReplayRng::new(seed.clone());
        let ct = rsa_oaep::encrypt(&mut rng, &key, OaepHash::Sha256, OAEP_KAT_PT).unwrap();
        assert!(expect_eq(&ct, OAEP_KAT_CT).is_ok() && rng.exhausted_exactly().is_ok());
        seed[0] ^= 1;
        let mut rng = ReplayRng::new(seed.clone());
        let ct = rsa_oaep::encrypt(&mut rng, &key, OaepHash::Sha256, OAEP_KAT_PT).unwrap();
        assert!(expect_eq(&ct, OAEP_KAT_CT).is_err());
        seed.pop();
        let mut rng = ReplayRng::new(seed);
        rsa_oaep::encrypt(&mut rng, &key, OaepHash::Sha256, OAEP_KAT_PT).unwrap();
        assert!(rng.exhausted_exactly().is_err());
    }
}
