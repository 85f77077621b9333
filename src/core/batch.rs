//! Batch migrations: one plan (CSV or JSON), one bundle per row, each row through the same checks
//! and pipeline as `wrap` ([`crate::core::wrap_input`]).
//!
//! A [`Batch`] checks every row before anything runs, then hands out rows to whoever runs them
//! ([`Batch::next_row`], [`Batch::run_row`]); the shells bring the threads (the core starts none).
//! A row that fails fails alone and leaves nothing behind. Durability, per bundle: its files are
//! written into a temporary folder, the file system is synced (`syncfs`, one call where `wrap`
//! fsyncs each file), the folder is placed with one rename and synced again; only then is the
//! row's line appended to summary.csv (and synced), so a row the summary calls `wrapped`
//! survives a power cut. Both summaries are rewritten in plan order when the batch ends. Re-running resumes: complete bundles (manifest present, every
//! file's SHA-256 right, nothing else in the folder) are verified and skipped.

use crate::core::error::{Error, Result};
use crate::core::input::params::fmt_time;
use crate::core::input::read_input_file;
use crate::core::job::{Phase, RsaGenerator};
use crate::core::request;
use crate::core::wrap_input::{self, Prepared, WrapInput};
use sha2::{Digest as _, Sha256};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use time::OffsetDateTime;

/// The plan's columns: `wrap`'s options without dashes, `-` read as `_`.
pub const COLUMNS: &[&str] = &[
    "name",
    "provider",
    "key_spec",
    "algorithm",
    "wrapping_key",
    "import_token",
    "key_id",
    "kek_id",
    "material",
    "generate",
    "backup",
    "backup_passphrase_file",
    "material_passphrase_file",
    "material_expires",
    "expect_kcv",
    "import_type",
    "material_description",
    "material_id",
    "region",
    "key_algorithm",
];

/// The summary files in the output folder.
pub const SUMMARY_CSV: &str = "summary.csv";
pub const SUMMARY_JSON: &str = "summary.json";
/// Held (flock) while a batch runs in the folder: a second run there is refused.
pub const LOCK_FILE: &str = ".byok-batch.lock";
const SUMMARY_HEADER: &[&str] = &[
    "name",
    "status",
    "reason",
    "key_check_value",
    "manifest_sha256",
];

/// One row of the plan.
#[derive(Clone, Debug)]
pub struct Row {
    pub name: String,
    /// Where it is in the plan (CSV line or JSON index, from 1), for messages.
    pub at: usize,
    pub input: WrapInput,
}

/// A plan, read and checked as a whole (names unique and safe, columns known).
#[derive(Clone, Debug)]
pub struct Plan {
    pub path: PathBuf,
    pub rows: Vec<Row>,
}

fn plan_error(path: &Path, problem: impl Into<String>) -> Error {
    Error::input(format!("PLAN {}", path.display()), problem)
}

/// Whether `name` may be a bundle folder's name (ASCII letters, digits, `.`, `_`, `-`).
pub fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && name.len() <= 128
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        && name != SUMMARY_CSV
        && name != SUMMARY_JSON
        && name != LOCK_FILE
}

