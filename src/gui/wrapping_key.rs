//! Step 2, Wrapping key and token: a file field for each (path, Browse, Load, Paste, drop), then
//! what was found: key type and size, SHA-256 fingerprint, where the token and the expiry came
//! from and the time left. Expired sets and keys that do not fit the provider are refused.

use super::text;
use super::widgets::{
    self, file_field, grouped_hex, page_heading, problem_box, text_field, DropTargets, FileField,
};
use crate::core::input::params::ParamsSource;
use crate::i18n::Tr;
use crate::wizard::{Action, FileRole, TextField, Wizard};
use egui::{RichText, Ui};

/// Draw the page.
pub fn ui(
    ui: &mut Ui,
    tr: Tr,
    wizard: &Wizard,
    actions: &mut Vec<Action>,
    drops: &mut DropTargets,
) {
    page_heading(ui, tr, wizard, &tr.msg("wrapping-purpose"));
    let provider = wizard.inputs().provider;
    if wizard.practice().on && wizard.practice().issued.is_some() {
        // Where these came from, said on the page (not only on step 1).
        ui.label(RichText::new(tr.msg("practice-origin")).strong());
    }
    let sizes: Vec<String> = provider
        .info()
        .wrapping_key_bits
        .iter()
        .map(|b| format!("RSA-{b}"))
        .collect();
    ui.label(
        RichText::new(tr.msg_with(
            "wrapping-sizes",
            &[
                ("provider", text::provider_name(tr, provider).into()),
                ("sizes", sizes.join(", ").into()),
            ],
        ))
        .weak(),
    );
    ui.add_space(6.0);

    file_field(
        ui,
        tr,
        wizard,
        &FileField {
            role: FileRole::WrappingKey,
            label: &tr.msg("wrapping-key-label"),
            hint: &tr.msg("wrapping-key-hint"),
            paste: true,
        },
        actions,
        drops,
    );
    if let Some(p) = wizard.wrapping_problem() {
        problem_box(ui, tr, "wrapping-key", p);
    }
    let info = provider.info();
    if info.token.is_some() {
        ui.add_space(6.0);
        file_field(
            ui,
            tr,
            wizard,
            &FileField {
                role: FileRole::ImportToken,
                label: &tr.msg("import-token-label"),
                hint: &tr.msg("import-token-hint"),
                paste: true,
            },
            actions,
            drops,
        );
        if let Some(p) = wizard.token_problem() {
            problem_box(ui, tr, "import-token", p);
        }
    }
    if info.needs_kek_id {
        ui.add_space(6.0);
        text_field(
            ui,
            wizard,
            TextField::KekId,
            &tr.msg("kek-id-label"),
            &tr.msg("kek-id-hint"),
            actions,
        );
        if let Some(p) = wizard.kek_problem() {
            problem_box(ui, tr, "kek-id", p);
        }
    }
    if wizard.material_expiry_offered() {
        ui.add_space(6.0);
        text_field(
            ui,
            wizard,
            TextField::MaterialExpires,
            &tr.msg("material-expires-label"),
            &tr.msg("material-expires-hint"),
            actions,
        );
        if let Some(p) = wizard.expiry_problem() {
            problem_box(ui, tr, "material-expires", p);
        }
        if let Some(t) = wizard.parameters().and_then(|p| p.material_expires) {
            widgets::warning(
                ui,
                tr,
                tr.msg_with(
                    "material-expires-warning",
                    &[("time", crate::core::input::params::fmt_time(t).into())],
                ),
            );
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
    let kind = tr.msg_with(
        "wrapping-key-kind",
        &[
            ("key", wk.describe().into()),
            ("format", text::key_format(tr, wk.format).into()),
        ],
    );
    let mut rows = vec![
        (
            tr.msg("fact-loaded-from"),
            wizard
                .wrapping_source()
                .map(|n| text::input_name(tr, n))
                .unwrap_or_default(),
        ),
        (tr.msg("fact-key"), kind),
        (tr.msg("fact-sha256"), grouped_hex(&wk.sha256_hex())),
        (
            tr.msg("fact-key-id"),
            params
                .key_id
                .clone()
                .unwrap_or_else(|| tr.msg("key-id-none-optional")),
        ),
        (tr.msg("fact-import-token"), {
            let origin = wizard
                .token_origin()
                .map(|o| text::token_origin(tr, &o))
                .unwrap_or_default();
            match &params.token {
                Some(t) => tr.msg_with(
                    "token-origin-and-size",
                    &[("origin", origin.into()), ("bytes", t.len().into())],
                ),
                None => origin,
            }
        }),
        (
            tr.msg("fact-expiry"),
            wizard
                .expiry()
                .map(|e| text::expiry(tr, &e))
                .unwrap_or_default(),
        ),
    ];
    if params.params.source != ParamsSource::KeyFile {
        rows.insert(
            1,
            (
                tr.msg("fact-parameters"),
                text::params_source(tr, params.params.source),
            ),
        );
    }
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(tr.msg("wrapping-key-loaded")).strong());
        widgets::facts(ui, "wrapping-key", &rows);
        // Of the core's notes, only the decoded token is news here.
        if params.token_was_base64 {
            ui.label(RichText::new(tr.msg("token-was-base64")).weak());
        }
    });
    if params.token.is_none() && info.token.is_some() && wizard.token_problem().is_none() {
        widgets::warning(ui, tr, tr.msg("token-missing-warning"));
    }
    if params
        .params
        .expires
        .is_some_and(|e| (e - wizard.now()).whole_hours() < 1)
    {
        widgets::warning(ui, tr, tr.msg("expiry-soon-warning"));
    }
}
