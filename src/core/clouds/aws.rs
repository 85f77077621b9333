//! AWS KMS. Sources: AWS KMS Developer Guide, "Importing key material" (steps 2–4; "Select a
//! wrapping algorithm": its table per kind of material, SM4 and SM2PKE in China Regions, and
//! "RSA_AES_KEY_WRAP_SHA_256 and RSA_AES_KEY_WRAP_SHA_1 are not supported in China Regions"), "Key
//! spec reference" (SYMMETRIC_DEFAULT is a 128-bit SM4 key in China Regions), and the API reference
//! for GetParametersForImport and ImportKeyMaterial (`ImportType`, `KeyMaterialDescription`,
//! `KeyMaterialId`: symmetric encryption keys only; multi-Region: NEW_KEY_MATERIAL into the
//! primary, then EXISTING_KEY_MATERIAL into each replica).

use super::{binary_material_files, Cloud, InstructionsInput, LayoutInput, PracticeIssue, Why};
use crate::core::bundle::BundleFile;
use crate::core::catalog::{
    offer, Algorithm as A, KeySpec as K, KeySpec, MaterialKind, OaepHash::Sha1, OaepHash::Sha256,
    Offer, Provider, ProviderInfo, Scheme, TokenEncoding,
};
use crate::core::error::Error;
use crate::core::request::{ImportOptions, ImportType};

pub struct Aws;

