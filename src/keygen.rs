//! RSA key generation on several threads.
//!
//! The core finds one prime at a time ([`find_rsa_prime`]); here named threads search at once and
//! the first two primes found, from any thread, make the key. OpenSSL's `genrsa` searches on one
//! thread, so on a two-core machine this about halves the expected time. Kept out of the core
//! because the core never spawns threads.

// One of the two places that may start threads (clippy.toml).
#![allow(clippy::disallowed_methods)]

use crate::core::error::{Error, Result};
use crate::core::generate::{find_rsa_prime, rsa_from_primes};
use crate::core::input::private_key::PrivateKey;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

/// Generate an RSA key of `bits` bits. Returns `Ok(None)` if `cancel` was set meanwhile.
pub fn generate_rsa(bits: usize, cancel: &AtomicBool) -> Result<Option<PrivateKey>> {
    let workers = std::thread::available_parallelism()
        .map(|n| n.get().clamp(2, 4))
        .unwrap_or(2);
    loop {
        let Some([p, q]) = two_primes(bits / 2, workers, cancel)? else {
            return Ok(None);
        };
        if let Some(key) = rsa_from_primes(bits, p, q)? {
            return Ok(Some(key));
        }
        // The pair was unusable (too close, or not invertible): search again.
    }
}

fn two_primes(
    bits: usize,
    workers: usize,
    cancel: &AtomicBool,
) -> Result<Option<[rsa::BigUint; 2]>> {
    let enough = AtomicBool::new(false);
    let stopped = || cancel.load(Ordering::Relaxed) || enough.load(Ordering::Relaxed);
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel();
        for i in 0..workers {
            let tx = tx.clone();
            let stopped = &stopped;
            std::thread::Builder::new()
                .name(format!("rsa-prime-{i}"))
                .spawn_scoped(scope, move || loop {
                    let r = find_rsa_prime(bits, stopped);
                    let keep_going = matches!(r, Ok(Some(_)));
                    if tx.send(r).is_err() || !keep_going {
                        break;
                    }
                })
                .map_err(|e| {
                    Error::runtime(
                        "generate",
                        format!("cannot start a key generation thread ({e})"),
                    )
                })?;
        }
        drop(tx);
        let mut found = Vec::with_capacity(2);
        let mut failure = None;
        for r in rx.iter() {
            match r {
                Ok(Some(p)) => {
                    found.push(p);
                    if found.len() == 2 {
                        break;
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    failure = Some(e);
                    break;
                }
            }
        }
        enough.store(true, Ordering::Relaxed);
        if let Some(e) = failure {
            return Err(e);
        }
        if found.len() < 2 || cancel.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let q = found.pop().expect("two primes");
        let p = found.pop().expect("two primes");
        Ok(Some([p, q]))
    })
}

/// A wrapping key pair for the practice KMS: SM2 when the offer's scheme is SM2PKE, else RSA of
/// `bits` (searched on threads like any RSA key).
pub fn practice_wrapping_key(
    offer: &crate::core::catalog::Offer,
    bits: usize,
) -> Result<crate::core::practice::WrappingPrivate> {
    use crate::core::catalog::{Curve, WrappingKeyType};
    let what = "practice KMS";
    let key = match offer.scheme.wrapping_key_type() {
        WrappingKeyType::Sm2 => crate::core::generate::generate_ec(Curve::Sm2)?,
        WrappingKeyType::Rsa => generate_rsa(bits, &AtomicBool::new(false))?
            .ok_or_else(|| Error::runtime(what, "key generation was cancelled"))?,
    };
    crate::core::practice::WrappingPrivate::from_pkcs8_der(key.pkcs8_der.expose())
        .map_err(|e| Error::runtime(what, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::input::private_key::KeyKind;

    #[test]
    fn a_2048_bit_key_and_cancel() {
        let k = generate_rsa(2048, &AtomicBool::new(false))
            .unwrap()
            .unwrap();
        assert_eq!(k.kind, KeyKind::Rsa { bits: 2048 });
        assert!(generate_rsa(2048, &AtomicBool::new(true))
            .unwrap()
            .is_none());
    }
}
