//! Where the bundle goes, and the rules that keep what the user already has.
//!
//! - `--out` must be missing, an empty folder, or a folder byok-wizard wrote earlier: a bundle
//!   whose `manifest.json` names the tool and lists every other file in the folder, or a practice
//!   KMS folder whose state file does the same. Only the last kind is ever replaced, and only with
//!   `--force`; any other non-empty folder is refused, `--force` or not.
//! - `--out` must not be, nor contain, an input of the run (by path, and by file identity for
//!   the folder's own entries, so a hard link is caught too).
//! - A symbolic link as `--out` is refused: what it points to may be anything.
//! - The files are written into a hidden temporary folder beside `--out`, each fsynced, then the
//!   folder is placed in one step that cannot clobber: without `--force`, `renameat2` with
//!   `RENAME_NOREPLACE` when `--out` is missing, or plain `rename(2)` onto an empty folder (the
//!   kernel refuses it once the folder is not empty). Of two runs racing for one folder exactly one
//!   succeeds; the other removes its temporary folder and says another run got there first.
//! - With `--force` over an earlier bundle, `renameat2(RENAME_EXCHANGE)` swaps the two folders in
//!   one step; the displaced folder must then still be the very bundle that was checked (same
//!   `manifest.json` bytes), else the swap is undone and the run fails. The old bundle is removed
//!   file by file (only the files its manifest lists), never with a recursive delete.

use crate::core::error::{Error, Result};
use sha2::{Digest as _, Sha256};
use std::path::{Component, Path, PathBuf};

/// The bundle's own listing.
pub const MANIFEST: &str = "manifest.json";
/// The practice KMS's state file (it lists the files it issued).
pub const PRACTICE_STATE: &str = crate::core::practice::STATE_FILE;

/// Whether `--out` may be replaced (`--force`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overwrite {
    Refuse,
    Replace,
}

/// An input of the run, by its flag (or field name) and path.
#[derive(Clone, Copy, Debug)]
pub struct RunInput<'a> {
    pub flag: &'a str,
    pub path: &'a Path,
}

/// A folder byok-wizard wrote: the files it may remove, and its marker's fingerprint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnFolder {
    /// `manifest.json` or the practice state file.
    pub marker: &'static str,
    /// Every other file the marker lists.
    pub files: Vec<String>,
    /// SHA-256 of the marker's bytes: the folder is still the one that was checked.
    fingerprint: [u8; 32],
}

/// What is at `--out` now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Existing {
    Missing,
    Empty,
    Ours(OwnFolder),
}

/// Why a non-empty folder is not ours: the entries in the way (sorted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InTheWay(pub Vec<String>);

impl InTheWay {
    /// "a.txt, b.bin and 3 more".
    pub fn describe(&self) -> String {
        const SHOWN: usize = 4;
        let shown: Vec<&str> = self.0.iter().take(SHOWN).map(String::as_str).collect();
        let mut s = shown.join(", ");
        if self.0.len() > SHOWN {
            s.push_str(&format!(" and {} more", self.0.len() - SHOWN));
        }
        s
    }
}

fn subject(out: &Path) -> String {
    format!("--out {}", out.display())
}

