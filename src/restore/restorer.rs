//! The [`Restorer`]: models loaded once, then `restore(text)` from any thread.

use super::adapt;
use super::candidates::{FuzzyIndex, Lexicon, SearchLimits};
use super::channel::Channel;
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

/// How a document reads, judged on all its word tokens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Condition {
    /// Correct Vietnamese: left exactly as it is.
    Clean,
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
    lexicon: Lexicon,
    /// Near spellings for garbled forms the channel search finds nothing for.
    fuzzy: FuzzyIndex,
    ocr: Channel,
    /// The OCR channel's rule costs, the prior of per-document adaptation.
    ocr_costs: adapt::CostTable,
    stripped: Channel,
    /// Folded upper-case form → symbol (`QD` → `QĐ`).
    symbols: HashMap<String, String>,
    pub(super) tone_style: ToneStyle,
    pub(super) tuning: Tuning,
    /// First-pass readings of token forms, shared by all documents: the first pass always
    /// searches with the same fixed channel and limits per condition, so a form that recurs
    /// across the documents of a batch is searched once.
    first_pass: RwLock<FxHashMap<FirstPassKey, Vec<Choice>>>,
}

/// (condition, token form, part of a document symbol).
type FirstPassKey = (Condition, String, bool);

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
            LanguageModel::from_bytes(DEFAULT_LM, "dictionaries/lm.bin")?,
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
            LanguageModel::from_bytes(&bytes, &lm_path.to_string_lossy())?
        } else {
            LanguageModel::from_bytes(DEFAULT_LM, "dictionaries/lm.bin")?
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
        let fuzzy = FuzzyIndex::new(lm.vocab());
        Ok(Restorer {
            lexicon,
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
        let (mut words, mut marked, mut unknown) = (0usize, 0usize, 0usize);
        for t in tokens.iter().filter(|t| t.kind == TokenKind::Word) {
            let w = t.text(src);
            words += 1;
            marked += usize::from(!w.is_ascii());
            unknown += usize::from(!self.lexicon.contains(&text::canonical(w)));
        }
        if words == 0 {
            Condition::Clean
        } else if marked * 100 < words * 3 {
            Condition::Stripped
        } else if unknown * 100 <= words * 2 && marked * 10 >= words * 3 {
            Condition::Clean
        } else {
            Condition::Garbled
        }
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
        let condition = forced.unwrap_or_else(|| self.judge_tokens(text, &tokens));
        let word_count = tokens.iter().filter(|t| t.kind == TokenKind::Word).count();
        if condition == Condition::Clean {
            let r = Restoration {
                text: text.to_string(),
                changes: Vec::new(),
                noise: 0.0,
            };
            return (r, word_count);
        }
        let channel = match condition {
            Condition::Stripped => &self.stripped,
            _ => &self.ocr,
        };
        let items = lattice::items(text, &tokens);
        let mut slot_tokens = Vec::with_capacity(word_count);
        let mut keys = Vec::with_capacity(word_count);
        for item in &items {
            if let Item::Word(i) = item {
                slot_tokens.push(*i);
                keys.push((tokens[*i].text(text), in_symbol(text, &tokens, *i)));
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
        let (mut table, mut chosen) = self.decode_with(
            channel,
            condition,
            &items,
            &keys,
            (first_limits, true),
            &mut scratch,
        );
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
            (table, chosen) = self.decode_with(
                &adapted,
                condition,
                &items,
                &keys,
                (limits, false),
                &mut scratch,
            );
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
        condition: Condition,
        items: &[Item],
        keys: &[(&str, bool)],
        (limits, first_pass): (SearchLimits, bool),
        scratch: &mut Scratch,
    ) -> (ChoiceTable, Vec<u16>) {
        let mut index: HashMap<(&str, bool), usize> = HashMap::new();
        let mut table = ChoiceTable::default();
        let mut missing: Vec<usize> = Vec::new();
        for key in keys {
            let at = match index.get(key) {
                Some(&at) => at,
                None => {
                    let at = table.lists.len();
                    table.lists.push(Vec::new());
                    missing.push(at);
                    index.insert(*key, at);
                    at
                }
            };
            table.slot_list.push(at);
        }
        // The distinct forms in first-seen order, then their readings (from the shared
        // cache in the first pass when another document already had the form).
        let mut forms: Vec<(&str, bool)> = vec![("", false); table.lists.len()];
        for (key, &at) in &index {
            forms[at] = *key;
        }
        let mut fresh: Vec<usize> = Vec::new();
        if first_pass {
            let cache = self.first_pass.read().unwrap_or_else(|e| e.into_inner());
            for &at in &missing {
                let (w, symbol) = forms[at];
                match cache.get(&(condition, w.to_string(), symbol)) {
                    Some(list) => table.lists[at] = list.clone(),
                    None => fresh.push(at),
                }
            }
        } else {
            fresh = missing;
        }
        for &at in &fresh {
            let (w, symbol) = forms[at];
            table.lists[at] = self.choices(channel, condition, w, symbol, limits);
        }
        if first_pass && !fresh.is_empty() {
            let mut cache = self.first_pass.write().unwrap_or_else(|e| e.into_inner());
            if cache.len() + fresh.len() > FIRST_PASS_CACHE_LIMIT {
                cache.clear();
            }
            for &at in &fresh {
                let (w, symbol) = forms[at];
                cache.insert((condition, w.to_string(), symbol), table.lists[at].clone());
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

    /// The readings of one word token, cheapest first.
    fn choices(
        &self,
        channel: &Channel,
        condition: Condition,
        w: &str,
        symbol: bool,
        limits: SearchLimits,
    ) -> Vec<Choice> {
        let lower = w.to_lowercase();
        let canon = text::canonical(w);
        // Document symbols: an all-capitals D-spelling of a known Đ symbol.
        if w.len() >= 2 && Case::of(w) == Case::Upper {
            if let Some(sym) = self.symbols.get(&text::fold(w).to_uppercase()) {
                let id = self.lm.id(&sym.to_lowercase());
                return vec![Choice {
                    word: id,
                    cost: 0.0,
                    prefix: w.len() as u32,
                    then_number: false,
                    keep: sym == w,
                }];
            }
        }
        // Other parts of a document symbol (`NQ/TU`, `KH-UBND`) are abbreviations, not
        // syllables: keep them.
        if symbol {
            return vec![Choice {
                word: self.lm.id(&canon),
                cost: 0.0,
                prefix: w.len() as u32,
                then_number: false,
                keep: true,
            }];
        }
        let mut out: Vec<Choice> = Vec::new();
        let mut readings = vec![(w.len(), false, 0.0f32)];
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
        for (prefix, then_number, extra) in readings {
            let obs = if prefix == w.len() {
                lower.clone()
            } else {
                w[..prefix].to_lowercase()
            };
            for c in self.lexicon.search(channel, &obs, limits) {
                let mut ch = Choice::from_candidate(c, prefix, then_number);
                ch.cost += extra;
                ch.keep = !then_number && self.lm.word(c.word) == canon;
                out.push(ch);
            }
        }
        // A garbled form no rewrite explains (`qubc`): words spelled nearly like it, dearer
        // than any learned rewrite so that only strong context picks them.
        if out.is_empty() && condition == Condition::Garbled {
            let near = self
                .fuzzy
                .lookup(&lower, FUZZY_K, |id| -self.lm.unigram(id));
            for (word, d) in near {
                out.push(Choice {
                    word,
                    cost: FUZZY_COST + FUZZY_STEP * d as f32,
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
            let cost = if condition == Condition::Stripped && out.is_empty() {
                0.0
            } else if id != UNK {
                self.tuning.keep_cost * 0.5
            } else {
                self.tuning.keep_cost
            };
            out.push(Choice {
                word: id,
                cost,
                prefix: w.len() as u32,
                then_number: false,
                keep: true,
            });
        }
        out
    }
}

/// Near spellings kept for a form without candidates.
const FUZZY_K: usize = 5;
/// Channel cost of a near spelling: a base above the search's costliest rewrites, plus a
/// step per edit.
const FUZZY_COST: f32 = 8.0;
const FUZZY_STEP: f32 = 1.0;

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
        self.choices(
            &self.ocr,
            Condition::Garbled,
            word,
            false,
            self.tuning.limits,
        )
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
