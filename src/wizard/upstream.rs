//! Upstream choices (cloud, key spec, algorithm, typed text) and what they clear downstream.

use super::*;

impl Wizard {
    // ----------------------------------------------------------------------------------------
    // Upstream choices and what depends on them

    pub(super) fn set_provider(&mut self, p: Provider) {
        if self.busy() || self.inputs.provider == p {
            return;
        }
        self.inputs.provider = p;
        self.prefs.provider = Some(p.id().to_owned());
        if p.spec_name(self.inputs.key_spec).is_none() {
            self.inputs.key_spec = p.key_specs().next().unwrap_or(KeySpec::Aes256);
            self.clear_material();
        }
        self.inputs.algorithm = recommended_algorithm(p, self.inputs.key_spec);
        self.inputs.key_algorithm = None;
        self.recheck_parameters();
    }

    pub(super) fn set_key_spec(&mut self, s: KeySpec) {
        if self.busy() || self.inputs.key_spec == s || self.inputs.provider.spec_name(s).is_none() {
            return;
        }
        self.inputs.key_spec = s;
        self.inputs.algorithm = recommended_algorithm(self.inputs.provider, s);
        self.inputs.key_algorithm = None;
        self.clear_material();
    }

    /// Google Cloud KMS: the key version's algorithm; the spec's default is kept as `None`.
    pub(super) fn set_key_algorithm(&mut self, a: &'static str) {
        let offered =
            crate::core::clouds::cloud(self.inputs.provider).key_algorithms(self.inputs.key_spec);
        if self.busy() || !offered.contains(&a) {
            return;
        }
        let chosen = (offered.first() != Some(&a)).then_some(a);
        if self.inputs.key_algorithm != chosen {
            self.inputs.key_algorithm = chosen;
            self.clear_output();
        }
    }

    pub(super) fn set_algorithm(&mut self, a: Algorithm) {
        if self.busy()
            || self.inputs.algorithm == a
            || self
                .inputs
                .provider
                .offer(self.inputs.key_spec, a)
                .is_none()
        {
            return;
        }
        self.inputs.algorithm = a;
        self.clear_output();
    }

    pub(super) fn set_text(&mut self, field: TextField, value: String) {
        if self.busy() {
            return;
        }
        let emptied = value.trim().is_empty();
        self.inputs.set_text(field, value);
        match field {
            TextField::KeyId | TextField::KekId | TextField::MaterialExpires => {
                self.recheck_parameters()
            }
            TextField::WrappingKeyPath if emptied => {
                self.wrapping_source = None;
                self.recheck_parameters();
            }
            TextField::TokenPath if emptied => {
                self.token_source = None;
                self.recheck_parameters();
            }
            TextField::MaterialPath if emptied => self.clear_material(),
            // A new passphrase: the old "wrong passphrase" no longer applies.
            TextField::MaterialPassphrase if self.encrypted_material.is_some() => {
                self.material_problem = None;
            }
            TextField::ExportFolder => {
                self.export = Export::NotWritten;
                self.export_problem = None;
            }
            _ => {}
        }
    }

    /// Output and export depend on everything upstream.
    pub(super) fn clear_output(&mut self) {
        self.output = None;
        self.wrap_problem = None;
        self.wrap_cancelled = false;
        self.export = Export::NotWritten;
        self.export_problem = None;
        self.practice.verdict = None;
    }

    pub(super) fn clear_material(&mut self) {
        self.material = None;
        self.components.clear();
        self.encrypted_material = None;
        // An unlock still running answers for material that is gone: its answer is dropped.
        self.unlocking = None;
        self.material_problem = None;
        self.inputs.material_passphrase.zeroize();
        self.clear_output();
    }
}
