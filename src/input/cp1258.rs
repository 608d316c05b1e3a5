//! Windows-1258, Microsoft's Vietnamese code page. It holds the letters with a shape mark
//! (ă â ê ô ơ ư đ) as single bytes but writes every tone as a separate combining byte after
//! the vowel, so decoded text is half decomposed and must be put through NFC.

use super::marks;

/// Decodes Windows-1258 bytes into NFC text. Never fails (every byte has a character).
pub fn decode(bytes: &[u8]) -> String {
    let (text, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes);
    // The text core's NFC also repairs tone-before-shape mark orders some converters wrote.
    crate::text::nfc(&text)
}

/// Encodes NFC text as Windows-1258, writing each tone as its combining byte as Word did;
/// characters the code page lacks become `?`.
pub fn encode(text: &str) -> Vec<u8> {
    let mut staged = String::with_capacity(text.len() + text.len() / 4);
    for c in text.chars() {
        match marks::split(c) {
            Some(letter) if letter.tone.is_some() && !c.is_ascii() => {
                // The letter with its shape but without its tone, then the tone.
                staged.push(marks::compose(letter.base, letter.shape, None));
                if let Some(t) = letter.tone {
                    staged.push(t.combining());
                }
            }
            _ => staged.push(c),
        }
    }
    let mut out = Vec::with_capacity(staged.len());
    let mut buf = [0u8; 4];
    for c in staged.chars() {
        let s = c.encode_utf8(&mut buf);
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1258.encode(s);
        if unmappable {
            out.push(b'?');
        } else {
            out.extend_from_slice(&bytes);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let text = "Kế hoạch số 105/KH-UBND: Ủy ban nhân dân thành phố, “Chuyển đổi số” – ĐẠI HỘI";
        let bytes = encode(text);
        // Tones really are separate bytes (0xD2 is the combining dot below).
        assert!(bytes.contains(&0xD2));
        assert_eq!(decode(&bytes), text);
    }
}
