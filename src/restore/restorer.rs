//! The [`Restorer`]: models loaded once, then `restore(text)` from any thread.

use super::adapt;
use super::candidates::{FuzzyIndex, Lexicon, SearchLimits};
use super::channel::Channel;
use super::condition::{self, View};
use super::decoder::{self, DecodeParams, Scratch};
use super::lattice::{self, Choice, Item};
use super::lm::{LanguageModel, UNK};
use crate::error::{Error, Result};
use crate::text::{self, Case, TokenKind, ToneStyle};
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::RwLock;

/// File names of the models inside a models directory (and in `dictionaries/`).
pub const LM_FILE: &str = "lm.bin";
pub const CHANNEL_FILE: &str = "channel.tsv";
pub const SYMBOLS_FILE: &str = "symbols.tsv";

static DEFAULT_LM: &[u8] = include_bytes!("../../dictionaries/lm.bin");
static DEFAULT_CHANNEL: &str = include_str!("../../dictionaries/channel.tsv");
static DEFAULT_SYMBOLS: &str = include_str!("../../dictionaries/symbols.tsv");

/// One restored token.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Change {
    /// Byte span in the input.
    pub span: Range<usize>,
    /// What the input had there.
    pub input: String,
    /// What the restorer wrote instead.
    pub output: String,
    /// How sure the restorer is, 0..1 (the output against the runner-up in context).
    pub confidence: f32,
    /// The next best reading, if there was one.
    pub runner_up: Option<String>,
}

/// The result of restoring a text.
#[derive(Clone, Debug, PartialEq)]
pub struct Restoration {
    /// The restored text: the input with changed word tokens replaced, all else byte-identical.
    pub text: String,
    /// The changed tokens in text order.
    pub changes: Vec<Change>,
    /// Share of the word tokens that were changed (0 for clean text).
    pub noise: f64,
}

/// How a document reads, judged on all its word tokens. Within a document each token is
/// still judged on its own ([`super::condition`]): a correct syllable stays, an unmarked one
/// among marked ones is restored when its context asks for it, OCR junk is repaired.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Condition {
    /// Correct Vietnamese, nothing to restore: left exactly as it is.
    Clean,
    /// Correct Vietnamese with some syllables stripped of their marks or damaged.
    Mixed,
    /// Marks stripped (plain ASCII letters), letters otherwise right.
    Stripped,
    /// Read by an OCR engine without Vietnamese: marks lost or mangled, letters swapped.
    Garbled,
}

/// Settings of the search; the defaults are tuned on the development documents.
#[derive(Clone, Copy, Debug)]
pub struct Tuning {
    pub lm_weight: f32,
    pub beam: usize,
    /// Candidates per token.
    pub k: usize,
    /// Channel cost of keeping an unknown token as it is.
    pub keep_cost: f32,
    /// Extra cost of reading trailing digits as a separate number.
    pub split_cost: f32,
    /// Weight of the unigram log-probability when ranking candidates for the cut to `k`.
    pub prior_weight: f32,
    pub limits: SearchLimits,
    /// Candidate search bounds of the first of two passes over garbled text.
    pub first_pass_limits: SearchLimits,
    /// Decode garbled text twice, the second time with the channel adapted to the document.
    pub adapt: bool,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning {
            lm_weight: 1.0,
            beam: 8,
            k: 10,
            keep_cost: 7.0,
            split_cost: 0.5,
            prior_weight: 0.5,
            limits: SearchLimits {
                k: 24,
                beam: 7.0,
                max_cost: 14.0,
                max_steps: 4000,
            },
            // Narrower first passes were measured faster by a fifth but lose 2-3 points of
            // accuracy on garbled documents: the adaptation needs the first pass's candidates.
            first_pass_limits: SearchLimits {
                k: 24,
                beam: 7.0,
                max_cost: 14.0,
                max_steps: 4000,
            },
            adapt: true,
        }
    }
}

/// The choices of every slot: distinct token forms share one list.
#[derive(Default)]
struct ChoiceTable {
    lists: Vec<Vec<Choice>>,
    slot_list: Vec<usize>,
}

impl ChoiceTable {
    fn choices(&self, slot: usize) -> &[Choice] {
        &self.lists[self.slot_list[slot]]
    }
}

