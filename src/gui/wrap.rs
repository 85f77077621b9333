//! Step 4, Wrap: a summary of what will be done, then the work on the background thread with a
//! spinner, the elapsed time and (during RSA generation) Cancel. Errors show as a Problem box.

use super::widgets::{self, grouped_hex, page_heading, problem_box};
use crate::wizard::{describe_generation, describe_material, Action, Wizard, Work};
use egui::{RichText, Ui};

/// Draw the page.
pub fn ui(ui: &mut Ui, wizard: &Wizard, actions: &mut Vec<Action>) {
    page_heading(
        ui,
        wizard,
        "Check the summary, then press Wrap. Nothing is written to the export folder yet.",
    );
    summary(ui, wizard);
    ui.add_space(10.0);
    match wizard.work() {
        Work::Running {
            phase,
            started,
            cancelling,
        } => {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!(
                    "{}  {} s",
                    phase.describe(),
                    started.elapsed().as_secs()
                ));
            });
            if phase.can_cancel() {
                let text = if cancelling {
                    "Cancelling…"
                } else {
                    "Cancel"
                };
                if ui
                    .add_enabled(!cancelling, egui::Button::new(text))
                    .on_hover_text("Stop generating the key; nothing is written")
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
                let spec = out.request.offer.key_spec;
                let what = match wizard.material() {
                    Some(m) => describe_material(m, spec).0,
                    None => out.request.material.describe(spec),
                };
                let (construction, kcv) = out.request.material.check_value(spec);
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(RichText::new("Wrapped").strong());
                    let mut rows = vec![
                        ("Material", what),
                        ("Key check value", format!("{kcv}  ({construction})")),
                        (
                            "Files",
                            format!("{} files ready to export", out.bundle.files.len()),
                        ),
                    ];
                    if let Some(b) = &out.backup {
                        rows.push(("Backup written", b.display().to_string()));
                    }
                    widgets::facts(ui, "wrapped", &rows);
                });
                ui.label("Press Next to choose where the bundle goes.");
            } else if let Some(p) = wizard.wrap_problem() {
                problem_box(ui, "wrap", p);
                ui.label("Press Wrap to try again.");
            } else if let Some(n) = wizard.wrap_notice() {
                ui.label(RichText::new(n).strong());
                ui.label("Press Wrap to start again.");
            } else {
                ui.label("Press Wrap (or Enter) to start.");
            }
        }
    }
}

fn summary(ui: &mut Ui, wizard: &Wizard) {
    let i = wizard.inputs();
    let Some(offer) = wizard.offer() else {
        return;
    };
    let mut rows = vec![
        ("Cloud", i.provider.info().display_name.to_owned()),
        (
            "Key spec",
            super::cloud_and_key::spec_label(i.provider, i.key_spec),
        ),
        ("Wrapping algorithm", offer.algorithm.name().to_owned()),
    ];
    if let Some(p) = wizard.parameters() {
        let wk = &p.params.wrapping_key;
        rows.push((
            "Wrapping key",
            format!(
                "{}, SHA-256 {}",
                wk.describe(),
                grouped_hex(&wk.sha256_hex()[..16])
            ),
        ));
        rows.push((
            "Key id",
            p.key_id.clone().unwrap_or_else(|| "(none)".into()),
        ));
        rows.push((
            "Import token",
            if p.token.is_some() {
                "included"
            } else {
                "none"
            }
            .into(),
        ));
    }
    let material = match wizard.material() {
        Some(m) => describe_material(m, i.key_spec).0,
        None => format!("generate {}", describe_generation(i.key_spec)),
    };
    rows.push(("Key material", material));
    if wizard.will_generate() {
        rows.push((
            "Backup",
            if i.keep_own_copy {
                "none: you keep your own copy".into()
            } else {
                format!("{} (age, passphrase)", i.backup_path.trim())
            },
        ));
    }
    widgets::facts(ui, "summary", &rows);
    if wizard.parameters().is_some_and(|p| p.key_id.is_none()) {
        widgets::warning(
            ui,
            "No key id: the console steps and the command line say <key-id>, and no API request body is written. Type the key id on the Cloud and key page to get them ready to use.",
        );
    }
    if offer.deprecated {
        widgets::warning(ui, "The wrapping algorithm is deprecated (PKCS#1 v1.5).");
    }
}
