//! The step list on the left, the settings menu in the title bar (language, theme) and the
//! navigation bar at the bottom (Start over, Back, Next). The primary button says why it is disabled, on hover and in plain text beside it
//! (a keyboard user cannot hover).

use super::text;
use crate::i18n::Tr;
use crate::wizard::{Action, Language, Step, ThemeChoice, Wizard};
use egui::{RichText, Ui};

/// The five steps, the current one highlighted. Not interactive: Back and Next move.
pub fn step_list(ui: &mut Ui, tr: Tr, wizard: &Wizard) {
    ui.add_space(8.0);
    // On the Ceremony and Batch pages no step is the current one.
    let on_a_step = wizard.batch().is_none() && wizard.ceremony().is_none();
    for step in Step::ALL {
        let current = on_a_step && step == wizard.step();
        let done = step.index() < wizard.step().index();
        let mark = if current { "»" } else { "  " };
        let text = RichText::new(format!(
            "{mark} {}. {}",
            step.number(),
            text::step_title(tr, step)
        ));
        let response = ui.label(if current {
            text.strong()
        } else if done {
            text
        } else {
            text.weak()
        });
        if current {
            // The current step as such, not only by its "»".
            ui.ctx().accesskit_node_builder(response.id, |node| {
                node.set_aria_current(egui::accesskit::AriaCurrent::Step);
                node.set_selected(true);
            });
        }
    }
}

/// The settings menu: the window's language (each language named in itself, so it is found
/// whatever the current one is; the menu's own name says "Language" in both) and the theme. One
/// Tab stop on every page instead of five.
pub fn settings_menu(ui: &mut Ui, tr: Tr, wizard: &Wizard, actions: &mut Vec<Action>) {
    let current = tr.language();
    ui.menu_button(tr.msg("settings-menu"), |ui| {
        ui.label(RichText::new(tr.msg("language-switch-hint")).strong());
        for language in Language::ALL {
            if ui.radio(current == language, language.endonym()).clicked() {
                if current != language {
                    actions.push(Action::SetLanguage(language));
                }
                ui.close();
            }
        }
        ui.separator();
        ui.label(RichText::new(tr.msg("theme-heading")).strong());
        for t in ThemeChoice::ALL {
            if ui
                .radio(wizard.prefs().theme == t, text::theme_name(tr, t))
                .clicked()
            {
                actions.push(Action::SetTheme(t));
                ui.close();
            }
        }
    });
}

/// The bottom bar: why the primary button is disabled (as text, since a keyboard user cannot
/// hover), then Start over, theme, Back and the primary button.
pub fn nav_bar(ui: &mut Ui, tr: Tr, wizard: &Wizard, actions: &mut Vec<Action>) {
    let blocker = wizard.blocker().map(|b| text::blocker(tr, &b));
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
        ui.set_height(ui.spacing().interact_size.y);
        if let (Some(b), Some(_)) = (&blocker, wizard.primary()) {
            ui.add(egui::Label::new(RichText::new(b).weak()).truncate());
        }
    });
    ui.horizontal(|ui| {
        if ui
            .button(tr.msg("nav-start-over"))
            .on_hover_text(tr.msg("nav-start-over-hint"))
            .clicked()
        {
            actions.push(Action::StartOver);
        }
        // Back and the primary button sit at the right edge, in Tab order after the rest, each at
        // least 80 points wide and as wide as its text ("Wrap another key" is wider).
        let size = egui::vec2(80.0, 0.0);
        let width = |t: RichText, ui: &Ui| {
            let galley = egui::WidgetText::from(t).into_galley(
                ui,
                Some(egui::TextWrapMode::Extend),
                f32::INFINITY,
                egui::TextStyle::Button,
            );
            (galley.size().x + 2.0 * ui.spacing().button_padding.x).max(size.x)
        };
        let primary_width = wizard
            .primary()
            .map(|p| width(RichText::new(text::primary(tr, p)).strong(), ui))
            .unwrap_or(size.x);
        let needed = width(RichText::new(tr.msg("nav-back")), ui)
            + primary_width
            + 3.0 * ui.spacing().item_spacing.x
            + 16.0;
        ui.add_space((ui.available_width() - needed).max(0.0));
        if ui
            .add_enabled(
                wizard.can_go_back(),
                egui::Button::new(tr.msg("nav-back")).min_size(size),
            )
            .clicked()
        {
            actions.push(Action::Back);
        }
        if let Some(primary) = wizard.primary() {
            // The primary button stands out by its fill (the selection colour), not only its place.
            let mut button = egui::Button::new(RichText::new(text::primary(tr, primary)).strong())
                .min_size(size);
            if blocker.is_none() {
                button = button.fill(ui.visuals().selection.bg_fill);
            }
            let mut response = ui.add_enabled(blocker.is_none(), button);
            if let Some(b) = &blocker {
                response = response.on_disabled_hover_text(b);
            }
            if response.clicked() {
                actions.push(Action::Next);
            }
        }
    });
}
