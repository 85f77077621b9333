//! cargo-fuzz target `material`: see `byok_wizard_fuzz::material` (fuzz/src/lib.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    byok_wizard_fuzz::material(data);
});
