//! Step 1, Cloud and key: provider, key spec in the console's spelling with a one-line
//! description, the wrapping algorithms that provider offers for it (recommended preselected,
//! PKCS#1 v1.5 marked deprecated), and the optional key id.

use super::widgets::{self, page_heading, submitted, text_field};
use crate::core::catalog::{KeySpec, Offer, Provider, Scheme, PROVIDERS};
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
pub fn algorithm_label(offer: &Offer) -> String {
    let mut s = offer.algorithm.name().to_owned();
    if offer.recommended {
        s.push_str("  (recommended)");
    }
    if offer.deprecated {
        s.push_str("  (deprecated: PKCS#1 v1.5 padding is open to padding-oracle attacks)");
    }
    s
}

/// The catalog's caveat for this provider and spec, if any (bytes known, acceptance undocumented).
fn byok_wizard_caveat(offer: &crate::core::catalog::Offer) -> Option<&'static str> {
    crate::core::catalog::caveat(offer.provider, offer.key_spec)
}

fn scheme_text(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::RsaOaep(_) => "The key material itself is encrypted with RSA-OAEP under the wrapping key.",
        Scheme::RsaPkcs1V15 => "The key material itself is encrypted with RSAES-PKCS1-v1_5 (kept only for old setups).",
        Scheme::RsaAesKwpConcat(_) => "A fresh AES-256 key is encrypted with RSA-OAEP and wraps the material with AES key wrap with padding (RFC 5649); one upload.",
        Scheme::RsaAesKwpSplit(_) => "A fresh AES-256 key is encrypted with RSA-OAEP (the key material upload) and wraps the private key with AES key wrap with padding (the private key upload).",
        Scheme::RsaAesEcbConcat(_) => "A fresh AES-256 key is encrypted with RSA-OAEP-SHA256 and encrypts the private key with AES-256-ECB and PKCS#7 padding; one upload.",
        Scheme::Sm2Pke => "The private key itself is encrypted with SM2 (SM3, GM/T 0009 DER) under an SM2 wrapping key (China Regions); one upload.",
    }
}

/// Draw the page.
pub fn ui(ui: &mut Ui, wizard: &Wizard, actions: &mut Vec<Action>) {
    page_heading(
        ui,
        wizard,
        "Choose the same cloud, key spec and wrapping algorithm as in the console's Import Key Material dialog.",
    );
    let inputs = wizard.inputs();
    let provider = inputs.provider;
    let practice = wizard.practice();

    let mut on = practice.on;
    if ui
        .add_enabled(
            !practice.issuing,
            egui::Checkbox::new(&mut on, "Practice (offline playground)"),
        )
        .changed()
    {
        actions.push(Action::SetPractice(on));
    }
    if practice.on {
        ui.label(
            RichText::new(
                "Next asks the built-in practice KMS for a wrapping key and import token (as the console's download would) and loads them into the next step; the Export step can then import the bundle into the practice KMS and show its verdict.",
            )
            .weak(),
        );
    }
    if practice.issuing {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("The practice KMS is generating its wrapping key…");
        });
    }
    if let Some(p) = &practice.problem {
        widgets::problem_box(ui, "practice", p);
    }
    ui.add_space(10.0);

    ui.label(RichText::new("Cloud provider").strong());
    ui.horizontal_wrapped(|ui| {
        for p in PROVIDERS {
            if ui.radio(provider == *p, p.info().display_name).clicked() {
                actions.push(Action::SetProvider(*p));
            }
        }
    });
    ui.add_space(10.0);

    ui.horizontal(|ui| {
        let label = widgets::field_label(ui, RichText::new("Key spec").strong());
        egui::ComboBox::from_id_salt("key-spec")
            .selected_text(spec_label(provider, inputs.key_spec))
            .width(300.0)
            .show_ui(ui, |ui| {
                for spec in provider.key_specs() {
                    if ui
                        .selectable_label(spec == inputs.key_spec, spec_label(provider, spec))
                        .clicked()
                    {
                        actions.push(Action::SetKeySpec(spec));
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
    ui.label(RichText::new(inputs.key_spec.description()).weak());
    ui.add_space(10.0);

    ui.label(RichText::new("Wrapping algorithm").strong());
    let offers = provider.offers_for(inputs.key_spec);
    for offer in &offers {
        let response = ui.radio(inputs.algorithm == offer.algorithm, algorithm_label(offer));
        if response.clicked() {
            actions.push(Action::SetAlgorithm(offer.algorithm));
        }
    }
    if let Some(offer) = wizard.offer() {
        ui.label(RichText::new(scheme_text(offer.scheme)).weak());
        if let Some(c) = byok_wizard_caveat(&offer) {
            widgets::warning(ui, c);
        }
        if offer.deprecated {
            widgets::warning(
                ui,
                "RSAES_PKCS1_V1_5 is deprecated. Use it only if the key must also be imported somewhere that offers nothing else.",
            );
        }
    }
    ui.add_space(10.0);

    let response = text_field(
        ui,
        wizard,
        TextField::KeyId,
        "Key id (optional)",
        "the KMS key id, e.g. 1234abcd-12ab-34cd-56ef-1234567890ab",
        actions,
    );
    if submitted(ui, &response) {
        actions.push(Action::Next);
    }
    ui.label(
        RichText::new("If the parameters JSON of the next step names the key, its key id is used (and must match this one).")
            .weak(),
    );
}