/// Read and check a plan: CSV with a header row, or a JSON array of objects with the same keys.
pub fn read_plan(path: &Path) -> Result<Plan> {
    let bytes = read_input_file("PLAN", path)?;
    let base = path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let base = if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base
    };
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    let records: Vec<(usize, Vec<(String, String)>)> = if first == Some(&b'[') {
        read_json(path, &bytes)?
    } else {
        read_csv(path, &bytes)?
    };
    if records.is_empty() {
        return Err(plan_error(path, "has no rows").hint(
            "write one row per key under the header (name,provider,key_spec,wrapping_key,…)",
        ));
    }
    let mut rows = Vec::new();
    let mut seen = std::collections::BTreeMap::new();
    for (at, fields) in records {
        let get = |k: &str| {
            fields
                .iter()
                .find(|(c, _)| c == k)
                .map(|(_, v)| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let name = get("name").unwrap_or_default();
        if !safe_name(&name) {
            return Err(plan_error(
                path,
                format!("row {at}: name '{name}' is not a safe folder name"),
            )
            .hint("use ASCII letters, digits, '.', '_' and '-' only (not '.' or '..', not summary.csv/summary.json)"));
        }
        // Case-insensitive file systems (Windows, macOS) would put two such rows in one folder.
        if let Some(other) = seen.insert(name.to_ascii_lowercase(), at) {
            return Err(plan_error(
                path,
                format!("rows {other} and {at} have the same name '{name}'"),
            )
            .hint("give every row its own name (names differing only in case count as the same)"));
        }
        let file = |k: &str| get(k).map(|v| base.join(v));
        let generate = match get("generate").as_deref().map(str::to_ascii_lowercase) {
            None => false,
            Some(v) if matches!(v.as_str(), "yes" | "true" | "1") => true,
            Some(v) if matches!(v.as_str(), "no" | "false" | "0") => false,
            Some(v) => {
                return Err(plan_error(
                    path,
                    format!("row {at}: generate is '{v}', not yes or empty"),
                )
                .hint("write yes to generate the material, or leave the cell empty"))
            }
        };
        rows.push(Row {
            name: name.clone(),
            at,
            input: WrapInput {
                provider: get("provider").unwrap_or_default(),
                key_spec: get("key_spec").unwrap_or_default(),
                algorithm: get("algorithm"),
                wrapping_key: file("wrapping_key").unwrap_or_default(),
                import_token: file("import_token"),
                key_id: get("key_id"),
                kek_id: get("kek_id"),
                material: file("material"),
                generate,
                components: Vec::new(),
                transcript: None,
                material_passphrase_file: file("material_passphrase_file"),
                backup: file("backup"),
                backup_passphrase_file: file("backup_passphrase_file"),
                expect_kcv: get("expect_kcv"),
                material_expires: get("material_expires"),
                import: request::import_options(
                    get("import_type").as_deref(),
                    &get("material_description"),
                    &get("material_id"),
                    &get("region"),
                    &get("key_algorithm"),
                )
                .map_err(|e| {
                    let hint = e.hint.clone();
                    let mut pe = plan_error(path, format!("row {at}: import_type {}", e.problem));
                    pe.hint = hint;
                    pe
                })?,
                out: PathBuf::new(),
                force: false,
                durability: Default::default(),
            },
        });
    }
    Ok(Plan {
        path: path.to_path_buf(),
        rows,
    })
}

fn check_header(path: &Path, header: &[String]) -> Result<()> {
    let mut seen = std::collections::BTreeSet::new();
    for h in header {
        if !COLUMNS.contains(&h.as_str()) {
            return Err(plan_error(path, format!("has an unknown column '{h}'"))
                .hint(format!("the columns are: {}", COLUMNS.join(", "))));
        }
        if !seen.insert(h.as_str()) {
            return Err(plan_error(path, format!("names the column '{h}' twice")));
        }
    }
    for needed in ["name", "provider", "key_spec", "wrapping_key"] {
        if !seen.contains(needed) {
            return Err(plan_error(path, format!("has no '{needed}' column"))
                .hint("the header needs at least name, provider, key_spec and wrapping_key"));
        }
    }
    Ok(())
}

/// `wrap`'s option spelling (`key-spec`, `--key-spec`) read as the column name.
fn column(h: &str) -> String {
    h.trim()
        .trim_start_matches("--")
        .replace('-', "_")
        .to_ascii_lowercase()
}

type Records = Vec<(usize, Vec<(String, String)>)>;

fn read_csv(path: &Path, bytes: &[u8]) -> Result<Records> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| plan_error(path, "is not UTF-8 text").hint("save the plan as UTF-8 CSV"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| plan_error(path, format!("has no readable header row ({e})")))?
        .iter()
        .map(column)
        .collect();
    check_header(path, &header)?;
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            plan_error(path, format!("cannot be read as CSV ({e})"))
                .hint("every row needs as many cells as the header; quote cells that hold commas")
        })?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        out.push((
            line,
            header
                .iter()
                .cloned()
                .zip(record.iter().map(str::to_owned))
                .collect(),
        ));
    }
    Ok(out)
}

