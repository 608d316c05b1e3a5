//! Training text for the language model: raw lines → sentences of word ids.
//!
//! One normalisation serves training and decoding alike ([`word_key`], [`punct_is_boundary`]):
//! words are NFC, lower case, tone placed the Traditional way (`text::canonical`); a run of
//! numbers and in-sentence punctuation between two words is one class token (`<num>` if it
//! holds a digit, else `<p>`), so `số 749/QĐ-TTg` reads `số <num> qđ <p> ttg`; `. ; : ? !`
//! and line ends close a sentence. Header lines (`### path`) and junk lines (few words, or
//! mostly non-syllables: tables, code, URLs) are skipped.
//!
//! Sources are weighted by repetition: the small in-domain files (plans, administrative
//! texts) are read several times so their n-grams survive the count cut-offs.

use super::lm::{self, WordId};
use crate::text::{self, TokenKind};
use std::collections::HashMap;

/// The LM's key of a word token: canonical lower case.
pub fn word_key(word: &str) -> String {
    text::canonical(word)
}

/// Whether a punctuation character ends a sentence for the LM.
pub fn punct_is_boundary(p: &str) -> bool {
    matches!(p, "." | ";" | ":" | "?" | "!" | "…")
}

/// Collects sentences and the vocabulary while reading text.
#[derive(Default)]
pub struct CorpusBuilder {
    index: HashMap<String, u32>,
    words: Vec<String>,
    counts: Vec<u64>,
    /// Sentences of provisional ids, each ended by `u32::MAX`.
    ids: Vec<u32>,
    pub lines_read: u64,
    pub lines_skipped: u64,
}

const END: u32 = u32::MAX;
const P_NUM: u32 = u32::MAX - 1;
const P_PUNCT: u32 = u32::MAX - 2;

impl CorpusBuilder {
    fn intern(&mut self, w: String) -> u32 {
        if let Some(&i) = self.index.get(&w) {
            self.counts[i as usize] += 1;
            return i;
        }
        let i = self.words.len() as u32;
        self.index.insert(w.clone(), i);
        self.words.push(w);
        self.counts.push(1);
        i
    }

    /// Adds one line of text, `weight` times.
    pub fn add_line(&mut self, line: &str, weight: u32) {
        self.lines_read += 1;
        let line = line.trim();
        if line.starts_with("###") || line.is_empty() {
            self.lines_skipped += 1;
            return;
        }
        let line = text::nfc(line);
        let tokens = text::tokenize(&line);
        let (mut words, mut syllables) = (0usize, 0usize);
        for t in &tokens {
            if t.kind == TokenKind::Word {
                words += 1;
                syllables += usize::from(text::is_syllable(t.text(&line)));
            }
        }
        if words < 2 || syllables * 10 < words * 6 {
            self.lines_skipped += 1;
            return;
        }
        let mut sentence: Vec<u32> = Vec::new();
        let mut pending: Option<u32> = None;
        let flush = |sentence: &mut Vec<u32>, ids: &mut Vec<u32>| {
            if sentence.iter().any(|&w| w < P_PUNCT) {
                for _ in 0..weight {
                    ids.extend_from_slice(sentence);
                    ids.push(END);
                }
            }
            sentence.clear();
        };
        for t in &tokens {
            let s = t.text(&line);
            match t.kind {
                TokenKind::Word => {
                    if let Some(p) = pending.take() {
                        if !sentence.is_empty() {
                            sentence.push(p);
                        }
                    }
                    let id = self.intern(word_key(s));
                    // Count every repetition so the frequency cut-off sees the weight.
                    self.counts[id as usize] += u64::from(weight) - 1;
                    sentence.push(id);
                }
                TokenKind::Number => pending = Some(P_NUM),
                TokenKind::Punct if punct_is_boundary(s) => {
                    if pending.take() == Some(P_NUM) && !sentence.is_empty() {
                        sentence.push(P_NUM);
                    }
                    flush(&mut sentence, &mut self.ids);
                }
                TokenKind::Punct => {
                    if pending != Some(P_NUM) {
                        pending = Some(P_PUNCT);
                    }
                }
                TokenKind::Space | TokenKind::LineBreak => {}
            }
        }
        if pending == Some(P_NUM) && !sentence.is_empty() {
            sentence.push(P_NUM);
        }
        flush(&mut sentence, &mut self.ids);
    }

    /// Final vocabulary and id sentences. Words seen fewer than `min_count` times (and
    /// non-syllables seen fewer than `min_count_other`) become `<unk>`. Vocabulary order:
    /// reserved tokens, then by count (descending), then by text: deterministic.
    pub fn finish(self, min_count: u64, min_count_other: u64) -> (Vec<String>, Vec<WordId>) {
        let mut order: Vec<u32> = (0..self.words.len() as u32)
            .filter(|&i| {
                let w = &self.words[i as usize];
                let c = self.counts[i as usize];
                let need = if text::is_syllable(w) {
                    min_count
                } else {
                    min_count_other
                };
                c >= need && !w.contains('\n')
            })
            .collect();
        order.sort_by(|&a, &b| {
            self.counts[b as usize]
                .cmp(&self.counts[a as usize])
                .then_with(|| self.words[a as usize].cmp(&self.words[b as usize]))
        });
        let mut map = vec![lm::UNK; self.words.len()];
        let mut vocab: Vec<String> = lm::RESERVED.iter().map(|s| s.to_string()).collect();
        for i in order {
            map[i as usize] = vocab.len() as WordId;
            vocab.push(self.words[i as usize].clone());
        }
        let ids = self
            .ids
            .iter()
            .map(|&i| match i {
                END => lm::EOS,
                P_NUM => lm::NUM,
                P_PUNCT => lm::PUNCT,
                i => map[i as usize],
            })
            .collect();
        (vocab, ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_and_boundaries() {
        let mut b = CorpusBuilder::default();
        b.add_line("### laws/x.md", 1);
        b.add_line("Quyết định số 749/QĐ-TTg ngày 03/6/2020; Hoà bình.", 1);
        let (vocab, ids) = b.finish(1, 1);
        let words: Vec<&str> = ids.iter().map(|&i| vocab[i as usize].as_str()).collect();
        assert_eq!(
            words.join(" "),
            "quyết định số <num> qđ <p> ttg ngày <num> </s> hòa bình </s>"
        );
    }
}
