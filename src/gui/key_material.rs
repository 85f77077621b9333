//! Step 3, Key material: Generate or Load. An encrypted private key asks for its passphrase.
//! Shows what was loaded and its key check value. Generated material needs an encrypted backup
//! (age passphrase typed twice + a new file) or a ticked "I keep my own copy".

use super::text;
use super::widgets::{
    self, file_field, page_heading, problem_box, submitted, text_field, DropTargets, FileField,
};
use crate::core::catalog::MaterialKind;
use crate::i18n::Tr;
use crate::wizard::{Action, FileRole, MaterialMode, Origin, TextField, Wizard};
use egui::{RichText, Ui};

/// Draw the page.
pub fn ui(
    ui: &mut Ui,
    tr: Tr,
    wizard: &Wizard,
    actions: &mut Vec<Action>,
    drops: &mut DropTargets,
) {
    page_heading(ui, tr, wizard, &tr.msg("material-purpose"));
    let inputs = wizard.inputs();
    let spec = inputs.key_spec;
    let mode = inputs.material_mode;
    ui.horizontal(|ui| {
        if ui
            .radio(
                mode == MaterialMode::Generate,
                tr.msg("material-mode-generate"),
            )
            .clicked()
        {
            actions.push(Action::SetMaterialMode(MaterialMode::Generate));
        }
        if ui
            .radio(mode == MaterialMode::Load, tr.msg("material-mode-load"))
            .clicked()
        {
            actions.push(Action::SetMaterialMode(MaterialMode::Load));
        }
        if ui
            .radio(
                mode == MaterialMode::Components,
                tr.msg("material-mode-components"),
            )
            .clicked()
        {
            actions.push(Action::SetMaterialMode(MaterialMode::Components));
        }
    });
    ui.add_space(8.0);

    match mode {
        MaterialMode::Generate => generate_ui(ui, tr, wizard, actions, drops),
        MaterialMode::Components => components_ui(ui, tr, wizard, actions, drops),
        MaterialMode::Load => {
            let hint = match spec.material() {
                MaterialKind::Symmetric { len } | MaterialKind::Hmac { len } => tr.msg_with(
                    "material-file-hint-symmetric",
                    &[("bytes", len.into()), ("digits", (2 * len).into())],
                ),
                _ => tr.msg("material-file-hint-private-key"),
            };
            file_field(
                ui,
                tr,
                wizard,
                &FileField {
                    role: FileRole::KeyMaterial,
                    label: &tr.msg("material-file-label"),
                    hint: &hint,
                    paste: false,
                },
                actions,
                drops,
            );
            if wizard.needs_passphrase() {
                ui.label(tr.msg("material-encrypted"));
                ui.horizontal(|ui| {
                    let r = text_field(
                        ui,
                        wizard,
                        TextField::MaterialPassphrase,
                        &tr.msg("material-passphrase-label"),
                        &tr.msg("material-passphrase-hint"),
                        actions,
                    );
                    let unlock = ui
                        .add_enabled(
                            !inputs.material_passphrase.is_empty() && !wizard.unlocking(),
                            egui::Button::new(tr.msg("material-unlock")),
                        )
                        .clicked();
                    if unlock || submitted(ui, &r) {
                        actions.push(Action::Unlock);
                    }
                });
                // The key derivation runs on the worker; the window stays live and can cancel.
                if wizard.unlocking() {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(tr.msg("material-unlocking"));
                        if ui
                            .button(tr.msg("material-unlock-cancel"))
                            .on_hover_text(tr.msg("material-unlock-cancel-hint"))
                            .clicked()
                        {
                            actions.push(Action::Cancel);
                        }
                    });
                }
            }
        }
    }
    if let Some(p) = wizard.material_problem() {
        problem_box(ui, tr, "key-material", p);
    }
    if let Some(p) = wizard.capacity_problem() {
        problem_box(ui, tr, "capacity", &p);
    }
    if let Some(m) = wizard.material() {
        let mut rows = vec![
            (tr.msg("fact-material"), text::loaded_material(tr, m, spec)),
            (
                tr.msg("fact-check-value"),
                text::check_value(tr, &m.material.facts(spec)),
            ),
        ];
        match &m.origin {
            Origin::Loaded { from } => {
                rows.push((tr.msg("fact-loaded-from"), text::input_name(tr, from)))
            }
            Origin::Assembled {
                ceremony,
                custodians,
            } => {
                rows.push((
                    tr.msg("fact-assembled-from"),
                    tr.msg_with(
                        "assembled-from",
                        &[
                            ("custodians", custodians.join(", ").into()),
                            ("ceremony", ceremony.clone().into()),
                        ],
                    ),
                ));
            }
            Origin::Generated { backup } => rows.push((
                tr.msg("fact-backup"),
                backup
                    .as_ref()
                    .map(|b| tr.msg_with("backup-age", &[("file", b.display().to_string().into())]))
                    .unwrap_or_else(|| tr.msg("backup-none")),
            )),
        }
        ui.add_space(6.0);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(tr.msg("material-ready")).strong());
            widgets::facts(ui, "material", &rows);
        });
    }
}

