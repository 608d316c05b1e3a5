//! Training the n-gram language model: counts → modified Kneser–Ney → compact binary.
//!
//! Data flow: [`super::corpus`] turns raw text into sentences of word ids (vocabulary cut by
//! frequency); [`build`] counts every n-gram by sorting packed keys (a few hundred MB for
//! ~30 M syllables, no hash maps), derives Kneser–Ney adjusted counts (continuation counts for
//! lower orders, raw counts for the top order and for n-grams that start with `<s>`), three
//! discounts per order from the count-of-counts (Chen & Goodman), interpolated probabilities,
//! converted to back-off form; then drops n-grams below the count cut-offs, quantises
//! log-probabilities and back-offs to 8-bit codebooks (256 quantile bins per order) and
//! fills the hash tables of [`super::lm`].
//!
//! Everything is deterministic: the same corpus gives the same bytes.

use super::lm::{self, LanguageModel, Table, WordId, BOS};

/// Bits per word id in a packed n-gram key (vocabularies up to 16 M words).
const BITS: u32 = 24;
const MASK: u128 = (1 << BITS) - 1;

/// Training settings.
#[derive(Clone, Debug)]
pub struct LmConfig {
    /// Model order (2..=4).
    pub order: usize,
    /// `cutoffs[n]`: minimum raw count for an n-gram of order n to be stored (orders ≥ 2).
    pub cutoffs: [u32; lm::MAX_ORDER + 1],
    /// Free slots per stored entry: capacity = entries × this (misses stay short).
    pub load: f64,
}

impl Default for LmConfig {
    fn default() -> Self {
        LmConfig {
            order: 4,
            cutoffs: [0, 0, 1, 2, 3],
            load: 1.5,
        }
    }
}

fn pack(ids: &[WordId]) -> u128 {
    ids.iter()
        .fold(0u128, |k, &id| (k << BITS) | u128::from(id))
}

fn unpack(key: u128, n: usize, out: &mut [WordId; lm::MAX_ORDER]) {
    for (i, slot) in out.iter_mut().take(n).enumerate() {
        *slot = ((key >> (BITS as usize * (n - 1 - i))) & MASK) as WordId;
    }
}

fn first_id(key: u128, n: usize) -> WordId {
    (key >> (BITS as usize * (n - 1))) as WordId
}

/// Sorted distinct n-grams of one order with their raw counts.
fn count_order(sentences: &[WordId], n: usize) -> Vec<(u128, u32)> {
    let mut keys: Vec<u128> = Vec::new();
    let mut padded: Vec<WordId> = Vec::with_capacity(256);
    // Sentences are separated by EOS in `sentences`; each is padded with <s> … </s>.
    for sent in sentences.split(|&w| w == lm::EOS) {
        if sent.is_empty() {
            continue;
        }
        padded.clear();
        padded.push(BOS);
        padded.extend_from_slice(sent);
        padded.push(lm::EOS);
        if padded.len() < n {
            continue;
        }
        for win in padded.windows(n) {
            if n == 1 && win[0] == BOS {
                continue;
            }
            keys.push(pack(win));
        }
    }
    keys.sort_unstable();
    let mut out: Vec<(u128, u32)> = Vec::with_capacity(keys.len() / 2);
    for k in keys {
        match out.last_mut() {
            Some((last, c)) if *last == k => *c += 1,
            _ => out.push((k, 1)),
        }
    }
    out
}

fn find(grams: &[(u128, u32)], key: u128) -> Option<usize> {
    grams.binary_search_by(|g| g.0.cmp(&key)).ok()
}

/// Modified Kneser–Ney discounts D1, D2, D3+ from adjusted counts.
fn discounts(adjusted: &[u32]) -> [f64; 4] {
    let mut n = [0f64; 5];
    for &a in adjusted {
        if (1..=4).contains(&a) {
            n[a as usize] += 1.0;
        }
    }
    let (n1, n2, n3, n4) = (n[1].max(1.0), n[2].max(1.0), n[3].max(1.0), n[4].max(1.0));
    let y = n1 / (n1 + 2.0 * n2);
    let d = |k: f64, nk: f64, nk1: f64| (k - (k + 1.0) * y * nk1 / nk).clamp(0.05, k);
    [0.0, d(1.0, n1, n2), d(2.0, n2, n3), d(3.0, n3, n4)]
}

/// 256 quantile bins: (centres, upper bounds) for 8-bit quantisation.
fn codebook(values: &[f32]) -> (Vec<f32>, Vec<f32>) {
    let mut v: Vec<f32> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_unstable_by(f32::total_cmp);
    let mut centres = vec![0f32; 256];
    let mut bounds = vec![f32::INFINITY; 256];
    if v.is_empty() {
        return (centres, bounds);
    }
    for b in 0..256 {
        let lo = b * v.len() / 256;
        let hi = ((b + 1) * v.len() / 256).max(lo + 1).min(v.len());
        let lo = lo.min(hi - 1);
        let slice = &v[lo..hi];
        centres[b] = (slice.iter().map(|&x| f64::from(x)).sum::<f64>() / slice.len() as f64) as f32;
        bounds[b] = slice[slice.len() - 1];
    }
    bounds[255] = f32::INFINITY;
    (centres, bounds)
}

