//! The syllable inventory: every well-formed syllable with its count in the LM corpus,
//! stored as `dictionaries/syllables.tsv`.
//!
//! Building ([`Counter`], [`generate`], [`build`]) and using ([`Inventory::load`],
//! [`Inventory::parse`]) are kept apart. The builder reads clean text, tokenizes it, parses
//! every word token as a syllable and counts it under its [`Syllable`] (so `hoà` and `hòa`
//! count together, without allocating per token), then adds every syllable the rule set
//! generates (onset × rime × tone) with count 0. The file is sorted by syllable (byte order),
//! one `syllable<TAB>count` per line, after `#` header lines; the same input gives the same
//! file, byte for byte.
//!
//! Format version: bump [`FORMAT`] when the columns or the canonical form change (e.g. a
//! switch of canonical tone placement); the loader rejects any other version.

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, Write};
use std::path::Path;

use super::letters::Tone;
use super::rime;
use super::syllable::{Syllable, ToneStyle};
use super::token::{tokenize, TokenKind};
use crate::{Error, Result};

/// The format line's value.
pub const FORMAT: &str = "vnplan.syllables/1";

/// Syllables (canonical lower-case Traditional form) and their corpus counts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inventory {
    counts: BTreeMap<String, u64>,
}

impl Inventory {
    /// Read an inventory file.
    pub fn load(path: impl AsRef<Path>) -> Result<Inventory> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Inventory::parse(&text).map_err(|e| e.at(path))
    }

    /// Parse an inventory from its text; a malformed line is an error naming its number.
    pub fn parse(text: &str) -> Result<Inventory> {
        let mut counts = BTreeMap::new();
        let mut format_seen = false;
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            if let Some(comment) = line.strip_prefix('#') {
                if let Some(version) = comment.trim().strip_prefix("format:") {
                    let version = version.trim();
                    if version != FORMAT {
                        return Err(Error::parse(
                            n,
                            format!("format {version}, expected {FORMAT}"),
                        ));
                    }
                    format_seen = true;
                }
                continue;
            }
            if line.is_empty() {
                continue;
            }
            if !format_seen {
                return Err(Error::parse(n, format!("no `# format: {FORMAT}` line")));
            }
            let mut fields = line.split('\t');
            let (Some(syllable), Some(count), None) = (fields.next(), fields.next(), fields.next())
            else {
                return Err(Error::parse(n, "expected 2 tab-separated columns"));
            };
            let count: u64 = count
                .parse()
                .map_err(|_| Error::parse(n, format!("count `{count}` is not a number")))?;
            match Syllable::parse(syllable) {
                Some(s) if s.compose(ToneStyle::Traditional) == syllable => {}
                _ => {
                    return Err(Error::parse(
                        n,
                        format!("`{syllable}` is not a canonical syllable"),
                    ))
                }
            }
            if counts.insert(syllable.to_string(), count).is_some() {
                return Err(Error::parse(n, format!("`{syllable}` listed twice")));
            }
        }
        Ok(Inventory { counts })
    }

    /// The corpus count of a canonical syllable; `None` if it is not in the inventory.
    pub fn count(&self, canonical: &str) -> Option<u64> {
        self.counts.get(canonical).copied()
    }

    /// Whether a canonical syllable is in the inventory.
    pub fn contains(&self, canonical: &str) -> bool {
        self.counts.contains_key(canonical)
    }

    /// Number of syllables.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// Whether the inventory is empty.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Syllables and counts in file order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u64)> {
        self.counts.iter().map(|(s, &c)| (s.as_str(), c))
    }

    /// Write the file: `header` lines (each gets `# `), the format line, then the rows.
    pub fn write(&self, out: &mut impl Write, header: &[String]) -> std::io::Result<()> {
        for line in header {
            writeln!(out, "# {line}")?;
        }
        writeln!(out, "# format: {FORMAT}")?;
        writeln!(out, "# columns: syllable<TAB>count")?;
        for (s, c) in &self.counts {
            writeln!(out, "{s}\t{c}")?;
        }
        Ok(())
    }
}

/// Counts syllables (and rejected all-letter words) in clean text.
#[derive(Debug, Default)]
pub struct Counter {
    syllables: HashMap<Syllable, u64>,
    rejected: HashMap<String, u64>,
    /// Word tokens made of letters only.
    pub letter_words: u64,
    /// Of those, how many are not syllables.
    pub rejected_words: u64,
}

impl Counter {
    /// A counter with nothing counted.
    pub fn new() -> Counter {
        Counter::default()
    }

    /// Count the word tokens of one line. Lines starting `### ` (the corpus's source
    /// headers) are skipped.
    pub fn add_line(&mut self, line: &str) {
        if line.starts_with("### ") {
            return;
        }
        for token in tokenize(line) {
            if token.kind != TokenKind::Word {
                continue;
            }
            let word = token.text(line);
            match Syllable::parse(word) {
                Some(s) => *self.syllables.entry(s).or_insert(0) += 1,
                None if word.chars().all(char::is_alphabetic) => {
                    self.letter_words += 1;
                    self.rejected_words += 1;
                    *self.rejected.entry(word.to_string()).or_insert(0) += 1;
                    continue;
                }
                None => continue,
            }
            self.letter_words += 1;
        }
    }

