//! The Batch page (beside the wizard): a plan and a folder, Check (every row checked on the
//! worker, shown as a table with the problems per row), Run (a progress bar and a status per
//! row), Cancel (rows done stay done; the running row is rolled back), and the summary with Open
//! folder.

use super::widgets::{file_field, DropTargets, FileField};
use crate::core::batch::{PreviewState, Status};
use crate::core::input::params::fmt_time;
use crate::i18n::Tr;
use crate::wizard::{Action, BatchPhase, BatchRow, FileRole, Wizard};
use egui::{RichText, Ui};

/// Draw the page.
pub fn ui(
    ui: &mut Ui,
    tr: Tr,
    wizard: &Wizard,
    actions: &mut Vec<Action>,
    drops: &mut DropTargets,
) {
    let Some(b) = wizard.batch() else {
        return;
    };
    super::widgets::heading(ui, tr.msg("batch-heading"), 2);
    ui.label(tr.msg("batch-purpose"));
    ui.add_space(6.0);
    let editable = matches!(
        b.phase,
        BatchPhase::Choosing | BatchPhase::Checked | BatchPhase::Finished
    );
    ui.add_enabled_ui(editable, |ui| {
        file_field(
            ui,
            tr,
            wizard,
            &FileField {
                role: FileRole::BatchPlan,
                label: &tr.msg("batch-plan-label"),
                hint: &tr.msg("batch-plan-hint"),
                paste: false,
            },
            actions,
            drops,
        );
        file_field(
            ui,
            tr,
            wizard,
            &FileField {
                role: FileRole::BatchFolder,
                label: &tr.msg("batch-folder-label"),
                hint: &tr.msg("batch-folder-hint"),
                paste: false,
            },
            actions,
            drops,
        );
    });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                wizard.can_check_batch(),
                egui::Button::new(tr.msg("batch-check")),
            )
            .on_hover_text(tr.msg("batch-check-hint"))
            .clicked()
        {
            actions.push(Action::CheckBatch);
        }
        if let (Some(w), BatchPhase::Choosing) = (wizard.batch_wait(), b.phase) {
            ui.label(RichText::new(super::text::page_wait(tr, w)).weak());
        }
        if ui
            .add_enabled(
                wizard.can_run_batch(),
                egui::Button::new(RichText::new(tr.msg("batch-run")).strong()),
            )
            .clicked()
        {
            actions.push(Action::RunBatch);
        }
        if b.phase == BatchPhase::Running && ui.button(tr.msg("batch-cancel")).clicked() {
            actions.push(Action::CancelBatch);
        }
        if b.phase == BatchPhase::Finished && ui.button(tr.msg("batch-open-folder")).clicked() {
            actions.push(Action::OpenBatchFolder);
        }
        if ui
            .add_enabled(
                !matches!(b.phase, BatchPhase::Running | BatchPhase::Cancelling),
                egui::Button::new(tr.msg("batch-close")),
            )
            .clicked()
        {
            actions.push(Action::CloseBatch);
        }
    });
    if let Some(e) = &b.problem {
        super::widgets::problem_frame(ui, tr.msg("batch-problem"), e);
    }
    match b.phase {
        BatchPhase::Checking => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(tr.msg("batch-checking"));
            });
        }
        BatchPhase::Checked => {
            let ready = b.rows.len() - b.refused();
            ui.label(tr.msg_with(
                "batch-checked",
                &[
                    ("rows", b.rows.len().into()),
                    ("ready", ready.into()),
                    ("refused", b.refused().into()),
                ],
            ));
        }
        BatchPhase::Running | BatchPhase::Cancelling => {
            let (done, total) = b.progress();
            let label = if b.phase == BatchPhase::Cancelling {
                tr.msg("batch-cancelling")
            } else {
                tr.msg_with(
                    "batch-progress",
                    &[("done", done.into()), ("total", total.into())],
                )
            };
            ui.add(
                egui::ProgressBar::new(done as f32 / total.max(1) as f32)
                    .text(label.clone())
                    .animate(true),
            )
            .on_hover_text(label);
        }
        BatchPhase::Finished => {
            let (done, total) = b.progress();
            let line = tr.msg_with(
                "batch-summary",
                &[
                    ("wrapped", b.count(Status::Wrapped).into()),
                    ("skipped", b.count(Status::Skipped).into()),
                    ("failed", b.count(Status::Failed).into()),
                    ("total", total.into()),
                ],
            );
            let colour = if b.count(Status::Failed) == 0 && done == total {
                egui::Color32::from_rgb(0x2e, 0x8b, 0x57)
            } else {
                ui.visuals().warn_fg_color
            };
            ui.label(RichText::new(line).strong().color(colour));
            if b.cancelled {
                ui.label(tr.msg_with("batch-cancelled", &[("left", (total - done).into())]));
            }
        }
        BatchPhase::Choosing => {}
    }
    if !b.rows.is_empty() {
        ui.add_space(6.0);
        table(ui, tr, &b.rows, wizard.now());
    }
}

fn table(ui: &mut Ui, tr: Tr, rows: &[BatchRow], now: time::OffsetDateTime) {
    egui::Grid::new("batch-rows")
        .striped(true)
        .num_columns(7)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for h in [
                tr.msg("batch-col-name"),
                tr.msg("batch-col-cloud"),
                tr.msg("batch-col-spec"),
                tr.msg("batch-col-algorithm"),
                tr.msg("batch-col-material"),
                tr.msg("batch-col-expires"),
                tr.msg("batch-col-status"),
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for r in rows {
                let p = &r.preview;
                ui.label(&p.name);
                ui.label(&p.provider);
                ui.label(&p.key_spec);
                ui.label(&p.algorithm);
                ui.label(if p.generate {
                    tr.msg("batch-material-generated")
                } else {
                    tr.msg("batch-material-given")
                });
                ui.label(match p.expires {
                    Some(t) => {
                        let left = t - now;
                        tr.msg_with(
                            "batch-expires",
                            &[
                                ("time", fmt_time(t).into()),
                                ("hours", left.whole_hours().into()),
                                ("minutes", (left.whole_minutes() % 60).into()),
                            ],
                        )
                    }
                    None => tr.msg("batch-expires-none"),
                });
                status(ui, tr, r);
                ui.end_row();
            }
        });
}

fn status(ui: &mut Ui, tr: Tr, r: &BatchRow) {
    let error = ui.visuals().error_fg_color;
    let (text, colour) = match (&r.result, &r.preview.state) {
        (Some(res), _) => match res.status {
            Status::Wrapped => (
                tr.msg("batch-status-wrapped"),
                Some(egui::Color32::from_rgb(0x2e, 0x8b, 0x57)),
            ),
            Status::Skipped => (tr.msg("batch-status-skipped"), None),
            Status::Failed => (tr.msg("batch-status-failed"), Some(error)),
        },
        (None, _) if r.running => (tr.msg("batch-status-running"), None),
        (None, PreviewState::Ready) => (tr.msg("batch-status-ready"), None),
        (None, PreviewState::Complete) => (tr.msg("batch-status-complete"), None),
        (None, PreviewState::Refused(_)) => (tr.msg("batch-status-refused"), Some(error)),
    };
    ui.vertical(|ui| {
        let mut t = RichText::new(text);
        if let Some(c) = colour {
            t = t.color(c);
        }
        ui.label(t);
        if let Some(why) = r.problem() {
            ui.label(RichText::new(why).small().color(error));
        }
    });
}
