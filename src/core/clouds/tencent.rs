//! Tencent Cloud KMS. Sources: Tencent Cloud KMS "External Key Import" guide and the API
//! reference for GetParametersForImport (`PublicKey`, `ImportToken`, `ParametersValidTo`) and
//! ImportKeyMaterial (`EncryptedKeyMaterial`, `ImportToken`, `KeyId`, `ValidTo`).

use super::{
    base64_material_files, json_text, Cloud, InstructionsInput, LayoutInput, PracticeIssue,
};
use crate::core::bundle::BundleFile;
use crate::core::catalog::{
    offer, Algorithm as A, KeySpec as K, KeySpec, OaepHash::Sha1, OaepHash::Sha256, Offer,
    Provider, ProviderInfo, Scheme, TokenEncoding,
};
use crate::core::input::b64_encode;

pub struct Tencent;

// Symmetric only; 256-bit material in FIPS regions. The 128-bit SM-region variant is not
// offered: which wrapping it takes there is not established.
const SPECS: &[(KeySpec, &str)] = &[(KeySpec::Aes256, "SYMMETRIC_DEFAULT")];

static INFO: ProviderInfo = ProviderInfo {
    provider: Provider::Tencent,
    id: "tencent",
    display_name: "Tencent Cloud KMS",
    wrapping_key_bits: &[2048],
    token: Some(TokenEncoding::Base64),
    spec_names: SPECS,
    algorithm_required: false,
    needs_kek_id: false,
};

impl Cloud for Tencent {
    fn info(&self) -> &'static ProviderInfo {
        &INFO
    }

    fn offers(&self, v: &mut Vec<Offer>) {
        let p = Provider::Tencent;
        // Three direct algorithms.
        v.push(offer(
            p,
            K::Aes256,
            A::RsaesOaepSha256,
            Scheme::RsaOaep(Sha256),
            true,
        ));
        v.push(offer(
            p,
            K::Aes256,
            A::RsaesOaepSha1,
            Scheme::RsaOaep(Sha1),
            false,
        ));
        v.push(offer(
            p,
            K::Aes256,
            A::RsaesPkcs1V15,
            Scheme::RsaPkcs1V15,
            false,
        ));
    }

    fn material_files(&self, l: &LayoutInput) -> crate::core::error::Result<Vec<BundleFile>> {
        // The console and the API take the base64 text.
        Ok(base64_material_files(l))
    }

    fn material_expiry(&self) -> super::ExpiryRule {
        // ImportKeyMaterial `ValidTo`: Unix seconds, 0 = never, at most 2147443200.
        super::ExpiryRule::Until {
            max_ahead: None,
            max_unix: Some(2_147_443_200),
        }
    }

    fn request_body(&self, l: &LayoutInput) -> Option<(&'static str, serde_json::Value)> {
        let (id, t) = (l.key_id()?, l.token_b64?);
        Some((
            "import-key-material.json",
            serde_json::json!({
                "KeyId": id, "EncryptedKeyMaterial": l.km_b64, "ImportToken": t,
                "ValidTo": l.expires_unix().unwrap_or(0)
            }),
        ))
    }

    fn instructions(&self, i: &InstructionsInput) -> (Vec<String>, String) {
        let (key_id, km, token_file) = (i.key_id(), i.key_material_file(), i.token_file());
        let alg = i.req.offer.algorithm.name();
        let steps = vec![
            format!("In the KMS console open the key {key_id} (origin EXTERNAL) and choose Import Key Material ({alg})."),
            format!("Encrypted key material: paste or upload {km}."),
            format!("Import token: paste or upload {token_file}."),
            "Set the validity period and confirm.".into(),
        ];
        let cli = format!(
            "tccli kms ImportKeyMaterial --KeyId {key_id} --EncryptedKeyMaterial \"$(cat {km})\" --ImportToken \"$(cat {token_file})\" --ValidTo {}",
            i.expires_unix().unwrap_or(0)
        );
        (steps, cli)
    }

    fn practice_files(&self, p: &PracticeIssue) -> Result<Vec<(String, Vec<u8>)>, String> {
        // The GetParametersForImport response: ParametersValidTo in Unix seconds.
        let json = serde_json::json!({
            "PublicKey": b64_encode(p.spki_der),
            "ImportToken": b64_encode(p.token),
            "ParametersValidTo": p.expires_unix,
        });
        Ok(vec![(
            format!("GetParametersForImport_{}.json", p.key_id),
            json_text(&json)?,
        )])
    }

    fn practice_inputs(&self, id: &str) -> (String, Option<String>) {
        (format!("GetParametersForImport_{id}.json"), None)
    }
}
