//! The only way the state changes: [`Wizard::apply`], the page transitions, and what the
//! worker's answers do to the state.

use super::*;

impl Wizard {
    // ----------------------------------------------------------------------------------------
    // The only way the state changes

    /// Apply one action; the returned effect is for the app shell to perform.
    pub fn apply(&mut self, action: Action) -> Effect {
        match action {
            Action::Next => self.next(),
            Action::Back => {
                if self.can_go_back() {
                    if let Some(p) = self.step.previous() {
                        self.step = p;
                    }
                }
                Effect::None
            }
            Action::StartOver => {
                let prefs = self.prefs.clone();
                let clock = self.clock;
                // Dropping the old state wipes its secrets (SecretBytes and Inputs zeroize).
                *self = Wizard::new(prefs);
                self.clock = clock;
                Effect::Reset
            }
            Action::SetProvider(p) => {
                self.set_provider(p);
                Effect::None
            }
            Action::SetKeySpec(s) => {
                self.set_key_spec(s);
                Effect::None
            }
            Action::SetAlgorithm(a) => {
                self.set_algorithm(a);
                Effect::None
            }
            Action::SetKeyAlgorithm(a) => {
                self.set_key_algorithm(a);
                Effect::None
            }
            Action::SetText(field, value) => {
                self.set_text(field, value);
                Effect::None
            }
            Action::Browse(role) => Effect::PickFile {
                role,
                start_in: match role {
                    FileRole::ExportFolder => self
                        .prefs
                        .export_parent
                        .clone()
                        .or_else(|| self.prefs.input_folder.clone()),
                    _ => self.prefs.input_folder.clone(),
                },
                suggested_name: (role == FileRole::Backup).then(|| {
                    format!(
                        "{}-{}-key-material.age",
                        self.inputs.provider.id(),
                        self.inputs.key_spec.common_name().to_ascii_lowercase()
                    )
                }),
            },
            Action::OpenCeremony => {
                if !self.busy() && self.batch.is_none() && self.ceremony.is_none() {
                    self.ceremony = Some(CeremonyState::new());
                }
                Effect::None
            }
            Action::CloseCeremony => {
                if !matches!(
                    self.ceremony.as_ref().map(|c| &c.phase),
                    Some(CeremonyPhase::Splitting)
                ) {
                    self.ceremony = None;
                }
                Effect::None
            }
            Action::SplitCeremony => {
                if !self.can_split() {
                    return Effect::None;
                }
                let threshold_text = self.inputs.ceremony_threshold.trim().to_owned();
                let threshold = if threshold_text.is_empty() {
                    None
                } else {
                    match threshold_text.parse::<u8>() {
                        Ok(m) => Some(m),
                        Err(_) => {
                            if let Some(c) = self.ceremony.as_mut() {
                                c.problem = Some(
                                    Error::input(
                                        "M",
                                        format!("'{threshold_text}' is not a number"),
                                    )
                                    .hint("write how many custodians recover the key, or leave it empty for all"),
                                );
                            }
                            return Effect::None;
                        }
                    }
                };
                if let Some(c) = self.ceremony.as_mut() {
                    c.problem = None;
                    c.phase = CeremonyPhase::Splitting;
                }
                Effect::SplitCeremony {
                    key_spec: self.inputs.key_spec.common_name().to_owned(),
                    custodians: custodian_names(&self.inputs.ceremony_custodians),
                    threshold,
                    folder: PathBuf::from(self.inputs.ceremony_folder.trim()),
                }
            }
            Action::CeremonySplit(result) => {
                if let Some(c) = self
                    .ceremony
                    .as_mut()
                    .filter(|c| c.phase == CeremonyPhase::Splitting)
                {
                    c.split_finished(result);
                }
                Effect::None
            }
            Action::CustodianConfirmed => {
                if let Some(c) = self.ceremony.as_mut() {
                    c.confirmed();
                }
                Effect::None
            }
            Action::OpenCeremonyFolder => {
                let dir = self.inputs.ceremony_folder.trim();
                if dir.is_empty() {
                    Effect::None
                } else {
                    Effect::OpenFolder(PathBuf::from(dir))
                }
            }
            Action::OpenBatch => {
                if self.busy() || self.batch.is_some() {
                    return Effect::None;
                }
                self.batch = Some(BatchState::new());
                Effect::None
            }
            Action::CloseBatch => match self.batch.as_ref().map(|b| b.phase) {
                None => Effect::None,
                // A running batch is stopped first; the page closes when it has.
                Some(BatchPhase::Running | BatchPhase::Cancelling) => {
                    Effect::Then(vec![Action::CancelBatch])
                }
                Some(_) => {
                    self.batch = None;
                    Effect::DropBatch
                }
            },
            Action::CheckBatch => {
                if !self.can_check_batch() {
                    return Effect::None;
                }
                let plan = PathBuf::from(self.inputs.batch_plan.trim());
                let folder = PathBuf::from(self.inputs.batch_folder.trim());
                if let Some(b) = self.batch.as_mut() {
                    *b = BatchState::new();
                    b.phase = BatchPhase::Checking;
                }
                Effect::CheckBatch { plan, folder }
            }
            Action::BatchChecked(result) => {
                if let Some(b) = self
                    .batch
                    .as_mut()
                    .filter(|b| b.phase == BatchPhase::Checking)
                {
                    b.checked(result);
                }
                Effect::None
            }
            Action::RunBatch => {
                if !self.can_run_batch() {
                    return Effect::None;
                }
                if let Some(b) = self.batch.as_mut() {
                    b.phase = BatchPhase::Running;
                }
                Effect::RunBatch
            }
            Action::BatchRow(e) => {
                if let Some(b) = self.batch.as_mut() {
                    b.row_event(e);
                }
                Effect::None
            }
            Action::BatchFinished(result) => {
                if let Some(b) = self.batch.as_mut() {
                    b.finished(result);
                }
                Effect::None
            }
            Action::CancelBatch => match self.batch.as_mut() {
                Some(b) if b.phase == BatchPhase::Running => {
                    b.phase = BatchPhase::Cancelling;
                    b.cancelled = true;
                    Effect::CancelBatch
                }
                _ => Effect::None,
            },
            Action::OpenBatchFolder => match self.batch.as_ref().and_then(|b| b.folder.clone()) {
                Some(dir) => Effect::OpenFolder(dir),
                None => Effect::None,
            },
            Action::FileChosen(role, path) => {
                if role.is_read() {
                    self.inputs
                        .set_text(role.path_field(), path.display().to_string());
                    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                        self.prefs.input_folder = Some(dir.to_path_buf());
                    }
                    Effect::ReadFile { role, path }
                } else {
                    self.set_text(role.path_field(), path.display().to_string());
                    Effect::None
                }
            }
            Action::Load(role) => {
                let text = self.inputs.text(role.path_field()).trim().to_owned();
                if !role.is_read() || text.is_empty() {
                    return Effect::None;
                }
                self.last_read.insert(role, text.clone());
                Effect::ReadFile {
                    role,
                    path: PathBuf::from(text),
                }
            }
            Action::LeftPathField(role) => {
                // Leaving a path field reads what was typed, unless that file was just read.
                let text = self.inputs.text(role.path_field()).trim().to_owned();
                if self.last_read.get(&role) == Some(&text) {
                    return Effect::None;
                }
                self.apply(Action::Load(role))
            }
            Action::FileRead { role, path, result } => {
                self.last_read.insert(role, path.display().to_string());
                let name = InputName::Path(path.display().to_string());
                match result {
                    Ok(bytes) => self.take_input(role, Source { name, bytes }),
                    Err(e) => self.input_failed(role, &e),
                }
                Effect::None
            }
            Action::Paste(role) => {
                self.pending_paste = Some(role);
                Effect::RequestPaste
            }
            Action::Pasted(text) => {
                let role = match self.pending_paste.take() {
                    Some(r) => r,
                    None if self.step == Step::WrappingKey => FileRole::WrappingKey,
                    None => return Effect::None,
                };
                if role.is_read() {
                    self.inputs.set_text(role.path_field(), String::new());
                    let bytes = SecretBytes::from_slice(text.trim().as_bytes());
                    self.take_input(
                        role,
                        Source {
                            name: InputName::Pasted,
                            bytes,
                        },
                    );
                }
                let mut text = text;
                text.zeroize();
                Effect::None
            }
            Action::Unlock => self.unlock(),
            Action::Unlocked { ticket, result } => {
                if self.unlocking == Some(ticket) {
                    self.unlocking = None;
                    if let Some(src) = self.encrypted_material.take() {
                        self.material_loaded(src, result);
                    }
                }
                // Otherwise a cancelled or superseded answer: dropping it wipes the material.
                Effect::None
            }
            Action::SetMaterialMode(m) => {
                if self.inputs.material_mode != m && !self.busy() {
                    self.inputs.material_mode = m;
                    self.clear_material();
                    self.suggest_backup_path();
                }
                Effect::None
            }
            Action::SetKeepOwnCopy(b) => {
                self.inputs.keep_own_copy = b;
                self.suggest_backup_path();
                Effect::None
            }
            Action::Cancel if self.unlocking.is_some() => {
                self.unlocking = None;
                Effect::CancelUnlock
            }
            Action::Cancel => match self.work {
                Work::Running {
                    phase,
                    started,
                    cancelling: false,
                } if phase.can_cancel() => {
                    self.work = Work::Running {
                        phase,
                        started,
                        cancelling: true,
                    };
                    Effect::CancelWork
                }
                _ => Effect::None,
            },
            Action::WorkPhase(p) => {
                if let Work::Running {
                    started,
                    cancelling,
                    ..
                } = self.work
                {
                    self.work = Work::Running {
                        phase: p,
                        started,
                        cancelling,
                    };
                }
                Effect::None
            }
            Action::WorkFinished(result) => {
                self.work_finished(result);
                Effect::None
            }
            Action::ExportFolderNotEmpty(dir) => {
                if matches!(self.export, Export::Writing(_)) {
                    self.export = Export::Confirming(dir);
                }
                Effect::None
            }
            Action::ConfirmReplace => match (&self.export, &self.output) {
                (Export::Confirming(dir), Some(out)) => {
                    let effect = Effect::WriteBundle {
                        bundle: Box::new(out.bundle.clone()),
                        folder: dir.clone(),
                        replace: true,
                        inputs: self.input_paths(),
                    };
                    self.export = Export::Writing(dir.clone());
                    effect
                }
                _ => Effect::None,
            },
            Action::CancelReplace => {
                if let Export::Confirming(_) = self.export {
                    self.export = Export::NotWritten;
                }
                Effect::None
            }
            Action::ExportWritten(result) => {
                if !matches!(self.export, Export::Writing(_)) {
                    return Effect::None; // an answer nobody waits for any more
                }
                match result {
                    Ok(dir) => {
                        if let Some(parent) = dir.parent().filter(|d| !d.as_os_str().is_empty()) {
                            self.prefs.export_parent = Some(parent.to_path_buf());
                        }
                        self.export = Export::Written(dir);
                        self.export_problem = None;
                        self.practice.verdict = None;
                        // The bundle is written: the material is not needed any more. Dropping
                        // it wipes it; the pages keep only its facts (kind, check value).
                        self.material = None;
                        self.encrypted_material = None;
                    }
                    Err(e) => {
                        self.export = Export::NotWritten;
                        self.export_problem = Some(Problem::from_error(
                            ProblemContext::Export,
                            self.inputs.provider,
                            &e,
                        ));
                    }
                }
                Effect::None
            }
            Action::Copy(what) => match &self.output {
                Some(out) => Effect::CopyText(match what {
                    CopyWhat::ConsoleSteps => out
                        .bundle
                        .console_steps
                        .iter()
                        .enumerate()
                        .map(|(i, s)| format!("{}. {s}\n", i + 1))
                        .collect(),
                    CopyWhat::CliLine => out.bundle.cli_line_for_this_system().0,
                }),
                None => Effect::None,
            },
            Action::OpenFolder => match &self.export {
                Export::Written(dir) => Effect::OpenFolder(dir.clone()),
                _ => Effect::None,
            },
            Action::SetTheme(t) => {
                self.prefs.theme = t;
                Effect::ApplyTheme(t)
            }
            Action::SetLanguage(l) => {
                self.prefs.language = Some(l);
                Effect::None
            }
            Action::SetDocumentsFolder(d) => {
                self.prefs.documents_folder = d;
                Effect::None
            }
            Action::SetPractice(on) => {
                if !self.is_working() && !self.practice.issuing && self.practice.on != on {
                    self.practice = Practice {
                        on,
                        ..Practice::default()
                    };
                }
                Effect::None
            }
            Action::PracticeIssued(result) => self.practice_issued(result),
            Action::GradePractice => match (&self.practice.issued, &self.export) {
                (Some(p), Export::Written(dir)) if self.practice.on && !self.practice.grading => {
                    self.practice.grading = true;
                    self.practice.verdict = None;
                    self.practice.problem = None;
                    Effect::GradePractice {
                        state_dir: p.dir.clone(),
                        bundle_dir: dir.clone(),
                    }
                }
                _ => Effect::None,
            },
            Action::PracticeGraded(result) => {
                if self.practice.grading {
                    self.practice.grading = false;
                    match result {
                        Ok(v) => self.practice.verdict = Some(v),
                        Err(e) => {
                            self.practice.problem = Some(Problem::from_error(
                                ProblemContext::Export,
                                self.inputs.provider,
                                &e,
                            ))
                        }
                    }
                }
                Effect::None
            }
        }
    }

    /// The practice KMS issued parameters: load them into step 2 as if the user had given the
    /// files (the key id typed, the wrapping key and token files read), and go there.
    pub(super) fn practice_issued(&mut self, result: Result<PracticeParams, Error>) -> Effect {
        if !self.practice.issuing {
            return Effect::None; // a stale answer
        }
        self.practice.issuing = false;
        let p = match result {
            Ok(p) => p,
            Err(e) => {
                self.practice.problem = Some(Problem::from_error(
                    ProblemContext::Wrap,
                    self.inputs.provider,
                    &e,
                ));
                return Effect::None;
            }
        };
        if self.offer() != Some(p.offer) || self.step != Step::CloudAndKey {
            return Effect::None; // the choice changed meanwhile: Next issues again
        }
        let id = p.key_id.clone();
        let dir = p.dir.clone();
        let mut then = vec![
            // Forget the previous parameters first.
            Action::SetText(TextField::WrappingKeyPath, String::new()),
            Action::SetText(TextField::TokenPath, String::new()),
        ];
        let (wrapping, token) = crate::core::clouds::cloud(p.offer.provider).practice_inputs(&id);
        if p.offer.provider.info().needs_kek_id {
            then.push(Action::SetText(TextField::KekId, id.clone()));
        } else {
            then.push(Action::SetText(TextField::KeyId, id.clone()));
        }
        // Typed path + Load (not FileChosen): the temp folder does not become the remembered one.
        for (role, name) in [
            (FileRole::WrappingKey, Some(wrapping)),
            (FileRole::ImportToken, token),
        ] {
            if let Some(name) = name {
                then.push(Action::SetText(
                    role.path_field(),
                    dir.join(name).display().to_string(),
                ));
                then.push(Action::Load(role));
            }
        }
        self.practice.issued = Some(p);
        self.practice.verdict = None;
        self.practice.problem = None;
        self.step = Step::WrappingKey;
        Effect::Then(then)
    }

    /// Where the practice KMS keeps its state for the issued parameters.
    pub fn practice_state_file(&self) -> Option<PathBuf> {
        self.practice
            .issued
            .as_ref()
            .map(|p| p.dir.join(STATE_FILE))
    }

    pub(super) fn next(&mut self) -> Effect {
        if self.blocker().is_some() {
            return Effect::None;
        }
        match self.step {
            Step::CloudAndKey if self.practice.on => {
                let Some(offer) = self.offer() else {
                    return Effect::None;
                };
                if self
                    .practice
                    .issued
                    .as_ref()
                    .is_some_and(|p| p.offer == offer)
                {
                    self.step = Step::WrappingKey;
                    return Effect::None;
                }
                self.practice.issuing = true;
                self.practice.problem = None;
                Effect::IssuePractice(offer)
            }
            Step::CloudAndKey | Step::WrappingKey => {
                self.step = self.step.next().unwrap_or(self.step);
                if self.step == Step::KeyMaterial {
                    self.suggest_backup_path();
                }
                Effect::None
            }
            Step::KeyMaterial => {
                self.step = Step::Wrap;
                Effect::None
            }
            Step::Wrap => {
                if self.output.is_some() {
                    self.step = Step::Export;
                    self.suggest_export_folder();
                    return Effect::None;
                }
                match self.make_job() {
                    Some(job) => {
                        self.wrap_problem = None;
                        self.wrap_cancelled = false;
                        self.work = Work::Running {
                            phase: Phase::Checking,
                            started: Instant::now(),
                            cancelling: false,
                        };
                        Effect::StartWork(Box::new(job))
                    }
                    None => Effect::None,
                }
            }
            Step::Export if matches!(self.export, Export::Written(_)) => {
                self.apply(Action::StartOver)
            }
            Step::Export => {
                let folder = self.inputs.export_folder.trim();
                match (&self.output, &self.export) {
                    (Some(out), Export::NotWritten) if !folder.is_empty() => {
                        self.export_problem = None;
                        let folder = PathBuf::from(folder);
                        let effect = Effect::WriteBundle {
                            bundle: Box::new(out.bundle.clone()),
                            folder: folder.clone(),
                            replace: false,
                            inputs: self.input_paths(),
                        };
                        self.export = Export::Writing(folder);
                        effect
                    }
                    _ => Effect::None,
                }
            }
        }
    }

    /// The files this wrap was made from (and its backup): the export folder may not hold them.
    pub(super) fn input_paths(&self) -> Vec<(String, PathBuf)> {
        let mut out = Vec::new();
        let mut push = |name: &str, input: Option<&InputName>| {
            if let Some(InputName::Path(p)) = input {
                out.push((name.to_owned(), PathBuf::from(p)));
            }
        };
        push(
            "Wrapping key",
            self.wrapping_source.as_ref().map(|s| &s.name),
        );
        push("Import token", self.token_source.as_ref().map(|s| &s.name));
        if let Some(m) = &self.material {
            if let Origin::Loaded { from } = &m.origin {
                push("Key material", Some(from));
            }
        }
        let backup = self.output.as_ref().and_then(|o| o.backup.clone());
        if let Some(b) = backup {
            out.push(("Backup".to_owned(), b));
        }
        out
    }

    pub(super) fn make_job(&self) -> Option<Job> {
        let offer = self.offer()?;
        let mut parameters = self.parameters.clone()?;
        parameters.import.key_algorithm = self.inputs.key_algorithm.map(str::to_owned);
        let (material, backup) = match &self.material {
            Some(m) => (JobMaterial::Ready(m.material.clone()), None),
            None if self.inputs.material_mode == MaterialMode::Generate => {
                let backup = (!self.inputs.keep_own_copy).then(|| BackupPlan {
                    path: PathBuf::from(self.inputs.backup_path.trim()),
                    passphrase: secrecy::SecretString::from(self.inputs.backup_passphrase.clone()),
                });
                (JobMaterial::Generate, backup)
            }
            None => return None,
        };
        Some(Job {
            offer,
            parameters,
            material,
            backup,
            now: self.now(),
        })
    }

    pub(super) fn work_finished(&mut self, result: Result<Option<Box<WrapOutput>>, Error>) {
        if !self.is_working() {
            return; // a stale answer from a worker that was abandoned
        }
        self.work = Work::Idle;
        match result {
            Ok(Some(mut out)) => {
                if let Some(material) = out.generated_material.take() {
                    self.material = Some(LoadedMaterial {
                        material,
                        origin: Origin::Generated {
                            backup: out.backup.clone(),
                        },
                    });
                    // The backup is written: its passphrase is not needed any more.
                    self.inputs.backup_passphrase.zeroize();
                    self.inputs.backup_passphrase_repeat.zeroize();
                }
                self.output = Some(out);
            }
            Ok(None) => {
                self.wrap_cancelled = true;
            }
            Err(e) => {
                self.wrap_problem = Some(Problem::from_error(
                    ProblemContext::Wrap,
                    self.inputs.provider,
                    &e,
                ));
            }
        }
    }

    /// Where suggested backups and bundle folders go: beside the last export, else the user's
    /// documents folder; only a folder that exists (a backup's folder must).
    fn suggestion_parent(&self) -> Option<PathBuf> {
        self.prefs
            .export_parent
            .clone()
            .or_else(|| self.prefs.documents_folder.clone())
            .filter(|p| p.is_dir())
    }

    /// `byok-<cloud>-<key id, else key spec>-<YYYYMMDD-HHMM>`: the name this key's backup and
    /// bundle folder share, so they sit side by side.
    fn suggestion_base(&self) -> String {
        let now = self.now();
        // The last part of an ARN, OCID or resource name, in characters safe in a file name.
        let key_id: String = self
            .inputs
            .key_id
            .trim()
            .rsplit(['/', ':'])
            .next()
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .take(40)
            .collect();
        let key = if key_id.is_empty() {
            self.inputs.key_spec.common_name().to_ascii_lowercase()
        } else {
            key_id
        };
        format!(
            "byok-{}-{}-{:04}{:02}{:02}-{:02}{:02}",
            self.inputs.provider.id(),
            key,
            now.year(),
            u8::from(now.month()),
            now.day(),
            now.hour(),
            now.minute()
        )
    }

    /// The first of `parent/base+suffix`, `parent/base-2+suffix`, … that does not exist.
    fn free_name(parent: &std::path::Path, base: &str, suffix: &str) -> Option<PathBuf> {
        (1..100).find_map(|i| {
            let name = if i == 1 {
                format!("{base}{suffix}")
            } else {
                format!("{base}-{i}{suffix}")
            };
            let p = parent.join(name);
            std::fs::symlink_metadata(&p).is_err().then_some(p)
        })
    }

    /// With Generate and a backup wanted, an empty backup field gets a new file's name.
    pub(super) fn suggest_backup_path(&mut self) {
        if self.inputs.material_mode != MaterialMode::Generate
            || self.inputs.keep_own_copy
            || !self.inputs.backup_path.trim().is_empty()
        {
            return;
        }
        let Some(parent) = self.suggestion_parent() else {
            return;
        };
        if let Some(p) = Self::free_name(&parent, &self.suggestion_base(), "-backup.age") {
            self.inputs.backup_path = p.display().to_string();
        }
    }

    /// An empty export folder field gets a new folder's name: the backup's, without its ending,
    /// when the backup sits in the same place, so the two stay together.
    pub(super) fn suggest_export_folder(&mut self) {
        if !self.inputs.export_folder.trim().is_empty() {
            return;
        }
        let Some(parent) = self.suggestion_parent() else {
            return;
        };
        let backup = PathBuf::from(self.inputs.backup_path.trim());
        let paired = self
            .output
            .as_ref()
            .and_then(|o| o.backup.as_ref())
            .filter(|_| backup.parent() == Some(parent.as_path()))
            .and_then(|_| backup.file_name()?.to_str()?.strip_suffix("-backup.age"))
            .map(str::to_owned);
        let base = paired.unwrap_or_else(|| self.suggestion_base());
        if let Some(p) = Self::free_name(&parent, &base, "") {
            self.inputs.export_folder = p.display().to_string();
        }
    }
}
