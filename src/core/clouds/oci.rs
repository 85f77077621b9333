//! Oracle OCI Vault. Sources: OCI Documentation "Importing Keys and Key Versions" (wrapping
//! mechanisms RSA_OAEP_SHA256 and RSA_OAEP_AES_SHA256) and the CLI reference for
//! `oci kms management key import` (`--wrapped-import-key` {keyMaterial, wrappingAlgorithm}).

use super::{binary_material_files, Cloud, InstructionsInput, LayoutInput, PracticeIssue};
use crate::core::bundle::BundleFile;
use crate::core::catalog::{
    offer, Algorithm as A, KeySpec as K, KeySpec, MaterialKind, OaepHash::Sha256, Offer, Provider,
    ProviderInfo, Scheme,
};

pub struct Oci;

// AES 16/24/32 bytes and RSA 2048/3072/4096; ECDSA keys cannot be imported.
const SPECS: &[(KeySpec, &str)] = &[
    (KeySpec::Aes128, "AES_128"),
    (KeySpec::Aes192, "AES_192"),
    (KeySpec::Aes256, "AES_256"),
    (KeySpec::Rsa2048, "RSA_2048"),
    (KeySpec::Rsa3072, "RSA_3072"),
    (KeySpec::Rsa4096, "RSA_4096"),
];

static INFO: ProviderInfo = ProviderInfo {
    provider: Provider::Oci,
    id: "oci",
    display_name: "Oracle OCI Vault",
    // One RSA-4096 wrapping key per vault.
    wrapping_key_bits: &[4096],
    token: None,
    spec_names: SPECS,
    algorithm_required: false,
    needs_kek_id: false,
};

impl Cloud for Oci {
    fn info(&self) -> &'static ProviderInfo {
        &INFO
    }

    fn offers(&self, v: &mut Vec<Offer>) {
        let p = Provider::Oci;
        // Symmetric direct (recommended) or with a temporary AES key; RSA only with it.
        for s in [K::Aes128, K::Aes192, K::Aes256] {
            v.push(offer(
                p,
                s,
                A::OciRsaOaepSha256,
                Scheme::RsaOaep(Sha256),
                true,
            ));
            v.push(offer(
                p,
                s,
                A::OciRsaOaepAesSha256,
                Scheme::RsaAesKwpConcat(Sha256),
                false,
            ));
        }
        for s in [K::Rsa2048, K::Rsa3072, K::Rsa4096] {
            v.push(offer(
                p,
                s,
                A::OciRsaOaepAesSha256,
                Scheme::RsaAesKwpConcat(Sha256),
                true,
            ));
        }
    }

    fn material_files(&self, l: &LayoutInput) -> crate::core::error::Result<Vec<BundleFile>> {
        Ok(binary_material_files(l))
    }

    fn material_expiry(&self) -> super::ExpiryRule {
        super::ExpiryRule::Unsupported(
            "OCI Vault has no expiry for imported key material; schedule the key's deletion instead",
        )
    }

    fn request_body(&self, l: &LayoutInput) -> Option<(&'static str, serde_json::Value)> {
        // WrappedImportKey, the `--wrapped-import-key file://key-material.json`.
        Some((
            "key-material.json",
            serde_json::json!({
                "keyMaterial": l.km_b64, "wrappingAlgorithm": l.req.offer.algorithm.name()
            }),
        ))
    }

    fn instructions(&self, i: &InstructionsInput) -> (Vec<String>, String) {
        let km = i.key_material_file();
        let alg = i.req.offer.algorithm.name();
        let shape = match i.req.offer.key_spec.material() {
            MaterialKind::Symmetric { len } => {
                format!("{{\"algorithm\":\"AES\",\"length\":{len}}}")
            }
            MaterialKind::Rsa { bits } => {
                format!("{{\"algorithm\":\"RSA\",\"length\":{}}}", bits / 8)
            }
            _ => "{\"algorithm\":\"<alg>\",\"length\":<bytes>}".into(),
        };
        // With a key id this is a new version of that key (`key-version import`); without, a new
        // key (`key import`).
        let (steps, cli) = match &i.req.parameters.key_id {
            Some(id) => (
                vec![
                    format!("In the Vault console open the key {id}, Versions, Import Key Version, wrapping algorithm {alg}."),
                    format!("Upload {km} as the key material (or give key-material.json to the CLI)."),
                ],
                format!(
                    "oci kms management key-version import --key-id {id} --endpoint <vault-management-endpoint> --wrapped-import-key file://key-material.json"
                ),
            ),
            None => (
                vec![
                    format!("In the Vault console choose Create Key, Import External Key, wrapping algorithm {alg}."),
                    format!("Upload {km} as the key material (or give key-material.json to the CLI)."),
                ],
                format!(
                    "oci kms management key import --compartment-id <compartment-ocid> --display-name <name> --key-shape '{shape}' --protection-mode HSM --endpoint <vault-management-endpoint> --wrapped-import-key file://key-material.json"
                ),
            ),
        };
        (steps, cli)
    }

    fn practice_files(&self, p: &PracticeIssue) -> Result<Vec<(String, Vec<u8>)>, String> {
        // `oci kms management wrapping-key get` → publicKey (PEM).
        Ok(vec![("wrappingKey.pem".into(), p.pem.as_bytes().to_vec())])
    }

    fn practice_inputs(&self, _key_id: &str) -> (String, Option<String>) {
        ("wrappingKey.pem".into(), None)
    }
}