/// Check `--out` before any work is done. Errors are input errors (exit 2) that leave every file
/// as it was.
pub fn check_out(out: &Path, overwrite: Overwrite, inputs: &[RunInput]) -> Result<Existing> {
    let subject = subject(out);
    check_not_an_input(out, inputs)?;
    let meta = match std::fs::symlink_metadata(out) {
        // Missing, or not reachable (under a regular file, …): writing it will say why (exit 1).
        Err(_) => return Ok(Existing::Missing),
        Ok(m) => m,
    };
    if meta.file_type().is_symlink() {
        return Err(Error::input(
            &subject,
            "is a symbolic link; byok-wizard writes a bundle only into a real folder",
        )
        .hint("give the path of a new folder (or of the folder the link points to)"));
    }
    if !meta.is_dir() {
        return Err(Error::input(&subject, "exists and is not a folder")
            .hint("choose a folder path for the bundle"));
    }
    match own_folder(out) {
        Ok(None) => Ok(Existing::Empty),
        Ok(Some(own)) if overwrite == Overwrite::Replace => Ok(Existing::Ours(own)),
        Ok(Some(own)) => Err(Error::input(
            &subject,
            if own.marker == MANIFEST {
                "already holds an earlier byok-wizard bundle"
            } else {
                "already holds an earlier practice KMS folder"
            },
        )
        .hint(crate::core::error::Remedy::ReplaceOrNewFolder)),
        Err(Listing::Io(e)) => Err(Error::runtime(&subject, format!("cannot list the folder ({e})"))
            .hint("check the folder's permissions")),
        Err(Listing::NotOurs(way)) => Err(Error::input(
            &subject,
            format!(
                "holds files byok-wizard did not write ({}); it never replaces such a folder, --force or not",
                way.describe()
            ),
        )
        .hint("choose a new or empty folder for the bundle")),
    }
}

/// The entries of a non-empty folder that stop it from being replaced, or `None` when it is empty
/// or one of ours (for the window's replace question).
pub fn in_the_way(dir: &Path) -> std::io::Result<Option<InTheWay>> {
    match own_folder(dir) {
        Ok(_) => Ok(None),
        Err(Listing::Io(e)) => Err(e),
        Err(Listing::NotOurs(w)) => Ok(Some(w)),
    }
}

enum Listing {
    Io(std::io::Error),
    NotOurs(InTheWay),
}

/// `Ok(None)`: empty. `Ok(Some)`: a folder byok-wizard wrote and nothing else.
fn own_folder(dir: &Path) -> std::result::Result<Option<OwnFolder>, Listing> {
    let mut entries = Vec::new();
    for e in std::fs::read_dir(dir).map_err(Listing::Io)? {
        let e = e.map_err(Listing::Io)?;
        let regular = e.file_type().map(|t| t.is_file()).unwrap_or(false);
        entries.push((e.file_name().to_string_lossy().into_owned(), regular));
    }
    if entries.is_empty() {
        return Ok(None);
    }
    entries.sort();
    let not_ours = |entries: &[(String, bool)]| {
        Listing::NotOurs(InTheWay(entries.iter().map(|(n, _)| n.clone()).collect()))
    };
    let has = |name: &str| entries.iter().any(|(n, regular)| n == name && *regular);
    let (marker, listed) = if has(MANIFEST) {
        (MANIFEST, read_listing(&dir.join(MANIFEST), MANIFEST))
    } else if has(PRACTICE_STATE) {
        (
            PRACTICE_STATE,
            read_listing(&dir.join(PRACTICE_STATE), PRACTICE_STATE),
        )
    } else {
        return Err(not_ours(&entries));
    };
    let Some((files, fingerprint)) = listed else {
        return Err(not_ours(&entries));
    };
    let way: Vec<String> = entries
        .iter()
        .filter(|(n, regular)| !(*regular && (n == marker || files.contains(n))))
        .map(|(n, _)| n.clone())
        .collect();
    if !way.is_empty() {
        return Err(Listing::NotOurs(InTheWay(way)));
    }
    Ok(Some(OwnFolder {
        marker,
        files,
        fingerprint,
    }))
}

