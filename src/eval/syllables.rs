//! Syllable accuracy of a restoration against its gold text, defined exactly as the official
//! `score-restore` tool defines it:
//!
//! - a syllable is a maximal run of letters (digits and punctuation are not scored);
//! - two syllables are equal when they are equal after NFC, lower-casing and moving the tone
//!   mark to a canonical place (`hoà` = `hòa`); any other difference is an error;
//! - gold and hypothesis are aligned on their diacritic-free skeletons with difflib's
//!   algorithm, so a dropped, split or merged syllable costs only itself.

use super::sequence::{OpKind, SequenceMatcher};
use serde::Serialize;
use std::collections::HashMap;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The five Vietnamese tone marks as combining characters: huyền, sắc, ngã, hỏi, nặng.
const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// The outcome of scoring one restoration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyllableScore {
    pub gold_syllables: usize,
    pub hyp_syllables: usize,
    pub correct: usize,
    /// `correct / gold_syllables`, 1.0 for an empty gold text.
    pub accuracy: f64,
    /// The most frequent errors as `(hypothesis, gold, count)`, most frequent first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub top_errors: Vec<(String, String, usize)>,
}

/// Scores `hyp` against `gold`; `show` > 0 also collects that many most frequent errors.
pub fn syllable_accuracy(gold: &str, hyp: &str, show: usize) -> SyllableScore {
    let g = syllables(gold);
    let h = syllables(hyp);
    let gs: Vec<String> = g.iter().map(|s| skeleton(s)).collect();
    let hs: Vec<String> = h.iter().map(|s| skeleton(s)).collect();
    let matcher = SequenceMatcher::new(&hs, &gs);
    let mut correct = 0;
    let mut errors: Vec<(String, String)> = Vec::new();
    for op in matcher.opcodes() {
        let (hr, gr) = (op.a.0..op.a.1, op.b.0..op.b.1);
        let paired =
            op.kind == OpKind::Equal || (op.kind == OpKind::Replace && hr.len() == gr.len());
        if paired {
            for (a, b) in h[hr].iter().zip(&g[gr]) {
                if split_tone(a) == split_tone(b) {
                    correct += 1;
                } else if show > 0 {
                    errors.push((a.clone(), b.clone()));
                }
            }
        } else if show > 0 {
            let lhs = if hr.is_empty() {
                "∅".to_string()
            } else {
                h[hr].join(" ")
            };
            errors.extend(g[gr].iter().map(|x| (lhs.clone(), x.clone())));
        }
    }
    let accuracy = if g.is_empty() {
        1.0
    } else {
        // The official tool rounds to 5 places; so do we, so that reports agree digit by digit.
        (correct as f64 / g.len() as f64 * 1e5).round() / 1e5
    };
    SyllableScore {
        gold_syllables: g.len(),
        hyp_syllables: h.len(),
        correct,
        accuracy,
        top_errors: most_common(errors, show),
    }
}

/// Python's `Counter.most_common(n)`: by count, ties in order of first occurrence.
fn most_common(items: Vec<(String, String)>, n: usize) -> Vec<(String, String, usize)> {
    let mut counts: HashMap<(String, String), (usize, usize)> = HashMap::new();
    for (order, item) in items.into_iter().enumerate() {
        counts.entry(item).or_insert((0, order)).0 += 1;
    }
    let mut list: Vec<_> = counts.into_iter().collect();
    list.sort_by(|x, y| y.1 .0.cmp(&x.1 .0).then(x.1 .1.cmp(&y.1 .1)));
    list.into_iter()
        .take(n)
        .map(|((a, b), (c, _))| (a, b, c))
        .collect()
}

/// A letter as Python's `[^\W\d_]` sees it: alphanumeric but not a digit.
fn is_letter(c: char) -> bool {
    c.is_alphabetic() || (c.is_numeric() && !c.is_ascii_digit() && c.to_digit(10).is_none())
}

/// The scored syllables of a text: maximal runs of letters after NFC.
pub fn syllables(text: &str) -> Vec<String> {
    let text: String = text.nfc().collect();
    let mut out = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if is_letter(c) {
            current.push(c);
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The syllable without its tone mark, and the tone mark, after lower-casing.
fn split_tone(syllable: &str) -> (String, String) {
    let lower = syllable.to_lowercase();
    let mut tone = String::new();
    let mut base = String::new();
    for c in lower.nfd() {
        if TONE_MARKS.contains(&c) {
            tone.push(c);
        } else {
            base.push(c);
        }
    }
    (base.nfc().collect(), tone)
}

/// The diacritic-free, lower-case form used for alignment.
fn skeleton(syllable: &str) -> String {
    syllable
        .to_lowercase()
        .replace('đ', "d")
        .nfd()
        .filter(|&c| !is_combining_mark(c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_placement_conventions_are_equal() {
        let s = syllable_accuracy("hòa thủy khỏe", "hoà thuỷ khoẻ", 0);
        assert_eq!((s.correct, s.gold_syllables), (3, 3));
    }

    #[test]
    fn marks_and_d_bar_count() {
        let s = syllable_accuracy("Đồng Tháp của", "Dong Tháp cua", 5);
        assert_eq!(s.correct, 1);
        assert_eq!(s.accuracy, 0.33333);
        assert_eq!(s.top_errors[0], ("Dong".into(), "Đồng".into(), 1));
    }

    #[test]
    fn digits_and_punctuation_are_not_scored() {
        let s = syllable_accuracy("Số: 105/KH-UBND", "S6 105 /KH-UBND", 0);
        // gold: Số KH UBND; hyp: S KH UBND ("6" splits nothing off, it is not a letter)
        assert_eq!(s.gold_syllables, 3);
        assert_eq!(s.correct, 2);
    }

    #[test]
    fn dropped_syllable_costs_only_itself() {
        let s = syllable_accuracy("hệ thống chính trị", "hệ chính trị", 0);
        assert_eq!((s.correct, s.gold_syllables), (3, 4));
    }

    #[test]
    fn empty_gold_is_perfect() {
        assert_eq!(syllable_accuracy("", "anything", 0).accuracy, 1.0);
    }
}
