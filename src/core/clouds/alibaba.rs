//! Alibaba Cloud KMS. Sources: Alibaba Cloud "Import key material into a symmetric key" and
//! "…into an asymmetric key" (KMS user guide), and the ImportKeyMaterial API reference (`KeyId`,
//! `EncryptedKeyMaterial`, `ImportToken`, `KeyMaterialExpireUnix`).

use super::{base64_material_files, Cloud, InstructionsInput, LayoutInput, PracticeIssue};
use crate::core::bundle::BundleFile;
use crate::core::catalog::{
    offer, Algorithm as A, KeySpec as K, KeySpec, OaepHash::Sha1, OaepHash::Sha256, Offer,
    Provider, ProviderInfo, Scheme, TokenEncoding,
};
use crate::core::input::b64_encode;

pub struct Alibaba;

const SPECS: &[(KeySpec, &str)] = &[
    (KeySpec::Aes256, "Aliyun_AES_256"),
    (KeySpec::Aes128, "Aliyun_AES_128"),
    (KeySpec::Aes192, "Aliyun_AES_192"),
    (KeySpec::Sm4, "Aliyun_SM4"),
    (KeySpec::Rsa2048, "RSA_2048"),
    (KeySpec::Rsa3072, "RSA_3072"),
    (KeySpec::Rsa4096, "RSA_4096"),
    (KeySpec::EcP256, "EC_P256"),
    (KeySpec::EcP256k, "EC_P256K"),
];

static INFO: ProviderInfo = ProviderInfo {
    provider: Provider::Alibaba,
    id: "alibaba",
    display_name: "Alibaba Cloud KMS",
    wrapping_key_bits: &[2048],
    token: Some(TokenEncoding::Base64),
    spec_names: SPECS,
    algorithm_required: false,
    needs_kek_id: false,
};

impl Cloud for Alibaba {
    fn caveat(&self, spec: KeySpec) -> Option<(&'static str, &'static str)> {
        // Alibaba's key-spec table defines Aliyun_AES_128/192 (16/24 bytes) on hardware instances,
        // but its imported-material ("外部密钥") row lists only Aliyun_AES_256 and Aliyun_SM4.
        matches!(spec, KeySpec::Aes128 | KeySpec::Aes192).then_some((
            "caveat-alibaba-aes-128-192",
            "Alibaba defines Aliyun_AES_128/192 only on hardware (HSM) instances and its docs do not list them for imported material; the wrapping is the same direct OAEP as Aliyun_AES_256, but check in the console that your instance offers Import Key Material for this spec",
        ))
    }

    fn info(&self) -> &'static ProviderInfo {
        &INFO
    }

    fn offers(&self, v: &mut Vec<Offer>) {
        let p = Provider::Alibaba;
        // Symmetric: three direct algorithms, SHA-256 recommended; PKCS#1 v1.5 deprecated.
        for s in [K::Aes256, K::Sm4, K::Aes128, K::Aes192] {
            v.push(offer(
                p,
                s,
                A::RsaesOaepSha256,
                Scheme::RsaOaep(Sha256),
                true,
            ));
            v.push(offer(p, s, A::RsaesOaepSha1, Scheme::RsaOaep(Sha1), false));
            v.push(offer(p, s, A::RsaesPkcs1V15, Scheme::RsaPkcs1V15, false));
        }
        for s in [K::Rsa2048, K::Rsa3072, K::Rsa4096, K::EcP256, K::EcP256k] {
            v.push(offer(
                p,
                s,
                A::RsaesOaepSha256Aes256EcbPkcs7Pad,
                Scheme::RsaAesEcbConcat(Sha256),
                true,
            ));
        }
    }

    fn material_files(&self, l: &LayoutInput) -> crate::core::error::Result<Vec<BundleFile>> {
        // The guide: `openssl enc -e -base64 -A … -out EncryptedKeyMaterial_base64.txt`.
        Ok(base64_material_files(l))
    }

    fn request_body(&self, l: &LayoutInput) -> Option<(&'static str, serde_json::Value)> {
        let (id, t) = (l.key_id()?, l.token_b64?);
        Some((
            "import-key-material.json",
            serde_json::json!({
                "KeyId": id, "EncryptedKeyMaterial": l.km_b64, "ImportToken": t,
                "KeyMaterialExpireUnix": l.expires_unix().unwrap_or(0)
            }),
        ))
    }

    fn instructions(&self, i: &InstructionsInput) -> (Vec<String>, String) {
        let (key_id, km, token_file) = (i.key_id(), i.key_material_file(), i.token_file());
        let alg = i.req.offer.algorithm.name();
        let steps = vec![
            format!("In the KMS console open the key {key_id} and choose Import Key Material (wrapping algorithm {alg})."),
            format!("Wrapped key material: upload {km}."),
            format!("Import token: upload {token_file}."),
            "Set the expiration policy and click OK.".into(),
        ];
        let cli = format!(
            "aliyun kms ImportKeyMaterial --KeyId {key_id} --EncryptedKeyMaterial \"$(cat {km})\" --ImportToken \"$(cat {token_file})\" --KeyMaterialExpireUnix {}",
            i.expires_unix().unwrap_or(0)
        );
        (steps, cli)
    }

    fn practice_key_id(&self, r: &[u8; 16]) -> String {
        // Alibaba key ids look like `key-hzz62f1f2c9a6e7xxxx`; ours keep the prefix.
        format!("key-prc{}", &hex::encode(r)[..21])
    }

    fn practice_files(&self, p: &PracticeIssue) -> Result<Vec<(String, Vec<u8>)>, String> {
        let id = p.key_id;
        Ok(vec![
            (format!("publickey_{id}.pem"), p.pem.as_bytes().to_vec()),
            (format!("publickey_{id}.bin"), p.spki_der.to_vec()),
            (format!("token_{id}.txt"), b64_encode(p.token).into_bytes()),
        ])
    }

    fn practice_inputs(&self, id: &str) -> (String, Option<String>) {
        (
            format!("publickey_{id}.pem"),
            Some(format!("token_{id}.txt")),
        )
    }
}
