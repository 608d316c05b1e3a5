//! The orthography's table of onsets and rimes and the spelling rules that join them.
//!
//! A written syllable is onset + rime. The rime (vần) is medial + nucleus + coda, written
//! without tone. Rather than generate rimes from phonology (which over- and under-generates),
//! the rimes of standard orthography are listed once, as strings; their parts are derived
//! from the string. The spelling rules then say which onset may stand before which rime:
//! `c`/`k`/`qu`, `g`/`gh`, `ng`/`ngh`, `gi`, `y`/`iê`/`yê`, and no medial after labials.
//! [`super::syllable`] parses and composes with these tables; [`super::inventory`] enumerates
//! onset × rime × tone from them.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// Written onsets (âm đầu), longest first so a greedy prefix match finds `ngh` before `ng`.
/// `qu` and `gi` are onsets of the written syllable: the `u` of `qu` is the medial and the
/// `i` of `gi` belongs to the onset, so they are handled whole.
pub const ONSETS: [&str; 27] = [
    "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];

/// Rimes without a medial.
const PLAIN: &[&str] = &[
    // a ă â
    "a", "ac", "ach", "ai", "am", "an", "ang", "anh", "ao", "ap", "at", "au", "ay", //
    "ăc", "ăm", "ăn", "ăng", "ăp", "ăt", //
    "âc", "âm", "ân", "âng", "âp", "ât", "âu", "ây", //
    // e ê
    "e", "ec", "em", "en", "eng", "eo", "ep", "et", //
    "ê", "êch", "êm", "ên", "ênh", "êp", "êt", "êu", //
    // i, iê/ia (after an onset), y and yê (without onset)
    "i", "ich", "im", "in", "inh", "ip", "it", "iu", //
    "ia", "iêc", "iêm", "iên", "iêng", "iêp", "iêt", "iêu", //
    "y", "yêm", "yên", "yêng", "yêt", "yêu", //
    // o ô ơ
    "o", "oc", "oi", "om", "on", "ong", "op", "ot", "ooc", "oong", //
    "ô", "ôc", "ôi", "ôm", "ôn", "ông", "ôp", "ôt", //
    "ơ", "ơi", "ơm", "ơn", "ơp", "ơt", //
    // u uô/ua
    "u", "uc", "ui", "um", "un", "ung", "up", "ut", //
    "ua", "uôc", "uôi", "uôm", "uôn", "uông", "uôt", //
    // ư ươ/ưa
    "ư", "ưc", "ưi", "ưng", "ưt", "ưu", //
    "ưa", "ươc", "ươi", "ươm", "ươn", "ương", "ươp", "ươt", "ươu",
];

/// Rimes with the medial /w/, written `o` before a ă e and `u` elsewhere.
const MEDIAL: &[&str] = &[
    "oa", "oac", "oach", "oai", "oam", "oan", "oang", "oanh", "oao", "oap", "oat", "oay", //
    "oăc", "oăm", "oăn", "oăng", "oăt", //
    "oe", "oen", "oeo", "oet", //
    "uy", "uya", "uych", "uyên", "uyêt", "uynh", "uyp", "uyt", "uyu", //
    "uân", "uât", "uâng", "uây", //
    "uê", "uêch", "uênh", "uơ",
];

/// What may follow `qu` (whose `u` is the medial): the medial rimes without their medial, plus
/// `ô` in `quốc`, and `i` of the older spelling `qui`.
const AFTER_QU: &[&str] = &[
    "a", "ac", "ach", "ai", "am", "an", "ang", "anh", "ao", "ap", "at", "au", "ay", //
    "ăc", "ăm", "ăn", "ăng", "ăp", "ăt", //
    "e", "em", "en", "eo", "et", //
    "i",  // `qui`, `quí`: the older spelling of `quy`, `quý`
    "y", "ya", "ych", "yên", "yêt", "ynh", "yt", "yu", //
    "ân", "ât", "âng", "ây", //
    "ê", "êch", "ên", "ênh", "êt", "ơ", "ôc",
];

/// A rime's written parts; all lower case and toneless, `""` where absent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rime {
    /// The written rime itself.
    pub text: &'static str,
    /// `o`, `u` or `""`.
    pub medial: &'static str,
    /// One vowel or a written diphthong (`iê yê ia ya uô ua ươ ưa oo`).
    pub nucleus: &'static str,
    /// `p t c ch m n ng nh` (consonants), `i y o u` (semivowels) or `""`.
    pub coda: &'static str,
}

impl Rime {
    /// Whether the coda is a stop (`p t c ch`), which allows only sắc and nặng.
    pub fn has_stop_coda(&self) -> bool {
        matches!(self.coda, "p" | "t" | "c" | "ch")
    }

    fn first(&self) -> char {
        self.text.chars().next().unwrap_or(' ')
    }
}

const NUCLEI: [&str; 21] = [
    "iê", "yê", "ia", "ya", "uô", "ua", "ươ", "ưa", "oo", "a", "ă", "â", "e", "ê", "i", "o", "ô",
    "ơ", "u", "ư", "y",
];

/// Split a written rime into medial, nucleus and coda.
fn split(text: &'static str) -> Rime {
    let mut chars = text.chars();
    let first = chars.next();
    let second = chars.next();
    let medial_len = match (first, second) {
        (Some('o'), Some('a' | 'ă' | 'e')) => 1,
        (Some('u'), Some('y' | 'â' | 'ê' | 'ơ')) => 1,
        _ => 0,
    };
    let (medial, rest) = text.split_at(medial_len);
    let nucleus = NUCLEI
        .iter()
        .find(|n| rest.starts_with(*n))
        .copied()
        .unwrap_or("");
    let coda = &rest[nucleus.len()..];
    Rime {
        text,
        medial,
        nucleus,
        coda,
    }
}

