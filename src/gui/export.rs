//! Step 5, Export: choose a folder, see the files with their console role and size, confirm
//! before replacing a non-empty folder; afterwards the console steps and the cloud CLI line with
//! Copy buttons, and Open folder.

use super::text;
use super::widgets::{self, file_field, page_heading, problem_box, DropTargets, FileField};
use crate::core::bundle::Encoding;
use crate::core::practice::Verdict;
use crate::i18n::Tr;
use crate::wizard::{Action, CopyWhat, Export, FileRole, Wizard};
use egui::{RichText, Ui};

/// Draw the page.
pub fn ui(
    ui: &mut Ui,
    tr: Tr,
    wizard: &Wizard,
    actions: &mut Vec<Action>,
    drops: &mut DropTargets,
) {
    page_heading(ui, tr, wizard, &tr.msg("export-purpose"));
    let Some(out) = wizard.output() else {
        return;
    };
    file_field(
        ui,
        tr,
        wizard,
        &FileField {
            role: FileRole::ExportFolder,
            label: &tr.msg("export-folder-label"),
            hint: &tr.msg("export-folder-hint"),
            paste: false,
        },
        actions,
        drops,
    );
    ui.add_space(8.0);
    ui.label(RichText::new(tr.msg("export-files")).strong());
    egui::Grid::new("bundle-files")
        .num_columns(3)
        .striped(true)
        .spacing([18.0, 4.0])
        .show(ui, |ui| {
            ui.label(RichText::new(tr.msg("export-column-file")).strong());
            ui.label(RichText::new(tr.msg("export-column-role")).strong());
            ui.label(RichText::new(tr.msg("export-column-size")).strong());
            ui.end_row();
            for f in &out.bundle.files {
                ui.label(RichText::new(&f.name).monospace());
                ui.label(match (f.role, f.encoding) {
                    (Some(r), _) => text::bundle_role(tr, r),
                    (None, _) if f.name == "manifest.json" => tr.msg("bundle-role-manifest"),
                    (None, Encoding::Base64) => tr.msg("bundle-role-same-base64"),
                    (None, Encoding::Binary) => tr.msg("bundle-role-same-binary"),
                    (None, _) => tr.msg("bundle-role-extra-copy"),
                });
                ui.label(tr.msg_with("file-size", &[("bytes", f.bytes.len().into())]));
                ui.end_row();
            }
        });
    if let Some(p) = wizard.export_problem() {
        problem_box(ui, tr, "export", p);
    }
    let Export::Written(dir) = wizard.export() else {
        return;
    };
    ui.add_space(10.0);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(tr.msg_with(
                "export-written",
                &[("folder", dir.display().to_string().into())],
            ))
            .strong(),
        );
        if let Some(b) = &out.backup {
            ui.label(tr.msg_with(
                "export-keep-backup",
                &[("file", b.display().to_string().into())],
            ));
        }
        if ui.button(tr.msg("export-open-folder")).clicked() {
            actions.push(Action::OpenFolder);
        }
    });
    practice_panel(ui, tr, wizard, actions);
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(tr.msg("export-console-steps")).strong());
        if ui.button(tr.msg("export-copy-console-steps")).clicked() {
            actions.push(Action::Copy(CopyWhat::ConsoleSteps));
        }
    });
    // The steps and the command line are the bundle's README.txt, which is in English.
    ui.label(RichText::new(tr.msg("export-steps-as-in-readme")).weak());
    for (i, s) in out.bundle.console_steps.iter().enumerate() {
        ui.add(egui::Label::new(format!("{}. {s}", i + 1)).wrap());
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let heading = if out.bundle.cli_line_for_this_system().1 {
            tr.msg("export-command-line-powershell")
        } else {
            tr.msg("export-command-line")
        };
        ui.label(RichText::new(heading).strong());
        if ui.button(tr.msg("export-copy-command-line")).clicked() {
            actions.push(Action::Copy(CopyWhat::CliLine));
        }
    });
    ui.add(
        egui::Label::new(RichText::new(out.bundle.cli_line_for_this_system().0).monospace())
            .selectable(true)
            .wrap(),
    );
    ui.add_space(6.0);
    widgets::warning(ui, tr, tr.msg("export-import-before-expiry"));
}

