//! The upload bundle: `manifest.json`, the upload files named as the vendor names them, the
//! provider's ImportKeyMaterial request body and `README.txt`, built in a temporary folder beside
//! `--out` and renamed into place, so the bundle appears whole or not at all.

use crate::core::catalog::{KeySpec, Provider, Scheme, TokenEncoding};
use crate::core::error::{Error, Result};
use crate::core::input::b64_encode;
use crate::core::input::params::fmt_time;
use crate::core::request::{Material, WrapRequest};
use crate::core::wrap::Wrapped;
use serde::Serialize;
use sha2::{Digest as _, Sha256};
use std::path::Path;
use time::OffsetDateTime;

/// What a file in the bundle is for (contract role table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    EncryptedKeyMaterial,
    EncryptedPrivateKey,
    ImportToken,
    ApiRequest,
    Instructions,
    /// Azure only: the `.byok` file (instead of `encrypted_key_material`).
    Byok,
    /// The other rendering of `encrypted_key_material`: base64 text where the console takes
    /// binary, binary where it takes base64 text.
    EncryptedKeyMaterialBase64,
    EncryptedKeyMaterialBinary,
    /// Huawei: the base64 text of `encrypted_private_key` (the API's `encrypted_privatekey`).
    EncryptedPrivateKeyBase64,
}

impl Role {
    /// The console's words for the role (GUI export list).
    pub fn console_label(self) -> &'static str {
        match self {
            Role::EncryptedKeyMaterial => "Key material",
            Role::EncryptedPrivateKey => "Private key ciphertext",
            Role::ImportToken => "Import token",
            Role::ApiRequest => "API request body",
            Role::Instructions => "Instructions",
            Role::Byok => "BYOK file",
            Role::EncryptedKeyMaterialBase64 => "Key material (base64 text)",
            Role::EncryptedKeyMaterialBinary => "Key material (binary)",
            Role::EncryptedPrivateKeyBase64 => "Private key ciphertext (base64 text)",
        }
    }
}

/// How a file's bytes are encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    Binary,
    Base64,
    Json,
    Text,
}

/// One file of the bundle.
#[derive(Clone, Debug)]
pub struct BundleFile {
    pub name: String,
    /// `None` only for `manifest.json` itself; every other file has a role.
    pub role: Option<Role>,
    pub encoding: Encoding,
    pub bytes: Vec<u8>,
}

/// A complete bundle, in memory.
#[derive(Clone, Debug)]
pub struct Bundle {
    pub files: Vec<BundleFile>,
    /// The cloud CLI line, also inside README.txt.
    pub cli_line: String,
    /// The console steps, also inside README.txt.
    pub console_steps: Vec<String>,
}

#[derive(Serialize)]
struct ManifestFile<'a> {
    name: &'a str,
    role: Role,
    encoding: Encoding,
    sha256: String,
    size: usize,
}

#[derive(Serialize)]
struct CheckValue {
    construction: &'static str,
    value: String,
}

#[derive(Serialize)]
struct Manifest<'a> {
    tool: String,
    provider: &'static str,
    key_spec: &'static str,
    provider_key_spec: &'static str,
    algorithm: &'static str,
    key_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kek_id: Option<&'a str>,
    wrapping_key_sha256: String,
    /// "RSA" or "SM2".
    wrapping_key_type: &'static str,
    wrapping_key_bits: usize,
    import_token_expires: Option<String>,
    created: String,
    material: String,
    key_check_value: CheckValue,
    files: Vec<ManifestFile<'a>>,
}

fn sha256_hex(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

fn private_key_file_name(spec: KeySpec) -> &'static str {
    // Huawei's guide names the RSA one out_rsa_private_key.der (byok-formats §3).
    match spec {
        KeySpec::Rsa2048 | KeySpec::Rsa3072 | KeySpec::Rsa4096 => "out_rsa_private_key.der",
        _ => "out_ec_private_key.der",
    }
}

