//! The wizard's state machine: pure Rust, no egui, no file dialogs, no threads.
//!
//! The GUI draws from the read-only accessors and turns every user gesture into an [`Action`];
//! [`Wizard::apply`] is the only way the state changes, and it answers with an [`Effect`] that
//! the app shell performs (read a file, start the worker, write the bundle, …) and whose result
//! comes back as another `Action`. [`Wizard::blocker`] says why the primary button is disabled.
//!
//! Inputs as typed ([`Inputs`]) are kept apart from what was parsed from them (parameters,
//! material, the wrap output). Changing an upstream choice clears what was derived from it:
//! provider → parameters are checked again; key spec or material mode → material; anything →
//! the wrap output and the export.

mod action;
mod inputs;
mod job;
mod prefs;
mod problem;
mod step;

pub use action::{
    Action, CopyWhat, Effect, FileRole, MaterialMode, Phase, PracticeParams, TextField,
};
pub use inputs::{recommended_algorithm, Inputs, MAX_SECRET_CHARS};
pub use job::{BackupPlan, Job, JobMaterial, UnlockJob, WrapOutput};
pub use prefs::{Language, Prefs, ThemeChoice};
pub use problem::{
    gui_words, Blocker, Problem, ProblemContext, ProblemKind, WhatToDo, MIN_BACKUP_PASSPHRASE_CHARS,
};
pub use step::Step;

use crate::core::catalog::{Algorithm, KeySpec, Offer, Provider};
use crate::core::error::{Error, ErrorKind};
use crate::core::input::params::ParamsSource;
use crate::core::practice::{Verdict, STATE_FILE};
use crate::core::request::{self, Material, Parameters};
use crate::core::secret::SecretBytes;
use std::path::PathBuf;
use std::time::Instant;
use time::OffsetDateTime;
use zeroize::Zeroize as _;

/// Where input bytes came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputName {
    /// A file (its path as typed or chosen).
    Path(String),
    /// Text from the clipboard.
    Pasted,
}

impl std::fmt::Display for InputName {
    /// The English used in error details ("Wrapping key (pasted text): …"); the window words
    /// [`InputName::Pasted`] in its own language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputName::Path(p) => f.write_str(p),
            InputName::Pasted => f.write_str("(pasted text)"),
        }
    }
}

/// Bytes the user handed over, and where they came from (`Debug` shows only the length).
#[derive(Clone, Debug)]
pub struct Source {
    pub name: InputName,
    pub bytes: SecretBytes,
}

/// How the current material came to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Loaded from a file.
    Loaded { from: InputName },
    /// Generated here; the backup written then, if any.
    Generated { backup: Option<PathBuf> },
}

/// Key material ready to wrap.
#[derive(Clone, Debug)]
pub struct LoadedMaterial {
    pub material: Material,
    pub origin: Origin,
}

/// Where the import token in use came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenOrigin {
    /// The provider uses no import token.
    NotUsed(Provider),
    /// No token yet (load the file, or upload the console's token with the bundle).
    NotYet,
    /// Inside the parameters JSON; `file_matches`: a token file was given too and matches it.
    FromParameters {
        source: ParamsSource,
        file_matches: bool,
    },
    /// From the token file given (its name, when known).
    FromFile(Option<InputName>),
}

/// When the parameters expire, and how that is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expiry {
    Expired {
        at: OffsetDateTime,
        source: ParamsSource,
    },
    Expires {
        at: OffsetDateTime,
        /// Time left (positive).
        left: time::Duration,
        source: ParamsSource,
    },
    /// A bare key file carries no expiry (the console shows it).
    UnknownForKeyFile,
    /// The JSON does not state one.
    NotStated(ParamsSource),
}

/// The primary button of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Primary {
    Next,
    Wrap,
    Export,
}

/// The background work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Work {
    Idle,
    Running {
        phase: Phase,
        started: Instant,
        cancelling: bool,
    },
}

/// The export page's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Export {
    NotWritten,
    /// The folder is not empty: waiting for the user to confirm replacing it.
    Confirming(PathBuf),
    Written(PathBuf),
}

