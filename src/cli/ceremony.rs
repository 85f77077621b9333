//! `byok-wizard ceremony split` and `ceremony verify`, and the `wrap --components` assembly.

use crate::core::ceremony;
use crate::core::error::{Error, Result};
use crate::core::input::read_input_file;
use std::path::Path;

/// `ceremony split`.
pub fn split(
    key_spec: &str,
    generate: bool,
    material: Option<&Path>,
    custodians: &[String],
    threshold: Option<u8>,
    out: &Path,
) -> Result<()> {
    if generate == material.is_some() {
        return Err(Error::input(
            "--generate",
            "give exactly one of --generate and --material",
        )
        .hint("--generate makes the key here; --material splits a key you have"));
    }
    let done = ceremony::split_dir::split_into(key_spec, material, custodians, threshold, out)?;
    println!(
        "Ceremony {}: {} key split {} among {} custodians into {}:",
        done.ceremony,
        done.key_spec.common_name(),
        done.scheme.describe(),
        done.custodians.len(),
        out.display()
    );
    for c in &done.custodians {
        println!(
            "  {:<40} custodian {}  component check value {}  form {}",
            c.component_file, c.name, c.component_check_value, c.form_file
        );
    }
    println!("Key check value: {}", done.key_check_value);
    println!(
        "Transcript: {} (head {}; write it down)",
        out.join(ceremony::TRANSCRIPT).display(),
        done.head
    );
    println!(
        "Give each custodian only their own .component file and form; none of them holds the key."
    );
    Ok(())
}

/// `ceremony verify`: exit 0 with a summary, or 1 naming the first broken line.
pub fn verify(path: &Path, head: Option<&str>) -> Result<i32> {
    let bytes = read_input_file("transcript", path)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        Error::input(
            format!("transcript {}", path.display()),
            "is not UTF-8 text",
        )
    })?;
    match ceremony::verify(text) {
        Ok(v) => {
            if let Some(want) = head {
                if !v.head.eq_ignore_ascii_case(want.trim()) {
                    println!(
                        "BROKEN: the last line hashes to {}, not the head {} you recorded (lines were added or removed at the end)",
                        v.head,
                        want.trim()
                    );
                    return Ok(1);
                }
            }
            println!(
                "intact: {} events{}, head {}",
                v.events,
                v.ceremony
                    .map(|c| format!(", ceremony {c}"))
                    .unwrap_or_default(),
                v.head
            );
            Ok(0)
        }
        Err((line, why)) => {
            println!("BROKEN at line {line}: it {why}");
            Ok(1)
        }
    }
}
