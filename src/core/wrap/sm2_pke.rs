//! SM2 public-key encryption (GB/T 32918.4-2016 with SM3; no user ID — that belongs to signatures)
//! of the material itself, as the GM/T 0009-2012 DER structure
//! `SEQUENCE { XCoordinate INTEGER, YCoordinate INTEGER, HASH OCTET STRING (C3, 32 bytes),
//! CipherText OCTET STRING (C2) }`: AWS KMS `SM2PKE` (China Regions).
//!
//! Why DER and not raw C1‖C3‖C2: the AWS developer guide sends SM2 users to its
//! `SM2OfflineOperationHelper`, which takes Bouncy Castle's raw output and re-encodes it as
//! `DERSequence{ASN1Integer x, ASN1Integer y, DEROctetString C3, DEROctetString C2}` ("Convert the
//! raw ciphertext to the ASN.1 format before passing it to AWS KMS"), and notes that OpenSSL 1.1.1+
//! emits that format directly (awsdocs aws-kms-developer-guide, offline-operations /
//! importing-keys-encrypt-key-material). Tests decrypt our output with `openssl pkeyutl` and with
//! the Python `gmssl` package (after converting DER to its raw form).

use zeroize::Zeroizing;

/// Encrypt `material` to the SM2 public key; GM/T 0009 DER out. Randomness from the OS CSPRNG.
pub fn encrypt(key: &sm2::PublicKey, material: &[u8]) -> Result<Vec<u8>, String> {
    let mut rng = sm2::elliptic_curve::common::getrandom::SysRng;
    encrypt_with_rng(&mut rng, key, material)
}

/// [`encrypt`] with the caller's random source (the `rand_core` generation the `sm2` crate uses,
/// not `rand` 0.8's): the self-test replays a known k through it. `sm2` 0.14 draws k (GB/T 32918.4
/// step A1) as 32 bytes, big-endian, redrawn while ≥ n or zero, and draws nothing else unless the
/// KDF output t is all zero (step A5, then it starts again at A1).
pub fn encrypt_with_rng<R: sm2::elliptic_curve::rand_core::TryCryptoRng>(
    rng: &mut R,
    key: &sm2::PublicKey,
    material: &[u8],
) -> Result<Vec<u8>, String> {
    let ek = sm2::pke::EncryptingKey::new(*key);
    ek.encrypt_der(rng, material)
        .map_err(|e| format!("SM2 encryption failed ({e})"))
}

/// Decrypt a GM/T 0009 DER ciphertext with the SM2 private key (practice KMS and tests). The C3
/// hash is checked.
pub fn decrypt(key: &sm2::SecretKey, ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>, String> {
    let dk = sm2::pke::DecryptingKey::new(key.clone());
    dk.decrypt_der(ciphertext)
        .map(Zeroizing::new)
        .map_err(|e| format!("SM2 decryption failed ({e})"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trip_and_der_shape() {
        let sk = sm2::SecretKey::from_slice(&[7u8; 32]).unwrap();
        let pk = sk.public_key();
        let m = b"sixteen byte key";
        let ct = super::encrypt(&pk, m).unwrap();
        assert_eq!(ct[0], 0x30, "a DER SEQUENCE");
        assert_eq!(&*super::decrypt(&sk, &ct).unwrap(), m);
        let mut bad = ct.clone();
        let last = bad.len() - 1;
        bad[last] ^= 1;
        assert!(
            super::decrypt(&sk, &bad).is_err(),
            "C3 must catch a flipped C2 bit"
        );
    }
}
