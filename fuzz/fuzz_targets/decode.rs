//! Fuzz target: decoding any bytes as any input vnplan reads (text in every encoding, docx,
//! PDF). The first byte picks the encoding to force (or detection) and the name the input
//! goes by (its extension decides docx and PDF when the magic bytes do not); the rest is the
//! file. Decoding must return text or an error, never panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use vnplan::input::{decode, decode_keeping_layout, Encoding};

fuzz_target!(|data: &[u8]| {
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
