//! The egui window over the wizard state machine (`crate::wizard`).
//!
//! `app.rs` is the only place with side effects; one file per page (`cloud_and_key`,
//! `wrapping_key`, `key_material`, `wrap`, `export`) draws from the wizard's state and returns
//! actions, in the language of [`crate::i18n::Tr`] (`text.rs` words the wizard's values);
//! `fonts.rs` adds the Chinese font; `worker.rs` runs the wrap on a named thread;
//! `file_picker.rs` hides rfd behind a trait so tests can answer dialogs.

pub mod app;
mod batch;
mod ceremony;
mod cloud_and_key;
mod export;
mod file_chooser;
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
    if let Err(e) = local_buses_only(|k| std::env::var(k).ok()) {
        eprintln!("error: {e}");
        return 2;
    }
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
            let mut app = WizardApp::new(cc, Box::<file_picker::RfdPicker>::default())
                .with_documents_folder(documents_folder());
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

/// The D-Bus addresses the window's libraries may connect to: the session bus (file dialogs,
/// the accessibility bus lookup), the accessibility bus itself, the system bus.
const BUS_VARIABLES: [&str; 3] = [
    "DBUS_SESSION_BUS_ADDRESS",
    "AT_SPI_BUS_ADDRESS",
    "DBUS_SYSTEM_BUS_ADDRESS",
];

/// byok-wizard never talks to the network, but the D-Bus client the accessibility layer links
/// (zbus) honours `tcp:` and other non-local transports in a bus address. Refuse to start
/// unless every address given is a local `unix:` socket (an unset variable means the default
/// local socket).
pub fn local_buses_only(var: impl Fn(&str) -> Option<String>) -> Result<(), String> {
    for name in BUS_VARIABLES {
        let Some(value) = var(name) else { continue };
        for entry in value.split(';').map(str::trim).filter(|e| !e.is_empty()) {
            let transport = entry.split(':').next().unwrap_or("");
            if transport != "unix" {
                return Err(format!(
                    "{name} names a '{transport}:' bus; byok-wizard only connects to local 'unix:' D-Bus sockets (no network, ever) — unset {name} or point it to the local session bus"
                ));
            }
        }
    }
    Ok(())
}

/// The user's documents folder (XDG `DOCUMENTS`, Known Folders on Windows), else the home folder.
fn documents_folder() -> Option<std::path::PathBuf> {
    let user = directories::UserDirs::new()?;
    Some(
        user.document_dir()
            .unwrap_or_else(|| user.home_dir())
            .to_path_buf(),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_bus_addresses_are_accepted() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert!(super::local_buses_only(env(&[])).is_ok());
        assert!(super::local_buses_only(env(&[(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/run/user/1000/bus"
        )]))
        .is_ok());
        assert!(super::local_buses_only(env(&[(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:abstract=/tmp/dbus-x,guid=1;unix:path=/x"
        )]))
        .is_ok());
        for bad in [
            "tcp:host=10.0.0.1,port=1234",
            "unix:path=/x;tcp:host=evil,port=1",
            "nonce-tcp:host=a,port=1",
            "autolaunch:",
        ] {
            let pairs: &'static [(&'static str, &'static str)] =
                Box::leak(vec![("AT_SPI_BUS_ADDRESS", bad)].into_boxed_slice());
            let e = super::local_buses_only(env(pairs)).unwrap_err();
            assert!(e.contains("AT_SPI_BUS_ADDRESS"), "{e}");
        }
    }
}