/// Restores Vietnamese text. Immutable once built: share one across threads.
pub struct Restorer {
    pub(super) lm: LanguageModel,
    pub(super) lexicon: Lexicon,
    /// The bare (folded, lower-case) spellings of the vocabulary's words (`tinh` for tỉnh),
    /// each with the highest unigram log-probability of a marked word spelled so.
    bare: FxHashMap<String, f32>,
    /// Near spellings for garbled forms the channel search finds nothing for.
    pub(super) fuzzy: FuzzyIndex,
    ocr: Channel,
    /// The OCR channel's rule costs, the prior of per-document adaptation.
    ocr_costs: adapt::CostTable,
    pub(super) stripped: Channel,
    /// Folded upper-case form → symbol (`QD` → `QĐ`).
    pub(super) symbols: HashMap<String, String>,
    pub(super) tone_style: ToneStyle,
    pub(super) tuning: Tuning,
    /// First-pass readings of token forms, shared by all documents: the first pass always
    /// searches with the same fixed channel and limits per condition, so a form that recurs
    /// across the documents of a batch is searched once.
    first_pass: RwLock<FxHashMap<FirstPassKey, Vec<Choice>>>,
}

/// (token form, part of a document symbol, view).
type FirstPassKey = (String, bool, ViewKey);
type ViewKey = (u8, u32, u32, bool);

/// Entries of the shared first-pass cache before it is emptied (bounds its memory).
const FIRST_PASS_CACHE_LIMIT: usize = 200_000;

fn parse_symbols(text: &str) -> HashMap<String, String> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let s = l.trim().to_string();
            (text::fold(&s).to_uppercase(), s)
        })
        .collect()
}

impl Restorer {
    /// The models compiled into vnplan (from `dictionaries/` at build time).
    pub fn load_default() -> Result<Restorer> {
        Restorer::from_parts(
            LanguageModel::from_static(DEFAULT_LM, "dictionaries/lm.bin")?,
            Channel::parse_tsv(DEFAULT_CHANNEL, "dictionaries/channel.tsv")?,
            DEFAULT_SYMBOLS,
        )
    }