    /// Count every line of `reader`; invalid UTF-8 is replaced, not fatal (corpus text).
    pub fn add_reader(&mut self, mut reader: impl BufRead) -> std::io::Result<()> {
        let mut buf = Vec::new();
        loop {
            buf.clear();
            if reader.read_until(b'\n', &mut buf)? == 0 {
                return Ok(());
            }
            let line = String::from_utf8_lossy(&buf);
            self.add_line(&line);
        }
    }

    /// Syllable token count.
    pub fn syllable_tokens(&self) -> u64 {
        self.syllables.values().sum()
    }

    /// Rejected all-letter words with counts, most frequent first (ties by word).
    pub fn rejected(&self) -> Vec<(&str, u64)> {
        let mut v: Vec<(&str, u64)> = self
            .rejected
            .iter()
            .map(|(w, &c)| (w.as_str(), c))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v
    }

    /// The counts merged under canonical form (a syllable's spellings count together).
    pub fn into_inventory(self) -> Inventory {
        let mut counts = BTreeMap::new();
        for (s, c) in self.syllables {
            *counts.entry(s.compose(ToneStyle::Traditional)).or_insert(0) += c;
        }
        Inventory { counts }
    }
}

/// Every syllable the rule set allows: onset × rime × tone, kept when it parses back (so the
/// spelling rules and the stop-coda tone rule filter it), in canonical form.
pub fn generate() -> Vec<String> {
    let mut out = std::collections::BTreeSet::new();
    let onsets = std::iter::once("").chain(rime::ONSETS);
    for onset in onsets {
        let rimes: Vec<rime::Rime> = if onset == "qu" {
            rime::rimes_after_qu().collect()
        } else {
            rime::general_rimes().collect()
        };
        for r in rimes {
            for tone in Tone::ALL {
                let candidate = Syllable {
                    onset,
                    medial: r.medial,
                    nucleus: r.nucleus,
                    coda: r.coda,
                    tone,
                };
                let written = candidate.compose(ToneStyle::Traditional);
                if let Some(s) = Syllable::parse(&written) {
                    out.insert(s.compose(ToneStyle::Traditional));
                }
            }
        }
        // `gi` writes an i-rime's `i` itself (`gì`, `gìn`, `giếng`): compose those directly.
        if onset == "gi" {
            for r in rime::general_rimes().filter(|r| r.text.starts_with('i')) {
                for tone in Tone::ALL {
                    let written = format!("g{}", r.text);
                    let s = Syllable::parse(&written).map(|s| s.with_tone(tone));
                    if let Some(s) = s.filter(Syllable::is_well_formed) {
                        out.insert(s.compose(ToneStyle::Traditional));
                    }
                }
            }
        }
    }
    out.into_iter().collect()
}

/// The inventory of a corpus: its counted syllables plus every generated one (count 0).
pub fn build(counter: Counter) -> Inventory {
    let mut inventory = counter.into_inventory();
    for s in generate() {
        inventory.counts.entry(s).or_insert(0);
    }
    inventory
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_merge_spellings() {
        let mut c = Counter::new();
        c.add_line("Hòa hoà HOÀ thủy, NQ 2021 s6");
        c.add_line("### van-ban/x.md");
        assert_eq!(c.letter_words, 5);
        assert_eq!(c.rejected_words, 1);
        assert_eq!(c.rejected(), vec![("NQ", 1)]);
        let inv = c.into_inventory();
        assert_eq!(inv.count("hòa"), Some(3));
        assert_eq!(inv.count("thủy"), Some(1));
    }

    #[test]
    fn generated_syllables_are_canonical_and_parse() {
        let all = generate();
        assert!(all.len() > 10_000, "{}", all.len());
        for s in [
            "gì", "gìn", "giếng", "quốc", "khuya", "nghiêng", "oẳn", "thủy", "hòa",
        ] {
            assert!(all.binary_search(&s.to_string()).is_ok(), "{s}");
        }
        for s in &all {
            let p = Syllable::parse(s).unwrap_or_else(|| panic!("{s}"));
            assert_eq!(&p.compose(ToneStyle::Traditional), s);
        }
    }

    #[test]
    fn file_round_trips_and_bad_lines_are_named() {
        let mut c = Counter::new();
        c.add_line("người Việt");
        let inv = build(c);
        let mut out = Vec::new();
        inv.write(&mut out, &["test".to_string()]).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(Inventory::parse(&text).unwrap(), inv);
        let bad = format!("# format: {FORMAT}\nngười\t3\nviệt 2\n");
        assert_eq!(
            Inventory::parse(&bad).unwrap_err().to_string(),
            "line 3: expected 2 tab-separated columns"
        );
        let stale = "# format: vnplan.syllables/0\n";
        assert!(Inventory::parse(stale).is_err());
        let not_canonical = format!("# format: {FORMAT}\nhoà\t1\n");
        assert!(Inventory::parse(&not_canonical).is_err());
    }
}
