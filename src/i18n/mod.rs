//! The window's text in English and Simplified Chinese: Fluent messages (projectfluent.org), one
//! `.ftl` file per step plus `common.ftl`, under `assets/i18n/<tag>/`, compiled into the binary
//! (nothing is read from disk or the network at run time).
//!
//! [`Tr`] looks messages up for one [`Language`]. Code names a message only as a string literal in
//! `tr.msg("id")` or `tr.msg_with("id", &[…])`, so `tests/i18n.rs` can collect every id the code
//! uses and check that both locales define exactly the same ids. A missing id or a missing
//! argument panics in debug builds (tests fail loudly); a release build falls back to English,
//! then to the id itself.
//!
//! No egui here: the GUI decides where the text goes. The language itself is a preference
//! ([`crate::wizard::Language`]); [`system_language`] reads the default from the locale.

use crate::wizard::Language;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use std::borrow::Cow;
use std::sync::OnceLock;

pub use fluent_bundle::FluentValue;

/// One `.ftl` file of one language.
#[derive(Clone, Copy, Debug)]
pub struct Resource {
    pub language: Language,
    /// The file name under `assets/i18n/<tag>/`.
    pub file: &'static str,
    pub source: &'static str,
}

macro_rules! resources {
    ($language:expr, $tag:literal: $($file:literal),+ $(,)?) => {
        &[$(Resource {
            language: $language,
            file: $file,
            source: include_str!(concat!("../../assets/i18n/", $tag, "/", $file)),
        }),+]
    };
}

/// The message files, in the order they are loaded: common first, then one per step.
pub const FILES: [&str; 8] = [
    "common.ftl",
    "cloud-and-key.ftl",
    "wrapping-key.ftl",
    "key-material.ftl",
    "wrap.ftl",
    "export.ftl",
    "batch.ftl",
    "ceremony.ftl",
];

const EN_US: &[Resource] = resources!(Language::English, "en-US":
    "common.ftl", "cloud-and-key.ftl", "wrapping-key.ftl", "key-material.ftl", "wrap.ftl",
    "export.ftl", "batch.ftl", "ceremony.ftl");
const ZH_CN: &[Resource] = resources!(Language::SimplifiedChinese, "zh-CN":
    "common.ftl", "cloud-and-key.ftl", "wrapping-key.ftl", "key-material.ftl", "wrap.ftl",
    "export.ftl", "batch.ftl", "ceremony.ftl");

/// The message files of a language, in [`FILES`] order.
pub fn resources(language: Language) -> &'static [Resource] {
    match language {
        Language::English => EN_US,
        Language::SimplifiedChinese => ZH_CN,
    }
}

type Bundle = FluentBundle<FluentResource>;

fn build(language: Language) -> Bundle {
    let id = language
        .tag()
        .parse()
        .expect("the language tags are valid BCP 47");
    let mut bundle = Bundle::new_concurrent(vec![id]);
    // Unicode isolation marks (U+2068/U+2069) around arguments would show as boxes in egui.
    bundle.set_use_isolating(false);
    for r in resources(language) {
        let resource = match FluentResource::try_new(r.source.to_owned()) {
            Ok(res) => res,
            Err((res, errors)) => {
                debug_assert!(
                    false,
                    "{}/{}: syntax errors: {errors:?}",
                    language.tag(),
                    r.file
                );
                res // release: keep the messages that did parse
            }
        };
        if let Err(errors) = bundle.add_resource(resource) {
            debug_assert!(false, "{}/{}: {errors:?}", language.tag(), r.file);
        }
    }
    bundle
}

fn bundle(language: Language) -> &'static Bundle {
    static EN: OnceLock<Bundle> = OnceLock::new();
    static ZH: OnceLock<Bundle> = OnceLock::new();
    match language {
        Language::English => EN.get_or_init(|| build(Language::English)),
        Language::SimplifiedChinese => ZH.get_or_init(|| build(Language::SimplifiedChinese)),
    }
}

/// Look up `id` in one bundle; `None` if it has no such message (or no value).
fn format(language: Language, id: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
    let bundle = bundle(language);
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args, &mut errors);
    debug_assert!(
        errors.is_empty(),
        "message {id} ({}): {errors:?}",
        language.tag()
    );
    Some(match text {
        Cow::Borrowed(s) => s.to_owned(),
        Cow::Owned(s) => s,
    })
}

/// The window's text in one language. Cheap to copy; pass it to whatever draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tr {
    language: Language,
}

impl Tr {
    pub fn new(language: Language) -> Tr {
        Tr { language }
    }

    pub fn language(self) -> Language {
        self.language
    }

    /// Whether this language has a message `id` (with a value).
    pub fn has_message(self, id: &str) -> bool {
        bundle(self.language)
            .get_message(id)
            .is_some_and(|m| m.value().is_some())
    }

    /// The message `id`.
    pub fn msg(self, id: &str) -> String {
        self.lookup(id, None)
    }

    /// The message `id` with its arguments (`{ $name }` in the `.ftl` file).
    pub fn msg_with(self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        self.lookup(id, Some(&fluent_args))
    }

    fn lookup(self, id: &str, args: Option<&FluentArgs<'_>>) -> String {
        if let Some(s) = format(self.language, id, args) {
            return s;
        }
        debug_assert!(false, "no message {id} in {}", self.language.tag());
        format(Language::English, id, args).unwrap_or_else(|| id.to_owned())
    }
}

/// The language of the system locale: the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is
/// set (POSIX order); on Windows, where these are usually unset, the user's default locale
/// (`zh-CN`); any Chinese locale gives Simplified Chinese, anything else English.
pub fn system_language() -> Language {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty());
    #[cfg(windows)]
    let locale = locale.or_else(crate::core::winfs::user_locale);
    Language::from_locale(&locale.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_load_and_arguments_are_not_isolated() {
        for language in Language::ALL {
            let tr = Tr::new(language);
            let s = tr.msg_with(
                "page-heading",
                &[
                    ("number", 2.into()),
                    ("total", 5.into()),
                    ("title", "X".into()),
                ],
            );
            assert!(s.contains('2') && s.contains('X'), "{s}");
            assert!(!s.contains('\u{2068}') && !s.contains('\u{2069}'), "{s:?}");
        }
        assert_eq!(
            Tr::new(Language::English).msg_with(
                "page-heading",
                &[
                    ("number", 4.into()),
                    ("total", 5.into()),
                    ("title", "Wrap".into())
                ]
            ),
            "Step 4 of 5 — Wrap"
        );
    }

    #[test]
    fn numbers_are_not_grouped() {
        let tr = Tr::new(Language::English);
        let s = tr.msg_with("file-size", &[("bytes", 4096.into())]);
        assert_eq!(s, "4096 bytes");
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "no message no-such-message")]
    fn a_missing_message_fails_loudly_in_debug_builds() {
        Tr::new(Language::SimplifiedChinese).msg("no-such-message");
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "message page-heading")]
    fn a_missing_argument_fails_loudly_in_debug_builds() {
        Tr::new(Language::English).msg("page-heading");
    }
}