/// The file names a marker lists, if it is one of ours: a bundle manifest whose `tool` names
/// byok-wizard, or a practice state whose `format` is the practice KMS's and which lists `files`.
fn read_listing(path: &Path, marker: &str) -> Option<(Vec<String>, [u8; 32])> {
    let meta = std::fs::metadata(path).ok()?;
    if meta.len() > crate::core::input::MAX_INPUT_BYTES {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let names: Vec<String> = if marker == MANIFEST {
        if !v.get("tool")?.as_str()?.starts_with("byok-wizard ") {
            return None;
        }
        v.get("files")?
            .as_array()?
            .iter()
            .map(|f| f.get("name").and_then(|n| n.as_str()).map(str::to_owned))
            .collect::<Option<_>>()?
    } else {
        if v.get("format")?.as_str()? != crate::core::practice::STATE_FORMAT {
            return None;
        }
        v.get("files")?
            .as_array()?
            .iter()
            .map(|n| n.as_str().map(str::to_owned))
            .collect::<Option<_>>()?
    };
    // Only plain names inside the folder, never the marker itself.
    if names.iter().any(|n| !is_plain_name(n) || n == marker) {
        return None;
    }
    Some((names, Sha256::digest(&bytes).into()))
}

fn is_plain_name(n: &str) -> bool {
    !n.is_empty() && n != "." && n != ".." && !n.contains('/') && !n.contains('\\')
}

/// `--out` must not be, nor contain, an input of the run.
fn check_not_an_input(out: &Path, inputs: &[RunInput]) -> Result<()> {
    let out_abs = resolve(out);
    for i in inputs {
        let p = resolve(i.path);
        if p == out_abs || p.starts_with(&out_abs) {
            let problem = if p == out_abs {
                format!("is {} {}, an input of this run", i.flag, i.path.display())
            } else {
                format!(
                    "contains {} {}, an input of this run; the bundle needs a folder of its own",
                    i.flag,
                    i.path.display()
                )
            };
            return Err(Error::input(subject(out), problem)
                .hint(crate::core::error::Remedy::OutOutsideInputs));
        }
    }
    // The same file under another name (a hard link) directly inside --out.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let ids: Vec<(u64, u64, &RunInput)> = inputs
            .iter()
            .filter_map(|i| {
                std::fs::metadata(i.path)
                    .ok()
                    .map(|m| (m.dev(), m.ino(), i))
            })
            .collect();
        if ids.is_empty() {
            return Ok(());
        }
        if let Ok(meta) = std::fs::symlink_metadata(out) {
            if meta.is_dir() {
                for e in std::fs::read_dir(out).into_iter().flatten().flatten() {
                    let Ok(m) = std::fs::symlink_metadata(e.path()) else {
                        continue;
                    };
                    if let Some((_, _, i)) =
                        ids.iter().find(|(d, n, _)| *d == m.dev() && *n == m.ino())
                    {
                        return Err(Error::input(
                            subject(out),
                            format!(
                                "holds {} (the same file as {} {}, an input of this run)",
                                e.file_name().to_string_lossy(),
                                i.flag,
                                i.path.display()
                            ),
                        )
                        .hint(crate::core::error::Remedy::OutOutsideInputs));
                    }
                }
            }
        }
    }
    // Windows: the same check by volume serial number and file index (`same-file`).
    #[cfg(windows)]
    {
        let ids: Vec<(same_file::Handle, &RunInput)> = inputs
            .iter()
            .filter_map(|i| same_file::Handle::from_path(i.path).ok().map(|h| (h, i)))
            .collect();
        if !ids.is_empty() && std::fs::symlink_metadata(out).is_ok_and(|m| m.is_dir()) {
            for e in std::fs::read_dir(out).into_iter().flatten().flatten() {
                let Ok(h) = same_file::Handle::from_path(e.path()) else {
                    continue;
                };
                if let Some((_, i)) = ids.iter().find(|(id, _)| *id == h) {
                    return Err(Error::input(
                        subject(out),
                        format!(
                            "holds {} (the same file as {} {}, an input of this run)",
                            e.file_name().to_string_lossy(),
                            i.flag,
                            i.path.display()
                        ),
                    )
                    .hint(crate::core::error::Remedy::OutOutsideInputs));
                }
            }
        }
    }
    Ok(())
}

