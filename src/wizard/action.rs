//! What the user (or a finished side effect) asks the wizard to do, and what the wizard asks the
//! app shell to do in return.

use super::job::{Job, UnlockJob, WrapOutput};
use super::prefs::{Language, ThemeChoice};
use crate::core::batch::{RowEvent, RowPreview};
use crate::core::bundle::Bundle;
use crate::core::catalog::Offer;
use crate::core::catalog::{Algorithm, KeySpec, Provider};
use crate::core::error::Error;
use crate::core::practice::Verdict;
use crate::core::request::Material;
use crate::core::secret::SecretBytes;
use std::path::PathBuf;

/// Which input a file dialog, a paste or a dropped file is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileRole {
    /// The wrapping public key, or the whole get-parameters JSON.
    WrappingKey,
    /// The import token file.
    ImportToken,
    /// The key material to import.
    KeyMaterial,
    /// One custodian's component file of a key ceremony.
    Component,
    /// The folder a key ceremony's split writes into.
    CeremonyFolder,
    /// Where the age backup of generated material goes (a new file).
    Backup,
    /// The folder the bundle is written to.
    ExportFolder,
    /// A batch plan (CSV or JSON): read by the batch worker, not by the wizard.
    BatchPlan,
    /// The folder a batch writes its bundles and summaries into.
    BatchFolder,
}

impl FileRole {
    /// Whether the file is read (as opposed to a place to write to).
    pub fn is_read(self) -> bool {
        matches!(
            self,
            FileRole::WrappingKey
                | FileRole::ImportToken
                | FileRole::KeyMaterial
                | FileRole::Component
        )
    }

    /// The text field that holds this role's path.
    pub fn path_field(self) -> TextField {
        match self {
            FileRole::WrappingKey => TextField::WrappingKeyPath,
            FileRole::ImportToken => TextField::TokenPath,
            FileRole::KeyMaterial => TextField::MaterialPath,
            FileRole::Component => TextField::ComponentPath,
            FileRole::CeremonyFolder => TextField::CeremonyFolder,
            FileRole::Backup => TextField::BackupPath,
            FileRole::ExportFolder => TextField::ExportFolder,
            FileRole::BatchPlan => TextField::BatchPlan,
            FileRole::BatchFolder => TextField::BatchFolder,
        }
    }
}

/// A text field of the wizard (the text as typed lives in `Inputs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextField {
    KeyId,
    /// Azure: the key-encryption key's full identifier.
    KekId,
    /// When the cloud is to delete the imported material (RFC 3339, a date, or empty = never).
    MaterialExpires,
    WrappingKeyPath,
    TokenPath,
    MaterialPath,
    /// The next custodian's component file.
    ComponentPath,
    /// The ceremony page: custodians (one per line), Shamir's M, the folder.
    CeremonyCustodians,
    CeremonyThreshold,
    CeremonyFolder,
    /// Secret: the passphrase of an encrypted private key.
    MaterialPassphrase,
    BackupPath,
    /// Secret: the age passphrase of the backup.
    BackupPassphrase,
    /// Secret: the age passphrase, typed again.
    BackupPassphraseRepeat,
    ExportFolder,
    BatchPlan,
    BatchFolder,
}

impl TextField {
    /// Whether the field holds a secret (masked, wiped, never persisted).
    pub fn is_secret(self) -> bool {
        matches!(
            self,
            TextField::MaterialPassphrase
                | TextField::BackupPassphrase
                | TextField::BackupPassphraseRepeat
        )
    }
}

/// Where the key material comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaterialMode {
    /// Generate it here with the OS random number generator (in the Wrap step).
    Generate,
    /// Load it from a file.
    Load,
    /// Assemble it from a key ceremony's components, one custodian after another.
    Components,
}

pub use crate::core::job::Phase;

/// What to put on the clipboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyWhat {
    ConsoleSteps,
    CliLine,
}

