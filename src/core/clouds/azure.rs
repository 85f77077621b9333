//! Azure Key Vault / Managed HSM. Sources: Microsoft Learn "Bring your own key specification"
//! (the `.byok` JSON: `schema_version`, `header.kid`, `header.alg` "dir", `header.enc`
//! "CKM_RSA_AES_KEY_WRAP", `ciphertext` base64url) and the `az keyvault key import` reference.

use super::{file, Cloud, InstructionsInput, LayoutInput, PracticeIssue};
use crate::core::bundle::{BundleFile, Encoding, Role};
use crate::core::catalog::{
    offer, Algorithm as A, Curve, KeySpec, MaterialKind, OaepHash::Sha1, Offer, Provider,
    ProviderInfo, Scheme,
};
use crate::core::error::Error;

pub struct Azure;

// RSA-HSM and EC-HSM in Key Vault Premium / Managed HSM; oct-HSM (AES) in Managed HSM.
const SPECS: &[(KeySpec, &str)] = &[
    (KeySpec::Rsa2048, "RSA_2048"),
    (KeySpec::Rsa3072, "RSA_3072"),
    (KeySpec::Rsa4096, "RSA_4096"),
    (KeySpec::EcP256, "P-256"),
    (KeySpec::EcP384, "P-384"),
    (KeySpec::EcP521, "P-521"),
    (KeySpec::EcP256k, "P-256K"),
    (KeySpec::Aes128, "oct-HSM_128"),
    (KeySpec::Aes192, "oct-HSM_192"),
    (KeySpec::Aes256, "oct-HSM_256"),
];

static INFO: ProviderInfo = ProviderInfo {
    provider: Provider::Azure,
    id: "azure",
    display_name: "Azure Key Vault / Managed HSM",
    // KEK = RSA-HSM 2048/3072/4096 with key_ops [import].
    wrapping_key_bits: &[2048, 3072, 4096],
    token: None,
    spec_names: SPECS,
    algorithm_required: false,
    needs_kek_id: true,
};

/// Base64url without padding (RFC 4648 §5, as RFC 7515 §2 uses it).
fn b64url_encode(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// `az keyvault key import --kty` / `--curve` for a spec. azure-cli's keyvault module takes
/// `--kty` from {EC, RSA, oct} for a BYOK import and appends `-HSM` itself, and wants `--curve`
/// exactly when `--kty EC` (its `_params.py` `CLIKeyTypeForBYOKImport`, `KeyCurveName`, and
/// `_validators.py` `validate_key_import_type`). Microsoft's BYOK specification page prints
/// `--kty RSA-HSM` and `--curve-name`, which azure-cli rejects.
fn key_type(spec: KeySpec) -> String {
    match spec.material() {
        MaterialKind::Rsa { .. } => "--kty RSA".into(),
        MaterialKind::Ec { curve } => {
            let name = match curve {
                Curve::Secp256k1 => "P-256K",
                c => c.name(),
            };
            format!("--kty EC --curve {name}")
        }
        _ => "--kty oct".into(),
    }
}

impl Cloud for Azure {
    fn info(&self) -> &'static ProviderInfo {
        &INFO
    }

    fn offers(&self, v: &mut Vec<Offer>) {
        // One scheme, OAEP-SHA1(K) ‖ KWP(K, material), in a .byok file.
        for (s, _) in SPECS {
            v.push(offer(
                Provider::Azure,
                *s,
                A::AzureCkmRsaAesKeyWrap,
                Scheme::RsaAesKwpConcat(Sha1),
                true,
            ));
        }
    }

    /// Sources: Microsoft's "Bring your own key specification" (target key "RSA, EC, AES (Managed
    /// HSM only)") and "About keys" (vaults: oct-HSM in Premium, as a preview).
    fn caveat(&self, spec: KeySpec) -> Option<(&'static str, &'static str)> {
        matches!(spec.material(), MaterialKind::Symmetric { .. }).then_some((
            "caveat-azure-oct-hsm",
            "AES keys (oct-HSM) go into a Managed HSM: Microsoft's BYOK specification imports AES only there (a KEK at https://<hsm>.managedhsm.azure.net/…), and Key Vault vaults list oct-HSM only as a Premium preview, so a vault may refuse the key",
        ))
    }

    fn material_files(&self, l: &LayoutInput) -> crate::core::error::Result<Vec<BundleFile>> {
        // The .byok JSON: ciphertext = base64url without padding (RFC 7515 §2).
        let kid = l
            .req
            .parameters
            .kek_id
            .clone()
            .ok_or_else(|| Error::input("--kek-id", "azure needs the KEK identifier"))?;
        let byok = serde_json::json!({
            "schema_version": "1.0.0",
            "header": { "kid": kid, "alg": "dir", "enc": "CKM_RSA_AES_KEY_WRAP" },
            "ciphertext": b64url_encode(&l.wrapped.key_material),
            "generator": format!("byok-wizard {}", env!("CARGO_PKG_VERSION")),
        });
        let mut text = serde_json::to_string_pretty(&byok)
            .map_err(|e| Error::runtime("bundle", e.to_string()))?;
        text.push('\n');
        Ok(vec![file(
            "KeyTransferPackage.byok",
            Role::Byok,
            Encoding::Json,
            text.into_bytes(),
        )])
    }

    fn request_body(&self, _l: &LayoutInput) -> Option<(&'static str, serde_json::Value)> {
        None
    }

    fn instructions(&self, i: &InstructionsInput) -> (Vec<String>, String) {
        let km = i.key_material_file();
        let kid = i.req.parameters.kek_id.clone().unwrap_or_default();
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
        let name = i
            .req
            .parameters
            .key_id
            .clone()
            .unwrap_or_else(|| "<new-key-name>".into());
        let steps = vec![
            format!("The .byok file {km} is bound to the KEK {kid}; import it into the same vault or HSM."),
            "Use the Azure CLI line below (the portal's Import also takes a .byok file: Keys, Generate/Import, Import, Upload).".into(),
        ];
        let mut cli = format!(
            "az keyvault key import {target} --name {name} --byok-file {km} {}",
            key_type(i.req.offer.key_spec)
        );
        // The key's `exp` attribute: Key Vault refuses to use the key after it.
        if let Some(t) = i.expires() {
            cli.push_str(&format!(" --expires {t}"));
        }
        (steps, cli)
    }

    fn practice_key_id(&self, r: &[u8; 16]) -> String {
        // Azure's identifier of interest is the KEK's kid.
        format!(
            "https://practice.vault.azure.net/keys/KEKforBYOK/{}",
            hex::encode(r)
        )
    }

    fn practice_files(&self, p: &PracticeIssue) -> Result<Vec<(String, Vec<u8>)>, String> {
        // `az keyvault key download` gives the KEK as PEM; its kid goes into the .byok header.
        Ok(vec![
            ("KEKforBYOK.publickey.pem".into(), p.pem.as_bytes().to_vec()),
            ("kek-id.txt".into(), format!("{}\n", p.key_id).into_bytes()),
        ])
    }

    fn practice_inputs(&self, _key_id: &str) -> (String, Option<String>) {
        ("KEKforBYOK.publickey.pem".into(), None)
    }
}
