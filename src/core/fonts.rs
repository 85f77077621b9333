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
