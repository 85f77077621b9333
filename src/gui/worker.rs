//! The background worker: one named thread per wrap, a channel back to the UI, and a wake-up
//! call (`request_repaint`) after every message, so the window repaints only when there is news.
//!
//! RSA generation runs on `keygen`'s own named threads and polls the cancel flag given here.

use crate::core::bundle;
use crate::core::catalog::MaterialKind;
use crate::core::error::{Error, Result};
use crate::core::input::params::fmt_time;
use crate::core::request::{self, Material, WrapRequest};
use crate::core::{backup, generate};
use crate::wizard::{Action, Job, JobMaterial, Phase, WrapOutput};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;

/// What the worker thread sends back.
#[derive(Debug)]
pub enum WorkerMsg {
    Phase(Phase),
    /// The output, `None` when cancelled, or the error.
    Finished(Result<Option<Box<WrapOutput>>>),
}

/// A running (or finished) wrap.
pub struct Worker {
    messages: Receiver<WorkerMsg>,
    cancel: Arc<AtomicBool>,
    finished: bool,
}

impl Worker {
    /// Start `job` on a thread named `byok-wrap`. `wake` is called after each message is sent.
    pub fn start(job: Job, wake: impl Fn() + Send + 'static) -> std::io::Result<Worker> {
        let (sender, messages) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        std::thread::Builder::new()
            .name("byok-wrap".to_owned())
            .spawn(move || {
                let progress = |p: Phase| {
                    sender.send(WorkerMsg::Phase(p)).ok(); // the UI may be gone
                    wake();
                };
                let result = run_job(job, &flag, &progress);
                // Send first, then wake, so the frame the wake triggers sees the result.
                sender
                    .send(WorkerMsg::Finished(result.map(|o| o.map(Box::new))))
                    .ok();
                wake();
            })?;
        Ok(Worker {
            messages,
            cancel,
            finished: false,
        })
    }

    /// Everything the worker said since the last poll, as wizard actions. A worker that died
    /// without an answer (a panic) becomes a visible internal error.
    pub fn poll(&mut self) -> Vec<Action> {
        let mut out = Vec::new();
        while !self.finished {
            match self.messages.try_recv() {
                Ok(WorkerMsg::Phase(p)) => out.push(Action::WorkPhase(p)),
                Ok(WorkerMsg::Finished(r)) => {
                    self.finished = true;
                    out.push(Action::WorkFinished(r));
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.finished = true;
                    out.push(Action::WorkFinished(Err(Error::runtime(
                        "wrap",
                        "the background worker stopped without an answer (internal error)",
                    )
                    .hint("start over and try again; nothing was written"))));
                }
            }
        }
        out
    }

    /// Whether the final answer has been received.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Ask RSA generation to stop (it polls the flag between candidates).
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Nobody is listening any more: stop generating.
        self.cancel();
    }
}

/// Run one job on the calling thread: self-test, re-check, generate if asked, wrap, lay out the
/// bundle, write the backup. `Ok(None)` means cancelled. The order is the CLI's (`cli::wrap`).
pub fn run_job(
    job: Job,
    cancel: &AtomicBool,
    progress: &dyn Fn(Phase),
) -> Result<Option<WrapOutput>> {
    progress(Phase::Checking);
    // The CLI's power-on self-test (known answers, CSPRNG) before anything is wrapped.
    if let Some(f) = crate::core::selftest::run().failure() {
        return Err(
            Error::runtime("self-test", format!("{f}; refusing to wrap"))
                .hint("reinstall byok-wizard or report this machine's details"),
        );
    }
    let Job {
        offer,
        parameters,
        material,
        backup,
        now,
    } = job;
    // The token may have expired while the window was open.
    if let Some(exp) = parameters.params.expires {
        if exp <= now {
            return Err(Error::input(
                "wrapping key",
                format!("the import parameters expired at {}", fmt_time(exp)),
            )
            .hint("download a new wrapping key and import token from the console"));
        }
    }
    // A backup never replaces a file: find out before spending time on generation.
    if let Some(b) = &backup {
        if std::fs::symlink_metadata(&b.path).is_ok() {
            return Err(Error::input(
                format!("--backup {}", b.path.display()),
                "already exists; a backup never replaces a file",
            )
            .hint("choose a new file name for the backup"));
        }
    }
    let modulus_bytes = parameters.params.wrapping_key.modulus_bytes();
    let (material, generated) = match material {
        JobMaterial::Ready(m) => (m, false),
        JobMaterial::Generate => {
            let m = match offer.key_spec.material() {
                MaterialKind::Rsa { bits } => {
                    progress(Phase::GeneratingRsa { bits });
                    match crate::keygen::generate_rsa(bits, cancel)? {
                        Some(k) => Material::PrivateKey(k),
                        None => return Ok(None),
                    }
                }
                kind => {
                    progress(Phase::Generating);
                    generate::generate_non_rsa(kind)?
                }
            };
            (m, true)
        }
    };
    let subject = if generated {
        "Generated key material"
    } else {
        "Key material"
    };
    request::check_capacity(&offer, modulus_bytes, &material, subject)?;
    progress(Phase::Wrapping);
    let req = WrapRequest {
        offer,
        parameters,
        material,
    };
    let wrapped = req.wrap(&mut rand::rngs::OsRng)?;
    let bundle = bundle::build(&req, &wrapped, now)?;
    // Backup before the bundle can exist (the bundle is written on the Export page).
    let mut backup_path = None;
    if let (true, Some(plan)) = (generated, backup) {
        progress(Phase::WritingBackup);
        let encrypted = backup::encrypt(req.material.bytes(), &plan.passphrase)?;
        bundle::write_backup(&plan.path, &encrypted)?;
        backup_path = Some(plan.path);
    }
    Ok(Some(WrapOutput {
        request: req,
        bundle,
        backup: backup_path,
        generated,
    }))
}
