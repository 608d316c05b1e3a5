//! Encoding detection: decode a sample of the bytes in each plausible encoding and keep the
//! reading in which most words are Vietnamese syllables.
//!
//! Byte-level evidence settles the easy cases first (BOMs, the NUL pattern of UTF-16, NULs
//! and control bytes of binary files). Valid UTF-8 is taken as UTF-8 unless its characters
//! are all Windows-1252 glyphs that read far better as VNI or TCVN3 (legacy text pasted into
//! a Unicode document), or it is ASCII carrying VIQR marks. Bytes that are not UTF-8 are
//! scored as Windows-1258, TCVN3 and VNI; when no reading reaches [`MIN_SCORE`] the encoding
//! is reported as unknown rather than guessed.

use super::{cp1258, tcvn3, viqr, vni, Encoding};

/// How many bytes of the input detection looks at: enough for thousands of words, little
/// enough that a 100 MB file costs no more than a small one.
pub const SAMPLE_BYTES: usize = 64 * 1024;

/// The least share of syllables a legacy reading needs to be believed.
pub const MIN_SCORE: f64 = 0.5;

/// The outcome of looking at the bytes.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// The bytes are in this encoding.
    Encoding(Encoding),
    /// UTF-8 with a few invalid bytes (their share of the sample is given).
    DamagedUtf8(f64),
    /// Not text: the reason.
    Binary(String),
    /// No reading convinced: the readings tried, with their scores.
    Unknown(Vec<(Encoding, f64)>),
}

/// Whether a word reads as one Vietnamese syllable.
fn is_syllable(word: &str) -> bool {
    crate::text::is_syllable(word)
}

/// Share of the words of `text` (runs of letters) that are Vietnamese syllables, and the
/// number of words seen. Words are cut at anything that is not a letter, so `s6` or `Quy&`
/// count as the letters they hold.
pub fn score(text: &str) -> (f64, usize) {
    let mut words = 0usize;
    let mut good = 0usize;
    for word in text.split(|c: char| !c.is_alphabetic()) {
        if word.is_empty() {
            continue;
        }
        words += 1;
        if is_syllable(word) {
            good += 1;
        }
    }
    if words == 0 {
        (0.0, 0)
    } else {
        (good as f64 / words as f64, words)
    }
}

/// The UTF-16 byte order suggested by NULs: ASCII-heavy UTF-16 has a NUL in every other byte.
pub fn utf16_by_nuls(sample: &[u8]) -> Option<Encoding> {
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let (even, odd) = (even as f64 / pairs as f64, odd as f64 / pairs as f64);
    if odd >= 0.2 && even <= 0.02 {
        Some(Encoding::Utf16Le)
    } else if even >= 0.2 && odd <= 0.02 {
        Some(Encoding::Utf16Be)
    } else {
        None
    }
}

/// Why a sample is not text, if it is not.
fn binary_reason(sample: &[u8]) -> Option<String> {
    if sample.contains(&0) {
        return Some("binary data (NUL bytes)".into());
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1a))
        .count();
    if controls * 100 > sample.len() {
        return Some(format!(
            "binary data ({controls} control bytes in the first {} bytes)",
            sample.len()
        ));
    }
    None
}

/// The longest prefix of `sample` that does not cut a UTF-8 sequence.
fn utf8_prefix(sample: &[u8]) -> &[u8] {
    match std::str::from_utf8(sample) {
        Ok(_) => sample,
        Err(e) if e.error_len().is_none() => &sample[..e.valid_up_to()],
        Err(_) => sample,
    }
}

/// Looks at the bytes and says what they are.
pub fn detect(bytes: &[u8]) -> Verdict {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Verdict::Encoding(Encoding::Utf8);
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Verdict::Encoding(Encoding::Utf16Le);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Verdict::Encoding(Encoding::Utf16Be);
    }
    let sample = &bytes[..bytes.len().min(SAMPLE_BYTES)];
    if let Some(e) = utf16_by_nuls(&sample[..sample.len().min(4096)]) {
        return Verdict::Encoding(e);
    }
    if let Some(reason) = binary_reason(sample) {
        return Verdict::Binary(reason);
    }
    let head = utf8_prefix(sample);
    match std::str::from_utf8(head) {
        Ok(text) => Verdict::Encoding(detect_in_unicode(text)),
        Err(_) => detect_legacy(sample),
    }
}

