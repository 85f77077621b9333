//! Small building blocks shared by the pages: labelled text fields, the file field (path +
//! Browse + Load + Paste + drop target), the Problem box and fact tables.

use super::text;
use crate::i18n::Tr;
use crate::wizard::{Action, FileRole, Inputs, Problem, Step, TextField, Wizard, MAX_SECRET_CHARS};
use egui::{Id, RichText, TextEdit, Ui};
use zeroize::Zeroizing;

/// Where a dropped file goes: the screen area of a file field and its role.
pub type DropTargets = Vec<(egui::Rect, FileRole)>;

/// Width of the label column, so fields line up.
const LABEL_WIDTH: f32 = 170.0;

/// The stable id of a field's text edit (focus survives layout changes).
pub fn field_id(field: TextField) -> Id {
    Id::unique(("byok-field", field))
}

/// A left-aligned label in the label column.
pub fn field_label(ui: &mut Ui, text: impl Into<egui::WidgetText>) -> egui::Response {
    ui.allocate_ui_with_layout(
        egui::vec2(LABEL_WIDTH, ui.spacing().interact_size.y),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_min_width(LABEL_WIDTH);
            ui.label(text)
        },
    )
    .inner
}

/// A label and a single-line text field tied to it (its accessible name). The text is edited
/// in a copy that is wiped afterwards; a change becomes [`Action::SetText`].
pub fn text_field(
    ui: &mut Ui,
    wizard: &Wizard,
    field: TextField,
    label: &str,
    hint: &str,
    actions: &mut Vec<Action>,
) -> egui::Response {
    ui.horizontal(|ui| {
        let label = field_label(ui, label);
        let current = wizard.inputs().text(field);
        // A secret's working copy gets its full capacity up front and a length cap, so typing
        // never reallocates it (a reallocation would free the old bytes unwiped).
        let mut text = Zeroizing::new(if field.is_secret() {
            let mut s = String::with_capacity(Inputs::SECRET_CAPACITY.max(current.len()));
            s.push_str(current);
            s
        } else {
            current.to_owned()
        });
        let width = (ui.available_width() - 8.0).clamp(120.0, 520.0);
        let mut edit = TextEdit::singleline(&mut *text)
            .id(field_id(field))
            .password(field.is_secret())
            .hint_text(hint)
            .desired_width(width);
        if field.is_secret() {
            edit = edit.char_limit(MAX_SECRET_CHARS);
        }
        let response = ui.add(edit).labelled_by(label.id);
        if response.changed() {
            actions.push(Action::SetText(field, std::mem::take(&mut *text)));
        }
        response
    })
    .inner
}

/// Whether Enter was pressed to leave this single-line field.
pub fn submitted(ui: &Ui, response: &egui::Response) -> bool {
    response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
}

/// A file (or folder) field: path text, Browse…, and for files Load and (optionally) Paste.
/// Enter in the path loads it, and so does leaving the field with a new path in it. The row is a drop target for its role.
/// What a file field is for and how it reads.
pub struct FileField<'a> {
    pub role: FileRole,
    pub label: &'a str,
    /// Shown in the empty field.
    pub hint: &'a str,
    /// Offer a Paste button (clipboard text instead of a file).
    pub paste: bool,
}

pub fn file_field(
    ui: &mut Ui,
    tr: Tr,
    wizard: &Wizard,
    spec: &FileField<'_>,
    actions: &mut Vec<Action>,
    drops: &mut DropTargets,
) {
    let FileField {
        role,
        label,
        hint,
        paste,
    } = *spec;
    let field = role.path_field();
    let row = ui.horizontal(|ui| {
        let label = field_label(ui, label);
        let mut text = Zeroizing::new(wizard.inputs().text(field).to_owned());
        let buttons = if role.is_read() { 150.0 } else { 80.0 } + if paste { 60.0 } else { 0.0 };
        let width = (ui.available_width() - buttons).clamp(160.0, 480.0);
        let response = ui
            .add(
                TextEdit::singleline(&mut *text)
                    .id(field_id(field))
                    .hint_text(hint)
                    .desired_width(width),
            )
            .labelled_by(label.id);
        if response.changed() {
            actions.push(Action::SetText(field, std::mem::take(&mut *text)));
        }
        if role.is_read() && submitted(ui, &response) {
            actions.push(Action::Load(role));
        } else if role.is_read() && response.lost_focus() {
            // Tab or a click elsewhere: what was typed is read too (the wizard skips a path it
            // has just read).
            actions.push(Action::LeftPathField(role));
        }
        let what = || [("what", text::role_noun(tr, role).into())];
        if ui
            .button(tr.msg("file-browse"))
            .accessible_name(tr.msg_with("file-browse-name", &what()))
            .on_hover_text(tr.msg_with("file-browse-hint", &what()))
            .clicked()
        {
            actions.push(Action::Browse(role));
        }
        if role.is_read()
            && ui
                .add_enabled(
                    !wizard.inputs().text(field).trim().is_empty(),
                    egui::Button::new(tr.msg("file-load")),
                )
                .accessible_name(tr.msg_with("file-load-name", &what()))
                .on_hover_text(tr.msg("file-load-hint"))
                .clicked()
        {
            actions.push(Action::Load(role));
        }
        if paste
            && ui
                .button(tr.msg("file-paste"))
                .accessible_name(tr.msg_with("file-paste-name", &what()))
                .on_hover_text(tr.msg("file-paste-hint"))
                .clicked()
        {
            actions.push(Action::Paste(role));
        }
    });
    drops.push((row.response.rect, role));
}

