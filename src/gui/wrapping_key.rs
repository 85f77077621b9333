//! Step 2, Wrapping key and token: a file field for each (path, Browse, Load, Paste, drop), then
//! what was found: key type and size, SHA-256 fingerprint, where the token and the expiry came
//! from and the time left. Expired sets and keys that do not fit the provider are refused.

use super::widgets::{
    self, file_field, grouped_hex, page_heading, problem_box, text_field, DropTargets, FileField,
};
use crate::wizard::{gui_words, Action, FileRole, TextField, Wizard};
use egui::{RichText, Ui};

/// Draw the page.
pub fn ui(ui: &mut Ui, wizard: &Wizard, actions: &mut Vec<Action>, drops: &mut DropTargets) {
    page_heading(
        ui,
        wizard,
        "Give the wrapping public key and the import token the console (or its API) gave you for this import.",
    );
    let provider = wizard.inputs().provider;
    let sizes: Vec<String> = provider
        .info()
        .wrapping_key_bits
        .iter()
        .map(|b| format!("RSA-{b}"))
        .collect();
    ui.label(
        RichText::new(format!(
            "{} issues {} wrapping keys. A get-parameters JSON brings the token, key id and expiry along.",
            provider.info().display_name,
            sizes.join(", ")
        ))
        .weak(),
    );
    ui.add_space(6.0);

    file_field(
        ui,
        wizard,
        &FileField {
            role: FileRole::WrappingKey,
            label: "Wrapping public key",
            hint: "PEM, DER, base64, certificate, or the get-parameters JSON",
            paste: true,
        },
        actions,
        drops,
    );
    if let Some(p) = wizard.wrapping_problem() {
        problem_box(ui, "wrapping-key", p);
    }
    let info = provider.info();
    if info.token.is_some() {
        ui.add_space(6.0);
        file_field(
            ui,
            wizard,
            &FileField {
                role: FileRole::ImportToken,
                label: "Import token",
                hint: "the token file (not needed when the JSON carries it)",
                paste: true,
            },
            actions,
            drops,
        );
        if let Some(p) = wizard.token_problem() {
            problem_box(ui, "import-token", p);
        }
    }
    if info.needs_kek_id {
        ui.add_space(6.0);
        text_field(
            ui,
            wizard,
            TextField::KekId,
            "KEK identifier",
            "https://<vault>.vault.azure.net/keys/<name>/<version>",
            actions,
        );
        if let Some(p) = wizard.kek_problem() {
            problem_box(ui, "kek-id", p);
        }
    }
    ui.add_space(10.0);

    let Some(params) = wizard.parameters() else {
        return;
    };
    if params.params.expires.is_some() {
        // Keep "time left" current without repainting more than twice a minute.
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_secs(30));
    }
    let wk = &params.params.wrapping_key;
    let kind = format!("{} public key ({})", wk.describe(), wk.format);
    let mut rows = vec![
        (
            "Loaded from",
            wizard.wrapping_source_label().unwrap_or("").to_owned(),
        ),
        ("Key", kind),
        ("SHA-256", grouped_hex(&wk.sha256_hex())),
        (
            "Key id",
            params
                .key_id
                .clone()
                .unwrap_or_else(|| "(none given; optional)".into()),
        ),
        ("Import token", {
            let mut s = wizard.token_origin();
            if let Some(t) = &params.token {
                s.push_str(&format!(" {} bytes.", t.len()));
            }
            s
        }),
        ("Expiry", wizard.expiry_text()),
    ];
    if params.params.source != crate::core::input::params::ParamsSource::KeyFile {
        rows.insert(
            1,
            ("Parameters", params.params.source.describe().to_owned()),
        );
    }
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new("Wrapping key loaded").strong());
        widgets::facts(ui, "wrapping-key", &rows);
        for note in &params.notes {
            if note.contains("decoded") {
                ui.label(RichText::new(gui_words(note)).weak());
            }
        }
    });
    if params.token.is_none() && info.token.is_some() && wizard.token_problem().is_none() {
        widgets::warning(
            ui,
            "No import token: the bundle will not contain one. Upload the console's token with it.",
        );
    }
    if params
        .params
        .expires
        .is_some_and(|e| (e - wizard.now()).whole_hours() < 1)
    {
        widgets::warning(ui, "Less than an hour left: finish the import soon.");
    }
}