/// An absolute path with symlinks resolved as far as the path exists, the rest normalised.
fn resolve(p: &Path) -> PathBuf {
    let abs = absolute(p);
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = std::fs::canonicalize(&existing) {
            let mut out = c;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return normalise(&out);
        }
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => return normalise(&abs),
        }
    }
}

fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

pub(crate) fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    }
}

fn random_suffix() -> String {
    let mut b = [0u8; 6];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut b);
    hex::encode(b)
}

/// Write `(name, bytes, mode)` files as the folder `out`: checked by [`check_out`], written into
/// a temporary folder beside it, placed in one step. On failure `out` is as it was, the
/// temporary folder is gone and parents this call created are removed.
pub fn write_dir(
    files: &[(&str, &[u8], u32)],
    out: &Path,
    overwrite: Overwrite,
    inputs: &[RunInput],
) -> Result<()> {
    write_dir_with(files, out, overwrite, inputs, Durability::EachFile)
}

/// How a folder is made durable before it is placed (and after).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Durability {
    /// fsync each file, the temporary folder and the parent (one wrap: a few milliseconds).
    #[default]
    EachFile,
    /// One `syncfs` of the file system before placing and one after (Linux; elsewhere as
    /// `EachFile`): the same guarantee in two calls, for batches of hundreds of bundles.
    FileSystem,
}

/// [`write_dir`] with a choice of [`Durability`].
pub fn write_dir_with(
    files: &[(&str, &[u8], u32)],
    out: &Path,
    overwrite: Overwrite,
    inputs: &[RunInput],
    durability: Durability,
) -> Result<()> {
    let per_file = durability == Durability::EachFile || !cfg!(target_os = "linux");
    let existing = check_out(out, overwrite, inputs)?;
    let subject = subject(out);
    let fail = |what: &str, e: std::io::Error| {
        Error::runtime(&subject, format!("{what} ({e})"))
            .hint("check that the folder is writable and the disk has space")
    };
    let out = absolute(out);
    let parent = out
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("/"));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "bundle".into());
    let created_parents =
        create_parents(&parent).map_err(|e| fail("cannot create the parent folder", e))?;
    let result = (|| {
        let tmp = parent.join(format!(".{name}.byok-tmp-{}", random_suffix()));
        std::fs::create_dir(&tmp)
            .map_err(|e| fail("cannot create a temporary folder beside it", e))?;
        let written = (|| {
            for (name, bytes, mode) in files {
                write_new_file(&tmp.join(name), bytes, *mode, per_file)?;
            }
            if per_file {
                sync_dir(&tmp)
            } else {
                sync_file_system(&tmp)
            }
        })();
        if let Err(e) = written {
            #[allow(clippy::disallowed_methods)] // our own temporary folder
            std::fs::remove_dir_all(&tmp).ok();
            return Err(fail("cannot write the bundle", e));
        }
        match place(&tmp, &out, &existing) {
            Ok(()) => {
                if per_file {
                    sync_dir(&parent).ok();
                } else {
                    sync_file_system(&parent).ok();
                }
                Ok(())
            }
            Err(p) => {
                // `tmp` holds only what this run wrote.
                #[allow(clippy::disallowed_methods)] // our own temporary folder
                std::fs::remove_dir_all(&tmp).ok();
                Err(match p {
                    PlaceError::Lost => Error::runtime(
                        &subject,
                        "another run wrote to this folder first; nothing of this run was kept",
                    )
                    .hint("look at what the other run wrote there, or choose a new folder and run again"),
                    PlaceError::Io(e) => fail("cannot move the bundle into place", e),
                })
            }
        }
    })();
    if result.is_err() {
        remove_created(&created_parents);
    }
    result
}

enum PlaceError {
    /// `--out` changed since it was checked (another run got there first).
    Lost,
    Io(std::io::Error),
}

impl From<std::io::Error> for PlaceError {
    fn from(e: std::io::Error) -> Self {
        PlaceError::Io(e)
    }
}

