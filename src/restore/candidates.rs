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

use super::channel::{Channel, MAX_TRUTH};
use super::lm::{WordId, RESERVED};
use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

pub use super::fuzzy::FuzzyIndex;

const NO_WORD: WordId = WordId::MAX;

/// Buffers of one thread's searches, kept between calls: a search is small and frequent,
/// so allocating and growing them afresh each time cost more than the search itself.
#[derive(Default)]
struct SearchScratch {
    obs: Vec<char>,
    heap: BinaryHeap<Reverse<Entry>>,
    seen: Seen,
    units: UnitRules,
}

/// The (trie node, position) states a search has expanded: a bitmap over node × position
/// for tokens of ordinary length (one bit test per push), a hash set for longer ones.
#[derive(Default)]
struct Seen {
    bits: Vec<u64>,
    /// Words of `bits` set by this search, cleared before the next.
    touched: Vec<u32>,
    /// Positions per node in `bits` (the token length + 1), 0 when the hash set is used.
    stride: usize,
    set: FxHashSet<u64>,
}

/// Longest token, in characters, whose states go in the bitmap.
const SEEN_BITMAP_MAX: usize = 31;

impl Seen {
    fn reset(&mut self, nodes: usize, n: usize) {
        for &w in &self.touched {
            self.bits[w as usize] = 0;
        }
        self.touched.clear();
        self.set.clear();
        if n <= SEEN_BITMAP_MAX {
            self.stride = n + 1;
            let words = (nodes * self.stride).div_ceil(64);
            if self.bits.len() < words {
                self.bits.resize(words, 0);
            }
        } else {
            self.stride = 0;
        }
    }

    #[inline]
    fn contains(&self, node: u32, pos: usize) -> bool {
        if self.stride == 0 {
            return self.set.contains(&(u64::from(node) << 16 | pos as u64));
        }
        let i = node as usize * self.stride + pos;
        self.bits[i / 64] & (1 << (i % 64)) != 0
    }

    /// Marks a state; false if it was already marked.
    #[inline]
    fn insert(&mut self, node: u32, pos: usize) -> bool {
        if self.stride == 0 {
            return self.set.insert(u64::from(node) << 16 | pos as u64);
        }
        let i = node as usize * self.stride + pos;
        let word = &mut self.bits[i / 64];
        let bit = 1 << (i % 64);
        if *word & bit != 0 {
            return false;
        }
        if *word == 0 {
            self.touched.push((i / 64) as u32);
        }
        *word |= bit;
        true
    }
}

/// The channel rules that can consume each unit `observed[j..j + b]` of one token, arranged
/// for the search: a state at trie node `n` and position `j` then looks at each child of `n`
/// once and reads its cost from a table, instead of walking the trie once per rule.
#[derive(Default)]
struct UnitRules {
    /// `one[(j * max_b + b - 1) * DENSE + letter]`: cost of the rule whose truth is that one
    /// letter (infinite when none).
    one: Vec<f32>,
    /// `skip[j * max_b + b - 1]`: cost of the rule with an empty truth (inserted noise).
    skip: Vec<f32>,
    /// Rules whose truth is longer than one letter or a rare letter, by position:
    /// `other_at[j]..other_at[j + 1]` are those of position j.
    other: Vec<Path>,
    other_at: Vec<u32>,
    /// Deletions (rules observing nothing) of one common letter, by letter.
    del_one: Vec<f32>,
    /// The other deletion rules.
    del_other: Vec<Path>,
}

/// A rule's truth spelled in letter indexes, with the observed characters it consumes.
#[derive(Clone, Copy)]
struct Path {
    letters: [u16; MAX_TRUTH],
    len: u8,
    observed: u8,
    cost: f32,
}

thread_local! {
    static SCRATCH: RefCell<SearchScratch> = RefCell::new(SearchScratch::default());
}

/// Letters below this index (the commonest of the vocabulary) have dense cost tables in the
/// search; rarer ones go through the general rule list.
const DENSE: usize = 128;