fn read_json(path: &Path, bytes: &[u8]) -> Result<Records> {
    let v: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        plan_error(path, format!("is not JSON ({e})"))
            .hint("write a JSON array of objects, or CSV with a header row")
    })?;
    let items = v
        .as_array()
        .ok_or_else(|| plan_error(path, "is not a JSON array"))?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = i + 1;
        let obj = item
            .as_object()
            .ok_or_else(|| plan_error(path, format!("item {at} is not an object")))?;
        let keys: Vec<String> = obj.keys().map(|k| column(k)).collect();
        let mut header = keys.clone();
        for needed in ["name", "provider", "key_spec", "wrapping_key"] {
            if !header.iter().any(|h| h == needed) {
                return Err(plan_error(path, format!("item {at} has no '{needed}'")));
            }
        }
        header.dedup();
        check_header(path, &header)?;
        let mut fields = Vec::new();
        for (k, value) in keys.into_iter().zip(obj.values()) {
            let text = match value {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Bool(true) => "yes".into(),
                serde_json::Value::Bool(false) | serde_json::Value::Null => String::new(),
                serde_json::Value::Number(n) => n.to_string(),
                _ => {
                    return Err(plan_error(
                        path,
                        format!("item {at}: '{k}' is not a string"),
                    ))
                }
            };
            fields.push((k, text));
        }
        out.push((at, fields));
    }
    Ok(out)
}

/// How a row ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Wrapped,
    Skipped,
    Failed,
}

impl Status {
    pub fn word(self) -> &'static str {
        match self {
            Status::Wrapped => "wrapped",
            Status::Skipped => "skipped",
            Status::Failed => "failed",
        }
    }
}

/// One line of the summary.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RowResult {
    pub name: String,
    pub status: Status,
    /// The one-line error (empty unless failed).
    pub reason: String,
    /// The manifest's key check value (hex), empty if there is no bundle.
    pub key_check_value: String,
    /// SHA-256 of the row's `manifest.json` (hex), empty if there is no bundle.
    pub manifest_sha256: String,
}

/// A complete bundle, verified against its manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    pub key_check_value: String,
    pub manifest_sha256: String,
    pub provider: String,
}

/// Verify a bundle folder: `manifest.json` written by byok-wizard, every file it lists present
/// with the SHA-256 it states, and nothing else in the folder. `Err` says what is wrong.
pub fn verify_bundle(dir: &Path) -> std::result::Result<Verified, String> {
    let manifest_bytes =
        std::fs::read(dir.join("manifest.json")).map_err(|e| format!("no manifest.json ({e})"))?;
    let m: serde_json::Value = serde_json::from_slice(&manifest_bytes)
        .map_err(|e| format!("manifest.json does not parse ({e})"))?;
    let tool = m.get("tool").and_then(|v| v.as_str()).unwrap_or("");
    if !tool.starts_with("byok-wizard") {
        return Err("manifest.json was not written by byok-wizard".into());
    }
    let files = m
        .get("files")
        .and_then(|v| v.as_array())
        .ok_or("manifest.json lists no files")?;
    let mut listed = std::collections::BTreeSet::new();
    listed.insert("manifest.json".to_owned());
    for f in files {
        let name = f.get("name").and_then(|v| v.as_str()).unwrap_or("");
        let want = f.get("sha256").and_then(|v| v.as_str()).unwrap_or("");
        if name.is_empty() || name.contains(['/', '\\']) || name == "." || name == ".." {
            return Err(format!("manifest.json lists a bad file name '{name}'"));
        }
        let bytes =
            std::fs::read(dir.join(name)).map_err(|e| format!("{name} is missing ({e})"))?;
        let got = hex::encode(Sha256::digest(&bytes));
        if !got.eq_ignore_ascii_case(want) {
            return Err(format!(
                "{name} does not have the SHA-256 its manifest states"
            ));
        }
        listed.insert(name.to_owned());
    }
    for e in std::fs::read_dir(dir).map_err(|e| format!("cannot list it ({e})"))? {
        let e = e.map_err(|e| format!("cannot list it ({e})"))?;
        let n = e.file_name().to_string_lossy().into_owned();
        if !listed.contains(&n) {
            return Err(format!("holds {n}, which its manifest does not list"));
        }
    }
    Ok(Verified {
        key_check_value: m
            .pointer("/key_check_value/value")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_owned(),
        manifest_sha256: hex::encode(Sha256::digest(&manifest_bytes)),
        provider: m
            .get("provider")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_owned(),
    })
}

