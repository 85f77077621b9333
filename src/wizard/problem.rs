//! What the GUI shows when something is wrong: a Problem box (headline, possible causes, what to
//! do, details) for errors, and a [`Blocker`] for why the primary button is disabled.

use crate::core::catalog::Provider;
use crate::core::error::Error;
use std::fmt;

/// Which part of the wizard an error came from; decides the headline and the causes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemContext {
    WrappingKey,
    ImportToken,
    KeyMaterial,
    Wrap,
    Export,
}

/// An error, explained for people who did not write the code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// One line: what went wrong, in the step's words.
    pub headline: String,
    /// What may have led to it.
    pub causes: Vec<String>,
    /// What to do next.
    pub what_to_do: String,
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
        let p = e.problem.as_str();
        let display = provider.info().display_name;
        let (headline, causes): (String, Vec<&str>) = match context {
            ProblemContext::WrappingKey if p.contains("expired") => (
                "These import parameters have expired".into(),
                vec![
                    "The console issues a wrapping key and import token for a limited time (often 24 hours).",
                    "The file was downloaded earlier for another import.",
                ],
            ),
            ProblemContext::WrappingKey if p.contains("issues only") || p.contains("but --provider is") => (
                format!("This wrapping key does not fit {display}"),
                vec![
                    "The parameters were downloaded from another cloud, or for another import.",
                    "The wrong cloud provider is chosen on the Cloud and key page.",
                ],
            ),
            ProblemContext::WrappingKey if e.subject == "--kek-id" => (
                "The KEK identifier cannot be used".into(),
                vec!["It was copied without its version, or from another key."],
            ),
            ProblemContext::WrappingKey if e.subject == "--key-id" => (
                "The key id does not match the parameters".into(),
                vec!["The key id typed on the Cloud and key page belongs to another key."],
            ),
            ProblemContext::WrappingKey => (
                "Could not use the wrapping public key".into(),
                vec![
                    "The file is not the wrapping public key (for example the import token, or a private key).",
                    "The file was cut short or changed when it was copied.",
                ],
            ),
            ProblemContext::ImportToken if p.contains("differs") => (
                "The import token does not belong to these parameters".into(),
                vec!["The token and the wrapping key come from two different downloads."],
            ),
            ProblemContext::ImportToken => (
                "Could not use the import token".into(),
                vec![
                    "The file is not the import token (for example the wrapping key).",
                    "The token was not copied whole.",
                ],
            ),
            ProblemContext::KeyMaterial if p.contains("wrong passphrase") => (
                "The passphrase does not unlock the key".into(),
                vec!["The passphrase was mistyped, or belongs to another file."],
            ),
            ProblemContext::KeyMaterial if p.contains("more than") && p.contains("can carry") => (
                "The key material is too large for this wrapping algorithm".into(),
                vec!["Direct RSA-OAEP wrapping carries only a few hundred bytes."],
            ),
            ProblemContext::KeyMaterial if p.contains("this key spec takes") || p.contains("needs") => (
                "The key material does not match the key spec".into(),
                vec![
                    "Another file was picked.",
                    "The key spec on the Cloud and key page is not the one this key was made for.",
                ],
            ),
            ProblemContext::KeyMaterial => (
                "Could not use the key material".into(),
                vec![
                    "The file is not a key in a format this tool reads.",
                    "The file was cut short or changed when it was copied.",
                ],
            ),
            ProblemContext::Wrap if e.subject.starts_with("--backup") => (
                "The backup could not be written".into(),
                vec![
                    "A file with that name exists already (a backup never replaces a file).",
                    "The folder does not exist or is not writable.",
                ],
            ),
            ProblemContext::Wrap if e.subject == "generate" => (
                "Key generation failed".into(),
                vec!["The operating system's random number generator is not available."],
            ),
            ProblemContext::Wrap => (
                "Wrapping failed".into(),
                vec!["An input changed or expired since it was checked."],
            ),
            ProblemContext::Export => (
                "Could not write the bundle".into(),
                vec![
                    "The folder is not writable, or the disk is full.",
                    "The path names a file, not a folder.",
                ],
            ),
        };
        let what_to_do = match &e.hint {
            _ if context == ProblemContext::WrappingKey && p.contains("expired") => {
                "Download a new wrapping key and import token from the console (Get parameters for import), then load them here.".into()
            }
            Some(h) => first_upper(&gui_words(h)),
            None => "Check the input and try again.".into(),
        };
        Problem {
            headline,
            causes: causes.into_iter().map(str::to_owned).collect(),
            what_to_do,
            details: gui_words(&e.one_line()),
        }
    }

    /// The worker stopped without an answer (it panicked).
    pub fn internal(what: &str) -> Problem {
        Problem {
            headline: "Internal error".into(),
            causes: vec!["A bug in byok-wizard.".into()],
            what_to_do: "Start over and try again; please report this. Nothing was written.".into(),
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

impl fmt::Display for Blocker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Blocker::NoWrappingKey => "Load the wrapping public key (or the get-parameters JSON) first.",
            Blocker::WrappingKeyProblem => "The wrapping key cannot be used; see the problem above.",
            Blocker::TokenProblem => "The import token cannot be used; fix it or clear its field.",
            Blocker::NoKekId => "Type the key-encryption key's identifier (its kid, version included).",
            Blocker::KekIdProblem => "The KEK identifier cannot be used; see the problem below it.",
            Blocker::Expired => "The import parameters have expired; download new ones from the console.",
            Blocker::NoMaterial => "Load the key material first, or choose Generate.",
            Blocker::NeedsPassphrase => "The key is encrypted: type its passphrase and press Unlock.",
            Blocker::MaterialProblem => "The key material cannot be used; see the problem above.",
            Blocker::MaterialTooLarge(why) => return write!(f, "{why}"),
            Blocker::BackupOrOwnCopy => "Write an encrypted backup or tick \"I keep my own copy\": the cloud never gives key material back.",
            Blocker::NoBackupPath => "Choose a file for the encrypted backup.",
            Blocker::BackupPassphraseTooShort => "The backup passphrase needs at least 8 characters.",
            Blocker::BackupPassphrasesDiffer => "The two backup passphrases differ.",
            Blocker::Working => "Wait until the wrap finishes.",
            Blocker::PracticeWorking => "Wait until the practice KMS has issued the parameters.",
            Blocker::NoExportFolder => "Choose a folder for the bundle.",
            Blocker::ConfirmReplace => "Confirm or cancel replacing the folder's contents.",
        };
        f.write_str(s)
    }
}

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
        .hint("download new ones");
        let p = Problem::from_error(ProblemContext::WrappingKey, Provider::Huawei, &e);
        assert_eq!(p.headline, "These import parameters have expired");
        assert!(p.what_to_do.starts_with("Download a new wrapping key"));
        let e = Error::input("x", "is bad").hint("do this");
        let p = Problem::from_error(ProblemContext::WrappingKey, Provider::Huawei, &e);
        assert_eq!(p.what_to_do, "Do this");
    }
}
