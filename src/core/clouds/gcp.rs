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

// The provider's spelling of each spec is its default key version algorithm (the first of its
// rows in KEY_ALGORITHMS).
const SPECS: &[(KeySpec, &str)] = &[
    (KeySpec::Aes256, "GOOGLE_SYMMETRIC_ENCRYPTION"),
    (KeySpec::Aes128, "AES_128_GCM"),
    (KeySpec::Hmac160, "HMAC_SHA1"),
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
    (KeySpec::Ed25519, "EC_SIGN_ED25519"),
];

/// Every key version algorithm (`CryptoKeyVersionAlgorithm`) whose material can be imported, by
/// the material it takes; the first row of a spec is its default. Sources: the REST reference's
/// `CryptoKeyVersionAlgorithm`, "Key purposes and algorithms", and "Formatting keys for import"
/// (symmetric encryption keys: 32 bytes, or 16 for raw encryption only; HMAC keys: the hash's
/// output length; asymmetric keys: PKCS#8 DER). Not here: EXTERNAL_SYMMETRIC_ENCRYPTION (Cloud
/// EKM, no material), the post-quantum algorithms (refused in the catalog with the reason), and
/// AES_256_KWP, whose import the pages do not describe.
pub const KEY_ALGORITHMS: &[(KeySpec, &str)] = &[
    (KeySpec::Aes256, "GOOGLE_SYMMETRIC_ENCRYPTION"),
    (KeySpec::Aes256, "AES_256_GCM"),
    (KeySpec::Aes256, "AES_256_CBC"),
    (KeySpec::Aes256, "AES_256_CTR"),
    (KeySpec::Aes128, "AES_128_GCM"),
    (KeySpec::Aes128, "AES_128_CBC"),
    (KeySpec::Aes128, "AES_128_CTR"),
    (KeySpec::Hmac160, "HMAC_SHA1"),
    (KeySpec::Hmac224, "HMAC_SHA224"),
    (KeySpec::Hmac256, "HMAC_SHA256"),
    (KeySpec::Hmac384, "HMAC_SHA384"),
    (KeySpec::Hmac512, "HMAC_SHA512"),
    (KeySpec::Rsa2048, "RSA_SIGN_PKCS1_2048_SHA256"),
    (KeySpec::Rsa2048, "RSA_SIGN_PSS_2048_SHA256"),
    (KeySpec::Rsa2048, "RSA_SIGN_RAW_PKCS1_2048"),
    (KeySpec::Rsa2048, "RSA_DECRYPT_OAEP_2048_SHA256"),
    (KeySpec::Rsa2048, "RSA_DECRYPT_OAEP_2048_SHA1"),
    (KeySpec::Rsa3072, "RSA_SIGN_PKCS1_3072_SHA256"),
    (KeySpec::Rsa3072, "RSA_SIGN_PSS_3072_SHA256"),
    (KeySpec::Rsa3072, "RSA_SIGN_RAW_PKCS1_3072"),
    (KeySpec::Rsa3072, "RSA_DECRYPT_OAEP_3072_SHA256"),
    (KeySpec::Rsa3072, "RSA_DECRYPT_OAEP_3072_SHA1"),
    (KeySpec::Rsa4096, "RSA_SIGN_PKCS1_4096_SHA256"),
    (KeySpec::Rsa4096, "RSA_SIGN_PKCS1_4096_SHA512"),
    (KeySpec::Rsa4096, "RSA_SIGN_PSS_4096_SHA256"),
    (KeySpec::Rsa4096, "RSA_SIGN_PSS_4096_SHA512"),
    (KeySpec::Rsa4096, "RSA_SIGN_RAW_PKCS1_4096"),
    (KeySpec::Rsa4096, "RSA_DECRYPT_OAEP_4096_SHA256"),
    (KeySpec::Rsa4096, "RSA_DECRYPT_OAEP_4096_SHA512"),
    (KeySpec::Rsa4096, "RSA_DECRYPT_OAEP_4096_SHA1"),
    (KeySpec::EcP256, "EC_SIGN_P256_SHA256"),
    (KeySpec::EcP384, "EC_SIGN_P384_SHA384"),
    (KeySpec::EcP256k, "EC_SIGN_SECP256K1_SHA256"),
    (KeySpec::Ed25519, "EC_SIGN_ED25519"),
];