/// Which table a rime comes from: the ones after `qu` are only valid there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Table {
    General,
    AfterQu,
    Both,
}

/// FNV-1a: rime keys are a few bytes and fixed, so a simple hash beats SipHash on the
/// restorer's hot path, and there is no untrusted key set to defend against.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

struct Tables {
    rimes: HashMap<&'static str, (Rime, Table), BuildHasherDefault<Fnv>>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut rimes = HashMap::default();
        for &r in PLAIN.iter().chain(MEDIAL) {
            rimes.insert(r, (split(r), Table::General));
        }
        for &r in AFTER_QU {
            rimes
                .entry(r)
                .and_modify(|e: &mut (Rime, Table)| e.1 = Table::Both)
                .or_insert((split(r), Table::AfterQu));
        }
        Tables { rimes }
    })
}

/// All rimes valid after onsets other than `qu` (plain and medial), in table order.
pub fn general_rimes() -> impl Iterator<Item = Rime> {
    PLAIN.iter().chain(MEDIAL).map(|&r| split(r))
}

/// All rimes valid after `qu`, in table order.
pub fn rimes_after_qu() -> impl Iterator<Item = Rime> {
    AFTER_QU.iter().map(|&r| split(r))
}

/// The rime written `text` (lower case, toneless) if it may follow `onset`.
pub fn rime_after(onset: &str, text: &str) -> Option<Rime> {
    let (rime, table) = *tables().rimes.get(text)?;
    let ok = if onset == "qu" {
        table != Table::General
    } else {
        table != Table::AfterQu && onset_allows(onset, &rime)
    };
    ok.then_some(rime)
}

/// The spelling rules between a general onset (not `qu`) and a rime.
fn onset_allows(onset: &str, rime: &Rime) -> bool {
    let first = rime.first();
    let front = matches!(first, 'i' | 'e' | 'ê' | 'y');
    let has_medial = !rime.medial.is_empty();
    // `y` opens a syllable only without onset (`yên`, `yêu`), except open `y` after the
    // onsets that take it in the traditional spelling (`kỳ`, `lý`, `mỹ`, `sỹ`, `tỷ`, `Thy`).
    if first == 'y' {
        return match rime.text {
            "y" => matches!(
                onset,
                "" | "h" | "k" | "l" | "m" | "n" | "s" | "t" | "th" | "v"
            ),
            _ => onset.is_empty(),
        };
    }
    // After an onset /iə/ is written `iê`; without one, `yê` (handled above).
    if rime.nucleus == "iê" && onset.is_empty() {
        return false;
    }
    // /kw/ is written `qu`, never c/k + medial. Labials take a medial only in loans, but
    // common ones (`buýt`, `boa`, `voan`, `phuy`) are real words, so they are allowed.
    if has_medial && matches!(onset, "c" | "k" | "gh" | "ngh" | "gi") {
        return false;
    }
    match onset {
        "c" => !front,
        "k" => front,
        "gh" | "ngh" => matches!(first, 'i' | 'e' | 'ê'),
        // `gen` (gene) is the one loan that writes `g` before `e`.
        "g" => !front || rime.text == "en",
        "ng" => !front,
        // `gi` before i-rimes drops the rime's `i` (`gì`, `gìn`, `giết`): see `syllable`.
        "gi" => first != 'i',
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rimes_split_into_parts() {
        let cases = [
            ("oanh", "o", "a", "nh"),
            ("uyên", "u", "yê", "n"),
            ("uya", "u", "ya", ""),
            ("ương", "", "ươ", "ng"),
            ("ưa", "", "ưa", ""),
            ("uôi", "", "uô", "i"),
            ("ui", "", "u", "i"),
            ("ua", "", "ua", ""),
            ("oong", "", "oo", "ng"),
            ("ay", "", "a", "y"),
            ("uơ", "u", "ơ", ""),
            ("ynh", "", "y", "nh"),
            ("oeo", "o", "e", "o"),
            ("iêu", "", "iê", "u"),
        ];
        for (text, m, n, c) in cases {
            let r = split(text);
            assert_eq!((r.medial, r.nucleus, r.coda), (m, n, c), "{text}");
        }
    }

    #[test]
    fn every_table_rime_splits_cleanly() {
        for r in general_rimes().chain(rimes_after_qu()) {
            assert!(!r.nucleus.is_empty(), "{}", r.text);
            assert!(
                matches!(
                    r.coda,
                    "" | "p" | "t" | "c" | "ch" | "m" | "n" | "ng" | "nh" | "i" | "y" | "o" | "u"
                ),
                "{}: coda {}",
                r.text,
                r.coda
            );
        }
    }

    #[test]
    fn spelling_rules() {
        let cases = [
            ("c", "a", true),
            ("c", "e", false),
            ("k", "e", true),
            ("k", "a", false),
            ("g", "i", false),
            ("gh", "i", true),
            ("gh", "a", false),
            ("ng", "iêng", false),
            ("ngh", "iêng", true),
            ("", "iên", false),
            ("", "yên", true),
            ("t", "yên", false),
            ("h", "oa", true),
            ("c", "oa", false),
            ("b", "oa", true),
            ("g", "en", true),
            ("g", "em", false),
            ("qu", "ên", true),
            ("qu", "i", true),
            ("qu", "a", true),
            ("qu", "oa", false),
            ("h", "ynh", false),
            ("qu", "ynh", true),
            ("l", "y", true),
            ("b", "y", false),
            ("kh", "uya", true),
            ("gi", "a", true),
            ("gi", "in", false),
        ];
        for (onset, rime, ok) in cases {
            assert_eq!(rime_after(onset, rime).is_some(), ok, "{onset}+{rime}");
        }
    }
}
