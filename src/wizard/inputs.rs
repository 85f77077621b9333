//! The inputs exactly as the user typed or chose them. Parsed values live in `Wizard`; these are
//! only text and choices, so a half-typed path never breaks anything.

use super::action::{MaterialMode, TextField};
use crate::core::catalog::{Algorithm, KeySpec, Provider};
use zeroize::Zeroize as _;

/// The longest passphrase a secret field takes (characters).
pub const MAX_SECRET_CHARS: usize = 1024;

/// Text as typed, and choices as made. `Debug` shows only the lengths of secret fields.
#[derive(Clone)]
pub struct Inputs {
    pub provider: Provider,
    pub key_spec: KeySpec,
    pub algorithm: Algorithm,
    /// Google Cloud KMS: the key version algorithm chosen (`None` = the spec's default).
    pub key_algorithm: Option<&'static str>,
    pub key_id: String,
    pub kek_id: String,
    /// When the cloud is to delete the imported material (empty = never).
    pub material_expires: String,
    pub wrapping_key_path: String,
    pub token_path: String,
    pub material_mode: MaterialMode,
    pub material_path: String,
    pub component_path: String,
    /// The ceremony page: custodians, one per line; Shamir's M (empty = XOR); the folder.
    pub ceremony_custodians: String,
    pub ceremony_threshold: String,
    pub ceremony_folder: String,
    /// Secret.
    pub material_passphrase: String,
    pub backup_path: String,
    /// Secret.
    pub backup_passphrase: String,
    /// Secret.
    pub backup_passphrase_repeat: String,
    pub keep_own_copy: bool,
    pub export_folder: String,
    /// The Batch page: the plan file and the output folder, as typed.
    pub batch_plan: String,
    pub batch_folder: String,
}

impl Inputs {
    /// Fresh inputs for `provider`: its first key spec and that spec's recommended algorithm.
    pub fn for_provider(provider: Provider) -> Self {
        let key_spec = provider.key_specs().next().unwrap_or(KeySpec::Aes256);
        Inputs {
            provider,
            key_spec,
            algorithm: recommended_algorithm(provider, key_spec),
            key_algorithm: None,
            key_id: String::new(),
            kek_id: String::new(),
            material_expires: String::new(),
            wrapping_key_path: String::new(),
            token_path: String::new(),
            material_mode: MaterialMode::Generate,
            material_path: String::new(),
            component_path: String::new(),
            ceremony_custodians: String::new(),
            ceremony_threshold: String::new(),
            ceremony_folder: String::new(),
            material_passphrase: String::new(),
            backup_path: String::new(),
            backup_passphrase: String::new(),
            backup_passphrase_repeat: String::new(),
            keep_own_copy: false,
            export_folder: String::new(),
            batch_plan: String::new(),
            batch_folder: String::new(),
        }
    }

    /// The text of a field.
    pub fn text(&self, field: TextField) -> &str {
        match field {
            TextField::KeyId => &self.key_id,
            TextField::KekId => &self.kek_id,
            TextField::MaterialExpires => &self.material_expires,
            TextField::WrappingKeyPath => &self.wrapping_key_path,
            TextField::TokenPath => &self.token_path,
            TextField::MaterialPath => &self.material_path,
            TextField::ComponentPath => &self.component_path,
            TextField::CeremonyCustodians => &self.ceremony_custodians,
            TextField::CeremonyThreshold => &self.ceremony_threshold,
            TextField::CeremonyFolder => &self.ceremony_folder,
            TextField::MaterialPassphrase => &self.material_passphrase,
            TextField::BackupPath => &self.backup_path,
            TextField::BackupPassphrase => &self.backup_passphrase,
            TextField::BackupPassphraseRepeat => &self.backup_passphrase_repeat,
            TextField::ExportFolder => &self.export_folder,
            TextField::BatchPlan => &self.batch_plan,
            TextField::BatchFolder => &self.batch_folder,
        }
    }

