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

/// RFC 4648 base32 in lower case without padding, the alphabet of OCIDs' unique part.
fn base32_lower(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut out = String::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((acc >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((acc << (5 - bits)) & 31) as usize] as char);
    }
    out
}

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

    /// An OCID: `ocid1.<resource type>.<realm>.[region][.future use].<unique id>` (OCI
    /// Documentation, "Resource Identifiers"); a key's resource type is `key`.
    fn check_key_id(&self, id: &str) -> Result<(), (String, String)> {
        let parts: Vec<&str> = id.split('.').collect();
        let charset = id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-');
        if parts.len() >= 5
            && parts[0] == "ocid1"
            && parts[1] == "key"
            && !parts[2].is_empty()
            && !parts[parts.len() - 1].is_empty()
            && charset
        {
            return Ok(());
        }
        let problem = if parts.len() >= 2 && parts[0] == "ocid1" && parts[1] != "key" {
            format!("is the OCID of a {}, not of a key", parts[1])
        } else {
            "is not a key's OCID (ocid1.key.<realm>.<region>….<unique id>)".to_owned()
        };
        Err((
            problem,
            "copy the key's OCID from its details page, or oci kms management key list".to_owned(),
        ))
    }

    /// A key OCID in the commercial realm's Ashburn region, its vault part saying "practice".
    fn practice_key_id(&self, r: &[u8; 16]) -> String {
        format!("ocid1.key.oc1.iad.practice.{}", base32_lower(r))
    }

    fn practice_files(&self, p: &PracticeIssue) -> Result<Vec<(String, Vec<u8>)>, String> {
        // `oci kms management wrapping-key get` → publicKey (PEM).
        Ok(vec![("wrappingKey.pem".into(), p.pem.as_bytes().to_vec())])
    }

    fn practice_inputs(&self, _key_id: &str) -> (String, Option<String>) {
        ("wrappingKey.pem".into(), None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base32_matches_rfc_4648_test_vectors() {
        // RFC 4648 §10, lower-cased, without padding.
        assert_eq!(base32_lower(b""), "");
        assert_eq!(base32_lower(b"f"), "my");
        assert_eq!(base32_lower(b"fo"), "mzxq");
        assert_eq!(base32_lower(b"foo"), "mzxw6");
        assert_eq!(base32_lower(b"foob"), "mzxw6yq");
        assert_eq!(base32_lower(b"fooba"), "mzxw6ytb");
        assert_eq!(base32_lower(b"foobar"), "mzxw6ytboi");
    }

    #[test]
    fn practice_key_ids_are_key_ocids() {
        let id = Oci.practice_key_id(&[0xa5; 16]);
        assert!(id.starts_with("ocid1.key.oc1.iad.practice."), "{id}");
        assert_eq!(Oci.check_key_id(&id), Ok(()));
        assert!(Oci.check_key_id("my-key").is_err());
        assert!(Oci
            .check_key_id("ocid1.vault.oc1.iad.abc.def")
            .unwrap_err()
            .0
            .contains("of a vault"));
    }
}
