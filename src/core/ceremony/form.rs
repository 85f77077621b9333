//! The printable form each custodian of a key ceremony gets beside their component file: one A4
//! page with the ceremony's facts, the component in hex groups, the check values, and lines to
//! sign, date and record the tamper-evident envelope's serial number and the transcript's head.
//!
//! Latin text is set in the PDF standard font Courier (every glyph 0.6 em wide, so hex lines up);
//! other characters (Chinese custodian names) come from an embedded, subsetted CFF font — the
//! window's Noto Sans CJK SC subset, or the system's Noto Sans CJK for a rare character — with a
//! ToUnicode map, so the text can be searched and extracted (ISO 32000-1 §9.10).

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};
use std::collections::BTreeMap;
use zeroize::Zeroizing;

/// A4 in PDF points.
const W: f32 = 595.276;
const H: f32 = 841.89;
const MARGIN: f32 = 56.0;
/// Where values start.
const VALUE_X: f32 = 215.0;
const CJK_NAME: &[u8] = b"BYOKWZ+NotoSansCJKsc-Regular";

use crate::core::fonts::{CJK_SUBSET, SYSTEM_CJK_FONTS, SYSTEM_CJK_SC_FACE};

/// What one form shows.
pub struct Form<'a> {
    pub title: &'a str,
    /// (label, value) lines.
    pub rows: Vec<(&'a str, String)>,
    /// The component's hex groups, a few per line (secret).
    pub value_lines: Vec<Zeroizing<String>>,
    /// Labels of the lines to fill in by hand.
    pub fill_in: &'a [&'a str],
    /// Closing notes (one line each).
    pub notes: &'a [&'a str],
}

fn is_courier(c: char) -> bool {
    matches!(c as u32, 0x20..=0x7E)
}

/// The font for the characters Courier lacks: the bundled subset if it has them all, else the
/// system's Noto Sans CJK. `Err` names a character neither has.
fn cjk_font(text: &str) -> Result<(Vec<u8>, u32), String> {
    let needed: Vec<char> = text.chars().filter(|c| !is_courier(*c)).collect();
    let missing = |data: &[u8], index: u32| match ttf_parser::Face::parse(data, index) {
        Ok(f) => needed.iter().copied().find(|c| f.glyph_index(*c).is_none()),
        Err(_) => needed.first().copied(),
    };
    let Some(lacking) = missing(CJK_SUBSET, 0) else {
        return Ok((CJK_SUBSET.to_vec(), 0));
    };
    for path in SYSTEM_CJK_FONTS {
        if let Ok(data) = std::fs::read(path) {
            if missing(&data, SYSTEM_CJK_SC_FACE).is_none() {
                return Ok((data, SYSTEM_CJK_SC_FACE));
            }
        }
    }
    Err(format!(
        "no font here has a glyph for {lacking:?} (U+{:04X}); install fonts-noto-cjk, or use another spelling of the name",
        lacking as u32
    ))
}

struct Ink<'f> {
    face: ttf_parser::Face<'f>,
    gids: subsetter::GlyphRemapper,
    unicode: BTreeMap<u16, char>,
    content: Content,
}

