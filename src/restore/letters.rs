//! Letter-level facts the channel model needs: which marks a letter carries.
//!
//! A Vietnamese letter is a base Latin letter, at most one *modifier* (circumflex `â ê ô`,
//! breve `ă`, horn `ơ ư`, stroke `đ`) and at most one *tone* (grave, acute, hook, tilde,
//! dot). OCR engines without a Vietnamese model keep some of these and drop or swap others;
//! the channel's generic rules are stated in these terms ("tone kept, modifier dropped").

use unicode_normalization::UnicodeNormalization;

/// The marks of one letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Marks {
    pub(crate) base: char,
    pub(crate) modifier: Option<char>,
    pub(crate) tone: Option<char>,
    /// Any other combining mark (OCR's `ü`, `ñ`, `ç`…).
    pub(crate) other: Option<char>,
}

const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
const MODIFIERS: [char; 3] = ['\u{302}', '\u{306}', '\u{31B}'];

/// Splits a (lower-case) letter into base and marks.
pub(crate) fn marks(c: char) -> Marks {
    if c == 'đ' {
        return Marks {
            base: 'd',
            modifier: Some('đ'),
            tone: None,
            other: None,
        };
    }
    let mut m = Marks {
        base: c,
        modifier: None,
        tone: None,
        other: None,
    };
    for (i, d) in std::iter::once(c).nfd().enumerate() {
        if i == 0 {
            m.base = d;
        } else if TONES.contains(&d) {
            m.tone = Some(d);
        } else if MODIFIERS.contains(&d) {
            m.modifier = Some(d);
        } else {
            m.other = Some(d);
        }
    }
    m
}

/// Composes a letter from base and marks (NFC).
pub(crate) fn compose(base: char, modifier: Option<char>, tone: Option<char>) -> char {
    if modifier == Some('đ') {
        return 'đ';
    }
    let mut s = String::new();
    s.push(base);
    s.extend(modifier);
    s.extend(tone);
    s.nfc().next().unwrap_or(base)
}

/// Every lower-case letter of Vietnamese, plain consonants included.
pub(crate) fn vietnamese_letters() -> Vec<char> {
    let mut out: Vec<char> = "bcdfghjklmnpqrstvwxz".chars().collect();
    out.push('đ');
    let vowels: [(char, Option<char>); 12] = [
        ('a', None),
        ('a', Some('\u{302}')),
        ('a', Some('\u{306}')),
        ('e', None),
        ('e', Some('\u{302}')),
        ('i', None),
        ('o', None),
        ('o', Some('\u{302}')),
        ('o', Some('\u{31B}')),
        ('u', None),
        ('u', Some('\u{31B}')),
        ('y', None),
    ];
    for (base, modifier) in vowels {
        out.push(compose(base, modifier, None));
        for t in TONES {
            out.push(compose(base, modifier, Some(t)));
        }
    }
    out
}

/// Letters an OCR engine for Western languages may emit: ASCII and Latin-1/Latin Extended-A
/// lower-case letters with marks.
pub(crate) fn ocr_letters() -> Vec<char> {
    let mut out: Vec<char> = ('a'..='z').collect();
    out.extend("àáâãäåèéêëìíîïòóôõöùúûüýÿñçăđơưœøæ".chars());
    out.extend(vietnamese_letters());
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether a letter carries both a modifier and a tone (`ệ ố ậ ữ`): the letters that the
/// dropped-vowel OCR engine loses entirely.
pub(crate) fn is_stacked(c: char) -> bool {
    let m = marks(c);
    m.modifier.is_some() && m.modifier != Some('đ') && m.tone.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_composes() {
        let cases = [
            ('ệ', 'e', true, true),
            ('ư', 'u', true, false),
            ('á', 'a', false, true),
            ('đ', 'd', true, false),
            ('x', 'x', false, false),
        ];
        for (c, base, has_mod, has_tone) in cases {
            let m = marks(c);
            assert_eq!(
                (m.base, m.modifier.is_some(), m.tone.is_some()),
                (base, has_mod, has_tone),
                "{c}"
            );
            assert_eq!(compose(m.base, m.modifier, m.tone), c);
        }
        assert!(is_stacked('ệ') && !is_stacked('ê') && !is_stacked('é') && !is_stacked('đ'));
        assert_eq!(vietnamese_letters().len(), 21 + 12 * 6);
    }
}
