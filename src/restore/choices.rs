//! The readings the decoder chooses among for one word token, given its [`View`].

use super::candidates::SearchLimits;
use super::channel::Channel;
use super::condition::View;
use super::lattice::{self, Choice};
use super::lm::UNK;
use super::restorer::Restorer;
use crate::text::{self, Case};

/// Near spellings kept for a form without candidates.
const FUZZY_K: usize = 5;
/// Channel cost of a near spelling: a base above the search's costliest rewrites, plus a
/// step per edit.
const FUZZY_COST: f32 = 8.0;
const FUZZY_STEP: f32 = 1.0;

impl Restorer {
    /// The reading of a document symbol spelled with D for Đ (`QD` → `QĐ`), if `w` is one.
    pub(super) fn symbol_reading(&self, w: &str) -> Option<&str> {
        if w.len() < 2 || !w.is_ascii() || Case::of(w) != Case::Upper {
            return None;
        }
        self.symbols
            .get(&text::fold(w).to_uppercase())
            .map(String::as_str)
            .filter(|sym| *sym != w)
    }

    /// The readings of one word token, cheapest first. `ocr` is the OCR channel (adapted to
    /// the document in a second pass); `symbol` says the token is part of a document symbol.
    pub(super) fn choices(
        &self,
        ocr: &Channel,
        view: View,
        w: &str,
        symbol: bool,
        limits: SearchLimits,
    ) -> Vec<Choice> {
        let canon = text::canonical(w);
        let keep = |cost: f32| Choice {
            word: self.lm.id(&canon),
            cost,
            prefix: w.len() as u32,
            then_number: false,
            keep: true,
        };
        if view == View::Keep {
            return vec![keep(0.0)];
        }
        // Document symbols: an all-capitals D-spelling of a known Đ symbol.
        if let Some(sym) = self.symbol_reading(w) {
            return vec![Choice {
                word: self.lm.id(&sym.to_lowercase()),
                cost: 0.0,
                prefix: w.len() as u32,
                then_number: false,
                keep: false,
            }];
        }
        // Other parts of a document symbol (`NQ/TU`, `KH-UBND`) are abbreviations, not
        // syllables: keep them.
        if symbol {
            return vec![keep(0.0)];
        }
        let (channel, extra, keep_cost, digits_as_letters) = match view {
            View::Keep => unreachable!("handled above"),
            View::Bare { cost } => (&self.stripped, cost, None, false),
            View::Ocr {
                extra,
                keep,
                digits,
            } => (ocr, extra, keep, digits),
        };
        let lower = w.to_lowercase();
        let has_digits = w.bytes().any(|b| b.is_ascii_digit());
        let mut out: Vec<Choice> = Vec::new();
        // (bytes of the token read, whether a number follows, extra cost)
        let mut readings = Vec::with_capacity(3);
        if !has_digits || digits_as_letters {
            readings.push((w.len(), false, 0.0f32));
        }
        if let Some(d) = lattice::trailing_digits(w) {
            // A lone letter before digits is more often a word with digits for letters
            // (`s6` = số) than a one-letter word glued to a number.
            let lone = w[..d].chars().count() < 2;
            let split_cost = self.tuning.split_cost + if lone { 2.0 } else { 0.0 };
            readings.push((d, true, split_cost));
            if w.len() - d >= 2 {
                readings.push((d + 1, true, split_cost));
            }
        }
        // Digits stay digits unless they may stand for letters here.
        readings.retain(|&(prefix, _, _)| {
            digits_as_letters || !w[..prefix].bytes().any(|b| b.is_ascii_digit())
        });
        for (prefix, then_number, reading_cost) in readings {
            let obs = if prefix == w.len() {
                lower.clone()
            } else {
                w[..prefix].to_lowercase()
            };
            for c in self.lexicon.search(channel, &obs, limits) {
                let mut ch = Choice::from_candidate(c, prefix, then_number);
                ch.keep = !then_number && self.lm.word(c.word) == canon;
                ch.cost += reading_cost + if ch.keep { 0.0 } else { extra };
                out.push(ch);
            }
        }
        // A garbled form no rewrite explains (`qubc`): words spelled nearly like it, dearer
        // than any learned rewrite so that only strong context picks them.
        if out.is_empty() && matches!(view, View::Ocr { .. }) && (!has_digits || digits_as_letters)
        {
            let near = self
                .fuzzy
                .lookup(&lower, FUZZY_K, |id| -self.lm.unigram(id));
            for (word, d) in near {
                out.push(Choice {
                    word,
                    cost: FUZZY_COST + FUZZY_STEP * d as f32 + extra,
                    prefix: w.len() as u32,
                    then_number: false,
                    keep: self.lm.word(word) == canon,
                });
            }
        }
        // Rank by channel cost and how common the word is, so that rare look-alikes (`xạy`)
        // do not crowd out the everyday word (`xây`) when only k are kept.
        let rank = |c: &Choice| c.cost - self.tuning.prior_weight * self.lm.unigram(c.word);
        out.sort_by(|a, b| rank(a).total_cmp(&rank(b)).then(a.word.cmp(&b.word)));
        // One entry per (word, prefix): the cheapest.
        let mut seen: Vec<(u32, u32)> = Vec::new();
        out.retain(|c| {
            let key = (c.word, c.prefix);
            if seen.contains(&key) {
                false
            } else {
                seen.push(key);
                true
            }
        });
        out.truncate(self.tuning.k);
        if !out.iter().any(|c| c.keep) {
            let id = self.lm.id(&canon);
            let cost = match keep_cost {
                Some(c) => c,
                None if matches!(view, View::Bare { .. }) && out.is_empty() => 0.0,
                None if id != UNK => self.tuning.keep_cost * 0.5,
                None => self.tuning.keep_cost,
            };
            out.push(keep(cost));
        }
        out
    }
}