/// Practice mode's state: the practice KMS plays the cloud (issues parameters, grades the bundle).
#[derive(Clone, Debug, Default)]
pub struct Practice {
    /// The "Practice" switch.
    pub on: bool,
    /// What the practice KMS issued last (its folder holds the parameters and its state).
    pub issued: Option<PracticeParams>,
    /// Issuing or grading on the worker.
    pub issuing: bool,
    pub grading: bool,
    /// The verdict on the exported bundle.
    pub verdict: Option<Verdict>,
    /// Why issuing or grading failed.
    pub problem: Option<Problem>,
}

/// The whole wizard.
#[derive(Debug)]
pub struct Wizard {
    step: Step,
    inputs: Inputs,
    wrapping_source: Option<Source>,
    token_source: Option<Source>,
    parameters: Option<Parameters>,
    wrapping_problem: Option<Problem>,
    token_problem: Option<Problem>,
    kek_problem: Option<Problem>,
    /// An encrypted private key waiting for its passphrase.
    encrypted_material: Option<Source>,
    /// The ticket of the unlock running on the worker, if one is.
    unlocking: Option<u64>,
    /// The last ticket handed out.
    tickets: u64,
    material: Option<LoadedMaterial>,
    material_problem: Option<Problem>,
    work: Work,
    output: Option<Box<WrapOutput>>,
    wrap_problem: Option<Problem>,
    /// The last wrap was cancelled (nothing generated or written).
    wrap_cancelled: bool,
    export: Export,
    export_problem: Option<Problem>,
    prefs: Prefs,
    pending_paste: Option<FileRole>,
    practice: Practice,
    clock: fn() -> OffsetDateTime,
}

impl Default for Wizard {
    fn default() -> Self {
        Wizard::new(Prefs::default())
    }
}

impl Wizard {
    /// A fresh wizard; the provider comes from the preferences.
    pub fn new(prefs: Prefs) -> Self {
        let provider = prefs
            .provider
            .as_deref()
            .and_then(Provider::from_id)
            .unwrap_or(Provider::Huawei);
        Wizard {
            step: Step::CloudAndKey,
            inputs: Inputs::for_provider(provider),
            wrapping_source: None,
            token_source: None,
            parameters: None,
            wrapping_problem: None,
            token_problem: None,
            kek_problem: None,
            encrypted_material: None,
            unlocking: None,
            tickets: 0,
            material: None,
            material_problem: None,
            work: Work::Idle,
            output: None,
            wrap_problem: None,
            wrap_cancelled: false,
            export: Export::NotWritten,
            export_problem: None,
            prefs,
            pending_paste: None,
            practice: Practice::default(),
            clock: OffsetDateTime::now_utc,
        }
    }

    /// Use another clock (tests of expiry).
    pub fn set_clock(&mut self, clock: fn() -> OffsetDateTime) {
        self.clock = clock;
    }

    /// The current time by the wizard's clock.
    pub fn now(&self) -> OffsetDateTime {
        (self.clock)()
    }

    // ----------------------------------------------------------------------------------------
    // Read-only views for the GUI

    pub fn step(&self) -> Step {
        self.step
    }

    pub fn inputs(&self) -> &Inputs {
        &self.inputs
    }

    pub fn prefs(&self) -> &Prefs {
        &self.prefs
    }

    /// The catalog offer for the chosen provider, spec and algorithm.
    pub fn offer(&self) -> Option<Offer> {
        let i = &self.inputs;
        i.provider
            .offer(i.key_spec, i.algorithm)
            .or_else(|| i.provider.recommended(i.key_spec))
    }

    /// The checked wrapping key, token and key id.
    pub fn parameters(&self) -> Option<&Parameters> {
        self.parameters.as_ref()
    }

    /// Where the wrapping key was loaded from.
    pub fn wrapping_source(&self) -> Option<&InputName> {
        self.wrapping_source.as_ref().map(|s| &s.name)
    }

    /// Where the import token file was loaded from.
    pub fn token_source(&self) -> Option<&InputName> {
        self.token_source.as_ref().map(|s| &s.name)
    }

    pub fn wrapping_problem(&self) -> Option<&Problem> {
        self.wrapping_problem.as_ref()
    }

    pub fn token_problem(&self) -> Option<&Problem> {
        self.token_problem.as_ref()
    }

    /// Azure: what is wrong with the KEK identifier typed.
    pub fn kek_problem(&self) -> Option<&Problem> {
        self.kek_problem.as_ref()
    }

    /// Whether an encrypted key is waiting for its passphrase (the passphrase field shows).
    pub fn needs_passphrase(&self) -> bool {
        self.encrypted_material.is_some()
    }