/// What the check before the run found for one row.
enum Checked {
    /// Ready to run.
    Ready(Box<Prepared>),
    /// A complete bundle is there already (and `--force` was not given).
    Complete(Verified),
    /// Refused before running.
    Refused(Error),
}

/// A row whose import parameters expire soon after the batch starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deadline {
    pub name: String,
    pub expires: OffsetDateTime,
    /// Time left when the batch starts (negative: expired).
    pub left: time::Duration,
    /// When the batch is expected to reach the row, from its start (an estimate).
    pub reached_after: time::Duration,
}

/// One row as the check found it, for a table (the window's Batch page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowPreview {
    pub name: String,
    pub provider: String,
    pub key_spec: String,
    /// The algorithm the row will use (the default when the plan names none), or as typed.
    pub algorithm: String,
    /// Generated here (`true`) or given in a file.
    pub generate: bool,
    /// When the row's import parameters expire, if they say.
    pub expires: Option<OffsetDateTime>,
    pub state: PreviewState,
}

/// What the check found for a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PreviewState {
    /// Ready to wrap.
    Ready,
    /// A complete bundle is there: it will be skipped.
    Complete,
    /// Refused: the one-line reason (English, like the summary's).
    Refused(String),
}

/// What a row is doing, for progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowEvent {
    Started {
        index: usize,
        name: String,
    },
    Finished {
        index: usize,
        result: RowResult,
        /// What `wrap` would have warned about for this row.
        warnings: Vec<String>,
    },
}

/// A batch, checked and ready to run.
pub struct Batch {
    out: PathBuf,
    rows: Vec<Row>,
    checked: Vec<Mutex<Option<Checked>>>,
    results: Mutex<Vec<Option<RowResult>>>,
    next: AtomicUsize,
    /// Whether this run's summary.csv was started (it starts afresh with the first row).
    summary_started: AtomicBool,
    rsa_slots: Mutex<usize>,
    rsa_free: Condvar,
    _lock: std::fs::File,
}

/// An estimate of a row's run time, for the expiry report (RSA generation dominates).
fn estimate(p: &Prepared) -> time::Duration {
    use crate::core::catalog::MaterialKind;
    if p.generates() {
        if let MaterialKind::Rsa { bits } = p.offer().key_spec.material() {
            let ms = if bits <= 2048 {
                400
            } else if bits <= 3072 {
                1500
            } else {
                5000
            };
            return time::Duration::milliseconds(ms);
        }
    }
    time::Duration::milliseconds(20)
}

