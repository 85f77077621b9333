//! Huawei Cloud KMS (DEW). Sources: Huawei Cloud "Importing Key Material" (KMS user guide) and
//! the API reference for `POST /v1.0/{project_id}/kms/get-parameters-for-import` and
//! `…/import-key-material` (fields `key_id`, `import_token`, `encrypted_key_material`,
//! `encrypted_privatekey`).

use super::{
    binary_material_files, json_text, Cloud, InstructionsInput, LayoutInput, PracticeIssue,
};
use crate::core::bundle::BundleFile;
use crate::core::catalog::{
    offer, Algorithm as A, KeySpec as K, KeySpec, OaepHash::Sha256, Offer, Provider, ProviderInfo,
    Scheme, TokenEncoding,
};
use crate::core::input::b64_encode;

pub struct Huawei;

const SPECS: &[(KeySpec, &str)] = &[
    (KeySpec::Aes256, "AES_256"),
    (KeySpec::Rsa2048, "RSA_2048"),
    (KeySpec::Rsa3072, "RSA_3072"),
    (KeySpec::Rsa4096, "RSA_4096"),
    (KeySpec::EcP256, "EC_P256"),
    (KeySpec::EcP384, "EC_P384"),
];

static INFO: ProviderInfo = ProviderInfo {
    provider: Provider::Huawei,
    id: "huawei",
    display_name: "Huawei Cloud KMS (DEW)",
    // "The returned public key type is RSA_2048 by default"; the API's pattern for
    // encrypted_key_material forces a 256-byte ciphertext.
    wrapping_key_bits: &[2048],
    token: Some(TokenEncoding::Base64),
    spec_names: SPECS,
    algorithm_required: false,
    needs_kek_id: false,
};

const ASYMMETRIC: [K; 5] = [K::Rsa2048, K::Rsa3072, K::Rsa4096, K::EcP256, K::EcP384];