fn place(tmp: &Path, out: &Path, existing: &Existing) -> std::result::Result<(), PlaceError> {
    match existing {
        Existing::Missing | Existing::Empty => place_new(tmp, out),
        Existing::Ours(own) => replace_own(tmp, out, own),
    }
}

/// Whether a rename failed because the target is there and not an empty folder.
#[cfg(not(windows))]
fn target_taken(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        AlreadyExists | DirectoryNotEmpty | NotADirectory | IsADirectory
    )
}

/// Place `tmp` at `out`, which was missing or empty: never replaces content.
#[cfg(not(windows))]
fn place_new(tmp: &Path, out: &Path) -> std::result::Result<(), PlaceError> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        use rustix::io::Errno;
        match renameat_with(CWD, tmp, CWD, out, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            // Something is there now: an empty folder may still be taken below.
            Err(e) if e == Errno::EXIST => {}
            // A filesystem without RENAME_NOREPLACE: the portable way below.
            Err(e) if e == Errno::INVAL || e == Errno::NOSYS || e == Errno::OPNOTSUPP => {
                if let Err(e) = std::fs::create_dir(out) {
                    if e.kind() != std::io::ErrorKind::AlreadyExists {
                        return Err(e.into());
                    }
                }
            }
            Err(e) => return Err(std::io::Error::from(e).into()),
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        if let Err(e) = std::fs::create_dir(out) {
            if e.kind() != std::io::ErrorKind::AlreadyExists {
                return Err(e.into());
            }
        }
    }
    // rename(2) onto a folder succeeds only while that folder is empty.
    match std::fs::rename(tmp, out) {
        Ok(()) => Ok(()),
        Err(e) if target_taken(&e) => Err(PlaceError::Lost),
        Err(e) => Err(e.into()),
    }
}

/// Place `tmp` at `out`, which was missing or empty: never replaces content. Windows moves
/// nothing onto an existing folder, empty or not: the empty folder is removed first
/// (RemoveDirectoryW refuses one that is not empty), then `tmp` is moved without replacing
/// (`MoveFileExW` without `MOVEFILE_REPLACE_EXISTING`). A run that creates `out` in between wins,
/// and this one loses cleanly; if the move fails otherwise, the empty folder is made again.
#[cfg(windows)]
fn place_new(tmp: &Path, out: &Path) -> std::result::Result<(), PlaceError> {
    let was_empty_folder = std::fs::symlink_metadata(out).is_ok_and(|m| m.is_dir());
    if was_empty_folder {
        match std::fs::remove_dir(out) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::DirectoryNotEmpty => {
                return Err(PlaceError::Lost)
            }
            Err(e) => return Err(e.into()),
        }
    }
    match crate::core::winfs::rename_noreplace(tmp, out) {
        Ok(()) => Ok(()),
        Err(_) if std::fs::symlink_metadata(out).is_ok() => Err(PlaceError::Lost),
        Err(e) => {
            if was_empty_folder {
                std::fs::create_dir(out).ok();
            }
            Err(e.into())
        }
    }
}

/// Replace our own earlier folder at `out` with `tmp`; `own` is what was checked.
fn replace_own(tmp: &Path, out: &Path, own: &OwnFolder) -> std::result::Result<(), PlaceError> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        use rustix::io::Errno;
        match renameat_with(CWD, tmp, CWD, out, RenameFlags::EXCHANGE) {
            Ok(()) => {
                // `tmp` now holds what was at `out`: it must still be the folder we checked.
                if still_ours(tmp, own) {
                    remove_own(tmp, own);
                    return Ok(());
                }
                // Someone changed it meanwhile: put it back, and give up.
                renameat_with(CWD, tmp, CWD, out, RenameFlags::EXCHANGE)
                    .map_err(std::io::Error::from)?;
                return Err(PlaceError::Lost);
            }
            // Gone meanwhile: place as new (which refuses whatever may appear).
            Err(e) if e == Errno::NOENT => return place_new(tmp, out),
            Err(e) if e == Errno::INVAL || e == Errno::NOSYS || e == Errno::OPNOTSUPP => {}
            Err(e) => return Err(std::io::Error::from(e).into()),
        }
    }
    // Without an atomic swap: move the old folder aside, check it, then place the new one.
    let parent = out.parent().unwrap_or(Path::new("/"));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let old = parent.join(format!(".{name}.byok-old-{}", random_suffix()));
    move_noreplace(out, &old)?;
    if !still_ours(&old, own) {
        move_noreplace(&old, out)?;
        return Err(PlaceError::Lost);
    }
    if let Err(e) = place_new(tmp, out) {
        // Put the earlier bundle back unless something took its place meanwhile; then it stays
        // beside it under its hidden name, whole.
        move_noreplace(&old, out).ok();
        return Err(e);
    }
    remove_own(&old, own);
    Ok(())
}