impl Batch {
    /// Check the output folder and every row; nothing is written but the lock file (and the
    /// output folder, if missing). `force` redoes complete bundles; `jobs` bounds RSA generations.
    pub fn open(plan: Plan, out: &Path, force: bool, jobs: usize) -> Result<Batch> {
        let subject = format!("--out {}", out.display());
        if let Ok(meta) = std::fs::symlink_metadata(out) {
            if meta.file_type().is_symlink() || !meta.is_dir() {
                return Err(Error::input(&subject, "is not a folder")
                    .hint("give a folder (new or one an earlier batch wrote) for the bundles"));
            }
        }
        // The plan's own file may not be where the summary goes.
        let out_abs = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
        let plan_abs = std::path::absolute(&plan.path).unwrap_or_else(|_| plan.path.clone());
        for s in [SUMMARY_CSV, SUMMARY_JSON] {
            if plan_abs == out_abs.join(s) {
                return Err(Error::input(
                    &subject,
                    format!("would get a {s} in place of the plan itself"),
                )
                .hint("move the plan, or choose another folder for --out"));
            }
            let existing = out.join(s);
            if existing.exists() && !is_our_summary(&existing) {
                return Err(Error::input(
                    &subject,
                    format!("holds a {s} that an earlier batch did not write"),
                )
                .hint("choose a new folder for --out, or move that file away"));
            }
        }
        std::fs::create_dir_all(out).map_err(|e| {
            Error::runtime(&subject, format!("cannot create the folder ({e})"))
                .hint("check that its parent exists and is writable")
        })?;
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(out.join(LOCK_FILE))
            .map_err(|e| Error::runtime(&subject, format!("cannot create its lock file ({e})")))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(
                    Error::input(&subject, "another batch is running in this folder")
                        .hint("wait for it to finish, or choose another folder"),
                )
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(Error::runtime(&subject, format!("cannot lock it ({e})")))
            }
        }
        // Summary files an interrupted run was writing (ours: named by `replace_own_file`).
        if let Ok(entries) = std::fs::read_dir(out) {
            for e in entries.flatten() {
                let n = e.file_name().to_string_lossy().into_owned();
                let ours = [SUMMARY_CSV, SUMMARY_JSON]
                    .iter()
                    .any(|s| n.starts_with(&format!(".{s}.tmp-")));
                if ours && e.file_type().is_ok_and(|t| t.is_file()) {
                    std::fs::remove_file(e.path()).ok();
                }
            }
        }
        // Temporary folders an interrupted run of these rows left beside them (ours only).
        let names: Vec<&str> = plan.rows.iter().map(|r| r.name.as_str()).collect();
        crate::core::place::remove_stale_temps(out, &names);
        let now = OffsetDateTime::now_utc();
        let mut checked = Vec::new();
        for row in &plan.rows {
            let dir = out.join(&row.name);
            let c = match verify_bundle(&dir) {
                Ok(v) if !force => Checked::Complete(v),
                _ => {
                    let mut input = row.input.clone();
                    input.out = dir;
                    input.force = force;
                    input.durability = crate::core::place::Durability::FileSystem;
                    match wrap_input::prepare(&input, now) {
                        Ok(p) => Checked::Ready(Box::new(p)),
                        Err(e) => Checked::Refused(e),
                    }
                }
            };
            checked.push(Mutex::new(Some(c)));
        }
        let n = plan.rows.len();
        Ok(Batch {
            out: out.to_path_buf(),
            rows: plan.rows,
            checked,
            results: Mutex::new(vec![None; n]),
            next: AtomicUsize::new(0),
            summary_started: AtomicBool::new(false),
            rsa_slots: Mutex::new(jobs.max(1)),
            rsa_free: Condvar::new(),
            _lock: lock,
        })
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// Every row as the check found it, in plan order (for a table; cheap).
    pub fn preview(&self) -> Vec<RowPreview> {
        self.rows
            .iter()
            .zip(&self.checked)
            .map(|(r, c)| {
                let guard = c.lock().unwrap_or_else(|p| p.into_inner());
                let mut p = RowPreview {
                    name: r.name.clone(),
                    provider: r.input.provider.clone(),
                    key_spec: r.input.key_spec.clone(),
                    algorithm: r.input.algorithm.clone().unwrap_or_default(),
                    generate: r.input.generate,
                    expires: None,
                    state: PreviewState::Ready,
                };
                match &*guard {
                    Some(Checked::Ready(prepared)) => {
                        let offer = prepared.offer();
                        p.provider = offer.provider.id().to_owned();
                        p.key_spec = offer.key_spec.common_name().to_owned();
                        p.algorithm = offer.algorithm.name().to_owned();
                        p.expires = prepared.expires();
                    }
                    Some(Checked::Complete(_)) => p.state = PreviewState::Complete,
                    Some(Checked::Refused(e)) => p.state = PreviewState::Refused(e.one_line()),
                    // Handed out to run already.
                    None => {}
                }
                p
            })
            .collect()
    }

    /// Rows refused by the check (their one-line reasons), in plan order.
    pub fn refused(&self) -> Vec<(String, String)> {
        self.rows
            .iter()
            .zip(&self.checked)
            .filter_map(
                |(r, c)| match &*c.lock().unwrap_or_else(|p| p.into_inner()) {
                    Some(Checked::Refused(e)) => Some((r.name.clone(), e.one_line())),
                    _ => None,
                },
            )
            .collect()
    }

    /// Rows whose parameters expire before (or soon after) the batch is expected to reach them,
    /// with the time left for each; `jobs` rows run at once.
    pub fn deadlines(&self, jobs: usize) -> Vec<Deadline> {
        let now = OffsetDateTime::now_utc();
        let mut elapsed = time::Duration::ZERO;
        let mut out = Vec::new();
        for (r, c) in self.rows.iter().zip(&self.checked) {
            let guard = c.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(Checked::Ready(p)) = &*guard {
                let reached_after = elapsed / jobs.max(1) as f64;
                if let Some(exp) = p.expires() {
                    // A margin of a minute (and of half the estimate) for slow disks and clocks.
                    if exp - now <= reached_after * 1.5 + time::Duration::minutes(1) {
                        out.push(Deadline {
                            name: r.name.clone(),
                            expires: exp,
                            left: exp - now,
                            reached_after,
                        });
                    }
                }
                elapsed += estimate(p);
            }
        }
        out
    }

    /// The next row to run, or `None` when every row has been handed out (or `cancel` is set).
    pub fn next_row(&self, cancel: &AtomicBool) -> Option<usize> {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let i = self.next.fetch_add(1, Ordering::SeqCst);
        (i < self.rows.len()).then_some(i)
    }

    /// Run row `index` (wrap and write, or skip, or record its refusal), then rewrite the
    /// summary. `None` when cancelled (nothing of the row is left; it is not in the summary).
    pub fn run_row(
        &self,
        index: usize,
        cancel: &AtomicBool,
        events: &(dyn Fn(RowEvent) + Sync),
        generate_rsa: RsaGenerator,
    ) -> Option<RowResult> {
        let row = &self.rows[index];
        let checked = self.checked[index]
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()?;
        events(RowEvent::Started {
            index,
            name: row.name.clone(),
        });
        let failed = |e: &Error| RowResult {
            name: row.name.clone(),
            status: Status::Failed,
            reason: e.one_line(),
            key_check_value: String::new(),
            manifest_sha256: String::new(),
        };
        let mut warnings = Vec::new();
        let result = match checked {
            Checked::Complete(v) => RowResult {
                name: row.name.clone(),
                status: Status::Skipped,
                reason: String::new(),
                key_check_value: v.key_check_value,
                manifest_sha256: v.manifest_sha256,
            },
            Checked::Refused(e) => failed(&e),
            Checked::Ready(p) => {
                // At most `jobs` RSA generations at once, whatever else runs.
                let limited = |bits: usize, cancel: &AtomicBool| {
                    let _slot = self.rsa_slot();
                    generate_rsa(bits, cancel)
                };
                match wrap_input::execute(*p, cancel, &|_: Phase| {}, &limited) {
                    Ok(Some(done)) => {
                        warnings = done.warnings.clone();
                        RowResult {
                            name: row.name.clone(),
                            status: Status::Wrapped,
                            reason: String::new(),
                            key_check_value: done.output.facts.check_value.clone(),
                            manifest_sha256: done.manifest_sha256(),
                        }
                    }
                    Ok(None) => return None,
                    Err(e) => failed(&e),
                }
            }
        };
        {
            let mut results = self.results.lock().unwrap_or_else(|p| p.into_inner());
            results[index] = Some(result.clone());
            // The bundle is durable (synced and placed); only now does the summary say so: one
            // line appended to summary.csv and synced. Both summaries are rewritten in plan order
            // by `finish`.
            if !self.summary_started.swap(true, Ordering::SeqCst) {
                write_summary_csv(&self.out, &[]).ok();
            }
            append_summary_line(&self.out, &result).ok();
        }
        events(RowEvent::Finished {
            index,
            result: result.clone(),
            warnings,
        });
        Some(result)
    }

    fn rsa_slot(&self) -> RsaSlot<'_> {
        let mut free = self.rsa_slots.lock().unwrap_or_else(|p| p.into_inner());
        while *free == 0 {
            free = self.rsa_free.wait(free).unwrap_or_else(|p| p.into_inner());
        }
        *free -= 1;
        RsaSlot(self)
    }

    /// Every result so far (plan order; rows not run are missing), and the summary written once
    /// more. Errors writing the summary are returned.
    pub fn finish(&self) -> Result<Vec<RowResult>> {
        let results = self.results.lock().unwrap_or_else(|p| p.into_inner());
        write_summary(&self.out, &results).map_err(|e| {
            Error::runtime(
                format!("--out {}", self.out.display()),
                format!("cannot write {SUMMARY_CSV} / {SUMMARY_JSON} ({e})"),
            )
        })?;
        Ok(results.iter().flatten().cloned().collect())
    }
}