/// A letter trie over the vocabulary.
///
/// Letters are numbered by frequency in the vocabulary (the alphabet has a few hundred, from
/// Vietnamese to stray Cyrillic and CJK in names); nodes are numbered in order of creation
/// when the words are inserted in id order, which the search uses to break exact cost ties.
pub struct Lexicon {
    /// Letter index of each character below `DIRECT`, `u16::MAX` for none.
    letter_of: Vec<u16>,
    /// Characters from `DIRECT` up with their letter index, sorted.
    letter_rare: Vec<(char, u16)>,
    /// Children of node n: `first[n]..first[n + 1]` in `edge_letter`/`edge_child`, sorted
    /// by letter.
    first: Vec<u32>,
    edge_letter: Vec<u16>,
    edge_child: Vec<u32>,
    words: Vec<WordId>,
}

/// Characters below this code point are mapped to letters by a direct table (all of
/// Vietnamese is below U+1F00).
const DIRECT: u32 = 0x1F00;

/// A proposed true word for an observed token.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Candidate {
    pub word: WordId,
    /// Channel cost, −ln P(observed | word).
    pub cost: f32,
}

/// A search state in the heap: cost, trie node, position in the token and deletions so far,
/// packed into one integer whose order is the search order (cheapest first, then lower node,
/// position and deletion count, so that ties never depend on the order of the pushes).
/// Costs are finite and never negative, so their bit patterns order like their values.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Entry(u128);

impl Entry {
    #[inline]
    fn new(cost: f32, node: u32, pos: u16, deletions: u8) -> Entry {
        Entry(
            u128::from(cost.to_bits()) << 96
                | u128::from(node) << 64
                | u128::from(pos) << 48
                | u128::from(deletions) << 40,
        )
    }
    #[inline]
    fn cost(self) -> f32 {
        f32::from_bits((self.0 >> 96) as u32)
    }
    #[inline]
    fn node(self) -> u32 {
        (self.0 >> 64) as u32
    }
    #[inline]
    fn pos(self) -> u16 {
        (self.0 >> 48) as u16
    }
    #[inline]
    fn deletions(self) -> u8 {
        (self.0 >> 40) as u8
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
    pub fn new<'a>(vocab: impl IntoIterator<Item = &'a str>) -> Lexicon {
        let words_in: Vec<(WordId, &str)> = vocab
            .into_iter()
            .enumerate()
            .skip(RESERVED.len())
            .filter(|(_, w)| !w.is_empty() && w.chars().all(char::is_alphabetic))
            .map(|(id, w)| (id as WordId, w))
            .collect();
        // The alphabet, commonest letter first.
        let mut counts: FxHashMap<char, u32> = FxHashMap::default();
        for (_, w) in &words_in {
            for c in w.chars() {
                *counts.entry(c).or_default() += 1;
            }
        }
        let mut alphabet: Vec<(char, u32)> = counts.into_iter().collect();
        alphabet.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut letter_of = vec![u16::MAX; DIRECT as usize];
        let mut letter_rare = Vec::new();
        for (i, &(c, _)) in alphabet.iter().enumerate() {
            if (c as u32) < DIRECT {
                letter_of[c as usize] = i as u16;
            } else {
                letter_rare.push((c, i as u16));
            }
        }
        letter_rare.sort_unstable();
        let mut lex = Lexicon {
            letter_of,
            letter_rare,
            first: Vec::new(),
            edge_letter: Vec::new(),
            edge_child: Vec::new(),
            words: vec![NO_WORD],
        };
        // Insert in id order; a node's children live in a short list while building.
        let mut children: Vec<Vec<(u16, u32)>> = vec![Vec::new()];
        for &(id, w) in &words_in {
            let mut node = 0usize;
            for c in w.chars() {
                let l = lex
                    .letter(c)
                    .expect("every vocabulary letter is in the alphabet");
                node = match children[node].iter().find(|e| e.0 == l) {
                    Some(e) => e.1 as usize,
                    None => {
                        let next = lex.words.len();
                        lex.words.push(NO_WORD);
                        children.push(Vec::new());
                        children[node].push((l, next as u32));
                        next
                    }
                };
            }
            if lex.words[node] == NO_WORD {
                lex.words[node] = id;
            }
        }
        lex.first.reserve(children.len() + 1);
        lex.first.push(0);
        for mut list in children {
            list.sort_unstable();
            for (l, child) in list {
                lex.edge_letter.push(l);
                lex.edge_child.push(child);
            }
            lex.first.push(lex.edge_letter.len() as u32);
        }
        lex
    }