/// Valid UTF-8: UTF-8 itself, or VIQR, or legacy glyphs pasted into Unicode.
fn detect_in_unicode(text: &str) -> Encoding {
    let (plain, words) = score(text);
    // VIQR is ASCII letters (quotes and dashes around them may be typographic).
    if !text.chars().any(|c| c.is_alphabetic() && !c.is_ascii()) {
        let marks = viqr::mark_count(text);
        if marks >= 3 && marks * 20 >= words {
            let (as_viqr, _) = score(&viqr::decode(text));
            if as_viqr + 0.02 >= plain {
                return Encoding::Viqr;
            }
        }
    }
    if text.is_ascii() {
        return Encoding::Utf8;
    }
    // Only Windows-1252 glyphs: maybe VNI or TCVN3 text that lost its font.
    let mut best = (Encoding::Utf8, plain);
    if let Some(t) = vni::decode_glyphs(text) {
        let s = score(&t).0;
        if s > best.1 + 0.15 {
            best = (Encoding::VniGlyphs, s);
        }
    }
    if let Some(t) = latin1_bytes(text).map(|b| tcvn3::decode(&b)) {
        let s = score(&t).0;
        if s > best.1 + 0.15 {
            best = (Encoding::Tcvn3Glyphs, s);
        }
    }
    best.0
}

/// The bytes of text whose characters are all Latin-1, or `None`.
pub fn latin1_bytes(text: &str) -> Option<Vec<u8>> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect()
}

/// Bytes that are not UTF-8: score the one-byte encodings.
fn detect_legacy(sample: &[u8]) -> Verdict {
    let readings = [
        (Encoding::Windows1258, cp1258::decode(sample)),
        (Encoding::Tcvn3, tcvn3::decode(sample)),
        (Encoding::Vni, vni::decode(sample)),
    ];
    let mut tried: Vec<(Encoding, f64)> = readings.iter().map(|(e, t)| (*e, score(t).0)).collect();
    // Mostly UTF-8 with a few broken bytes reads best as UTF-8, with a warning.
    let invalid = invalid_utf8_share(sample);
    if invalid < 0.01 {
        return Verdict::DamagedUtf8(invalid);
    }
    tried.sort_by(|a, b| b.1.total_cmp(&a.1));
    match tried.first() {
        Some(&(e, s)) if s >= MIN_SCORE => Verdict::Encoding(e),
        _ => Verdict::Unknown(tried),
    }
}

/// Share of the bytes of `sample` that are not part of a valid UTF-8 sequence.
fn invalid_utf8_share(sample: &[u8]) -> f64 {
    let mut rest = sample;
    let mut invalid = 0usize;
    loop {
        match std::str::from_utf8(rest) {
            Ok(_) => break,
            Err(e) => match e.error_len() {
                Some(n) => {
                    invalid += n;
                    rest = &rest[e.valid_up_to() + n..];
                }
                None => break,
            },
        }
    }
    invalid as f64 / sample.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENTENCE: &str = "Ủy ban nhân dân tỉnh ban hành Kế hoạch tổ chức phong trào thi đua \
        “Chuyển đổi số” giai đoạn 2021 - 2025 trên địa bàn tỉnh như sau: mục đích, yêu cầu, \
        nội dung thi đua, hình thức khen thưởng và tổ chức thực hiện.";

    #[test]
    fn legacy_bytes_are_told_apart() {
        let cases = [
            (Encoding::Tcvn3, tcvn3::encode(SENTENCE)),
            (Encoding::Vni, vni::encode(SENTENCE)),
            (Encoding::Windows1258, cp1258::encode(SENTENCE)),
        ];
        for (want, bytes) in cases {
            assert_eq!(detect(&bytes), Verdict::Encoding(want));
        }
    }

    #[test]
    fn unicode_cases() {
        assert_eq!(
            detect(SENTENCE.as_bytes()),
            Verdict::Encoding(Encoding::Utf8)
        );
        let v = viqr::encode(SENTENCE);
        assert_eq!(detect(v.as_bytes()), Verdict::Encoding(Encoding::Viqr));
        let ocr = "Thue hién Nghi quyét s6 06-NQ/TU ngay 26/3/2021 ctia Ban Chap hanh";
        assert_eq!(detect(ocr.as_bytes()), Verdict::Encoding(Encoding::Utf8));
        let pasted: String = vni::encode(SENTENCE)
            .iter()
            .map(|&b| char::from(b))
            .collect();
        assert_eq!(
            detect(pasted.as_bytes()),
            Verdict::Encoding(Encoding::VniGlyphs)
        );
    }

    #[test]
    fn binary_and_unknown() {
        assert!(matches!(
            detect(b"\x7fELF\x02\x01\x01\0\0\0"),
            Verdict::Binary(_)
        ));
        let noise: Vec<u8> = (0..2000u32).map(|i| (128 + (i * 37) % 128) as u8).collect();
        assert!(matches!(detect(&noise), Verdict::Unknown(_)));
    }

    #[test]
    fn utf16_nul_pattern() {
        let le: Vec<u8> = "Kế hoạch"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(utf16_by_nuls(&le), Some(Encoding::Utf16Le));
        let be: Vec<u8> = "Kế hoạch"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(utf16_by_nuls(&be), Some(Encoding::Utf16Be));
    }
}
