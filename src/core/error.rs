//! One error type for the core: what went wrong, with which input, and what to do about it.
//!
//! The CLI prints `error: {subject}: {problem}` and then `hint: {hint}`; the GUI shows the same
//! parts in its Problem box. Messages are lowercase and never contain secret bytes.

use std::fmt;

/// What kind of failure this is; decides the CLI exit status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorClass {
    /// Bad input or usage (exit 2).
    Input,
    /// Anything else: cannot write the output, the OS RNG failed, … (exit 1).
    Runtime,
}

/// Which known situation this is, for shells that explain it in their own words (the GUI's Problem
/// boxes). `None` for the many errors that need no special treatment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The import parameters (and so the token) have expired.
    ParamsExpired,
    /// The wrapping key or parameters JSON belongs to another cloud (or a size it never issues).
    NotForProvider,
    /// The token file and the parameters come from different downloads.
    TokenMismatch,
    /// The passphrase does not decrypt the private key.
    WrongPassphrase,
    /// The private key is encrypted and no passphrase was given.
    NeedsPassphrase,
    /// The KEK identifier (Azure) is missing, malformed, or given to a cloud that takes none.
    KekId,
    /// The key id given differs from the one inside the parameters.
    KeyIdMismatch,
    /// The backup could not be written (it exists, or the folder refused it).
    Backup,
    /// Generating the key material failed.
    Generation,
    /// The material does not fit through the scheme's RSA step under this wrapping key.
    MaterialTooLarge,
    /// The material is not what the key spec takes (length, key type, size or curve).
    MaterialSpecMismatch,
}

/// A failure the user can act on.
#[derive(Debug, thiserror::Error)]
pub struct Error {
    pub class: ErrorClass,
    pub kind: Option<ErrorKind>,
    /// Which input or step: `--wrapping-key wk.pem`, `--out bundle`, `wrap`.
    pub subject: String,
    /// What is wrong, lowercase, no trailing period.
    pub problem: String,
    /// What to do next.
    pub hint: Option<String>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.subject, self.problem)
    }
}

impl Error {
    /// A bad-input error.
    pub fn input(subject: impl Into<String>, problem: impl Into<String>) -> Self {
        Error {
            class: ErrorClass::Input,
            kind: None,
            subject: subject.into(),
            problem: problem.into(),
            hint: None,
        }
    }

    /// A runtime (non-input) error.
    pub fn runtime(subject: impl Into<String>, problem: impl Into<String>) -> Self {
        Error {
            class: ErrorClass::Runtime,
            kind: None,
            subject: subject.into(),
            problem: problem.into(),
            hint: None,
        }
    }

    /// Name the situation (see [`ErrorKind`]).
    pub fn kind(mut self, kind: ErrorKind) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Attach what the user should do.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Replace the subject (the caller knows which flag or file this was).
    pub fn with_subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = subject.into();
        self
    }

    /// The whole message on one line: problem and hint.
    pub fn one_line(&self) -> String {
        match &self.hint {
            Some(h) => format!("{}: {} — {}", self.subject, self.problem, h),
            None => format!("{}: {}", self.subject, self.problem),
        }
    }
}

/// Result alias for the core.
pub type Result<T> = std::result::Result<T, Error>;