    /// Whether the passphrase is being tried on the worker (spinner and Cancel show).
    pub fn unlocking(&self) -> bool {
        self.unlocking.is_some()
    }

    /// Wrap work or an unlock is running: upstream choices are frozen.
    fn busy(&self) -> bool {
        self.is_working() || self.unlocking.is_some()
    }

    pub fn material(&self) -> Option<&LoadedMaterial> {
        self.material.as_ref()
    }

    pub fn material_problem(&self) -> Option<&Problem> {
        self.material_problem.as_ref()
    }

    /// Whether the Wrap step will generate the material.
    pub fn will_generate(&self) -> bool {
        self.inputs.material_mode == MaterialMode::Generate && self.material.is_none()
    }

    /// The loaded material does not fit through the algorithm under this wrapping key.
    pub fn capacity_problem(&self) -> Option<Problem> {
        let (m, p, offer) = (
            self.material.as_ref()?,
            self.parameters.as_ref()?,
            self.offer()?,
        );
        let subject = match &m.origin {
            Origin::Loaded { from } => format!("Key material {from}"),
            Origin::Generated { .. } => "Generated key material".to_owned(),
        };
        request::check_capacity(&offer, &p.params.wrapping_key, &m.material, &subject)
            .err()
            .map(|e| Problem::from_error(ProblemContext::KeyMaterial, self.inputs.provider, &e))
    }

    pub fn work(&self) -> Work {
        self.work
    }

    pub fn is_working(&self) -> bool {
        matches!(self.work, Work::Running { .. })
    }

    pub fn output(&self) -> Option<&WrapOutput> {
        self.output.as_deref()
    }

    pub fn wrap_problem(&self) -> Option<&Problem> {
        self.wrap_problem.as_ref()
    }

    /// Whether the last wrap was cancelled (no key was generated and nothing was written).
    pub fn wrap_cancelled(&self) -> bool {
        self.wrap_cancelled
    }

    pub fn export(&self) -> &Export {
        &self.export
    }

    pub fn export_problem(&self) -> Option<&Problem> {
        self.export_problem.as_ref()
    }

    /// Practice mode's state.
    pub fn practice(&self) -> &Practice {
        &self.practice
    }

    /// Which role a clipboard paste goes to, if one was asked for.
    pub fn pending_paste(&self) -> Option<FileRole> {
        self.pending_paste
    }

    /// Where the import token in use came from (`None` before the wrapping key is loaded).
    pub fn token_origin(&self) -> Option<TokenOrigin> {
        let p = self.parameters.as_ref()?;
        let provider = self.inputs.provider;
        if provider.info().token.is_none() {
            return Some(TokenOrigin::NotUsed(provider));
        }
        Some(
            match (&p.token, p.params.token.is_some(), &self.token_source) {
                (None, _, _) => TokenOrigin::NotYet,
                (Some(_), true, file) => TokenOrigin::FromParameters {
                    source: p.params.source,
                    file_matches: file.is_some(),
                },
                (Some(_), false, file) => {
                    TokenOrigin::FromFile(file.as_ref().map(|s| s.name.clone()))
                }
            },
        )
    }

    /// When the parameters expire and how that is known (`None` before they are loaded).
    pub fn expiry(&self) -> Option<Expiry> {
        let p = self.parameters.as_ref()?;
        let source = p.params.source;
        Some(match p.params.expires {
            Some(at) => {
                let left = at - self.now();
                if left.is_negative() {
                    Expiry::Expired { at, source }
                } else {
                    Expiry::Expires { at, left, source }
                }
            }
            None if source == ParamsSource::KeyFile => Expiry::UnknownForKeyFile,
            None => Expiry::NotStated(source),
        })
    }

    /// The primary button on this page; `None` when there is nothing left to do.
    pub fn primary(&self) -> Option<Primary> {
        match self.step {
            Step::Wrap if self.output.is_none() => Some(Primary::Wrap),
            Step::Export => match self.export {
                Export::Written(_) => None,
                _ => Some(Primary::Export),
            },
            _ => Some(Primary::Next),
        }
    }

    /// Whether Back is allowed now.
    pub fn can_go_back(&self) -> bool {
        self.step.previous().is_some() && !self.is_working()
    }

    // ----------------------------------------------------------------------------------------
    // Why the primary button is disabled

