//! The letters of Vietnamese orthography: the twelve vowel bases, the six tones, and the
//! 144 (×2 cases) precomposed vowel letters that combine them.
//!
//! Every other part of the text core asks this module "which base vowel, which tone, which
//! case is this char?" and "which char is this base with that tone?". The lookups are
//! constant tables built at compile time, indexed directly by code point, so they cost a
//! bounds check and a load: the restorer calls them for every letter of every token.

/// One of the six tones (thanh) of Vietnamese, in the order of the traditional listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Tone {
    /// ngang: no mark (`a`).
    #[default]
    Level,
    /// huyền: grave (`à`).
    Grave,
    /// sắc: acute (`á`).
    Acute,
    /// hỏi: hook above (`ả`).
    Hook,
    /// ngã: tilde (`ã`).
    Tilde,
    /// nặng: dot below (`ạ`).
    Dot,
}

impl Tone {
    /// All six tones, `Level` first.
    pub const ALL: [Tone; 6] = [
        Tone::Level,
        Tone::Grave,
        Tone::Acute,
        Tone::Hook,
        Tone::Tilde,
        Tone::Dot,
    ];

    /// The tone's position in [`Tone::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The combining character (U+0300 block) that writes this tone, `None` for `Level`.
    pub fn combining_mark(self) -> Option<char> {
        match self {
            Tone::Level => None,
            Tone::Grave => Some('\u{300}'),
            Tone::Acute => Some('\u{301}'),
            Tone::Hook => Some('\u{309}'),
            Tone::Tilde => Some('\u{303}'),
            Tone::Dot => Some('\u{323}'),
        }
    }

    /// The tone a combining mark writes, if it is one of the five tone marks (including the
    /// deprecated U+0340/U+0341 tone marks some Windows-1258 converters emit).
    pub fn from_combining_mark(c: char) -> Option<Tone> {
        match c {
            '\u{300}' | '\u{340}' => Some(Tone::Grave),
            '\u{301}' | '\u{341}' => Some(Tone::Acute),
            '\u{309}' => Some(Tone::Hook),
            '\u{303}' => Some(Tone::Tilde),
            '\u{323}' => Some(Tone::Dot),
            _ => None,
        }
    }

    /// Only sắc and nặng may stand before a stop coda (`-p -t -c -ch`).
    pub fn allowed_before_stop(self) -> bool {
        matches!(self, Tone::Acute | Tone::Dot)
    }
}

/// The twelve toneless vowel bases, lower case, in table order.
pub const BASES: [char; 12] = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];

/// Lower-case vowel letters: row = base (as in [`BASES`]), column = tone (as in [`Tone::ALL`]).
const LOWER: [[char; 6]; 12] = [
    ['a', 'à', 'á', 'ả', 'ã', 'ạ'],
    ['ă', 'ằ', 'ắ', 'ẳ', 'ẵ', 'ặ'],
    ['â', 'ầ', 'ấ', 'ẩ', 'ẫ', 'ậ'],
    ['e', 'è', 'é', 'ẻ', 'ẽ', 'ẹ'],
    ['ê', 'ề', 'ế', 'ể', 'ễ', 'ệ'],
    ['i', 'ì', 'í', 'ỉ', 'ĩ', 'ị'],
    ['o', 'ò', 'ó', 'ỏ', 'õ', 'ọ'],
    ['ô', 'ồ', 'ố', 'ổ', 'ỗ', 'ộ'],
    ['ơ', 'ờ', 'ớ', 'ở', 'ỡ', 'ợ'],
    ['u', 'ù', 'ú', 'ủ', 'ũ', 'ụ'],
    ['ư', 'ừ', 'ứ', 'ử', 'ữ', 'ự'],
    ['y', 'ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'],
];

