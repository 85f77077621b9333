//! Splitting a key among custodians into a folder: the component files (0600), each custodian's
//! printable form (0600) and the transcript, placed in one step like a bundle. The CLI's
//! `ceremony split` and the window's ceremony page both run [`split_into`].

use super::*;
use crate::core::error::{Error, Result};
use crate::core::input::params::fmt_time;
use crate::core::input::read_input_file;
use std::path::Path;
use time::OffsetDateTime;

/// One custodian's share of a finished split (no secret in it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitCustodian {
    pub name: String,
    pub index: u8,
    pub component_file: String,
    pub form_file: String,
    pub component_check_value: String,
}

/// What a split wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitDone {
    pub ceremony: String,
    pub key_spec: KeySpec,
    pub scheme: SplitScheme,
    pub custodians: Vec<SplitCustodian>,
    pub key_check_value: String,
    /// The transcript's head (the SHA-256 of its last line): custodians write it down.
    pub head: String,
}

/// Check the request, make (or read) the key, split it and write the folder. `material`: a key
/// file to split; `None` generates the key here.
pub fn split_into(
    key_spec: &str,
    material: Option<&Path>,
    custodians: &[String],
    threshold: Option<u8>,
    out: &Path,
) -> Result<SplitDone> {
    let generate = material.is_none();
    let spec = crate::core::catalog::spec_from_any_name(key_spec).ok_or_else(|| {
        Error::input("--key-spec", format!("unknown key spec '{key_spec}'"))
            .hint("use a common name such as AES_256, SM4 or HMAC_256")
    })?;
    let len = key_length(spec).ok_or_else(|| {
        Error::input(
            "--key-spec",
            format!(
                "{} is a private key; ceremonies split symmetric and HMAC keys",
                spec.common_name()
            ),
        )
        .hint("use a symmetric key spec (AES_256, SM4, HMAC_256, …)")
    })?;
    let n = custodians.len();
    if !(2..=16).contains(&n) {
        return Err(Error::input(
            "--custodian",
            format!("{n} custodians were named; a split takes 2 to 16"),
        )
        .hint("name each custodian with its own --custodian NAME"));
    }
    for (i, c) in custodians.iter().enumerate() {
        if c.trim().is_empty() {
            return Err(Error::input("--custodian", "a custodian's name is empty")
                .hint("give every custodian a name"));
        }
        if custodians[..i].iter().any(|o| safe_name(o) == safe_name(c)) {
            return Err(Error::input("--custodian", format!("'{c}' is named twice"))
                .hint("give each custodian a different name"));
        }
    }
    if let Some(m) = threshold {
        if !(2..=n as u8).contains(&m) {
            return Err(Error::input(
                "--threshold",
                format!("{m} is not between 2 and the {n} custodians"),
            )
            .hint("choose M with 2 ≤ M ≤ the number of custodians"));
        }
    }
    let mut inputs = Vec::new();
    if let Some(m) = material {
        inputs.push(crate::core::bundle::RunInput {
            flag: "--material",
            path: m,
        });
    }
    let now = OffsetDateTime::now_utc();
    crate::core::place::check_out(out, crate::core::bundle::Overwrite::Refuse, &inputs)?;
    let key = match material {
        Some(path) => {
            let bytes = zeroize::Zeroizing::new(read_input_file("--material", path)?);
            crate::core::input::material::parse_symmetric(&bytes, len)
                .map_err(|e| Error::input(format!("--material {}", path.display()), e))?
        }
        None => crate::core::generate::random_bytes(len)?,
    };
    let id = hex::encode(crate::core::generate::random_bytes(8)?.expose());
    let need = threshold.unwrap_or(n as u8) as usize - 1;
    let random = crate::core::generate::random_bytes(need * len)?;
    let comps = split(spec, &key, custodians, threshold, &id, random.expose());
    let scheme = comps[0].scheme;
    // The files: one component per custodian (0600) and the transcript.
    let mut files: Vec<(String, zeroize::Zeroizing<Vec<u8>>, u32)> = Vec::new();
    let mut events = vec![event(
        "ceremony split",
        vec![
            ("ceremony", id.clone().into()),
            ("key_spec", spec.common_name().into()),
            ("scheme", scheme.describe().into()),
            ("custodians", custodians.to_vec().into()),
            ("key_check_value", comps[0].key_check_value.clone().into()),
            (
                "key_source",
                if generate { "generated" } else { "loaded" }.into(),
            ),
        ],
    )];
    let cmac = cmac_check_value(key.expose());
    if let Some(cmac) = &cmac {
        events[0].insert("key_check_value_cmac".into(), cmac.clone().into());
    }
    for c in &comps {
        let name = format!("{}-{}.component", c.index, safe_name(&c.custodian));
        let text = component_text(c);
        let bytes = zeroize::Zeroizing::new(text.as_bytes().to_vec());
        let form_name = format!("{}-{}.pdf", c.index, safe_name(&c.custodian));
        let pdf = custodian_form(c, n, cmac.as_deref(), &fmt_time(now)).map_err(|e| {
            Error::input(
                format!("--custodian {}", c.custodian),
                format!("cannot print its form: {e}"),
            )
        })?;
        events.push(event(
            "component written",
            vec![
                ("custodian", c.custodian.clone().into()),
                ("index", c.index.into()),
                ("file", name.clone().into()),
                (
                    "component_check_value",
                    c.component_check_value.clone().into(),
                ),
                ("file_sha256", sha256_hex(&bytes).into()),
                ("form", form_name.clone().into()),
                ("form_sha256", sha256_hex(&pdf).into()),
            ],
        ));
        files.push((name, bytes, 0o600));
        // The form shows the component too: the same owner-only mode.
        files.push((form_name, pdf, 0o600));
    }
    let lines = transcript_lines(None, events, &fmt_time(now));
    let transcript = lines.join("\n") + "\n";
    let head = sha256_hex(lines.last().map(String::as_bytes).unwrap_or_default());
    files.push((
        TRANSCRIPT.into(),
        zeroize::Zeroizing::new(transcript.into_bytes()),
        0o644,
    ));
    let list: Vec<(&str, &[u8], u32)> = files
        .iter()
        .map(|(n, b, m)| (n.as_str(), b.as_slice(), *m))
        .collect();
    crate::core::place::write_dir(&list, out, crate::core::bundle::Overwrite::Refuse, &inputs)?;
    Ok(SplitDone {
        ceremony: id,
        key_spec: spec,
        scheme,
        custodians: comps
            .iter()
            .zip(files.chunks(2))
            .map(|(c, pair)| SplitCustodian {
                name: c.custodian.clone(),
                index: c.index,
                component_file: pair[0].0.clone(),
                form_file: pair[1].0.clone(),
                component_check_value: c.component_check_value.clone(),
            })
            .collect(),
        key_check_value: comps[0].key_check_value.clone(),
        head,
    })
}

