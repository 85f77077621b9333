//! byok-wizard: wrap your own key material for import into a cloud KMS, offline.
//!
//! Glossary: the **wrapping key** is the RSA public key the cloud issues for one import; the
//! **import token** binds an upload to that key; **key material** is the secret being imported
//! (raw symmetric bytes or a PKCS#8 private key); **wrapped key material** is what gets uploaded.
//!
//! Pipeline: `core::request` parses and checks the inputs into a `WrapRequest`, `core::wrap` wraps
//! it by the catalog's scheme, `core::bundle` lays out the vendor's upload files and writes them
//! atomically. `cli` is the scripting shell over it; `wizard` (a state machine without egui) and
//! `gui` (the eframe window) are the point-and-click one; `i18n` holds the window's English and
//! Simplified Chinese text.

// Only src/core/winfs.rs (Windows) allows `unsafe`: the Win32 calls the standard library lacks.
#![deny(unsafe_code)]

pub mod cli;
pub mod core;
#[cfg(feature = "gui")]
pub mod gui;
#[cfg(feature = "gui")]
pub mod i18n;
pub mod keygen;
pub mod wizard;

/// No core dump of this process, ever: RLIMIT_CORE = 0 (soft and hard), and on Linux
/// `prctl(PR_SET_DUMPABLE, 0)`, which also stops core-dump handlers (systemd-coredump, apport)
/// that would ignore the limit, and makes `/proc/<pid>/mem` and ptrace attach need
/// CAP_SYS_PTRACE. Called before any file is read.
pub fn core_dumps_off() {
    #[cfg(unix)]
    {
        rlimit::setrlimit(rlimit::Resource::CORE, 0, 0).ok();
    }
    #[cfg(target_os = "linux")]
    {
        rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable).ok();
    }
    // Windows has no core dumps; what it has is Windows Error Reporting, which this turns off.
    #[cfg(windows)]
    core::winfs::crash_reports_off();
}