/// Everything that can change the wizard's state. Each variant is "the user asked to …" or
/// "a side effect finished with …". `Debug` never shows typed secrets or pasted text.
pub enum Action {
    /// The primary button (Next / Wrap / Export), or Enter.
    Next,
    /// Go to the previous page.
    Back,
    /// Forget everything except non-secret preferences.
    StartOver,
    SetProvider(Provider),
    SetKeySpec(KeySpec),
    SetAlgorithm(Algorithm),
    /// Focus left a path field: read its file if the text is not the one read last.
    LeftPathField(FileRole),
    /// Google Cloud KMS: the new key version's algorithm (one of the cloud's `key_algorithms`).
    SetKeyAlgorithm(&'static str),
    /// The text of a field changed.
    SetText(TextField, String),
    /// Open a file (or folder) dialog for this role.
    Browse(FileRole),
    /// A dialog or a drop gave this path.
    FileChosen(FileRole, PathBuf),
    /// Read the path typed in the role's field.
    Load(FileRole),
    /// A file was read (by the app shell): its bytes, or why not.
    FileRead {
        role: FileRole,
        path: PathBuf,
        result: Result<SecretBytes, Error>,
    },
    /// Ask for the clipboard's text for this role.
    Paste(FileRole),
    /// Text arrived from the clipboard.
    Pasted(String),
    /// Decrypt the encrypted private key with the typed passphrase (on the worker).
    Unlock,
    /// The worker's answer to [`Effect::Unlock`]: the material or why not. `ticket` tells a
    /// current answer from one the user already cancelled.
    Unlocked {
        ticket: u64,
        result: Result<Material, Error>,
    },
    SetMaterialMode(MaterialMode),
    SetKeepOwnCopy(bool),
    /// Stop RSA key generation.
    Cancel,
    /// The worker moved on to another phase.
    WorkPhase(Phase),
    /// The worker finished: the output, `None` if cancelled, or the error.
    WorkFinished(Result<Option<Box<WrapOutput>>, Error>),
    /// The export folder exists and is not empty: ask before replacing it.
    ExportFolderNotEmpty(PathBuf),
    /// Replace the folder's contents after all.
    ConfirmReplace,
    /// Do not replace it.
    CancelReplace,
    /// The bundle was written (or not).
    ExportWritten(Result<PathBuf, Error>),
    Copy(CopyWhat),
    /// Open the exported folder in the file manager.
    OpenFolder,
    SetTheme(ThemeChoice),
    /// The language switch in the window (remembered in the preferences).
    SetLanguage(Language),
    /// The user's documents folder (the app tells it at start; suggestions go there).
    SetDocumentsFolder(Option<PathBuf>),
    /// Practice mode: the practice KMS issues the parameters and grades the bundle.
    SetPractice(bool),
    /// The practice KMS issued parameters into a folder (or could not).
    PracticeIssued(Result<PracticeParams, Error>),
    /// Grade the exported bundle with the practice KMS.
    GradePractice,
    /// The practice KMS's verdict (or why it could not grade).
    PracticeGraded(Result<Verdict, Error>),
    /// Open the key ceremony page (split the step-1 key spec's key among custodians).
    OpenCeremony,
    CloseCeremony,
    /// Generate and split on the worker; answered by [`Action::CeremonySplit`].
    SplitCeremony,
    CeremonySplit(Result<crate::core::ceremony::split_dir::SplitDone, Error>),
    /// The custodian at hand has their component and confirmed its check value.
    CustodianConfirmed,
    /// Open the batch's folder in the file manager.
    OpenCeremonyFolder,
    /// Open the Batch page (many keys from a plan) beside the wizard.
    OpenBatch,
    /// Back to the wizard (a running batch is cancelled first).
    CloseBatch,
    /// Read the plan and check every row (on the worker).
    CheckBatch,
    /// The check's answer: the folder and every row as found, or why the plan cannot run.
    BatchChecked(Result<(PathBuf, Vec<RowPreview>), Error>),
    /// Run the checked rows.
    RunBatch,
    /// A row started or finished.
    BatchRow(RowEvent),
    /// Every row handed out has finished (or the run was cancelled), summaries written.
    BatchFinished(Result<(), Error>),
    /// Stop after the running row (rolled back) and keep the rows done.
    CancelBatch,
    /// Open the batch's folder in the file manager.
    OpenBatchFolder,
}

/// Parameters the practice KMS issued: the folder it wrote and the key id (Azure: the KEK id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PracticeParams {
    pub offer: Offer,
    pub dir: PathBuf,
    pub key_id: String,
}

