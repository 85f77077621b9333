//! A bare eframe window with the wizard's window options and nothing in it but one label: the
//! yardstick for the wizard's start-up time. `scripts/xvfb-smoke.sh` runs both in the same
//! session and prints both times ("first frame after N ms" from the start of `main`).
//!
//!     cargo run --release --example bare_window

use std::time::Instant;

struct Bare {
    started: Option<Instant>,
}

impl eframe::App for Bare {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.label("bare eframe window");
        });
        if let Some(t) = self.started.take() {
            eprintln!(
                "bare eframe: first frame after {} ms",
                t.elapsed().as_millis()
            );
        }
    }
}

fn main() -> eframe::Result {
    let started = Instant::now();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("bare eframe")
            .with_inner_size([1000.0, 740.0]),
        ..Default::default()
    };
    eframe::run_native(
        "bare-eframe",
        options,
        Box::new(move |_cc| {
            Ok(Box::new(Bare {
                started: Some(started),
            }))
        }),
    )
}
