//! Learning the channel model from aligned (OCR token, true syllable) pairs.
//!
//! Hard EM in the style of Brill & Moore: align each pair letter-cluster by letter-cluster
//! with the current rule costs (a dynamic programme over truth units of 0–2 letters and
//! observed units of 0–3 characters; pairs no rule covers get a generic, expensive cost so new
//! rewrites such as `ủ → ti` can be discovered), count the rules on the best alignment, and
//! re-estimate cost = −ln P(observed | truth), with P smoothed towards the prior rules of
//! [`super::channel::prior_rules`]. Three rounds settle it. The denominator of P is how often
//! the truth occurs in the true syllables, so a rule's cost is per occurrence, which is what
//! the lexicon search charges.

use super::channel::{prior_rules, Channel, Rule};
use crate::text;
use std::collections::HashMap;

/// One training pair: what the OCR shows (lower case) and the true syllable (canonical), and
/// how many times the pair was seen.
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    pub observed: String,
    pub truth: String,
    pub count: u32,
}

fn is_edge_punct(c: char) -> bool {
    !(c.is_alphanumeric() || matches!(c, '&' | '@' | '$' | '¢' | '£' | '€' | '©' | '®' | '§' | '¥'))
}

/// Reads `count kind ocr clean` rows (scripts/align-ocr-pairs.py); keeps the 1:1 rows whose
/// clean side is one word, with edge punctuation stripped from both sides.
pub fn read_pairs(text: &str) -> Vec<Pair> {
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 4 || f[1] != "1:1" {
            continue;
        }
        let Ok(count) = f[0].parse::<u32>() else {
            continue;
        };
        let clean = f[3].trim_matches(is_edge_punct);
        let ocr = f[2].trim_matches(is_edge_punct);
        if clean.is_empty() || ocr.is_empty() || !clean.chars().all(char::is_alphabetic) {
            continue;
        }
        if ocr.chars().count() > 12 {
            continue;
        }
        out.push(Pair {
            observed: text::nfc(ocr).to_lowercase(),
            truth: text::canonical(clean),
            count,
        });
    }
    out
}

const GENERIC_BASE: f32 = 5.0;
const GENERIC_PER_CHAR: f32 = 1.5;

/// The best alignment of `truth` to `observed` as (truth unit, observed unit) pairs.
pub(crate) fn align(
    truth: &[char],
    observed: &[char],
    costs: &HashMap<(String, String), f32>,
) -> Vec<(String, String)> {
    let (n, m) = (truth.len(), observed.len());
    let w = m + 1;
    let mut dp = vec![f32::INFINITY; (n + 1) * w];
    let mut back = vec![(0u8, 0u8); (n + 1) * w];
    dp[0] = 0.0;
    for i in 0..=n {
        for j in 0..=m {
            let here = dp[i * w + j];
            if !here.is_finite() {
                continue;
            }
            for a in 0..=2usize.min(n - i) {
                for b in 0..=3usize.min(m - j) {
                    if a + b == 0 {
                        continue;
                    }
                    let t: String = truth[i..i + a].iter().collect();
                    let o: String = observed[j..j + b].iter().collect();
                    let c = match costs.get(&(t, o)) {
                        Some(&c) => c,
                        None if a == 2 && b == 0 => continue,
                        None => GENERIC_BASE + GENERIC_PER_CHAR * (a + b) as f32,
                    };
                    let k = (i + a) * w + j + b;
                    if here + c < dp[k] {
                        dp[k] = here + c;
                        back[k] = (a as u8, b as u8);
                    }
                }
            }
        }
    }
    let mut units = Vec::new();
    let (mut i, mut j) = (n, m);
    while i + j > 0 {
        let (a, b) = back[i * w + j];
        let (a, b) = (a as usize, b as usize);
        if a + b == 0 {
            break;
        }
        units.push((
            truth[i - a..i].iter().collect(),
            observed[j - b..j].iter().collect(),
        ));
        i -= a;
        j -= b;
    }
    units.reverse();
    units
}

