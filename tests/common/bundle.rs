//! Reading a bundle the way a checker outside byok-wizard would: the manifest, every listed file
//! (plain name, SHA-256, declared encoding), indexed by role. One reader for every test.

use super::codec::{b64_strict, read, sha256_files};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

pub struct Entry {
    pub name: String,
    pub encoding: String,
    /// The file decoded by its `encoding` (json and text: as stored).
    pub bytes: Vec<u8>,
    /// The file as stored.
    pub raw: Vec<u8>,
}

pub struct Bundle {
    pub manifest: Value,
    pub roles: BTreeMap<String, Entry>,
}

/// Reads the manifest, checks every listed file (plain name, sha256, known encoding, strict base64,
/// parsable JSON) and indexes the files by role. Panics on anything the contract forbids.
pub fn load_bundle(dir: &Path) -> Bundle {
    let manifest: Value = serde_json::from_slice(&read(&dir.join("manifest.json")))
        .unwrap_or_else(|e| panic!("manifest.json is not JSON: {e}"));
    let files = manifest["files"]
        .as_array()
        .unwrap_or_else(|| panic!("manifest has no files[]: {manifest}"));
    let mut roles = BTreeMap::new();
    let mut paths = vec![];
    let mut want_sha = vec![];
    for f in files {
        let field = |k: &str| {
            f[k].as_str()
                .unwrap_or_else(|| panic!("manifest files[] entry without string {k:?}: {f}"))
                .to_string()
        };
        let (name, role, encoding, sha) = (
            field("name"),
            field("role"),
            field("encoding"),
            field("sha256"),
        );
        assert!(
            !name.is_empty()
                && !name.contains('/')
                && !name.contains('\\')
                && name != "."
                && name != "..",
            "file name {name:?} is not a plain name inside the bundle"
        );
        let path = dir.join(&name);
        let raw = read(&path);
        let bytes = match encoding.as_str() {
            "binary" | "text" => raw.clone(),
            "base64" => b64_strict(&raw).unwrap_or_else(|e| {
                panic!(
                    "file {name} (role {role}) is declared `base64` (one line, padded, no line \
                     breaks) but is not: {e}"
                )
            }),
            "json" => {
                serde_json::from_slice::<Value>(&raw).unwrap_or_else(|e| {
                    panic!("file {name} (role {role}) is declared json but does not parse: {e}")
                });
                raw.clone()
            }
            other => panic!("file {name}: unknown encoding {other:?}"),
        };
        let entry = Entry {
            name: name.clone(),
            encoding,
            bytes,
            raw,
        };
        assert!(
            roles.insert(role.clone(), entry).is_none(),
            "role {role} is listed more than once in the manifest"
        );
        paths.push(path);
        want_sha.push((name, sha.to_lowercase()));
    }
    for ((name, want), got) in want_sha.iter().zip(sha256_files(&paths)) {
        assert_eq!(
            &got, want,
            "manifest sha256 of {name} does not match the file (file: {got}, manifest: {want})"
        );
    }
    Bundle { manifest, roles }
}

impl Bundle {
    pub fn role(&self, r: &str) -> &Entry {
        self.roles.get(r).unwrap_or_else(|| {
            panic!(
                "bundle has no file with role {r}; roles present: {:?}",
                self.roles.keys().collect::<Vec<_>>()
            )
        })
    }

    pub fn str_field(&self, k: &str) -> &str {
        self.manifest[k].as_str().unwrap_or_else(|| {
            panic!(
                "manifest field {k:?} missing or not a string: {}",
                self.manifest
            )
        })
    }

    /// A JSON file of the bundle, parsed.
    pub fn json(&self, role: &str) -> Value {
        serde_json::from_slice(&self.role(role).bytes).unwrap()
    }

    /// The bundle's README.
    pub fn readme(&self) -> String {
        String::from_utf8(self.role("instructions").bytes.clone()).expect("README is UTF-8")
    }
}
