//! What the GUI shows when something is wrong: a Problem box (headline, possible causes, what to
//! do, details) for errors, and a [`Blocker`] for why the primary button is disabled.
//!
//! No window text lives here: a [`ProblemKind`] and a [`Blocker`] name the situation and the
//! window words them in its language (`assets/i18n/`). Only the details (the core error's one
//! line) and a hint taken from the core error ([`WhatToDo::Hint`]) are text, in English, with
//! command-line flag names replaced by the window's field names.

use crate::core::catalog::Provider;
use crate::core::error::{Error, ErrorKind};

/// Which part of the wizard an error came from; decides the headline and the causes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemContext {
    WrappingKey,
    ImportToken,
    KeyMaterial,
    Wrap,
    Export,
}

/// What went wrong, in the step's terms: each kind has its own headline and possible causes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// The import parameters have expired.
    ParamsExpired,
    /// The wrapping key's size (or the parameters JSON) belongs to another cloud.
    KeyDoesNotFitProvider(Provider),
    /// Azure: the KEK identifier typed cannot be used.
    KekIdUnusable,
    /// The key id typed on page 1 differs from the one in the parameters.
    KeyIdMismatch,
    WrappingKeyUnusable,
    /// The token and the wrapping key come from two different downloads.
    TokenMismatch,
    TokenUnusable,
    WrongPassphrase,
    /// Too large for direct RSA-OAEP under this wrapping key.
    MaterialTooLarge,
    MaterialSpecMismatch,
    MaterialUnusable,
    BackupNotWritten,
    GenerationFailed,
    WrapFailed,
    ExportFailed,
    /// The worker stopped without an answer (a bug).
    Internal,
}

/// What to do next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WhatToDo {
    /// Expired parameters: download new ones from the console.
    DownloadNewParameters,
    /// Nothing more specific is known.
    CheckInput,
    /// An internal error: start over, report it.
    StartOverAndReport,
    /// The core error's own hint (English, field names instead of flags, first letter upper).
    Hint(String),
}

/// An error, explained for people who did not write the code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The headline and possible causes.
    pub kind: ProblemKind,
    /// What to do next.
    pub what_to_do: WhatToDo,
    /// The full error, for a support ticket (never secret bytes).
    pub details: String,
}

/// The command-line words in core errors, and what the window calls the same thing.
const GUI_WORDS: &[(&str, &str)] = &[
    (
        "give its passphrase with --material-passphrase-file",
        "type its passphrase",
    ),
    (
        "check the passphrase file (first line, no trailing spaces)",
        "check the passphrase (it is case-sensitive)",
    ),
    (
        "or add --force to replace its contents",
        "or confirm replacing its contents",
    ),
    (
        "leave out --key-id or use the matching parameters",
        "clear the key id on the Cloud and key page, or use the matching parameters",
    ),
    ("leave out --import-token", "clear the import token field"),
    ("leave out --backup", "choose Load without a backup"),
    ("use --algorithm ", "choose the wrapping algorithm "),
    ("--wrapping-key", "wrapping key"),
    ("--import-token", "import token"),
    (
        "leave out --kek-id; only azure writes it into the .byok file",
        "clear the KEK identifier; only Azure uses one",
    ),
    ("--kek-id", "KEK identifier"),
    ("--key-id", "key id"),
    ("--material-passphrase-file", "passphrase"),
    ("--material", "key material"),
    ("--generate", "generated key"),
    ("--algorithm", "wrapping algorithm"),
    ("--provider", "cloud provider"),
    ("--backup-passphrase-file", "backup passphrase"),
    ("--backup", "backup"),
    ("--out", "export folder"),
];

/// Replace command-line flag names with the names of the window's fields.
pub fn gui_words(s: &str) -> String {
    let mut out = s.to_owned();
    for (cli, gui) in GUI_WORDS {
        out = out.replace(cli, gui);
    }
    out
}

