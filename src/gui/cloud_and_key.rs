//! Step 1, Cloud and key: provider, key spec in the console's spelling with a one-line
//! description, the wrapping algorithms that provider offers for it (recommended preselected,
//! PKCS#1 v1.5 marked deprecated), and the optional key id.

use super::text;
use super::widgets::{self, page_heading, submitted, text_field};
use crate::core::catalog::{KeySpec, Offer, Provider, PROVIDERS};
use crate::i18n::Tr;
use crate::wizard::{Action, TextField, Wizard};
use egui::{RichText, Ui};

/// The key spec as the console spells it, with the common name when that differs.
pub fn spec_label(provider: Provider, spec: KeySpec) -> String {
    match provider.spec_name(spec) {
        Some(n) if n != spec.common_name() => format!("{n} ({})", spec.common_name()),
        Some(n) => n.to_owned(),
        None => spec.common_name().to_owned(),
    }
}

/// The radio button text for an offer.
pub fn algorithm_label(tr: Tr, offer: &Offer) -> String {
    let mut s = offer.algorithm.name().to_owned();
    if offer.recommended {
        s.push_str("  ");
        s.push_str(&tr.msg("algorithm-recommended"));
    }
    if offer.deprecated {
        s.push_str("  ");
        s.push_str(&tr.msg("algorithm-deprecated"));
    }
    s
}

/// Draw the page.
pub fn ui(ui: &mut Ui, tr: Tr, wizard: &Wizard, actions: &mut Vec<Action>) {
    page_heading(ui, tr, wizard, &tr.msg("cloud-purpose"));
    let inputs = wizard.inputs();
    let provider = inputs.provider;
    let practice = wizard.practice();

    let mut on = practice.on;
    if ui
        .add_enabled(
            !practice.issuing,
            egui::Checkbox::new(&mut on, tr.msg("practice-switch")),
        )
        .changed()
    {
        actions.push(Action::SetPractice(on));
    }
    if practice.on {
        ui.label(RichText::new(tr.msg("practice-explained")).weak());
    }
    if practice.issuing {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(tr.msg("practice-issuing"));
        });
    }
    if let Some(p) = &practice.problem {
        widgets::problem_box(ui, tr, "practice", p);
    }
    ui.add_space(10.0);

    ui.label(RichText::new(tr.msg("cloud-provider")).strong());
    ui.horizontal_wrapped(|ui| {
        for p in PROVIDERS {
            if ui
                .radio(provider == *p, text::provider_name(tr, *p))
                .clicked()
            {
                actions.push(Action::SetProvider(*p));
            }
        }
    });
    ui.add_space(10.0);

    ui.horizontal(|ui| {
        let label = widgets::field_label(ui, RichText::new(tr.msg("key-spec")).strong());
        let current = spec_label(provider, inputs.key_spec);
        let combo = egui::ComboBox::from_id_salt("key-spec")
            .selected_text(current.clone())
            .width(300.0)
            .show_ui(ui, |ui| {
                for spec in provider.key_specs() {
                    if ui
                        .selectable_label(spec == inputs.key_spec, spec_label(provider, spec))
                        .clicked()
                    {
                        actions.push(Action::SetKeySpec(spec));
                        // Chosen by click, Enter or the accessibility action: the list closes
                        // (egui leaves it open for the last two).
                        ui.close();
                    }
                }
            })
            .response
            .labelled_by(label.id);
        // A screen reader hears the current key spec with the combo box, not only its name:
        // AccessKit's value (read inside the process) and, because its AT-SPI bridge does not
        // export a combo box's text value, the description too (Orca reads it after the name).
        ui.ctx().accesskit_node_builder(combo.id, |node| {
            node.set_value(current.clone());
            node.set_description(current);
        });
        // The open list (egui gives it the list box role, no name), named like its combo box.
        if egui::ComboBox::is_open(ui.ctx(), combo.id) {
            ui.ctx()
                .accesskit_node_builder(combo.id.with("popup"), |node| {
                    node.set_label(tr.msg("key-spec"));
                });
        }
    });
    ui.label(RichText::new(text::spec_description(tr, inputs.key_spec)).weak());
    ui.add_space(10.0);

    ui.label(RichText::new(tr.msg("wrapping-algorithm")).strong());
    let offers = provider.offers_for(inputs.key_spec);
    for offer in &offers {
        let response = ui.radio(
            inputs.algorithm == offer.algorithm,
            algorithm_label(tr, offer),
        );
        if response.clicked() {
            actions.push(Action::SetAlgorithm(offer.algorithm));
        }
    }
    // Google Cloud KMS: the new key version's algorithm, where the material can become several.
    let key_algorithms = crate::core::clouds::cloud(provider).key_algorithms(inputs.key_spec);
    if key_algorithms.len() > 1 {
        ui.add_space(6.0);
        ui.label(RichText::new(tr.msg("key-algorithm")).strong());
        ui.label(RichText::new(tr.msg("key-algorithm-explained")).weak());
        let chosen = inputs.key_algorithm.unwrap_or(key_algorithms[0]);
        for a in &key_algorithms {
            if ui.radio(chosen == *a, *a).clicked() {
                actions.push(Action::SetKeyAlgorithm(a));
            }
        }
    }
    if let Some(offer) = wizard.offer() {
        ui.label(RichText::new(text::scheme(tr, offer.scheme)).weak());
        if let Some(c) = text::caveat(tr, offer.provider, offer.key_spec) {
            widgets::warning(ui, tr, c);
        }
        if offer.deprecated {
            widgets::warning(ui, tr, tr.msg("algorithm-deprecated-warning"));
        }
    }
    ui.add_space(10.0);

    let response = text_field(
        ui,
        wizard,
        TextField::KeyId,
        &tr.msg("key-id-label"),
        &tr.msg("key-id-hint"),
        actions,
    );
    if submitted(ui, &response) {
        actions.push(Action::Next);
    }
    ui.label(RichText::new(tr.msg("key-id-note")).weak());
    ui.add_space(14.0);
    ui.separator();
    ui.horizontal(|ui| {
        if ui
            .button(tr.msg("batch-open"))
            .on_hover_text(tr.msg("batch-open-hint"))
            .clicked()
        {
            actions.push(Action::OpenBatch);
        }
        ui.label(RichText::new(tr.msg("batch-open-hint")).weak());
    });
    ui.horizontal(|ui| {
        if ui
            .button(tr.msg("ceremony-open"))
            .on_hover_text(tr.msg("ceremony-open-hint"))
            .clicked()
        {
            actions.push(Action::OpenCeremony);
        }
        ui.label(RichText::new(tr.msg("ceremony-open-hint")).weak());
    });
}