    /// Models from a directory holding `lm.bin`, `channel.tsv` and `symbols.tsv` (rebuilt
    /// with `vnplan build`); a file missing from `dir` is taken from the compiled-in set.
    pub fn load(dir: &Path) -> Result<Restorer> {
        let lm_path = dir.join(LM_FILE);
        let lm = if lm_path.exists() {
            let bytes = std::fs::read(&lm_path).map_err(|e| Error::io(&lm_path, e))?;
            LanguageModel::from_vec(bytes, &lm_path.to_string_lossy())?
        } else {
            LanguageModel::from_static(DEFAULT_LM, "dictionaries/lm.bin")?
        };
        let read = |name: &str, default: &'static str| -> Result<(String, String)> {
            let p = dir.join(name);
            if p.exists() {
                let t = std::fs::read_to_string(&p).map_err(|e| Error::io(&p, e))?;
                Ok((t, p.to_string_lossy().into_owned()))
            } else {
                Ok((default.to_string(), format!("dictionaries/{name}")))
            }
        };
        let (channel, channel_name) = read(CHANNEL_FILE, DEFAULT_CHANNEL)?;
        let (symbols, _) = read(SYMBOLS_FILE, DEFAULT_SYMBOLS)?;
        Restorer::from_parts(lm, Channel::parse_tsv(&channel, &channel_name)?, &symbols)
    }

    fn from_parts(
        lm: LanguageModel,
        rules: Vec<super::channel::Rule>,
        symbols: &str,
    ) -> Result<Restorer> {
        let lexicon = Lexicon::new(lm.vocab());
        let mut bare: FxHashMap<String, f32> = FxHashMap::default();
        for (id, w) in lm.vocab().enumerate() {
            if w.is_empty() || !w.chars().all(char::is_alphabetic) {
                continue;
            }
            let folded = text::fold_lower(w);
            let p = if folded == *w {
                f32::NEG_INFINITY
            } else {
                lm.unigram(id as super::lm::WordId)
            };
            let best = bare.entry(folded).or_insert(f32::NEG_INFINITY);
            *best = best.max(p);
        }
        let fuzzy = FuzzyIndex::new(lm.vocab());
        Ok(Restorer {
            lexicon,
            bare,
            fuzzy,
            lm,
            ocr: Channel::from_rules(&rules),
            ocr_costs: adapt::cost_table(&rules),
            stripped: Channel::stripped(),
            symbols: parse_symbols(symbols),
            tone_style: ToneStyle::Traditional,
            tuning: Tuning::default(),
            first_pass: RwLock::new(FxHashMap::default()),
        })
    }

    /// Where to put tone marks in restored syllables (`hóa` or `hoá`); Traditional by default.
    pub fn with_tone_style(mut self, style: ToneStyle) -> Restorer {
        self.tone_style = style;
        self
    }

    /// Replaces the search settings.
    pub fn with_tuning(mut self, tuning: Tuning) -> Restorer {
        self.tuning = tuning;
        // Cached readings were searched with the old limits.
        self.first_pass
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self
    }

    /// The language model.
    pub fn language_model(&self) -> &LanguageModel {
        &self.lm
    }

    /// Judges how a text reads (see [`Condition`]).
    pub fn judge(&self, text: &str) -> Condition {
        let tokens = text::tokenize(text);
        self.judge_tokens(text, &tokens)
    }

    fn judge_tokens(&self, src: &str, tokens: &[text::Token]) -> Condition {
        let facts = self.facts(src, tokens);
        judge_facts(&facts)
    }

    /// The facts of each word token ([`condition::facts`]) under this restorer's vocabulary.
    fn facts(&self, src: &str, tokens: &[text::Token]) -> Vec<Option<condition::Facts>> {
        condition::facts(
            src,
            tokens,
            // A marked form seen only a few times in the corpus (`quyét`) is OCR junk
            // that made it into the corpus, not a word.
            |w| self.lexicon.contains(w) && (w.is_ascii() || self.lm.unigram(self.lm.id(w)) > RARE),
            |w| {
                let marked = *self.bare.get(w)?;
                let id = self.lm.id(w);
                Some(id == UNK || self.lm.unigram(id) + condition::ODD_RATIO < marked)
            },
        )
    }

    /// Restores `text`: only word tokens change; spaces, line breaks, punctuation and numbers
    /// stay byte-identical.
    ///
    /// Long texts are restored in pieces of about a megabyte cut at line breaks (or spaces),
    /// so memory stays bounded for any input; the document's condition is judged once, on its
    /// first piece.
    pub fn restore(&self, text: &str) -> Restoration {
        if text.len() <= PIECE {
            return self.restore_piece(text, None).0;
        }
        let condition = self.judge(&text[..cut(text, 0, PIECE)]);
        let mut out = Restoration {
            text: String::with_capacity(text.len() + text.len() / 8),
            changes: Vec::new(),
            noise: 0.0,
        };
        let (mut words, mut start) = (0usize, 0usize);
        while start < text.len() {
            let end = cut(text, start, PIECE);
            let (r, n) = self.restore_piece(&text[start..end], Some(condition));
            out.text.push_str(&r.text);
            out.changes.extend(r.changes.into_iter().map(|mut c| {
                c.span = c.span.start + start..c.span.end + start;
                c
            }));
            words += n;
            start = end;
        }
        out.noise = out.changes.len() as f64 / words.max(1) as f64;
        out
    }

    /// Restores one piece; returns the restoration and the number of word tokens.
    fn restore_piece(&self, text: &str, forced: Option<Condition>) -> (Restoration, usize) {
        let tokens = text::tokenize(text);
        let facts = self.facts(text, &tokens);
        let condition = forced.unwrap_or_else(|| judge_facts(&facts));
        let word_count = tokens.iter().filter(|t| t.kind == TokenKind::Word).count();
        let mut views = match condition {
            Condition::Garbled => condition::garbled_views(&facts, text, &tokens),
            _ => condition::mixed_views(&facts),
        };
        // A D-spelled document symbol (`749/QD-TTg`) is written with its Đ wherever it stands.
        let word_tokens = (0..tokens.len()).filter(|&i| tokens[i].kind == TokenKind::Word);
        for (view, i) in views.iter_mut().zip(word_tokens) {
            if *view == View::Keep
                && in_symbol(text, &tokens, i)
                && self.symbol_reading(tokens[i].text(text)).is_some()
            {
                *view = View::Bare { cost: 0.0 };
            }
        }
        if views.iter().all(|v| *v == View::Keep) {
            let r = Restoration {
                text: text.to_string(),
                changes: Vec::new(),
                noise: 0.0,
            };
            return (r, word_count);
        }
        let channel = &self.ocr;
        let items = lattice::items(text, &tokens);
        let mut slot_tokens = Vec::with_capacity(word_count);
        let mut keys = Vec::with_capacity(word_count);
        for item in &items {
            if let Item::Word(i) = item {
                slot_tokens.push(*i);
                let view = views[slot_tokens.len() - 1];
                keys.push((tokens[*i].text(text), in_symbol(text, &tokens, *i), view));
            }
        }
        let mut scratch = Scratch::default();
        let adapting = condition == Condition::Garbled && self.tuning.adapt;
        // A first pass that only has to show which engine read the text searches narrower.
        let first_limits = if adapting {
            self.tuning.first_pass_limits
        } else {
            self.tuning.limits
        };
        let (mut table, mut chosen) =
            self.decode_with(channel, &items, &keys, (first_limits, true), &mut scratch);
        if adapting {
            // Second pass with the channel adapted to this document's OCR engine.
            let mut pairs: HashMap<(String, String), u32> = HashMap::new();
            for (k, key) in keys.iter().enumerate() {
                let c = table.choices(k)[chosen[k] as usize];
                if c.word != UNK && !key.1 {
                    let obs = key.0[..c.prefix as usize].to_lowercase();
                    *pairs
                        .entry((obs, self.lm.word(c.word).to_string()))
                        .or_default() += 1;
                }
            }
            let mut pairs: Vec<(String, String, u32)> =
                pairs.into_iter().map(|((o, t), n)| (o, t, n)).collect();
            pairs.sort();
            let adapted = Channel::from_rules(&adapt::adapt(&self.ocr_costs, &pairs));
            let limits = self.tuning.limits;
            (table, chosen) =
                self.decode_with(&adapted, &items, &keys, (limits, false), &mut scratch);
        }
        let slots: Vec<&[Choice]> = (0..keys.len()).map(|k| table.choices(k)).collect();
        let r = self.assemble(
            text,
            &tokens,
            &items,
            &slots,
            &slot_tokens,
            &chosen,
            word_count,
        );
        (r, word_count)
    }

    /// Candidates for every slot (one list per distinct form) and the best path through them.
    /// `pass` holds the search limits and whether this is the first pass, whose readings are
    /// shared across documents.
    fn decode_with(
        &self,
        channel: &Channel,
        items: &[Item],
        keys: &[(&str, bool, View)],
        (limits, first_pass): (SearchLimits, bool),
        scratch: &mut Scratch,
    ) -> (ChoiceTable, Vec<u16>) {
        let mut index: HashMap<(&str, bool, ViewKey), usize> = HashMap::new();
        let mut table = ChoiceTable::default();
        let mut missing: Vec<usize> = Vec::new();
        for &(w, symbol, view) in keys {
            let key = (w, symbol, view.key());
            let at = match index.get(&key) {
                Some(&at) => at,
                None => {
                    let at = table.lists.len();
                    table.lists.push(Vec::new());
                    missing.push(at);
                    index.insert(key, at);
                    at
                }
            };
            table.slot_list.push(at);
        }
        // The distinct forms in first-seen order, then their readings (from the shared
        // cache in the first pass when another document already had the form).
        let mut forms: Vec<(&str, bool, View)> = vec![("", false, View::Keep); table.lists.len()];
        for &(w, symbol, view) in keys {
            forms[index[&(w, symbol, view.key())]] = (w, symbol, view);
        }
        let mut fresh: Vec<usize> = Vec::new();
        if first_pass {
            let cache = self.first_pass.read().unwrap_or_else(|e| e.into_inner());
            for &at in &missing {
                let (w, symbol, view) = forms[at];
                match cache.get(&(w.to_string(), symbol, view.key())) {
                    Some(list) => table.lists[at] = list.clone(),
                    None => fresh.push(at),
                }
            }
        } else {
            fresh = missing;
        }
        for &at in &fresh {
            let (w, symbol, view) = forms[at];
            table.lists[at] = self.choices(channel, view, w, symbol, limits);
        }
        if first_pass && !fresh.is_empty() {
            let mut cache = self.first_pass.write().unwrap_or_else(|e| e.into_inner());
            if cache.len() + fresh.len() > FIRST_PASS_CACHE_LIMIT {
                cache.clear();
            }
            for &at in &fresh {
                let (w, symbol, view) = forms[at];
                cache.insert((w.to_string(), symbol, view.key()), table.lists[at].clone());
            }
        }
        let slots: Vec<&[Choice]> = (0..keys.len()).map(|k| table.choices(k)).collect();
        let params = DecodeParams {
            lm_weight: self.tuning.lm_weight,
            beam: self.tuning.beam,
        };
        let chosen = decoder::decode(&self.lm, items, &slots, params, scratch);
        (table, chosen)
    }
}