/// One custodian's printable form (A4 PDF): the facts of the component file, lines to sign and
/// date, the tamper-evident envelope's serial number and the transcript's head.
fn custodian_form(
    c: &Component,
    n: usize,
    key_check_value_cmac: Option<&str>,
    created: &str,
) -> std::result::Result<zeroize::Zeroizing<Vec<u8>>, String> {
    let hex_upper = zeroize::Zeroizing::new(hex::encode_upper(c.value.expose()));
    let mut rows = vec![
        ("Ceremony", c.ceremony.clone()),
        ("Custodian", c.custodian.clone()),
        ("Custodian index", format!("{} of {n}", c.index)),
        ("Key spec", c.key_spec.common_name().to_owned()),
        ("Scheme", c.scheme.describe()),
        ("Component check value", c.component_check_value.clone()),
        ("Key check value", c.key_check_value.clone()),
    ];
    if let Some(cmac) = key_check_value_cmac {
        rows.push(("Key check value (CMAC)", cmac.to_owned()));
    }
    rows.push(("Created", created.to_owned()));
    rows.push(("Component value", String::new()));
    form::render(&form::Form {
        title: "byok-wizard key ceremony - custodian form",
        rows,
        value_lines: form::value_lines(&hex_upper, 8),
        fill_in: &[
            "Custodian signature",
            "Date and time",
            "Witness name and signature",
            "Envelope serial number",
            "Transcript head",
        ],
        notes: &[
            "Only this custodian may see this form. Seal it in the tamper-evident envelope at once and",
            "write the envelope's serial number above. Copy the transcript head from `ceremony verify`.",
            "At assembly, compare the key check value shown with the one on this form.",
        ],
    })
}