    /// Replace a field's text; the old text of a secret field is wiped. A secret longer than
    /// [`MAX_SECRET_CHARS`] is cut there (in place: no copy is made).
    pub fn set_text(&mut self, field: TextField, mut value: String) {
        if field.is_secret() {
            if let Some((i, _)) = value.char_indices().nth(MAX_SECRET_CHARS) {
                // Overwrite the cut-off tail with NULs (same bytes, same capacity: no
                // reallocation), then cut it off.
                let tail_len = value.len() - i;
                value.truncate(i);
                value.extend(std::iter::repeat_n('\0', tail_len));
                value.truncate(i);
            }
        }
        let slot = match field {
            TextField::KeyId => &mut self.key_id,
            TextField::KekId => &mut self.kek_id,
            TextField::MaterialExpires => &mut self.material_expires,
            TextField::WrappingKeyPath => &mut self.wrapping_key_path,
            TextField::TokenPath => &mut self.token_path,
            TextField::MaterialPath => &mut self.material_path,
            TextField::ComponentPath => &mut self.component_path,
            TextField::CeremonyCustodians => &mut self.ceremony_custodians,
            TextField::CeremonyThreshold => &mut self.ceremony_threshold,
            TextField::CeremonyFolder => &mut self.ceremony_folder,
            TextField::MaterialPassphrase => &mut self.material_passphrase,
            TextField::BackupPath => &mut self.backup_path,
            TextField::BackupPassphrase => &mut self.backup_passphrase,
            TextField::BackupPassphraseRepeat => &mut self.backup_passphrase_repeat,
            TextField::ExportFolder => &mut self.export_folder,
            TextField::BatchPlan => &mut self.batch_plan,
            TextField::BatchFolder => &mut self.batch_folder,
        };
        slot.zeroize();
        *slot = value;
    }

    /// The capacity a secret field's text is given up front (4 bytes per char), so typing into it
    /// never reallocates and leaves no unwiped copy behind.
    pub const SECRET_CAPACITY: usize = MAX_SECRET_CHARS * 4;

    /// Wipe every secret field.
    pub fn wipe_secrets(&mut self) {
        self.material_passphrase.zeroize();
        self.backup_passphrase.zeroize();
        self.backup_passphrase_repeat.zeroize();
    }
}

impl std::fmt::Debug for Inputs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secret = |s: &str| format!("[REDACTED; {} chars]", s.chars().count());
        f.debug_struct("Inputs")
            .field("provider", &self.provider)
            .field("key_spec", &self.key_spec)
            .field("algorithm", &self.algorithm)
            .field("key_id", &self.key_id)
            .field("kek_id", &self.kek_id)
            .field("wrapping_key_path", &self.wrapping_key_path)
            .field("token_path", &self.token_path)
            .field("material_mode", &self.material_mode)
            .field("material_path", &self.material_path)
            .field("material_passphrase", &secret(&self.material_passphrase))
            .field("backup_path", &self.backup_path)
            .field("backup_passphrase", &secret(&self.backup_passphrase))
            .field(
                "backup_passphrase_repeat",
                &secret(&self.backup_passphrase_repeat),
            )
            .field("keep_own_copy", &self.keep_own_copy)
            .field("export_folder", &self.export_folder)
            .field("batch_plan", &self.batch_plan)
            .field("batch_folder", &self.batch_folder)
            .finish()
    }
}

impl Drop for Inputs {
    fn drop(&mut self) {
        self.wipe_secrets();
    }
}

/// The recommended algorithm for a provider and spec (the catalog has exactly one).
pub fn recommended_algorithm(provider: Provider, spec: KeySpec) -> Algorithm {
    provider
        .recommended(spec)
        .map(|o| o.algorithm)
        .unwrap_or(Algorithm::RsaesOaepSha256)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_passphrases() {
        let mut i = Inputs::for_provider(Provider::Aws);
        i.set_text(TextField::BackupPassphrase, "hunter2-hunter2".into());
        i.set_text(TextField::MaterialPassphrase, "swordfish".into());
        let d = format!("{i:?}");
        assert!(!d.contains("hunter2") && !d.contains("swordfish"), "{d}");
        assert!(d.contains("[REDACTED; 15 chars]"), "{d}");
    }
}