fn first_upper(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

impl Problem {
    /// Explain a core error that happened in `context`.
    pub fn from_error(context: ProblemContext, provider: Provider, e: &Error) -> Problem {
        let k = e.kind;
        let kind = match context {
            ProblemContext::WrappingKey if k == Some(ErrorKind::ParamsExpired) => {
                ProblemKind::ParamsExpired
            }
            ProblemContext::WrappingKey if k == Some(ErrorKind::NotForProvider) => {
                ProblemKind::KeyDoesNotFitProvider(provider)
            }
            ProblemContext::WrappingKey if k == Some(ErrorKind::KekId) => {
                ProblemKind::KekIdUnusable
            }
            ProblemContext::WrappingKey if k == Some(ErrorKind::KeyIdMismatch) => {
                ProblemKind::KeyIdMismatch
            }
            ProblemContext::WrappingKey => ProblemKind::WrappingKeyUnusable,
            ProblemContext::ImportToken if k == Some(ErrorKind::TokenMismatch) => {
                ProblemKind::TokenMismatch
            }
            ProblemContext::ImportToken => ProblemKind::TokenUnusable,
            ProblemContext::KeyMaterial if k == Some(ErrorKind::WrongPassphrase) => {
                ProblemKind::WrongPassphrase
            }
            ProblemContext::KeyMaterial if k == Some(ErrorKind::MaterialTooLarge) => {
                ProblemKind::MaterialTooLarge
            }
            ProblemContext::KeyMaterial if k == Some(ErrorKind::MaterialSpecMismatch) => {
                ProblemKind::MaterialSpecMismatch
            }
            ProblemContext::KeyMaterial => ProblemKind::MaterialUnusable,
            ProblemContext::Wrap if k == Some(ErrorKind::Backup) => ProblemKind::BackupNotWritten,
            ProblemContext::Wrap if k == Some(ErrorKind::Generation) => {
                ProblemKind::GenerationFailed
            }
            ProblemContext::Wrap => ProblemKind::WrapFailed,
            ProblemContext::Export => ProblemKind::ExportFailed,
        };
        let what_to_do = match &e.hint {
            _ if kind == ProblemKind::ParamsExpired => WhatToDo::DownloadNewParameters,
            Some(h) => WhatToDo::Hint(first_upper(&gui_words(h))),
            None => WhatToDo::CheckInput,
        };
        Problem {
            kind,
            what_to_do,
            details: gui_words(&e.one_line()),
        }
    }

    /// The worker stopped without an answer (it panicked).
    pub fn internal(what: &str) -> Problem {
        Problem {
            kind: ProblemKind::Internal,
            what_to_do: WhatToDo::StartOverAndReport,
            details: what.to_owned(),
        }
    }
}

/// Why the primary button (Next / Wrap / Export) is disabled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blocker {
    NoWrappingKey,
    WrappingKeyProblem,
    TokenProblem,
    NoKekId,
    KekIdProblem,
    Expired,
    NoMaterial,
    NeedsPassphrase,
    /// The passphrase is being tried on the worker.
    Unlocking,
    MaterialProblem,
    /// Loaded material does not fit through the chosen algorithm (the reason).
    MaterialTooLarge(String),
    BackupOrOwnCopy,
    NoBackupPath,
    BackupPassphraseTooShort,
    BackupPassphrasesDiffer,
    Working,
    /// The practice KMS is issuing parameters.
    PracticeWorking,
    NoExportFolder,
    ConfirmReplace,
}

/// The shortest backup passphrase accepted.
pub const MIN_BACKUP_PASSPHRASE_CHARS: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_become_field_names() {
        assert_eq!(
            gui_words("--wrapping-key wk.pem: is bad — use --algorithm RSA_AES_KEY_WRAP_SHA_256"),
            "wrapping key wk.pem: is bad — choose the wrapping algorithm RSA_AES_KEY_WRAP_SHA_256"
        );
        assert_eq!(gui_words("--material-passphrase-file"), "passphrase");
    }

    #[test]
    fn expired_parameters_get_their_own_headline() {
        let e = Error::input(
            "wrapping key x",
            "is Huawei get-parameters-for-import JSON that expired at …",
        )
        .hint("download new ones")
        .kind(ErrorKind::ParamsExpired);
        let p = Problem::from_error(ProblemContext::WrappingKey, Provider::Huawei, &e);
        assert_eq!(p.kind, ProblemKind::ParamsExpired);
        assert_eq!(p.what_to_do, WhatToDo::DownloadNewParameters);
        // The kind decides, not the wording: "expired" in a message without the kind is no expiry.
        let e = Error::input("wrapping key x", "is a file whose name says expired");
        let p = Problem::from_error(ProblemContext::WrappingKey, Provider::Huawei, &e);
        assert_eq!(p.kind, ProblemKind::WrappingKeyUnusable);
        let e = Error::input("x", "is bad").hint("do this");
        let p = Problem::from_error(ProblemContext::WrappingKey, Provider::Huawei, &e);
        assert_eq!(p.kind, ProblemKind::WrappingKeyUnusable);
        assert_eq!(p.what_to_do, WhatToDo::Hint("Do this".into()));
        let p = Problem::from_error(
            ProblemContext::Export,
            Provider::Aws,
            &Error::input("x", "y"),
        );
        assert_eq!(p.what_to_do, WhatToDo::CheckInput);
    }
}
