//! VNI-Windows, the encoding of the `VNI-Times` family of fonts.
//!
//! VNI writes a marked vowel as the ASCII base letter followed by one "mark byte" that the
//! font draws as the accent: `Vieät` = V i e + `ä` (circumflex and dot below). A few letters
//! have a single byte of their own: đ, ơ, ư and the toned forms of i and ỵ. Mark bytes come
//! in a lower- and an upper-case form (`ä`/`Ä`) to match the base letter's case. The bytes
//! are the Windows-1252 code points of the glyphs the font replaces, so the same table also
//! reads VNI text that was pasted into a Unicode document (`Vieät Nam` in UTF-8).
//!
//! The table was written from the published VNI-Windows chart.

use super::marks::{self, Shape, ToneMark};

/// What a non-ASCII byte means in VNI.
#[derive(Debug, Clone, Copy)]
enum Piece {
    /// A letter of its own.
    Letter(char),
    /// Marks for the preceding vowel.
    Marks(Option<Shape>, Option<ToneMark>),
}

/// (lower-case byte, meaning); the upper-case byte is 0x20 lower.
const TABLE: [(u8, Piece); 26] = {
    use Piece::{Letter as L, Marks as M};
    use Shape::{Breve as B, Circumflex as C};
    use ToneMark::*;
    [
        (0xE0, M(Some(C), Some(Grave))),
        (0xE1, M(Some(C), Some(Acute))),
        (0xE2, M(Some(C), None)),
        (0xE3, M(Some(C), Some(Tilde))),
        (0xE4, M(Some(C), Some(Dot))),
        (0xE5, M(Some(C), Some(Hook))),
        (0xE6, L('ỉ')),
        (0xE8, M(Some(B), Some(Grave))),
        (0xE9, M(Some(B), Some(Acute))),
        (0xEA, M(Some(B), None)),
        (0xEB, M(Some(B), Some(Dot))),
        (0xEC, L('ì')),
        (0xED, L('í')),
        (0xEE, L('ỵ')),
        (0xEF, M(None, Some(Dot))),
        (0xF1, L('đ')),
        (0xF2, L('ị')),
        (0xF3, L('ĩ')),
        (0xF4, L('ơ')),
        (0xF5, M(None, Some(Tilde))),
        (0xF6, L('ư')),
        (0xF8, M(None, Some(Grave))),
        (0xF9, M(None, Some(Acute))),
        (0xFA, M(Some(B), Some(Hook))),
        (0xFB, M(None, Some(Hook))),
        (0xFC, M(Some(B), Some(Tilde))),
    ]
};

fn piece(byte: u8) -> Option<Piece> {
    let (lower, upper) = if byte >= 0xE0 {
        (byte, false)
    } else {
        (byte.checked_add(0x20)?, true)
    };
    let (_, p) = TABLE.iter().find(|&&(b, _)| b == lower)?;
    Some(match *p {
        Piece::Letter(c) if upper => Piece::Letter(c.to_uppercase().next().unwrap_or(c)),
        other => other,
    })
}

/// The Windows-1252 character of a byte (the glyph a non-VNI font would show).
fn cp1252(byte: u8) -> char {
    let b = [byte];
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&b);
    text.chars().next().unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// Decodes VNI bytes. Never fails: a mark byte with no vowel before it reads as its
/// Windows-1252 glyph.
pub fn decode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 4);
    for &b in bytes {
        if b.is_ascii() {
            out.push(char::from(b));
            continue;
        }
        match piece(b) {
            Some(Piece::Letter(c)) => out.push(c),
            Some(Piece::Marks(shape, tone)) => {
                let applied = out.chars().next_back().and_then(|prev| {
                    let shape_ok = shape.is_none_or(|s| marks::takes_shape(prev, s));
                    let tone_ok = tone.is_none() || marks::takes_tone(prev);
                    (shape_ok && tone_ok).then(|| marks::compose(prev, shape, tone))
                });
                match applied {
                    Some(c) => {
                        out.pop();
                        out.push(c);
                    }
                    None => out.push(cp1252(b)),
                }
            }
            None => out.push(cp1252(b)),
        }
    }
    out
}

/// Decodes text whose characters are VNI glyphs (VNI text pasted into a Unicode document),
/// or `None` when a character has no Windows-1252 byte.
pub fn decode_glyphs(text: &str) -> Option<String> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    (!unmappable).then(|| decode(&bytes))
}

/// The byte for a meaning, in the case of `upper`.
fn byte_for(p: impl Fn(&Piece) -> bool, upper: bool) -> Option<u8> {
    let (b, _) = TABLE.iter().find(|(_, piece)| p(piece))?;
    Some(if upper { b - 0x20 } else { *b })
}

/// Encodes NFC text as VNI-Windows; characters VNI cannot hold become `?`.
pub fn encode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + text.len() / 4);
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        let upper = c.is_uppercase();
        let lower = c.to_lowercase().next().unwrap_or(c);
        // Letters with a byte of their own (đ ơ ư ì í ỉ ĩ ị ỵ).
        if let Some(b) = byte_for(|p| matches!(p, Piece::Letter(l) if *l == lower), upper) {
            out.push(b);
            continue;
        }
        let Some(letter) = marks::split(c) else {
            out.push(b'?');
            continue;
        };
        // ơ and ư with a tone: the horn letter's own byte, then the tone.
        let (shape, base_byte) = match letter.shape {
            Some(Shape::Horn) => {
                let horned = marks::compose(letter.base, Some(Shape::Horn), None);
                let own = horned.to_lowercase().next().unwrap_or(horned);
                match byte_for(|p| matches!(p, Piece::Letter(l) if *l == own), upper) {
                    Some(b) => (None, b),
                    None => {
                        out.push(b'?');
                        continue;
                    }
                }
            }
            other => (other, letter.base as u8),
        };
        out.push(base_byte);
        if shape.is_some() || letter.tone.is_some() {
            let want = Piece::Marks(shape, letter.tone);
            let mark = byte_for(
                |p| matches!((p, want), (Piece::Marks(s1, t1), Piece::Marks(s2, t2)) if *s1 == s2 && *t1 == t2),
                upper,
            );
            out.push(mark.unwrap_or(b'?'));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_words() {
        let cases: [(&[u8], &str); 5] = [
            (b"Vie\xe4t Nam", "Việt Nam"),
            (b"Quye\xe1t \xf1\xf2nh", "Quyết định"),
            (b"\xf1\xf6\xf4\xefc", "được"),
            (b"VIE\xc4T NAM", "VIỆT NAM"),
            (b"\xd1A\xcfI HO\xc4I", "ĐẠI HỘI"),
        ];
        for (bytes, text) in cases {
            assert_eq!(decode(bytes), text);
        }
    }

    #[test]
    fn round_trip() {
        let text = "Ủy ban nhân dân tỉnh: Kế hoạch tổ chức phong trào thi đua “Chuyển đổi số” giai đoạn 2021–2025; THƯỞNG, khuyến khích, ỹ ỵ ĩ";
        let round = decode(&encode(text));
        // “ ” and – exist in Windows-1252 but not in VNI's ASCII half: they come back as `?`.
        assert_eq!(round.replace('?', ""), text.replace(['“', '”', '–'], ""));
    }

    #[test]
    fn pasted_glyphs() {
        assert_eq!(decode_glyphs("Vieät Nam").as_deref(), Some("Việt Nam"));
    }

    #[test]
    fn stray_mark_byte_is_its_glyph() {
        assert_eq!(decode(b"\xe4"), "ä");
        assert_eq!(decode(b"b\xf9"), "bù");
    }
}
