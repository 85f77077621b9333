//! The key ceremony page: name the custodians (and M for Shamir), choose the folder, split the
//! step-1 key spec's key on the worker (`core::ceremony::split_dir`, as `ceremony split` does),
//! then walk custodian by custodian: each takes their component file and printed form, checks
//! the component check value, and confirms; the next one follows. The window never shows a
//! component or the key, only check values.

use crate::core::ceremony::split_dir::SplitDone;
use crate::core::error::Error;

/// Where the ceremony page is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CeremonyPhase {
    /// Naming the custodians and choosing the folder.
    Setting,
    /// The worker generates, splits and writes.
    Splitting,
    /// Custodian `at` (0-based) is taking their component.
    Handing { at: usize },
    /// Every custodian confirmed.
    Done,
}

#[derive(Debug)]
pub struct CeremonyState {
    pub phase: CeremonyPhase,
    pub done: Option<SplitDone>,
    pub problem: Option<Error>,
}

impl CeremonyState {
    pub fn new() -> Self {
        CeremonyState {
            phase: CeremonyPhase::Setting,
            done: None,
            problem: None,
        }
    }

    pub(super) fn split_finished(&mut self, result: Result<SplitDone, Error>) {
        match result {
            Ok(d) => {
                self.done = Some(d);
                self.phase = CeremonyPhase::Handing { at: 0 };
            }
            Err(e) => {
                self.problem = Some(e);
                self.phase = CeremonyPhase::Setting;
            }
        }
    }

    /// The custodian at hand confirmed their component's check value.
    pub(super) fn confirmed(&mut self) {
        let n = self.done.as_ref().map_or(0, |d| d.custodians.len());
        if let CeremonyPhase::Handing { at } = self.phase {
            self.phase = if at + 1 < n {
                CeremonyPhase::Handing { at: at + 1 }
            } else {
                CeremonyPhase::Done
            };
        }
    }
}

impl Default for CeremonyState {
    fn default() -> Self {
        Self::new()
    }
}

/// The custodians as typed: separated by commas (also the full-width `，`) or line breaks;
/// empty names ignored.
pub fn custodian_names(text: &str) -> Vec<String> {
    text.split([',', '，', '\n'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}