/// Upper-case counterparts of [`LOWER`].
const UPPER: [[char; 6]; 12] = [
    ['A', 'À', 'Á', 'Ả', 'Ã', 'Ạ'],
    ['Ă', 'Ằ', 'Ắ', 'Ẳ', 'Ẵ', 'Ặ'],
    ['Â', 'Ầ', 'Ấ', 'Ẩ', 'Ẫ', 'Ậ'],
    ['E', 'È', 'É', 'Ẻ', 'Ẽ', 'Ẹ'],
    ['Ê', 'Ề', 'Ế', 'Ể', 'Ễ', 'Ệ'],
    ['I', 'Ì', 'Í', 'Ỉ', 'Ĩ', 'Ị'],
    ['O', 'Ò', 'Ó', 'Ỏ', 'Õ', 'Ọ'],
    ['Ô', 'Ồ', 'Ố', 'Ổ', 'Ỗ', 'Ộ'],
    ['Ơ', 'Ờ', 'Ớ', 'Ở', 'Ỡ', 'Ợ'],
    ['U', 'Ù', 'Ú', 'Ủ', 'Ũ', 'Ụ'],
    ['Ư', 'Ừ', 'Ứ', 'Ử', 'Ữ', 'Ự'],
    ['Y', 'Ỳ', 'Ý', 'Ỷ', 'Ỹ', 'Ỵ'],
];

/// What a vowel letter is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Vowel {
    /// Index into [`BASES`].
    pub base: u8,
    /// The tone mark it carries.
    pub tone: Tone,
    /// Whether the letter is upper case.
    pub upper: bool,
}

impl Vowel {
    /// The lower-case toneless base letter.
    pub fn base_char(self) -> char {
        BASES[self.base as usize]
    }
}

// Vietnamese vowel letters live in two blocks: ASCII/Latin-1/Latin Extended-A,B (below
// U+01B1, where ư is the last) and Latin Extended Additional (U+1EA0..U+1EFA).
const LOW_END: usize = 0x1B1;
const HIGH_START: usize = 0x1EA0;
const HIGH_END: usize = 0x1EFA;

/// Packed table entry: 0 = not a vowel; else bits 0-3 base+1, bits 4-6 tone, bit 7 upper.
const fn build(start: usize, end: usize) -> [u8; 0x1B1] {
    let mut out = [0u8; 0x1B1];
    let mut b = 0;
    while b < 12 {
        let mut t = 0;
        while t < 6 {
            let mut case = 0;
            while case < 2 {
                let ch = if case == 0 { LOWER[b][t] } else { UPPER[b][t] };
                let c = ch as usize;
                if c >= start && c < end {
                    out[c - start] = (b as u8 + 1) | ((t as u8) << 4) | ((case as u8) << 7);
                }
                case += 1;
            }
            t += 1;
        }
        b += 1;
    }
    out
}

static LOW_TABLE: [u8; 0x1B1] = build(0, LOW_END);
static HIGH_TABLE: [u8; 0x1B1] = build(HIGH_START, HIGH_END);

/// The base, tone and case of a precomposed Vietnamese vowel letter; `None` for anything else.
#[inline]
pub fn vowel(c: char) -> Option<Vowel> {
    let cp = c as usize;
    let packed = if cp < LOW_END {
        LOW_TABLE[cp]
    } else if (HIGH_START..HIGH_END).contains(&cp) {
        HIGH_TABLE[cp - HIGH_START]
    } else {
        0
    };
    if packed == 0 {
        return None;
    }
    Some(Vowel {
        base: (packed & 0x0f) - 1,
        tone: Tone::ALL[((packed >> 4) & 0x07) as usize],
        upper: packed & 0x80 != 0,
    })
}

/// The vowel letter for `base` (index into [`BASES`]) with `tone`, in the requested case.
#[inline]
pub fn vowel_char(base: u8, tone: Tone, upper: bool) -> char {
    let table = if upper { &UPPER } else { &LOWER };
    table[base as usize][tone.index()]
}

/// Index into [`BASES`] of a lower-case toneless base letter.
#[inline]
pub fn base_index(c: char) -> Option<u8> {
    match vowel(c) {
        Some(v) if v.tone == Tone::Level && !v.upper => Some(v.base),
        _ => None,
    }
}

