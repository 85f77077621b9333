//! The fonts byok-wizard brings and looks for, shared by the window (`gui::fonts`) and the
//! ceremony's printed forms (`ceremony::form`): one copy of the CJK subset in the binary and one
//! list of where systems keep Noto Sans CJK.

/// Noto Sans CJK SC Regular, subset by `assets/fonts/make_subset.sh` (SIL OFL 1.1): every
/// character of the Chinese messages and the 3,755 common GB 2312 characters; no Latin.
pub const CJK_SUBSET: &[u8] = include_bytes!("../../assets/fonts/NotoSansCJKsc-Regular-subset.otf");

/// Where distributions put the full Noto Sans CJK (a collection).
pub const SYSTEM_CJK_FONTS: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", // Debian, Ubuntu
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",      // Arch, Fedora
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", // older Fedora
];

/// The face of Noto Sans CJK SC in those collections.
pub const SYSTEM_CJK_SC_FACE: u32 = 2;

/// Where a system keeps a font the window may fall back on for a rare Chinese character, with the
/// face to use: the Noto Sans CJK collections above, and on Windows its own Chinese UI fonts
/// (`%WINDIR%\Fonts`: Microsoft YaHei since Windows Vista, DengXian since Windows 10, SimSun;
/// face 0 of each collection is the regular face). Only the window uses the Windows fonts: the
/// ceremony forms embed CFF outlines, which only the Noto collections have.
pub fn window_fallback_fonts() -> Vec<(std::path::PathBuf, u32)> {
    #[allow(unused_mut)]
    let mut fonts: Vec<(std::path::PathBuf, u32)> = SYSTEM_CJK_FONTS
        .iter()
        .map(|p| (std::path::PathBuf::from(p), SYSTEM_CJK_SC_FACE))
        .collect();
    #[cfg(windows)]
    {
        let dir = std::env::var_os("WINDIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| std::path::PathBuf::from(r"C:\Windows"))
            .join("Fonts");
        for name in ["msyh.ttc", "Deng.ttf", "simsun.ttc"] {
            fonts.push((dir.join(name), 0));
        }
    }
    fonts
}
