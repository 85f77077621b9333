//! cargo-fuzz target `params`: see `byok_wizard_fuzz::params` (fuzz/src/lib.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    byok_wizard_fuzz::params(data);
});
