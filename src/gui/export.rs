//! Step 5, Export: choose a folder, see the files with their console role and size, confirm
//! before replacing a non-empty folder; afterwards the console steps and the cloud CLI line with
//! Copy buttons, and Open folder.

use super::widgets::{self, file_field, page_heading, problem_box, DropTargets, FileField};
use crate::core::bundle::Encoding;
use crate::core::practice::Verdict;
use crate::wizard::{Action, CopyWhat, Export, FileRole, Wizard};
use egui::{RichText, Ui};

/// Draw the page.
pub fn ui(ui: &mut Ui, wizard: &Wizard, actions: &mut Vec<Action>, drops: &mut DropTargets) {
    page_heading(
        ui,
        wizard,
        "Choose a new or empty folder for the bundle, then press Export.",
    );
    let Some(out) = wizard.output() else {
        return;
    };
    file_field(
        ui,
        wizard,
        &FileField {
            role: FileRole::ExportFolder,
            label: "Bundle folder",
            hint: "a new or empty folder (created if missing)",
            paste: false,
        },
        actions,
        drops,
    );
    ui.add_space(8.0);
    ui.label(RichText::new("Files in the bundle").strong());
    egui::Grid::new("bundle-files")
        .num_columns(3)
        .striped(true)
        .spacing([18.0, 4.0])
        .show(ui, |ui| {
            ui.label(RichText::new("File").strong());
            ui.label(RichText::new("Console role").strong());
            ui.label(RichText::new("Size").strong());
            ui.end_row();
            for f in &out.bundle.files {
                ui.label(RichText::new(&f.name).monospace());
                ui.label(match (f.role, f.encoding) {
                    (Some(r), _) => r.console_label(),
                    (None, _) if f.name == "manifest.json" => "Manifest (file list and hashes)",
                    (None, Encoding::Base64) => "The same upload as base64 text",
                    (None, Encoding::Binary) => "The same upload as binary",
                    (None, _) => "Extra copy",
                });
                ui.label(format!("{} bytes", f.bytes.len()));
                ui.end_row();
            }
        });
    if let Some(p) = wizard.export_problem() {
        problem_box(ui, "export", p);
    }
    let Export::Written(dir) = wizard.export() else {
        return;
    };
    ui.add_space(10.0);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(format!("Bundle written to {}", dir.display())).strong());
        if let Some(b) = &out.backup {
            ui.label(format!(
                "Keep the backup {} and its passphrase somewhere safe.",
                b.display()
            ));
        }
        if ui.button("Open folder").clicked() {
            actions.push(Action::OpenFolder);
        }
    });
    practice_panel(ui, wizard, actions);
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new("Console steps").strong());
        if ui.button("Copy console steps").clicked() {
            actions.push(Action::Copy(CopyWhat::ConsoleSteps));
        }
    });
    for (i, s) in out.bundle.console_steps.iter().enumerate() {
        ui.add(egui::Label::new(format!("{}. {s}", i + 1)).wrap());
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new("Command line").strong());
        if ui.button("Copy command line").clicked() {
            actions.push(Action::Copy(CopyWhat::CliLine));
        }
    });
    ui.add(
        egui::Label::new(RichText::new(&out.bundle.cli_line).monospace())
            .selectable(true)
            .wrap(),
    );
    ui.add_space(6.0);
    widgets::warning(
        ui,
        "Import before the token expires. The bundle holds no plaintext key material.",
    );
}

/// The "replace the folder?" question, while it is asked.
pub fn confirm_modal(ctx: &egui::Context, wizard: &Wizard, actions: &mut Vec<Action>) {
    let Export::Confirming(dir) = wizard.export() else {
        return;
    };
    let mut chosen = Vec::new();
    let response = egui::Modal::new(egui::Id::unique("confirm-replace")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.heading("Replace the folder's contents?");
        ui.label(format!(
            "The folder {} is not empty. Everything in it will be replaced by the bundle (only once the new bundle is complete).",
            dir.display()
        ));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Replace contents").clicked() {
                chosen.push(Action::ConfirmReplace);
            }
            if ui.button("Cancel").clicked() {
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
fn practice_panel(ui: &mut Ui, wizard: &Wizard, actions: &mut Vec<Action>) {
    let practice = wizard.practice();
    if !practice.on || practice.issued.is_none() {
        return;
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                !practice.grading,
                egui::Button::new("Import into the practice KMS"),
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
        problem_box(ui, "practice", p);
    }
    let Some(verdict) = &practice.verdict else {
        return;
    };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        let heading = ui.label(RichText::new("Practice KMS verdict").strong());
        let text = match verdict {
            Verdict::Accepted {
                what,
                construction,
                value,
            } => format!("accepted: {what} imported\n{construction}: {value}"),
            Verdict::Rejected { cloud, plain } => {
                format!("rejected: {cloud}\nwhat went wrong: {plain}")
            }
        };
        for line in text.lines() {
            ui.add(egui::Label::new(line).wrap())
                .labelled_by(heading.id);
        }
    });
}
