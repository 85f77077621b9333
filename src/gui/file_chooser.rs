//! A file chooser inside the window, for desktops where the desktop's own dialog cannot open (no
//! XDG desktop portal and no zenity: a minimal air-gapped install is exactly that). Written here
//! because the one egui file dialog crate (egui-file-dialog 0.15) is built for egui 0.36, not the
//! 0.37 this window uses.
//!
//! A modal with the folder as an editable path, Up and Home, the folder's entries (folders first,
//! hidden ones left out, at most [`MAX_ENTRIES`]), a name field, and Open / Choose this folder /
//! Save and Cancel. Every control has a name and works from the keyboard.

use super::file_picker::PickRequest;
use crate::i18n::Tr;
use crate::wizard::FileRole;
use egui::RichText;
use std::path::{Path, PathBuf};

/// Entries listed per folder: enough for any folder of keys, and a bound on the frame's work
/// when a folder holds a great many files.
pub const MAX_ENTRIES: usize = 2000;

/// What the chooser is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Open,
    Folder,
    Save,
}

/// One entry of the folder shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub name: String,
    pub is_dir: bool,
}

/// The chooser's state while it is open.
#[derive(Debug)]
pub struct Chooser {
    role: FileRole,
    title: String,
    mode: Mode,
    dir: PathBuf,
    /// The folder as typed in its field.
    dir_text: String,
    entries: Vec<Entry>,
    /// More entries than [`MAX_ENTRIES`] were left out.
    truncated: bool,
    /// Why the folder cannot be listed.
    unreadable: Option<String>,
    /// The file (or new file) name.
    name: String,
}

/// What the user did with the chooser this frame.
pub enum Outcome {
    Open,
    Chosen(FileRole, PathBuf),
    Cancelled,
}

impl Chooser {
    /// Open the chooser for a request, in its start folder (else the home folder, else `/`).
    pub fn new(request: &PickRequest) -> Self {
        let mode = match request.role {
            FileRole::ExportFolder | FileRole::BatchFolder | FileRole::CeremonyFolder => {
                Mode::Folder
            }
            FileRole::Backup => Mode::Save,
            _ => Mode::Open,
        };
        let dir = request
            .start_in
            .clone()
            .filter(|d| d.is_dir())
            .or_else(home)
            .unwrap_or_else(|| PathBuf::from("/"));
        let mut c = Chooser {
            role: request.role,
            title: request.title.clone(),
            mode,
            dir: PathBuf::new(),
            dir_text: String::new(),
            entries: Vec::new(),
            truncated: false,
            unreadable: None,
            name: request.suggested_name.clone().unwrap_or_default(),
        };
        c.go(dir);
        c
    }

    /// Show `dir`'s entries.
    fn go(&mut self, dir: PathBuf) {
        let (entries, truncated, unreadable) = match list(&dir) {
            Ok((e, t)) => (e, t, None),
            Err(e) => (Vec::new(), false, Some(e.to_string())),
        };
        self.dir_text = dir.display().to_string();
        self.dir = dir;
        self.entries = entries;
        self.truncated = truncated;
        self.unreadable = unreadable;
    }

    /// The path the primary button would give, if it can be given.
    fn result(&self) -> Option<PathBuf> {
        match self.mode {
            Mode::Folder => Some(self.dir.clone()),
            Mode::Open | Mode::Save => {
                let name = self.name.trim();
                (!name.is_empty()).then(|| self.dir.join(name))
            }
        }
    }

