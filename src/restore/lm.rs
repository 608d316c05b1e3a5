//! The syllable n-gram language model at query time.
//!
//! The model is a back-off n-gram model (order ≤ 4) over lower-case syllables in canonical
//! (Traditional) tone placement, with modified Kneser–Ney smoothing computed by
//! [`super::lm_build`]. Numbers are the class `<num>`, other in-sentence punctuation `<p>`,
//! sentence edges `<s>`/`</s>`, anything outside the vocabulary `<unk>`.
//!
//! The query API passes the state in and out, like kenlm:
//! `score(&state, word, &mut next) -> LogProb`. A [`State`] is the (at most order−1) last words
//! that can still extend an n-gram; the decoder recombines hypotheses with equal states.
//!
//! # File format (`vnplan.lm`, [`FORMAT_VERSION`])
//! The container of [`super::format`] (magic line `vnplan.lm`, version, length, check value),
//! whose body holds: order, vocabulary size, the vocabulary (`\n`-joined, id order), unigram
//! log-probabilities and back-offs (f32), then per order 2..=N a codebook of 256 log-prob and
//! 256 back-off centres and an open-addressing hash table: `u32` fingerprints (0 = empty),
//! `u8` quantised log-probs, and (below the top order) `u8` quantised back-offs.
//! N-gram keys are 64-bit hashes of the word ids; the table slot comes from the low half and
//! the fingerprint from the high half, so a false hit needs a 32-bit fingerprint collision in
//! the probe run: negligible at our sizes.
//!
//! Bump [`FORMAT_VERSION`] whenever the body layout, the hash function, the class tokens or
//! the text normalisation of training changes: an old file must be rejected, not misread.

use super::format::{self, Reader};
use crate::error::{Error, Result};
use std::collections::HashMap;

/// Natural-log probability; higher is better.
pub type LogProb = f32;
/// A word's index in the model's vocabulary.
pub type WordId = u32;

/// Magic line of an LM file.
pub const MAGIC: &str = "vnplan.lm\n";
/// Version of the LM body layout; see the module docs for when to bump it.
pub const FORMAT_VERSION: u32 = 1;
/// Highest order the state can carry.
pub const MAX_ORDER: usize = 4;

/// Ids of the reserved tokens, the first entries of every vocabulary.
pub const UNK: WordId = 0;
pub const BOS: WordId = 1;
pub const EOS: WordId = 2;
pub const NUM: WordId = 3;
pub const PUNCT: WordId = 4;
/// The reserved tokens in id order.
pub const RESERVED: [&str; 5] = ["<unk>", "<s>", "</s>", "<num>", "<p>"];

/// What the model remembers of the words before: at most order−1 word ids, oldest first,
/// with the back-off weight of each of their suffixes (kenlm's trick: a query then probes only
/// the n-grams it can match, never the contexts again).
#[derive(Clone, Copy, Debug, Default)]
pub struct State {
    ids: [WordId; MAX_ORDER - 1],
    /// `backoff[l - 1]`: log back-off of the suffix of length `l`.
    backoff: [f32; MAX_ORDER - 1],
    len: u8,
}

impl State {
    /// The words this state remembers, oldest first.
    pub fn words(&self) -> &[WordId] {
        &self.ids[..self.len as usize]
    }
}

// States are equal when they remember the same words (the back-offs follow from the words).
impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        self.words() == other.words()
    }
}
impl Eq for State {}
impl std::hash::Hash for State {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.words().hash(h);
    }
}

/// Hash of an n-gram of word ids (the key of the hash tables).
pub(crate) fn ngram_hash(ids: &[WordId]) -> u64 {
    let mut h: u64 = 0x9E37_79B9_7F4A_7C15 ^ (ids.len() as u64).wrapping_mul(0x0010_0000_01B3);
    for &id in ids {
        h = (h ^ u64::from(id)).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
        h ^= h >> 29;
    }
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 32)
}

/// Table slot (from the low 32 bits) and fingerprint (the high 32 bits, never 0).
#[inline]
pub(crate) fn slot_and_print(h: u64, capacity: usize) -> (usize, u32) {
    let slot = (((h & 0xFFFF_FFFF) * capacity as u64) >> 32) as usize;
    let print = ((h >> 32) as u32).max(1);
    (slot, print)
}

