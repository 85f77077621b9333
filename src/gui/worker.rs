//! The background worker: one named thread per wrap, a channel back to the UI, and a wake-up
//! call (`request_repaint`) after every message, so the window repaints only when there is news.
//!
//! RSA generation runs on `keygen`'s own named threads and polls the cancel flag given here.

// One of the two places that may start threads (clippy.toml).
#![allow(clippy::disallowed_methods)]

use crate::core::bundle;
use crate::core::catalog::Offer;
use crate::core::error::{Error, Result};
use crate::core::generate;
use crate::core::practice::{self, Verdict};
use crate::core::request;
use crate::wizard::{Action, Job, Phase, PracticeParams, UnlockJob, WrapOutput};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::Arc;
use time::OffsetDateTime;

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

/// Run one job on the calling thread: the core's pipeline (`core::job::run`) with RSA generation
/// on `keygen`'s threads. `Ok(None)` means cancelled.
pub fn run_job(
    job: Job,
    cancel: &AtomicBool,
    progress: &dyn Fn(Phase),
) -> Result<Option<WrapOutput>> {
    crate::core::job::run(job, cancel, progress, &crate::keygen::generate_rsa)
}

/// One piece of work with one answer, on its own named thread: the practice KMS (issuing
/// parameters, grading a bundle: `byok-practice`), an unlock (`byok-unlock`), the Export's write
/// (`byok-export`) and a ceremony's split (`byok-ceremony`). RSA generation, key derivation,
/// unwrapping and file writes stay off the UI thread. The answer comes back as one action.
pub struct OneShotWorker {
    answer: Receiver<Action>,
    /// The answer to give if the thread dies without one.
    lost: Box<dyn Fn(Error) -> Action>,
}

impl OneShotWorker {
    /// Issue practice parameters for `offer` into a fresh folder under the temp directory.
    pub fn issue(offer: Offer, wake: impl Fn() + Send + 'static) -> std::io::Result<Self> {
        Self::spawn(
            move || Action::PracticeIssued(issue_practice(offer)),
            |e| Action::PracticeIssued(Err(e)),
            wake,
        )
    }

    /// Grade the bundle in `bundle_dir` against the practice state in `state_dir`.
    pub fn grade(
        state_dir: PathBuf,
        bundle_dir: PathBuf,
        wake: impl Fn() + Send + 'static,
    ) -> std::io::Result<Self> {
        Self::spawn(
            move || Action::PracticeGraded(grade_practice(&state_dir, &bundle_dir)),
            |e| Action::PracticeGraded(Err(e)),
            wake,
        )
    }

    /// Try a passphrase on an encrypted private key (the KDF may take seconds).
    pub fn unlock(job: UnlockJob, wake: impl Fn() + Send + 'static) -> std::io::Result<Self> {
        let ticket = job.ticket;
        Self::spawn_named(
            "byok-unlock",
            move || job.run(),
            Box::new(move |e| Action::Unlocked {
                ticket,
                result: Err(e),
            }),
            wake,
        )
    }

    /// Write the bundle into `folder` (the CLI's placement rules) and sync it: answers with
    /// [`Action::ExportFolderNotEmpty`] or [`Action::ExportWritten`].
    pub fn export(
        bundle: bundle::Bundle,
        folder: PathBuf,
        replace: bool,
        inputs: Vec<(String, PathBuf)>,
        wake: impl Fn() + Send + 'static,
    ) -> std::io::Result<Self> {
        Self::spawn_named(
            "byok-export",
            move || write_bundle(&bundle, folder, replace, &inputs),
            Box::new(|e| Action::ExportWritten(Err(e))),
            wake,
        )
    }

    /// Generate a key of `key_spec` and split it into `folder` (as `ceremony split` does):
    /// answers with [`Action::CeremonySplit`].
    pub fn split_ceremony(
        key_spec: String,
        custodians: Vec<String>,
        threshold: Option<u8>,
        folder: PathBuf,
        wake: impl Fn() + Send + 'static,
    ) -> std::io::Result<Self> {
        Self::spawn_named(
            "byok-ceremony",
            move || {
                Action::CeremonySplit(crate::core::ceremony::split_dir::split_into(
                    &key_spec,
                    None,
                    &custodians,
                    threshold,
                    &folder,
                ))
            },
            Box::new(|e| Action::CeremonySplit(Err(e))),
            wake,
        )
    }

    fn spawn(
        work: impl FnOnce() -> Action + Send + 'static,
        lost: fn(Error) -> Action,
        wake: impl Fn() + Send + 'static,
    ) -> std::io::Result<Self> {
        Self::spawn_named("byok-practice", work, Box::new(lost), wake)
    }

    fn spawn_named(
        name: &str,
        work: impl FnOnce() -> Action + Send + 'static,
        lost: Box<dyn Fn(Error) -> Action>,
        wake: impl Fn() + Send + 'static,
    ) -> std::io::Result<Self> {
        let (sender, answer) = mpsc::channel();
        std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                sender.send(work()).ok(); // the UI may be gone
                wake();
            })?;
        Ok(OneShotWorker { answer, lost })
    }

    /// The answer, once it is there (a worker that died becomes a visible error).
    pub fn poll(&mut self) -> Option<Action> {
        match self.answer.try_recv() {
            Ok(a) => Some(a),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some((self.lost)(Error::runtime(
                "background worker",
                "the background worker stopped without an answer (internal error)",
            ))),
        }
    }
}

