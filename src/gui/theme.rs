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

/// One-time look-and-feel settings: a little more room between rows than egui's default; solid
/// scroll bars (always drawn where a page scrolls, not only on hover); and contrast for weak
/// text (hints, descriptions: at least 4.5:1, WCAG 2.2 SC 1.4.3) and for the outlines of text
/// fields, check boxes and radio buttons (at least 3:1, SC 1.4.11), which egui draws fainter.
pub fn setup(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 3.0);
        style.spacing.scroll = egui::style::ScrollStyle::solid();
    });
    // Light: panel ≈ gray 248, text gray 80 (egui default). Weak gray 100 ≈ 5.6:1; outlines gray 135
    // ≈ 3.4:1.
    ctx.style_mut_of(egui::Theme::Light, |style| {
        style.visuals.weak_text_color = Some(egui::Color32::from_gray(100));
        style.visuals.widgets.inactive.bg_stroke =
            egui::Stroke::new(1.0, egui::Color32::from_gray(135));
    });
    // Dark: panel ≈ gray 27. Text gray 190 ≈ 9.6:1 (egui's 140 is 5:1, which left no room for
    // weak text to be both readable and weaker); weak gray 135 ≈ 4.8:1; outlines gray 115 ≈ 3.6:1.
    ctx.style_mut_of(egui::Theme::Dark, |style| {
        style.visuals.widgets.noninteractive.fg_stroke.color = egui::Color32::from_gray(190);
        style.visuals.weak_text_color = Some(egui::Color32::from_gray(135));
        style.visuals.widgets.inactive.bg_stroke =
            egui::Stroke::new(1.0, egui::Color32::from_gray(115));
    });
}