/// One order's n-grams.
pub(crate) struct Table {
    pub(crate) prints: Vec<u32>,
    pub(crate) probs: Vec<u8>,
    pub(crate) backoffs: Vec<u8>,
    pub(crate) prob_book: Vec<f32>,
    pub(crate) backoff_book: Vec<f32>,
}

impl Table {
    #[inline]
    fn find(&self, ids: &[WordId]) -> Option<usize> {
        let cap = self.prints.len();
        if cap == 0 {
            return None;
        }
        let (mut slot, print) = slot_and_print(ngram_hash(ids), cap);
        loop {
            let p = self.prints[slot];
            if p == print {
                return Some(slot);
            }
            if p == 0 {
                return None;
            }
            slot += 1;
            if slot == cap {
                slot = 0;
            }
        }
    }
}

/// The language model, immutable after loading; share it across threads freely.
pub struct LanguageModel {
    order: usize,
    vocab: Vec<String>,
    index: HashMap<String, WordId>,
    uni_prob: Vec<f32>,
    uni_backoff: Vec<f32>,
    /// `tables[k]` holds the n-grams of order k+2.
    tables: Vec<Table>,
}

impl LanguageModel {
    /// Parses a model from its file bytes. `name` is what errors call the file.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<LanguageModel> {
        let body = format::open(bytes, MAGIC, FORMAT_VERSION, name)?;
        let mut r = Reader::new(body, name);
        let corrupt = |m: &str| Error::model(name, format!("corrupt: {m}"));
        let order = r.u32()? as usize;
        if !(1..=MAX_ORDER).contains(&order) {
            return Err(corrupt("order out of range"));
        }
        let vocab_size = r.u32()? as usize;
        let vocab_bytes = r.u32()? as usize;
        let text = std::str::from_utf8(r.raw(vocab_bytes)?)
            .map_err(|_| corrupt("vocabulary is not UTF-8"))?;
        let vocab: Vec<String> = text.split('\n').map(str::to_string).collect();
        if vocab.len() != vocab_size || vocab_size < RESERVED.len() {
            return Err(corrupt("vocabulary size does not match"));
        }
        let uni_prob = r.f32s(vocab_size)?;
        let uni_backoff = r.f32s(vocab_size)?;
        let mut tables = Vec::new();
        for n in 2..=order {
            let cap = r.u64()? as usize;
            let prob_book = r.f32s(256)?;
            let backoff_book = r.f32s(256)?;
            let prints = r.u32s(cap)?;
            let probs = r.raw(cap)?.to_vec();
            let backoffs = if n < order {
                r.raw(cap)?.to_vec()
            } else {
                Vec::new()
            };
            tables.push(Table {
                prints,
                probs,
                backoffs,
                prob_book,
                backoff_book,
            });
        }
        if !r.is_at_end() {
            return Err(corrupt("trailing bytes after the last table"));
        }
        Ok(LanguageModel::from_parts(
            order,
            vocab,
            uni_prob,
            uni_backoff,
            tables,
        ))
    }

    /// The model as file bytes (the builder's last step).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = format::Writer::default();
        w.u32(self.order as u32);
        w.u32(self.vocab.len() as u32);
        let text = self.vocab.join("\n");
        w.u32(text.len() as u32);
        w.raw(text.as_bytes());
        for &p in &self.uni_prob {
            w.f32(p);
        }
        for &b in &self.uni_backoff {
            w.f32(b);
        }
        for (k, t) in self.tables.iter().enumerate() {
            w.u64(t.prints.len() as u64);
            for &v in t.prob_book.iter().chain(&t.backoff_book) {
                w.f32(v);
            }
            for &p in &t.prints {
                w.u32(p);
            }
            w.raw(&t.probs);
            if k + 2 < self.order {
                w.raw(&t.backoffs);
            }
        }
        format::seal(MAGIC, FORMAT_VERSION, &w.bytes)
    }

    pub(crate) fn from_parts(
        order: usize,
        vocab: Vec<String>,
        uni_prob: Vec<f32>,
        uni_backoff: Vec<f32>,
        tables: Vec<Table>,
    ) -> LanguageModel {
        let index = vocab
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), i as WordId))
            .collect();
        LanguageModel {
            order,
            vocab,
            index,
            uni_prob,
            uni_backoff,
            tables,
        }
    }

    /// The model's order (3 for a trigram model).
    pub fn order(&self) -> usize {
        self.order
    }

    /// Number of words in the vocabulary, reserved tokens included.
    pub fn vocab_size(&self) -> usize {
        self.vocab.len()
    }

    /// The vocabulary in id order.
    pub fn vocab(&self) -> &[String] {
        &self.vocab
    }

    /// The id of a (normalised, lower-case) word; [`UNK`] when unknown.
    pub fn id(&self, word: &str) -> WordId {
        self.index.get(word).copied().unwrap_or(UNK)
    }

    /// The word of an id.
    pub fn word(&self, id: WordId) -> &str {
        self.vocab.get(id as usize).map_or("<unk>", String::as_str)
    }

    /// The unigram log-probability of a word (how common it is on its own).
    pub fn unigram(&self, id: WordId) -> LogProb {
        self.uni_prob
            .get(id as usize)
            .copied()
            .unwrap_or(self.uni_prob[0])
    }

    /// The state at the start of a sentence.
    pub fn begin_state(&self) -> State {
        let mut s = State::default();
        if self.order > 1 {
            s.ids[0] = BOS;
            s.backoff[0] = self.uni_backoff[BOS as usize];
            s.len = 1;
        }
        s
    }

    /// The state that remembers nothing.
    pub fn null_state(&self) -> State {
        State::default()
    }

    /// log P(word | state), and the state after it.
    ///
    /// Probes the n-grams ending in `word` from the bigram up and stops at the first miss
    /// (with count cut-offs that never fall with the order, a missing n-gram has no longer
    /// extension); the contexts longer than the match add their back-offs, which the state
    /// carries.
    pub fn score(&self, state: &State, word: WordId, out: &mut State) -> LogProb {
        let word = if (word as usize) < self.vocab.len() {
            word
        } else {
            UNK
        };
        let ctx = state.words();
        let n = ctx.len();
        let mut gram = [0 as WordId; MAX_ORDER];
        let mut p = self.uni_prob[word as usize];
        let mut found_backoff = [0f32; MAX_ORDER - 1];
        found_backoff[0] = self.uni_backoff[word as usize];
        let mut matched = 1usize;
        for k in 1..=n {
            gram[..k].copy_from_slice(&ctx[n - k..]);
            gram[k] = word;
            let table = &self.tables[k - 1];
            match table.find(&gram[..=k]) {
                Some(slot) => {
                    p = table.prob_book[table.probs[slot] as usize];
                    if k < MAX_ORDER - 1 && !table.backoffs.is_empty() {
                        found_backoff[k] = table.backoff_book[table.backoffs[slot] as usize];
                    }
                    matched = k + 1;
                }
                None => break,
            }
        }
        let backoff: f32 = (matched..=n).map(|l| state.backoff[l - 1]).sum();
        // The next state keeps the matched n-gram's suffix (kenlm's trimming): a suffix that
        // was not found cannot be the context of a longer n-gram.
        let keep = matched.min(self.order - 1);
        let mut next = State::default();
        if keep > 0 {
            next.ids[..keep - 1].copy_from_slice(&ctx[n + 1 - keep..]);
            next.ids[keep - 1] = word;
            next.backoff[..keep].copy_from_slice(&found_backoff[..keep]);
            next.len = keep as u8;
        }
        *out = next;
        backoff + p
    }

    /// Log-probability of a whole sentence of words (with `<s>` and `</s>`): for tests and
    /// diagnostics.
    pub fn sentence(&self, words: &[&str]) -> LogProb {
        let mut state = self.begin_state();
        let mut total = 0.0;
        let mut next = State::default();
        for w in words {
            total += self.score(&state, self.id(w), &mut next);
            state = next;
        }
        total + self.score(&state, EOS, &mut next)
    }
}
