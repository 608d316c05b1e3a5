//! Syllables: parse a written word into onset, medial, nucleus, coda and tone; compose it
//! back with the tone mark placed in either convention; tell syllables from non-syllables.
//!
//! Parsing reads the word once into a small fixed array of lower-case toneless letters plus
//! the one tone and where it sat (no allocation unless the input is decomposed), matches the
//! longest onset, and looks the rest up in the rime table of [`super::rime`]. A word is a
//! syllable when the rime may follow the onset, a stop coda carries only sắc or nặng, and the
//! tone mark sits where one of the two conventions puts it.

use super::letters::{self, vowel, vowel_char, Tone};
use super::normalize;
use super::rime::{self, Rime};

/// Where the tone mark goes in open syllables with a medial (`oa oe uy`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum ToneStyle {
    /// `hòa`, `thủy`, `khỏe`, `Ủy`: the mark on the medial. vnplan's output default and its
    /// one canonical internal form.
    #[default]
    Traditional,
    /// `hoà`, `thuỷ`, `khoẻ`: the mark on the main vowel (the 1980s reform spelling).
    Modern,
}

/// A parsed syllable. All parts are lower case and toneless; `""` where absent. `qu` and
/// `gi` are onsets; after `gi` an `i`-initial nucleus shares the onset's `i` in writing
/// (`gì` = gi + i, `giếng` = gi + iêng).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Syllable {
    /// Initial consonant(s): `b ch ... ngh ... qu gi ...` or `""`.
    pub onset: &'static str,
    /// `o`, `u` or `""` (the `u` of `qu` belongs to the onset).
    pub medial: &'static str,
    /// Main vowel or written diphthong.
    pub nucleus: &'static str,
    /// Final consonant or semivowel, or `""`.
    pub coda: &'static str,
    /// The tone.
    pub tone: Tone,
}

/// Longest written syllable is 7 letters (`nghiêng`, `khuếch`, `nguyễn` is 6).
const MAX_LETTERS: usize = 8;

/// A word read into lower-case toneless letters, with its tone and case.
struct Letters {
    chars: [char; MAX_LETTERS],
    len: usize,
    tone: Tone,
    tone_at: Option<usize>,
    upper: u16,
}

impl Letters {
    /// Read `word`; `None` if it holds anything but Vietnamese letters, more than one tone
    /// mark, or too many letters to be a syllable.
    fn read(word: &str) -> Option<Letters> {
        let mut out = Letters {
            chars: [' '; MAX_LETTERS],
            len: 0,
            tone: Tone::Level,
            tone_at: None,
            upper: 0,
        };
        for c in word.chars() {
            if out.len == MAX_LETTERS {
                return None;
            }
            let (lower, upper) = if let Some(v) = vowel(c) {
                if v.tone != Tone::Level {
                    if out.tone_at.is_some() {
                        return None;
                    }
                    out.tone = v.tone;
                    out.tone_at = Some(out.len);
                }
                (v.base_char(), v.upper)
            } else if c.is_ascii_alphabetic() {
                (c.to_ascii_lowercase(), c.is_ascii_uppercase())
            } else if c == 'đ' || c == 'Đ' {
                ('đ', c == 'Đ')
            } else {
                return None;
            };
            out.chars[out.len] = lower;
            if upper {
                out.upper |= 1 << out.len;
            }
            out.len += 1;
        }
        (out.len > 0).then_some(out)
    }

    fn letters(&self) -> &[char] {
        &self.chars[..self.len]
    }

    fn parse(&self) -> Option<Syllable> {
        let letters = self.letters();
        let onset = rime::ONSETS
            .iter()
            .copied()
            .find(|o| starts_with(letters, o))
            .unwrap_or("");
        let rest = &letters[onset.chars().count()..];
        let mut buf = [0u8; 4 * MAX_LETTERS + 4];
        let rime = if onset == "gi" {
            gi_rime(rest, &mut buf)?
        } else {
            if rest.is_empty() {
                return None;
            }
            rime::rime_after(onset, encode(rest, &mut buf, false))?
        };
        let syllable = Syllable {
            onset,
            medial: rime.medial,
            nucleus: rime.nucleus,
            coda: rime.coda,
            tone: self.tone,
        };
        if rime.has_stop_coda() && !self.tone.allowed_before_stop() {
            return None;
        }
        if let Some(at) = self.tone_at {
            if at != syllable.tone_position(ToneStyle::Traditional)
                && at != syllable.tone_position(ToneStyle::Modern)
            {
                return None;
            }
        }
        Some(syllable)
    }
}

