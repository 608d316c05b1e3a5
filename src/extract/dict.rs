//! The extractor's dictionaries: document types, issuing bodies, award forms, offices,
//! priority sectors and administrative units, compiled into the binary from
//! `dictionaries/*.tsv` and parsed once when an [`Extractor`](super::Extractor) is built.
//!
//! Phrases are matched on folded text (see [`super::fold`]) with leftmost-longest
//! Aho-Corasick automata, so `Ủy ban nhân dân` is found in `UY BAN NHAN DAN` as well, and
//! `Bằng khen của Thủ tướng Chính phủ` wins over `Bằng khen`.

use super::fold::{fold, is_whole_word, Folded};
use crate::{Error, Result};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;

/// The format line every dictionary must carry.
const FORMAT: &str = "# format: vnplan.dict/1";

const DOC_TYPES: (&str, &str) = (
    "dictionaries/doc-types.tsv",
    include_str!("../../dictionaries/doc-types.tsv"),
);
const ISSUERS: (&str, &str) = (
    "dictionaries/issuers.tsv",
    include_str!("../../dictionaries/issuers.tsv"),
);
const AWARDS: (&str, &str) = (
    "dictionaries/awards.tsv",
    include_str!("../../dictionaries/awards.tsv"),
);
const POSITIONS: (&str, &str) = (
    "dictionaries/positions.tsv",
    include_str!("../../dictionaries/positions.tsv"),
);
const SECTORS: (&str, &str) = (
    "dictionaries/sectors.tsv",
    include_str!("../../dictionaries/sectors.tsv"),
);
const ABBREVIATIONS: (&str, &str) = (
    "dictionaries/abbreviations.tsv",
    include_str!("../../dictionaries/abbreviations.tsv"),
);
const SYMBOLS: (&str, &str) = (
    "dictionaries/symbols.tsv",
    include_str!("../../dictionaries/symbols.tsv"),
);
const NAMES: (&str, &str) = (
    "dictionaries/names.tsv",
    include_str!("../../dictionaries/names.tsv"),
);
const UNITS: (&str, &str) = (
    "dictionaries/units.tsv",
    include_str!("../../dictionaries/units.tsv"),
);

/// A document type and the abbreviation its number symbols use (`Kế hoạch`, `KH`).
#[derive(Debug, Clone)]
pub struct DocType {
    pub name: String,
    pub abbr: String,
}

/// An issuing body and its symbol (`Thủ tướng Chính phủ`, `TTg`).
#[derive(Debug, Clone)]
pub struct Body {
    pub name: String,
    pub symbol: String,
    /// central | ministry | party | local | party-local
    pub kind: String,
    /// The body a bare symbol shared by several bodies stands for.
    pub default: bool,
}

/// An award phrase and the form it names.
#[derive(Debug, Clone)]
pub struct AwardForm {
    pub phrase: String,
    pub form: String,
}

/// An administrative unit (`Chí Linh`, `thành phố`, province `Hải Dương`).
#[derive(Debug, Clone)]
pub struct Unit {
    pub name: String,
    /// tỉnh | thành phố trực thuộc trung ương | thành phố | thị xã | huyện | quận | phường | xã | thị trấn | đặc khu
    pub kind: String,
    /// The province, empty for a province itself.
    pub province: String,
}

/// The syllables people's names are made of, by position, folded (`nguyen`, `thi`, `thuy`):
/// restoration may leave a mark wrong in a name, its letters are what tell a name.
#[derive(Debug, Default)]
pub struct NameSyllables {
    /// Folded syllable → its spellings at each position with their counts, most seen first.
    spellings: HashMap<(NameRole, String), Vec<(String, u32)>>,
}

/// Where a syllable stands in a person's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameRole {
    Surname,
    Middle,
    Given,
}

impl NameRole {
    /// The role of word `i` of a name of `n` words.
    pub fn of(i: usize, n: usize) -> NameRole {
        if i == 0 {
            NameRole::Surname
        } else if i + 1 == n {
            NameRole::Given
        } else {
            NameRole::Middle
        }
    }
}

impl NameSyllables {
    /// Whether `word` (any case, marks or not) is a known surname.
    pub fn is_surname(&self, word: &str) -> bool {
        !self.spellings(NameRole::Surname, &fold(word)).is_empty()
    }

    /// Whether `word` is one letter away from a common surname (seen 20 times or more) of
    /// its length: a surname with a letter misread.
    pub fn near_surname(&self, word: &str) -> bool {
        let f = fold(word);
        self.folded_at(NameRole::Surname).any(|s| {
            one_letter_apart(s, &f)
                && self
                    .spellings(NameRole::Surname, s)
                    .iter()
                    .map(|(_, n)| n)
                    .sum::<u32>()
                    >= 20
        })
    }

