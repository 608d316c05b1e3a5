//! The pieces legacy encodings build Vietnamese letters from: a base letter, an optional
//! shape mark (circumflex, breve, horn, bar) and an optional tone. VNI and VIQR write these as
//! separate characters after the base letter; decoding turns them into Unicode combining
//! marks and lets NFC compose the precomposed letter, and encoding takes a letter apart with
//! NFD.

use unicode_normalization::UnicodeNormalization;

/// A shape mark on a vowel (or the bar of đ).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Circumflex,
    Breve,
    Horn,
    Bar,
}

/// A tone mark, in the order ngang-less: sắc, huyền, hỏi, ngã, nặng.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToneMark {
    Acute,
    Grave,
    Hook,
    Tilde,
    Dot,
}

impl ToneMark {
    /// The Unicode combining character of this tone.
    pub fn combining(self) -> char {
        match self {
            ToneMark::Acute => '\u{301}',
            ToneMark::Grave => '\u{300}',
            ToneMark::Hook => '\u{309}',
            ToneMark::Tilde => '\u{303}',
            ToneMark::Dot => '\u{323}',
        }
    }

    fn from_combining(c: char) -> Option<ToneMark> {
        Some(match c {
            '\u{301}' => ToneMark::Acute,
            '\u{300}' => ToneMark::Grave,
            '\u{309}' => ToneMark::Hook,
            '\u{303}' => ToneMark::Tilde,
            '\u{323}' => ToneMark::Dot,
            _ => return None,
        })
    }
}

impl Shape {
    /// The Unicode combining character of this shape (None for the bar, which has no
    /// combining form that composes to đ).
    pub fn combining(self) -> Option<char> {
        match self {
            Shape::Circumflex => Some('\u{302}'),
            Shape::Breve => Some('\u{306}'),
            Shape::Horn => Some('\u{31B}'),
            Shape::Bar => None,
        }
    }
}

/// A Vietnamese letter taken apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Letter {
    /// The ASCII base letter, in the letter's case.
    pub base: char,
    pub shape: Option<Shape>,
    pub tone: Option<ToneMark>,
}

/// Takes a letter apart, or `None` when it is not a (possibly marked) Latin letter that
/// Vietnamese uses.
pub fn split(c: char) -> Option<Letter> {
    match c {
        'đ' => {
            return Some(Letter {
                base: 'd',
                shape: Some(Shape::Bar),
                tone: None,
            })
        }
        'Đ' => {
            return Some(Letter {
                base: 'D',
                shape: Some(Shape::Bar),
                tone: None,
            })
        }
        _ => {}
    }
    let mut parts = std::iter::once(c).nfd();
    let base = parts.next()?;
    if !base.is_ascii_alphabetic() {
        return None;
    }
    let mut letter = Letter {
        base,
        shape: None,
        tone: None,
    };
    for m in parts {
        if let Some(t) = ToneMark::from_combining(m) {
            letter.tone = Some(t);
        } else {
            letter.shape = Some(match m {
                '\u{302}' => Shape::Circumflex,
                '\u{306}' => Shape::Breve,
                '\u{31B}' => Shape::Horn,
                _ => return None,
            });
        }
    }
    Some(letter)
}

/// Whether `c` is a vowel letter (with or without marks) that can carry a tone.
pub fn is_vowel(c: char) -> bool {
    matches!(
        split(c).map(|l| l.base.to_ascii_lowercase()),
        Some('a' | 'e' | 'i' | 'o' | 'u' | 'y')
    )
}

/// Whether `shape` may sit on the vowel `c` (â ê ô ă ơ ư).
pub fn takes_shape(c: char, shape: Shape) -> bool {
    let Some(l) = split(c) else { return false };
    if l.shape.is_some() || l.tone.is_some() {
        return false;
    }
    matches!(
        (shape, l.base.to_ascii_lowercase()),
        (Shape::Circumflex, 'a' | 'e' | 'o') | (Shape::Breve, 'a') | (Shape::Horn, 'o' | 'u')
    )
}

/// Whether the vowel `c` can still take a tone.
pub fn takes_tone(c: char) -> bool {
    is_vowel(c) && split(c).is_some_and(|l| l.tone.is_none())
}

/// `c` with `shape` and/or `tone` added, composed (falls back to `c` if it does not compose).
pub fn compose(c: char, shape: Option<Shape>, tone: Option<ToneMark>) -> char {
    let mut s = String::with_capacity(8);
    s.push(c);
    if let Some(m) = shape.and_then(Shape::combining) {
        s.push(m);
    }
    if let Some(t) = tone {
        s.push(t.combining());
    }
    let mut composed = s.nfc();
    match (composed.next(), composed.next()) {
        (Some(one), None) => one,
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_and_compose_are_inverse() {
        for c in
            "aăâeêioôơuưyAĂÂEÊIOÔƠUƯYàằầèềìòồờùừỳÁẮẤÉẾÍÓỐỚÚỨÝảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹạặậẹệịọộợụựỵ"
                .chars()
        {
            let l = split(c).unwrap();
            let plain = l.base;
            assert_eq!(compose(plain, l.shape, l.tone), c, "{c}");
        }
    }

    #[test]
    fn d_bar() {
        assert_eq!(split('đ').unwrap().shape, Some(Shape::Bar));
        assert!(split('ß').is_none());
        assert!(split('1').is_none());
    }

    #[test]
    fn shape_rules() {
        assert!(takes_shape('a', Shape::Breve));
        assert!(!takes_shape('e', Shape::Breve));
        assert!(takes_shape('O', Shape::Horn));
        assert!(!takes_shape('á', Shape::Circumflex));
        assert!(takes_tone('ê'));
        assert!(!takes_tone('ế'));
        assert!(!takes_tone('b'));
    }
}
