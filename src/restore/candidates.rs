//! Candidate generation: which known words could an observed token be, and at what channel
//! cost.
//!
//! The [`Lexicon`] is a letter trie over the language model's vocabulary. [`Lexicon::search`]
//! walks it and the observed token together, best first (Dijkstra over (trie node, position
//! in the token) states): at each step a channel rule consumes 0–3 observed characters and
//! follows 0–2 trie letters, so a word is found exactly when some cover of the token by rules
//! spells it, at the cost of the cheapest cover. Only words of the vocabulary are ever
//! proposed, the trie prunes impossible spellings at once, and the search stops after the
//! best `k` words or when costs pass the best by `beam`. Deleted letters (the dropped-vowel
//! engine) are limited to two per word.

use super::channel::Channel;
use super::lm::{WordId, RESERVED};
use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

const NO_WORD: WordId = WordId::MAX;

/// Buffers of one thread's searches, kept between calls: a search is small and frequent,
/// so allocating and growing them afresh each time cost more than the search itself.
#[derive(Default)]
struct SearchScratch {
    obs: Vec<char>,
    heap: BinaryHeap<Entry>,
    seen: FxHashSet<(u32, u16)>,
}

thread_local! {
    static SCRATCH: RefCell<SearchScratch> = RefCell::new(SearchScratch::default());
}

/// A letter trie over the vocabulary.
pub struct Lexicon {
    /// Children of node n: `edges[first[n]..first[n + 1]]`, sorted by letter.
    first: Vec<u32>,
    edges: Vec<(char, u32)>,
    words: Vec<WordId>,
}

/// A proposed true word for an observed token.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Candidate {
    pub word: WordId,
    /// Channel cost, −ln P(observed | word).
    pub cost: f32,
}

#[derive(PartialEq)]
struct Entry {
    cost: f32,
    node: u32,
    pos: u16,
    deletions: u8,
}
impl Eq for Entry {}
impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        // BinaryHeap is a max-heap: lowest cost first; ties broken for determinism.
        other
            .cost
            .total_cmp(&self.cost)
            .then_with(|| other.node.cmp(&self.node))
            .then_with(|| other.pos.cmp(&self.pos))
    }
}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Bounds of one search.
#[derive(Clone, Copy, Debug)]
pub struct SearchLimits {
    /// At most this many candidates.
    pub k: usize,
    /// Stop when costs pass the best candidate's by this much.
    pub beam: f32,
    /// Never propose a word dearer than this.
    pub max_cost: f32,
    /// At most this many heap pops (a guard for pathological tokens).
    pub max_steps: usize,
}

impl Lexicon {
    /// Builds the trie over `vocab` (reserved tokens and words with non-letters skipped).
    pub fn new(vocab: &[String]) -> Lexicon {
        let mut children: FxHashMap<(u32, char), u32> = FxHashMap::default();
        let mut words = vec![NO_WORD];
        for (id, w) in vocab.iter().enumerate().skip(RESERVED.len()) {
            if w.is_empty() || !w.chars().all(char::is_alphabetic) {
                continue;
            }
            let mut node = 0u32;
            for c in w.chars() {
                let next = words.len() as u32;
                node = *children.entry((node, c)).or_insert(next);
                if node == next {
                    words.push(NO_WORD);
                }
            }
            if words[node as usize] == NO_WORD {
                words[node as usize] = id as WordId;
            }
        }
        // Flatten into sorted edge lists: a child lookup is then a short scan of one cache line.
        let mut edges: Vec<(u32, char, u32)> =
            children.into_iter().map(|((p, c), n)| (p, c, n)).collect();
        edges.sort_unstable();
        let mut first = vec![0u32; words.len() + 1];
        for &(p, _, _) in &edges {
            first[p as usize + 1] += 1;
        }
        for i in 0..words.len() {
            first[i + 1] += first[i];
        }
        Lexicon {
            first,
            edges: edges.into_iter().map(|(_, c, n)| (c, n)).collect(),
            words,
        }
    }