impl Cloud for Huawei {
    fn info(&self) -> &'static ProviderInfo {
        &INFO
    }

    /// The API reference's `key_id`: 36 bytes matching
    /// `^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$` (lowercase).
    fn check_key_id(&self, id: &str) -> Result<(), (String, String)> {
        let lower = |c: char| c.is_ascii_digit() || c.is_ascii_lowercase();
        if super::uuid_shaped(id, lower) {
            return Ok(());
        }
        let hint = if super::uuid_shaped(id, |c| c.is_ascii_alphanumeric()) {
            "write it in lowercase, as the console shows it".to_owned()
        } else {
            "copy the key id from the key's details page (36 characters, e.g. \
             0d0466b0-e727-4d9c-b35d-f84bb474a37f)"
                .to_owned()
        };
        Err((
            "is not a Huawei key id (8-4-4-4-12 lowercase letters and digits)".to_owned(),
            hint,
        ))
    }

    fn offers(&self, v: &mut Vec<Offer>) {
        let p = Provider::Huawei;
        // Symmetric: direct OAEP-SHA256; asymmetric: a temporary AES key + RFC 5649, two uploads.
        v.push(offer(
            p,
            K::Aes256,
            A::RsaesOaepSha256,
            Scheme::RsaOaep(Sha256),
            true,
        ));
        for s in ASYMMETRIC {
            v.push(offer(
                p,
                s,
                A::RsaesOaepSha256,
                Scheme::RsaAesKwpSplit(Sha256),
                true,
            ));
        }
    }

    fn material_files(&self, l: &LayoutInput) -> crate::core::error::Result<Vec<BundleFile>> {
        Ok(binary_material_files(l))
    }

    fn private_key_file_name(&self, spec: KeySpec) -> &'static str {
        // Huawei's guide names the RSA one out_rsa_private_key.der.
        match spec {
            KeySpec::Rsa2048 | KeySpec::Rsa3072 | KeySpec::Rsa4096 => "out_rsa_private_key.der",
            _ => "out_ec_private_key.der",
        }
    }

    fn token_file_name(&self) -> &'static str {
        "ImportToken.b64"
    }

    fn request_body(&self, l: &LayoutInput) -> Option<(&'static str, serde_json::Value)> {
        let (id, t) = (l.key_id()?, l.token_b64?);
        let mut m = serde_json::Map::new();
        m.insert("key_id".into(), id.into());
        m.insert("import_token".into(), t.into());
        m.insert("encrypted_key_material".into(), l.km_b64.into());
        if let Some(pk) = l.pk_b64 {
            m.insert("encrypted_privatekey".into(), pk.into());
        }
        // Optional; epoch seconds; KMS deletes the material within 24 h after it.
        if let Some(t) = l.expires_unix() {
            m.insert("expiration_time".into(), t.into());
        }
        Some(("import-key-material.json", serde_json::Value::Object(m)))
    }

    fn instructions(&self, i: &InstructionsInput) -> (Vec<String>, String) {
        let key_id = i.key_id();
        let km = i.key_material_file();
        let pk = i.private_key_file();
        let alg = i.req.offer.algorithm.name();
        let mut steps = vec![
            format!("In the KMS console open the key {key_id} and choose Import Key Material (wrapping algorithm {alg})."),
            format!("Key material: upload {km}."),
        ];
        if let Some(pk) = &pk {
            steps.push(format!("Private key ciphertext: upload {pk}."));
        }
        steps.push(if i.has_token() {
            format!("Import token: paste the contents of {} (or the console keeps it from the same dialog).", i.token_name)
        } else {
            "Import token: the console fills it in from the same dialog in which you downloaded the wrapping key.".into()
        });
        steps.push(match i.expires() {
            Some(t) => format!("Choose that the key material expires, at {t}, then click OK."),
            None => "Choose whether the key material expires, then click OK.".into(),
        });
        steps.push("From the command line, use your region's KMS endpoint: https://kms.<region>.myhuaweicloud.com for most regions; regions on other domains have their own (e.g. eu-west-101: https://kms.eu-west-101.myhuaweicloud.eu), as Huawei Cloud's \"Regions and Endpoints\" page lists them.".into());
        let endpoint =
            "https://kms.<region>.myhuaweicloud.com/v1.0/<project_id>/kms/import-key-material";
        let cli = if i.has_request_body() {
            format!("curl -X POST \"{endpoint}\" -H \"X-Auth-Token: $TOKEN\" -H \"Content-Type: application/json\" -d @import-key-material.json")
        } else {
            // Without key id and token there is no request body; show the fields to send.
            let pk_field = pk
                .as_ref()
                .map(|p| {
                    format!(
                        ", \\\"encrypted_privatekey\\\": \\\"$(cat {})\\\"",
                        p.replace(".der", "_base64.txt")
                    )
                })
                .unwrap_or_default();
            format!(
                "curl -X POST \"{endpoint}\" -H \"X-Auth-Token: $TOKEN\" -H \"Content-Type: application/json\" -d \"{{\\\"key_id\\\": \\\"{key_id}\\\", \\\"import_token\\\": \\\"<import token>\\\", \\\"encrypted_key_material\\\": \\\"$(cat EncryptedKeyMaterial_base64.txt)\\\"{pk_field}}}\""
            )
        };
        (steps, cli)
    }

    fn practice_files(&self, p: &PracticeIssue) -> Result<Vec<(String, Vec<u8>)>, String> {
        // The get-parameters-for-import response, and the console's binary `wrappingKey_<keyid>`.
        let json = serde_json::json!({
            "key_id": p.key_id,
            "public_key": b64_encode(p.spki_der),
            "import_token": b64_encode(p.token),
            "expiration_time": p.expires_unix,
        });
        Ok(vec![
            ("get-parameters-for-import.json".into(), json_text(&json)?),
            (format!("wrappingKey_{}", p.key_id), p.spki_der.to_vec()),
        ])
    }

    fn practice_inputs(&self, _key_id: &str) -> (String, Option<String>) {
        ("get-parameters-for-import.json".into(), None)
    }
}
