//! File and folder dialogs behind a trait: rfd for real use, a fixed list of answers for tests.

use crate::wizard::FileRole;
use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// What the wizard asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PickRequest {
    pub role: FileRole,
    /// The dialog's title, in the window's language.
    pub title: String,
    /// Where the dialog opens.
    pub start_in: Option<PathBuf>,
    /// A file name to propose (save dialogs).
    pub suggested_name: Option<String>,
}

/// Shows a file or folder dialog. `None` when the user cancels (or no dialog is available).
pub trait FilePicker {
    fn pick(&mut self, request: &PickRequest) -> Option<PathBuf>;
}

/// The desktop's own dialogs, through rfd (the XDG desktop portal on Linux).
#[derive(Debug, Default)]
pub struct RfdPicker;

impl FilePicker for RfdPicker {
    fn pick(&mut self, request: &PickRequest) -> Option<PathBuf> {
        let mut dialog = rfd::FileDialog::new().set_title(&request.title);
        if let Some(dir) = &request.start_in {
            dialog = dialog.set_directory(dir);
        }
        if let Some(name) = &request.suggested_name {
            dialog = dialog.set_file_name(name);
        }
        match request.role {
            FileRole::ExportFolder | FileRole::BatchFolder | FileRole::CeremonyFolder => {
                dialog.pick_folder()
            }
            FileRole::Backup => dialog.save_file(),
            _ => dialog.pick_file(),
        }
    }
}

/// Answers dialogs from a queue the test fills; records what was asked.
#[derive(Clone, Debug, Default)]
pub struct FixedPicker {
    answers: Arc<Mutex<VecDeque<PathBuf>>>,
    asked: Arc<Mutex<Vec<PickRequest>>>,
}

impl FixedPicker {
    /// An empty picker (every dialog is "cancelled" until answers are queued).
    pub fn new() -> Self {
        Self::default()
    }

    /// Queue the answer to the next dialog.
    pub fn answer(&self, path: impl Into<PathBuf>) {
        if let Ok(mut a) = self.answers.lock() {
            a.push_back(path.into());
        }
    }

    /// Every request seen so far.
    pub fn asked(&self) -> Vec<PickRequest> {
        self.asked.lock().map(|a| a.clone()).unwrap_or_default()
    }
}

impl FilePicker for FixedPicker {
    fn pick(&mut self, request: &PickRequest) -> Option<PathBuf> {
        if let Ok(mut a) = self.asked.lock() {
            a.push(request.clone());
        }
        self.answers.lock().ok().and_then(|mut a| a.pop_front())
    }
}
