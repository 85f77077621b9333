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
mod batch;
mod blockers;
mod ceremony;
mod inputs;
mod job;
mod loading;
mod prefs;
mod problem;
mod step;
mod transitions;
mod upstream;

pub use action::{
    Action, CopyWhat, Effect, FileRole, MaterialMode, Phase, PracticeParams, TextField,
};
pub use batch::{BatchPhase, BatchRow, BatchState};
pub use ceremony::{custodian_names, CeremonyPhase, CeremonyState};
pub use inputs::{recommended_algorithm, Inputs, MAX_SECRET_CHARS};
pub use job::{BackupPlan, Job, JobMaterial, UnlockJob, WrapOutput};
pub use prefs::{Language, Prefs, ThemeChoice};
pub use problem::{
    Blocker, Problem, ProblemContext, ProblemKind, WhatToDo, MIN_BACKUP_PASSPHRASE_CHARS,
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
    /// Assembled here from a key ceremony's components (the custodians, in the order loaded).
    Assembled {
        ceremony: String,
        custodians: Vec<String>,
    },
}

/// A custodian's component, as the window lists it (never its value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ComponentFacts {
    pub custodian: String,
    pub index: u8,
    pub check_value: String,
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
    /// After Export: start again for the next key (preferences kept, everything else wiped).
    WrapAnother,
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
    /// The bundle is being written (and synced) on a worker.
    Writing(PathBuf),
    Written(PathBuf),
}

/// What a button outside the steps (Ceremony, Batch) waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageWait {
    /// A ceremony splits an AES or SM4 key: choose one on the first page.
    SymmetricKeySpec,
    /// 2 to 16 custodians; `given` so far.
    Custodians { given: usize },
    /// The folder to write into.
    Folder,
    /// The batch plan file.
    Plan,
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
    expiry_problem: Option<Problem>,
    /// An encrypted private key waiting for its passphrase.
    encrypted_material: Option<Source>,
    /// The ticket of the unlock running on the worker, if one is.
    unlocking: Option<u64>,
    /// The last ticket handed out.
    tickets: u64,
    material: Option<LoadedMaterial>,
    /// A key ceremony's components loaded so far (their values are secret; wiped on drop).
    components: Vec<crate::core::ceremony::Component>,
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
    /// The path last read (or asked to be read) per input, so that leaving its field does not
    /// read the same file again.
    last_read: std::collections::HashMap<FileRole, String>,
    /// The Batch page, while it is open (drawn instead of the wizard's page).
    batch: Option<BatchState>,
    /// The key ceremony page, while it is open.
    ceremony: Option<CeremonyState>,
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
            expiry_problem: None,
            encrypted_material: None,
            unlocking: None,
            tickets: 0,
            material: None,
            components: Vec::new(),
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
            batch: None,
            ceremony: None,
            clock: OffsetDateTime::now_utc,
            last_read: std::collections::HashMap::new(),
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

    /// The components loaded so far (custodian, index, check value), and how many the ceremony
    /// needs (`None` before the first).
    pub fn components(&self) -> (Vec<ComponentFacts>, Option<usize>) {
        let facts = self
            .components
            .iter()
            .map(|c| ComponentFacts {
                custodian: c.custodian.clone(),
                index: c.index,
                check_value: c.component_check_value.clone(),
            })
            .collect();
        let need = self
            .components
            .first()
            .map(|c| usize::from(c.scheme.needed()));
        (facts, need)
    }

    /// Why the material's expiry time cannot be used.
    pub fn expiry_problem(&self) -> Option<&Problem> {
        self.expiry_problem.as_ref()
    }

    /// Whether the chosen cloud can delete imported material at a time (the field shows).
    pub fn material_expiry_offered(&self) -> bool {
        !matches!(
            crate::core::clouds::cloud(self.inputs.provider).material_expiry(),
            crate::core::clouds::ExpiryRule::Unsupported(_)
        )
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
            Origin::Assembled { .. } => "Assembled key material".to_owned(),
        };
        request::check_capacity(&offer, &p.params.wrapping_key, &m.material, &subject)
            .err()
            .map(|e| Problem::from_error(ProblemContext::KeyMaterial, self.inputs.provider, &e))
    }

    pub fn work(&self) -> Work {
        self.work
    }

    pub fn is_working(&self) -> bool {
        matches!(self.work, Work::Running { .. }) || matches!(self.export, Export::Writing(_))
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
                Export::Written(_) => Some(Primary::WrapAnother),
                _ => Some(Primary::Export),
            },
            _ => Some(Primary::Next),
        }
    }

    /// The Batch page, when it is open.
    /// The key ceremony page, while it is open.
    pub fn ceremony(&self) -> Option<&CeremonyState> {
        self.ceremony.as_ref()
    }

    /// Whether Split can start: the step-1 key spec is symmetric, 2–16 custodians, a folder.
    pub fn can_split(&self) -> bool {
        self.ceremony
            .as_ref()
            .is_some_and(|c| c.phase == CeremonyPhase::Setting)
            && self.split_wait().is_none()
    }

    /// What "Generate and split" waits for on the Ceremony page, said beside the button (a
    /// keyboard user cannot hover): `None` when nothing.
    pub fn split_wait(&self) -> Option<PageWait> {
        let n = custodian_names(&self.inputs.ceremony_custodians).len();
        if crate::core::ceremony::key_length(self.inputs.key_spec).is_none() {
            Some(PageWait::SymmetricKeySpec)
        } else if !(2..=16).contains(&n) {
            Some(PageWait::Custodians { given: n })
        } else if self.inputs.ceremony_folder.trim().is_empty() {
            Some(PageWait::Folder)
        } else {
            None
        }
    }

    /// What "Check the plan" waits for on the Batch page (`None` when nothing).
    pub fn batch_wait(&self) -> Option<PageWait> {
        if self.inputs.batch_plan.trim().is_empty() {
            Some(PageWait::Plan)
        } else if self.inputs.batch_folder.trim().is_empty() {
            Some(PageWait::Folder)
        } else {
            None
        }
    }

    pub fn batch(&self) -> Option<&BatchState> {
        self.batch.as_ref()
    }

    /// Whether Check may be pressed on the Batch page: a plan and a folder typed, nothing running.
    pub fn can_check_batch(&self) -> bool {
        self.batch.as_ref().is_some_and(|b| {
            matches!(
                b.phase,
                BatchPhase::Choosing | BatchPhase::Checked | BatchPhase::Finished
            )
        }) && !self.inputs.batch_plan.trim().is_empty()
            && !self.inputs.batch_folder.trim().is_empty()
    }

    /// Whether the checked batch has rows to run (ready ones; complete and refused ones are
    /// reported as skipped and failed).
    pub fn can_run_batch(&self) -> bool {
        self.batch
            .as_ref()
            .is_some_and(|b| b.phase == BatchPhase::Checked && !b.rows.is_empty())
    }

    /// Whether Back is allowed now.
    pub fn can_go_back(&self) -> bool {
        self.step.previous().is_some() && !self.is_working()
    }
}