/// Unigram log-probability under which a marked form is taken for junk rather than a word
/// (about ten in the 32 million tokens of the corpus).
const RARE: f32 = -15.0;

/// How a document reads, from the facts of its word tokens.
fn judge_facts(facts: &[Option<condition::Facts>]) -> Condition {
    if condition::garbled(facts) {
        return Condition::Garbled;
    }
    let (mut words, mut marked, mut plain) = (0usize, 0usize, 0usize);
    for f in facts.iter().flatten().filter(|f| !f.foreign) {
        words += 1;
        marked += usize::from(f.marked);
        plain += usize::from(!f.marked);
    }
    if words == 0 {
        Condition::Clean
    } else if marked * 100 < words * 3 {
        Condition::Stripped
    } else if plain == 0
        || condition::mixed_views(facts)
            .iter()
            .all(|v| *v == View::Keep)
    {
        Condition::Clean
    } else {
        Condition::Mixed
    }
}

/// Size of the pieces a long text is restored in, in bytes.
const PIECE: usize = 1 << 20;

/// The end of the piece starting at `start`: at most `limit` bytes on, after a line break if
/// there is one in its second half, else after a space, else at a character boundary.
fn cut(text: &str, start: usize, limit: usize) -> usize {
    if text.len() - start <= limit {
        return text.len();
    }
    let bytes = text.as_bytes();
    let hard = start + limit;
    let soft = start + limit / 2;
    let after = |b: u8| {
        bytes[soft..hard]
            .iter()
            .rposition(|&x| x == b)
            .map(|i| soft + i + 1)
    };
    if let Some(end) = after(b'\n').or_else(|| after(b' ')) {
        return end;
    }
    let mut end = hard;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// Whether word token `i` is an all-capitals part of a document symbol: joined to a `/` or
/// `-` without a space (`NQ/TU`, `KH-UBND`, `QD-TTg`).
fn in_symbol(src: &str, tokens: &[text::Token], i: usize) -> bool {
    let w = tokens[i].text(src);
    if !matches!(Case::of(w), Case::Upper | Case::Other) || w.chars().count() < 2 {
        return false;
    }
    let joiner = |t: Option<&text::Token>| {
        t.is_some_and(|t| t.kind == TokenKind::Punct && matches!(t.text(src), "/" | "-"))
    };
    joiner(i.checked_sub(1).and_then(|p| tokens.get(p))) || joiner(tokens.get(i + 1))
}

impl Restorer {
    /// The readings the restorer considers for one word token in garbled text, with their
    /// channel costs, cheapest first: for diagnostics (`why did it pick that?`).
    pub fn candidates(&self, word: &str) -> Vec<(String, f32)> {
        let view = View::Ocr {
            extra: 0.0,
            keep: None,
            digits: condition::digits_may_be_letters(word),
        };
        self.choices(&self.ocr, view, word, false, self.tuning.limits)
            .iter()
            .map(|c| {
                let mut w = self.lm.word(c.word).to_string();
                if c.then_number {
                    w.push_str(&format!("+{}", &word[c.prefix as usize..]));
                }
                (w, c.cost)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[ignore]
    fn debug_candidates() {
        let r = Restorer::load_default().unwrap();
        let words = std::env::var("WORDS").unwrap_or_default();
        for w in words.split_whitespace() {
            let lm = r.language_model();
            let c: Vec<String> = r
                .candidates(w)
                .iter()
                .map(|(s, c)| format!("{s}:{c:.2}/{:.1}", lm.unigram(lm.id(s))))
                .collect();
            println!("{w}: {}", c.join(" "));
        }
        for s in std::env::var("SENTS").unwrap_or_default().split('|') {
            let words: Vec<&str> = s.split_whitespace().collect();
            println!("{s}: {:.2}", r.language_model().sentence(&words));
        }
    }
}
