//! Power-on self-test: known answers for every primitive the wrap path uses, run before any wrap
//! (CLI and GUI) and by `byok-wizard selftest`. If one fails, the tool refuses to wrap.
//!
//! Known answers: RFC 5649 §6 (AES-KWP), NIST SP 800-38A F.1.5 (AES-256-ECB), FIPS 180-2 B.1
//! (SHA-256 of "abc"); three ciphertexts made by the OpenSSL CLI under an embedded RSA-2048 test
//! public key (`selftest_data/README.md`): RSA-OAEP-SHA256 of a message, RSA-OAEP-SHA1(K) ‖
//! AES-KWP(K, m) — the whole `CKM_RSA_AES_KEY_WRAP` path — and RSAES-PKCS1-v1_5 (RFC 8017 §7.2) of
//! a message; and one SM2 ciphertext (GB/T 32918.4 with SM3, as GM/T 0009 DER: AWS `SM2PKE`)
//! made by an independent implementation, the Python `gmssl` package
//! (`selftest_data/make_sm2_kat.py`), under an embedded SM2 test public key.
//!
//! All four are randomised, so the README records the randomness each one used: the OAEP seeds
//! and the PKCS#1 v1.5 padding string PS OpenSSL drew (recovered with the test private key), and
//! the SM2 ephemeral k the script fixed. The self-test feeds exactly those bytes (and K) to our
//! wrap code through [`ReplayRng`], in the order and form our crates draw them, and must reproduce
//! the known bytes exactly, having used every replayed byte and asked for no more. Only public-key
//! operations run, so the whole self-test costs about a millisecond; the wizard never holds a
//! private key, and neither does the binary. Last, the CSPRNG must answer with two different draws.

use crate::core::catalog::{OaepHash, Scheme};
use crate::core::secret::SecretBytes;
use crate::core::wrap::{self, aes_ecb, aes_kw, rsa_oaep, sm2_pke};
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
/// `openssl pkeyutl -encrypt` RSAES-PKCS1-v1_5 of [`PKCS1V15_KAT_PT`] (selftest_data/README.md).
const PKCS1V15_KAT_CT: &[u8] = include_bytes!("selftest_data/rsa_pkcs1v15.bin");
const PKCS1V15_KAT_PT: &[u8] = b"byok-wizard self-test message 2";
/// The padding string PS inside [`PKCS1V15_KAT_CT`] (RFC 8017 §7.2.1: EM = 0x00 ‖ 0x02 ‖ PS ‖ 0x00
/// ‖ M, PS = k − mLen − 3 = 222 nonzero bytes). `rsa` 0.9 fills PS with one `fill_bytes` call and
/// redraws only zero bytes, one at a time, so a PS without zeros is replayed as it is.
const PKCS1V15_KAT_PS: &str = concat!(
    "8261e0ae3847171244c514cf14a0c371e0d7a120f1574707e0a39d19ad72d170e269cb848c417821603ccb6015bd",
    "55fa595c36ef1625b84d67f30b525b050d8faebc4d994d72d6b51a18a456658ff5543082f37211862ef3378a2c60",
    "96dbc02279e64bbab90330b44d607d95dae82353c9395795c8d6bd7a36d7641d2c73084eea3cfa26399d916ebf84",
    "60079331166e66d183b31de32a68f44076da542ddaed6061a1e1a2d3a01e70b3fddf890aa0d58231b00986fe5a77",
    "ac93d70c1c0a4adfc4fe5041e6ae3e80031ccae4d03f776d03bd9361e5ef0e1e453a0873d2d0",
);
/// The SM2 test public key (an `openssl genpkey -algorithm SM2` key pair; only the tests read its
/// private half).
const TEST_SM2_PUBLIC_KEY_PEM: &str = include_str!("selftest_data/test_sm2.spki.pem");
/// gmssl's SM2 encryption (GB/T 32918.4-2016 §6.1, SM3) of [`SM2_KAT_PT`] to that key, as the
/// GM/T 0009-2012 DER `SEQUENCE { x INTEGER, y INTEGER, C3 OCTET STRING, C2 OCTET STRING }`
/// (selftest_data/make_sm2_kat.py).
const SM2_KAT_CT: &[u8] = include_bytes!("selftest_data/sm2pke.der");
const SM2_KAT_PT: &[u8] = b"byok-wizard SM2PKE self-test message";
/// The ephemeral k (step A1) behind [`SM2_KAT_CT`], 32 bytes big-endian: how `sm2` 0.14 draws it
/// (one 32-byte fill, read big-endian, redrawn only if ≥ n or zero; this k is neither).
const SM2_KAT_K: &str = "c8d1b38163f1acb27de32dcfcb04d7259c5ff827622509a56278f3fe6a03b204";

