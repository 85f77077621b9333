//! The egui window over the wizard state machine (`crate::wizard`).
//!
//! `app.rs` is the only place with side effects; one file per page (`cloud_and_key`,
//! `wrapping_key`, `key_material`, `wrap`, `export`) draws from the wizard's state and returns
//! actions, in the language of [`crate::i18n::Tr`] (`text.rs` words the wizard's values);
//! `fonts.rs` adds the Chinese font; `worker.rs` runs the wrap on a named thread;
//! `file_picker.rs` hides rfd behind a trait so tests can answer dialogs.

pub mod app;
mod cloud_and_key;
mod export;
pub mod file_picker;
pub mod fonts;
mod key_material;
mod nav;
mod text;
mod theme;
mod widgets;
pub mod worker;
mod wrap;
mod wrapping_key;

pub use app::WizardApp;

use std::sync::Arc;
use std::time::Instant;

/// The window icon (made by `assets/make_icon.py`).
pub const ICON_PNG: &[u8] = include_bytes!("../../assets/icon.png");

/// The window's title.
pub const TITLE: &str = "BYOK wizard";

/// Open the wizard window and run until it is closed. Returns the process exit status.
pub fn run() -> i32 {
    let started = Instant::now();
    let mut viewport = egui::ViewportBuilder::default()
        .with_title(TITLE)
        .with_app_id("byok-wizard")
        .with_inner_size([1000.0, 740.0])
        .with_min_inner_size([780.0, 560.0]);
    match eframe::icon_data::from_png_bytes(ICON_PNG) {
        Ok(icon) => viewport = viewport.with_icon(Arc::new(icon)),
        Err(e) => eprintln!("warning: the window icon could not be read ({e})"),
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    let timing = std::env::var_os("BYOK_WIZARD_TIMING").is_some();
    let result = eframe::run_native(
        "byok-wizard",
        options,
        Box::new(move |cc| {
            let mut app = WizardApp::new(cc, Box::new(file_picker::RfdPicker));
            if timing {
                app = app.report_first_frame(started);
            }
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!(
                "error: cannot open the wizard window ({e}) — check that a display is available (DISPLAY or WAYLAND_DISPLAY); the command line works without one: byok-wizard wrap --help"
            );
            1
        }
    }
}
