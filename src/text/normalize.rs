//! Normal forms of text: NFC with the repairs Vietnamese legacy text needs, folding (all marks
//! off, `đ` → `d`), and stripping only the tone.
//!
//! Input arrives from many converters. Windows-1258 text is *decomposed*: a base letter (or a
//! base with circumflex, breve or horn) followed by a combining tone mark, sometimes the
//! deprecated U+0340/U+0341 marks, sometimes with the tone *before* the shape mark (`e` + ◌́ +
//! ◌̂), which plain NFC cannot compose into `ế` because both marks have combining class 230.
//! [`nfc`] puts shape marks before tone marks inside each cluster, then composes. Everything
//! downstream may assume NFC.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use super::letters::{self, Tone};

/// Combining marks that change a letter's shape: circumflex, breve, horn.
fn is_shape_mark(c: char) -> bool {
    matches!(c, '\u{302}' | '\u{306}' | '\u{31b}')
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}')
}

/// Whether `s` holds combining marks or the eth look-alikes of `Đ`: the only things [`nfc`]
/// changes in a word made of Vietnamese letters. A cheaper test than [`needs_nfc`] for
/// callers that reject any other character anyway.
pub fn has_marks_to_repair(s: &str) -> bool {
    !s.is_ascii()
        && s.chars()
            .any(|c| is_combining(c) || c == '\u{d0}' || c == '\u{f0}')
}

/// Whether [`nfc`] would change `s`. Cheap for ASCII and for precomposed Vietnamese.
pub fn needs_nfc(s: &str) -> bool {
    if s.is_ascii() {
        return false;
    }
    if s.chars()
        .any(|c| is_combining(c) || c == '\u{d0}' || c == '\u{f0}')
    {
        return true;
    }
    is_nfc_quick(s.chars()) != IsNormalized::Yes
}

/// NFC, with the legacy repairs: shape marks before tone marks in every cluster (so decomposed
/// Windows-1258 text in any mark order composes), and the look-alike `Ð`/`ð` (eth) that old
/// fonts and converters used for `Đ`/`đ` replaced.
pub fn nfc(s: &str) -> String {
    if !needs_nfc(s) {
        return s.to_string();
    }
    let mut fixed = String::with_capacity(s.len());
    let mut marks: Vec<char> = Vec::new();
    let flush = |fixed: &mut String, marks: &mut Vec<char>| {
        // Stable: the order among tone marks (and among shape marks) is kept.
        marks.sort_by_key(|&m| !is_shape_mark(m));
        fixed.extend(marks.drain(..));
    };
    // Decompose first so the marks of precomposed letters take part in the reordering too
    // (that also makes `nfc` idempotent).
    for c in s.nfd() {
        if is_combining(c) {
            marks.push(c);
            continue;
        }
        flush(&mut fixed, &mut marks);
        fixed.push(match c {
            '\u{d0}' => 'Đ',
            '\u{f0}' => 'đ',
            c => c,
        });
    }
    flush(&mut fixed, &mut marks);
    fixed.nfc().collect()
}

/// Every mark off, case kept: `Quyết định` → `Quyet dinh`, `Đ` → `D`. Non-Vietnamese letters
/// lose their marks too (`é`, `ç`, `ñ`), so folded text is plain Latin where it was Latin.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out, false);
    out
}

/// [`fold`] and lower case: the key under which accent-stripped text is looked up.
pub fn fold_lower(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out, true);
    out
}

fn fold_into(s: &str, out: &mut String, lower: bool) {
    for c in s.chars() {
        if c.is_ascii() {
            out.push(if lower { c.to_ascii_lowercase() } else { c });
            continue;
        }
        if let Some(b) = letters::bare(c) {
            out.push(if lower { b.to_ascii_lowercase() } else { b });
            continue;
        }
        if is_combining(c) {
            continue;
        }
        let mapped = match c {
            '\u{d0}' => 'D',
            '\u{f0}' => 'd',
            c => c,
        };
        let mut push = |d: char| {
            if !is_combining(d) {
                if lower {
                    out.extend(d.to_lowercase());
                } else {
                    out.push(d);
                }
            }
        };
        unicode_normalization::char::decompose_canonical(mapped, &mut push);
    }
}

/// Only the tone marks off: `Quyết` → `Quyêt`; `ă â ê ô ơ ư đ` stay.
pub fn strip_tone(s: &str) -> String {
    let nfc;
    let s = if needs_nfc(s) {
        nfc = self::nfc(s);
        nfc.as_str()
    } else {
        s
    };
    // A tone mark left over after NFC (a second one on a toned vowel) goes too.
    let out: String = s
        .chars()
        .filter(|&c| Tone::from_combining_mark(c).is_none())
        .map(letters::without_tone)
        .collect();
    // Removing a tone can free a stray mark to compose (`ẹ` + ◌̆ → `e` + ◌̆ → `ĕ`).
    if needs_nfc(&out) {
        self::nfc(&out)
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_composes_decomposed_input_in_any_mark_order() {
        let cases = [
            ("e\u{302}\u{301}", "ế"),
            ("e\u{301}\u{302}", "ế"),
            ("u\u{31b}\u{303}", "ữ"),
            ("u\u{303}\u{31b}", "ữ"),
            ("o\u{323}\u{31b}", "ợ"),
            ("a\u{306}\u{309}", "ẳ"),
            ("a\u{309}\u{306}", "ẳ"),
            ("A\u{302}\u{323}", "Ậ"),
            ("a\u{341}", "á"),
            ("Quye\u{301}\u{302}t", "Quyết"),
            ("\u{d0}a\u{300}", "Đà"),
            ("plain ascii", "plain ascii"),
            ("người", "người"),
        ];
        for (input, want) in cases {
            assert_eq!(nfc(input), want, "{input:?}");
        }
    }

    #[test]
    fn fold_strips_every_mark() {
        let cases = [
            ("Quyết định", "Quyet dinh", "quyet dinh"),
            ("ĐỒNG THÁP", "DONG THAP", "dong thap"),
            ("Người", "Nguoi", "nguoi"),
            ("café ñ", "cafe n", "cafe n"),
            ("ngu\u{31b}\u{300}o\u{31b}i", "nguoi", "nguoi"),
            ("s6 & ¢", "s6 & ¢", "s6 & ¢"),
        ];
        for (input, folded, lower) in cases {
            assert_eq!(fold(input), folded);
            assert_eq!(fold_lower(input), lower);
        }
    }

    #[test]
    fn strip_tone_keeps_shape() {
        assert_eq!(strip_tone("Quyết định"), "Quyêt đinh");
        assert_eq!(strip_tone("NGƯỜI"), "NGƯƠI");
        assert_eq!(strip_tone("e\u{301}\u{302}"), "ê");
    }
}