const SPECS: &[(KeySpec, &str)] = &[
    (KeySpec::Aes256, "SYMMETRIC_DEFAULT"),
    // China Regions: SYMMETRIC_DEFAULT is a 128-bit SM4 key (`--key-spec SM4`).
    (KeySpec::Sm4, "SYMMETRIC_DEFAULT"),
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

    fn caveat(&self, spec: KeySpec) -> Option<(&'static str, &'static str)> {
        (spec == K::Sm4).then_some((
            "caveat-aws-sm4",
            "China Regions only (Beijing, Ningxia): there SYMMETRIC_DEFAULT is a 128-bit SM4 key; everywhere else it is AES-256",
        ))
    }

    fn check_import_options(
        &self,
        offer: &Offer,
        key_id: Option<&str>,
        o: &ImportOptions,
    ) -> crate::core::error::Result<()> {
        super::refuse_options_of_others(
            self.info(),
            o,
            &[
                "--import-type",
                "--material-description",
                "--material-id",
                "--region",
            ],
        )?;
        let symmetric = matches!(offer.key_spec, K::Aes256 | K::Sm4);
        for (flag, set) in [
            ("--import-type", o.import_type.is_some()),
            ("--material-description", o.description.is_some()),
            ("--material-id", o.material_id.is_some()),
        ] {
            if set && !symmetric {
                return Err(Error::input(
                    flag,
                    format!(
                        "applies only to symmetric encryption keys (SYMMETRIC_DEFAULT), not {}",
                        offer.key_spec.common_name()
                    ),
                )
                .hint(format!("leave out {flag}")));
            }
        }
        if let Some(d) = &o.description {
            let ok = d.chars().count() <= 256
                && !d.is_empty()
                && d.chars().all(|c| {
                    c.is_ascii_alphanumeric() || c.is_ascii_whitespace() || ":/_.-".contains(c)
                });
            if !ok {
                return Err(Error::input(
                    "--material-description",
                    "must be 1–256 characters of letters, digits, spaces and : / _ . -",
                )
                .hint("shorten it or leave out other characters"));
            }
        }
        if let Some(id) = &o.material_id {
            if id.len() != 64 || !id.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')) {
                return Err(Error::input(
                    "--material-id",
                    format!("'{id}' is not a key material id (64 lowercase hex digits)"),
                )
                .hint("copy it from aws kms list-key-rotations, or leave it out"));
            }
            if o.import_type == Some(ImportType::New) {
                return Err(Error::input(
                    "--material-id",
                    "names material the key already has; it cannot go with --import-type new",
                )
                .hint("use --import-type existing to re-import that material, or leave out --material-id"));
            }
        }
        let arn_partition = key_id
            .filter(|k| k.starts_with("arn:"))
            .and_then(|k| k.split(':').nth(1));
        let arn_region = key_id
            .filter(|k| k.starts_with("arn:"))
            .and_then(|k| k.split(':').nth(3));
        if let Some(r) = &o.region {
            let ok = r.split('-').count() >= 3
                && r.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !ok {
                return Err(
                    Error::input("--region", format!("'{r}' is not an AWS Region code"))
                        .hint("write it as the console shows it, e.g. eu-west-1 or cn-north-1"),
                );
            }
            if let Some(ar) = arn_region.filter(|ar| ar != r) {
                return Err(Error::input(
                    "--region",
                    format!("'{r}' differs from the Region in the key ARN ({ar})"),
                )
                .hint("leave out --region; the key ARN says where the key is"));
            }
        }
        let china = o.region.as_deref().is_some_and(|r| r.starts_with("cn-"))
            || arn_partition == Some("aws-cn")
            || offer.scheme == Scheme::Sm2Pke;
        let stated_elsewhere = o.region.is_some() || arn_partition.is_some();
        if china {
            if offer.key_spec == K::Aes256 {
                return Err(Error::input(
                    "--key-spec",
                    "in AWS China Regions SYMMETRIC_DEFAULT is a 128-bit SM4 key, not AES-256",
                )
                .hint("use --key-spec SM4 (16 bytes of material)"));
            }
            if matches!(offer.scheme, Scheme::RsaAesKwpConcat(_)) {
                return Err(Error::input(
                    "--algorithm",
                    format!(
                        "{} is not offered in AWS China Regions",
                        offer.algorithm.name()
                    ),
                )
                .hint("use --algorithm SM2PKE with an SM2 wrapping key (RSA and EC keys), or RSAES_OAEP_SHA_256 for an EC key"));
            }
        } else if offer.key_spec == K::Sm4 && stated_elsewhere {
            return Err(Error::input(
                "--key-spec",
                "SM4 is SYMMETRIC_DEFAULT only in AWS China Regions (cn-north-1, cn-northwest-1)",
            )
            .hint("use --key-spec AES_256 here, or give the China Region's key"));
        }
        Ok(())
    }

    fn offers(&self, v: &mut Vec<Offer>) {
        let p = Provider::Aws;
        // Symmetric and HMAC: direct OAEP only (PKCS#1 v1.5 dropped 2023-10-10). SM4 is China
        // Regions' SYMMETRIC_DEFAULT, wrapped like the AES key (the guide's table has no SM2PKE
        // for symmetric material).
        for s in [
            K::Aes256,
            K::Sm4,
            K::Hmac224,
            K::Hmac256,
            K::Hmac384,
            K::Hmac512,
        ] {
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
        let mut body = match l.expires_unix() {
            // ValidTo: a timestamp (Unix seconds in the JSON protocol).
            Some(valid_to) => serde_json::json!({
                "KeyId": id, "ImportToken": token, "EncryptedKeyMaterial": l.km_b64,
                "ExpirationModel": "KEY_MATERIAL_EXPIRES", "ValidTo": valid_to
            }),
            None => serde_json::json!({
                "KeyId": id, "ImportToken": token, "EncryptedKeyMaterial": l.km_b64,
                "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"
            }),
        };
        let o = l.import();
        if let Some(t) = o.import_type {
            body["ImportType"] = t.api_name().into();
        }
        if let Some(d) = &o.description {
            body["KeyMaterialDescription"] = d.as_str().into();
        }
        if let Some(m) = &o.material_id {
            body["KeyMaterialId"] = m.as_str().into();
        }
        Some(("import-key-material.json", body))
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
        let o = i.import();
        match o.import_type {
            Some(ImportType::New) => steps.insert(3, "Import type: new key material (a first import, a rotation to new material, or a multi-Region primary key).".into()),
            Some(ImportType::Existing) => steps.insert(3, "Import type: existing key material (the same material again, or a multi-Region replica key after its primary).".into()),
            None => {}
        }
        let mut cli = format!(
            "aws kms import-key-material --key-id {key_id} --encrypted-key-material fileb://{km} --import-token fileb://{token_file} {}",
            match i.expires() {
                Some(t) => format!("--expiration-model KEY_MATERIAL_EXPIRES --valid-to {t}"),
                None => "--expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE".into(),
            }
        );
        if let Some(t) = o.import_type {
            cli.push_str(&format!(" --import-type {}", t.api_name()));
        }
        if let Some(d) = &o.description {
            // Letters, digits, spaces and `:/_.-` only (checked): single quotes suffice.
            cli.push_str(&format!(" --key-material-description '{d}'"));
        }
        if let Some(m) = &o.material_id {
            cli.push_str(&format!(" --key-material-id {m}"));
        }
        if let Some(r) = &o.region {
            cli.push_str(&format!(" --region {r}"));
        }
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
