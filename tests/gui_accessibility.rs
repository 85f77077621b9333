//! What a screen reader finds in the window's accessibility tree (egui_kittest reads the same
//! AccessKit tree the desktop's AT-SPI bridge exports): the window's name, the key-spec combo
//! box's value, the list closing once an entry is chosen by the accessibility action or by
//! keyboard, headings as headings, the current step marked as current, and the reason beside
//! Next when the import parameters have expired.

mod common;

use byok_wizard::gui::file_picker::FixedPicker;
use byok_wizard::wizard::{Blocker, Step};
use common::gui::{button, click, data, new_harness, step, type_into};
use egui::accesskit::{AriaCurrent, Role};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use std::process::Command;

#[test]
fn the_window_has_a_name() {
    let picker = FixedPicker::new();
    let h = new_harness(&picker);
    let root = h.root();
    let node = root.accesskit_node();
    assert_eq!(node.role(), Role::Window);
    assert_eq!(node.label().as_deref(), Some("BYOK wizard"));
}

#[test]
fn the_key_spec_combo_box_says_its_value_and_closes_when_an_entry_is_chosen() {
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    click(&mut h, Role::RadioButton, "AWS KMS");
    let combo = h.get_by_role_and_label(Role::ComboBox, "Key spec");
    let value = combo.value().unwrap_or_default();
    assert!(value.contains("AES_256"), "{value}");
    // Open the list, choose an entry by the accessibility action (as AT-SPI's "click" does).
    click(&mut h, Role::ComboBox, "Key spec");
    assert!(egui::Popup::is_any_open(&h.ctx), "the list opened");
    h.get_by_label("HMAC_256").click_accesskit();
    h.run();
    assert!(
        !egui::Popup::is_any_open(&h.ctx),
        "the list closed after the choice"
    );
    assert_eq!(
        h.get_by_role_and_label(Role::ComboBox, "Key spec")
            .value()
            .as_deref(),
        Some("HMAC_256")
    );
    // And by keyboard: open, move down, Enter.
    h.get_by_role_and_label(Role::ComboBox, "Key spec").focus();
    h.run();
    h.key_press(egui::Key::Space);
    h.run();
    assert!(egui::Popup::is_any_open(&h.ctx), "Space opened the list");
    h.key_press(egui::Key::ArrowDown);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(!egui::Popup::is_any_open(&h.ctx), "Enter chose and closed");
    assert_ne!(
        h.get_by_role_and_label(Role::ComboBox, "Key spec")
            .value()
            .as_deref(),
        Some("HMAC_256"),
        "the keyboard chose another entry"
    );
}

#[test]
fn headings_are_headings_and_the_current_step_is_marked_current() {
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    let headings: Vec<String> = h
        .query_all_by_role(Role::Heading)
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    assert!(headings.iter().any(|l| l == "BYOK wizard"), "{headings:?}");
    assert!(
        headings.iter().any(|l| l.starts_with("Step 1 of 5")),
        "{headings:?}"
    );
    let current: Vec<String> = h
        .query_all_by(|n| n.aria_current() == Some(AriaCurrent::Step))
        .filter_map(|n| n.accesskit_node().value())
        .collect();
    assert_eq!(current.len(), 1, "{current:?}");
    assert!(current[0].contains("Cloud and key"), "{current:?}");
    button(&mut h, "Next");
    assert_eq!(step(&h), Step::WrappingKey);
    let current: Vec<String> = h
        .query_all_by(|n| n.aria_current() == Some(AriaCurrent::Step))
        .filter_map(|n| n.accesskit_node().value())
        .collect();
    assert_eq!(current.len(), 1, "{current:?}");
    assert!(current[0].contains("Wrapping key"), "{current:?}");
}

#[test]
fn expired_parameters_are_named_as_such_beside_next() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("expired");
    let o = Command::new(env!("CARGO_BIN_EXE_byok-wizard"))
        .args([
            "practice",
            "new",
            "--provider",
            "huawei",
            "--key-spec",
            "AES_256",
            "--expires-in",
            "-1h",
            "--out",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(o.status.success());
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    button(&mut h, "Next");
    type_into(
        &mut h,
        "Wrapping public key",
        &dir.join("get-parameters-for-import.json")
            .display()
            .to_string(),
    );
    button(&mut h, "Load the wrapping key");
    assert_eq!(h.state().wizard().blocker(), Some(Blocker::Expired));
    h.get_by_label("The import parameters have expired; download new ones from the console.");
    assert!(h
        .query_by_label("The wrapping key cannot be used; see the problem above.")
        .is_none());
    // The details say what expired, with no hint about wrapping-key formats.
    let p = h.state().wizard().wrapping_problem().unwrap();
    assert!(p.details.contains("expired at"), "{}", p.details);
    assert!(!p.details.contains("PEM, DER"), "{}", p.details);
    let _ = data("sym32.bin");
}

/// Item 4 of the screen-reader report: the open key-spec list and the page's scroll bar have
/// names. Every page scrolls in one area whose bar is always drawn (not only on hover), so a
/// sighted user sees that there is more below, and a screen reader hears what the bar is.
#[test]
fn the_open_list_and_the_page_scroll_bar_have_names() {
    let picker = FixedPicker::new();
    let mut h = new_harness(&picker);
    h.get_by_role_and_label(Role::ScrollBar, "Page scroll bar");
    assert!(
        h.query_by_role(Role::ListBox).is_none(),
        "no list before it opens"
    );
    click(&mut h, Role::ComboBox, "Key spec");
    let list = h.get_by_role(Role::ListBox);
    assert_eq!(list.accesskit_node().label().as_deref(), Some("Key spec"));
    h.key_press(egui::Key::Escape);
    h.run();
    // Every scroll bar and list box in the tree has a name.
    let nameless: Vec<String> = h
        .query_all(egui_kittest::kittest::by().predicate(|n| {
            matches!(n.role(), Role::ScrollBar | Role::ListBox)
                && n.label().is_none_or(|l| l.trim().is_empty())
        }))
        .map(|n| format!("{:?}", n.accesskit_node().role()))
        .collect();
    assert!(nameless.is_empty(), "{nameless:?}");
}