    #[inline]
    fn child(&self, node: u32, c: char) -> Option<u32> {
        let lo = self.first[node as usize] as usize;
        let hi = self.first[node as usize + 1] as usize;
        let edges = &self.edges[lo..hi];
        if edges.len() <= 8 {
            edges.iter().find(|e| e.0 == c).map(|e| e.1)
        } else {
            edges
                .binary_search_by_key(&c, |e| e.0)
                .ok()
                .map(|i| edges[i].1)
        }
    }

    #[inline]
    fn walk(&self, mut node: u32, letters: &str) -> Option<u32> {
        let mut chars = letters.chars();
        // Most truths are one letter.
        if let (Some(c), None) = (chars.next(), chars.clone().next()) {
            return self.child(node, c);
        }
        for c in letters.chars() {
            node = self.child(node, c)?;
        }
        Some(node)
    }

    /// Whether `word` is in the lexicon.
    pub fn contains(&self, word: &str) -> bool {
        self.walk(0, word)
            .is_some_and(|n| self.words[n as usize] != NO_WORD)
    }

    /// The best candidates for the lower-case `observed` token, cheapest first.
    pub fn search(
        &self,
        channel: &Channel,
        observed: &str,
        limits: SearchLimits,
    ) -> Vec<Candidate> {
        SCRATCH.with(|s| match s.try_borrow_mut() {
            Ok(mut s) => self.search_with(channel, observed, limits, &mut s),
            // Never nested in practice; stay correct if it ever is.
            Err(_) => self.search_with(channel, observed, limits, &mut SearchScratch::default()),
        })
    }

    fn search_with(
        &self,
        channel: &Channel,
        observed: &str,
        limits: SearchLimits,
        scratch: &mut SearchScratch,
    ) -> Vec<Candidate> {
        let SearchScratch { obs, heap, seen } = scratch;
        obs.clear();
        obs.extend(observed.chars());
        let obs = &obs[..];
        let n = obs.len();
        let mut out = Vec::new();
        if n == 0 || n > u16::MAX as usize - 4 {
            return out;
        }
        // The rules that can consume observed[j..j+b], looked up once per token:
        // `rules[j * max_b + b - 1]`.
        let max_b = channel.max_observed();
        let mut rules: Vec<&[(String, f32)]> = Vec::with_capacity(n * max_b);
        let mut unit = String::new();
        for j in 0..n {
            for b in 1..=max_b {
                if b <= n - j {
                    unit.clear();
                    unit.extend(&obs[j..j + b]);
                    rules.push(channel.truths(&unit));
                } else {
                    rules.push(&[]);
                }
            }
        }
        heap.clear();
        seen.clear();
        heap.push(Entry {
            cost: 0.0,
            node: 0,
            pos: 0,
            deletions: 0,
        });
        let mut best = f32::INFINITY;
        let mut steps = 0;
        while let Some(e) = heap.pop() {
            steps += 1;
            if e.cost > best + limits.beam || out.len() >= limits.k || steps > limits.max_steps {
                break;
            }
            if !seen.insert((e.node, e.pos)) {
                continue;
            }
            let j = e.pos as usize;
            if j == n {
                let w = self.words[e.node as usize];
                if w != NO_WORD {
                    best = best.min(e.cost);
                    out.push(Candidate {
                        word: w,
                        cost: e.cost,
                    });
                }
            }
            let mut push = |node: Option<u32>, pos: usize, cost: f32, deletions: u8| {
                if let Some(node) = node {
                    if cost <= limits.max_cost && !seen.contains(&(node, pos as u16)) {
                        heap.push(Entry {
                            cost,
                            node,
                            pos: pos as u16,
                            deletions,
                        });
                    }
                }
            };
            if j < n {
                for (b, truths) in rules[j * max_b..(j + 1) * max_b].iter().enumerate() {
                    for (t, c) in truths.iter() {
                        push(self.walk(e.node, t), j + b + 1, e.cost + c, e.deletions);
                    }
                }
            }
            if e.deletions < 2 {
                for (t, c) in channel.deletions() {
                    push(self.walk(e.node, t), j, e.cost + c, e.deletions + 1);
                }
            }
        }
        out
    }
}

