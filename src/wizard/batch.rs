//! The Batch page's state: a plan and an output folder, checked as a whole on the worker, shown
//! as a table, run with a status per row, cancellable, ending on the summary. The rows run
//! through `core::batch` (the same checks and pipeline as `byok-wizard batch`).

use crate::core::batch::{PreviewState, RowEvent, RowPreview, RowResult, Status};
use crate::core::error::Error;
use std::path::PathBuf;

/// Where the Batch page is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BatchPhase {
    /// Choosing the plan and the folder.
    Choosing,
    /// The worker reads the plan and checks every row.
    Checking,
    /// Every row checked: the table, and Run.
    Checked,
    /// Rows running.
    Running,
    /// Cancel pressed: the running row is being rolled back.
    Cancelling,
    /// Done (or cancelled): the summary.
    Finished,
}

/// One row of the table: what the check found, then what happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchRow {
    pub preview: RowPreview,
    pub running: bool,
    pub result: Option<RowResult>,
}

impl BatchRow {
    /// The row's one-line problem, if the check refused it or it failed.
    pub fn problem(&self) -> Option<&str> {
        match (&self.result, &self.preview.state) {
            (Some(r), _) if r.status == Status::Failed => Some(&r.reason),
            (None, PreviewState::Refused(why)) => Some(why),
            _ => None,
        }
    }
}

/// The Batch page.
#[derive(Debug)]
pub struct BatchState {
    pub phase: BatchPhase,
    pub rows: Vec<BatchRow>,
    /// Why the plan as a whole cannot be run (bad plan, folder locked, …).
    pub problem: Option<Error>,
    /// The folder the check was made for (the summary's "Open folder").
    pub folder: Option<PathBuf>,
    /// Cancel was pressed during the run.
    pub cancelled: bool,
}

impl BatchState {
    pub fn new() -> Self {
        BatchState {
            phase: BatchPhase::Choosing,
            rows: Vec::new(),
            problem: None,
            folder: None,
            cancelled: false,
        }
    }

    /// (finished rows, all rows): the progress bar.
    pub fn progress(&self) -> (usize, usize) {
        (
            self.rows.iter().filter(|r| r.result.is_some()).count(),
            self.rows.len(),
        )
    }

    /// How many rows ended with `status`.
    pub fn count(&self, status: Status) -> usize {
        self.rows
            .iter()
            .filter(|r| r.result.as_ref().is_some_and(|x| x.status == status))
            .count()
    }

    /// Rows the check refused (they will be reported as failed).
    pub fn refused(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| matches!(r.preview.state, PreviewState::Refused(_)))
            .count()
    }

    pub(super) fn checked(&mut self, result: Result<(PathBuf, Vec<RowPreview>), Error>) {
        match result {
            Ok((folder, rows)) => {
                self.rows = rows
                    .into_iter()
                    .map(|preview| BatchRow {
                        preview,
                        running: false,
                        result: None,
                    })
                    .collect();
                self.folder = Some(folder);
                self.problem = None;
                self.phase = BatchPhase::Checked;
            }
            Err(e) => {
                self.rows.clear();
                self.problem = Some(e);
                self.phase = BatchPhase::Choosing;
            }
        }
    }

    pub(super) fn row_event(&mut self, e: RowEvent) {
        match e {
            RowEvent::Started { index, .. } => {
                if let Some(r) = self.rows.get_mut(index) {
                    r.running = true;
                }
            }
            RowEvent::Finished { index, result, .. } => {
                if let Some(r) = self.rows.get_mut(index) {
                    r.running = false;
                    r.result = Some(result);
                }
            }
        }
    }

    pub(super) fn finished(&mut self, result: Result<(), Error>) {
        for r in &mut self.rows {
            r.running = false;
        }
        if let Err(e) = result {
            self.problem = Some(e);
        }
        self.phase = BatchPhase::Finished;
    }
}

impl Default for BatchState {
    fn default() -> Self {
        Self::new()
    }
}
