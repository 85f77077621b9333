//! Non-secret preferences kept between runs: last provider, last folders, theme, language. Never
//! key material, tokens or passphrases.

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
    /// Every choice, in display order (the window names them in its language).
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Dark, ThemeChoice::Light];
}

/// The language of the window. Stored as its BCP 47 tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    #[serde(rename = "en-US")]
    English,
    #[serde(rename = "zh-CN")]
    SimplifiedChinese,
}

impl Language {
    /// Every language, in the order the switch shows them.
    pub const ALL: [Language; 2] = [Language::English, Language::SimplifiedChinese];

    /// The BCP 47 tag (also the folder of its messages under `assets/i18n/`).
    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en-US",
            Language::SimplifiedChinese => "zh-CN",
        }
    }

    /// The language's name in itself, as a language switch shows it whatever the current
    /// language (so someone who cannot read the current one still finds theirs).
    pub fn endonym(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::SimplifiedChinese => "简体中文",
        }
    }

    /// The language for a POSIX locale name or a language tag (`zh_CN.UTF-8`, `zh-Hans`,
    /// `en_US`, `C`): any Chinese locale gives Simplified Chinese, everything else English.
    pub fn from_locale(locale: &str) -> Language {
        let lang = locale
            .split(['_', '-', '.', '@'])
            .next()
            .unwrap_or("")
            .trim();
        if lang.eq_ignore_ascii_case("zh") {
            Language::SimplifiedChinese
        } else {
            Language::English
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
    /// Chosen with the switch in the window; `None` follows the system locale.
    pub language: Option<Language>,
    /// The user's documents folder, told by the app at start (not stored): where backups and
    /// bundle folders are suggested until there is an earlier export to put them beside.
    #[serde(skip)]
    pub documents_folder: Option<PathBuf>,
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
            language: Some(Language::SimplifiedChinese),
            documents_folder: None,
        };
        assert!(
            p.to_json().contains(r#""language":"zh-CN""#),
            "{}",
            p.to_json()
        );
        assert_eq!(Prefs::from_json(&p.to_json()), p);
        assert_eq!(Prefs::from_json("not json"), Prefs::default());
        // Preferences saved before the language switch existed still load.
        let old = r#"{"provider":"aws","input_folder":null,"export_parent":null,"theme":"Dark"}"#;
        let p = Prefs::from_json(old);
        assert_eq!((p.theme, p.language), (ThemeChoice::Dark, None));
    }

    #[test]
    fn locales_choose_the_language() {
        for zh in [
            "zh_CN.UTF-8",
            "zh_CN",
            "zh",
            "zh-Hans",
            "zh_TW.UTF-8",
            "ZH_cn",
            "zh_SG@x",
        ] {
            assert_eq!(
                Language::from_locale(zh),
                Language::SimplifiedChinese,
                "{zh}"
            );
        }
        for en in [
            "en_US.UTF-8",
            "C",
            "C.UTF-8",
            "POSIX",
            "",
            "de_DE",
            "zu_ZA",
            "zhx",
        ] {
            assert_eq!(Language::from_locale(en), Language::English, "{en}");
        }
    }
}
