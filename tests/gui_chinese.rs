//! The window in Simplified Chinese, driven like `gui_flow.rs` (egui_kittest over AccessKit):
//! the language is switched in the window, and controls are then found by their Chinese labels
//! and roles. egui_kittest panics on a character no installed font can draw, so every text these
//! pages show is also proven to have glyphs (no boxes).

use byok_wizard::gui::file_picker::FixedPicker;
use byok_wizard::gui::WizardApp;
use byok_wizard::wizard::{Language, Step};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use egui_kittest::Harness;

mod common;
use common::gui::*;

#[test]
fn switching_to_chinese_in_the_window_and_walking_steps_1_to_3() {
    let picker = FixedPicker::new();
    let mut h = harness_in(&picker, Language::English);
    h.run();
    h.get_by_role_and_label(Role::Button, "Next");

    // The settings menu says "Language" in both languages; inside, each language is named in
    // itself and the group says in words what it is.
    h.get_by_role_and_label(Role::Button, "Settings · Language · 语言")
        .click();
    h.run();
    h.get_by_label("Language of the window");
    click(&mut h, Role::RadioButton, "简体中文");
    assert!(
        h.query_by_label("Language of the window").is_none(),
        "the menu closes once a language is chosen"
    );
    h.get_by_role_and_label(Role::Button, "设置 · 语言 · Language");
    assert_eq!(h.state().language(), Language::SimplifiedChinese);
    assert_eq!(
        h.state().wizard().prefs().language,
        Some(Language::SimplifiedChinese),
        "remembered in the preferences"
    );
    assert!(h.query_by_role_and_label(Role::Button, "Next").is_none());

    // Step 1 in Chinese: heading, step list, every kind of control by its Chinese name.
    h.get_by_label("BYOK 向导");
    h.get_by_label("第 1 步（共 5 步）：云平台与密钥");
    h.get_by_label_contains("2. 封装公钥与令牌");
    h.get_by_role_and_label(Role::CheckBox, "练习模式（离线演练）");
    h.get_by_role_and_label(Role::ComboBox, "密钥规格");
    h.get_by_label("AES 256 位对称密钥（32 个原始字节）");
    h.get_by_role_and_label(Role::RadioButton, "RSAES_OAEP_SHA_256  （推荐）");
    h.get_by_role_and_label(Role::TextInput, "密钥 ID（可选）");
    h.get_by_role_and_label(Role::Button, "重新开始");
    h.get_by_role_and_label(Role::Button, "设置 · 语言 · Language")
        .click();
    h.run();
    h.get_by_role_and_label(Role::RadioButton, "跟随系统主题");
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h
        .query_by_role_and_label(Role::RadioButton, "跟随系统主题")
        .is_none());
    assert!(!is_enabled(&h, Role::Button, "上一步"));
    click(&mut h, Role::RadioButton, "阿里云 KMS");
    assert_eq!(
        h.state().wizard().inputs().provider,
        byok_wizard::core::catalog::Provider::Alibaba
    );
    click(&mut h, Role::Button, "下一步");
    assert_eq!(step(&h), Step::WrappingKey);

    // Step 2: the file field's buttons carry Chinese accessible names; Next says why it waits.
    h.get_by_label("第 2 步（共 5 步）：封装公钥与令牌");
    h.get_by_label_contains("阿里云 KMS 签发 RSA-2048");
    h.get_by_role_and_label(Role::TextInput, "封装公钥");
    h.get_by_role_and_label(Role::TextInput, "导入令牌");
    h.get_by_role_and_label(Role::Button, "粘贴封装公钥");
    assert!(!is_enabled(&h, Role::Button, "加载封装公钥"));
    assert!(!is_enabled(&h, Role::Button, "下一步"));
    h.get_by_label("请先加载封装公钥（或获取导入参数的 JSON）。");

    // A wrong file: the problem box in Chinese, the core's details in English under it.
    picker.answer(data("token.b64"));
    click(&mut h, Role::Button, "浏览选择封装公钥");
    assert_eq!(
        picker.asked().last().unwrap().title,
        "选择封装公钥或获取导入参数的 JSON",
        "the file dialog's title is in Chinese too"
    );
    h.get_by_label("无法使用该封装公钥");
    h.get_by_label("可能的原因：");
    h.get_by_label_contains("该文件不是封装公钥");
    h.get_by_label_contains("处理建议：");
    h.get_by_label("详细信息（英文）");
    h.get_by_label("封装公钥无法使用，请查看上方的问题说明。");

    picker.answer(data("wrap_rsa2048.pub.pem"));
    click(&mut h, Role::Button, "浏览选择封装公钥");
    h.get_by_label("已加载封装公钥");
    h.get_by_label("RSA-2048 公钥（PEM SubjectPublicKeyInfo）");
    h.get_by_label_contains("尚无导入令牌");
    h.get_by_label_contains("未知：密钥文件不带有效期");
    assert!(is_enabled(&h, Role::Button, "下一步"));
    click(&mut h, Role::Button, "下一步");
    assert_eq!(step(&h), Step::KeyMaterial);

    // Step 3: Generate asks for a backup or "I keep my own copy", in Chinese.
    h.get_by_label("第 3 步（共 5 步）：密钥材料");
    h.get_by_role_and_label(Role::RadioButton, "在本机生成");
    h.get_by_label_contains("随机的 32 个字节（AES_256）");
    h.get_by_role_and_label(Role::PasswordInput, "备份口令");
    h.get_by_role_and_label(Role::Button, "浏览选择备份文件");
    h.get_by_label("请写入加密备份，或勾选“我自行保管副本”：云平台永远不会交还密钥材料。");
    click(&mut h, Role::CheckBox, "我自行保管副本");
    assert!(is_enabled(&h, Role::Button, "下一步"));
    click(&mut h, Role::Button, "下一步");
    assert_eq!(step(&h), Step::Wrap);
    h.get_by_label("第 4 步（共 5 步）：封装");
    h.get_by_role_and_label(Role::Button, "封装");
    h.get_by_label("生成随机的 32 个字节（AES_256）");

    // And back to English, from any page.
    settings(&mut h, "English");
    assert_eq!(h.state().language(), Language::English);
    h.get_by_label("Step 4 of 5 — Wrap");
    h.get_by_role_and_label(Role::Button, "Back");
}