struct RsaSlot<'a>(&'a Batch);

impl Drop for RsaSlot<'_> {
    fn drop(&mut self) {
        *self.0.rsa_slots.lock().unwrap_or_else(|p| p.into_inner()) += 1;
        self.0.rsa_free.notify_one();
    }
}

/// Whether a summary file is one a batch wrote (so it may be replaced).
fn is_our_summary(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    if path.extension().is_some_and(|e| e == "json") {
        let Ok(serde_json::Value::Array(items)) = serde_json::from_slice(&bytes) else {
            return false;
        };
        items.iter().all(|i| {
            i.as_object().is_some_and(|o| {
                o.len() == SUMMARY_HEADER.len() && SUMMARY_HEADER.iter().all(|k| o.contains_key(*k))
            })
        })
    } else {
        let first = bytes.split(|b| *b == b'\n').next().unwrap_or(&[]);
        let first = String::from_utf8_lossy(first);
        first.trim_end_matches('\r') == SUMMARY_HEADER.join(",")
    }
}

fn csv_bytes(rows: &[&RowResult], header: bool) -> std::io::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    if header {
        w.write_record(SUMMARY_HEADER)?;
    }
    for r in rows {
        w.write_record([
            r.name.as_str(),
            r.status.word(),
            r.reason.as_str(),
            r.key_check_value.as_str(),
            r.manifest_sha256.as_str(),
        ])?;
    }
    w.into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// Replace summary.csv (temporary file, fsync, rename) with these rows.