/// A Problem box: headline, possible causes, what to do, and the details folded away (the
/// details are the core error's own line, in English in every language).
pub fn problem_box(ui: &mut Ui, tr: Tr, id: &str, problem: &Problem) {
    let error = ui.visuals().error_fg_color;
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.5, error))
        .inner_margin(egui::Margin::same(10))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(text::problem_headline(tr, problem.kind))
                    .strong()
                    .color(error),
            );
            let causes = text::problem_causes(tr, problem.kind);
            if !causes.is_empty() {
                ui.label(tr.msg("problem-causes"));
                for c in &causes {
                    ui.label(format!("  • {c}"));
                }
            }
            ui.label(tr.msg_with(
                "problem-what-to-do",
                &[("what", text::what_to_do(tr, &problem.what_to_do).into())],
            ));
            egui::CollapsingHeader::new(tr.msg("problem-details"))
                .id_salt(("problem-details", id))
                .show(ui, |ui| {
                    ui.add(
                        egui::Label::new(RichText::new(&problem.details).monospace())
                            .selectable(true),
                    );
                });
        });
}

/// A note in the warning colour.
/// A red-framed problem for a page outside the wizard's steps (batch, ceremony): a headline in
/// the window's language and the core error's one line.
pub fn problem_frame(ui: &mut Ui, headline: String, e: &crate::core::error::Error) {
    let error = ui.visuals().error_fg_color;
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.5, error))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(headline).strong().color(error));
            ui.label(e.one_line());
        });
}

pub fn warning(ui: &mut Ui, tr: Tr, note: impl Into<String>) {
    let color = ui.visuals().warn_fg_color;
    let note = tr.msg_with("note", &[("note", note.into().into())]);
    ui.label(RichText::new(note).color(color));
}

/// A two-column table of facts (name, value); values can be selected and copied.
pub fn facts(ui: &mut Ui, id: &str, rows: &[(String, String)]) {
    egui::Grid::new(("facts", id))
        .num_columns(2)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for (k, v) in rows {
                ui.label(RichText::new(k).strong());
                ui.add(egui::Label::new(v.as_str()).selectable(true).wrap());
                ui.end_row();
            }
        });
}

/// A page heading with the step's one-line purpose.
pub fn page_heading(ui: &mut Ui, tr: Tr, wizard: &Wizard, purpose: &str) {
    let step = wizard.step();
    heading(
        ui,
        tr.msg_with(
            "page-heading",
            &[
                ("number", step.number().into()),
                ("total", Step::ALL.len().into()),
                ("title", text::step_title(tr, step).into()),
            ],
        ),
        2,
    );
    ui.label(RichText::new(purpose).weak());
    ui.add_space(8.0);
}

/// Draw a heading that is one in the accessibility tree too (egui gives headings the plain label
/// role): role heading, its level, its text as its name.
pub fn heading(ui: &mut Ui, text: impl Into<String>, level: usize) -> egui::Response {
    let text = text.into();
    let response = ui.heading(text.clone());
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_role(egui::accesskit::Role::Heading);
        node.set_level(level);
        node.set_label(text);
    });
    response
}

/// Group the SHA-256 hex in fours for reading aloud.
pub fn grouped_hex(hex: &str) -> String {
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}