/// The "replace the folder?" question, while it is asked.
pub fn confirm_modal(ctx: &egui::Context, tr: Tr, wizard: &Wizard, actions: &mut Vec<Action>) {
    let Export::Confirming(dir) = wizard.export() else {
        return;
    };
    let mut chosen = Vec::new();
    let response = egui::Modal::new(egui::Id::unique("confirm-replace")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.heading(tr.msg("replace-heading"));
        ui.label(tr.msg_with(
            "replace-explained",
            &[("folder", dir.display().to_string().into())],
        ));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button(tr.msg("replace-confirm")).clicked() {
                chosen.push(Action::ConfirmReplace);
            }
            if ui.button(tr.msg("replace-cancel")).clicked() {
                chosen.push(Action::CancelReplace);
            }
        });
    });
    if response.should_close() && chosen.is_empty() {
        chosen.push(Action::CancelReplace);
    }
    actions.extend(chosen);
}

/// Practice mode: import the written bundle into the practice KMS and show its verdict.
fn practice_panel(ui: &mut Ui, tr: Tr, wizard: &Wizard, actions: &mut Vec<Action>) {
    let practice = wizard.practice();
    if !practice.on || practice.issued.is_none() {
        return;
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                !practice.grading,
                egui::Button::new(tr.msg("practice-import")),
            )
            .clicked()
        {
            actions.push(Action::GradePractice);
        }
        if practice.grading {
            ui.spinner();
        }
    });
    if let Some(p) = &practice.problem {
        problem_box(ui, tr, "practice", p);
    }
    let Some(verdict) = &practice.verdict else {
        return;
    };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let heading = ui.label(RichText::new(tr.msg("practice-verdict")).strong());
        // The practice KMS's own words (what the cloud would say, and the plain-words diagnosis)
        // are English; the verdict around them is in the window's language.
        let ok = matches!(verdict, Verdict::Accepted { .. });
        let colour = if ok {
            egui::Color32::from_rgb(0x2e, 0x8b, 0x57)
        } else {
            ui.visuals().error_fg_color
        };
        let lines = match verdict {
            Verdict::Accepted { what, value, .. } => {
                // Accepted: the practice KMS recovered exactly the material that was wrapped.
                let spec = wizard.inputs().key_spec;
                let (what, method) = match wizard.output() {
                    Some(out) => (
                        text::material(tr, &out.facts, spec),
                        text::check_value_method(tr, out.facts.method),
                    ),
                    None => (what.clone(), String::new()),
                };
                let mut lines = vec![
                    tr.msg_with("verdict-accepted", &[("what", what.into())]),
                    tr.msg_with(
                        "verdict-check-value",
                        &[("method", method.into()), ("value", value.as_str().into())],
                    ),
                ];
                // Said in words: the value the practice KMS recovered is the one the Wrap page
                // showed before the material was dropped.
                if wizard
                    .output()
                    .is_some_and(|o| o.facts.check_value.eq_ignore_ascii_case(value))
                {
                    lines.push(tr.msg("verdict-check-value-matches"));
                }
                lines
            }
            Verdict::Rejected { cloud, plain } => vec![
                tr.msg_with("verdict-rejected", &[("cloud", cloud.as_str().into())]),
                tr.msg_with(
                    "verdict-what-went-wrong",
                    &[("plain", plain.as_str().into())],
                ),
            ],
        };
        for (i, line) in lines.into_iter().enumerate() {
            // The verdict line in its colour (green accepted, red rejected), the rest plain.
            let text = if i == 0 {
                RichText::new(line).strong().color(colour)
            } else {
                RichText::new(line)
            };
            ui.add(egui::Label::new(text).wrap())
                .labelled_by(heading.id);
        }
    });
}