impl Ink<'_> {
    /// `s` with its baseline starting at (x, y): Courier runs and CJK runs.
    fn text(&mut self, mut x: f32, y: f32, size: f32, bold: bool, s: &str) -> Result<(), String> {
        let upem = f32::from(self.face.units_per_em());
        let mut chars = s.chars().peekable();
        while let Some(&first) = chars.peek() {
            let latin = is_courier(first);
            let mut run = Zeroizing::new(Vec::new());
            let mut advance = 0.0f32;
            while let Some(&c) = chars.peek() {
                if is_courier(c) != latin {
                    break;
                }
                chars.next();
                if latin {
                    run.push(c as u8);
                    advance += 0.6 * size;
                    continue;
                }
                let g = self
                    .face
                    .glyph_index(c)
                    .ok_or_else(|| format!("the font has no glyph for {c:?}"))?;
                // The subset renumbers glyphs; with Identity-H the new glyph id is the CID.
                let cid = self.gids.remap(g.0);
                self.unicode.insert(cid, c);
                run.extend(cid.to_be_bytes());
                advance += f32::from(self.face.glyph_hor_advance(g).unwrap_or(0)) / upem * size;
            }
            let font: &[u8] = match (latin, bold) {
                (true, false) => b"F1",
                (true, true) => b"F2",
                _ => b"F3",
            };
            self.content
                .begin_text()
                .set_font(Name(font), size)
                .set_text_matrix([1.0, 0.0, 0.0, 1.0, x, y])
                .show(Str(&run))
                .end_text();
            x += advance;
        }
        Ok(())
    }

    fn line(&mut self, x1: f32, x2: f32, y: f32) {
        self.content
            .set_line_width(0.6)
            .move_to(x1, y)
            .line_to(x2, y)
            .stroke();
    }
}

/// The form as PDF bytes (it holds the component: write it like the component file, 0600).
pub fn render(form: &Form) -> Result<Zeroizing<Vec<u8>>, String> {
    let mut all = String::from(form.title);
    for (l, v) in &form.rows {
        all.push_str(l);
        all.push_str(v);
    }
    for l in form.fill_in.iter().chain(form.notes) {
        all.push_str(l);
    }
    let (font, index) = cjk_font(&all)?;
    let face = ttf_parser::Face::parse(&font, index).map_err(|e| format!("font: {e}"))?;
    let mut ink = Ink {
        face,
        gids: subsetter::GlyphRemapper::new(),
        unicode: BTreeMap::new(),
        content: Content::new(),
    };
    let mut y = H - MARGIN - 16.0;
    ink.text(MARGIN, y, 15.0, true, form.title)?;
    y -= 10.0;
    ink.line(MARGIN, W - MARGIN, y);
    y -= 24.0;
    for (label, value) in &form.rows {
        ink.text(MARGIN, y, 10.0, true, label)?;
        ink.text(VALUE_X, y, 10.0, false, value)?;
        y -= 17.0;
    }
    y -= 4.0;
    for line in &form.value_lines {
        ink.text(VALUE_X, y, 11.0, false, line)?;
        y -= 15.0;
    }
    y -= 6.0;
    for label in form.fill_in {
        y -= 34.0;
        ink.text(MARGIN, y + 3.0, 10.0, true, label)?;
        ink.line(VALUE_X, W - MARGIN, y);
    }
    y -= 30.0;
    for note in form.notes {
        ink.text(MARGIN, y, 8.5, false, note)?;
        y -= 12.0;
    }
    if y < MARGIN / 2.0 {
        return Err("the form does not fit on one A4 page".into());
    }
    let Ink {
        face,
        gids,
        unicode,
        content,
    } = ink;
    let scale = 1000.0 / f32::from(face.units_per_em());
    let subset = subsetter::subset(&font, index, &gids).map_err(|e| format!("font subset: {e}"))?;
    let cff = ttf_parser::RawFace::parse(&subset, 0)
        .ok()
        .and_then(|r| r.table(ttf_parser::Tag::from_bytes(b"CFF ")))
        .ok_or("the font has no CFF outlines")?
        .to_vec();
    let widths: Vec<f32> = gids
        .remapped_gids()
        .map(|g| f32::from(face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0)) * scale)
        .collect();

    let (catalog, tree, page, body) = (Ref::new(1), Ref::new(2), Ref::new(3), Ref::new(4));
    let (courier, courier_bold, type0) = (Ref::new(5), Ref::new(6), Ref::new(7));
    let (cid_font, descriptor, to_unicode, font_file) =
        (Ref::new(8), Ref::new(9), Ref::new(10), Ref::new(11));
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree).kids([page]).count(1);
    let mut p = pdf.page(page);
    p.media_box(Rect::new(0.0, 0.0, W, H))
        .parent(tree)
        .contents(body);
    p.resources()
        .fonts()
        .pair(Name(b"F1"), courier)
        .pair(Name(b"F2"), courier_bold)
        .pair(Name(b"F3"), type0);
    p.finish();
    let content = Zeroizing::new(content.finish().to_vec());
    pdf.stream(body, &content);
    pdf.type1_font(courier)
        .base_font(Name(b"Courier"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(courier_bold)
        .base_font(Name(b"Courier-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    let info = SystemInfo {
        registry: Str(b"Adobe"),
        ordering: Str(b"Identity"),
        supplement: 0,
    };
    pdf.type0_font(type0)
        .base_font(Name(b"BYOKWZ+NotoSansCJKsc-Regular-Identity-H"))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid_font)
        .to_unicode(to_unicode);
    let mut cf = pdf.cid_font(cid_font);
    cf.subtype(CidFontType::Type0)
        .base_font(Name(CJK_NAME))
        .system_info(info)
        .font_descriptor(descriptor)
        .default_width(0.0);
    cf.widths().consecutive(0, widths);
    cf.finish();
    let bbox = face.global_bounding_box();
    let k = |v: i16| f32::from(v) * scale;
    pdf.font_descriptor(descriptor)
        .name(Name(CJK_NAME))
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(
            k(bbox.x_min),
            k(bbox.y_min),
            k(bbox.x_max),
            k(bbox.y_max),
        ))
        .italic_angle(0.0)
        .ascent(k(face.ascender()))
        .descent(k(face.descender()))
        .cap_height(k(face.capital_height().unwrap_or(face.ascender())))
        .stem_v(80.0)
        .font_file3(font_file);
    let mut cmap = UnicodeCmap::new(Name(b"Custom"), info);
    for (&cid, &c) in &unicode {
        cmap.pair(cid, c);
    }
    let cmap = cmap.finish();
    pdf.cmap(to_unicode, &cmap)
        .name(Name(b"Custom"))
        .system_info(info);
    pdf.stream(font_file, &cff)
        .pair(Name(b"Subtype"), Name(b"CIDFontType0C"));
    Ok(Zeroizing::new(pdf.finish()))
}