    /// Whether `word` is known as a middle or given name syllable.
    pub fn is_name_syllable(&self, word: &str) -> bool {
        let f = fold(word);
        [NameRole::Middle, NameRole::Given]
            .into_iter()
            .any(|r| !self.spellings(r, &f).is_empty())
    }

    /// The spellings (lower case) of a syllable whose folded letters are `folded`, seen at
    /// `role`, most seen first.
    pub fn spellings(&self, role: NameRole, folded: &str) -> &[(String, u32)] {
        self.spellings
            .get(&(role, folded.to_string()))
            .map_or(&[], Vec::as_slice)
    }

    /// How often `word` (exactly as spelled, any case) was seen at `role`; `None` when it is
    /// not a name syllable of that position (`Some(0)`: listed as a given name, never
    /// counted in a full name).
    pub fn count(&self, role: NameRole, word: &str) -> Option<u32> {
        let lower = word.to_lowercase();
        self.spellings(role, &fold(word))
            .iter()
            .find(|(s, _)| *s == lower)
            .map(|(_, n)| *n)
    }

    /// The folded syllables seen at `role` (for near matches).
    pub fn folded_at(&self, role: NameRole) -> impl Iterator<Item = &str> {
        self.spellings
            .keys()
            .filter(move |(r, _)| *r == role)
            .map(|(_, f)| f.as_str())
    }
}

/// Whether two folded words have the same length and differ in exactly one letter: a
/// letter misread.
pub fn one_letter_apart(a: &str, b: &str) -> bool {
    a.chars().count() == b.chars().count()
        && a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() == 1
}

/// A phrase list with its automaton over folded text.
pub struct PhraseSet {
    ac: AhoCorasick,
}

/// A phrase found in a text: which entry, and where (original byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub index: usize,
    pub start: usize,
    pub end: usize,
}

impl PhraseSet {
    fn new(path: &str, phrases: &[String]) -> Result<PhraseSet> {
        let folded: Vec<String> = phrases.iter().map(|p| fold(p)).collect();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&folded)
            .map_err(|e| Error::model(path, format!("cannot build matcher: {e}")))?;
        Ok(PhraseSet { ac })
    }

    /// Every whole-word occurrence in `text`, left to right, longest first at each place.
    pub fn find_all(&self, text: &str) -> Vec<Found> {
        let folded = Folded::new(text);
        self.ac
            .find_iter(&folded.text)
            .filter(|m| is_whole_word(&folded.text, m.start(), m.end()))
            .map(|m| {
                let r = folded.span(m.start()..m.end());
                Found {
                    index: m.pattern().as_usize(),
                    start: r.start,
                    end: r.end,
                }
            })
            .collect()
    }

    /// The entry `text` is exactly (after folding and trimming), if any.
    pub fn exact(&self, text: &str) -> Option<usize> {
        let t = text.trim();
        self.find_all(t)
            .into_iter()
            .find(|f| f.start == 0 && f.end == t.len())
            .map(|f| f.index)
    }
}

/// All dictionaries, parsed.
pub struct Dictionaries {
    pub doc_types: Vec<DocType>,
    pub doc_type_set: PhraseSet,
    pub bodies: Vec<Body>,
    pub body_set: PhraseSet,
    pub awards: Vec<AwardForm>,
    pub award_set: PhraseSet,
    pub positions: Vec<String>,
    pub position_set: PhraseSet,
    sectors: HashMap<String, String>,
    abbreviations: Vec<(String, String)>,
    pub units: Vec<Unit>,
    units_by_name: HashMap<String, Vec<usize>>,
    pub names: NameSyllables,
    agency_phrases: HashMap<String, String>,
    /// Symbol parts of bodies and offices spelled with `Đ` (dictionaries/symbols.tsv).
    d_symbols: Vec<String>,
}

/// The data rows of a dictionary file, checked for its header and column count.
fn rows<'a>((path, text): (&str, &'a str), columns: usize) -> Result<Vec<Vec<&'a str>>> {
    if !text.lines().any(|l| l.trim_end() == FORMAT) {
        return Err(Error::model(path, format!("missing `{FORMAT}` line")));
    }
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < columns {
            return Err(Error::parse(
                i + 1,
                format!("expected {columns} columns, found {}", cols.len()),
            )
            .at(path));
        }
        out.push(cols);
    }
    Ok(out)
}

