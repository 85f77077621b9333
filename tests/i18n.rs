//! The window's two languages: the `.ftl` files under `assets/i18n/` are parsed here on their
//! own (fluent-syntax, not the app's loader) and checked against each other, against the code
//! and against the shipped Chinese font.
//!
//! - both locales have the same files, and in each file the same message ids, attributes and
//!   variables; every file parses;
//! - every id the code uses (`tr.msg("…")` / `tr.msg_with("…", …)` under `src/`) exists, and
//!   every id the files define is used;
//! - no Chinese message is the English one left untranslated, except the allow-list below;
//! - every character of every Chinese message has a glyph in the fonts the window installs.

use byok_wizard::i18n::{self, Tr};
use byok_wizard::wizard::Language;
use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Messages that are the same in both languages on purpose: product names and a hash name.
const SAME_IN_BOTH: &[&str] = &[
    "provider-aws",
    "provider-gcp",
    "provider-oci",
    "fact-sha256",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One parsed message: its text pieces (value and attributes) and the variables it uses.
#[derive(Debug, Default)]
struct Message {
    /// Attribute names (`.name = …`).
    attributes: BTreeSet<String>,
    /// `$variables` referenced anywhere in the message.
    variables: BTreeSet<String>,
    /// The literal text of the value and the attributes, all variants.
    text: String,
    /// The source of the value, for comparing translations.
    source: String,
}

fn walk_pattern(p: &ast::Pattern<&str>, m: &mut Message) {
    for element in &p.elements {
        match element {
            ast::PatternElement::TextElement { value } => m.text.push_str(value),
            ast::PatternElement::Placeable { expression } => walk_expression(expression, m),
        }
    }
}

fn walk_expression(e: &ast::Expression<&str>, m: &mut Message) {
    match e {
        ast::Expression::Select { selector, variants } => {
            walk_inline(selector, m);
            for v in variants {
                walk_pattern(&v.value, m);
            }
        }
        ast::Expression::Inline(i) => walk_inline(i, m),
    }
}

fn walk_inline(i: &ast::InlineExpression<&str>, m: &mut Message) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            m.variables.insert(id.name.to_owned());
        }
        ast::InlineExpression::StringLiteral { value } => m.text.push_str(value),
        ast::InlineExpression::Placeable { expression } => walk_expression(expression, m),
        ast::InlineExpression::FunctionReference { arguments, .. }
        | ast::InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => {
            for a in &arguments.positional {
                walk_inline(a, m);
            }
            for a in &arguments.named {
                walk_inline(&a.value, m);
            }
        }
        _ => {}
    }
}

/// The messages of one file, by id.
fn parse(path: &Path) -> BTreeMap<String, Message> {
    let source = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let resource = fluent_syntax::parser::parse(source.as_str())
        .unwrap_or_else(|(_, errors)| panic!("{path:?} does not parse: {errors:?}"));
    let mut messages = BTreeMap::new();
    for entry in &resource.body {
        match entry {
            ast::Entry::Message(msg) => {
                let mut m = Message::default();
                if let Some(value) = &msg.value {
                    walk_pattern(value, &mut m);
                    m.source = format!("{value:?}");
                }
                for attribute in &msg.attributes {
                    m.attributes.insert(attribute.id.name.to_owned());
                    walk_pattern(&attribute.value, &mut m);
                    m.source.push_str(&format!("{:?}", attribute.value));
                }
                let old = messages.insert(msg.id.name.to_owned(), m);
                assert!(old.is_none(), "{path:?}: {} is defined twice", msg.id.name);
            }
            ast::Entry::Term(t) => panic!("{path:?}: terms are not used (-{})", t.id.name),
            ast::Entry::Junk { content } => panic!("{path:?}: cannot parse {content:?}"),
            _ => {}
        }
    }
    messages
}

/// Every file of a language, by file name.
fn locale(language: Language) -> BTreeMap<String, BTreeMap<String, Message>> {
    let dir = root().join("assets/i18n").join(language.tag());
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir:?}: {e}")) {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ftl") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.insert(name, parse(&path));
        }
    }
    files
}

