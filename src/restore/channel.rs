//! The channel model: how likely an OCR engine (or accent stripping) turns a true syllable
//! into what we see, P(observed | true).
//!
//! The model is a set of letter-cluster rewrites in the style of Brill & Moore: a *truth*
//! of one or two letters (`ư`, `ủa`, `ết`, or nothing for inserted noise) is observed as an
//! *observed* string of zero to three characters (`ir`, `tia`, `&`, or nothing for the
//! stacked vowels the dropped-vowel engine loses). Each rule has a cost = −ln P(observed |
//! truth). The cost of a whole token is the cheapest way to cover it with rules; the lexicon
//! search in [`super::candidates`] finds that cover and the true syllable at once.
//!
//! Rules come from `dictionaries/channel.tsv`, built by `vnplan build channel` (see
//! [`super::channel_build`]): generic mark rules ("modifier dropped, tone kept") plus rules
//! learned from aligned OCR pairs. Accent-stripped text needs no learning: [`Channel::stripped`]
//! maps every letter to its bare form at no cost.

use super::letters;
use crate::error::{Error, Result};
use rustc_hash::FxHashMap;
use std::collections::HashMap;

/// Magic first line of a channel TSV, naming its format.
pub const FORMAT: &str = "# format: vnplan.channel/1";
/// How an empty side of a rule is written in the TSV.
pub const EMPTY: &str = "∅";
/// Longest truth a rule may have, in letters (learned rules have at most two).
pub const MAX_TRUTH: usize = 4;

/// One rewrite: `truth` (lower case) is observed as `observed` (lower case) at `cost`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub truth: String,
    pub observed: String,
    pub cost: f32,
    /// How often the rule was seen in training pairs (0 for prior rules).
    pub count: u32,
}

/// Rules indexed by their observed side, for the lexicon search.
pub struct Channel {
    by_observed: FxHashMap<String, Vec<(String, f32)>>,
    /// Rules that observe nothing: dropped letters.
    deletions: Vec<(String, f32)>,
    max_observed: usize,
}

impl Channel {
    /// Indexes rules (the cheapest wins when a pair appears twice).
    pub fn from_rules(rules: &[Rule]) -> Channel {
        let mut best: HashMap<(&str, &str), f32> = HashMap::new();
        for r in rules {
            let e = best.entry((&r.observed, &r.truth)).or_insert(f32::INFINITY);
            *e = e.min(r.cost);
        }
        let mut by_observed: FxHashMap<String, Vec<(String, f32)>> = FxHashMap::default();
        let mut deletions = Vec::new();
        let mut max_observed = 1;
        for ((o, t), c) in best {
            if o.is_empty() {
                deletions.push((t.to_string(), c));
            } else {
                max_observed = max_observed.max(o.chars().count());
                by_observed
                    .entry(o.to_string())
                    .or_default()
                    .push((t.to_string(), c));
            }
        }
        // Deterministic order: cheapest first, then by text.
        let order = |a: &(String, f32), b: &(String, f32)| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0));
        for v in by_observed.values_mut() {
            v.sort_by(order);
        }
        deletions.sort_by(order);
        Channel {
            by_observed,
            deletions,
            max_observed,
        }
    }

    /// The channel of accent stripping: every letter is seen bare (`đ` as `d`), at no cost.
    pub fn stripped() -> Channel {
        let rules: Vec<Rule> = letters::vietnamese_letters()
            .into_iter()
            .map(|c| Rule {
                truth: c.to_string(),
                observed: letters::marks(c).base.to_string(),
                cost: 0.0,
                count: 0,
            })
            .collect();
        Channel::from_rules(&rules)
    }

    /// The truths that can be observed as `observed`, with their costs, cheapest first.
    pub fn truths(&self, observed: &str) -> &[(String, f32)] {
        self.by_observed.get(observed).map_or(&[], Vec::as_slice)
    }

    /// Truths that can be lost entirely.
    pub fn deletions(&self) -> &[(String, f32)] {
        &self.deletions
    }

    /// Longest observed side of any rule, in characters.
    pub fn max_observed(&self) -> usize {
        self.max_observed
    }

    /// Parses a channel TSV (`truth observed cost count`, `#` comments, `∅` for empty).
    pub fn parse_tsv(text: &str, name: &str) -> Result<Vec<Rule>> {
        if !text.lines().any(|l| l.trim_end() == FORMAT) {
            return Err(Error::model(
                name,
                format!("not a channel table: missing `{FORMAT}` line"),
            ));
        }
        let mut rules = Vec::new();
        let mut header_seen = false;
        for (i, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            if !header_seen {
                header_seen = true;
                if line.starts_with("truth\t") {
                    continue;
                }
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 4 {
                return Err(
                    Error::parse(i + 1, format!("expected 4 columns, found {}", f.len())).at(name),
                );
            }
            let side = |s: &str| {
                if s == EMPTY {
                    String::new()
                } else {
                    s.to_string()
                }
            };
            let cost: f32 = f[2]
                .parse()
                .map_err(|_| Error::parse(i + 1, format!("bad cost `{}`", f[2])).at(name))?;
            let count: u32 = f[3]
                .parse()
                .map_err(|_| Error::parse(i + 1, format!("bad count `{}`", f[3])).at(name))?;
            if !cost.is_finite() || cost < 0.0 {
                return Err(Error::parse(i + 1, "cost must be a finite number ≥ 0").at(name));
            }
            if f[0].chars().count() > MAX_TRUTH {
                return Err(Error::parse(
                    i + 1,
                    format!("truth `{}` is longer than {MAX_TRUTH} letters", f[0]),
                )
                .at(name));
            }
            rules.push(Rule {
                truth: side(f[0]),
                observed: side(f[1]),
                cost,
                count,
            });
        }
        Ok(rules)
    }

    /// Writes rules as a sorted TSV with the given `#` header lines.
    pub fn to_tsv(rules: &[Rule], header: &[&str]) -> String {
        let mut rows: Vec<&Rule> = rules.iter().collect();
        rows.sort_by(|a, b| a.truth.cmp(&b.truth).then(a.observed.cmp(&b.observed)));
        let mut out = String::new();
        for h in header {
            out.push_str(h);
            out.push('\n');
        }
        out.push_str(FORMAT);
        out.push_str("\ntruth\tobserved\tcost\tcount\n");
        let side = |s: &str| {
            if s.is_empty() {
                EMPTY.to_string()
            } else {
                s.to_string()
            }
        };
        for r in rows {
            out.push_str(&format!(
                "{}\t{}\t{:.3}\t{}\n",
                side(&r.truth),
                side(&r.observed),
                r.cost,
                r.count
            ));
        }
        out
    }
}

