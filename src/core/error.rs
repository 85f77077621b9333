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
    /// The material's expiry time cannot be used (not a time, past, beyond the cloud's limit).
    MaterialExpiry,
}

/// Which of the user's inputs an error is about, as data: each shell names it in its own words
/// (the CLI by its flag, the window by its field), so nobody has to read it out of the subject text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    WrappingKey,
    ImportToken,
    KeyId,
    KekId,
    Material,
    Algorithm,
    Out,
}

impl Input {
    /// The command-line flag that gives this input.
    pub fn flag(self) -> &'static str {
        match self {
            Input::WrappingKey => "--wrapping-key",
            Input::ImportToken => "--import-token",
            Input::KeyId => "--key-id",
            Input::KekId => "--kek-id",
            Input::Material => "--material",
            Input::Algorithm => "--algorithm",
            Input::Out => "--out",
        }
    }
}

/// What to do, where the advice names one of the user's inputs. The CLI words it with flag names
/// ([`Remedy::cli_text`]); the window words it with its own field names in its own language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Remedy {
    /// The cloud takes no import token: leave the token out.
    LeaveOutToken,
    /// The key id given differs from the parameters': leave it out or use the matching parameters.
    LeaveOutKeyIdOrMatchingParameters,
    /// Only Azure takes a KEK identifier.
    LeaveOutKekId,
    /// The material is encrypted: give its passphrase.
    GivePassphrase,
    /// The passphrase did not decrypt the material.
    CheckPassphrase,
    /// An age file that is not a readable byok-wizard backup.
    GiveBackupOrMaterial,
    /// Another wrapping algorithm carries this material (names, in the catalog's spelling).
    UseAlgorithm(Vec<String>),
    /// Another algorithm works with this wrapping key, or another wrapping key with this one.
    UseAlgorithmOrWrappingKey {
        algorithms: Vec<String>,
        wrapping_key: String,
    },
    /// The folder holds our earlier output: confirm replacing it, or choose a new folder.
    ReplaceOrNewFolder,
    /// The output folder is, or holds, one of the run's inputs.
    OutOutsideInputs,
}

impl Remedy {
    /// The advice with command-line flag names (lowercase, no trailing period).
    pub fn cli_text(&self) -> String {
        match self {
            Remedy::LeaveOutToken => "leave out --import-token".into(),
            Remedy::LeaveOutKeyIdOrMatchingParameters => {
                "the parameters belong to one key; leave out --key-id or use the matching parameters"
                    .into()
            }
            Remedy::LeaveOutKekId => {
                "leave out --kek-id; only azure writes it into the .byok file".into()
            }
            Remedy::GivePassphrase => "give its passphrase with --material-passphrase-file".into(),
            Remedy::CheckPassphrase => {
                "check the passphrase file (first line, no trailing spaces)".into()
            }
            Remedy::GiveBackupOrMaterial => {
                "give the backup byok-wizard wrote with --backup, or the material itself".into()
            }
            Remedy::UseAlgorithm(algs) => format!("use --algorithm {}", algs.join(" or ")),
            Remedy::UseAlgorithmOrWrappingKey {
                algorithms,
                wrapping_key,
            } => format!(
                "use --algorithm {} with this key, or download an {wrapping_key} wrapping key",
                algorithms.join(" or ")
            ),
            Remedy::ReplaceOrNewFolder => "add --force to replace it, or choose a new folder".into(),
            Remedy::OutOutsideInputs => {
                "choose a new folder for --out, outside the folders your inputs are in".into()
            }
        }
    }
}

/// What the user should do next: plain advice (the same in every shell), or a [`Remedy`] that
/// names an input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hint {
    Text(String),
    Remedy(Remedy),
}

impl Hint {
    /// The advice as the CLI prints it.
    pub fn cli_text(&self) -> String {
        match self {
            Hint::Text(t) => t.clone(),
            Hint::Remedy(r) => r.cli_text(),
        }
    }
}

impl From<&str> for Hint {
    fn from(s: &str) -> Self {
        Hint::Text(s.to_owned())
    }
}

impl From<String> for Hint {
    fn from(s: String) -> Self {
        Hint::Text(s)
    }
}

impl From<Remedy> for Hint {
    fn from(r: Remedy) -> Self {
        Hint::Remedy(r)
    }
}

/// A failure the user can act on.
#[derive(Debug, thiserror::Error)]
pub struct Error {
    pub class: ErrorClass,
    pub kind: Option<ErrorKind>,
    /// Which input this is about, when it is one of the user's inputs.
    pub about: Option<Input>,
    /// The subject is that input's bare flag (set by [`Error::about_flag`]): a shell may name the
    /// input its own way instead.
    pub subject_is_flag: bool,
    /// Which input or step: `--wrapping-key wk.pem`, `--out bundle`, `wrap`.
    pub subject: String,
    /// What is wrong, lowercase, no trailing period.
    pub problem: String,
    /// What to do next.
    pub hint: Option<Hint>,
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
            about: None,
            subject_is_flag: false,
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
            about: None,
            subject_is_flag: false,
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

    /// Say which input this is about (see [`Input`]).
    pub fn about(mut self, input: Input) -> Self {
        self.about = Some(input);
        self
    }

    /// Say which input this is about, with that input's flag as the subject (`--key-id`): shells
    /// that do not use flags name the input themselves.
    pub fn about_flag(mut self, input: Input) -> Self {
        self.subject = input.flag().to_owned();
        self.subject_is_flag = true;
        self.about = Some(input);
        self
    }

    /// Attach what the user should do.
    pub fn hint(mut self, hint: impl Into<Hint>) -> Self {
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
            Some(h) => format!("{}: {} — {}", self.subject, self.problem, h.cli_text()),
            None => format!("{}: {}", self.subject, self.problem),
        }
    }
}

/// Result alias for the core.
pub type Result<T> = std::result::Result<T, Error>;