/// Fuzzy lookup for the rare garbled forms the channel search finds nothing for (`qubc`):
/// vocabulary words whose folded spelling is within a small edit distance of the folded
/// token (optimal string alignment distance: swaps count as one edit). The words are
/// bucketed by folded length once, so a lookup scans only the lengths a match can have.
pub struct FuzzyIndex {
    /// `by_len[n]`: (folded word, word) of the words of n folded letters.
    by_len: Vec<Vec<(String, WordId)>>,
}

impl FuzzyIndex {
    /// Indexes the all-letter words of `vocab` (reserved tokens skipped).
    pub fn new(vocab: &[String]) -> FuzzyIndex {
        let mut by_len: Vec<Vec<(String, WordId)>> = Vec::new();
        for (id, w) in vocab.iter().enumerate().skip(RESERVED.len()) {
            if w.is_empty() || !w.chars().all(char::is_alphabetic) {
                continue;
            }
            let folded = crate::text::fold_lower(w);
            let n = folded.chars().count();
            if by_len.len() <= n {
                by_len.resize_with(n + 1, Vec::new);
            }
            by_len[n].push((folded, id as WordId));
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
        let mut found: Vec<(WordId, usize)> = Vec::new();
        for len in n.saturating_sub(max).max(1)..=n + max {
            for (folded, id) in self.by_len.get(len).map_or(&[][..], |b| &b[..]) {
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
    use crate::restore::channel::prior_rules;

    fn lexicon(words: &[&str]) -> (Lexicon, Vec<String>) {
        let mut vocab: Vec<String> = RESERVED.iter().map(|s| s.to_string()).collect();
        vocab.extend(words.iter().map(|s| s.to_string()));
        (Lexicon::new(&vocab), vocab)
    }

    const LIMITS: SearchLimits = SearchLimits {
        k: 10,
        beam: 8.0,
        max_cost: 12.0,
        max_steps: 20_000,
    };

    #[test]
    fn finds_the_true_word() {
        let (lex, vocab) = lexicon(&["số", "sổ", "so", "sở", "hệ", "thống", "của", "cửa", "lý"]);
        let ch = Channel::from_rules(&prior_rules());
        let cases = [
            ("s6", "số"),
            ("so", "so"),
            ("h", "hệ"),
            ("ctia", "của"),
            ("1y", "lý"),
            ("thng", "thống"),
        ];
        for (obs, want) in cases {
            let c = lex.search(&ch, obs, LIMITS);
            let words: Vec<&str> = c.iter().map(|c| vocab[c.word as usize].as_str()).collect();
            assert!(words.contains(&want), "{obs}: {words:?}");
        }
        let stripped = lex.search(&Channel::stripped(), "so", LIMITS);
        assert_eq!(stripped.len(), 4);
        assert!(lex.search(&ch, &"a".repeat(1000), LIMITS).is_empty());
    }

    #[test]
    fn fuzzy_lookup_finds_near_spellings_the_search_misses() {
        let (lex, vocab) = lexicon(&["quốc", "quyết", "cuộc", "quá", "gia"]);
        let ch = Channel::from_rules(&prior_rules());
        // `b` for `ố` is a confusion no rule knows: the search proposes nothing.
        assert!(lex.search(&ch, "qubc", LIMITS).is_empty());
        let fuzzy = FuzzyIndex::new(&vocab);
        let near = fuzzy.lookup("qubc", 5, |_| 0.0);
        let words: Vec<(&str, usize)> = near
            .iter()
            .map(|&(w, d)| (vocab[w as usize].as_str(), d))
            .collect();
        assert_eq!(words[0], ("quốc", 1), "{words:?}");
        assert!(words.contains(&("cuộc", 2)), "{words:?}");
        assert!(!words.iter().any(|w| w.0 == "gia"), "{words:?}");
        // Short tokens allow one edit only.
        let short = fuzzy.lookup("qa", 5, |_| 0.0);
        assert!(short.iter().all(|&(_, d)| d <= 1), "{short:?}");
        assert!(fuzzy.lookup("", 5, |_| 0.0).is_empty());
    }
}