impl std::fmt::Debug for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Action::SetText(field, text) if field.is_secret() => {
                write!(
                    f,
                    "SetText({field:?}, [REDACTED; {} chars])",
                    text.chars().count()
                )
            }
            Action::SetText(field, text) => write!(f, "SetText({field:?}, {text:?})"),
            Action::Pasted(text) => write!(f, "Pasted([{} chars])", text.chars().count()),
            Action::SetProvider(p) => write!(f, "SetProvider({p:?})"),
            Action::SetKeySpec(s) => write!(f, "SetKeySpec({s:?})"),
            Action::SetAlgorithm(a) => write!(f, "SetAlgorithm({a:?})"),
            Action::LeftPathField(r) => write!(f, "LeftPathField({r:?})"),
            Action::SetKeyAlgorithm(a) => write!(f, "SetKeyAlgorithm({a:?})"),
            Action::Browse(r) => write!(f, "Browse({r:?})"),
            Action::FileChosen(r, p) => write!(f, "FileChosen({r:?}, {p:?})"),
            Action::Load(r) => write!(f, "Load({r:?})"),
            Action::FileRead { role, path, result } => f
                .debug_struct("FileRead")
                .field("role", role)
                .field("path", path)
                .field("result", result) // SecretBytes prints only its length
                .finish(),
            Action::Paste(r) => write!(f, "Paste({r:?})"),
            Action::SetMaterialMode(m) => write!(f, "SetMaterialMode({m:?})"),
            Action::SetKeepOwnCopy(b) => write!(f, "SetKeepOwnCopy({b})"),
            Action::WorkPhase(p) => write!(f, "WorkPhase({p:?})"),
            Action::WorkFinished(r) => write!(f, "WorkFinished({r:?})"),
            Action::ExportFolderNotEmpty(p) => write!(f, "ExportFolderNotEmpty({p:?})"),
            Action::ExportWritten(r) => write!(f, "ExportWritten({r:?})"),
            Action::Copy(w) => write!(f, "Copy({w:?})"),
            Action::SetTheme(t) => write!(f, "SetTheme({t:?})"),
            Action::SetLanguage(l) => write!(f, "SetLanguage({l:?})"),
            Action::SetDocumentsFolder(d) => write!(f, "SetDocumentsFolder({d:?})"),
            Action::Next => f.write_str("Next"),
            Action::Back => f.write_str("Back"),
            Action::StartOver => f.write_str("StartOver"),
            Action::Unlock => f.write_str("Unlock"),
            // Material prints only its kind and length.
            Action::Unlocked { ticket, result } => f
                .debug_struct("Unlocked")
                .field("ticket", ticket)
                .field("result", result)
                .finish(),
            Action::Cancel => f.write_str("Cancel"),
            Action::ConfirmReplace => f.write_str("ConfirmReplace"),
            Action::CancelReplace => f.write_str("CancelReplace"),
            Action::OpenFolder => f.write_str("OpenFolder"),
            Action::SetPractice(b) => write!(f, "SetPractice({b})"),
            Action::PracticeIssued(r) => write!(f, "PracticeIssued({r:?})"),
            Action::GradePractice => f.write_str("GradePractice"),
            Action::PracticeGraded(r) => write!(f, "PracticeGraded({r:?})"),
            Action::OpenCeremony => f.write_str("OpenCeremony"),
            Action::CloseCeremony => f.write_str("CloseCeremony"),
            Action::SplitCeremony => f.write_str("SplitCeremony"),
            Action::CeremonySplit(r) => write!(f, "CeremonySplit({r:?})"),
            Action::CustodianConfirmed => f.write_str("CustodianConfirmed"),
            Action::OpenCeremonyFolder => f.write_str("OpenCeremonyFolder"),
            Action::OpenBatch => f.write_str("OpenBatch"),
            Action::CloseBatch => f.write_str("CloseBatch"),
            Action::CheckBatch => f.write_str("CheckBatch"),
            Action::BatchChecked(r) => write!(f, "BatchChecked({r:?})"),
            Action::RunBatch => f.write_str("RunBatch"),
            Action::BatchRow(e) => write!(f, "BatchRow({e:?})"),
            Action::BatchFinished(r) => write!(f, "BatchFinished({r:?})"),
            Action::CancelBatch => f.write_str("CancelBatch"),
            Action::OpenBatchFolder => f.write_str("OpenBatchFolder"),
        }
    }
}

