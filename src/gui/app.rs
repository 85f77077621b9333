//! The eframe app: draws the current page from the wizard's state, collects the user's actions,
//! applies them after drawing and performs the effects the wizard asks for (file dialogs, file
//! reads, the worker, writing the bundle, the clipboard). Only this file has side effects.

use super::file_picker::{FilePicker, PickRequest, Picked};
use super::widgets::DropTargets;
use super::worker::{BatchWorker, OneShotWorker, Worker};
use super::{
    batch, ceremony, cloud_and_key, export, file_chooser, fonts, key_material, nav, text, theme,
    wrap, wrapping_key,
};
use crate::core::error::Error;
use crate::core::input::read_input_file;
use crate::core::secret::SecretBytes;
use crate::i18n::{self, Tr};
use crate::wizard::{
    Action, Effect, Export, FileRole, Language, MaterialMode, Prefs, Step, TextField, Wizard,
};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Room for the settings menu at the right of the title bar.
const SETTINGS_MENU_WIDTH: f32 = 240.0;

/// The wizard window.
pub struct WizardApp {
    wizard: Wizard,
    picker: Box<dyn FilePicker>,
    worker: Option<Worker>,
    /// The practice KMS issuing parameters or grading the bundle.
    practice_worker: Option<OneShotWorker>,
    /// The passphrase being tried on a worker thread (dropped on Cancel: its answer is ignored).
    unlock_worker: Option<OneShotWorker>,
    /// The Batch page's worker (it holds the batch folder's lock while it lives).
    batch_worker: Option<BatchWorker>,
    /// The bundle being written (and synced) at Export.
    export_worker: Option<OneShotWorker>,
    /// A key ceremony being split on the ceremony page.
    ceremony_worker: Option<OneShotWorker>,
    /// The window's own file chooser, open when the desktop has no dialog to show.
    chooser: Option<file_chooser::Chooser>,
    /// Where each file field was drawn last frame (for drops).
    drops: DropTargets,
    /// Set when `BYOK_WIZARD_TIMING` asks for the time to the first frame.
    timing_since: Option<Instant>,
    /// The language of the system locale, used until one is chosen in the window.
    system_language: Language,
    /// Folders the practice KMS issued this session (they hold its wrapping private key, 0600);
    /// removed when the window closes.
    practice_dirs: Vec<std::path::PathBuf>,
}

impl Drop for WizardApp {
    fn drop(&mut self) {
        for d in &self.practice_dirs {
            // Our own `byok-practice-<random>` temp folder, holding only what the practice KMS wrote.
            #[allow(clippy::disallowed_methods)]
            std::fs::remove_dir_all(d).ok();
        }
    }
}

impl WizardApp {
    /// Build the app: preferences from eframe's storage, theme applied, the Chinese font added,
    /// the language from the preferences or else the system locale.
    pub fn new(cc: &eframe::CreationContext<'_>, picker: Box<dyn FilePicker>) -> Self {
        let prefs = cc
            .storage
            .and_then(|s| s.get_string(Prefs::STORAGE_KEY))
            .map(|s| Prefs::from_json(&s))
            .unwrap_or_default();
        theme::setup(&cc.egui_ctx);
        theme::apply(&cc.egui_ctx, prefs.theme);
        fonts::install(&cc.egui_ctx);
        WizardApp {
            wizard: Wizard::new(prefs),
            picker,
            worker: None,
            practice_worker: None,
            unlock_worker: None,
            batch_worker: None,
            export_worker: None,
            ceremony_worker: None,
            chooser: None,
            drops: Vec::new(),
            timing_since: None,
            system_language: i18n::system_language(),
            practice_dirs: Vec::new(),
        }
    }

    /// Use this language, as if it had been chosen with the switch in the window (tests use it
    /// to be independent of the locale they run in).
    pub fn with_language(mut self, language: Language) -> Self {
        let effect = self.wizard.apply(Action::SetLanguage(language));
        debug_assert!(matches!(effect, Effect::None));
        self
    }

    /// Where backups and bundle folders are suggested before there is an earlier export (the
    /// real window gives the user's documents folder; tests give a temporary one, or none).
    pub fn with_documents_folder(mut self, folder: Option<std::path::PathBuf>) -> Self {
        let effect = self.wizard.apply(Action::SetDocumentsFolder(folder));
        debug_assert!(matches!(effect, Effect::None));
        self
    }

