//! Fonts: egui's own (Latin, Greek, Cyrillic) and, after them, a subset of Noto Sans CJK SC
//! (SIL Open Font License 1.1, `assets/fonts/`) with every character of the Chinese messages and
//! the 3,755 common characters of GB 2312 level 1, so Chinese file names show too. A character
//! in none of them is looked for, once, in the system's Noto Sans CJK (Debian's fonts-noto-cjk)
//! when it is installed, or on Windows in its own Chinese fonts (Microsoft YaHei, DengXian,
//! SimSun); failing that egui draws a box.

use egui::epaint::text::{FallbackRequest, FontInsert, FontPriority, InsertFontFamily};
use egui::{FontData, FontDefinitions, FontFamily};
use std::sync::{Arc, OnceLock};

use crate::core::fonts::window_fallback_fonts;
pub use crate::core::fonts::CJK_SUBSET;

/// The subset's name in egui's font list.
pub const CJK_SUBSET_NAME: &str = "noto-sans-cjk-sc-subset";

/// egui's default fonts with the Chinese subset as the last fallback of both families.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        CJK_SUBSET_NAME.to_owned(),
        Arc::new(FontData::from_static(CJK_SUBSET)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push(CJK_SUBSET_NAME.to_owned());
    }
    fonts
}

/// Install the fonts and the system fallback for rare Chinese characters.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
    ctx.add_font_provider(Arc::new(system_cjk_font));
}

/// Whether a character is one the system CJK font is worth loading for.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF   // radicals
        | 0x3000..=0x303F // CJK symbols and punctuation
        | 0x3040..=0x30FF // kana
        | 0x3100..=0x312F // bopomofo
        | 0x3130..=0x318F // Hangul compatibility jamo
        | 0x31A0..=0x31FF
        | 0x3200..=0x33FF // enclosed, compatibility
        | 0x3400..=0x4DBF // extension A
        | 0x4E00..=0x9FFF // unified ideographs
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xF900..=0xFAFF // compatibility ideographs
        | 0xFE30..=0xFE4F // compatibility forms
        | 0xFF00..=0xFFEF // half- and full-width forms
        | 0x20000..=0x3FFFF)
}

/// A [`egui::FontProvider`]: for a CJK character no installed font has, the system's Noto Sans
/// CJK SC, read once (about 20 MB) the first time such a character shows up. egui adds it to the
/// family's fallbacks, so later characters find it without asking again.
fn system_cjk_font(request: &FallbackRequest<'_>) -> Option<FontInsert> {
    static FONT: OnceLock<Option<FontData>> = OnceLock::new();
    let c = request.cluster.chars().next()?;
    if !is_cjk(c) {
        return None;
    }
    let data = FONT
        .get_or_init(|| {
            window_fallback_fonts()
                .into_iter()
                .find_map(|(p, face)| std::fs::read(p).ok().map(|bytes| (bytes, face)))
                .map(|(bytes, index)| FontData {
                    index,
                    ..FontData::from_owned(bytes)
                })
        })
        .clone()?;
    Some(FontInsert::new(
        "system-noto-sans-cjk-sc",
        data,
        [FontFamily::Proportional, FontFamily::Monospace]
            .into_iter()
            .map(|family| InsertFontFamily {
                family,
                priority: FontPriority::Lowest,
            })
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::fonts::SYSTEM_CJK_FONTS;
    use egui::FontId;
    use std::path::Path;

    #[test]
    fn only_cjk_characters_reach_for_the_system_font() {
        for c in ['中', '文', '。', '，', 'か', '한', '𠀀'] {
            assert!(is_cjk(c), "{c}");
        }
        for c in ['a', 'é', 'Ж', '—', '…', '🙂'] {
            assert!(!is_cjk(c), "{c}");
        }
    }

    #[test]
    fn rare_characters_come_from_the_system_font_when_it_is_installed() {
        let ctx = egui::Context::default();
        install(&ctx);
        ctx.run_ui(Default::default(), |_| {})
            .textures_delta
            .clear();
        let id = egui::FontId::proportional(14.0);
        // In the subset (GB 2312 level 1), and only in the full font (level 2: common in names).
        assert!(ctx.fonts_mut(|f| f.has_glyph(&id, '封')));
        // Never passed untested: without the system font this test fails and says what to do.
        let installed = SYSTEM_CJK_FONTS.iter().any(|p| Path::new(p).exists());
        assert!(
            installed,
            "no system Noto Sans CJK at {SYSTEM_CJK_FONTS:?}: install fonts-noto-cjk (scripts/setup-deps.sh does)"
        );
        assert!(ctx.fonts_mut(|f| f.has_glyph(&id, '鑫')));
        assert!(ctx.fonts_mut(|f| f.has_glyph(&FontId::monospace(14.0), '淼')));
    }
}
