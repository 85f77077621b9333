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

/// What a dialog gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Picked {
    Path(PathBuf),
    Cancelled,
    /// The desktop has no dialog to show: the window shows its own chooser instead.
    NoDialog,
}

impl From<Option<PathBuf>> for Picked {
    fn from(p: Option<PathBuf>) -> Self {
        p.map_or(Picked::Cancelled, Picked::Path)
    }
}

/// Shows a file or folder dialog.
pub trait FilePicker {
    fn pick(&mut self, request: &PickRequest) -> Picked;
}

/// The desktop's own dialogs, through rfd (the XDG desktop portal on Linux, else zenity), when
/// one of them can open; otherwise [`Picked::NoDialog`] and the window's own chooser.
#[derive(Debug, Default)]
pub struct RfdPicker {
    /// Whether a desktop dialog can open (asked once).
    available: Option<bool>,
}

/// Whether rfd can show a dialog here: on Linux, an XDG desktop portal on the session bus
/// (running or activatable), or zenity on the PATH (rfd's fallback).
#[cfg(target_os = "linux")]
pub fn desktop_dialog_available() -> bool {
    const PORTAL: &str = "org.freedesktop.portal.Desktop";
    let portal = || -> zbus::Result<bool> {
        let conn = zbus::blocking::Connection::session()?;
        let dbus = zbus::blocking::fdo::DBusProxy::new(&conn)?;
        let name = zbus::names::BusName::try_from(PORTAL)?;
        Ok(dbus.name_has_owner(name)?
            || dbus
                .list_activatable_names()?
                .iter()
                .any(|n| n.as_str() == PORTAL))
    };
    let zenity = || {
        std::env::var_os("PATH")
            .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("zenity").is_file()))
    };
    portal().unwrap_or(false) || zenity()
}

/// Elsewhere the system's own dialogs are always there.
#[cfg(not(target_os = "linux"))]
pub fn desktop_dialog_available() -> bool {
    true
}

impl FilePicker for RfdPicker {
    fn pick(&mut self, request: &PickRequest) -> Picked {
        if !*self.available.get_or_insert_with(desktop_dialog_available) {
            return Picked::NoDialog;
        }
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
        .into()
    }
}

/// Answers dialogs from a queue the test fills; records what was asked.
#[derive(Clone, Debug, Default)]
pub struct FixedPicker {
    answers: Arc<Mutex<VecDeque<PathBuf>>>,
    asked: Arc<Mutex<Vec<PickRequest>>>,
    /// Behave like a desktop without a dialog (the window's own chooser opens).
    no_dialog: bool,
}

impl FixedPicker {
    /// An empty picker (every dialog is "cancelled" until answers are queued).
    pub fn new() -> Self {
        Self::default()
    }

    /// A picker for a desktop without dialogs: every request gets [`Picked::NoDialog`].
    pub fn without_dialogs() -> Self {
        FixedPicker {
            no_dialog: true,
            ..Self::default()
        }
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
    fn pick(&mut self, request: &PickRequest) -> Picked {
        if let Ok(mut a) = self.asked.lock() {
            a.push(request.clone());
        }
        if self.no_dialog {
            return Picked::NoDialog;
        }
        self.answers
            .lock()
            .ok()
            .and_then(|mut a| a.pop_front())
            .into()
    }
}