fn quantise(bounds: &[f32], x: f32) -> u8 {
    bounds.partition_point(|&b| b < x).min(255) as u8
}

/// Trains a model on `sentences` (word ids, sentences ended by [`lm::EOS`]) over `vocab`
/// (reserved tokens first). Returns the model and a one-line summary per order.
pub fn build(
    sentences: &[WordId],
    vocab: Vec<String>,
    config: &LmConfig,
) -> (LanguageModel, Vec<String>) {
    let order = config.order.clamp(1, lm::MAX_ORDER);
    let v = vocab.len();
    let mut report = Vec::new();
    // Raw counts per order, 1-based.
    let mut grams: Vec<Vec<(u128, u32)>> = vec![Vec::new()];
    for n in 1..=order {
        grams.push(count_order(sentences, n));
    }
    // Adjusted counts.
    let mut adjusted: Vec<Vec<u32>> = vec![Vec::new(); order + 1];
    for n in (1..=order).rev() {
        if n == order {
            adjusted[n] = grams[n].iter().map(|g| g.1).collect();
            continue;
        }
        let mask: u128 = (1u128 << (BITS as usize * n)) - 1;
        let mut suffixes: Vec<u128> = grams[n + 1].iter().map(|g| g.0 & mask).collect();
        suffixes.sort_unstable();
        let mut adj = vec![0u32; grams[n].len()];
        let mut i = 0;
        while i < suffixes.len() {
            let mut j = i;
            while j < suffixes.len() && suffixes[j] == suffixes[i] {
                j += 1;
            }
            if let Some(idx) = find(&grams[n], suffixes[i]) {
                adj[idx] = (j - i) as u32;
            }
            i = j;
        }
        for (idx, g) in grams[n].iter().enumerate() {
            if first_id(g.0, n) == BOS || adj[idx] == 0 {
                adj[idx] = g.1;
            }
        }
        adjusted[n] = adj;
    }
    // Probabilities (linear) and back-offs (linear), per order, aligned with grams[n].
    let mut probs: Vec<Vec<f64>> = vec![Vec::new(); order + 1];
    let mut backoffs: Vec<Vec<f64>> = vec![Vec::new(); order + 1];
    // Unigrams, interpolated with the uniform distribution.
    let d = discounts(&adjusted[1]);
    let disc = |a: u32, d: &[f64; 4]| d[(a as usize).min(3)];
    let mut uni_p = vec![0f64; v];
    let mut uni_b = vec![1f64; v];
    {
        let (mut sum, mut mass) = (0f64, 0f64);
        for (g, &a) in grams[1].iter().zip(&adjusted[1]) {
            if first_id(g.0, 1) != BOS {
                sum += f64::from(a);
                mass += disc(a, &d);
            }
        }
        let gamma = mass / sum.max(1.0);
        let uniform = 1.0 / (v - 1) as f64;
        for p in uni_p.iter_mut() {
            *p = gamma * uniform;
        }
        for (g, &a) in grams[1].iter().zip(&adjusted[1]) {
            let id = first_id(g.0, 1) as usize;
            if id != BOS as usize {
                uni_p[id] = (f64::from(a) - disc(a, &d)) / sum + gamma * uniform;
            }
        }
        uni_p[BOS as usize] = 0.0;
        probs[1] = grams[1]
            .iter()
            .map(|g| uni_p[first_id(g.0, 1) as usize])
            .collect();
        backoffs[1] = vec![1.0; grams[1].len()];
        report.push(format!(
            "order 1: {} words, D = {:.3} {:.3} {:.3}",
            v, d[1], d[2], d[3]
        ));
    }
    for n in 2..=order {
        let d = discounts(&adjusted[n]);
        let g = &grams[n];
        let mut p = vec![0f64; g.len()];
        let lower_mask: u128 = (1u128 << (BITS as usize * (n - 1))) - 1;
        let mut i = 0;
        while i < g.len() {
            let ctx = g[i].0 >> BITS;
            let mut j = i;
            let (mut sum, mut mass) = (0f64, 0f64);
            while j < g.len() && g[j].0 >> BITS == ctx {
                let a = adjusted[n][j];
                sum += f64::from(a);
                mass += disc(a, &d);
                j += 1;
            }
            let gamma = mass / sum.max(1.0);
            if let Some(ci) = find(&grams[n - 1], ctx) {
                backoffs[n - 1][ci] = gamma;
            }
            for k in i..j {
                let a = adjusted[n][k];
                let lower = match find(&grams[n - 1], g[k].0 & lower_mask) {
                    Some(li) => probs[n - 1][li],
                    None => uni_p[(g[k].0 & MASK) as usize],
                };
                p[k] = (f64::from(a) - disc(a, &d)) / sum.max(1.0) + gamma * lower;
            }
            i = j;
        }
        probs[n] = p;
        backoffs[n] = vec![1.0; g.len()];
        report.push(format!(
            "order {n}: {} distinct, D = {:.3} {:.3} {:.3}",
            g.len(),
            d[1],
            d[2],
            d[3]
        ));
    }
    for (ci, g) in grams[1].iter().enumerate() {
        uni_b[first_id(g.0, 1) as usize] = backoffs[1][ci];
    }
    // Prune, quantise, hash.
    let mut tables = Vec::new();
    for n in 2..=order {
        let keep: Vec<usize> = (0..grams[n].len())
            .filter(|&k| grams[n][k].1 >= config.cutoffs[n].max(1))
            .collect();
        let lp: Vec<f32> = keep.iter().map(|&k| probs[n][k].ln() as f32).collect();
        let lb: Vec<f32> = keep.iter().map(|&k| backoffs[n][k].ln() as f32).collect();
        let (prob_book, prob_bounds) = codebook(&lp);
        let (backoff_book, backoff_bounds) = codebook(&lb);
        let cap = ((keep.len() as f64 * config.load) as usize).max(1);
        let mut prints = vec![0u32; cap];
        let mut qp = vec![0u8; cap];
        let mut qb = if n < order {
            vec![0u8; cap]
        } else {
            Vec::new()
        };
        let mut ids = [0 as WordId; lm::MAX_ORDER];
        for (e, &k) in keep.iter().enumerate() {
            unpack(grams[n][k].0, n, &mut ids);
            let (mut slot, print) = lm::slot_and_print(lm::ngram_hash(&ids[..n]), cap);
            while prints[slot] != 0 {
                slot = (slot + 1) % cap;
            }
            prints[slot] = print;
            qp[slot] = quantise(&prob_bounds, lp[e]);
            if n < order {
                qb[slot] = quantise(&backoff_bounds, lb[e]);
            }
        }
        report.push(format!(
            "order {n}: {} stored (count ≥ {})",
            keep.len(),
            config.cutoffs[n].max(1)
        ));
        tables.push(Table {
            prints,
            probs: qp,
            backoffs: qb,
            prob_book,
            backoff_book,
        });
    }
    let uni_prob: Vec<f32> = uni_p
        .iter()
        .map(|&p| if p > 0.0 { p.ln() as f32 } else { -99.0 })
        .collect();
    let uni_backoff: Vec<f32> = uni_b.iter().map(|&b| b.ln() as f32).collect();
    (
        LanguageModel::from_parts(order, vocab, uni_prob, uni_backoff, tables),
        report,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::restore::lm::{State, EOS, RESERVED};

    fn toy() -> LanguageModel {
        let mut vocab: Vec<String> = RESERVED.iter().map(|s| s.to_string()).collect();
        for w in ["ủy", "ban", "nhân", "dân", "tỉnh"] {
            vocab.push(w.to_string());
        }
        let s = [
            5, 6, 7, 8, EOS, 5, 6, 7, 8, 9, EOS, 6, 7, 8, EOS, 9, 5, 6, EOS,
        ];
        let mut sents = Vec::new();
        for _ in 0..3 {
            sents.extend_from_slice(&s);
        }
        build(
            &sents,
            vocab,
            &LmConfig {
                cutoffs: [0; 5],
                ..LmConfig::default()
            },
        )
        .0
    }

    #[test]
    fn seen_order_beats_scrambled() {
        let lm = toy();
        let good = lm.sentence(&["ủy", "ban", "nhân", "dân"]);
        let bad = lm.sentence(&["dân", "nhân", "ban", "ủy"]);
        assert!(good > bad + 2.0, "{good} vs {bad}");
    }

    #[test]
    fn distribution_sums_to_about_one() {
        let lm = toy();
        let mut s = lm.begin_state();
        let mut out = State::default();
        lm.score(&lm.begin_state(), 5, &mut s);
        let total: f32 = (0..lm.vocab_size() as u32)
            .filter(|&w| w != BOS)
            .map(|w| lm.score(&s, w, &mut out).exp())
            .sum();
        assert!((total - 1.0).abs() < 0.1, "{total}");
    }

    #[test]
    fn bytes_round_trip() {
        let lm = toy();
        let bytes = lm.to_bytes();
        let back = LanguageModel::from_bytes(&bytes, "toy").unwrap();
        assert!(back.vocab().eq(lm.vocab()));
        let a = lm.sentence(&["ủy", "ban", "tỉnh"]);
        let b = back.sentence(&["ủy", "ban", "tỉnh"]);
        assert_eq!(a, b);
    }
}