fn write_summary_csv(out: &Path, rows: &[&RowResult]) -> std::io::Result<()> {
    replace_own_file(out, SUMMARY_CSV, &csv_bytes(rows, true)?)
}

/// Append one row's line to summary.csv and sync it.
fn append_summary_line(out: &Path, r: &RowResult) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(out.join(SUMMARY_CSV))?;
    f.write_all(&csv_bytes(&[r], false)?)?;
    f.sync_data()
}

/// Write both summary files in plan order: each to a temporary file, fsynced, renamed over the
/// earlier one.
fn write_summary(out: &Path, results: &[Option<RowResult>]) -> std::io::Result<()> {
    let rows: Vec<&RowResult> = results.iter().flatten().collect();
    let json_bytes = serde_json::to_vec_pretty(&rows).map_err(std::io::Error::other)?;
    write_summary_csv(out, &rows)?;
    replace_own_file(out, SUMMARY_JSON, &json_bytes)?;
    Ok(())
}

fn replace_own_file(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    std::fs::remove_file(&tmp).ok();
    crate::core::place::write_file(&tmp, bytes, 0o644)?;
    std::fs::rename(&tmp, dir.join(name))?;
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    Ok(())
}

/// One line for a finished row, as progress shows it.
pub fn describe(index: usize, total: usize, r: &RowResult) -> String {
    let width = total.to_string().len();
    match r.status {
        Status::Failed => format!(
            "[{:>width$}/{total}] {}: failed: {}",
            index + 1,
            r.name,
            r.reason
        ),
        s => format!("[{:>width$}/{total}] {}: {}", index + 1, r.name, s.word()),
    }
}

