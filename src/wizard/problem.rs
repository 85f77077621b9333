//! What the GUI shows when something is wrong: a Problem box (headline, possible causes, what to
//! do, details) for errors, and a [`Blocker`] for why the primary button is disabled.
//!
//! No window text lives here: a [`ProblemKind`] and a [`Blocker`] name the situation and the
//! window words them in its language (`assets/i18n/`), and so does advice that names an input
//! ([`WhatToDo::Remedy`], typed data from the core). Only the details (the core error's subject and
//! problem, for a support ticket) and advice that names no input ([`WhatToDo::Hint`]) are English.

use crate::core::catalog::Provider;
use crate::core::error::{Error, ErrorKind, Hint, Input, Remedy};

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
    /// The time the cloud is to delete the material cannot be used.
    MaterialExpiryUnusable,
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
    /// The core error's own advice, when it names no input (English, first letter upper).
    Hint(String),
    /// The core error's advice about one of the inputs, worded by the window in its language.
    Remedy(Remedy),
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

/// The name of an input in the window's details line (English, like the rest of the details).
fn field_name(input: Input) -> &'static str {
    match input {
        Input::WrappingKey => "wrapping key",
        Input::ImportToken => "import token",
        Input::KeyId => "key id",
        Input::KekId => "KEK identifier",
        Input::Material => "key material",
        Input::Algorithm => "wrapping algorithm",
        Input::Out => "export folder",
    }
}

/// The core error for the details line: its subject (a bare flag becomes the field's name, as the
/// error says which input it is about) and its problem. The advice is shown above it, typed.
fn details_line(e: &Error) -> String {
    match e.about {
        Some(input) if e.subject_is_flag => format!("{}: {}", field_name(input), e.problem),
        _ => format!("{}: {}", e.subject, e.problem),
    }
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
            ProblemContext::WrappingKey if k == Some(ErrorKind::MaterialExpiry) => {
                ProblemKind::MaterialExpiryUnusable
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
            Some(Hint::Text(h)) => WhatToDo::Hint(first_upper(h)),
            Some(Hint::Remedy(r)) => WhatToDo::Remedy(r.clone()),
            None => WhatToDo::CheckInput,
        };
        Problem {
            kind,
            what_to_do,
            details: details_line(e),
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
    /// The material's expiry time cannot be used.
    MaterialExpiryProblem,
    Expired,
    NoMaterial,
    NeedsPassphrase,
    /// The passphrase is being tried on the worker.
    Unlocking,
    MaterialProblem,
    /// More custodians' components are needed (`need`: `None` before the first).
    NeedComponents {
        have: usize,
        need: Option<usize>,
    },
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
    /// The bundle is being written on the worker.
    Exporting,
}

/// The shortest backup passphrase accepted.
pub const MIN_BACKUP_PASSPHRASE_CHARS: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advice_about_an_input_stays_typed_and_details_name_the_field() {
        let e = Error::input("--algorithm", "carries at most 190 bytes")
            .hint(Remedy::UseAlgorithm(
                vec!["RSA_AES_KEY_WRAP_SHA_256".into()],
            ))
            .about_flag(Input::Algorithm)
            .kind(ErrorKind::MaterialTooLarge);
        let p = Problem::from_error(ProblemContext::KeyMaterial, Provider::Huawei, &e);
        assert_eq!(
            p.what_to_do,
            WhatToDo::Remedy(Remedy::UseAlgorithm(
                vec!["RSA_AES_KEY_WRAP_SHA_256".into()]
            ))
        );
        assert_eq!(p.details, "wrapping algorithm: carries at most 190 bytes");
        assert!(!p.details.contains("--"), "{}", p.details);
        // A subject with a file name stays as the window wrote it.
        let e = Error::input("Key material k.bin", "holds 16 bytes").about(Input::Material);
        let p = Problem::from_error(ProblemContext::KeyMaterial, Provider::Huawei, &e);
        assert_eq!(p.details, "Key material k.bin: holds 16 bytes");
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
