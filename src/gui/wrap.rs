//! Step 4, Wrap: a summary of what will be done, then the work on the background thread with a
//! spinner, the elapsed time and (during RSA generation) Cancel. Errors show as a Problem box.

use super::text;
use super::widgets::{self, grouped_hex, page_heading, problem_box};
use crate::i18n::Tr;
use crate::wizard::{Action, Wizard, Work};
use egui::{RichText, Ui};

/// Draw the page.
pub fn ui(ui: &mut Ui, tr: Tr, wizard: &Wizard, actions: &mut Vec<Action>) {
    page_heading(ui, tr, wizard, &tr.msg("wrap-purpose"));
    summary(ui, tr, wizard);
    ui.add_space(10.0);
    match wizard.work() {
        Work::Running {
            phase,
            started,
            cancelling,
        } => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(tr.msg_with(
                    "wrap-running",
                    &[
                        ("phase", text::phase(tr, phase).into()),
                        ("seconds", started.elapsed().as_secs().into()),
                    ],
                ));
            });
            if phase.can_cancel() {
                let label = if cancelling {
                    tr.msg("wrap-cancelling")
                } else {
                    tr.msg("wrap-cancel")
                };
                if ui
                    .add_enabled(!cancelling, egui::Button::new(label))
                    .on_hover_text(tr.msg("wrap-cancel-hint"))
                    .clicked()
                {
                    actions.push(Action::Cancel);
                }
            }
            // The elapsed time changes once a second.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(250));
        }
        Work::Idle => {
            if let Some(out) = wizard.output() {
                let spec = out.offer.key_spec;
                let what = match wizard.material() {
                    Some(m) => text::loaded_material(tr, m, spec),
                    None => text::material(tr, &out.facts, spec),
                };
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(RichText::new(tr.msg("wrap-done")).strong());
                    let mut rows = vec![
                        (tr.msg("fact-material"), what),
                        (
                            tr.msg("fact-check-value"),
                            text::check_value(tr, &out.facts),
                        ),
                        (
                            tr.msg("fact-files"),
                            tr.msg_with(
                                "wrap-files-ready",
                                &[("count", out.bundle.files.len().into())],
                            ),
                        ),
                    ];
                    if let Some(b) = &out.backup {
                        rows.push((tr.msg("fact-backup-written"), b.display().to_string()));
                    }
                    widgets::facts(ui, "wrapped", &rows);
                });
                ui.label(tr.msg("wrap-press-next"));
            } else if let Some(p) = wizard.wrap_problem() {
                problem_box(ui, tr, "wrap", p);
                ui.label(tr.msg("wrap-try-again"));
            } else if wizard.wrap_cancelled() {
                ui.label(RichText::new(tr.msg("wrap-cancelled")).strong());
                ui.label(tr.msg("wrap-start-again"));
            } else {
                ui.label(tr.msg("wrap-press-wrap"));
            }
        }
    }
}

fn summary(ui: &mut Ui, tr: Tr, wizard: &Wizard) {
    let i = wizard.inputs();
    let Some(offer) = wizard.offer() else {
        return;
    };
    let mut rows = vec![
        (tr.msg("fact-cloud"), text::provider_name(tr, i.provider)),
        (
            tr.msg("fact-key-spec"),
            super::cloud_and_key::spec_label(i.provider, i.key_spec),
        ),
        (
            tr.msg("fact-wrapping-algorithm"),
            offer.algorithm.name().to_owned(),
        ),
    ];
    if let Some(p) = wizard.parameters() {
        let wk = &p.params.wrapping_key;
        rows.push((
            tr.msg("fact-wrapping-key"),
            format!(
                "{}, SHA-256 {}",
                wk.describe(),
                grouped_hex(&wk.sha256_hex()[..16])
            ),
        ));
        rows.push((
            tr.msg("fact-key-id"),
            p.key_id.clone().unwrap_or_else(|| tr.msg("summary-none")),
        ));
        rows.push((
            tr.msg("fact-import-token"),
            if p.token.is_some() {
                tr.msg("summary-token-included")
            } else {
                tr.msg("summary-token-none")
            },
        ));
    }
    let material = match wizard.material() {
        Some(m) => text::loaded_material(tr, m, i.key_spec),
        None => tr.msg_with(
            "summary-generate",
            &[("what", text::generation(tr, i.key_spec).into())],
        ),
    };
    rows.push((tr.msg("fact-key-material"), material));
    if wizard.will_generate() {
        rows.push((
            tr.msg("fact-backup"),
            if i.keep_own_copy {
                tr.msg("backup-none")
            } else {
                tr.msg_with(
                    "backup-age",
                    &[("file", i.backup_path.trim().to_owned().into())],
                )
            },
        ));
    }
    widgets::facts(ui, "summary", &rows);
    if wizard.parameters().is_some_and(|p| p.key_id.is_none()) {
        widgets::warning(ui, tr, tr.msg("summary-no-key-id-warning"));
    }
    if offer.deprecated {
        widgets::warning(ui, tr, tr.msg("summary-deprecated-warning"));
    }
}
