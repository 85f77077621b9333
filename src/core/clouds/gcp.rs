//! Google Cloud KMS. Sources: Cloud KMS "Importing a key version into Cloud KMS" and "Import
//! methods", and the REST reference for `cryptoKeyVersions.import` (`algorithm`, `importJob`,
//! `wrappedKey`).

use super::{file, Cloud, InstructionsInput, LayoutInput, PracticeIssue};
use crate::core::bundle::{BundleFile, Encoding, Role};
use crate::core::catalog::{
    offer, Algorithm as A, KeySpec, MaterialKind, OaepHash::Sha1, OaepHash::Sha256, Offer,
    Provider, ProviderInfo, Scheme,
};

pub struct Gcp;

// The provider's spelling is the CryptoKeyVersion algorithm family for each spec.
const SPECS: &[(KeySpec, &str)] = &[
    (KeySpec::Aes256, "GOOGLE_SYMMETRIC_ENCRYPTION"),
    (KeySpec::Hmac224, "HMAC_SHA224"),
    (KeySpec::Hmac256, "HMAC_SHA256"),
    (KeySpec::Hmac384, "HMAC_SHA384"),
    (KeySpec::Hmac512, "HMAC_SHA512"),
    (KeySpec::Rsa2048, "RSA_2048"),
    (KeySpec::Rsa3072, "RSA_3072"),
    (KeySpec::Rsa4096, "RSA_4096"),
    (KeySpec::EcP256, "EC_SIGN_P256_SHA256"),
    (KeySpec::EcP384, "EC_SIGN_P384_SHA384"),
    (KeySpec::EcP256k, "EC_SIGN_SECP256K1_SHA256"),
];

static INFO: ProviderInfo = ProviderInfo {
    provider: Provider::Gcp,
    id: "gcp",
    display_name: "Google Cloud KMS",
    // The import job's key: 3072 (default) or 4096, fixed by the import method's name.
    wrapping_key_bits: &[3072, 4096],
    token: None,
    spec_names: SPECS,
    algorithm_required: true,
    needs_kek_id: false,
};

/// The `gcloud kms keys versions import --algorithm` value for a spec (one common choice per spec;
/// the key's purpose decides, e.g. rsa-decrypt-oaep-3072-sha256 for an RSA decryption key).
pub fn gcp_algorithm(spec: KeySpec) -> &'static str {
    match spec {
        KeySpec::Aes256 => "google-symmetric-encryption",
        KeySpec::Hmac224 => "hmac-sha224",
        KeySpec::Hmac256 => "hmac-sha256",
        KeySpec::Hmac384 => "hmac-sha384",
        KeySpec::Hmac512 => "hmac-sha512",
        KeySpec::Rsa2048 => "rsa-sign-pkcs1-2048-sha256",
        KeySpec::Rsa3072 => "rsa-sign-pkcs1-3072-sha256",
        KeySpec::Rsa4096 => "rsa-sign-pkcs1-4096-sha256",
        KeySpec::EcP256 => "ec-sign-p256-sha256",
        KeySpec::EcP384 => "ec-sign-p384-sha384",
        KeySpec::EcP256k => "ec-sign-secp256k1-sha256",
        _ => "<algorithm>",
    }
}

/// `projects/P/locations/L/keyRings/R/cryptoKeys/K` → (P, L, R, K).
fn key_name_parts(name: &str) -> Option<(&str, &str, &str, &str)> {
    let parts: Vec<&str> = name.split('/').collect();
    (parts.len() == 8
        && parts[0] == "projects"
        && parts[2] == "locations"
        && parts[4] == "keyRings"
        && parts[6] == "cryptoKeys"
        && [1, 3, 5, 7].iter().all(|&i| !parts[i].is_empty()))
    .then(|| (parts[1], parts[3], parts[5], parts[7]))
}

