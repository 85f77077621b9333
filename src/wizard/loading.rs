//! Files the user gives (wrapping key, token, material): taking them in, checking them against
//! the cloud and key spec, and the problems shown when they do not fit.

use super::*;

impl Wizard {
    pub(super) fn take_input(&mut self, role: FileRole, source: Source) {
        match role {
            FileRole::WrappingKey => {
                self.wrapping_source = Some(source);
                self.recheck_parameters();
            }
            FileRole::ImportToken => {
                self.token_source = Some(source);
                self.recheck_parameters();
            }
            FileRole::KeyMaterial => {
                self.clear_material();
                self.load_material(source);
            }
            FileRole::Component => self.add_component(source),
            FileRole::Backup
            | FileRole::ExportFolder
            | FileRole::BatchPlan
            | FileRole::BatchFolder
            | FileRole::CeremonyFolder => {}
        }
    }

    pub(super) fn input_failed(&mut self, role: FileRole, e: &Error) {
        let provider = self.inputs.provider;
        match role {
            FileRole::WrappingKey => {
                self.wrapping_source = None;
                self.recheck_parameters();
                self.wrapping_problem = Some(Problem::from_error(
                    ProblemContext::WrappingKey,
                    provider,
                    e,
                ));
            }
            FileRole::ImportToken => {
                self.token_source = None;
                self.recheck_parameters();
                self.token_problem = Some(Problem::from_error(
                    ProblemContext::ImportToken,
                    provider,
                    e,
                ));
            }
            FileRole::KeyMaterial | FileRole::Component => {
                if role == FileRole::KeyMaterial {
                    self.clear_material();
                }
                self.material_problem = Some(Problem::from_error(
                    ProblemContext::KeyMaterial,
                    provider,
                    e,
                ));
            }
            FileRole::Backup
            | FileRole::ExportFolder
            | FileRole::BatchPlan
            | FileRole::BatchFolder
            | FileRole::CeremonyFolder => {}
        }
    }

    /// Check the wrapping key, token and key id again (after any of them or the provider changed).
    pub(super) fn recheck_parameters(&mut self) {
        self.parameters = None;
        self.wrapping_problem = None;
        self.token_problem = None;
        self.kek_problem = None;
        self.expiry_problem = None;
        self.clear_output();
        let Some(wk) = &self.wrapping_source else {
            return;
        };
        let provider = self.inputs.provider;
        let now = self.now();
        let key_id = Some(self.inputs.key_id.trim()).filter(|s| !s.is_empty());
        let wk_subject = format!("Wrapping key {}", wk.name);
        let token_subject = self
            .token_source
            .as_ref()
            .map(|t| format!("Import token {}", t.name));
        let token = self
            .token_source
            .as_ref()
            .zip(token_subject.as_deref())
            .map(|(t, s)| (s, t.bytes.expose()));
        match request::load_parameters(provider, &wk_subject, wk.bytes.expose(), token, key_id, now)
        {
            Ok(p) => self.parameters = Some(p),
            Err(e) if e.about == Some(crate::core::error::Input::ImportToken) => {
                self.token_problem = Some(Problem::from_error(
                    ProblemContext::ImportToken,
                    provider,
                    &e,
                ));
                // Show what can be said about the wrapping key without the token.
                match request::load_parameters(
                    provider,
                    &wk_subject,
                    wk.bytes.expose(),
                    None,
                    key_id,
                    now,
                ) {
                    Ok(p) => self.parameters = Some(p),
                    Err(e) => {
                        self.wrapping_problem = Some(Problem::from_error(
                            ProblemContext::WrappingKey,
                            provider,
                            &e,
                        ))
                    }
                }
            }
            Err(e) => {
                self.wrapping_problem = Some(Problem::from_error(
                    ProblemContext::WrappingKey,
                    provider,
                    &e,
                ))
            }
        }
        // Azure: the KEK's identifier goes into the .byok file (nothing typed yet = a blocker).
        let kek = Some(self.inputs.kek_id.trim()).filter(|s| !s.is_empty());
        if provider.info().needs_kek_id && kek.is_some() {
            if let Some(p) = &mut self.parameters {
                match request::check_kek_id(provider, kek) {
                    Ok(k) => p.kek_id = k,
                    Err(e) => {
                        self.kek_problem = Some(Problem::from_error(
                            ProblemContext::WrappingKey,
                            provider,
                            &e,
                        ))
                    }
                }
            }
        }
        // When the cloud is to delete the material (a field only where the cloud has the setting).
        let expires = Some(self.inputs.material_expires.trim()).filter(|s| !s.is_empty());
        if self.material_expiry_offered() {
            if let Some(p) = &mut self.parameters {
                match request::check_material_expiry(provider, expires, now) {
                    Ok(t) => p.material_expires = t,
                    Err(e) => {
                        self.expiry_problem = Some(Problem::from_error(
                            ProblemContext::WrappingKey,
                            provider,
                            &e,
                        ))
                    }
                }
            }
        }
    }

