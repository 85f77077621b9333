//! AWS KMS. Sources: AWS KMS Developer Guide, "Importing key material" (steps 2–4, the wrapping
//! algorithms table), and the API reference for GetParametersForImport and ImportKeyMaterial.

use super::{binary_material_files, Cloud, InstructionsInput, LayoutInput, PracticeIssue, Why};
use crate::core::bundle::BundleFile;
use crate::core::catalog::{
    offer, Algorithm as A, KeySpec as K, KeySpec, MaterialKind, OaepHash::Sha1, OaepHash::Sha256,
    Offer, Provider, ProviderInfo, Scheme, TokenEncoding,
};

pub struct Aws;

const SPECS: &[(KeySpec, &str)] = &[
    (KeySpec::Aes256, "SYMMETRIC_DEFAULT"),
    (KeySpec::Hmac224, "HMAC_224"),
    (KeySpec::Hmac256, "HMAC_256"),
    (KeySpec::Hmac384, "HMAC_384"),
    (KeySpec::Hmac512, "HMAC_512"),
    (KeySpec::Rsa2048, "RSA_2048"),
    (KeySpec::Rsa3072, "RSA_3072"),
    (KeySpec::Rsa4096, "RSA_4096"),
    (KeySpec::EcP256, "ECC_NIST_P256"),
    (KeySpec::EcP384, "ECC_NIST_P384"),
    (KeySpec::EcP521, "ECC_NIST_P521"),
    (KeySpec::EcP256k, "ECC_SECG_P256K1"),
    (KeySpec::Sm2, "SM2"),
];

static INFO: ProviderInfo = ProviderInfo {
    provider: Provider::Aws,
    id: "aws",
    display_name: "AWS KMS",
    wrapping_key_bits: &[2048, 3072, 4096],
    token: Some(TokenEncoding::Binary),
    spec_names: SPECS,
    algorithm_required: false,
    needs_kek_id: false,
};