/// Move a folder of ours aside or back: on Windows never onto anything (`std::fs::rename` would
/// replace a file there); elsewhere `rename(2)`, which never replaces a non-empty folder.
fn move_noreplace(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(windows)]
    {
        crate::core::winfs::rename_noreplace(from, to)
    }
    #[cfg(not(windows))]
    {
        std::fs::rename(from, to)
    }
}

fn still_ours(dir: &Path, own: &OwnFolder) -> bool {
    matches!(own_folder(dir), Ok(Some(now)) if now.fingerprint == own.fingerprint && now.marker == own.marker)
}

/// Remove the files `own` lists and its marker, then the folder if nothing else is in it.
fn remove_own(dir: &Path, own: &OwnFolder) {
    for f in own.files.iter().map(String::as_str).chain([own.marker]) {
        std::fs::remove_file(dir.join(f)).ok();
    }
    std::fs::remove_dir(dir).ok();
}

/// Create missing parents; return those this call created, outermost first. A parent another run
/// creates at the same moment is fine (and not ours to remove).
fn create_parents(parent: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut missing = Vec::new();
    let mut cur = Some(parent);
    while let Some(c) = cur {
        if c.exists() {
            break;
        }
        missing.push(c.to_path_buf());
        cur = c.parent();
    }
    missing.reverse();
    let mut created = Vec::new();
    for d in &missing {
        match std::fs::create_dir(d) {
            Ok(()) => created.push(d.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && d.is_dir() => {}
            Err(e) => {
                remove_created(&created);
                return Err(e);
            }
        }
    }
    Ok(created)
}

/// Remove folders this run created (innermost first), only while they are empty.
pub fn remove_created(created: &[PathBuf]) {
    for d in created.iter().rev() {
        std::fs::remove_dir(d).ok();
    }
}

/// Remove the temporary folders an interrupted run (killed, or a power cut) left beside `out/name`
/// while writing it: only folders named as [`write_dir`] names them (`.NAME.byok-tmp-` and 12 hex
/// digits), which hold nothing but what that run wrote. Call it only while no other run can be
/// writing `name` there (a batch holds its folder's lock).
pub fn remove_stale_temp(parent: &Path, name: &str) {
    remove_stale_temps(parent, &[name]);
}

/// [`remove_stale_temp`] for several names, listing `parent` once.
pub fn remove_stale_temps(parent: &Path, names: &[&str]) {
    let names: std::collections::HashSet<&str> = names.iter().copied().collect();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        let Some((name, suffix)) = n
            .strip_prefix('.')
            .and_then(|rest| rest.rsplit_once(".byok-tmp-"))
        else {
            continue;
        };
        if !names.contains(name) {
            continue;
        }
        let ours = suffix.len() == 12 && suffix.bytes().all(|b| b.is_ascii_hexdigit());
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        if ours && is_dir {
            #[allow(clippy::disallowed_methods)] // our own temporary folder, named by write_dir
            std::fs::remove_dir_all(e.path()).ok();
        }
    }
}