/// Lay out the wrapped material as the provider's upload files plus manifest and README.
pub fn build(req: &WrapRequest, wrapped: &Wrapped, now: OffsetDateTime) -> Result<Bundle> {
    let provider = req.offer.provider;
    let spec = req.offer.key_spec;
    let key_id = req.parameters.key_id.as_deref();
    let token = req.parameters.token.as_deref();
    let km_b64 = b64_encode(&wrapped.key_material);
    let pk_b64 = wrapped.private_key_ciphertext.as_deref().map(b64_encode);
    let json_err = |e: serde_json::Error| Error::runtime("bundle", e.to_string());
    let mut files = Vec::new();

    let file = |name: &str, role: Option<Role>, encoding: Encoding, bytes: Vec<u8>| BundleFile {
        name: name.to_owned(),
        role,
        encoding,
        bytes,
    };
    // 1. The wrapped key material, as the console takes it, plus the other rendering.
    match provider {
        Provider::Alibaba | Provider::Tencent => {
            // Alibaba's guide: `openssl enc -e -base64 -A … -out EncryptedKeyMaterial_base64.txt`;
            // Tencent's console and API take the same base64 text.
            files.push(file(
                "EncryptedKeyMaterial_base64.txt",
                Some(Role::EncryptedKeyMaterial),
                Encoding::Base64,
                km_b64.clone().into_bytes(),
            ));
            files.push(file(
                "EncryptedKeyMaterial.bin",
                Some(Role::EncryptedKeyMaterialBinary),
                Encoding::Binary,
                wrapped.key_material.clone(),
            ));
        }
        Provider::Huawei | Provider::Aws | Provider::Oci => {
            files.push(file(
                "EncryptedKeyMaterial.bin",
                Some(Role::EncryptedKeyMaterial),
                Encoding::Binary,
                wrapped.key_material.clone(),
            ));
            files.push(file(
                "EncryptedKeyMaterial_base64.txt",
                Some(Role::EncryptedKeyMaterialBase64),
                Encoding::Base64,
                km_b64.clone().into_bytes(),
            ));
        }
        Provider::Gcp => {
            // Raw bytes for `gcloud kms keys versions import --wrapped-key-file` (§6).
            files.push(file(
                "wrapped-key.bin",
                Some(Role::EncryptedKeyMaterial),
                Encoding::Binary,
                wrapped.key_material.clone(),
            ));
        }
        Provider::Azure => {
            // The .byok JSON (byok-formats §7): ciphertext = base64url without padding (RFC 7515 §2).
            let kid = req
                .parameters
                .kek_id
                .clone()
                .ok_or_else(|| Error::input("--kek-id", "azure needs the KEK identifier"))?;
            let byok = serde_json::json!({
                "schema_version": "1.0.0",
                "header": { "kid": kid, "alg": "dir", "enc": "CKM_RSA_AES_KEY_WRAP" },
                "ciphertext": b64url_encode(&wrapped.key_material),
                "generator": format!("byok-wizard {}", env!("CARGO_PKG_VERSION")),
            });
            let mut text = serde_json::to_string_pretty(&byok).map_err(json_err)?;
            text.push('\n');
            files.push(file(
                "KeyTransferPackage.byok",
                Some(Role::Byok),
                Encoding::Json,
                text.into_bytes(),
            ));
        }
    }
    if let Some(pk) = &wrapped.private_key_ciphertext {
        let name = private_key_file_name(spec);
        files.push(file(
            name,
            Some(Role::EncryptedPrivateKey),
            Encoding::Binary,
            pk.clone(),
        ));
        let b64_name = name.replace(".der", "_base64.txt");
        files.push(file(
            &b64_name,
            Some(Role::EncryptedPrivateKeyBase64),
            Encoding::Base64,
            pk_b64.clone().unwrap_or_default().into_bytes(),
        ));
    }
    // 2. The import token, in the encoding the provider uploads.
    let token_name = match provider.info().token {
        Some(TokenEncoding::Binary) => "ImportToken.bin",
        _ if provider == Provider::Huawei => "ImportToken.b64",
        _ => "ImportToken.txt",
    };
    if let Some(t) = token {
        match provider.info().token {
            Some(TokenEncoding::Binary) => files.push(file(
                token_name,
                Some(Role::ImportToken),
                Encoding::Binary,
                t.to_vec(),
            )),
            Some(TokenEncoding::Base64) => files.push(file(
                token_name,
                Some(Role::ImportToken),
                Encoding::Base64,
                b64_encode(t).into_bytes(),
            )),
            None => {}
        }
    }
    // 3. The ImportKeyMaterial request body, fields spelled as the API spells them.
    let body = match (provider, key_id, token) {
        (Provider::Huawei, Some(id), Some(t)) => {
            let mut m = serde_json::Map::new();
            m.insert("key_id".into(), id.into());
            m.insert("import_token".into(), b64_encode(t).into());
            m.insert("encrypted_key_material".into(), km_b64.clone().into());
            if let Some(pk) = &pk_b64 {
                m.insert("encrypted_privatekey".into(), pk.clone().into());
            }
            Some(serde_json::Value::Object(m))
        }
        (Provider::Alibaba, Some(id), Some(t)) => Some(serde_json::json!({
            "KeyId": id, "EncryptedKeyMaterial": km_b64, "ImportToken": b64_encode(t), "KeyMaterialExpireUnix": 0
        })),
        (Provider::Aws, Some(id), Some(t)) => Some(serde_json::json!({
            "KeyId": id, "ImportToken": b64_encode(t), "EncryptedKeyMaterial": km_b64,
            "ExpirationModel": "KEY_MATERIAL_DOES_NOT_EXPIRE"
        })),
        (Provider::Tencent, Some(id), Some(t)) => Some(serde_json::json!({
            "KeyId": id, "EncryptedKeyMaterial": km_b64, "ImportToken": b64_encode(t), "ValidTo": 0
        })),
        // GCP REST cryptoKeyVersions.import body (§6); the import job's full name is the user's.
        (Provider::Gcp, _, _) => Some(serde_json::json!({
            "algorithm": gcp_algorithm(spec).to_ascii_uppercase().replace('-', "_"),
            "importJob": "projects/<project>/locations/<location>/keyRings/<key-ring>/importJobs/<import-job>",
            "wrappedKey": km_b64,
        })),
        // OCI WrappedImportKey, the `--wrapped-import-key file://key-material.json` (§9).
        (Provider::Oci, _, _) => Some(serde_json::json!({
            "keyMaterial": km_b64, "wrappingAlgorithm": req.offer.algorithm.name()
        })),
        _ => None,
    };
    let body_name = match provider {
        Provider::Oci => "key-material.json",
        Provider::Gcp => "import-request.json",
        _ => "import-key-material.json",
    };
    if let Some(body) = body {
        let mut text = serde_json::to_string_pretty(&body).map_err(json_err)?;
        text.push('\n');
        files.push(file(
            body_name,
            Some(Role::ApiRequest),
            Encoding::Json,
            text.into_bytes(),
        ));
    }
    // 4. README.txt: console steps and the cloud CLI line.
    let (console_steps, cli_line) = instructions(req, &files, token_name);
    let readme = readme_text(req, &console_steps, &cli_line, now);
    files.push(file(
        "README.txt",
        Some(Role::Instructions),
        Encoding::Text,
        readme.into_bytes(),
    ));
    // 5. The manifest lists every other file of the bundle (so a later `--force` may replace
    //    exactly these and nothing else).
    let (construction, value) = req.material.check_value(spec);
    let manifest = Manifest {
        tool: format!("byok-wizard {}", env!("CARGO_PKG_VERSION")),
        provider: provider.id(),
        key_spec: spec.common_name(),
        provider_key_spec: provider.spec_name(spec).unwrap_or(spec.common_name()),
        algorithm: req.offer.algorithm.name(),
        key_id,
        kek_id: req.parameters.kek_id.as_deref(),
        wrapping_key_sha256: req.parameters.params.wrapping_key.sha256_hex(),
        wrapping_key_type: req.parameters.params.wrapping_key.key_type().name(),
        wrapping_key_bits: req.parameters.params.wrapping_key.bits(),
        import_token_expires: req.parameters.params.expires.map(fmt_time),
        created: fmt_time(now),
        material: req.material.describe(spec),
        key_check_value: CheckValue {
            construction,
            value,
        },
        files: files
            .iter()
            .filter_map(|f| {
                f.role.map(|role| ManifestFile {
                    name: &f.name,
                    role,
                    encoding: f.encoding,
                    sha256: sha256_hex(&f.bytes),
                    size: f.bytes.len(),
                })
            })
            .collect(),
    };
    let mut manifest_text = serde_json::to_string_pretty(&manifest).map_err(json_err)?;
    manifest_text.push('\n');
    files.push(file(
        "manifest.json",
        None,
        Encoding::Json,
        manifest_text.into_bytes(),
    ));
    Ok(Bundle {
        files,
        cli_line,
        console_steps,
    })
}