#[test]
fn the_remembered_language_wins_over_the_system_locale() {
    use eframe::App as _;
    // Saved preferences with Chinese chosen: a new window opens in Chinese.
    #[derive(Default)]
    struct Memory(std::collections::BTreeMap<String, String>);
    impl eframe::Storage for Memory {
        fn get_string(&self, key: &str) -> Option<String> {
            self.0.get(key).cloned()
        }
        fn set_string(&mut self, key: &str, value: String) {
            self.0.insert(key.to_owned(), value);
        }
        fn remove_string(&mut self, key: &str) {
            self.0.remove(key);
        }
        fn flush(&mut self) {}
    }
    let mut h = harness_in(&FixedPicker::new(), Language::SimplifiedChinese);
    h.run();
    let mut storage = Memory::default();
    h.state_mut().save(&mut storage);
    let saved = storage.0["byok-wizard.prefs"].clone();
    assert!(saved.contains(r#""language":"zh-CN""#), "{saved}");
    let mut h2 = Harness::builder()
        .with_size([1200.0, 1500.0])
        .build_eframe(move |cc| {
            cc.storage = Some(Box::leak(Box::new(storage)));
            WizardApp::new(cc, Box::new(FixedPicker::new()))
        });
    h2.run();
    assert_eq!(h2.state().language(), Language::SimplifiedChinese);
    h2.get_by_role_and_label(Role::Button, "下一步");
}