    /// Why the primary button is disabled on the current page, if it is.
    pub fn blocker(&self) -> Option<Blocker> {
        match self.step {
            Step::CloudAndKey => self.practice.issuing.then_some(Blocker::PracticeWorking),
            Step::WrappingKey => self.wrapping_blocker(),
            Step::KeyMaterial => self.material_blocker(),
            Step::Wrap => self.is_working().then_some(Blocker::Working),
            Step::Export => match &self.export {
                Export::Confirming(_) => Some(Blocker::ConfirmReplace),
                _ if self.inputs.export_folder.trim().is_empty() => Some(Blocker::NoExportFolder),
                _ => None,
            },
        }
    }

    fn wrapping_blocker(&self) -> Option<Blocker> {
        if self.wrapping_problem.is_some() {
            return Some(Blocker::WrappingKeyProblem);
        }
        let Some(p) = &self.parameters else {
            return Some(Blocker::NoWrappingKey);
        };
        if self.token_problem.is_some() {
            return Some(Blocker::TokenProblem);
        }
        if self.inputs.provider.info().needs_kek_id {
            if self.kek_problem.is_some() {
                return Some(Blocker::KekIdProblem);
            }
            if p.kek_id.is_none() {
                return Some(Blocker::NoKekId);
            }
        }
        if p.params.expires.is_some_and(|e| e <= self.now()) {
            return Some(Blocker::Expired);
        }
        None
    }