impl Cloud for Gcp {
    fn info(&self) -> &'static ProviderInfo {
        &INFO
    }

    fn offers(&self, v: &mut Vec<Offer>) {
        let p = Provider::Gcp;
        // The four *_AES_256 methods carry anything; the two direct ones not RSA keys.
        for (s, _) in SPECS {
            let s = *s;
            let is_rsa = matches!(s.material(), MaterialKind::Rsa { .. });
            v.push(offer(
                p,
                s,
                A::GcpRsaOaep3072Sha256Aes256,
                Scheme::RsaAesKwpConcat(Sha256),
                true,
            ));
            v.push(offer(
                p,
                s,
                A::GcpRsaOaep4096Sha256Aes256,
                Scheme::RsaAesKwpConcat(Sha256),
                false,
            ));
            v.push(offer(
                p,
                s,
                A::GcpRsaOaep3072Sha1Aes256,
                Scheme::RsaAesKwpConcat(Sha1),
                false,
            ));
            v.push(offer(
                p,
                s,
                A::GcpRsaOaep4096Sha1Aes256,
                Scheme::RsaAesKwpConcat(Sha1),
                false,
            ));
            if !is_rsa {
                v.push(offer(
                    p,
                    s,
                    A::GcpRsaOaep3072Sha256,
                    Scheme::RsaOaep(Sha256),
                    false,
                ));
                v.push(offer(
                    p,
                    s,
                    A::GcpRsaOaep4096Sha256,
                    Scheme::RsaOaep(Sha256),
                    false,
                ));
            }
        }
    }

    fn material_files(&self, l: &LayoutInput) -> crate::core::error::Result<Vec<BundleFile>> {
        // Raw bytes for `gcloud kms keys versions import --wrapped-key-file`.
        Ok(vec![file(
            "wrapped-key.bin",
            Role::EncryptedKeyMaterial,
            Encoding::Binary,
            l.wrapped.key_material.clone(),
        )])
    }

    fn material_expiry(&self) -> super::ExpiryRule {
        super::ExpiryRule::Unsupported(
            "Cloud KMS has no expiry for imported key material; a key version stays until you schedule its destruction",
        )
    }

    fn request_body(&self, l: &LayoutInput) -> Option<(&'static str, serde_json::Value)> {
        // The REST cryptoKeyVersions.import body. The import job lives in the key's key ring: a
        // full CryptoKey name fills in its project, location and key ring; the job's own name is
        // the user's to fill in.
        let ring = l
            .key_id()
            .and_then(key_name_parts)
            .map(|(project, loc, ring, _)| {
                format!("projects/{project}/locations/{loc}/keyRings/{ring}")
            })
            .unwrap_or_else(|| {
                "projects/<project>/locations/<location>/keyRings/<key-ring>".into()
            });
        Some((
            "import-request.json",
            serde_json::json!({
                "algorithm": gcp_algorithm(l.req.offer.key_spec).to_ascii_uppercase().replace('-', "_"),
                "importJob": format!("{ring}/importJobs/<import-job>"),
                "wrappedKey": l.km_b64,
            }),
        ))
    }

    fn instructions(&self, i: &InstructionsInput) -> (Vec<String>, String) {
        let key_id = i.key_id();
        let km = i.key_material_file();
        let alg = i.req.offer.algorithm.name();
        // A full key name `projects/P/locations/L/keyRings/R/cryptoKeys/K` fills in the line.
        let parts: Vec<&str> = key_id.split('/').collect();
        let (loc, ring, key) = if parts.len() == 8
            && parts[0] == "projects"
            && parts[2] == "locations"
            && parts[4] == "keyRings"
            && parts[6] == "cryptoKeys"
        {
            (
                parts[3].to_owned(),
                parts[5].to_owned(),
                parts[7].to_owned(),
            )
        } else {
            (
                "<location>".into(),
                "<key-ring>".into(),
                if i.req.parameters.key_id.is_some() {
                    key_id.clone()
                } else {
                    "<key>".into()
                },
            )
        };
        let steps = vec![
            format!("Use the import job whose import method is {alg} and whose publicKey.pem you wrapped to (it expires 3 days after creation)."),
            format!("In the console open the key {key}, Import key version, choose that import job, and upload {km} as the wrapped key."),
        ];
        let cli = format!(
            "gcloud kms keys versions import --location {loc} --keyring {ring} --key {key} --import-job <import-job> --algorithm {} --wrapped-key-file {km}",
            gcp_algorithm(i.req.offer.key_spec)
        );
        (steps, cli)
    }

    fn practice_files(&self, p: &PracticeIssue) -> Result<Vec<(String, Vec<u8>)>, String> {
        // The import job's `publicKey.pem` (gcloud kms import-jobs describe … publicKey.pem).
        Ok(vec![("publicKey.pem".into(), p.pem.as_bytes().to_vec())])
    }

    fn practice_inputs(&self, _key_id: &str) -> (String, Option<String>) {
        ("publicKey.pem".into(), None)
    }
}
