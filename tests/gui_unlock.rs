//! Unlocking an encrypted private key never freezes the window: the key derivation
//! runs on a worker with a spinner and Cancel, and no frame takes longer than 50 ms, whatever
//! key is loaded.
//!
//! - scrypt N = 2^20, r = 8 (1 GiB, seconds of work): refused as soon as it is loaded, from its
//!   parameters alone, before any passphrase is tried.
//! - PBKDF2 with 1,000,000 iterations (the cap; made by the openssl CLI): unlocked on the worker
//!   while the window keeps drawing; a second time, cancelled — the key stays locked and the
//!   worker's late answer is dropped.
//!
//! Every frame from loading the file to the end is timed. One test in this binary, so no other
//! test competes with it for the two cores.

use byok_wizard::gui::file_picker::FixedPicker;
use byok_wizard::gui::WizardApp;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

mod common;
use common::gui::*;

const FRAME_LIMIT: Duration = Duration::from_millis(50);
const PASSPHRASE: &str = "slow but fair 42";

/// DER tag-length-value.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else if n < 0x100 {
        out.extend([0x81, n as u8]);
    } else {
        out.extend([0x82, (n >> 8) as u8, n as u8]);
    }
    out.extend_from_slice(content);
    out
}

/// An encrypted PKCS#8 key (RFC 5958 EncryptedPrivateKeyInfo) whose PBES2 parameters (RFC 8018)
/// ask for scrypt (RFC 7914) with N = 2^20, r = 8, p = 1, and AES-256-CBC. Built by hand: the
/// point is that its parameters alone must get it refused, so its ciphertext is random.
fn scrypt_2_20_key(path: &Path) {
    let seq = |parts: &[Vec<u8>]| tlv(0x30, &parts.concat());
    let oid = |der: &[u8]| tlv(0x06, der);
    let int = |be: &[u8]| tlv(0x02, be);
    let octets = |b: &[u8]| tlv(0x04, b);
    let scrypt_params = seq(&[
        octets(&[7u8; 16]),       // salt
        int(&[0x10, 0x00, 0x00]), // N = 2^20
        int(&[8]),                // r
        int(&[1]),                // p
        int(&[32]),               // key length
    ]);
    let kdf = seq(&[
        oid(&[0x2B, 0x06, 0x01, 0x04, 0x01, 0xDA, 0x47, 0x04, 0x0B]), // id-scrypt
        scrypt_params,
    ]);
    let enc = seq(&[
        oid(&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2A]), // aes256-CBC
        octets(&[9u8; 16]),
    ]);
    let alg = seq(&[
        oid(&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, 0x0D]), // PBES2
        seq(&[kdf, enc]),
    ]);
    let der = seq(&[alg, octets(&[0x5Au8; 1232])]);
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut pem = String::from("-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
    for line in b64.as_bytes().chunks(64) {
        pem.push_str(std::str::from_utf8(line).unwrap());
        pem.push('\n');
    }
    pem.push_str("-----END ENCRYPTED PRIVATE KEY-----\n");
    std::fs::write(path, pem).unwrap();
}

