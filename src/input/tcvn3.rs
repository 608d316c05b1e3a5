//! TCVN3 (the "ABC" code of TCVN 5712:1993, VN3 set), the one-byte encoding behind the
//! `.VnTime` / `.VnArial` fonts that most Vietnamese offices used before Unicode.
//!
//! VN3 keeps ASCII in 0x00–0x7F and puts the lower-case Vietnamese letters, plus the seven
//! upper-case letters with a shape mark (Ă Â Ê Ô Ơ Ư Đ), in 0xA1–0xFE. Upper-case letters
//! with a tone have no code of their own: documents set them in the companion capital font
//! (`.VnTimeH`) with the lower-case code, so the bytes cannot tell them apart and we decode
//! them in lower case. Bytes VN3 leaves unassigned decode as the Latin-1 character of the
//! same value, which keeps the text readable and lets detection count them as foreign.
//!
//! The table below was written from the published TCVN 5712:1993 VN3 chart.

/// (byte, character) for every byte ≥ 0x80 that VN3 assigns.
const TABLE: [(u8, char); 74] = [
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
    (0xA8, 'ă'),
    (0xA9, 'â'),
    (0xAA, 'ê'),
    (0xAB, 'ô'),
    (0xAC, 'ơ'),
    (0xAD, 'ư'),
    (0xAE, 'đ'),
    (0xB5, 'à'),
    (0xB6, 'ả'),
    (0xB7, 'ã'),
    (0xB8, 'á'),
    (0xB9, 'ạ'),
    (0xBB, 'ằ'),
    (0xBC, 'ẳ'),
    (0xBD, 'ẵ'),
    (0xBE, 'ắ'),
    (0xC6, 'ặ'),
    (0xC7, 'ầ'),
    (0xC8, 'ẩ'),
    (0xC9, 'ẫ'),
    (0xCA, 'ấ'),
    (0xCB, 'ậ'),
    (0xCC, 'è'),
    (0xCE, 'ẻ'),
    (0xCF, 'ẽ'),
    (0xD0, 'é'),
    (0xD1, 'ẹ'),
    (0xD2, 'ề'),
    (0xD3, 'ể'),
    (0xD4, 'ễ'),
    (0xD5, 'ế'),
    (0xD6, 'ệ'),
    (0xD7, 'ì'),
    (0xD8, 'ỉ'),
    (0xDC, 'ĩ'),
    (0xDD, 'í'),
    (0xDE, 'ị'),
    (0xDF, 'ò'),
    (0xE1, 'ỏ'),
    (0xE2, 'õ'),
    (0xE3, 'ó'),
    (0xE4, 'ọ'),
    (0xE5, 'ồ'),
    (0xE6, 'ổ'),
    (0xE7, 'ỗ'),
    (0xE8, 'ố'),
    (0xE9, 'ộ'),
    (0xEA, 'ờ'),
    (0xEB, 'ở'),
    (0xEC, 'ỡ'),
    (0xED, 'ớ'),
    (0xEE, 'ợ'),
    (0xEF, 'ù'),
    (0xF1, 'ủ'),
    (0xF2, 'ũ'),
    (0xF3, 'ú'),
    (0xF4, 'ụ'),
    (0xF5, 'ừ'),
    (0xF6, 'ử'),
    (0xF7, 'ữ'),
    (0xF8, 'ứ'),
    (0xF9, 'ự'),
    (0xFA, 'ỳ'),
    (0xFB, 'ỷ'),
    (0xFC, 'ỹ'),
    (0xFD, 'ý'),
    (0xFE, 'ỵ'),
];

/// The character of each byte.
fn decode_table() -> [char; 256] {
    let mut table = [char::REPLACEMENT_CHARACTER; 256];
    for (b, slot) in table.iter_mut().enumerate() {
        // Unassigned bytes read as Latin-1 (a byte < 0x100 is always a valid char).
        *slot = char::from(b as u8);
    }
    for &(b, c) in TABLE.iter() {
        table[b as usize] = c;
    }
    table
}

/// Decodes TCVN3 bytes. Never fails: every byte has a character.
pub fn decode(bytes: &[u8]) -> String {
    let table = decode_table();
    bytes.iter().map(|&b| table[b as usize]).collect()
}

/// Whether `byte` is one VN3 assigns to a Vietnamese letter (used by detection).
pub fn is_letter_byte(byte: u8) -> bool {
    TABLE.iter().any(|&(b, _)| b == byte)
}

/// Encodes NFC text as TCVN3. Upper-case letters with a tone are written with their
/// lower-case code (as in `.VnTimeH` documents); characters VN3 cannot hold become `?`.
pub fn encode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        let code = TABLE
            .iter()
            .find(|&&(_, t)| t == c)
            .or_else(|| {
                // Upper case with a tone: the capital font reuses the lower-case code.
                let lower = c.to_lowercase().next()?;
                TABLE.iter().find(|&&(_, t)| t == lower)
            })
            .map(|&(b, _)| b);
        out.push(code.unwrap_or(b'?'));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_distinct() {
        for w in TABLE.windows(2) {
            assert!(w[0].0 < w[1].0, "{:#x} {:#x}", w[0].0, w[1].0);
        }
        let mut chars: Vec<char> = TABLE.iter().map(|&(_, c)| c).collect();
        chars.sort_unstable();
        chars.dedup();
        assert_eq!(chars.len(), TABLE.len());
    }

    #[test]
    fn known_words() {
        // "Ninh B×nh" is the classic TCVN3 text read as Latin-1.
        assert_eq!(decode(b"Ninh B\xd7nh"), "Ninh Bình");
        assert_eq!(decode(b"Vi\xd6t Nam"), "Việt Nam");
        assert_eq!(decode(b"\xa7\xb5 N\xb5ng"), "Đà Nàng");
    }

    #[test]
    fn round_trip_lower_case() {
        let text = "quyết định thành lập ban thi đua khen thưởng, ủy ban nhân dân tỉnh";
        assert_eq!(decode(&encode(text)), text);
    }

    #[test]
    fn capitals_with_tone_fold_to_lower_case() {
        assert_eq!(decode(&encode("KẾ HOẠCH")), "Kế HOạCH");
    }
}