impl Dictionaries {
    /// Parses the dictionaries compiled into the binary.
    pub fn load() -> Result<Dictionaries> {
        let doc_types: Vec<DocType> = rows(DOC_TYPES, 2)?
            .into_iter()
            .map(|c| DocType {
                name: c[0].to_string(),
                abbr: c[1].to_string(),
            })
            .collect();
        let bodies: Vec<Body> = rows(ISSUERS, 4)?
            .into_iter()
            .map(|c| Body {
                name: c[0].to_string(),
                symbol: c[1].to_string(),
                kind: c[2].to_string(),
                default: c[3].trim() == "1",
            })
            .collect();
        let awards: Vec<AwardForm> = rows(AWARDS, 2)?
            .into_iter()
            .map(|c| AwardForm {
                phrase: c[0].to_string(),
                form: c[1].to_string(),
            })
            .collect();
        let positions: Vec<String> = rows(POSITIONS, 1)?
            .into_iter()
            .map(|c| c[0].to_string())
            .collect();
        let sectors = rows(SECTORS, 2)?
            .into_iter()
            .map(|c| (fold(c[0]), c[1].to_string()))
            .collect();
        let abbreviations = rows(ABBREVIATIONS, 2)?
            .into_iter()
            .map(|c| (c[0].to_string(), c[1].to_string()))
            .collect();
        let units: Vec<Unit> = rows(UNITS, 3)?
            .into_iter()
            .map(|c| Unit {
                name: c[0].to_string(),
                kind: c[1].to_string(),
                province: c[2].to_string(),
            })
            .collect();
        let mut names = NameSyllables::default();
        for c in rows(NAMES, 3)? {
            let n: u32 = c[2].trim().parse().unwrap_or(0);
            let role = match c[0] {
                "surname" => NameRole::Surname,
                "middle" => NameRole::Middle,
                _ => NameRole::Given,
            };
            let spelled = names.spellings.entry((role, fold(c[1]))).or_default();
            let lower = c[1].to_lowercase();
            match spelled.iter_mut().find(|(s, _)| *s == lower) {
                Some((_, k)) => *k += n,
                None => spelled.push((lower, n)),
            }
        }
        for v in names.spellings.values_mut() {
            // Most seen first; ties by spelling, so the choice never depends on file order.
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        }
        // Bodies and offices keyed by their folded letters alone, for agency names whose
        // words OCR glued (`UYBANNHANDAN`) or spaced.
        let agency_phrases: HashMap<String, String> = bodies
            .iter()
            .map(|b| b.name.clone())
            .chain(positions.iter().cloned())
            .map(|n| {
                (
                    fold(&n).chars().filter(|c| c.is_alphanumeric()).collect(),
                    n,
                )
            })
            .collect();
        let mut units_by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, u) in units.iter().enumerate() {
            units_by_name.entry(fold(&u.name)).or_default().push(i);
        }
        Ok(Dictionaries {
            doc_type_set: PhraseSet::new(
                DOC_TYPES.0,
                &doc_types.iter().map(|d| d.name.clone()).collect::<Vec<_>>(),
            )?,
            body_set: PhraseSet::new(
                ISSUERS.0,
                &bodies.iter().map(|b| b.name.clone()).collect::<Vec<_>>(),
            )?,
            award_set: PhraseSet::new(
                AWARDS.0,
                &awards.iter().map(|a| a.phrase.clone()).collect::<Vec<_>>(),
            )?,
            position_set: PhraseSet::new(POSITIONS.0, &positions)?,
            doc_types,
            bodies,
            awards,
            positions,
            sectors,
            abbreviations,
            units,
            units_by_name,
            names,
            agency_phrases,
            d_symbols: rows(SYMBOLS, 1)?
                .into_iter()
                .map(|c| c[0].trim().to_string())
                .collect(),
        })
    }

    /// The document type an abbreviation stands for (`KH` → `Kế hoạch`), tolerating `D`
    /// for `Đ` where that is not itself an abbreviation.
    pub fn doc_type_by_abbr(&self, abbr: &str) -> Option<&DocType> {
        self.doc_types
            .iter()
            .find(|d| !d.abbr.is_empty() && d.abbr == abbr)
            .or_else(|| {
                let f = fold(abbr);
                self.doc_types
                    .iter()
                    .find(|d| !d.abbr.is_empty() && fold(&d.abbr) == f)
            })
    }

    /// The body a bare symbol stands for (`TTg` → `Thủ tướng Chính phủ`).
    pub fn body_by_symbol(&self, symbol: &str) -> Option<&Body> {
        let exact = |b: &&Body| b.symbol == symbol;
        let folded = |b: &&Body| !b.symbol.is_empty() && fold(&b.symbol) == fold(symbol);
        let pick = |f: &dyn Fn(&&Body) -> bool| {
            let all: Vec<&Body> = self.bodies.iter().filter(f).collect();
            all.iter()
                .find(|b| b.default)
                .copied()
                .or_else(|| all.first().copied())
        };
        pick(&exact).or_else(|| pick(&folded))
    }

    /// The official spelling of a symbol part (`QD` → `QĐ`, `BTDKT` → `BTĐKT`), if it is a
    /// known document type or body symbol.
    pub fn canonical_symbol(&self, part: &str) -> Option<String> {
        let known = self
            .doc_types
            .iter()
            .map(|d| d.abbr.as_str())
            .chain(self.bodies.iter().map(|b| b.symbol.as_str()))
            .filter(|s| !s.is_empty());
        let mut folded_hit = None;
        let f = fold(part);
        for k in known {
            if k == part {
                return Some(k.to_string());
            }
            if folded_hit.is_none() && fold(k) == f {
                folded_hit = Some(k.to_string());
            }
        }
        folded_hit
    }

    /// The official spelling of a symbol part that names a body or an office (`HDND` →
    /// `HĐND`, `UBND`, `TTg`): exact first, then the one known spelling that folds alike.
    pub fn canonical_body_symbol(&self, part: &str) -> Option<String> {
        let known = || {
            self.bodies
                .iter()
                .map(|b| b.symbol.as_str())
                .chain(self.d_symbols.iter().map(|s| s.as_str()))
                .filter(|s| !s.is_empty())
        };
        if let Some(k) = known().find(|k| *k == part) {
            return Some(k.to_string());
        }
        let f = fold(part);
        known().find(|k| fold(k) == f).map(|k| k.to_string())
    }

    /// `text` with abbreviated bodies written out (`UBND tỉnh` → `Ủy ban nhân dân tỉnh`).
    /// Only words in capitals are expanded, so ordinary words are never touched.
    pub fn expand(&self, text: &str) -> String {
        let words: Vec<String> = text
            .split(' ')
            .map(|w| {
                let core = w.trim_end_matches([',', ';', '.', ':', ')']);
                let tail = &w[core.len()..];
                let hit = self
                    .abbreviations
                    .iter()
                    .find(|(a, _)| a == core)
                    .or_else(|| {
                        let f = fold(core);
                        self.abbreviations.iter().find(|(a, _)| {
                            core.len() > 2
                                && core.chars().all(|c| !c.is_lowercase())
                                && fold(a) == f
                        })
                    });
                match hit {
                    Some((_, full)) => format!("{full}{tail}"),
                    None => w.to_string(),
                }
            })
            .collect();
        words.join(" ")
    }

    /// Known bodies and offices by their folded letters without spaces
    /// (`uybannhandan` → `Ủy ban nhân dân`).
    pub fn agency_phrases(&self) -> &HashMap<String, String> {
        &self.agency_phrases
    }

    /// The short name of a priority sector label (`giao thông vận tải` → `giao thông`).
    pub fn sector(&self, label: &str) -> Option<&str> {
        self.sectors.get(&fold(label)).map(|s| s.as_str())
    }

    /// `text` with abbreviations in capitals given their `Đ` where restoration left a `D`
    /// (`Ban TDKT tỉnh` → `Ban TĐKT tỉnh`, `HDND` → `HĐND`); nothing else changes.
    pub fn respell_abbreviations(&self, text: &str) -> String {
        let all: Vec<&str> = self
            .abbreviations
            .iter()
            .map(|(a, _)| a.as_str())
            .chain(self.bodies.iter().map(|b| b.symbol.as_str()))
            .chain(self.doc_types.iter().map(|d| d.abbr.as_str()))
            .collect();
        let known: Vec<&str> = all.iter().copied().filter(|a| a.contains('Đ')).collect();
        text.split(' ')
            .map(|w| {
                let core = w.trim_matches(|c: char| !c.is_alphanumeric());
                // `DA` (Dự án) is an abbreviation of its own, not a misread `ĐA`.
                if core.len() < 2
                    || !core.contains('D')
                    || !core.chars().all(|c| c.is_uppercase())
                    || all.contains(&core)
                {
                    return w.to_string();
                }
                match known.iter().find(|k| fold(k) == fold(core)) {
                    Some(k) => w.replacen(core, k, 1),
                    None => w.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The short name of a sector label, tolerating a slip the restorer left
    /// (`tài nguyên môi trư?ng`): the closest label within a fifth of its length.
    pub fn sector_near(&self, label: &str) -> Option<String> {
        if let Some(s) = self.sector(label) {
            return Some(s.to_string());
        }
        let f = fold(label);
        self.sectors
            .iter()
            .map(|(k, v)| (strsim::levenshtein(k, &f), k, v))
            .filter(|(d, k, _)| *d * 5 <= k.len().max(f.len()))
            .min_by_key(|(d, _, _)| *d)
            .map(|(_, _, v)| v.clone())
    }

    /// The units with this name (folded comparison), any type.
    pub fn units_named(&self, name: &str) -> Vec<&Unit> {
        self.units_by_name
            .get(&fold(name.trim()))
            .map(|v| v.iter().map(|&i| &self.units[i]).collect())
            .unwrap_or_default()
    }

    /// The unit of type `kind` named `name`, preferring provinces, then the given province.
    pub fn unit(&self, kind: &str, name: &str) -> Option<&Unit> {
        let all = self.units_named(name);
        let kind_f = fold(kind);
        all.iter()
            .find(|u| fold(&u.kind) == kind_f)
            .or_else(|| {
                // `thành phố Hà Nội` is a province-level city.
                (kind_f == "thanh pho")
                    .then(|| {
                        all.iter()
                            .find(|u| u.kind == "thành phố trực thuộc trung ương")
                    })
                    .flatten()
            })
            .copied()
    }
}

/// The kinds of administrative unit as they are written before a name, longest first so
/// that `thành phố` is tried before nothing shorter swallows it.
pub const UNIT_KINDS: [&str; 9] = [
    "thành phố",
    "thị trấn",
    "thị xã",
    "đặc khu",
    "phường",
    "huyện",
    "quận",
    "tỉnh",
    "xã",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionaries_load_and_are_sorted() {
        for (path, text) in [
            DOC_TYPES,
            ISSUERS,
            AWARDS,
            POSITIONS,
            SECTORS,
            ABBREVIATIONS,
            NAMES,
            SYMBOLS,
            UNITS,
        ] {
            let data: Vec<&str> = text
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .collect();
            let mut sorted = data.clone();
            sorted.sort();
            assert_eq!(data, sorted, "{path} is not sorted");
            assert!(text.starts_with('#'), "{path} has no source header");
            assert!(
                text.contains("# source:") && text.contains("# licence:"),
                "{path}"
            );
        }
        let d = Dictionaries::load().unwrap();
        assert!(d.units.len() > 10_000);
    }

    #[test]
    fn symbols_and_names() {
        let d = Dictionaries::load().unwrap();
        let cases = [
            ("QD", "QĐ"),
            ("QĐ", "QĐ"),
            ("ND", "NĐ"),
            ("BTDKT", "BTĐKT"),
            ("TTg", "TTg"),
        ];
        for (part, want) in cases {
            assert_eq!(d.canonical_symbol(part).as_deref(), Some(want), "{part}");
        }
        assert_eq!(d.doc_type_by_abbr("KH").unwrap().name, "Kế hoạch");
        assert_eq!(d.body_by_symbol("TTg").unwrap().name, "Thủ tướng Chính phủ");
        assert_eq!(d.body_by_symbol("TW").unwrap().name, "Bộ Chính trị");
        assert_eq!(d.sector("Giao thông vận tải").unwrap(), "giao thông");
        assert_eq!(
            d.expand("Chủ tịch UBND tỉnh"),
            "Chủ tịch Ủy ban nhân dân tỉnh"
        );
        assert_eq!(d.expand("HDND huyện"), "Hội đồng nhân dân huyện");
        assert_eq!(
            d.respell_abbreviations("Ban TDKT TW, HDND tỉnh"),
            "Ban TĐKT TW, HĐND tỉnh"
        );
        assert_eq!(d.respell_abbreviations("Sở KHDT; DA"), "Sở KHDT; DA");
        let u = d.unit("tỉnh", "HẢI DƯƠNG").unwrap();
        assert_eq!(u.name, "Hải Dương");
        let u = d.unit("thành phố", "Hà Nội").unwrap();
        assert_eq!(u.kind, "thành phố trực thuộc trung ương");
    }

    #[test]
    fn phrases_match_folded_whole_words() {
        let d = Dictionaries::load().unwrap();
        let t = "Bằng khen của Thủ tướng Chính phủ và Giấy khen";
        let found = d.award_set.find_all(t);
        let forms: Vec<&str> = found
            .iter()
            .map(|f| d.awards[f.index].form.as_str())
            .collect();
        assert_eq!(forms, ["Bằng khen", "Giấy khen"]);
        let found = d.body_set.find_all("UY BAN NHAN DAN TINH");
        assert_eq!(d.bodies[found[0].index].name, "Ủy ban nhân dân");
    }
}