/// `openssl pkcs8 -topk8 -v2 aes-256-cbc -iter 1000000` of the RSA-2048 test key.
fn pbkdf2_1m_key(path: &Path) {
    let out = Command::new("openssl")
        .args([
            "pkcs8",
            "-topk8",
            "-v2",
            "aes-256-cbc",
            "-v2prf",
            "hmacWithSHA256",
        ])
        .args(["-iter", "1000000", "-passout"])
        .arg(format!("pass:{PASSPHRASE}"))
        .arg("-in")
        .arg(data("mat_rsa2048.pk8.pem"))
        .arg("-out")
        .arg(path)
        .output()
        .expect("openssl is needed (apt-get install -y openssl)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Steps frames, timing each.
struct Frames {
    longest: Duration,
    count: usize,
}

impl Frames {
    fn step(&mut self, h: &mut Harness<'_, WizardApp>) {
        let t = Instant::now();
        h.step();
        let took = t.elapsed();
        self.count += 1;
        self.longest = self.longest.max(took);
        assert!(took <= FRAME_LIMIT, "frame {} took {took:?}", self.count);
    }

    /// Step (with short pauses, as a real window idles) until `done` or `limit`.
    fn until(
        &mut self,
        h: &mut Harness<'_, WizardApp>,
        limit: Duration,
        done: impl Fn(&WizardApp) -> bool,
    ) {
        let start = Instant::now();
        while !done(h.state()) {
            assert!(start.elapsed() < limit, "timed out");
            self.step(h);
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

fn to_material_page(h: &mut Harness<'_, WizardApp>, picker: &FixedPicker) {
    choose_provider_and_spec(h, "Alibaba Cloud KMS", Some("RSA_2048"));
    button(h, "Next");
    picker.answer(data("wrap_rsa2048.pub.pem"));
    button(h, "Browse for the wrapping key");
    button(h, "Next");
    click(h, Role::RadioButton, "Load it from a file");
}

fn load(h: &mut Harness<'_, WizardApp>, picker: &FixedPicker, frames: &mut Frames, key: &Path) {
    picker.answer(key);
    h.get_by_role_and_label(Role::Button, "Browse for the key material")
        .click();
    for _ in 0..4 {
        frames.step(h); // the click, the dialog's answer, the read and parse, the redraw
    }
}

#[test]
fn slow_kdf_keys_never_freeze_the_window_and_cancel_works() {
    let dir = tempfile::tempdir().unwrap();
    let scrypt = dir.path().join("scrypt-2-20.pem");
    let pbkdf2 = dir.path().join("pbkdf2-1m.pem");
    scrypt_2_20_key(&scrypt);
    pbkdf2_1m_key(&pbkdf2);
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    to_material_page(&mut h, &picker);
    let mut frames = Frames {
        longest: Duration::ZERO,
        count: 0,
    };

    // 1. scrypt N = 2^20: refused from its parameters, no passphrase asked for.
    load(&mut h, &picker, &mut frames, &scrypt);
    h.run();
    assert!(!h.state().wizard().needs_passphrase());
    assert!(h.state().wizard().material_problem().is_some());
    click(&mut h, Role::DisclosureTriangle, "Details");
    h.get_by_label_contains("scrypt with N = 2^20");

    // 2. PBKDF2 × 1,000,000: unlocked on the worker, the window drawing all along.
    load(&mut h, &picker, &mut frames, &pbkdf2);
    h.run();
    assert!(h.state().wizard().needs_passphrase());
    type_into(&mut h, "Key passphrase", PASSPHRASE);
    h.get_by_role_and_label(Role::Button, "Unlock").click();
    frames.step(&mut h);
    frames.step(&mut h);
    assert!(
        h.state().wizard().unlocking(),
        "the unlock finished within two frames"
    );
    h.get_by_label("Cancel unlocking");
    let started = Instant::now();
    frames.until(&mut h, Duration::from_secs(60), |a| !a.wizard().unlocking());
    let unlock_time = started.elapsed();
    h.run();
    assert!(
        h.state().wizard().material().is_some(),
        "{:?}",
        h.state().wizard().material_problem().map(|p| &p.details)
    );
    eprintln!(
        "PBKDF2 x 1,000,000 unlocked in {unlock_time:?} over {} frames; longest frame {:?}",
        frames.count, frames.longest
    );

    // 3. The same key again, cancelled: it stays locked, and the late answer is dropped.
    button(&mut h, "Back");
    button(&mut h, "Next");
    load(&mut h, &picker, &mut frames, &pbkdf2);
    h.run();
    type_into(&mut h, "Key passphrase", PASSPHRASE);
    h.get_by_role_and_label(Role::Button, "Unlock").click();
    frames.step(&mut h);
    frames.step(&mut h);
    assert!(h.state().wizard().unlocking());
    h.get_by_role_and_label(Role::Button, "Cancel unlocking")
        .click();
    frames.step(&mut h);
    frames.step(&mut h);
    assert!(
        !h.state().wizard().unlocking(),
        "Cancel did not stop the unlock"
    );
    assert!(
        h.state().wizard().needs_passphrase(),
        "the key must stay locked"
    );
    // Give the abandoned worker more than its time: its answer must not arrive.
    let until = Instant::now() + unlock_time * 2 + Duration::from_millis(200);
    while Instant::now() < until {
        frames.step(&mut h);
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(
        h.state().wizard().material().is_none(),
        "a cancelled unlock still loaded the key"
    );
    assert!(h.state().wizard().needs_passphrase());
    eprintln!(
        "{} frames in all, longest {:?}",
        frames.count, frames.longest
    );
}
