//! The key ceremony page: custodians, Shamir's M, the folder; Split (on the worker); then one
//! custodian at a time takes their component file and printed form and confirms its check value.
//! No component and no key is ever drawn here — only check values.

use super::widgets::{self, file_field, problem_frame, text_field, DropTargets, FileField};
use crate::i18n::Tr;
use crate::wizard::{Action, CeremonyPhase, FileRole, TextField, Wizard};
use egui::{RichText, Ui};

pub fn ui(
    ui: &mut Ui,
    tr: Tr,
    wizard: &Wizard,
    actions: &mut Vec<Action>,
    drops: &mut DropTargets,
) {
    let Some(c) = wizard.ceremony() else {
        return;
    };
    widgets::heading(ui, tr.msg("ceremony-heading"), 2);
    ui.label(tr.msg_with(
        "ceremony-purpose",
        &[("spec", wizard.inputs().key_spec.common_name().into())],
    ));
    ui.add_space(6.0);
    match &c.phase {
        CeremonyPhase::Setting | CeremonyPhase::Splitting => {
            ui.add_enabled_ui(c.phase == CeremonyPhase::Setting, |ui| {
                text_field(
                    ui,
                    wizard,
                    TextField::CeremonyCustodians,
                    &tr.msg("ceremony-custodians-label"),
                    &tr.msg("ceremony-custodians-hint"),
                    actions,
                );
                text_field(
                    ui,
                    wizard,
                    TextField::CeremonyThreshold,
                    &tr.msg("ceremony-threshold-label"),
                    &tr.msg("ceremony-threshold-hint"),
                    actions,
                );
                file_field(
                    ui,
                    tr,
                    wizard,
                    &FileField {
                        role: FileRole::CeremonyFolder,
                        label: &tr.msg("ceremony-folder-label"),
                        hint: &tr.msg("ceremony-folder-hint"),
                        paste: false,
                    },
                    actions,
                    drops,
                );
            });
            if let Some(e) = &c.problem {
                problem_frame(ui, tr.msg("ceremony-problem"), e);
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(
                        wizard.can_split(),
                        egui::Button::new(tr.msg("ceremony-split")),
                    )
                    .clicked()
                {
                    actions.push(Action::SplitCeremony);
                }
                if c.phase == CeremonyPhase::Splitting {
                    ui.spinner();
                    ui.label(tr.msg("ceremony-splitting"));
                } else if let Some(w) = wizard.split_wait() {
                    ui.label(RichText::new(super::text::page_wait(tr, w)).weak());
                }
            });
        }
        CeremonyPhase::Handing { at } => {
            let Some(d) = &c.done else { return };
            let who = &d.custodians[*at];
            ui.label(
                RichText::new(tr.msg_with(
                    "ceremony-handing",
                    &[
                        ("index", (at + 1).into()),
                        ("count", d.custodians.len().into()),
                        ("custodian", who.name.clone().into()),
                    ],
                ))
                .strong(),
            );
            let rows = vec![
                (
                    tr.msg("ceremony-fact-files"),
                    format!("{}, {}", who.component_file, who.form_file),
                ),
                (
                    tr.msg("ceremony-fact-component-kcv"),
                    who.component_check_value.clone(),
                ),
                (tr.msg("ceremony-fact-key-kcv"), d.key_check_value.clone()),
            ];
            widgets::facts(ui, "ceremony-custodian", &rows);
            ui.label(tr.msg("ceremony-handing-how"));
            if ui
                .button(tr.msg_with(
                    "ceremony-confirm",
                    &[("custodian", who.name.clone().into())],
                ))
                .clicked()
            {
                actions.push(Action::CustodianConfirmed);
            }
        }
        CeremonyPhase::Done => {
            let Some(d) = &c.done else { return };
            ui.label(
                RichText::new(
                    tr.msg_with("ceremony-done", &[("count", d.custodians.len().into())]),
                )
                .strong(),
            );
            let rows = vec![
                (tr.msg("ceremony-fact-ceremony"), d.ceremony.clone()),
                (tr.msg("ceremony-fact-scheme"), d.scheme.describe()),
                (tr.msg("ceremony-fact-key-kcv"), d.key_check_value.clone()),
                (tr.msg("ceremony-fact-head"), d.head.clone()),
            ];
            widgets::facts(ui, "ceremony-done", &rows);
            widgets::warning(ui, tr, tr.msg("ceremony-done-warning"));
            if ui.button(tr.msg("ceremony-open-folder")).clicked() {
                actions.push(Action::OpenCeremonyFolder);
            }
        }
    }
    ui.add_space(10.0);
    if ui
        .add_enabled(
            c.phase != CeremonyPhase::Splitting,
            egui::Button::new(tr.msg("ceremony-close")),
        )
        .clicked()
    {
        actions.push(Action::CloseCeremony);
    }
}
