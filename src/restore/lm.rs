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
//! 256 back-off centres and an open-addressing hash table of `capacity` records, each a `u32`
//! fingerprint (0 = empty), a `u8` quantised log-prob and, below the top order, a `u8`
//! quantised back-off (6 bytes, 5 at the top order). A record is read with one cache miss.
//! N-gram keys are 64-bit hashes of the word ids; the table slot comes from the low half and
//! the fingerprint from the high half, so a false hit needs a 32-bit fingerprint collision in
//! the probe run: negligible at our sizes.
//!
//! Bump [`FORMAT_VERSION`] whenever the body layout, the hash function, the class tokens or
//! the text normalisation of training changes: an old file must be rejected, not misread.

use super::format::{self, Reader};
use crate::error::{Error, Result};

/// Natural-log probability; higher is better.
pub type LogProb = f32;
/// A word's index in the model's vocabulary.
pub type WordId = u32;

/// Magic line of an LM file.
pub const MAGIC: &str = "vnplan.lm\n";
/// Version of the LM body layout; see the module docs for when to bump it.
/// 2: fingerprint, log-prob and back-off of an n-gram side by side in one record.
pub const FORMAT_VERSION: u32 = 2;
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

/// Where one query's n-grams lie in the tables, asked for ahead of resolving it
/// ([`LanguageModel::score_many`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct Probe {
    word: WordId,
    /// Per order from the bigram up: start slot and fingerprint sought.
    at: [(u32, u32); MAX_ORDER - 1],
}