/// A "random" source that replays fixed bytes: how a randomised scheme gets a known answer.
/// Asking for more than it holds is recorded, and the check then fails. It serves both trait
/// generations in the tree: `rand` 0.8's `RngCore` (the `rsa` crate) and `rand_core` 0.10's
/// `TryRng` (the `sm2` crate).
struct ReplayRng {
    bytes: Vec<u8>,
    pos: usize,
    overrun: bool,
    /// Last filler byte handed out past the end.
    filler: u8,
}

/// What [`ReplayRng`]'s `rand_core` 0.10 side answers once the replayed bytes run out.
#[derive(Debug)]
struct ReplayExhausted;

impl std::fmt::Display for ReplayExhausted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the replayed known-answer randomness ran out")
    }
}

impl std::error::Error for ReplayExhausted {}

impl ReplayRng {
    fn new(bytes: Vec<u8>) -> Self {
        ReplayRng {
            bytes,
            pos: 0,
            overrun: false,
            filler: 0,
        }
    }

    /// The next bytes into `dest`. Past the end the overrun is recorded and the filler is
    /// 1, 2, …, 255, 1, … — never zero, never a run of 0xff — so that a rejection sampler
    /// (PKCS#1 v1.5 redraws zero PS bytes; a scalar is redrawn while zero or ≥ n) still ends and
    /// the check fails instead of hanging.
    fn replay(&mut self, dest: &mut [u8]) {
        for d in dest.iter_mut() {
            match self.bytes.get(self.pos) {
                Some(&b) => {
                    *d = b;
                    self.pos += 1;
                }
                None => {
                    self.overrun = true;
                    self.filler = self.filler % 255 + 1;
                    *d = self.filler;
                }
            }
        }
    }

