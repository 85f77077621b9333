//! Non-secret preferences kept between runs: last provider, last folders, theme. Never key
//! material, tokens or passphrases.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Light, dark, or whatever the desktop says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    #[default]
    System,
    Dark,
    Light,
}

impl ThemeChoice {
    /// Every choice, in display order.
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Dark, ThemeChoice::Light];

    /// Button text.
    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::System => "System theme",
            ThemeChoice::Dark => "Dark",
            ThemeChoice::Light => "Light",
        }
    }
}

/// What is remembered between runs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// `huawei`, `alibaba`, `aws`.
    pub provider: Option<String>,
    /// The folder of the last file loaded (where file dialogs start).
    pub input_folder: Option<PathBuf>,
    /// The parent of the last export folder.
    pub export_parent: Option<PathBuf>,
    pub theme: ThemeChoice,
}

impl Prefs {
    /// The eframe storage key.
    pub const STORAGE_KEY: &'static str = "byok-wizard.prefs";

    /// Read the stored JSON; anything unreadable gives the defaults.
    pub fn from_json(s: &str) -> Self {
        serde_json::from_str(s).unwrap_or_default()
    }

    /// The JSON to store.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_garbage() {
        let p = Prefs {
            provider: Some("aws".into()),
            input_folder: Some("/tmp".into()),
            export_parent: None,
            theme: ThemeChoice::Light,
        };
        assert_eq!(Prefs::from_json(&p.to_json()), p);
        assert_eq!(Prefs::from_json("not json"), Prefs::default());
    }
}