impl Cloud for Aws {
    fn info(&self) -> &'static ProviderInfo {
        &INFO
    }

    /// ImportKeyMaterial's `KeyId` is "the key ID or key ARN of the KMS key" (API reference): a
    /// key id (a UUID, or `mrk-` and 32 hex digits for a multi-Region key) or
    /// `arn:<partition>:kms:<region>:<account>:key/<key id>`; an alias is not accepted.
    fn check_key_id(&self, id: &str) -> Result<(), (String, String)> {
        fn key_id(s: &str) -> bool {
            super::uuid_shaped(s, |c| c.is_ascii_hexdigit())
                || s.strip_prefix("mrk-")
                    .is_some_and(|h| h.len() == 32 && h.chars().all(|c| c.is_ascii_hexdigit()))
        }
        let arn_ok = |s: &str| {
            let parts: Vec<&str> = s.splitn(6, ':').collect();
            parts.len() == 6
                && parts[0] == "arn"
                && parts[1].starts_with("aws")
                && parts[2] == "kms"
                && !parts[3].is_empty()
                && parts[4].len() == 12
                && parts[4].chars().all(|c| c.is_ascii_digit())
                && parts[5].strip_prefix("key/").is_some_and(key_id)
        };
        if key_id(id) || arn_ok(id) {
            return Ok(());
        }
        if id.starts_with("alias/") || id.contains(":alias/") {
            return Err((
                "is an alias; ImportKeyMaterial takes the key id or key ARN".to_owned(),
                "give the key id (aws kms describe-key --key-id ALIAS shows it)".to_owned(),
            ));
        }
        Err((
            "is not an AWS KMS key id or key ARN".to_owned(),
            "give the key id (1234abcd-12ab-34cd-56ef-1234567890ab, or mrk-… for a multi-Region \
             key) or its ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID)"
                .to_owned(),
        ))
    }

    fn offers(&self, v: &mut Vec<Offer>) {
        let p = Provider::Aws;
        // Symmetric and HMAC: direct OAEP only (PKCS#1 v1.5 dropped 2023-10-10).
        for s in [K::Aes256, K::Hmac224, K::Hmac256, K::Hmac384, K::Hmac512] {
            v.push(offer(
                p,
                s,
                A::RsaesOaepSha256,
                Scheme::RsaOaep(Sha256),
                true,
            ));
            v.push(offer(p, s, A::RsaesOaepSha1, Scheme::RsaOaep(Sha1), false));
        }
        // Private keys: RSA_AES_KEY_WRAP_* (mandatory for RSA); EC may also go direct where it fits.
        for s in [
            K::Rsa2048,
            K::Rsa3072,
            K::Rsa4096,
            K::EcP256,
            K::EcP384,
            K::EcP521,
            K::EcP256k,
        ] {
            v.push(offer(
                p,
                s,
                A::RsaAesKeyWrapSha256,
                Scheme::RsaAesKwpConcat(Sha256),
                true,
            ));
            v.push(offer(
                p,
                s,
                A::RsaAesKeyWrapSha1,
                Scheme::RsaAesKwpConcat(Sha1),
                false,
            ));
            // China Regions: SM2PKE, the material encrypted directly to an SM2 wrapping key.
            v.push(offer(p, s, A::Sm2Pke, Scheme::Sm2Pke, false));
            if matches!(s.material(), MaterialKind::Ec { .. }) {
                v.push(offer(
                    p,
                    s,
                    A::RsaesOaepSha256,
                    Scheme::RsaOaep(Sha256),
                    false,
                ));
                v.push(offer(p, s, A::RsaesOaepSha1, Scheme::RsaOaep(Sha1), false));
            }
        }
        // SM2 keys (China Regions): SM2PKE only. The guide's table lists SM2PKE for RSA, ECC and
        // SM2 private keys and never for symmetric or HMAC keys ("Step 2: Download the wrapping
        // public key"); the SDK: "For SM2PKE wrapping algorithms, you encrypt your key material
        // directly with the SM2 public key".
        v.push(offer(p, K::Sm2, A::Sm2Pke, Scheme::Sm2Pke, true));
    }

    fn material_files(&self, l: &LayoutInput) -> crate::core::error::Result<Vec<BundleFile>> {
        Ok(binary_material_files(l))
    }

    fn token_file_name(&self) -> &'static str {
        "ImportToken.bin"
    }

    fn material_expiry(&self) -> super::ExpiryRule {
        // ImportKeyMaterial `ValidTo`: "must be a future date" and at most 365 days ahead.
        super::ExpiryRule::Until {
            max_ahead: Some(time::Duration::days(365)),
            max_unix: None,
        }
    }

    fn request_body(&self, l: &LayoutInput) -> Option<(&'static str, serde_json::Value)> {
        let (id, token) = (l.key_id()?, l.token_b64?);
        Some((
            "import-key-material.json",
            match l.expires_unix() {
                // ValidTo: a timestamp (Unix seconds in the JSON protocol).
                Some(valid_to) => serde_json::json!({
                    "KeyId": id, "ImportToken": token, "EncryptedKeyMaterial": l.km_b64,
                    "ExpirationModel": "KEY_MATERIAL_EXPIRES", "ValidTo": valid_to
                }),
                None => serde_json::json!({
                    "KeyId": id, "ImportToken": token, "EncryptedKeyMaterial": l.km_b64,
                    "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"
                }),
            },
        ))
    }

    fn instructions(&self, i: &InstructionsInput) -> (Vec<String>, String) {
        let (key_id, km, token_file) = (i.key_id(), i.key_material_file(), i.token_file());
        let alg = i.req.offer.algorithm.name();
        let mut steps = vec![
            format!("In the AWS KMS console open the key {key_id}, Key material, Import key material (wrapping algorithm {alg})."),
            format!("Wrapped key material: upload {km}."),
            format!("Import token: upload {token_file}."),
            "Choose the expiration option and finish the import.".into(),
        ];
        if i.req.offer.scheme == Scheme::Sm2Pke {
            steps.insert(0, "SM2PKE exists only in the AWS China Regions (Beijing, Ningxia); the wrapping key and token must come from get-parameters-for-import with --wrapping-algorithm SM2PKE --wrapping-key-spec SM2.".into());
        }
        let cli = format!(
            "aws kms import-key-material --key-id {key_id} --encrypted-key-material fileb://{km} --import-token fileb://{token_file} {}",
            match i.expires() {
                Some(t) => format!("--expiration-model KEY_MATERIAL_EXPIRES --valid-to {t}"),
                None => "--expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE".into(),
            }
        );
        (steps, cli)
    }

    fn practice_files(&self, p: &PracticeIssue) -> Result<Vec<(String, Vec<u8>)>, String> {
        let id = p.key_id;
        Ok(vec![
            (format!("wrappingKey_{id}"), p.spki_der.to_vec()),
            (format!("importToken_{id}"), p.token.to_vec()),
        ])
    }

    fn practice_inputs(&self, id: &str) -> (String, Option<String>) {
        (
            format!("wrappingKey_{id}"),
            Some(format!("importToken_{id}")),
        )
    }

    fn rejection_words(&self, why: Why) -> &'static str {
        match why {
            Why::MissingToken => "ValidationException: ImportToken is required",
            Why::BadToken => "InvalidImportTokenException: the import token is not valid for this KMS key",
            Why::Expired => "ExpiredImportTokenException: the import token has expired",
            Why::BadCiphertext => "InvalidCiphertextException: the encrypted key material could not be decrypted",
            Why::BadMaterial => "IncorrectKeyMaterialException / ValidationException: the key material is not valid for this key spec",
        }
    }
}