/// Asks the processor to bring `bytes[at]` into the cache without waiting for it.
#[inline]
fn prefetch(bytes: &[u8], at: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(b) = bytes.get(at) {
        // SAFETY: a prefetch is a hint that never faults and has no visible effect, and SSE
        // (which provides it) is part of every x86-64 processor; the address is in `bytes`.
        unsafe {
            std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                (b as *const u8).cast::<i8>(),
            );
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (bytes, at);
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

/// One order's n-grams as built (the builder's output, serialised by
/// [`LanguageModel::from_parts`]).
pub(crate) struct Table {
    pub(crate) prints: Vec<u32>,
    pub(crate) probs: Vec<u8>,
    pub(crate) backoffs: Vec<u8>,
    pub(crate) prob_book: Vec<f32>,
    pub(crate) backoff_book: Vec<f32>,
}

/// The bytes of a model file: compiled into the binary (borrowed, never copied: the tables
/// are read in place, so loading costs no copy and only the pages queries touch become
/// resident) or read from a file.
enum Storage {
    Static(&'static [u8]),
    Owned(Box<[u8]>),
}

impl Storage {
    #[inline]
    fn bytes(&self) -> &[u8] {
        match self {
            Storage::Static(b) => b,
            Storage::Owned(b) => b,
        }
    }
}

/// Where one order's n-grams lie in the file: `cap` records of `width` bytes from
/// `records`, each a fingerprint (little-endian `u32`), a quantised log-prob (`u8`) and,
/// below the top order, a quantised back-off (`u8`).
struct TableView {
    cap: usize,
    records: usize,
    width: usize,
    prob_book: Box<[f32; 256]>,
    /// Absent for the top order.
    backoff_book: Option<Box<[f32; 256]>>,
}

impl TableView {
    #[inline]
    fn print_at(&self, bytes: &[u8], slot: usize) -> u32 {
        let at = self.records + self.width * slot;
        match bytes.get(at..at + 4) {
            Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]),
            _ => 0,
        }
    }

    #[inline]
    fn prob_at(&self, bytes: &[u8], slot: usize) -> u8 {
        bytes[self.records + self.width * slot + 4]
    }

    #[inline]
    fn backoff_at(&self, bytes: &[u8], slot: usize) -> Option<f32> {
        let book = self.backoff_book.as_ref()?;
        Some(book[bytes[self.records + self.width * slot + 5] as usize])
    }

    /// The slot of an n-gram whose probing starts at `slot` with fingerprint `print`, given
    /// the fingerprint `first` already read at `slot`.
    #[inline]
    fn find_from(&self, bytes: &[u8], mut slot: usize, print: u32, first: u32) -> Option<usize> {
        let mut p = first;
        loop {
            if p == print {
                return Some(slot);
            }
            if p == 0 {
                return None;
            }
            slot += 1;
            if slot == self.cap {
                slot = 0;
            }
            p = self.print_at(bytes, slot);
        }
    }
}

/// The language model, immutable after loading; share it across threads freely.
pub struct LanguageModel {
    order: usize,
    storage: Storage,
    /// The vocabulary, `\n`-joined in id order, and where each word starts in it.
    vocab_text: String,
    starts: Vec<u32>,
    /// Open-addressing table of word ids (`u32::MAX` = empty), keyed by a hash of the word.
    index: Vec<u32>,
    uni_prob: Vec<f32>,
    uni_backoff: Vec<f32>,
    /// `tables[k]` holds the n-grams of order k+2.
    tables: Vec<TableView>,
}

/// FNV-1a over a word's bytes, for the word index.
#[inline]
fn word_hash(w: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in w.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl LanguageModel {
    /// Parses a model from its file bytes (copied). `name` is what errors call the file.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<LanguageModel> {
        LanguageModel::from_vec(bytes.to_vec(), name)
    }

    /// A model read from a file, kept in the buffer it was read into.
    pub fn from_vec(bytes: Vec<u8>, name: &str) -> Result<LanguageModel> {
        LanguageModel::open(Storage::Owned(bytes.into_boxed_slice()), name)
    }

    /// A model compiled into the binary (`include_bytes!`), read in place.
    pub fn from_static(bytes: &'static [u8], name: &str) -> Result<LanguageModel> {
        LanguageModel::open(Storage::Static(bytes), name)
    }

    fn open(storage: Storage, name: &str) -> Result<LanguageModel> {
        let bytes = storage.bytes();
        let body = format::open(bytes, MAGIC, FORMAT_VERSION, name)?;
        let base = bytes.len() - body.len();
        let mut r = Reader::new(body, name);
        let corrupt = |m: &str| Error::model(name, format!("corrupt: {m}"));
        let order = r.u32()? as usize;
        if !(1..=MAX_ORDER).contains(&order) {
            return Err(corrupt("order out of range"));
        }
        let vocab_size = r.u32()? as usize;
        let vocab_bytes = r.u32()? as usize;
        let vocab_text = std::str::from_utf8(r.raw(vocab_bytes)?)
            .map_err(|_| corrupt("vocabulary is not UTF-8"))?
            .to_string();
        let mut starts: Vec<u32> = Vec::with_capacity(vocab_size + 1);
        starts.push(0);
        starts.extend(
            vocab_text
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i as u32 + 1),
        );
        starts.push(vocab_text.len() as u32 + 1);
        if starts.len() != vocab_size + 1 || vocab_size < RESERVED.len() {
            return Err(corrupt("vocabulary size does not match"));
        }
        let uni_prob = r.f32s(vocab_size)?;
        let uni_backoff = r.f32s(vocab_size)?;
        let mut tables = Vec::new();
        for n in 2..=order {
            let cap = usize::try_from(r.u64()?)
                .ok()
                .filter(|&c| c <= u32::MAX as usize)
                .ok_or_else(|| corrupt("table too large"))?;
            let book = |v: Vec<f32>| -> Box<[f32; 256]> {
                let mut b = Box::new([0f32; 256]);
                b.copy_from_slice(&v);
                b
            };
            let prob_book = book(r.f32s(256)?);
            let backoff_book = book(r.f32s(256)?);
            let width = if n < order { 6 } else { 5 };
            let records = base + r.offset();
            r.raw(
                cap.checked_mul(width)
                    .ok_or_else(|| corrupt("table too large"))?,
            )?;
            tables.push(TableView {
                cap,
                records,
                width,
                prob_book,
                backoff_book: (n < order).then_some(backoff_book),
            });
        }
        if !r.is_at_end() {
            return Err(corrupt("trailing bytes after the last table"));
        }
        let mut lm = LanguageModel {
            order,
            storage,
            vocab_text,
            starts,
            index: Vec::new(),
            uni_prob,
            uni_backoff,
            tables,
        };
        lm.index = lm.build_index();
        Ok(lm)
    }

    fn build_index(&self) -> Vec<u32> {
        let cap = (self.vocab_size() * 2).next_power_of_two();
        let mut index = vec![u32::MAX; cap];
        for id in 0..self.vocab_size() {
            let w = self.word(id as WordId);
            let mut slot = word_hash(w) as usize & (cap - 1);
            loop {
                match index[slot] {
                    u32::MAX => {
                        index[slot] = id as u32;
                        break;
                    }
                    // The first id of a word repeated in the vocabulary wins.
                    other if self.word(other) == w => break,
                    _ => slot = (slot + 1) & (cap - 1),
                }
            }
        }
        index
    }

    /// The model as file bytes (the builder's last step).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.storage.bytes().to_vec()
    }

    /// A model from the builder's parts (serialised, then opened like a file).
    pub(crate) fn from_parts(
        order: usize,
        vocab: Vec<String>,
        uni_prob: Vec<f32>,
        uni_backoff: Vec<f32>,
        tables: Vec<Table>,
    ) -> LanguageModel {
        let mut w = format::Writer::default();
        w.u32(order as u32);
        w.u32(vocab.len() as u32);
        let text = vocab.join("\n");
        w.u32(text.len() as u32);
        w.raw(text.as_bytes());
        for &p in &uni_prob {
            w.f32(p);
        }
        for &b in &uni_backoff {
            w.f32(b);
        }
        for (k, t) in tables.iter().enumerate() {
            w.u64(t.prints.len() as u64);
            for &v in t.prob_book.iter().chain(&t.backoff_book) {
                w.f32(v);
            }
            for (slot, &print) in t.prints.iter().enumerate() {
                w.u32(print);
                w.raw(&[t.probs[slot]]);
                if k + 2 < order {
                    w.raw(&[t.backoffs[slot]]);
                }
            }
        }
        let bytes = format::seal(MAGIC, FORMAT_VERSION, &w.bytes);
        LanguageModel::from_vec(bytes, "built model").expect("a freshly built model reads back")
    }

    /// The model's order (3 for a trigram model).
    pub fn order(&self) -> usize {
        self.order
    }

    /// Number of words in the vocabulary, reserved tokens included.
    pub fn vocab_size(&self) -> usize {
        self.starts.len() - 1
    }

    /// The vocabulary in id order.
    pub fn vocab(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.vocab_size()).map(|id| self.word(id as WordId))
    }

    /// The id of a (normalised, lower-case) word; [`UNK`] when unknown.
    pub fn id(&self, word: &str) -> WordId {
        let mask = self.index.len() - 1;
        let mut slot = word_hash(word) as usize & mask;
        loop {
            match self.index[slot] {
                u32::MAX => return UNK,
                id if self.word(id) == word => return id,
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// The word of an id.
    pub fn word(&self, id: WordId) -> &str {
        let id = id as usize;
        if id + 1 >= self.starts.len() {
            return "<unk>";
        }
        &self.vocab_text[self.starts[id] as usize..self.starts[id + 1] as usize - 1]
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
    pub fn score(&self, state: &State, word: WordId, out: &mut State) -> LogProb {
        let probe = self.probe(state, word);
        let (p, next) = self.resolve(state, &probe);
        *out = next;
        p
    }

    /// Scores many queries at once: `out[i]` = (log P(word | state), next state) of
    /// `queries[i]`, exactly as [`LanguageModel::score`] gives them. Every query's table
    /// records are asked for before any is resolved, so the processor serves the cache
    /// misses of many queries together (a decoder step asks for dozens).
    pub fn score_many(
        &self,
        queries: &[(State, WordId)],
        probes: &mut Vec<Probe>,
        out: &mut Vec<(LogProb, State)>,
    ) {
        probes.clear();
        probes.extend(queries.iter().map(|(s, w)| self.probe(s, *w)));
        out.clear();
        out.extend(
            queries
                .iter()
                .zip(probes.iter())
                .map(|((s, _), p)| self.resolve(s, p)),
        );
    }

    /// Where each n-gram ending in `word` after `state` starts its probe run, for every order,
    /// with the records there asked for in advance: the reads are independent cache misses
    /// that the processor serves together while it computes the next query's positions.
    #[inline]
    fn probe(&self, state: &State, word: WordId) -> Probe {
        let word = if (word as usize) < self.vocab_size() {
            word
        } else {
            UNK
        };
        let ctx = state.words();
        let n = ctx.len();
        let bytes = self.storage.bytes();
        let mut gram = [0 as WordId; MAX_ORDER];
        gram[MAX_ORDER - 1] = word;
        let mut probe = Probe {
            word,
            at: [(0, 0); MAX_ORDER - 1],
        };
        for k in 1..=n {
            gram[MAX_ORDER - 1 - k] = ctx[n - k];
            let t = &self.tables[k - 1];
            let (slot, print) = slot_and_print(ngram_hash(&gram[MAX_ORDER - 1 - k..]), t.cap);
            if t.cap != 0 {
                prefetch(bytes, t.records + t.width * slot);
            }
            probe.at[k - 1] = (slot as u32, print);
        }
        probe
    }

    /// The score and next state of a probed query.
    ///
    /// Matches the n-grams ending in the word from the bigram up and stops at the first miss
    /// (with count cut-offs that never fall with the order, a missing n-gram has no longer
    /// extension); the contexts longer than the match add their back-offs, which the state
    /// carries.
    #[inline]
    fn resolve(&self, state: &State, probe: &Probe) -> (LogProb, State) {
        let word = probe.word;
        let ctx = state.words();
        let n = ctx.len();
        let bytes = self.storage.bytes();
        let mut p = self.uni_prob[word as usize];
        let mut found_backoff = [0f32; MAX_ORDER - 1];
        found_backoff[0] = self.uni_backoff[word as usize];
        let mut matched = 1usize;
        for (k, (t, &(slot, print))) in (1..=n).zip(self.tables.iter().zip(&probe.at)) {
            let first = if t.cap == 0 {
                0
            } else {
                t.print_at(bytes, slot as usize)
            };
            match t.find_from(bytes, slot as usize, print, first) {
                Some(found) => {
                    p = t.prob_book[t.prob_at(bytes, found) as usize];
                    if let (Some(b), Some(slot)) =
                        (t.backoff_at(bytes, found), found_backoff.get_mut(k))
                    {
                        *slot = b;
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
        (backoff + p, next)
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