    /// The letter index of a character, if the vocabulary uses it.
    #[inline]
    fn letter(&self, c: char) -> Option<u16> {
        if (c as u32) < DIRECT {
            Some(self.letter_of[c as usize]).filter(|&l| l != u16::MAX)
        } else {
            self.letter_rare
                .binary_search_by_key(&c, |e| e.0)
                .ok()
                .map(|i| self.letter_rare[i].1)
        }
    }

    #[inline]
    fn child(&self, node: u32, l: u16) -> Option<u32> {
        let lo = self.first[node as usize] as usize;
        let hi = self.first[node as usize + 1] as usize;
        let letters = &self.edge_letter[lo..hi];
        let at = if letters.len() <= 8 {
            letters.iter().position(|&x| x == l)
        } else {
            letters.binary_search(&l).ok()
        };
        at.map(|i| self.edge_child[lo + i])
    }

    #[inline]
    fn walk(&self, mut node: u32, letters: &str) -> Option<u32> {
        for c in letters.chars() {
            node = self.child(node, self.letter(c)?)?;
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

    /// A rule's truth in letter indexes; `None` when no word can take it (a letter the
    /// vocabulary never uses; truths longer than `MAX_TRUTH` are refused when a channel is
    /// read).
    fn path(&self, truth: &str, observed: usize, cost: f32) -> Option<Path> {
        let mut p = Path {
            letters: [0; MAX_TRUTH],
            len: 0,
            observed: observed as u8,
            cost,
        };
        for c in truth.chars() {
            if usize::from(p.len) == MAX_TRUTH {
                return None;
            }
            p.letters[usize::from(p.len)] = self.letter(c)?;
            p.len += 1;
        }
        Some(p)
    }

    /// The node reached from `node` by spelling a rule's truth.
    #[inline]
    fn follow(&self, mut node: u32, p: &Path) -> Option<u32> {
        for &l in &p.letters[..usize::from(p.len)] {
            node = self.child(node, l)?;
        }
        Some(node)
    }

    fn search_with(
        &self,
        channel: &Channel,
        observed: &str,
        limits: SearchLimits,
        scratch: &mut SearchScratch,
    ) -> Vec<Candidate> {
        let SearchScratch {
            obs,
            heap,
            seen,
            units,
        } = scratch;
        obs.clear();
        obs.extend(observed.chars());
        let obs = &obs[..];
        let n = obs.len();
        let mut out = Vec::new();
        if n == 0 || n > u16::MAX as usize - 4 {
            return out;
        }
        // The rules that can consume observed[j..j+b], looked up once per token and arranged
        // by truth letter.
        let max_b = channel.max_observed();
        let mut unit = String::new();
        units.one.clear();
        units.one.resize(n * max_b * DENSE, f32::INFINITY);
        units.skip.clear();
        units.skip.resize(n * max_b, f32::INFINITY);
        units.other.clear();
        units.other_at.clear();
        for j in 0..n {
            units.other_at.push(units.other.len() as u32);
            for b in 1..=max_b {
                let at = j * max_b + b - 1;
                if b > n - j {
                    continue;
                }
                unit.clear();
                unit.extend(&obs[j..j + b]);
                let truths = channel.truths(&unit);
                for (t, c) in truths {
                    if t.is_empty() {
                        units.skip[at] = units.skip[at].min(*c);
                        continue;
                    }
                    match self.path(t, b, *c) {
                        Some(p) if p.len == 1 && usize::from(p.letters[0]) < DENSE => {
                            let slot = &mut units.one[at * DENSE + usize::from(p.letters[0])];
                            *slot = slot.min(*c);
                        }
                        Some(p) => units.other.push(p),
                        // A letter the vocabulary never uses: no word can take this rule.
                        None => {}
                    }
                }
            }
        }
        units.other_at.push(units.other.len() as u32);
        units.del_one.clear();
        units.del_one.resize(DENSE, f32::INFINITY);
        units.del_other.clear();
        for (t, c) in channel.deletions() {
            match self.path(t, 0, *c) {
                Some(p) if p.len == 1 && usize::from(p.letters[0]) < DENSE => {
                    let l = usize::from(p.letters[0]);
                    units.del_one[l] = units.del_one[l].min(*c);
                }
                Some(p) => units.del_other.push(p),
                None => {}
            }
        }
        heap.clear();
        seen.reset(self.words.len(), n);
        heap.push(Reverse(Entry::new(0.0, 0, 0, 0)));
        let mut best = f32::INFINITY;
        let mut steps = 0;
        while let Some(Reverse(entry)) = heap.pop() {
            steps += 1;
            let cost = entry.cost();
            if cost > best + limits.beam || out.len() >= limits.k || steps > limits.max_steps {
                break;
            }
            let (node, deletions) = (entry.node(), entry.deletions());
            let j = entry.pos() as usize;
            if !seen.insert(node, j) {
                continue;
            }
            if j == n {
                let w = self.words[node as usize];
                if w != NO_WORD {
                    best = best.min(cost);
                    out.push(Candidate { word: w, cost });
                }
            }
            // States dearer than the best word plus the beam would end the search when popped,
            // after every cheaper one: leaving them out changes nothing and keeps the heap small.
            let ceiling = limits.max_cost.min(best + limits.beam);
            let mut push = |node: u32, pos: usize, cost: f32, deletions: u8| {
                if cost <= ceiling && !seen.contains(node, pos) {
                    heap.push(Reverse(Entry::new(cost, node, pos as u16, deletions)));
                }
            };
            let reach = max_b.min(n - j);
            let may_delete = deletions < 2;
            let lo = self.first[node as usize] as usize;
            let hi = self.first[node as usize + 1] as usize;
            for (&l, &child) in self.edge_letter[lo..hi]
                .iter()
                .zip(&self.edge_child[lo..hi])
            {
                let l = usize::from(l);
                if l >= DENSE {
                    continue;
                }
                for b in 1..=reach {
                    let c = units.one[(j * max_b + b - 1) * DENSE + l];
                    if c < f32::INFINITY {
                        push(child, j + b, cost + c, deletions);
                    }
                }
                if may_delete {
                    let d = units.del_one[l];
                    if d < f32::INFINITY {
                        push(child, j, cost + d, deletions + 1);
                    }
                }
            }
            if j < n {
                for b in 1..=reach {
                    let c = units.skip[j * max_b + b - 1];
                    if c < f32::INFINITY {
                        push(node, j + b, cost + c, deletions);
                    }
                }
                let (from, to) = (units.other_at[j] as usize, units.other_at[j + 1] as usize);
                for p in &units.other[from..to] {
                    if let Some(to) = self.follow(node, p) {
                        push(to, j + usize::from(p.observed), cost + p.cost, deletions);
                    }
                }
            }
            if may_delete {
                for p in &units.del_other {
                    if let Some(to) = self.follow(node, p) {
                        push(to, j, cost + p.cost, deletions + 1);
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::restore::channel::prior_rules;

    fn lexicon(words: &[&str]) -> (Lexicon, Vec<String>) {
        let mut vocab: Vec<String> = RESERVED.iter().map(|s| s.to_string()).collect();
        vocab.extend(words.iter().map(|s| s.to_string()));
        (Lexicon::new(vocab.iter().map(String::as_str)), vocab)
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
        let fuzzy = FuzzyIndex::new(vocab.iter().map(String::as_str));
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
