//! Code shared by several integration tests. Each test file is its own crate and uses only some of
//! it, so unused items are expected.
#![allow(dead_code)]

pub mod bundle;
pub mod codec;
pub mod gui;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_byok-wizard");

/// A fixture in `tests/data` (how each was made: `tests/data/make-fixtures.sh`).
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Run the binary with `args`, no stdin.
pub fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// stdout and stderr, for assertion messages.
pub fn both(o: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Assert exit status 0.
pub fn ok(o: &Output) {
    assert!(o.status.success(), "{}", both(o));
}

/// Run a Python oracle from `tests/oracle` (pyca `cryptography`, no byok-wizard code); its
/// stdout, trimmed. Panics with its stderr when it refuses.
pub fn oracle(script: &str, args: &[&Path]) -> String {
    let s = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/oracle")
        .join(script);
    let o = Command::new("python3").arg(s).args(args).output().unwrap();
    assert!(
        o.status.success(),
        "{script} {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap().trim().to_owned()
}