    /// Draw the chooser (a modal over the window).
    pub fn ui(&mut self, ctx: &egui::Context, tr: Tr) -> Outcome {
        let mut outcome = Outcome::Open;
        let mut go_to: Option<PathBuf> = None;
        egui::Modal::new(egui::Id::unique("in-window-file-chooser")).show(ctx, |ui| {
            ui.set_width(560.0);
            super::widgets::heading(ui, self.title.clone(), 2);
            ui.label(RichText::new(tr.msg("chooser-explained")).weak());
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let label = super::widgets::field_label(ui, tr.msg("chooser-folder"));
                let response = ui
                    .add(egui::TextEdit::singleline(&mut self.dir_text).desired_width(330.0))
                    .labelled_by(label.id);
                if super::widgets::submitted(ui, &response) {
                    go_to = Some(PathBuf::from(self.dir_text.trim()));
                }
                if ui.button(tr.msg("chooser-up")).clicked() {
                    go_to = self.dir.parent().map(Path::to_path_buf);
                }
                if ui.button(tr.msg("chooser-home")).clicked() {
                    go_to = home();
                }
            });
            if let Some(why) = &self.unreadable {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    tr.msg_with("chooser-unreadable", &[("why", why.clone().into())]),
                );
            }
            egui::Frame::group(ui.style()).show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(260.0)
                    .auto_shrink([false, true])
                    .show(ui, |ui| {
                        for e in &self.entries {
                            if e.is_dir {
                                let text = tr.msg_with(
                                    "chooser-entry-folder",
                                    &[("name", e.name.clone().into())],
                                );
                                if ui.selectable_label(false, text).clicked() {
                                    go_to = Some(self.dir.join(&e.name));
                                }
                            } else if self.mode != Mode::Folder {
                                let chosen = self.name == e.name;
                                let response = ui.selectable_label(chosen, e.name.as_str());
                                if response.clicked() {
                                    self.name = e.name.clone();
                                }
                                if response.double_clicked() {
                                    outcome = Outcome::Chosen(self.role, self.dir.join(&e.name));
                                }
                            }
                        }
                        if self.entries.is_empty() && self.unreadable.is_none() {
                            ui.label(RichText::new(tr.msg("chooser-empty")).weak());
                        }
                    });
            });
            if self.truncated {
                ui.label(
                    RichText::new(tr.msg_with("chooser-truncated", &[("n", MAX_ENTRIES.into())]))
                        .weak(),
                );
            }
            if self.mode != Mode::Folder {
                ui.horizontal(|ui| {
                    let label = super::widgets::field_label(ui, tr.msg("chooser-name"));
                    ui.add(egui::TextEdit::singleline(&mut self.name).desired_width(400.0))
                        .labelled_by(label.id);
                });
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let primary = match self.mode {
                    Mode::Open => tr.msg("chooser-open"),
                    Mode::Folder => tr.msg("chooser-choose-folder"),
                    Mode::Save => tr.msg("chooser-save"),
                };
                let result = self.result();
                if ui
                    .add_enabled(
                        result.is_some(),
                        egui::Button::new(RichText::new(primary).strong()),
                    )
                    .clicked()
                {
                    if let Some(p) = result {
                        outcome = Outcome::Chosen(self.role, p);
                    }
                }
                if ui.button(tr.msg("chooser-cancel")).clicked() {
                    outcome = Outcome::Cancelled;
                }
            });
            if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                outcome = Outcome::Cancelled;
            }
        });
        if let Some(dir) = go_to {
            self.go(dir);
        }
        outcome
    }
}

/// The home folder.
fn home() -> Option<PathBuf> {
    directories::UserDirs::new().map(|u| u.home_dir().to_path_buf())
}

/// A folder's entries: folders first, then files, each by name; hidden (dot) entries left out;
/// at most [`MAX_ENTRIES`] (and whether more were left out).
pub fn list(dir: &Path) -> std::io::Result<(Vec<Entry>, bool)> {
    let mut entries = Vec::new();
    let mut truncated = false;
    for e in std::fs::read_dir(dir)? {
        let Ok(e) = e else { continue };
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        if entries.len() == MAX_ENTRIES {
            truncated = true;
            break;
        }
        // Follows symbolic links, as a file dialog does.
        let is_dir = std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir());
        entries.push(Entry { name, is_dir });
    }
    entries.sort_by(|a, b| b.is_dir.cmp(&a.is_dir).then_with(|| a.name.cmp(&b.name)));
    Ok((entries, truncated))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_come_first_hidden_entries_are_left_out_and_the_list_is_bounded() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir(d.path().join("zeta")).unwrap();
        std::fs::write(d.path().join("alpha.pem"), b"x").unwrap();
        std::fs::write(d.path().join(".hidden"), b"x").unwrap();
        let (e, truncated) = list(d.path()).unwrap();
        assert!(!truncated);
        assert_eq!(
            e,
            vec![
                Entry {
                    name: "zeta".into(),
                    is_dir: true
                },
                Entry {
                    name: "alpha.pem".into(),
                    is_dir: false
                },
            ]
        );
        for i in 0..MAX_ENTRIES + 5 {
            std::fs::write(d.path().join(format!("f{i}")), b"").unwrap();
        }
        let (e, truncated) = list(d.path()).unwrap();
        assert!(truncated);
        assert_eq!(e.len(), MAX_ENTRIES);
    }
}
