//! Fuzz target: restoring any text. The restorer (the shipped models) is loaded once per
//! process; each input is read as UTF-8 (invalid bytes replaced) and restored. Restoration
//! must never panic, and it keeps the layout: the same lines, the same text when the input has
//! no letters.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use vnplan::restore::Restorer;

static RESTORER: OnceLock<Restorer> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let restorer = RESTORER.get_or_init(|| Restorer::load_default().expect("shipped models"));
    let text = String::from_utf8_lossy(data);
    let restored = restorer.restore(&text);
    assert_eq!(
        restored.text.matches('\n').count(),
        text.matches('\n').count(),
        "line count changed"
    );
    if !text.chars().any(char::is_alphanumeric) {
        assert_eq!(restored.text, text, "a text without words changed");
    }
    let _ = restorer.judge(&text);
});