/// Base64url without padding (RFC 4648 §5, as RFC 7515 §2 uses it).
fn b64url_encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

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

/// Azure `--kty` / `--curve-name` for a spec.
fn azure_key_type(spec: KeySpec) -> String {
    match spec.material() {
        crate::core::catalog::MaterialKind::Rsa { .. } => "--kty RSA-HSM".into(),
        crate::core::catalog::MaterialKind::Ec { curve } => {
            let name = match curve {
                crate::core::catalog::Curve::Secp256k1 => "P-256K",
                c => c.name(),
            };
            format!("--kty EC-HSM --curve-name {name}")
        }
        _ => "--kty oct-HSM".into(),
    }
}

fn instructions(
    req: &WrapRequest,
    files: &[BundleFile],
    token_name: &str,
) -> (Vec<String>, String) {
    let provider = req.offer.provider;
    let spec = req.offer.key_spec;
    let key_id = req
        .parameters
        .key_id
        .clone()
        .unwrap_or_else(|| "<key-id>".into());
    let km = files
        .iter()
        .find(|f| matches!(f.role, Some(Role::EncryptedKeyMaterial) | Some(Role::Byok)))
        .map(|f| f.name.clone())
        .unwrap_or_default();
    let pk = files
        .iter()
        .find(|f| f.role == Some(Role::EncryptedPrivateKey))
        .map(|f| f.name.clone());
    let has_token = req.parameters.token.is_some();
    let token_file = if has_token {
        token_name.to_owned()
    } else {
        "<the import token file from the console>".into()
    };
    let alg = req.offer.algorithm.name();
    match provider {
        Provider::Huawei => {
            let mut steps = vec![
                format!("In the KMS console open the key {key_id} and choose Import Key Material (wrapping algorithm {alg})."),
                format!("Key material: upload {km}."),
            ];
            if let Some(pk) = &pk {
                steps.push(format!("Private key ciphertext: upload {pk}."));
            }
            steps.push(if has_token {
                format!("Import token: paste the contents of {token_name} (or the console keeps it from the same dialog).")
            } else {
                "Import token: the console fills it in from the same dialog in which you downloaded the wrapping key.".into()
            });
            steps.push("Choose whether the key material expires, then click OK.".into());
            let endpoint =
                "https://kms.<region>.myhuaweicloud.com/v1.0/<project_id>/kms/import-key-material";
            let cli = if files.iter().any(|f| f.role == Some(Role::ApiRequest)) {
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
        Provider::Alibaba => {
            let steps = vec![
                format!("In the KMS console open the key {key_id} and choose Import Key Material (wrapping algorithm {alg})."),
                format!("Wrapped key material: upload {km}."),
                format!("Import token: upload {token_file}."),
                "Set the expiration policy and click OK.".into(),
            ];
            let cli = format!(
                "aliyun kms ImportKeyMaterial --KeyId {key_id} --EncryptedKeyMaterial \"$(cat {km})\" --ImportToken \"$(cat {token_file})\" --KeyMaterialExpireUnix 0"
            );
            (steps, cli)
        }
        Provider::Aws => {
            let mut steps = vec![
                format!("In the AWS KMS console open the key {key_id}, Key material, Import key material (wrapping algorithm {alg})."),
                format!("Wrapped key material: upload {km}."),
                format!("Import token: upload {token_file}."),
                "Choose the expiration option and finish the import.".into(),
            ];
            if req.offer.scheme == Scheme::Sm2Pke {
                steps.insert(0, "SM2PKE exists only in the AWS China Regions (Beijing, Ningxia); the wrapping key and token must come from get-parameters-for-import with --wrapping-algorithm SM2PKE --wrapping-key-spec SM2.".into());
            }
            let cli = format!(
                "aws kms import-key-material --key-id {key_id} --encrypted-key-material fileb://{km} --import-token fileb://{token_file} --expiration-model KEY_MATERIAL_DOES_NOT_EXPIRE"
            );
            (steps, cli)
        }
        Provider::Tencent => {
            let steps = vec![
                format!("In the KMS console open the key {key_id} (origin EXTERNAL) and choose Import Key Material ({alg})."),
                format!("Encrypted key material: paste or upload {km}."),
                format!("Import token: paste or upload {token_file}."),
                "Set the validity period and confirm.".into(),
            ];
            let cli = format!(
                "tccli kms ImportKeyMaterial --KeyId {key_id} --EncryptedKeyMaterial \"$(cat {km})\" --ImportToken \"$(cat {token_file})\" --ValidTo 0"
            );
            (steps, cli)
        }
        Provider::Gcp => {
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
                    if req.parameters.key_id.is_some() {
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
                gcp_algorithm(spec)
            );
            (steps, cli)
        }
        Provider::Azure => {
            let kid = req.parameters.kek_id.clone().unwrap_or_default();
            let host = kid
                .trim_start_matches("https://")
                .split('/')
                .next()
                .unwrap_or("")
                .to_owned();
            let vault = host.split('.').next().unwrap_or("<vault>").to_owned();
            let target = if host.contains("managedhsm") {
                format!("--hsm-name {vault}")
            } else {
                format!("--vault-name {vault}")
            };
            let name = req
                .parameters
                .key_id
                .clone()
                .unwrap_or_else(|| "<new-key-name>".into());
            let steps = vec![
                format!("The .byok file {km} is bound to the KEK {kid}; import it into the same vault or HSM."),
                "Use the Azure CLI line below (the portal's Import also takes a .byok file: Keys, Generate/Import, Import, Upload).".into(),
            ];
            let cli = format!(
                "az keyvault key import {target} --name {name} --byok-file {km} {}",
                azure_key_type(spec)
            );
            (steps, cli)
        }
        Provider::Oci => {
            let shape = match spec.material() {
                crate::core::catalog::MaterialKind::Symmetric { len } => {
                    format!("{{\"algorithm\":\"AES\",\"length\":{len}}}")
                }
                crate::core::catalog::MaterialKind::Rsa { bits } => {
                    format!("{{\"algorithm\":\"RSA\",\"length\":{}}}", bits / 8)
                }
                _ => "{\"algorithm\":\"<alg>\",\"length\":<bytes>}".into(),
            };
            let steps = vec![
                format!("In the Vault console choose Create Key, Import External Key, wrapping algorithm {alg}."),
                format!("Upload {km} as the key material (or give key-material.json to the CLI)."),
            ];
            let cli = format!(
                "oci kms management key import --compartment-id <compartment-ocid> --display-name <name> --key-shape '{shape}' --protection-mode HSM --endpoint <vault-management-endpoint> --wrapped-import-key file://key-material.json"
            );
            (steps, cli)
        }
    }
}

fn readme_text(req: &WrapRequest, steps: &[String], cli: &str, now: OffsetDateTime) -> String {
    let p = &req.parameters;
    let mut s = String::new();
    s.push_str(&format!(
        "byok-wizard {} — key material wrapped for {}\n\n",
        env!("CARGO_PKG_VERSION"),
        req.offer.provider.info().display_name
    ));
    if let Some(c) = crate::core::catalog::caveat(req.offer.provider, req.offer.key_spec) {
        s.push_str(&format!("CAUTION: {c}.\n\n"));
    }
    s.push_str(&format!(
        "Key spec:          {} ({})\n",
        req.offer.key_spec.common_name(),
        req.offer
            .provider
            .spec_name(req.offer.key_spec)
            .unwrap_or("")
    ));
    s.push_str(&format!(
        "Wrapping algorithm: {}\n",
        req.offer.algorithm.name()
    ));
    s.push_str(&format!(
        "Key id:            {}\n",
        p.key_id.as_deref().unwrap_or("(not given)")
    ));
    s.push_str(&format!(
        "Wrapping key:      {} SHA-256 {}\n",
        p.params.wrapping_key.describe(),
        p.params.wrapping_key.sha256_hex()
    ));
    if let Some(exp) = p.params.expires {
        s.push_str(&format!(
            "Token expires:     {} (import before then)\n",
            fmt_time(exp)
        ));
    }
    s.push_str(&format!("Created:           {}\n\n", fmt_time(now)));
    s.push_str("Console steps:\n");
    for (i, step) in steps.iter().enumerate() {
        s.push_str(&format!("  {}. {step}\n", i + 1));
    }
    s.push_str("\nCommand line:\n  ");
    s.push_str(cli);
    s.push_str("\n\nNo file in this folder holds plaintext key material. The cloud never gives key\nmaterial back: keep your own copy (or the age backup) safe.\n");
    if let Material::PrivateKey(_) = req.material {
        s.push_str(
            "The private key travels as PKCS#8 DER, encrypted as listed in manifest.json.\n",
        );
    }
    s
}

// ---------------------------------------------------------------------------------------------
// Writing (the rules are `place`'s)

pub use crate::core::place::{write_backup, Overwrite, RunInput};

/// Write the bundle to `out` by [`place::write_dir`](crate::core::place::write_dir): `out` must be
/// missing, empty, or (with `--force`) an earlier bundle of ours, and hold none of `inputs`.
pub fn write(bundle: &Bundle, out: &Path, overwrite: Overwrite, inputs: &[RunInput]) -> Result<()> {
    let files: Vec<(&str, &[u8], u32)> = bundle
        .files
        .iter()
        .map(|f| (f.name.as_str(), f.bytes.as_slice(), 0o644))
        .collect();
    crate::core::place::write_dir(&files, out, overwrite, inputs)
}