/// The key version algorithms a spec's material can become, the default first.
pub fn key_algorithms(spec: KeySpec) -> impl Iterator<Item = &'static str> {
    KEY_ALGORITHMS
        .iter()
        .filter(move |(s, _)| *s == spec)
        .map(|(_, n)| *n)
}

/// The key version algorithm of an import: the one given (checked by `check_import_options`),
/// else the spec's default. API spelling, upper case.
pub fn key_algorithm(spec: KeySpec, given: Option<&str>) -> &'static str {
    let wanted = given.map(|g| g.trim().to_ascii_uppercase().replace('-', "_"));
    key_algorithms(spec)
        .find(|n| wanted.as_deref().is_none_or(|w| w == *n))
        .unwrap_or("<algorithm>")
}

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

/// The `gcloud kms keys versions import --algorithm` spelling (lower case, dashes).
fn gcloud_spelling(api: &str) -> String {
    api.to_ascii_lowercase().replace('_', "-")
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

    fn check_import_options(
        &self,
        offer: &Offer,
        _key_id: Option<&str>,
        o: &crate::core::request::ImportOptions,
    ) -> crate::core::error::Result<()> {
        super::refuse_options_of_others(self.info(), o, &["--key-algorithm"])?;
        let Some(given) = &o.key_algorithm else {
            return Ok(());
        };
        let wanted = given.trim().to_ascii_uppercase().replace('-', "_");
        let fits: Vec<&str> = key_algorithms(offer.key_spec).collect();
        if fits.contains(&wanted.as_str()) {
            return Ok(());
        }
        let problem = match KEY_ALGORITHMS.iter().find(|(_, n)| *n == wanted) {
            Some((spec, _)) => format!(
                "{wanted} takes {} material, not {}",
                spec.common_name(),
                offer.key_spec.common_name()
            ),
            None => format!(
                "'{given}' is not a Cloud KMS key version algorithm that takes imported material"
            ),
        };
        Err(
            crate::core::error::Error::input("--key-algorithm", problem).hint(format!(
            "for {} use one of: {} (the key's purpose decides; gcloud kms keys describe shows it)",
            offer.key_spec.common_name(),
            fits.join(", ")
        )),
        )
    }

    fn key_algorithms(&self, spec: KeySpec) -> Vec<&'static str> {
        key_algorithms(spec).collect()
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
                "algorithm": key_algorithm(l.req.offer.key_spec, l.import().key_algorithm.as_deref()),
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
        let given = i.import().key_algorithm.as_deref();
        let version_alg = key_algorithm(i.req.offer.key_spec, given);
        let others: Vec<&str> = key_algorithms(i.req.offer.key_spec)
            .filter(|n| *n != version_alg)
            .collect();
        let mut steps = vec![
            format!("Use the import job whose import method is {alg} and whose publicKey.pem you wrapped to (it expires 3 days after creation)."),
            format!("In the console open the key {key}, Import key version, choose that import job, and upload {km} as the wrapped key."),
        ];
        if given.is_none() && !others.is_empty() {
            steps.push(format!(
                "The new version's algorithm is {version_alg}, the usual one for {}; it must suit the key's purpose, so if the key is for another ({}), wrap again with --key-algorithm.",
                i.req.offer.key_spec.common_name(),
                others.join(", ")
            ));
        }
        let cli = format!(
            "gcloud kms keys versions import --location {loc} --keyring {ring} --key {key} --import-job <import-job> --algorithm {} --wrapped-key-file {km}",
            gcloud_spelling(key_algorithm(
                i.req.offer.key_spec,
                i.import().key_algorithm.as_deref()
            ))
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