/// `c` with its tone mark removed (vowel letters) or unchanged (anything else).
#[inline]
pub fn without_tone(c: char) -> char {
    match vowel(c) {
        Some(v) => vowel_char(v.base, Tone::Level, v.upper),
        None => c,
    }
}

/// `c` (a vowel letter) carrying `tone` instead of its own; other chars unchanged.
#[inline]
pub fn with_tone(c: char, tone: Tone) -> char {
    match vowel(c) {
        Some(v) => vowel_char(v.base, tone, v.upper),
        None => c,
    }
}

/// `c.is_alphabetic()`, answered from the letter tables for ASCII and the Vietnamese letters
/// (nearly every char of our texts) before the standard library's slower Unicode lookup.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    c == 'đ' || c == 'Đ' || vowel(c).is_some() || c.is_alphabetic()
}

/// Lower-case `c` when it is a letter of Vietnamese orthography (vowels with any marks, đ, and
/// the ASCII consonants); `None` for anything else. Cheaper than `char::to_lowercase`.
#[inline]
pub fn lower_letter(c: char) -> Option<char> {
    if c.is_ascii_alphabetic() {
        return Some(c.to_ascii_lowercase());
    }
    if c == 'đ' || c == 'Đ' {
        return Some('đ');
    }
    vowel(c).map(|v| vowel_char(v.base, v.tone, false))
}

/// The letter without any mark: `ế` → `e`, `Ư` → `U`, `đ` → `d`; `None` if `c` is not a
/// Vietnamese letter with a mark.
#[inline]
pub fn bare(c: char) -> Option<char> {
    if let Some(v) = vowel(c) {
        let base = match BASES[v.base as usize] {
            'ă' | 'â' => 'a',
            'ê' => 'e',
            'ô' | 'ơ' => 'o',
            'ư' => 'u',
            other => other,
        };
        return Some(if v.upper {
            base.to_ascii_uppercase()
        } else {
            base
        });
    }
    match c {
        'đ' => Some('d'),
        'Đ' => Some('D'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_alphabetic_is_the_standard_one() {
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn every_table_letter_round_trips() {
        for (b, row) in LOWER.iter().enumerate() {
            for (t, &c) in row.iter().enumerate() {
                let v = vowel(c).unwrap_or_else(|| panic!("{c} not found"));
                assert_eq!((v.base as usize, v.tone.index(), v.upper), (b, t, false));
                assert_eq!(vowel_char(v.base, v.tone, false), c);
                let u = UPPER[b][t];
                let vu = vowel(u).unwrap_or_else(|| panic!("{u} not found"));
                assert_eq!((vu.base as usize, vu.tone.index(), vu.upper), (b, t, true));
                assert_eq!(u.to_lowercase().next(), Some(c));
            }
        }
    }

    #[test]
    fn non_vowels_are_not_found() {
        for c in [
            'b', 'đ', 'Đ', '1', ' ', 'ç', 'ñ', 'ö', '\u{1EFA}', '\u{1E9F}', '中',
        ] {
            assert_eq!(vowel(c), None, "{c}");
        }
    }

    #[test]
    fn marks_come_off() {
        let cases = [
            ('ế', 'ê', 'e'),
            ('Ự', 'Ư', 'U'),
            ('ằ', 'ă', 'a'),
            ('ỷ', 'y', 'y'),
            ('Ọ', 'O', 'O'),
        ];
        for (c, toneless, plain) in cases {
            assert_eq!(without_tone(c), toneless);
            assert_eq!(bare(c), Some(plain));
        }
        assert_eq!(bare('đ'), Some('d'));
        assert_eq!(bare('b'), None);
        assert_eq!(with_tone('ơ', Tone::Dot), 'ợ');
        assert_eq!(with_tone('Ư', Tone::Tilde), 'Ữ');
        assert_eq!(lower_letter('Ữ'), Some('ữ'));
        assert_eq!(lower_letter('Đ'), Some('đ'));
        assert_eq!(lower_letter('&'), None);
    }
}