/// Create a new file (never replacing one) with `mode`, write, fsync.
pub fn write_file(path: &Path, bytes: &[u8], mode: u32) -> std::io::Result<()> {
    write_new_file(path, bytes, mode, true)
}

/// `syncfs(2)` on the file system holding `path`: every write to it so far is durable.
fn sync_file_system(path: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        let dir = std::fs::File::open(path)?;
        rustix::fs::syncfs(&dir).map_err(std::io::Error::from)
    }
    #[cfg(not(target_os = "linux"))]
    {
        sync_dir(path)
    }
}

fn write_new_file(path: &Path, bytes: &[u8], mode: u32, sync: bool) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.mode(mode);
    }
    // Windows: a file meant for its owner alone (no bits for group or others) gets a DACL that
    // lets only the current user in, from creation; others inherit their folder's ACL.
    #[cfg(windows)]
    let mut f = if mode & 0o077 == 0 {
        crate::core::winfs::create_owner_only(path)?
    } else {
        opts.open(path)?
    };
    #[cfg(not(windows))]
    let mut f = opts.open(path)?;
    f.write_all(bytes)?;
    if sync {
        f.sync_all()?;
    }
    Ok(())
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Write the age backup: never replaces a file, mode 0600, parents must exist.
pub fn write_backup(path: &Path, bytes: &[u8]) -> Result<()> {
    let subject = format!("--backup {}", path.display());
    write_file(path, bytes, 0o600).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => {
            Error::input(&subject, "already exists; a backup never replaces a file")
                .hint("choose a new file name for the backup")
        }
        _ => Error::runtime(&subject, format!("cannot write the backup ({e})"))
            .hint("check that its folder exists and is writable"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle_in(dir: &Path, names: &[&str]) {
        std::fs::create_dir_all(dir).unwrap();
        let files: Vec<serde_json::Value> = names
            .iter()
            .map(
                |n| serde_json::json!({"name": n, "role": "x", "encoding": "binary", "sha256": ""}),
            )
            .collect();
        for n in names {
            std::fs::write(dir.join(n), b"x").unwrap();
        }
        std::fs::write(
            dir.join(MANIFEST),
            serde_json::json!({"tool": "byok-wizard 0.1.0", "files": files}).to_string(),
        )
        .unwrap();
    }

    #[test]
    fn only_our_bundles_are_ours() {
        let t = tempfile::tempdir().unwrap();
        let b = t.path().join("b");
        bundle_in(&b, &["a.bin", "README.txt"]);
        assert!(matches!(
            check_out(&b, Overwrite::Replace, &[]),
            Ok(Existing::Ours(_))
        ));
        // An extra file makes it someone else's.
        std::fs::write(b.join("notes.txt"), b"mine").unwrap();
        let e = check_out(&b, Overwrite::Replace, &[]).unwrap_err();
        assert!(e.problem.contains("notes.txt"), "{}", e.problem);
        // A manifest that does not name the tool.
        let c = t.path().join("c");
        std::fs::create_dir(&c).unwrap();
        std::fs::write(c.join(MANIFEST), r#"{"tool":"other","files":[]}"#).unwrap();
        assert!(check_out(&c, Overwrite::Replace, &[]).is_err());
        // A manifest listing a path outside the folder.
        let d = t.path().join("d");
        bundle_in(&d, &[]);
        std::fs::write(
            d.join(MANIFEST),
            r#"{"tool":"byok-wizard 0.1.0","files":[{"name":"../x"}]}"#,
        )
        .unwrap();
        assert!(check_out(&d, Overwrite::Replace, &[]).is_err());
    }

    #[test]
    fn inputs_inside_out_are_refused() {
        let t = tempfile::tempdir().unwrap();
        let key = t.path().join("key.bin");
        std::fs::write(&key, b"k").unwrap();
        let input = [RunInput {
            flag: "--material",
            path: &key,
        }];
        let e = check_out(t.path(), Overwrite::Replace, &input).unwrap_err();
        assert!(e.problem.contains("--material"), "{}", e.problem);
        assert!(check_out(&key, Overwrite::Replace, &input).is_err());
        // A sibling folder is fine.
        assert!(check_out(&t.path().join("out"), Overwrite::Refuse, &input).is_ok());
        // Through `..` and a missing middle part.
        let sneaky = t.path().join("missing/..");
        assert!(check_out(&sneaky, Overwrite::Replace, &input).is_err());
    }

    #[test]
    fn a_lost_race_keeps_the_winner() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("out");
        write_dir(&[("a", b"1", 0o644)], &out, Overwrite::Refuse, &[]).unwrap();
        // A second placement that checked while `out` was missing.
        let tmp = t.path().join("tmp");
        std::fs::create_dir(&tmp).unwrap();
        std::fs::write(tmp.join("b"), b"2").unwrap();
        assert!(matches!(
            place(&tmp, &out, &Existing::Missing),
            Err(PlaceError::Lost)
        ));
        assert_eq!(std::fs::read(out.join("a")).unwrap(), b"1");
        assert!(!out.join("b").exists());
    }

    #[test]
    fn a_file_that_appears_at_out_is_never_replaced() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("out");
        std::fs::write(&out, b"the user's").unwrap();
        let tmp = t.path().join("tmp");
        std::fs::create_dir(&tmp).unwrap();
        std::fs::write(tmp.join("b"), b"2").unwrap();
        assert!(matches!(
            place(&tmp, &out, &Existing::Missing),
            Err(PlaceError::Lost)
        ));
        assert_eq!(std::fs::read(&out).unwrap(), b"the user's");
        // Moving a folder aside or back never lands on what is there either.
        assert!(move_noreplace(&tmp, &out).is_err());
        assert_eq!(std::fs::read(&out).unwrap(), b"the user's");
        assert_eq!(std::fs::read(tmp.join("b")).unwrap(), b"2");
    }

    #[test]
    fn an_empty_folder_is_taken_and_our_own_replaced() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("out");
        std::fs::create_dir(&out).unwrap();
        write_dir(&[("a", b"1", 0o644)], &out, Overwrite::Refuse, &[]).unwrap();
        assert_eq!(std::fs::read(out.join("a")).unwrap(), b"1");
        // Our own earlier bundle is swapped for the new one (Windows: aside, place, remove).
        std::fs::remove_file(out.join("a")).unwrap();
        bundle_in(&out, &["a"]);
        write_dir(&[("b", b"2", 0o644)], &out, Overwrite::Replace, &[]).unwrap();
        assert_eq!(std::fs::read(out.join("b")).unwrap(), b"2");
        assert!(!out.join("a").exists() && !out.join(MANIFEST).exists());
        // Nothing left beside it: no temporary or displaced folder.
        let names: Vec<_> = std::fs::read_dir(t.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out")]);
    }

    #[test]
    fn secret_files_are_for_their_owner_alone() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("backup.age");
        write_file(&p, b"x", 0o600).unwrap();
        assert!(write_file(&p, b"y", 0o600).is_err(), "never replaces");
        assert_eq!(std::fs::read(&p).unwrap(), b"x");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        #[cfg(windows)]
        {
            // Everyone (WD), Users (BU), Authenticated Users (AU): none may be let in. (Under
            // Wine the descriptor read back is made from the Unix mode: see winfs.)
            let sddl = crate::core::winfs::describe_acl(&p).unwrap();
            for other in [";WD)", ";BU)", ";AU)"] {
                assert!(!sddl.contains(other), "{sddl}");
            }
            let open = t.path().join("open.txt");
            write_file(&open, b"x", 0o644).unwrap();
            let sddl_open = crate::core::winfs::describe_acl(&open).unwrap();
            assert_ne!(sddl, sddl_open, "an owner-only file looks like any other");
        }
    }
}
