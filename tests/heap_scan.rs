//! After a wrap, the material's bytes are nowhere in the process's writable memory.
//!
//! What a core dump would hold is the process's memory; this test reads the same memory
//! through `/proc/self/mem` after running `wrap` in this process (`cli::main_from`), and
//! searches every private writable mapping — the `[heap]`, the anonymous mappings that hold
//! the other malloc arenas, thread stacks and large allocations — for the material: the raw
//! key bytes, the hex text it was given as, and a 32-byte window of an RSA private key's
//! PKCS#8 DER. The test keeps its own copies only masked (XOR 0xA5), so it cannot find itself.
//!
//! What it cannot show: copies in CPU registers, in the kernel (page cache of the material file,
//! pipe buffers), in freed memory that the allocator returned to the OS (gone, not readable —
//! and not in a core either), or on the stack of the thread that ran the wrap (left out: stale
//! frames there hold whatever was passed by value, the test's own values included). It is one
//! process and one run of each kind; see SECURITY.md for what is and is not wiped.

#![cfg(target_os = "linux")]

use std::io::{Read as _, Seek as _, SeekFrom};
use zeroize::Zeroize as _;

const MASK: u8 = 0xA5;

fn masked(b: &[u8]) -> Vec<u8> {
    b.iter().map(|x| x ^ MASK).collect()
}

/// Every `rw` private mapping with no file behind it (the heap, malloc's other arenas, large
/// allocations, other threads' stacks), except this thread's own stack: stale frames there hold
/// whatever the test and the tool passed by value, long after use, and are not the heap.
fn writable_regions() -> Vec<(u64, u64, String)> {
    let marker = 0u8;
    let here = std::hint::black_box(&marker) as *const u8 as u64;
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
    maps.lines()
        .filter_map(|l| {
            let mut parts = l.split_whitespace();
            let range = parts.next()?;
            let perms = parts.next()?;
            let path = parts.nth(3).unwrap_or("").to_owned();
            if !perms.starts_with("rw") || !perms.ends_with('p') {
                return None;
            }
            if !(path.is_empty() || path.starts_with('[')) || path == "[vvar]" {
                return None;
            }
            let (a, b) = range.split_once('-')?;
            let (a, b) = (
                u64::from_str_radix(a, 16).ok()?,
                u64::from_str_radix(b, 16).ok()?,
            );
            if (a..b).contains(&here) {
                return None;
            }
            Some((a, b, path))
        })
        .collect()
}

/// Where the unmasked `needle` occurs in this process's writable memory.
fn find_in_memory(needle_masked: &[u8]) -> Vec<String> {
    let mut hits = Vec::new();
    let mut mem = std::fs::File::open("/proc/self/mem").unwrap();
    let first = needle_masked[0] ^ MASK;
    for (start, end, path) in writable_regions() {
        let mut buf = vec![0u8; (end - start) as usize];
        if mem.seek(SeekFrom::Start(start)).is_err() || mem.read_exact(&mut buf).is_err() {
            continue;
        }
        let n = needle_masked.len();
        let mut i = 0;
        while i + n <= buf.len() {
            if buf[i] == first
                && buf[i..i + n]
                    .iter()
                    .zip(needle_masked)
                    .all(|(h, m)| *h == m ^ MASK)
            {
                hits.push(format!("{path:?} at {:#x}", start + i as u64));
            }
            i += 1;
        }
        buf.zeroize();
    }
    hits
}

fn run(args: &[&str]) -> i32 {
    let mut v = vec!["byok-wizard"];
    v.extend_from_slice(args);
    byok_wizard::cli::main_from(v)
}

#[test]
fn no_copy_of_the_material_is_left_in_memory_after_a_wrap() {
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let dir = tempfile::tempdir().unwrap();

    // 1. A fresh AES-256 key given as hex text.
    let mut key = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut key);
    let mut hex_text = zeroize::Zeroizing::new(hex::encode(&key[..]));
    let key_m = masked(&key);
    let hex_m = masked(hex_text.as_bytes());
    std::fs::write(dir.path().join("key.hex"), hex_text.as_bytes()).unwrap();
    key.zeroize();
    hex_text.zeroize();
    assert!(
        find_in_memory(&key_m).is_empty(),
        "the test's own copy was not wiped"
    );

    let out = dir.path().join("b1");
    let code = run(&[
        "wrap",
        "--provider",
        "huawei",
        "--key-spec",
        "AES_256",
        "--wrapping-key",
        data.join("wrap_rsa2048.pub.pem").to_str().unwrap(),
        "--material",
        dir.path().join("key.hex").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);

    // 2. An RSA-2048 private key given as PKCS#8 PEM (Huawei: RSA-OAEP + AES-KWP).
    let mut der = std::fs::read(data.join("mat_rsa2048.pk8.der")).unwrap();
    let window_m = masked(&der[400..432]); // inside the private exponent d (bytes 303..559)
    der.zeroize();
    let out2 = dir.path().join("b2");
    let code = run(&[
        "wrap",
        "--provider",
        "huawei",
        "--key-spec",
        "RSA_2048",
        "--wrapping-key",
        data.join("wrap_rsa2048.pub.pem").to_str().unwrap(),
        "--material",
        data.join("mat_rsa2048.pk8.pem").to_str().unwrap(),
        "--out",
        out2.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);

    // Also the last 16 bytes of each: a freed small buffer keeps its tail, while the allocator
    // writes its free-list pointers over the first 16 bytes (glibc's tcache).
    let mut found = Vec::new();
    for (what, needle) in [
        ("the AES key's bytes", &key_m[..]),
        ("the AES key's last 16 bytes", &key_m[16..]),
        ("the AES key's hex text", &hex_m[..]),
        ("the AES key's hex text, last 16 characters", &hex_m[48..]),
        ("32 bytes of the RSA private key's DER", &window_m[..]),
        ("16 bytes of the RSA private key's DER", &window_m[16..]),
    ] {
        for h in find_in_memory(needle) {
            found.push(format!("{what}: {h}"));
        }
    }
    assert!(
        found.is_empty(),
        "material left in memory:\n{}",
        found.join("\n")
    );
}
