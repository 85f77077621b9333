//! The work handed to the background worker, and what it hands back. The wrap job is the core's
//! one pipeline (`core::job`); the unlock job is the window's. Running them on a thread is
//! `gui::worker`'s business (it spawns threads; this module may not).

use crate::core::catalog::Offer;

pub use crate::core::job::{BackupPlan, Job, JobMaterial, WrapOutput};

/// Unlock an encrypted private key: the passphrase-based key derivation (scrypt or PBKDF2, capped
/// by `core::input::private_key`) can take seconds, so it runs on a worker, never in `apply`.
#[derive(Debug)]
pub struct UnlockJob {
    /// Echoed in [`Action::Unlocked`](super::Action::Unlocked).
    pub ticket: u64,
    pub offer: Offer,
    /// How errors name the input ("Key material /path/key.pem").
    pub subject: String,
    /// The encrypted key file's bytes (wiped on drop).
    pub key: crate::core::secret::SecretBytes,
    pub passphrase: secrecy::SecretString,
}

impl UnlockJob {
    /// Do the work on the calling thread (the worker's; tests call it directly).
    pub fn run(self) -> super::Action {
        use secrecy::ExposeSecret as _;
        let result = crate::core::request::load_material(
            &self.offer,
            &self.subject,
            self.key.expose(),
            Some(self.passphrase.expose_secret().as_bytes()),
        );
        super::Action::Unlocked {
            ticket: self.ticket,
            result,
        }
    }
}
