//! Fuzz target: decoding any bytes as any input vnplan reads (text in every encoding, docx,
//! PDF). The first byte picks the encoding to force (or detection) and the name the input
//! goes by (its extension decides docx and PDF when the magic bytes do not); the rest is the
//! file. Decoding must return text or an error, never panic where the caller sees it: the PDF
//! reader catches a panic of the PDF parser and makes it an error, so libFuzzer's hook (abort
//! on any panic) gives way to the default one; a panic that escapes still fails the run.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::Once;
use vnplan::input::{decode, decode_keeping_layout, Encoding};

static DEFAULT_PANIC_HOOK: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    DEFAULT_PANIC_HOOK.call_once(|| drop(std::panic::take_hook()));
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let forced = Encoding::ALL.get(usize::from(first % 16)).copied();
    let name = ["a.txt", "a.docx", "a.pdf", "a"][usize::from(first >> 6)];
    let hint = Some(std::path::Path::new(name));
    if let Ok(d) = decode(bytes, hint, forced) {
        assert!(!d.text.trim().is_empty(), "decoded text without text");
        assert!(!d.text.contains('\r'), "decode keeps a carriage return");
    }
    let _ = decode_keeping_layout(bytes, hint, forced);
});