fn all_ids(files: &BTreeMap<String, BTreeMap<String, Message>>) -> BTreeSet<String> {
    files.values().flat_map(|m| m.keys().cloned()).collect()
}

#[test]
fn both_locales_have_the_same_files_message_ids_attributes_and_variables() {
    let en = locale(Language::English);
    let zh = locale(Language::SimplifiedChinese);
    let compiled_in: BTreeSet<String> = i18n::FILES.iter().map(|f| f.to_string()).collect();
    assert_eq!(
        en.keys().cloned().collect::<BTreeSet<_>>(),
        compiled_in,
        "en-US files on disk vs i18n::FILES"
    );
    assert_eq!(
        zh.keys().cloned().collect::<BTreeSet<_>>(),
        compiled_in,
        "zh-CN files on disk vs i18n::FILES"
    );
    let mut problems = Vec::new();
    for (file, en_messages) in &en {
        let zh_messages = &zh[file];
        for id in en_messages.keys() {
            if !zh_messages.contains_key(id) {
                problems.push(format!("{file}: {id} is missing in zh-CN"));
            }
        }
        for (id, z) in zh_messages {
            let Some(e) = en_messages.get(id) else {
                problems.push(format!("{file}: {id} is only in zh-CN"));
                continue;
            };
            if e.attributes != z.attributes {
                problems.push(format!(
                    "{file}: {id} has attributes {:?} in en-US, {:?} in zh-CN",
                    e.attributes, z.attributes
                ));
            }
            if e.variables != z.variables {
                problems.push(format!(
                    "{file}: {id} uses {:?} in en-US, {:?} in zh-CN",
                    e.variables, z.variables
                ));
            }
        }
    }
    // Ids are unique across files (the app loads all files of a language into one bundle).
    let mut seen = BTreeMap::new();
    for (file, messages) in &en {
        for id in messages.keys() {
            if let Some(other) = seen.insert(id.clone(), file.clone()) {
                problems.push(format!("{id} is defined in {other} and {file}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let count = all_ids(&en).len();
    assert!(count > 200, "only {count} messages?");
    eprintln!("{count} messages in each locale");
}

/// The message ids named in `.msg("…")` and `.msg_with("…"` calls, with where they are.
fn ids_in_code() -> BTreeMap<String, String> {
    fn visit(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                visit(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    visit(&root().join("src"), &mut files);
    let mut ids = BTreeMap::new();
    let mut not_literal = Vec::new();
    for path in files {
        // The loader itself (and its own tests of missing messages) is not a user.
        if path.starts_with(root().join("src/i18n")) {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        for call in [".msg(", ".msg_with("] {
            for (at, _) in source.match_indices(call) {
                let rest = source[at + call.len()..].trim_start();
                let line = source[..at].lines().count();
                let place = format!("{}:{line}", path.strip_prefix(root()).unwrap().display());
                let line_text = source[at..].lines().next().unwrap_or("");
                match rest.strip_prefix('"').and_then(|r| r.split_once('"')) {
                    Some((id, _)) => {
                        ids.insert(id.to_owned(), place);
                    }
                    // Ids that come from the registry (one per cloud, one per catalog caveat) are
                    // marked at the call and added below from the registry itself.
                    None if line_text.contains(REGISTRY_IDS_MARK) => {}
                    None => not_literal.push(place),
                }
            }
        }
    }
    assert!(
        not_literal.is_empty(),
        "message ids must be string literals at the call (so this test can see them): {not_literal:?}"
    );
    for p in byok_wizard::core::catalog::PROVIDERS {
        ids.insert(format!("provider-{}", p.id()), "the cloud registry".into());
        for spec in byok_wizard::core::catalog::KEY_SPECS {
            if let Some((id, _)) = byok_wizard::core::catalog::caveat_with_id(*p, *spec) {
                ids.insert(id.to_owned(), "the catalog's caveats".into());
            }
        }
    }
    ids
}

/// The comment that marks a message lookup whose id the registry makes (see `ids_in_code`).
const REGISTRY_IDS_MARK: &str = "// i18n: ids from the registry";

#[test]
fn every_id_the_code_uses_exists_and_every_message_is_used() {
    let defined = all_ids(&locale(Language::English));
    let used = ids_in_code();
    let missing: Vec<_> = used
        .iter()
        .filter(|(id, _)| !defined.contains(*id))
        .map(|(id, place)| format!("{id} (used at {place})"))
        .collect();
    assert!(missing.is_empty(), "not in the .ftl files: {missing:?}");
    let unused: Vec<_> = defined
        .iter()
        .filter(|id| !used.contains_key(*id))
        .collect();
    assert!(unused.is_empty(), "defined but never used: {unused:?}");
    // And the app's own loader finds them all, in both languages.
    for language in Language::ALL {
        let tr = Tr::new(language);
        for id in used.keys() {
            assert!(tr.has_message(id), "{id} in {}", language.tag());
        }
    }
}

#[test]
fn no_chinese_message_is_left_in_english() {
    let en = locale(Language::English);
    let zh = locale(Language::SimplifiedChinese);
    let mut same = BTreeSet::new();
    for (file, en_messages) in &en {
        for (id, e) in en_messages {
            if zh[file].get(id).is_some_and(|z| z.source == e.source) {
                same.insert(id.as_str());
            }
        }
    }
    let allowed: BTreeSet<&str> = SAME_IN_BOTH.iter().copied().collect();
    let untranslated: Vec<_> = same.difference(&allowed).collect();
    assert!(
        untranslated.is_empty(),
        "zh-CN text identical to en-US: {untranslated:?}"
    );
    let stale: Vec<_> = allowed.difference(&same).collect();
    assert!(
        stale.is_empty(),
        "on the allow-list but translated now (remove them): {stale:?}"
    );
    // Chinese text has Chinese in it (a character or full-width punctuation): catches a message
    // copied over with only a word changed.
    for (file, messages) in &zh {
        for (id, m) in messages {
            if allowed.contains(id.as_str()) || m.text.trim().is_empty() {
                continue;
            }
            let chinese =
                |c: char| matches!(c as u32, 0x3000..=0x303F | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF);
            assert!(
                m.text.chars().any(chinese),
                "{file}: {id} has no Chinese character: {:?}",
                m.text
            );
        }
    }
}

#[test]
fn the_window_fonts_have_every_character_of_the_chinese_messages() {
    use egui::epaint::text::{Fonts, TextOptions};
    let mut fonts = Fonts::new(
        TextOptions::default(),
        byok_wizard::gui::fonts::definitions(),
    );
    let mut text: String = locale(Language::SimplifiedChinese)
        .values()
        .flat_map(|m| m.values())
        .map(|m| m.text.as_str())
        .collect();
    for language in Language::ALL {
        text.push_str(language.endonym());
    }
    let chars: BTreeSet<char> = text.chars().filter(|c| !c.is_control()).collect();
    let mut missing = BTreeMap::new();
    for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
        let font_id = egui::FontId::new(14.0, family.clone());
        for &c in &chars {
            if !fonts.has_glyph(&font_id, c) {
                missing
                    .entry(c)
                    .or_insert_with(Vec::new)
                    .push(format!("{family:?}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no glyph for {missing:?}: run bash assets/fonts/make_subset.sh"
    );
    let han = chars
        .iter()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(*c))
        .count();
    assert!(han > 300, "only {han} Chinese characters?");
    eprintln!(
        "{} distinct characters in the zh-CN messages ({han} Han), all covered; font subset {} bytes",
        chars.len(),
        byok_wizard::gui::fonts::CJK_SUBSET.len()
    );
}

#[test]
fn the_font_coverage_test_can_fail() {
    // Without the subset, egui's own fonts have no Chinese at all.
    use egui::epaint::text::{FontDefinitions, Fonts, TextOptions};
    let mut fonts = Fonts::new(TextOptions::default(), FontDefinitions::default());
    let id = egui::FontId::proportional(14.0);
    assert!(!fonts.has_glyph(&id, '封'));
    // A rare character outside the subset (not in GB 2312) is not in it either.
    let mut fonts = Fonts::new(
        TextOptions::default(),
        byok_wizard::gui::fonts::definitions(),
    );
    assert!(fonts.has_glyph(&id, '封'));
    assert!(!fonts.has_glyph(&id, '龘'));
}