    /// The language the window is in: the one chosen, or the system locale's.
    pub fn language(&self) -> Language {
        self.wizard.prefs().language.unwrap_or(self.system_language)
    }

    /// Print the time from `since` to the end of the first frame on stderr.
    pub fn report_first_frame(mut self, since: Instant) -> Self {
        self.timing_since = Some(since);
        self
    }

    /// The state machine (tests read it).
    pub fn wizard(&self) -> &Wizard {
        &self.wizard
    }

    /// Apply an action and everything that follows from its effects.
    pub fn dispatch(&mut self, ctx: &egui::Context, action: Action) {
        let mut queue = VecDeque::from([action]);
        while let Some(a) = queue.pop_front() {
            match self.wizard.apply(a) {
                Effect::Then(list) => queue.extend(list),
                effect => {
                    if let Some(next) = self.perform(ctx, effect) {
                        queue.push_back(next);
                    }
                }
            }
        }
    }

    fn perform(&mut self, ctx: &egui::Context, effect: Effect) -> Option<Action> {
        match effect {
            Effect::None => None,
            // `dispatch` expands it before it gets here.
            Effect::Then(_) => None,
            Effect::IssuePractice(offer) => {
                let wake_ctx = ctx.clone();
                keep_worker(
                    &mut self.practice_worker,
                    OneShotWorker::issue(offer, move || wake_ctx.request_repaint()),
                    "practice KMS",
                    |e| Action::PracticeIssued(Err(e)),
                )
            }
            Effect::GradePractice {
                state_dir,
                bundle_dir,
            } => {
                let wake_ctx = ctx.clone();
                keep_worker(
                    &mut self.practice_worker,
                    OneShotWorker::grade(state_dir, bundle_dir, move || wake_ctx.request_repaint()),
                    "practice KMS",
                    |e| Action::PracticeGraded(Err(e)),
                )
            }
            Effect::PickFile {
                role,
                start_in,
                suggested_name,
            } => {
                let request = PickRequest {
                    role,
                    title: text::dialog_title(Tr::new(self.language()), role),
                    start_in,
                    suggested_name,
                };
                match self.picker.pick(&request) {
                    Picked::Path(p) => Some(Action::FileChosen(role, p)),
                    Picked::Cancelled => None,
                    Picked::NoDialog => {
                        self.chooser = Some(file_chooser::Chooser::new(&request));
                        ctx.request_repaint();
                        None
                    }
                }
            }
            Effect::ReadFile { role, path } => {
                let what = match role {
                    FileRole::WrappingKey => "Wrapping key",
                    FileRole::ImportToken => "Import token",
                    FileRole::Component => "Component",
                    _ => "Key material",
                };
                let result = read_input_file(what, &path).map(SecretBytes::new);
                Some(Action::FileRead { role, path, result })
            }
            Effect::RequestPaste => {
                ctx.send_viewport_cmd(egui::ViewportCommand::RequestPaste);
                ctx.request_repaint();
                None
            }
            Effect::StartWork(job) => {
                let wake_ctx = ctx.clone();
                keep_worker(
                    &mut self.worker,
                    Worker::start(*job, move || wake_ctx.request_repaint()),
                    "wrap",
                    |e| Action::WorkFinished(Err(e)),
                )
            }
            Effect::Unlock(job) => {
                let wake_ctx = ctx.clone();
                let ticket = job.ticket;
                match OneShotWorker::unlock(*job, move || wake_ctx.request_repaint()) {
                    Ok(w) => {
                        self.unlock_worker = Some(w);
                        None
                    }
                    Err(e) => Some(Action::Unlocked {
                        ticket,
                        result: Err(Error::runtime(
                            "unlock",
                            format!("cannot start a worker thread ({e})"),
                        )),
                    }),
                }
            }
            Effect::CancelUnlock => {
                // The thread finishes its key derivation unheard; its answer is dropped and wiped.
                self.unlock_worker = None;
                None
            }
            Effect::CancelWork => {
                if let Some(w) = &self.worker {
                    w.cancel();
                }
                None
            }
            Effect::WriteBundle {
                bundle,
                folder,
                replace,
                inputs,
            } => {
                let wake_ctx = ctx.clone();
                keep_worker(
                    &mut self.export_worker,
                    OneShotWorker::export(*bundle, folder, replace, inputs, move || {
                        wake_ctx.request_repaint()
                    }),
                    "export",
                    |e| Action::ExportWritten(Err(e)),
                )
            }
            Effect::CopyText(text) => {
                ctx.copy_text(text);
                None
            }
            Effect::OpenFolder(dir) => {
                open_folder(&dir);
                None
            }
            Effect::ApplyTheme(t) => {
                theme::apply(ctx, t);
                None
            }
            Effect::SplitCeremony {
                key_spec,
                custodians,
                threshold,
                folder,
            } => {
                let wake_ctx = ctx.clone();
                keep_worker(
                    &mut self.ceremony_worker,
                    OneShotWorker::split_ceremony(
                        key_spec,
                        custodians,
                        threshold,
                        folder,
                        move || wake_ctx.request_repaint(),
                    ),
                    "ceremony",
                    |e| Action::CeremonySplit(Err(e)),
                )
            }
            Effect::CheckBatch { plan, folder } => {
                // A new check replaces the earlier one (and releases its lock).
                self.batch_worker = None;
                let wake_ctx = ctx.clone();
                keep_worker(
                    &mut self.batch_worker,
                    BatchWorker::check(plan, folder, move || wake_ctx.request_repaint()),
                    "batch",
                    |e| Action::BatchChecked(Err(e)),
                )
            }
            Effect::RunBatch => {
                if let Some(w) = &self.batch_worker {
                    w.run();
                }
                None
            }
            Effect::CancelBatch => {
                if let Some(w) = &self.batch_worker {
                    w.cancel();
                }
                None
            }
            Effect::DropBatch => {
                self.batch_worker = None;
                None
            }
            Effect::Reset => {
                // Dropping the worker sets its cancel flag; its answer is never read.
                self.worker = None;
                self.batch_worker = None;
                self.practice_worker = None;
                self.unlock_worker = None;
                self.export_worker = None;
                self.ceremony_worker = None;
                // Text edits keep undo copies of what was typed: drop them all.
                ctx.data_mut(|d| d.remove_by_type::<egui::text_edit::TextEditState>());
                ctx.memory_mut(|m| {
                    if let Some(id) = m.focused() {
                        m.surrender_focus(id);
                    }
                });
                None
            }
        }
    }