/// A side effect the wizard asks the app shell to perform (the wizard itself does none).
#[must_use]
#[derive(Debug)]
pub enum Effect {
    None,
    /// Show a file or folder dialog; answer with [`Action::FileChosen`].
    PickFile {
        role: FileRole,
        start_in: Option<PathBuf>,
        suggested_name: Option<String>,
    },
    /// Read a user file (size-limited); answer with [`Action::FileRead`].
    ReadFile {
        role: FileRole,
        path: PathBuf,
    },
    /// Ask the window system for the clipboard text; it arrives as [`Action::Pasted`].
    RequestPaste,
    /// Run the job on the background worker.
    StartWork(Box<Job>),
    /// Set the worker's cancel flag.
    CancelWork,
    /// Derive the key from the passphrase and decrypt the private key on a worker thread (a KDF
    /// may take seconds); answer with [`Action::Unlocked`].
    Unlock(Box<UnlockJob>),
    /// Forget the running unlock: its answer, if it ever comes, is dropped (and wiped).
    CancelUnlock,
    /// Write the bundle; answer with [`Action::ExportFolderNotEmpty`] or [`Action::ExportWritten`].
    WriteBundle {
        bundle: Box<Bundle>,
        folder: PathBuf,
        replace: bool,
        /// The run's input files (field name, path): the folder may be none of them and hold
        /// none of them.
        inputs: Vec<(String, PathBuf)>,
    },
    CopyText(String),
    OpenFolder(PathBuf),
    ApplyTheme(ThemeChoice),
    /// Start over: stop any worker and drop the UI's own copies of typed text (undo history).
    Reset,
    /// Issue practice parameters on the worker; answer with [`Action::PracticeIssued`].
    IssuePractice(Offer),
    /// Grade the bundle in `bundle_dir` against the practice state in `state_dir` on the worker;
    /// answer with [`Action::PracticeGraded`].
    GradePractice {
        state_dir: PathBuf,
        bundle_dir: PathBuf,
    },
    /// Apply these actions in order (loading issued practice parameters like user input).
    Then(Vec<Action>),
    /// Generate the key and split it into `folder` on a worker; answer with
    /// [`Action::CeremonySplit`].
    SplitCeremony {
        key_spec: String,
        custodians: Vec<String>,
        threshold: Option<u8>,
        folder: PathBuf,
    },
    /// Read the plan and check every row on the batch worker (which then holds the folder's
    /// lock); answer with [`Action::BatchChecked`].
    CheckBatch {
        plan: PathBuf,
        folder: PathBuf,
    },
    /// Run the checked rows on the batch worker; answers [`Action::BatchRow`] per row, then
    /// [`Action::BatchFinished`].
    RunBatch,
    /// Ask the batch worker to stop after rolling back the running row.
    CancelBatch,
    /// Drop the batch worker (its lock is released).
    DropBatch,
}
