//! cargo-fuzz target `wrapping_key`: see `byok_wizard_fuzz::wrapping_key` (fuzz/src/lib.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    byok_wizard_fuzz::wrapping_key(data);
});
