//! cargo-fuzz target `pem_blocks`: see `byok_wizard_fuzz::pem_blocks` (fuzz/src/lib.rs) for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    byok_wizard_fuzz::pem_blocks(data);
});