    /// Parse loaded material on the spot (bounded work: at most 1 MiB, no key derivation). An
    /// encrypted key waits for its passphrase, which [`Wizard::unlock`] tries on the worker.
    pub(super) fn load_material(&mut self, source: Source) {
        self.material_problem = None;
        let Some(offer) = self.offer() else {
            return;
        };
        let subject = format!("Key material {}", source.name);
        let result = request::load_material(&offer, &subject, source.bytes.expose(), None);
        self.material_loaded(source, result);
    }

    /// Take one custodian's component: parse and check it, list it, and once the ceremony has
    /// enough, assemble the key (its bytes never shown; only its check value). A component that
    /// does not belong is refused and not kept; the field is emptied for the next custodian.
    pub(super) fn add_component(&mut self, source: Source) {
        use crate::core::ceremony;
        self.material_problem = None;
        let subject = format!("Component {}", source.name);
        let problem =
            |e: Error| Problem::from_error(ProblemContext::KeyMaterial, self.inputs.provider, &e);
        let text = match std::str::from_utf8(source.bytes.expose()) {
            Ok(t) => t,
            Err(_) => {
                let e = Error::input(subject, "is not a component file (not UTF-8 text)")
                    .hint("give the .component file ceremony split wrote for this custodian");
                self.material_problem = Some(problem(e));
                return;
            }
        };
        let c = match ceremony::parse_component(text) {
            Ok(c) => c,
            Err(why) => {
                let e = Error::input(subject, why)
                    .hint("give the .component file ceremony split wrote for this custodian");
                self.material_problem = Some(problem(e));
                return;
            }
        };
        if self.components.iter().any(|k| k.index == c.index) {
            let e = Error::input(
                subject,
                format!(
                    "custodian {} (index {}) was loaded already",
                    c.custodian, c.index
                ),
            )
            .hint("give the next custodian's component");
            self.material_problem = Some(problem(e));
            return;
        }
        self.inputs.component_path.clear();
        self.components.push(c);
        let spec = self.inputs.key_spec;
        let need = usize::from(self.components[0].scheme.needed());
        if self.components.len() < need {
            return;
        }
        match ceremony::assemble(&self.components, spec) {
            Ok(key) => {
                let Some(offer) = self.offer() else { return };
                let result = request::load_material(&offer, "assembled key", key.expose(), None);
                let ceremony = self.components[0].ceremony.clone();
                let custodians = self
                    .components
                    .iter()
                    .map(|c| c.custodian.clone())
                    .collect();
                match result {
                    Ok(m) => {
                        self.material = Some(LoadedMaterial {
                            material: m,
                            origin: Origin::Assembled {
                                ceremony,
                                custodians,
                            },
                        });
                        self.clear_output();
                    }
                    Err(e) => self.material_problem = Some(problem(e)),
                }
            }
            Err(e) => {
                // The component at fault is not kept; the others stay for the next try.
                let at = e.at.unwrap_or(self.components.len() - 1);
                let bad = self.components.remove(at.min(self.components.len() - 1));
                let err = Error::input(format!("Component of {}", bad.custodian), e.problem)
                    .hint("check that every component comes from this ceremony and this key spec");
                self.material_problem = Some(problem(err));
            }
        }
    }

    /// Start trying the typed passphrase on the worker.
    pub(super) fn unlock(&mut self) -> Effect {
        if self.unlocking.is_some() || self.inputs.material_passphrase.is_empty() {
            return Effect::None;
        }
        let (Some(src), Some(offer)) = (&self.encrypted_material, self.offer()) else {
            return Effect::None;
        };
        self.tickets += 1;
        self.unlocking = Some(self.tickets);
        self.material_problem = None;
        Effect::Unlock(Box::new(UnlockJob {
            ticket: self.tickets,
            offer,
            subject: format!("Key material {}", src.name),
            key: src.bytes.clone(),
            passphrase: secrecy::SecretString::from(self.inputs.material_passphrase.to_string()),
        }))
    }

    pub(super) fn material_loaded(&mut self, source: Source, result: Result<Material, Error>) {
        match result {
            Ok(m) => {
                self.material = Some(LoadedMaterial {
                    material: m,
                    origin: Origin::Loaded {
                        from: source.name.clone(),
                    },
                });
                self.encrypted_material = None;
                self.inputs.material_passphrase.zeroize();
                self.clear_output();
            }
            Err(e) if e.kind == Some(ErrorKind::NeedsPassphrase) => {
                self.encrypted_material = Some(source);
            }
            Err(e) => {
                if e.kind == Some(ErrorKind::WrongPassphrase) {
                    self.encrypted_material = Some(source);
                }
                self.material_problem = Some(Problem::from_error(
                    ProblemContext::KeyMaterial,
                    self.inputs.provider,
                    &e,
                ));
            }
        }
    }
}
