//! Who may read a file: the tests read it back with this (the Windows tests under Wine run its
//! Windows build). For each path: on Windows `<path>\tuser=<SID>\t<owner and DACL in SDDL>`, on
//! Unix `<path>\tuid=<uid>\tmode=<octal>`. Exit status 2 if a path cannot be read.
//!
//!   cargo run --example file_acl -- FILE...

fn main() {
    let mut status = 0;
    for p in std::env::args_os().skip(1) {
        let path = std::path::PathBuf::from(p);
        match describe(&path) {
            Ok(line) => println!("{}\t{line}", path.display()),
            Err(e) => {
                eprintln!("file_acl: {}: {e}", path.display());
                status = 2;
            }
        }
    }
    std::process::exit(status);
}

#[cfg(windows)]
fn describe(path: &std::path::Path) -> std::io::Result<String> {
    use byok_wizard::core::winfs;
    Ok(format!(
        "user={}\t{}",
        winfs::current_user_sid()?,
        winfs::describe_acl(path)?
    ))
}

#[cfg(unix)]
fn describe(path: &std::path::Path) -> std::io::Result<String> {
    use std::os::unix::fs::MetadataExt as _;
    let m = std::fs::metadata(path)?;
    Ok(format!("uid={}\tmode={:o}", m.uid(), m.mode() & 0o7777))
}
