//! Code shared by several integration tests. Each test file is its own crate and uses only some of
//! it, so unused items are expected.
#![allow(dead_code)]

pub mod bundle;
pub mod codec;
pub mod gui;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The binary cargo built for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_byok-wizard");

/// A command running the binary under test: [`BIN`], or another build of it through a runner
/// when `BYOK_WIZARD_RUNNER` is set — the Windows build under Wine is tested that way
/// (`scripts/wine-tests.sh`: the runner is `scripts/wine-run.py`, `BYOK_WIZARD_EXE` the .exe).
pub fn bin() -> Command {
    match std::env::var_os("BYOK_WIZARD_RUNNER").filter(|r| !r.is_empty()) {
        Some(runner) => {
            let exe = std::env::var_os("BYOK_WIZARD_EXE")
                .expect("BYOK_WIZARD_RUNNER is set: BYOK_WIZARD_EXE must name the binary to run");
            let mut c = Command::new(runner);
            c.arg(exe);
            c
        }
        None => Command::new(BIN),
    }
}

/// Whether the binary under test is a foreign build run through a runner (Wine).
pub fn through_runner() -> bool {
    std::env::var_os("BYOK_WIZARD_RUNNER").is_some_and(|r| !r.is_empty())
}

/// A fixture in `tests/data` (how each was made: `tests/data/make-fixtures.sh`).
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Run the binary with `args`, no stdin.
pub fn run(args: &[&str]) -> Output {
    bin().args(args).stdin(Stdio::null()).output().unwrap()
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

/// Assert that only the file's owner may use it: mode 0600 on Unix; for the Windows build under
/// its runner, a protected DACL (nothing inherited) whose every entry allows the current user
/// alone, read back by the Windows build of `examples/file_acl.rs` (`BYOK_WIZARD_ACL_EXE`).
pub fn assert_owner_only(path: &Path) {
    if through_runner() {
        let runner = std::env::var_os("BYOK_WIZARD_RUNNER").unwrap();
        let exe = std::env::var_os("BYOK_WIZARD_ACL_EXE")
            .expect("BYOK_WIZARD_ACL_EXE must name the Windows build of examples/file_acl.rs");
        let o = Command::new(runner)
            .arg(exe)
            .arg(path)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "file_acl {}: {}",
            path.display(),
            both(&o)
        );
        let line = String::from_utf8_lossy(&o.stdout).trim_end().to_owned();
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 3, "file_acl printed {line:?}");
        let user = fields[1].strip_prefix("user=").expect("user=");
        let check = if std::env::var("BYOK_WIZARD_ACL_MODEL").as_deref() == Ok("wine") {
            check_only_user_and_system_sddl
        } else {
            check_owner_only_sddl
        };
        if let Err(e) = check(fields[2], user) {
            panic!(
                "{}: {e} (security descriptor {})",
                path.display(),
                fields[2]
            );
        }
        return;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode,
            0o600,
            "{} has mode {mode:o}, want 600",
            path.display()
        );
    }
}

/// Whether an SDDL string (`O:…D:P(A;;FRFWSD;;;S-1-5-…)`) lets `user` alone in: the DACL is
/// protected and every entry is an allow entry for `user`. Says what is wrong otherwise.
pub fn check_owner_only_sddl(sddl: &str, user: &str) -> Result<(), String> {
    check_dacl(sddl, &[user], true)
}

/// What Wine can show (`BYOK_WIZARD_ACL_MODEL=wine`): Wine keeps no DACL; it turns the one given
/// at creation into the Unix mode and reads back a descriptor made from the mode, which always
/// has SYSTEM and is never protected. So under Wine: nobody but `user` and SYSTEM (`SY`) is let
/// in — a file left to its folder's default (mode 0644) shows Everyone (`WD`) and fails.
pub fn check_only_user_and_system_sddl(sddl: &str, user: &str) -> Result<(), String> {
    check_dacl(sddl, &[user, "SY"], false)
}

fn check_dacl(sddl: &str, allowed: &[&str], protected: bool) -> Result<(), String> {
    let user = allowed.join(" or ");
    let dacl = sddl
        .split_once("D:")
        .ok_or("no DACL (everyone may use the file)")?
        .1;
    // The DACL ends where a SACL ("S:") would begin.
    let dacl = dacl.split_once("S:").map_or(dacl, |(d, _)| d);
    let (flags, entries) = dacl.split_once('(').ok_or("the DACL has no entries")?;
    if protected && !flags.contains('P') {
        return Err("the DACL is not protected: the folder's entries are inherited".into());
    }
    let mut n = 0;
    for entry in format!("({entries}").split(')').filter(|e| !e.is_empty()) {
        let parts: Vec<&str> = entry.trim_start_matches('(').split(';').collect();
        if parts.len() != 6 {
            return Err(format!("cannot read the entry {entry:?}"));
        }
        if parts[0] != "A" || !allowed.contains(&parts[5]) {
            return Err(format!(
                "the entry {entry}) lets in someone else than {user}"
            ));
        }
        n += 1;
    }
    if n == 0 {
        return Err("the DACL has no entries".into());
    }
    Ok(())
}