    /// When the wizard has wiped a secret field (after Unlock, after the backup was written),
    /// drop the text edit's own state too: its undo history holds copies of what was typed.
    fn forget_wiped_secrets(&self, ctx: &egui::Context) {
        let focused = ctx.memory(|m| m.focused());
        for field in [
            TextField::MaterialPassphrase,
            TextField::BackupPassphrase,
            TextField::BackupPassphraseRepeat,
        ] {
            let id = super::widgets::field_id(field);
            if self.wizard.inputs().text(field).is_empty() && focused != Some(id) {
                ctx.data_mut(|d| d.remove::<egui::text_edit::TextEditState>(id));
            }
        }
    }

    /// Keyboard and window events that are not tied to one widget: Enter = primary action,
    /// clipboard pastes for the Paste buttons, dropped files.
    fn global_input(&mut self, ctx: &egui::Context, actions: &mut Vec<Action>) {
        let step = self.wizard.step();
        // Paste: asked for by a Paste button, or Ctrl+V on the wrapping key page outside a field.
        if self.wizard.pending_paste().is_some()
            || (step == Step::WrappingKey && !ctx.egui_wants_keyboard_input())
        {
            let pasted: Vec<String> = ctx.input(|i| {
                i.events
                    .iter()
                    .filter_map(|e| match e {
                        egui::Event::Paste(t) => Some(t.clone()),
                        _ => None,
                    })
                    .collect()
            });
            actions.extend(pasted.into_iter().map(Action::Pasted));
        }
        // Dropped files: onto the field under the pointer, else the page's natural field.
        let (dropped, pointer): (Vec<PathBuf>, Option<egui::Pos2>) = ctx.input(|i| {
            (
                i.raw
                    .dropped_files
                    .iter()
                    .map(|f| f.path().to_path_buf())
                    .collect(),
                i.pointer.hover_pos(),
            )
        });
        for (n, path) in dropped.into_iter().enumerate() {
            let under = pointer.and_then(|p| {
                self.drops
                    .iter()
                    .find(|(r, _)| r.contains(p))
                    .map(|(_, role)| *role)
            });
            let role = under.or(match step {
                Step::WrappingKey if n == 0 && self.wizard.parameters().is_none() => {
                    Some(FileRole::WrappingKey)
                }
                Step::WrappingKey if self.wizard.inputs().provider.info().token.is_some() => {
                    Some(FileRole::ImportToken)
                }
                Step::WrappingKey => Some(FileRole::WrappingKey),
                Step::KeyMaterial
                    if self.wizard.inputs().material_mode == MaterialMode::Components =>
                {
                    Some(FileRole::Component)
                }
                Step::KeyMaterial => Some(FileRole::KeyMaterial),
                Step::Export => Some(FileRole::ExportFolder),
                _ => None,
            });
            let Some(role) = role else { continue };
            if role == FileRole::KeyMaterial
                && self.wizard.inputs().material_mode != MaterialMode::Load
            {
                actions.push(Action::SetMaterialMode(MaterialMode::Load));
            }
            actions.push(Action::FileChosen(role, path));
        }
        // Enter = the primary button, unless a widget has the keyboard (it handles Enter).
        let modal = matches!(self.wizard.export(), Export::Confirming(_));
        if !modal
            && self.wizard.batch().is_none()
            && self.wizard.ceremony().is_none()
            && ctx.memory(|m| m.focused().is_none())
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Enter))
        {
            actions.push(Action::Next);
        }
    }
}

