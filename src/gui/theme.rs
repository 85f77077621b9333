//! Dark and light themes (or the desktop's choice), applied through egui's own theme switch.

use crate::wizard::ThemeChoice;

/// Apply a theme choice to the whole window.
pub fn apply(ctx: &egui::Context, choice: ThemeChoice) {
    ctx.set_theme(match choice {
        ThemeChoice::System => egui::ThemePreference::System,
        ThemeChoice::Dark => egui::ThemePreference::Dark,
        ThemeChoice::Light => egui::ThemePreference::Light,
    });
}

/// One-time look-and-feel settings: a little more room between rows than egui's default.
pub fn setup(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 3.0);
    });
}