/// The generic rules every OCR channel starts from, stated on letter marks, plus the
/// look-alikes OCR engines without Vietnamese are known for. Learning adjusts these costs.
pub fn prior_rules() -> Vec<Rule> {
    let mut rules = Vec::new();
    let mut add = |t: &str, o: &str, cost: f32| {
        rules.push(Rule {
            truth: t.to_string(),
            observed: o.to_string(),
            cost,
            count: 0,
        })
    };
    let ocr = letters::ocr_letters();
    for t in letters::vietnamese_letters() {
        let tm = letters::marks(t);
        let ts = t.to_string();
        for &o in &ocr {
            let om = letters::marks(o);
            if om.base != tm.base {
                continue;
            }
            let cost = if o == t {
                0.05
            } else if o == tm.base {
                1.0
            } else if om.other.is_none()
                && (om.modifier.is_none() || om.modifier == tm.modifier)
                && (om.tone.is_none() || om.tone == tm.tone)
            {
                1.3
            } else if tm.modifier.is_none() && tm.tone.is_none() {
                3.5
            } else {
                2.5
            };
            add(&ts, &o.to_string(), cost);
        }
        if letters::is_stacked(t) {
            add(&ts, "", 4.5);
        }
    }
    // Look-alikes: digits and symbols for letters, letter clusters for marked vowels.
    let look_alikes: &[(&str, &[&str], f32)] = &[
        ("đ", &["p", "b"], 3.0),
        ("ư", &["w", "ü", "ir", "ii"], 2.5),
        ("ứ", &["ir", "ú"], 2.5),
        ("ừ", &["ir", "ù"], 2.5),
        ("ự", &["ir", "y"], 3.0),
        ("ơ", &["d", "c", "ö"], 3.5),
        ("ô", &["6", "0"], 3.0),
        ("ố", &["6", "é"], 3.0),
        ("ồ", &["6"], 3.0),
        ("ổ", &["6"], 3.0),
        ("ộ", &["6", "0"], 3.5),
        ("ủ", &["ti", "ii", "ü"], 2.5),
        ("ị", &["j"], 2.5),
        ("l", &["1", "i"], 3.0),
        ("ã", &["4"], 3.5),
        ("ạ", &["t"], 4.0),
        ("i", &["1", "l"], 4.0),
    ];
    for (t, os, c) in look_alikes {
        for o in *os {
            add(t, o, *c);
        }
    }
    rules
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_round_trip() {
        let rules = vec![
            Rule {
                truth: "ệ".into(),
                observed: String::new(),
                cost: 2.5,
                count: 7,
            },
            Rule {
                truth: "ư".into(),
                observed: "ir".into(),
                cost: 1.25,
                count: 3,
            },
        ];
        let text = Channel::to_tsv(&rules, &["# test"]);
        let back = Channel::parse_tsv(&text, "t").unwrap();
        assert_eq!(back.len(), 2);
        assert!(back
            .iter()
            .any(|r| r.truth == "ệ" && r.observed.is_empty() && r.count == 7));
        assert!(Channel::parse_tsv("a\tb\n", "t").is_err());
    }

    #[test]
    fn priors_cover_marks_and_look_alikes() {
        let ch = Channel::from_rules(&prior_rules());
        let truths = |o: &str| ch.truths(o).iter().map(|t| t.0.clone()).collect::<Vec<_>>();
        assert!(truths("e").contains(&"ệ".to_string()));
        assert!(truths("é").contains(&"ế".to_string()));
        assert!(truths("6").contains(&"ố".to_string()));
        assert!(truths("ir").contains(&"ư".to_string()));
        assert!(ch.deletions().iter().any(|d| d.0 == "ệ"));
        assert_eq!(ch.truths("a")[0].0, "a", "identity is cheapest");
    }
}