    fn material_blocker(&self) -> Option<Blocker> {
        if self.unlocking.is_some() {
            return Some(Blocker::Unlocking);
        }
        // After Export the material is dropped; the finished wrap can still be looked at.
        if self.material.is_none() && matches!(self.export, Export::Written(_)) {
            return None;
        }
        if self.material.is_some() {
            // Loaded, or generated by an earlier wrap (backed up or acknowledged then).
            return self
                .capacity_problem()
                .map(|p| Blocker::MaterialTooLarge(p.details));
        }
        match self.inputs.material_mode {
            MaterialMode::Load => {
                if self.encrypted_material.is_some() {
                    Some(if self.material_problem.is_some() {
                        Blocker::MaterialProblem
                    } else {
                        Blocker::NeedsPassphrase
                    })
                } else if self.material_problem.is_some() {
                    Some(Blocker::MaterialProblem)
                } else {
                    Some(Blocker::NoMaterial)
                }
            }
            MaterialMode::Generate => {
                let i = &self.inputs;
                if i.keep_own_copy {
                    return None;
                }
                if i.backup_path.trim().is_empty()
                    && i.backup_passphrase.is_empty()
                    && i.backup_passphrase_repeat.is_empty()
                {
                    return Some(Blocker::BackupOrOwnCopy);
                }
                if i.backup_path.trim().is_empty() {
                    return Some(Blocker::NoBackupPath);
                }
                if i.backup_passphrase.chars().count() < MIN_BACKUP_PASSPHRASE_CHARS {
                    return Some(Blocker::BackupPassphraseTooShort);
                }
                if i.backup_passphrase != i.backup_passphrase_repeat {
                    return Some(Blocker::BackupPassphrasesDiffer);
                }
                None
            }
        }
    }

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
                Effect::ReadFile {
                    role,
                    path: PathBuf::from(text),
                }
            }
            Action::FileRead { role, path, result } => {
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
                }
                Effect::None
            }
            Action::SetKeepOwnCopy(b) => {
                self.inputs.keep_own_copy = b;
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
                self.export = Export::Confirming(dir);
                Effect::None
            }
            Action::ConfirmReplace => match (&self.export, &self.output) {
                (Export::Confirming(dir), Some(out)) => Effect::WriteBundle {
                    bundle: Box::new(out.bundle.clone()),
                    folder: dir.clone(),
                    replace: true,
                    inputs: self.input_paths(),
                },
                _ => Effect::None,
            },
            Action::CancelReplace => {
                if let Export::Confirming(_) = self.export {
                    self.export = Export::NotWritten;
                }
                Effect::None
            }
            Action::ExportWritten(result) => {
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
                    CopyWhat::CliLine => out.bundle.cli_line.clone(),
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
    fn practice_issued(&mut self, result: Result<PracticeParams, Error>) -> Effect {
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

    fn next(&mut self) -> Effect {
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
            Step::Export => {
                let folder = self.inputs.export_folder.trim();
                match (&self.output, &self.export) {
                    (Some(out), Export::NotWritten) if !folder.is_empty() => {
                        self.export_problem = None;
                        Effect::WriteBundle {
                            bundle: Box::new(out.bundle.clone()),
                            folder: PathBuf::from(folder),
                            replace: false,
                            inputs: self.input_paths(),
                        }
                    }
                    _ => Effect::None,
                }
            }
        }
    }

    /// The files this wrap was made from (and its backup): the export folder may not hold them.
    fn input_paths(&self) -> Vec<(String, PathBuf)> {
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

    fn make_job(&self) -> Option<Job> {
        let offer = self.offer()?;
        let parameters = self.parameters.clone()?;
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

    fn work_finished(&mut self, result: Result<Option<Box<WrapOutput>>, Error>) {
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

    fn suggest_export_folder(&mut self) {
        if !self.inputs.export_folder.trim().is_empty() {
            return;
        }
        let Some(parent) = &self.prefs.export_parent else {
            return;
        };
        let now = self.now();
        let name = format!(
            "byok-{}-{}-{:04}{:02}{:02}-{:02}{:02}",
            self.inputs.provider.id(),
            self.inputs.key_spec.common_name().to_ascii_lowercase(),
            now.year(),
            u8::from(now.month()),
            now.day(),
            now.hour(),
            now.minute()
        );
        self.inputs.export_folder = parent.join(name).display().to_string();
    }

    // ----------------------------------------------------------------------------------------
    // Upstream choices and what depends on them

    fn set_provider(&mut self, p: Provider) {
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
        self.recheck_parameters();
    }

    fn set_key_spec(&mut self, s: KeySpec) {
        if self.busy() || self.inputs.key_spec == s || self.inputs.provider.spec_name(s).is_none() {
            return;
        }
        self.inputs.key_spec = s;
        self.inputs.algorithm = recommended_algorithm(self.inputs.provider, s);
        self.clear_material();
    }

    fn set_algorithm(&mut self, a: Algorithm) {
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

    fn set_text(&mut self, field: TextField, value: String) {
        if self.busy() {
            return;
        }
        let emptied = value.trim().is_empty();
        self.inputs.set_text(field, value);
        match field {
            TextField::KeyId | TextField::KekId => self.recheck_parameters(),
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
    fn clear_output(&mut self) {
        self.output = None;
        self.wrap_problem = None;
        self.wrap_cancelled = false;
        self.export = Export::NotWritten;
        self.export_problem = None;
        self.practice.verdict = None;
    }

    fn clear_material(&mut self) {
        self.material = None;
        self.encrypted_material = None;
        // An unlock still running answers for material that is gone: its answer is dropped.
        self.unlocking = None;
        self.material_problem = None;
        self.inputs.material_passphrase.zeroize();
        self.clear_output();
    }

    fn take_input(&mut self, role: FileRole, source: Source) {
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
            FileRole::Backup | FileRole::ExportFolder => {}
        }
    }

    fn input_failed(&mut self, role: FileRole, e: &Error) {
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
            FileRole::KeyMaterial => {
                self.clear_material();
                self.material_problem = Some(Problem::from_error(
                    ProblemContext::KeyMaterial,
                    provider,
                    e,
                ));
            }
            FileRole::Backup | FileRole::ExportFolder => {}
        }
    }

    /// Check the wrapping key, token and key id again (after any of them or the provider changed).
    fn recheck_parameters(&mut self) {
        self.parameters = None;
        self.wrapping_problem = None;
        self.token_problem = None;
        self.kek_problem = None;
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
            Err(e) if token_subject.as_deref() == Some(e.subject.as_str()) => {
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
    }

    /// Parse loaded material on the spot (bounded work: at most 1 MiB, no key derivation). An
    /// encrypted key waits for its passphrase, which [`Wizard::unlock`] tries on the worker.
    fn load_material(&mut self, source: Source) {
        self.material_problem = None;
        let Some(offer) = self.offer() else {
            return;
        };
        let subject = format!("Key material {}", source.name);
        let result = request::load_material(&offer, &subject, source.bytes.expose(), None);
        self.material_loaded(source, result);
    }

    /// Start trying the typed passphrase on the worker.
    fn unlock(&mut self) -> Effect {
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

    fn material_loaded(&mut self, source: Source, result: Result<Material, Error>) {
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