    /// [`Self::replay`], but an error once the bytes have run out (`rand_core` 0.10 side).
    fn try_replay(&mut self, dest: &mut [u8]) -> Result<(), ReplayExhausted> {
        self.replay(dest);
        if self.overrun {
            Err(ReplayExhausted)
        } else {
            Ok(())
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
        self.replay(&mut b);
        u32::from_le_bytes(b)
    }
    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.replay(&mut b);
        u64::from_le_bytes(b)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        self.replay(dest);
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand::Error> {
        self.replay(dest);
        Ok(())
    }
}

// Only ever used with replayed known-answer bytes, never to make a real key.
impl rand::CryptoRng for ReplayRng {}

impl sm2::elliptic_curve::rand_core::TryRng for ReplayRng {
    type Error = ReplayExhausted;
    fn try_next_u32(&mut self) -> Result<u32, ReplayExhausted> {
        let mut b = [0u8; 4];
        self.try_replay(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn try_next_u64(&mut self) -> Result<u64, ReplayExhausted> {
        let mut b = [0u8; 8];
        self.try_replay(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), ReplayExhausted> {
        self.try_replay(dest)
    }
}

// As above: known-answer bytes only.
impl sm2::elliptic_curve::rand_core::TryCryptoRng for ReplayRng {}

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

/// The power-on self-test: [`run`] once per process, its report kept (every wrap checks it; a
/// batch of hundreds of rows does not repeat it per row).
pub fn power_on() -> &'static Report {
    static REPORT: std::sync::OnceLock<Report> = std::sync::OnceLock::new();
    REPORT.get_or_init(run)
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
    checks.push(check("RSAES-PKCS1-v1_5 (OpenSSL known answer)", || {
        let key = key
            .as_ref()
            .map_err(|e| format!("embedded test key does not load ({e})"))?;
        let mut rng = ReplayRng::new(unhex(PKCS1V15_KAT_PS)?);
        let material = SecretBytes::from_slice(PKCS1V15_KAT_PT);
        let w = wrap::wrap(
            &mut rng,
            Scheme::RsaPkcs1V15,
            &crate::core::input::wrapping_key::PublicKey::Rsa(key.clone()),
            &material,
        )
        .map_err(|e| e.to_string())?;
        rng.exhausted_exactly()?;
        expect_eq(&w.key_material, PKCS1V15_KAT_CT)
    }));
    checks.push(check("SM2PKE (gmssl known answer)", || {
        let key = <sm2::PublicKey as sm2::pkcs8::DecodePublicKey>::from_public_key_pem(
            TEST_SM2_PUBLIC_KEY_PEM,
        )
        .map_err(|e| format!("embedded SM2 test key does not load ({e})"))?;
        let mut rng = ReplayRng::new(unhex(SM2_KAT_K)?);
        let ct = sm2_pke::encrypt_with_rng(&mut rng, &key, SM2_KAT_PT);
        rng.exhausted_exactly()?;
        expect_eq(&ct?, SM2_KAT_CT)
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
        assert_eq!(r.checks.len(), 8);
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

    /// RSAES-PKCS1-v1_5: one PS bit off and the ciphertext differs; one PS byte short and the
    /// replay reports the overrun (and the encryptor still returns: the filler is nonzero).
    #[test]
    fn a_wrong_pkcs1v15_padding_string_fails() {
        use super::*;
        use crate::core::wrap::rsa_pkcs1v15;
        let key = rsa::RsaPublicKey::from_public_key_pem(TEST_PUBLIC_KEY_PEM).unwrap();
        let mut ps = unhex(PKCS1V15_KAT_PS).unwrap();
        assert_eq!(ps.len(), 256 - PKCS1V15_KAT_PT.len() - 3);
        assert!(!ps.contains(&0), "a PKCS#1 v1.5 PS has no zero bytes");
        let mut rng = ReplayRng::new(ps.clone());
        let ct = rsa_pkcs1v15::encrypt(&mut rng, &key, PKCS1V15_KAT_PT).unwrap();
        assert!(expect_eq(&ct, PKCS1V15_KAT_CT).is_ok() && rng.exhausted_exactly().is_ok());
        ps[0] ^= 1;
        assert_ne!(ps[0], 0, "the flipped byte must stay nonzero (no redraw)");
        let mut rng = ReplayRng::new(ps.clone());
        let ct = rsa_pkcs1v15::encrypt(&mut rng, &key, PKCS1V15_KAT_PT).unwrap();
        assert!(expect_eq(&ct, PKCS1V15_KAT_CT).is_err());
        assert!(rng.exhausted_exactly().is_ok());
        ps.pop();
        let mut rng = ReplayRng::new(ps);
        rsa_pkcs1v15::encrypt(&mut rng, &key, PKCS1V15_KAT_PT).unwrap();
        assert!(rng.exhausted_exactly().is_err());
    }

    /// SM2PKE: one bit of k off and the ciphertext differs; one byte of k short and the replay
    /// reports it (the encryption itself then fails: the `rand_core` 0.10 side returns an error).
    #[test]
    fn a_wrong_sm2_k_fails() {
        use super::*;
        let key = <sm2::PublicKey as sm2::pkcs8::DecodePublicKey>::from_public_key_pem(
            TEST_SM2_PUBLIC_KEY_PEM,
        )
        .unwrap();
        let mut k = unhex(SM2_KAT_K).unwrap();
        assert_eq!(k.len(), 32);
        let mut rng = ReplayRng::new(k.clone());
        let ct = sm2_pke::encrypt_with_rng(&mut rng, &key, SM2_KAT_PT).unwrap();
        assert!(expect_eq(&ct, SM2_KAT_CT).is_ok() && rng.exhausted_exactly().is_ok());
        k[31] ^= 1; // still in [1, n): no redraw
        let mut rng = ReplayRng::new(k.clone());
        let ct = sm2_pke::encrypt_with_rng(&mut rng, &key, SM2_KAT_PT).unwrap();
        assert!(expect_eq(&ct, SM2_KAT_CT).is_err());
        assert!(rng.exhausted_exactly().is_ok());
        k.pop();
        let mut rng = ReplayRng::new(k);
        assert!(sm2_pke::encrypt_with_rng(&mut rng, &key, SM2_KAT_PT).is_err());
        assert!(rng.exhausted_exactly().is_err());
    }

    /// The embedded SM2 ciphertext decrypts, with the test private key (read here, never by the
    /// binary), to the documented message: our decryptor agrees with gmssl's encryptor.
    #[test]
    fn the_sm2_known_answer_decrypts_to_its_message() {
        use super::*;
        let pem = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/core/selftest_data/test_sm2.pk8.pem"
        ))
        .unwrap();
        let sk = <sm2::SecretKey as sm2::pkcs8::DecodePrivateKey>::from_pkcs8_pem(&pem).unwrap();
        assert_eq!(&*sm2_pke::decrypt(&sk, SM2_KAT_CT).unwrap(), SM2_KAT_PT);
    }
}