/// Assembling from a ceremony's components: each custodian in turn loads (or drops) their
/// component file; the list shows who has, with each component's check value for them to compare
/// with their form. The key itself is never shown, only its check value once assembled.
fn components_ui(
    ui: &mut Ui,
    tr: Tr,
    wizard: &Wizard,
    actions: &mut Vec<Action>,
    drops: &mut DropTargets,
) {
    ui.label(tr.msg("components-intro"));
    let (have, need) = wizard.components();
    if wizard.material().is_none() {
        file_field(
            ui,
            tr,
            wizard,
            &FileField {
                role: FileRole::Component,
                label: &tr.msg("component-file-label"),
                hint: &tr.msg("component-file-hint"),
                paste: false,
            },
            actions,
            drops,
        );
    }
    if !have.is_empty() {
        ui.add_space(4.0);
        let rows: Vec<(String, String)> = have
            .iter()
            .map(|c| {
                (
                    tr.msg_with(
                        "component-row-custodian",
                        &[
                            ("index", c.index.into()),
                            ("custodian", c.custodian.clone().into()),
                        ],
                    ),
                    tr.msg_with(
                        "component-row-check-value",
                        &[("value", c.check_value.clone().into())],
                    ),
                )
            })
            .collect();
        widgets::facts(ui, "components", &rows);
        if let Some(n) = need {
            ui.label(tr.msg_with(
                "components-progress",
                &[("have", have.len().into()), ("need", n.into())],
            ));
        }
    }
    if wizard.material().is_some() {
        widgets::warning(ui, tr, tr.msg("components-compare-kcv"));
    }
}

fn generate_ui(
    ui: &mut Ui,
    tr: Tr,
    wizard: &Wizard,
    actions: &mut Vec<Action>,
    drops: &mut DropTargets,
) {
    let inputs = wizard.inputs();
    if wizard.material().is_some() {
        ui.label(tr.msg("material-generated-kept"));
        return;
    }
    ui.label(tr.msg_with(
        "material-will-generate",
        &[("what", text::generation(tr, inputs.key_spec).into())],
    ));
    ui.label(RichText::new(tr.msg("material-no-way-back")).strong());
    ui.add_space(6.0);
    ui.label(RichText::new(tr.msg("backup-heading")).strong());
    ui.add_enabled_ui(!inputs.keep_own_copy, |ui| {
        file_field(
            ui,
            tr,
            wizard,
            &FileField {
                role: FileRole::Backup,
                label: &tr.msg("backup-file-label"),
                hint: &tr.msg("backup-file-hint"),
                paste: false,
            },
            actions,
            drops,
        );
        text_field(
            ui,
            wizard,
            TextField::BackupPassphrase,
            &tr.msg("backup-passphrase-label"),
            &tr.msg_with(
                "backup-passphrase-hint",
                &[("min", crate::wizard::MIN_BACKUP_PASSPHRASE_CHARS.into())],
            ),
            actions,
        );
        let r = text_field(
            ui,
            wizard,
            TextField::BackupPassphraseRepeat,
            &tr.msg("backup-repeat-label"),
            &tr.msg("backup-repeat-hint"),
            actions,
        );
        if submitted(ui, &r) {
            actions.push(Action::Next);
        }
    });
    ui.add_space(4.0);
    let mut keep = inputs.keep_own_copy;
    if ui
        .checkbox(&mut keep, tr.msg("keep-own-copy"))
        .on_hover_text(tr.msg("keep-own-copy-hint"))
        .changed()
    {
        actions.push(Action::SetKeepOwnCopy(keep));
    }
    if inputs.keep_own_copy {
        widgets::warning(ui, tr, tr.msg("keep-own-copy-warning"));
    }
}