/// The component's hex, `per_line` groups of 4 per line.
pub fn value_lines(hex_upper: &str, per_line: usize) -> Vec<Zeroizing<String>> {
    let groups: Vec<&str> = (0..hex_upper.len())
        .step_by(4)
        .map(|i| &hex_upper[i..(i + 4).min(hex_upper.len())])
        .collect();
    groups
        .chunks(per_line)
        .map(|c| Zeroizing::new(c.join(" ")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str) -> Form<'_> {
        Form {
            title: "Key ceremony: custodian form",
            rows: vec![("Custodian", name.to_owned()), ("Index", "1".into())],
            value_lines: value_lines("8F3A19C2AABBCCDD", 2),
            fill_in: &["Signature"],
            notes: &["Keep this form sealed."],
        }
    }

    #[test]
    fn a_chinese_name_embeds_a_subset_with_a_unicode_map() {
        let pdf = render(&form("张伟")).unwrap();
        let text = String::from_utf8_lossy(&pdf);
        assert!(pdf.starts_with(b"%PDF-"));
        for needle in ["/CIDFontType0C", "/Identity-H", "/ToUnicode", "/Courier"] {
            assert!(text.contains(needle), "{needle}");
        }
        // The ToUnicode map pairs each CID with 张 (U+5F20) and 伟 (U+4F1F).
        assert!(text.contains("<5F20>") && text.contains("<4F1F>"), "{text}");
        // Only the glyphs used: far smaller than the 0.8 MB font.
        assert!(pdf.len() < 40_000, "{}", pdf.len());
    }

    #[test]
    fn hex_is_grouped_per_line() {
        let lines = value_lines("00112233445566778899AABB", 4);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].as_str(), "0011 2233 4455 6677");
        assert_eq!(lines[1].as_str(), "8899 AABB");
    }
}