/// The export: only an earlier bundle of ours may be replaced, and only after asking (`replace`);
/// any other non-empty folder, or one holding an input of this run, is refused with what is in the
/// way named — the CLI's rule.
pub fn write_bundle(
    bundle: &bundle::Bundle,
    folder: PathBuf,
    replace: bool,
    inputs: &[(String, PathBuf)],
) -> Action {
    let inputs: Vec<bundle::RunInput> = inputs
        .iter()
        .map(|(flag, path)| bundle::RunInput {
            flag: flag.as_str(),
            path,
        })
        .collect();
    match crate::core::place::check_out(&folder, bundle::Overwrite::Replace, &inputs) {
        Err(e) => return Action::ExportWritten(Err(e)),
        Ok(crate::core::place::Existing::Ours(_)) if !replace => {
            return Action::ExportFolderNotEmpty(folder)
        }
        Ok(_) => {}
    }
    let overwrite = if replace {
        bundle::Overwrite::Replace
    } else {
        bundle::Overwrite::Refuse
    };
    Action::ExportWritten(bundle::write(bundle, &folder, overwrite, &inputs).map(|()| folder))
}

/// How long practice parameters stay valid.
const PRACTICE_EXPIRES_IN: time::Duration = time::Duration::hours(24);

/// Play GetParametersForImport (as `byok-wizard practice new` does) into a new temp folder.
pub fn issue_practice(offer: Offer) -> Result<PracticeParams> {
    let bits = practice::default_wrapping_bits(&offer);
    let wrapping = crate::keygen::practice_wrapping_key(&offer, bits)?;
    let random = generate::random_bytes(16 + practice::TOKEN_LEN)?;
    let now = OffsetDateTime::now_utc();
    let issued = practice::issue(&offer, &wrapping, random.expose(), now, PRACTICE_EXPIRES_IN)
        .map_err(|e| Error::runtime("practice KMS", e))?;
    let name = generate::random_bytes(8)?;
    let dir = std::env::temp_dir().join(format!("byok-practice-{}", hex::encode(name.expose())));
    let files: Vec<(&str, &[u8], u32)> = issued
        .files
        .iter()
        .map(|f| (f.name.as_str(), f.bytes.as_slice(), f.mode))
        .collect();
    crate::core::place::write_dir(&files, &dir, bundle::Overwrite::Refuse, &[])?;
    Ok(PracticeParams {
        offer,
        dir,
        key_id: issued.key_id,
    })
}

/// Play ImportKeyMaterial (as `byok-wizard practice import` does): the verdict on the bundle.
pub fn grade_practice(state_dir: &Path, bundle_dir: &Path) -> Result<Verdict> {
    let state = crate::core::upload::read_state(state_dir)?;
    let provider = request::parse_provider(&state.provider)?;
    let upload = crate::core::upload::read_upload(bundle_dir, provider.info().token)?;
    practice::grade(&state, &upload, OffsetDateTime::now_utc())
        .map_err(|e| Error::input("practice KMS state", e))
}

/// What the batch worker is told.
enum BatchCommand {
    Run,
}

/// A batch on a thread named `byok-batch`: it reads the plan and checks every row (holding the
/// folder's lock from then on), answers with the table, then waits for Run; rows run one after
/// another (RSA generation inside a row uses `keygen`'s threads). Dropping it cancels the run and,
/// once the thread has ended, releases the lock.
pub struct BatchWorker {
    answers: Receiver<Action>,
    commands: mpsc::Sender<BatchCommand>,
    cancel: Arc<AtomicBool>,
}

impl BatchWorker {
    /// Read `plan` and check every row for `folder`; answers [`Action::BatchChecked`].
    pub fn check(
        plan: PathBuf,
        folder: PathBuf,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        let (sender, answers) = mpsc::channel();
        let (commands, orders) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        std::thread::Builder::new()
            .name("byok-batch".to_owned())
            .spawn(move || {
                let send = |a: Action| {
                    sender.send(a).ok(); // the window may be gone
                    wake();
                };
                let batch = crate::core::batch::read_plan(&plan)
                    .and_then(|p| crate::core::batch::Batch::open(p, &folder, false, 1));
                let batch = match batch {
                    Ok(b) => {
                        send(Action::BatchChecked(Ok((folder.clone(), b.preview()))));
                        b
                    }
                    Err(e) => {
                        send(Action::BatchChecked(Err(e)));
                        return;
                    }
                };
                // Wait for Run; a dropped sender (page closed, Start over) ends the thread.
                let Ok(BatchCommand::Run) = orders.recv() else {
                    return;
                };
                let events = |e: crate::core::batch::RowEvent| send(Action::BatchRow(e));
                while let Some(i) = batch.next_row(&flag) {
                    batch.run_row(i, &flag, &events, &crate::keygen::generate_rsa);
                }
                send(Action::BatchFinished(batch.finish().map(|_| ())));
            })?;
        Ok(BatchWorker {
            answers,
            commands,
            cancel,
        })
    }

    /// Run the checked rows.
    pub fn run(&self) {
        self.commands.send(BatchCommand::Run).ok();
    }

    /// Stop after the running row (an RSA generation in it stops; nothing of it is written).
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Answers that have arrived.
    pub fn poll(&mut self) -> Vec<Action> {
        let mut out = Vec::new();
        loop {
            match self.answers.try_recv() {
                Ok(a) => out.push(a),
                Err(TryRecvError::Empty) | Err(TryRecvError::Disconnected) => return out,
            }
        }
    }
}

impl Drop for BatchWorker {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}