fn open_folder(dir: &Path) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    // Best effort: without a file manager nothing happens; the path is shown on the page.
    std::process::Command::new(opener).arg(dir).spawn().ok();
}

impl eframe::App for WizardApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        let from_worker = match &mut self.worker {
            Some(w) => w.poll(),
            None => Vec::new(),
        };
        for a in from_worker {
            self.dispatch(ctx, a);
        }
        if self.worker.as_ref().is_some_and(Worker::is_finished) {
            self.worker = None;
        }
        let from_batch = match &mut self.batch_worker {
            Some(w) => w.poll(),
            None => Vec::new(),
        };
        for a in from_batch {
            self.dispatch(ctx, a);
        }
        if let Some(a) = self.unlock_worker.as_mut().and_then(OneShotWorker::poll) {
            self.unlock_worker = None;
            self.dispatch(ctx, a);
        }
        let mut pending = Vec::new();
        for slot in [&mut self.export_worker, &mut self.ceremony_worker] {
            if let Some(a) = slot.as_mut().and_then(OneShotWorker::poll) {
                *slot = None;
                pending.push(a);
            }
        }
        for a in pending {
            self.dispatch(ctx, a);
        }
        if let Some(a) = self.practice_worker.as_mut().and_then(OneShotWorker::poll) {
            self.practice_worker = None;
            if let Action::PracticeIssued(Ok(p)) = &a {
                self.practice_dirs.push(p.dir.clone());
            }
            self.dispatch(ctx, a);
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let tr = Tr::new(self.language());
        // The window's accessible name (a screen reader announces it; the X title alone is not
        // in the accessibility tree).
        ctx.accesskit_node_builder(egui::accesskit_root_id(), |node| {
            node.set_label(tr.msg("app-title"));
        });
        let mut actions = Vec::new();
        self.global_input(&ctx, &mut actions);
        let mut drops = DropTargets::new();

        // Where the settings menu goes; it is drawn after the page and the navigation, so
        // that Tab reaches the page first.
        let mut switch_rect = egui::Rect::NOTHING;
        egui::Panel::top("title").show(ui, |ui| {
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                super::widgets::heading(ui, tr.msg("app-title"), 1);
                // The tagline gives way to the settings menu at the right edge.
                let row_height = ui.spacing().interact_size.y;
                let tagline_width = (ui.available_width() - SETTINGS_MENU_WIDTH).max(0.0);
                ui.allocate_ui_with_layout(
                    egui::vec2(tagline_width, row_height),
                    egui::Layout::left_to_right(egui::Align::Center),
                    |ui| {
                        ui.add(
                            egui::Label::new(egui::RichText::new(tr.msg("app-tagline")).weak())
                                .truncate(),
                        );
                    },
                );
                let size = egui::vec2(ui.available_width(), row_height);
                switch_rect = ui.allocate_exact_size(size, egui::Sense::hover()).0;
            });
            ui.add_space(2.0);
        });
        egui::Panel::left("steps")
            .resizable(false)
            .exact_size(190.0)
            .show(ui, |ui| nav::step_list(ui, tr, &self.wizard));
        egui::CentralPanel::default().show(ui, |ui| {
            // Page first, navigation last: the Tab order follows the drawing order.
            let full = ui.max_rect();
            let nav_height = 62.0;
            let page_rect = egui::Rect::from_min_max(
                full.min,
                egui::pos2(full.max.x, full.max.y - nav_height - 6.0),
            );
            let nav_rect =
                egui::Rect::from_min_max(egui::pos2(full.min.x, full.max.y - nav_height), full.max);
            ui.scope_builder(egui::UiBuilder::new().max_rect(page_rect), |ui| {
                let scroll = egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
                    .show(ui, |ui| {
                        let w = &self.wizard;
                        if w.batch().is_some() {
                            batch::ui(ui, tr, w, &mut actions, &mut drops);
                            return;
                        }
                        if w.ceremony().is_some() {
                            ceremony::ui(ui, tr, w, &mut actions, &mut drops);
                            return;
                        }
                        match w.step() {
                            Step::CloudAndKey => cloud_and_key::ui(ui, tr, w, &mut actions),
                            Step::WrappingKey => {
                                wrapping_key::ui(ui, tr, w, &mut actions, &mut drops)
                            }
                            Step::KeyMaterial => {
                                key_material::ui(ui, tr, w, &mut actions, &mut drops)
                            }
                            Step::Wrap => wrap::ui(ui, tr, w, &mut actions),
                            Step::Export => export::ui(ui, tr, w, &mut actions, &mut drops),
                        }
                    });
                // The page's scroll bar, by name (egui gives it the role only; its id is the
                // scroll area's with the axis, 1 = vertical).
                ctx.accesskit_node_builder(scroll.id.with(1usize), |node| {
                    node.set_label(tr.msg("page-scroll-bar"));
                });
            });
            ui.painter().hline(
                full.x_range(),
                nav_rect.min.y - 3.0,
                ui.visuals().widgets.noninteractive.bg_stroke,
            );
            if self.wizard.batch().is_none() && self.wizard.ceremony().is_none() {
                ui.scope_builder(egui::UiBuilder::new().max_rect(nav_rect), |ui| {
                    nav::nav_bar(ui, tr, &self.wizard, &mut actions);
                });
            }
        });
        ui.scope_builder(
            egui::UiBuilder::new()
                .max_rect(switch_rect)
                .layout(egui::Layout::right_to_left(egui::Align::Center)),
            |ui| nav::settings_menu(ui, tr, &self.wizard, &mut actions),
        );
        export::confirm_modal(&ctx, tr, &self.wizard, &mut actions);
        if let Some(chooser) = &mut self.chooser {
            match chooser.ui(&ctx, tr) {
                file_chooser::Outcome::Open => {}
                file_chooser::Outcome::Cancelled => self.chooser = None,
                file_chooser::Outcome::Chosen(role, path) => {
                    self.chooser = None;
                    actions.push(Action::FileChosen(role, path));
                }
            }
        }

        self.drops = drops;
        let any = !actions.is_empty();
        for a in actions {
            self.dispatch(&ctx, a);
        }
        if any {
            self.forget_wiped_secrets(&ctx);
        }
        if any {
            // Draw the new state right away.
            ctx.request_repaint();
        }
        if std::env::var_os("BYOK_DEBUG_RECT").is_some() {
            let r = ctx.content_rect();
            eprintln!("DEBUG frame rect {:?} ppp {}", r, ctx.pixels_per_point());
        }
        if let Some(since) = self.timing_since.take() {
            let r = ctx.content_rect();
            eprintln!(
                "byok-wizard: first frame after {} ms ({:.0}x{:.0} points at {:.2} pixels per point, language {})",
                since.elapsed().as_millis(),
                r.width(),
                r.height(),
                ctx.pixels_per_point(),
                tr.language().tag()
            );
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        storage.set_string(Prefs::STORAGE_KEY, self.wizard.prefs().to_json());
    }

    /// egui's own memory is not kept: nothing in it is needed, and it could hold typed text.
    fn persist_egui_memory(&self) -> bool {
        false
    }
}

/// Keep a worker that started in its slot; a thread that could not start becomes the error of
/// the action its answer would have been.
fn keep_worker<W>(
    slot: &mut Option<W>,
    started: std::io::Result<W>,
    what: &str,
    failed: impl FnOnce(Error) -> Action,
) -> Option<Action> {
    match started {
        Ok(w) => {
            *slot = Some(w);
            None
        }
        Err(e) => Some(failed(Error::runtime(
            what,
            format!("cannot start the background thread ({e})"),
        ))),
    }
}
