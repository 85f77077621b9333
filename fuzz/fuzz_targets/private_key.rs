//! cargo-fuzz target `private_key`: see `byok_wizard_fuzz::private_key` (fuzz/src/lib.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    byok_wizard_fuzz::private_key(data);
});