/// Learns the channel table; returns the TSV text and a report.
pub fn build(pairs: &[Pair], sources: &[String]) -> (String, Vec<String>) {
    let prior: HashMap<(String, String), f32> = prior_rules()
        .into_iter()
        .map(|r| ((r.truth, r.observed), r.cost))
        .collect();
    // How often each truth unit (1–2 letters) occurs, and observed characters overall.
    let mut occurrences: HashMap<String, f64> = HashMap::new();
    let mut observed_chars = 0f64;
    let chars: Vec<(Vec<char>, Vec<char>, f64)> = pairs
        .iter()
        .map(|p| {
            (
                p.truth.chars().collect(),
                p.observed.chars().collect(),
                f64::from(p.count),
            )
        })
        .collect();
    for (t, o, c) in &chars {
        observed_chars += o.len() as f64 * c;
        for a in 1..=2 {
            for win in t.windows(a) {
                *occurrences.entry(win.iter().collect()).or_default() += c;
            }
        }
    }
    let mut costs = prior.clone();
    let mut counts: HashMap<(String, String), f64> = HashMap::new();
    let alpha = 3.0f64;
    for _round in 0..3 {
        counts.clear();
        for (t, o, c) in &chars {
            for unit in align(t, o, &costs) {
                *counts.entry(unit).or_default() += c;
            }
        }
        let mut next: HashMap<(String, String), f32> = HashMap::new();
        let keys: Vec<(String, String)> = prior.keys().chain(counts.keys()).cloned().collect();
        for key in keys {
            if next.contains_key(&key) {
                continue;
            }
            let n = counts.get(&key).copied().unwrap_or(0.0);
            let multi = key.0.chars().count() + key.1.chars().count() > 2;
            let p_prior = prior.get(&key).map_or(0.0, |&c| f64::from(-c).exp());
            if p_prior == 0.0 && n < if multi { 3.0 } else { 2.0 } {
                continue;
            }
            let total = if key.0.is_empty() {
                observed_chars
            } else {
                occurrences.get(&key.0).copied().unwrap_or(0.0)
            };
            let p = (n + alpha * p_prior) / (total + alpha);
            let cost = (-(p.clamp(1e-9, 1.0)).ln()) as f32;
            next.insert(key, cost.max(0.01));
        }
        costs = next;
    }
    let mut rules: Vec<Rule> = costs
        .iter()
        .map(|((t, o), &c)| Rule {
            truth: t.clone(),
            observed: o.clone(),
            cost: c,
            count: counts
                .get(&(t.clone(), o.clone()))
                .copied()
                .unwrap_or(0.0)
                .round() as u32,
        })
        .collect();
    rules.sort_by(|a, b| a.truth.cmp(&b.truth).then(a.observed.cmp(&b.observed)));
    let learned = rules.iter().filter(|r| r.count > 0).count();
    let total_pairs: u64 = pairs.iter().map(|p| u64::from(p.count)).sum();
    let mut header: Vec<String> = vec![
        "# vnplan channel model: cost = -ln P(observed | truth) of letter-cluster rewrites made by OCR".into(),
        "# engines without a Vietnamese model (truth: 0-2 letters of the true syllable; observed: 0-3".into(),
        "# characters of the OCR token, lower case; ∅ = nothing). count = uses in the training alignments.".into(),
        "# source: generic mark rules and look-alikes of src/restore/channel.rs, re-estimated by hard EM on".into(),
        "# aligned (OCR, clean) token pairs from scripts/align-ocr-pairs.py (dev documents 000/003 and".into(),
        "# ocr-sim renderings of LM-corpus lines); licence: MIT OR Apache-2.0 (as vnplan).".into(),
        "# build: vnplan build channel PAIRS.tsv... --out dictionaries/channel.tsv; inputs:".into(),
    ];
    for s in sources {
        header.push(format!("#   {s}"));
    }
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let text = Channel::to_tsv(&rules, &header_refs);
    let report = vec![format!(
        "{} pairs ({total_pairs} tokens): {} rules, {learned} used in alignments",
        pairs.len(),
        rules.len()
    )];
    (text, report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_cluster_rewrites() {
        let mut pairs = Vec::new();
        for (o, t) in [
            ("ctia", "của"),
            ("ctia", "của"),
            ("ctia", "của"),
            ("thirc", "thực"),
            ("h", "hệ"),
            ("s6", "số"),
        ] {
            pairs.push(Pair {
                observed: o.into(),
                truth: t.into(),
                count: 5,
            });
        }
        let (tsv, _) = build(&pairs, &["test".to_string()]);
        let rules = Channel::parse_tsv(&tsv, "t").unwrap();
        let ch = Channel::from_rules(&rules);
        assert!(ch.truths("ti").iter().any(|t| t.0 == "ủ"), "ủ → ti learned");
        assert!(ch.deletions().iter().any(|t| t.0 == "ệ"));
        assert!(ch.truths("6").iter().any(|t| t.0 == "ố"));
    }

    #[test]
    fn reads_one_to_one_rows() {
        let text = "# c\n3\t1:1\tctia,\tcủa,\n1\t1:2\tngay07\tngày 07\n2\t1:1\tS6\tSố\n";
        let p = read_pairs(text);
        assert_eq!(p.len(), 2);
        assert_eq!(
            (p[0].observed.as_str(), p[0].truth.as_str()),
            ("ctia", "của")
        );
        assert_eq!(p[1].observed, "s6");
    }
}