/// The rime after `gi`: a rime of its own (`gia`, `giữa`, `giờ`) or an `i`-rime whose `i` the
/// onset writes (`gì`, `gìn`, `giếng`). `giêt` reads as gi + iêt, the pronunciation.
fn gi_rime(rest: &[char], buf: &mut [u8]) -> Option<Rime> {
    let with_i = |buf: &mut [u8]| {
        let text = encode(rest, buf, true);
        // `t` stands for any onset that takes every plain rime.
        rime::rime_after("t", text).filter(|r| r.text.starts_with('i'))
    };
    match rest.first() {
        Some('ê') => with_i(buf).or_else(|| rime::rime_after("gi", encode(rest, buf, false))),
        Some(c) if vowel(*c).is_some() => rime::rime_after("gi", encode(rest, buf, false)),
        _ => with_i(buf),
    }
}

fn starts_with(letters: &[char], prefix: &str) -> bool {
    let mut letters = letters.iter();
    prefix.chars().all(|p| letters.next() == Some(&p))
}

/// Write `letters` (optionally after an `i`) as UTF-8 into `buf` without allocating.
fn encode<'b>(letters: &[char], buf: &'b mut [u8], lead_i: bool) -> &'b str {
    let mut n = 0;
    if lead_i {
        buf[0] = b'i';
        n = 1;
    }
    for &c in letters {
        n += c.encode_utf8(&mut buf[n..]).len();
    }
    std::str::from_utf8(&buf[..n]).unwrap_or("")
}

impl Syllable {
    /// Parse a written word in any case (`Quyết`, `NGƯỜI`, `hoà`); `None` for a non-syllable.
    /// Either tone placement convention is accepted; a mark anywhere else is not.
    pub fn parse(word: &str) -> Option<Syllable> {
        // `Letters::read` refuses any char that is not a precomposed Vietnamese letter, so
        // only combining marks and eth can make NFC matter here.
        if normalize::has_marks_to_repair(word) {
            return Letters::read(&normalize::nfc(word))?.parse();
        }
        Letters::read(word)?.parse()
    }

    /// The written syllable in lower case with the tone mark placed per `style`.
    pub fn compose(&self, style: ToneStyle) -> String {
        let mut out = String::with_capacity(16);
        let at = self.tone_position(style);
        for (i, c) in self.spelled().enumerate() {
            if i == at && self.tone != Tone::Level {
                out.push(letters::with_tone(c, self.tone));
            } else {
                out.push(c);
            }
        }
        out
    }

    /// The rime as written (medial + nucleus + coda), e.g. `oanh`.
    pub fn rime(&self) -> String {
        [self.medial, self.nucleus, self.coda].concat()
    }

    /// The same syllable with another tone (which may make it ill-formed before a stop coda).
    pub fn with_tone(self, tone: Tone) -> Syllable {
        Syllable { tone, ..self }
    }

    /// Whether the tone may stand on this rime (only sắc and nặng before `p t c ch`).
    pub fn is_well_formed(&self) -> bool {
        !matches!(self.coda, "p" | "t" | "c" | "ch") || self.tone.allowed_before_stop()
    }

    /// Toneless lower-case letters as written: onset, then the rime, where `gi` shares its
    /// `i` with an `i`-initial nucleus.
    fn spelled(&self) -> impl Iterator<Item = char> + '_ {
        let onset = if self.shares_gi() { "g" } else { self.onset };
        onset
            .chars()
            .chain(self.medial.chars())
            .chain(self.nucleus.chars())
            .chain(self.coda.chars())
    }

    fn shares_gi(&self) -> bool {
        self.onset == "gi" && self.nucleus.starts_with('i')
    }

    /// Index (in chars of the composed word) of the letter that carries the tone mark.
    pub fn tone_position(&self, style: ToneStyle) -> usize {
        let onset_len = if self.shares_gi() {
            1
        } else {
            self.onset.chars().count()
        };
        let medial = self.medial.len(); // `o` or `u`: one byte, one char
        let offset = match self.nucleus {
            // ươ/uô/iê/yê: the second letter carries the diacritic and the tone.
            "iê" | "yê" | "uô" | "ươ" | "oo" => medial + 1,
            // Open diphthongs: on the first (`mía`, `mùa`, `mưa`, `khuya`).
            "ia" | "ya" | "ua" | "ưa" => medial,
            // Open oa/oe/uy: the conventions differ.
            "a" | "e" | "i" | "y"
                if medial == 1 && self.coda.is_empty() && style == ToneStyle::Traditional =>
            {
                0
            }
            _ => medial,
        };
        onset_len + offset
    }
}

