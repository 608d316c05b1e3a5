//! Fuzzy lookup for the rare garbled forms the channel search finds nothing for (`qubc`):
//! vocabulary words whose folded spelling is within a small edit distance of the folded token
//! (optimal string alignment distance: swaps count as one edit).
//!
//! The words are bucketed by folded length, so a lookup looks only at the lengths a match can
//! have, and each carries a 64-bit set of the letters it uses: one edit changes that set by at
//! most two letters, so a word whose set differs from the token's by more than twice the
//! allowed distance is passed over without computing the distance.

use super::lm::{WordId, RESERVED};

/// Vocabulary words by folded spelling, for [`FuzzyIndex::lookup`].
pub struct FuzzyIndex {
    /// `by_len[n]`: (letter set, folded word, word) of the words of n folded letters.
    by_len: Vec<Vec<(u64, String, WordId)>>,
}

/// The set of letters of a string, hashed to 64 bits.
fn letter_set(s: &str) -> u64 {
    s.chars().fold(0u64, |m, c| {
        m | 1 << ((c as u32).wrapping_mul(0x9E37_79B9) >> 26)
    })
}

impl FuzzyIndex {
    /// Indexes the all-letter words of `vocab` (reserved tokens skipped).
    pub fn new<'a>(vocab: impl IntoIterator<Item = &'a str>) -> FuzzyIndex {
        let mut by_len: Vec<Vec<(u64, String, WordId)>> = Vec::new();
        for (id, w) in vocab.into_iter().enumerate().skip(RESERVED.len()) {
            if w.is_empty() || !w.chars().all(char::is_alphabetic) {
                continue;
            }
            let folded = crate::text::fold_lower(w);
            let n = folded.chars().count();
            if by_len.len() <= n {
                by_len.resize_with(n + 1, Vec::new);
            }
            by_len[n].push((letter_set(&folded), folded, id as WordId));
        }
        FuzzyIndex { by_len }
    }

    /// The words within edit distance 2 (1 for tokens of at most three letters) of the
    /// folded `observed`, with their distances, nearest first; `rank` orders equal
    /// distances (lower first), and at most `k` are kept.
    pub fn lookup(
        &self,
        observed: &str,
        k: usize,
        rank: impl Fn(WordId) -> f32,
    ) -> Vec<(WordId, usize)> {
        let obs = crate::text::fold_lower(observed);
        let n = obs.chars().count();
        if n == 0 {
            return Vec::new();
        }
        let max = if n <= 3 { 1 } else { 2 };
        let set = letter_set(&obs);
        let mut found: Vec<(WordId, usize)> = Vec::new();
        for len in n.saturating_sub(max).max(1)..=n + max {
            for (letters, folded, id) in self.by_len.get(len).map_or(&[][..], |b| &b[..]) {
                if (letters ^ set).count_ones() as usize > 2 * max {
                    continue;
                }
                let d = strsim::osa_distance(&obs, folded);
                if d <= max {
                    found.push((*id, d));
                }
            }
        }
        found.sort_by(|a, b| {
            a.1.cmp(&b.1)
                .then_with(|| rank(a.0).total_cmp(&rank(b.0)))
                .then(a.0.cmp(&b.0))
        });
        found.truncate(k);
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_sets_never_reject_a_near_spelling() {
        // Substitution, insertion, deletion and swap: each within the allowed set distance.
        for (a, b, d) in [
            ("quoc", "qubc", 1),
            ("quoc", "quoac", 1),
            ("quoc", "quc", 1),
            ("quoc", "qouc", 1),
            ("nghiep", "ngihep", 1),
            ("thong", "thnog", 1),
            ("cuoc", "quoc", 2),
        ] {
            assert!(strsim::osa_distance(a, b) <= d, "{a} {b}");
            assert!(
                (letter_set(a) ^ letter_set(b)).count_ones() as usize <= 2 * d,
                "{a} {b}"
            );
        }
    }
}