/// The expiry report's line for one row.
pub fn describe_deadline(d: &Deadline) -> String {
    if d.left.is_negative() {
        format!(
            "{}: the import parameters expired at {}",
            d.name,
            fmt_time(d.expires)
        )
    } else {
        format!(
            "{}: the import parameters expire at {} ({}m {}s left; the batch reaches it after about {}s)",
            d.name,
            fmt_time(d.expires),
            d.left.whole_minutes(),
            d.left.whole_seconds() % 60,
            d.reached_after.whole_seconds()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(text: &str) -> Result<Plan> {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("plan.csv");
        std::fs::write(&p, text).unwrap();
        read_plan(&p)
    }

    #[test]
    fn names_must_be_safe_and_unique() {
        for bad in ["", ".", "..", "a/b", "a b", "ключ", "summary.csv", "x\\y"] {
            assert!(!safe_name(bad), "{bad:?}");
        }
        for good in ["k1", "prod.aes-256_01", ".hidden"] {
            assert!(safe_name(good), "{good:?}");
        }
        let e = plan("name,provider,key_spec,wrapping_key\na,aws,AES_256,w\nA,aws,AES_256,w\n")
            .unwrap_err();
        assert!(e.problem.contains("same name"), "{}", e.problem);
        let e = plan("name,provider,key_spec,wrapping_key\n../x,aws,AES_256,w\n").unwrap_err();
        assert!(
            e.problem.contains("not a safe folder name"),
            "{}",
            e.problem
        );
    }

    #[test]
    fn the_header_is_checked_and_paths_are_relative_to_the_plan() {
        let e = plan("name,provider,key_spec,wrapping_key,colour\n").unwrap_err();
        assert!(
            e.problem.contains("unknown column 'colour'"),
            "{}",
            e.problem
        );
        let e = plan("name,provider,wrapping_key\na,aws,w\n").unwrap_err();
        assert!(e.problem.contains("no 'key_spec'"), "{}", e.problem);
        let e = plan("name,provider,key_spec,wrapping_key\n").unwrap_err();
        assert!(e.problem.contains("no rows"), "{}", e.problem);
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("plan.csv");
        std::fs::write(
            &p,
            "name,provider,key-spec,wrapping_key,generate\n# a comment\nk1,aws,AES_256,wk/k1.bin,yes\n",
        )
        .unwrap();
        let plan = read_plan(&p).unwrap();
        assert_eq!(plan.rows.len(), 1);
        assert_eq!(plan.rows[0].input.wrapping_key, t.path().join("wk/k1.bin"));
        assert!(plan.rows[0].input.generate);
        let j = t.path().join("plan.json");
        std::fs::write(
            &j,
            r#"[{"name":"k1","provider":"aws","key_spec":"AES_256","wrapping_key":"w","generate":true}]"#,
        )
        .unwrap();
        let plan = read_plan(&j).unwrap();
        assert!(plan.rows[0].input.generate);
        std::fs::write(
            &j,
            r#"[{"name":"k1","provider":"aws","key_spec":"AES_256","wrapping_key":"w","size":3}]"#,
        )
        .unwrap();
        assert!(read_plan(&j).is_err());
    }

    #[test]
    fn a_bundle_verifies_only_when_complete_and_unchanged() {
        let t = tempfile::tempdir().unwrap();
        let d = t.path();
        let body = b"wrapped";
        let m = serde_json::json!({
            "tool": "byok-wizard 0.1.0",
            "provider": "aws",
            "key_check_value": {"construction": "x", "value": "ABCDEF"},
            "files": [{"name": "k.bin", "sha256": hex::encode(Sha256::digest(body))}],
        });
        std::fs::write(d.join("manifest.json"), m.to_string()).unwrap();
        std::fs::write(d.join("k.bin"), body).unwrap();
        let v = verify_bundle(d).unwrap();
        assert_eq!(v.key_check_value, "ABCDEF");
        std::fs::write(d.join("k.bin"), b"changed").unwrap();
        assert!(verify_bundle(d).unwrap_err().contains("SHA-256"));
        std::fs::write(d.join("k.bin"), body).unwrap();
        std::fs::write(d.join("extra"), b"").unwrap();
        assert!(verify_bundle(d).unwrap_err().contains("extra"));
        std::fs::remove_file(d.join("extra")).unwrap();
        std::fs::remove_file(d.join("k.bin")).unwrap();
        assert!(verify_bundle(d).unwrap_err().contains("missing"));
    }

    #[test]
    fn summaries_are_ours_only_when_they_look_like_ours() {
        let t = tempfile::tempdir().unwrap();
        let r = RowResult {
            name: "k1".into(),
            status: Status::Failed,
            reason: "x: y, z".into(),
            key_check_value: String::new(),
            manifest_sha256: String::new(),
        };
        write_summary(t.path(), &[Some(r), None]).unwrap();
        assert!(is_our_summary(&t.path().join(SUMMARY_CSV)));
        assert!(is_our_summary(&t.path().join(SUMMARY_JSON)));
        let csv = std::fs::read_to_string(t.path().join(SUMMARY_CSV)).unwrap();
        assert_eq!(
            csv,
            "name,status,reason,key_check_value,manifest_sha256\nk1,failed,\"x: y, z\",,\n"
        );
        std::fs::write(t.path().join("other.csv"), "a,b\n").unwrap();
        assert!(!is_our_summary(&t.path().join("other.csv")));
    }
}