/// Whether `word` (any case, NFC or decomposed) is a well-formed Vietnamese syllable.
pub fn is_syllable(word: &str) -> bool {
    Syllable::parse(word).is_some()
}

/// The canonical form: lower case with the tone placed the traditional way; a non-syllable
/// is only lower-cased (after NFC).
pub fn canonical(word: &str) -> String {
    match Syllable::parse(word) {
        Some(s) => s.compose(ToneStyle::Traditional),
        None => normalize::nfc(word).to_lowercase(),
    }
}

/// `word` with its tone mark moved to where `style` puts it, keeping the word's case letter
/// by letter; a non-syllable comes back NFC but otherwise unchanged.
pub fn place_tone(word: &str, style: ToneStyle) -> String {
    let nfc;
    let word = if normalize::needs_nfc(word) {
        nfc = normalize::nfc(word);
        nfc.as_str()
    } else {
        word
    };
    let Some(letters) = Letters::read(word) else {
        return word.to_string();
    };
    let Some(syllable) = letters.parse() else {
        return word.to_string();
    };
    let at = syllable.tone_position(style);
    let mut out = String::with_capacity(word.len() + 2);
    for (i, c) in syllable.spelled().enumerate() {
        let upper = letters.upper & (1 << i) != 0;
        let tone = if i == at { syllable.tone } else { Tone::Level };
        let c = match vowel(c) {
            Some(v) => vowel_char(v.base, tone, upper),
            None if upper => match c {
                'đ' => 'Đ',
                c => c.to_ascii_uppercase(),
            },
            None => c,
        };
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(word: &str) -> Option<(&'static str, &'static str, &'static str, &'static str)> {
        Syllable::parse(word).map(|s| (s.onset, s.medial, s.nucleus, s.coda))
    }

    #[test]
    fn parses_into_parts() {
        let cases = [
            ("của", ("c", "", "ua", "")),
            ("người", ("ng", "", "ươ", "i")),
            ("quyết", ("qu", "", "yê", "t")),
            ("gì", ("gi", "", "i", "")),
            ("gìn", ("gi", "", "i", "n")),
            ("giữa", ("gi", "", "ưa", "")),
            ("giá", ("gi", "", "a", "")),
            ("giếng", ("gi", "", "iê", "ng")),
            ("khuya", ("kh", "u", "ya", "")),
            ("nghiêng", ("ngh", "", "iê", "ng")),
            ("oẳn", ("", "o", "ă", "n")),
            ("Ủy", ("", "u", "y", "")),
            ("HOÀ", ("h", "o", "a", "")),
        ];
        for (word, want) in cases {
            assert_eq!(parts(word), Some(want), "{word}");
        }
    }

    #[test]
    fn rejects_non_syllables() {
        for word in [
            "ctia", "s6", "thirc", "ngudi", "Quy&", "", "qu", "gh", "kh", "các̀", "thàt", "hỏp",
            "ngĩe", "qúy", "gía", "hoàn̉", "xyz", "cóa", "ghá", "gém",
        ] {
            assert!(Syllable::parse(word).is_none(), "{word:?}");
        }
    }

    #[test]
    fn composes_in_both_styles() {
        let cases = [
            ("hòa", "hòa", "hoà"),
            ("hoà", "hòa", "hoà"),
            ("thủy", "thủy", "thuỷ"),
            ("khỏe", "khỏe", "khoẻ"),
            ("hoàn", "hoàn", "hoàn"),
            ("người", "người", "người"),
            ("quý", "quý", "quý"),
            ("gìn", "gìn", "gìn"),
        ];
        for (word, trad, modern) in cases {
            let s = Syllable::parse(word).unwrap_or_else(|| panic!("{word}"));
            assert_eq!(s.compose(ToneStyle::Traditional), trad);
            assert_eq!(s.compose(ToneStyle::Modern), modern);
        }
    }

    #[test]
    fn place_tone_keeps_case() {
        assert_eq!(place_tone("Uỷ", ToneStyle::Traditional), "Ủy");
        assert_eq!(place_tone("HOÀ", ToneStyle::Traditional), "HÒA");
        assert_eq!(place_tone("Thủy", ToneStyle::Modern), "Thuỷ");
        assert_eq!(place_tone("ĐOÀN", ToneStyle::Modern), "ĐOÀN");
        assert_eq!(place_tone("s6", ToneStyle::Modern), "s6");
        assert_eq!(canonical("KHOẺ"), "khỏe");
        assert_eq!(canonical("TTg"), "ttg");
    }
}
