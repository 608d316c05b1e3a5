//! The lattice of one document: what the decoder chooses among.
//!
//! Tokens become a sequence of [`Item`]s: a word slot (a word token with its candidates), a
//! class token the LM scores but nobody chooses (`<num>`, `<p>`), or a sentence boundary
//! (`. ; : ? !` and blank lines; a single line break is *not* one, since plans wrap lines in
//! mid-sentence). A run of numbers and punctuation between two words is one class token, as in
//! training ([`super::corpus`]).
//!
//! A word token with trailing digits (`ngay07`, `S6105`, `s6`) may be a word glued to a number
//! or a word with digits for letters; its slot offers both readings: each [`Choice`] says how
//! many bytes of the token it restores and whether a `<num>` follows.

use super::candidates::Candidate;
use super::corpus::punct_is_boundary;
use super::lm::WordId;
use crate::text::{Token, TokenKind};

/// One reading of a word token.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Choice {
    pub word: WordId,
    /// Channel cost (plus any reading penalty).
    pub cost: f32,
    /// Bytes of the token this reading restores (the rest are digits, kept as they are).
    pub prefix: u32,
    /// Whether the kept digits follow as a `<num>` for the LM.
    pub then_number: bool,
    /// Whether this reading keeps the token's letters as they are.
    pub keep: bool,
}

impl Choice {
    pub fn from_candidate(c: Candidate, prefix: usize, then_number: bool) -> Choice {
        Choice {
            word: c.word,
            cost: c.cost,
            prefix: prefix as u32,
            then_number,
            keep: false,
        }
    }
}

/// What the decoder sees, in text order.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// A word token (index into the token list).
    Word(usize),
    /// A class token: `<num>` or `<p>`.
    Class(WordId),
    /// End of a sentence.
    Boundary,
}

/// Turns tokens into items.
pub fn items(text: &str, tokens: &[Token]) -> Vec<Item> {
    let mut out = Vec::with_capacity(tokens.len() / 2 + 1);
    let mut pending: Option<WordId> = None;
    let mut breaks = 0usize;
    for (i, t) in tokens.iter().enumerate() {
        match t.kind {
            TokenKind::Word => {
                if let Some(p) = pending.take() {
                    out.push(Item::Class(p));
                }
                out.push(Item::Word(i));
                breaks = 0;
            }
            TokenKind::Number => {
                pending = Some(super::lm::NUM);
                breaks = 0;
            }
            TokenKind::Punct => {
                if punct_is_boundary(t.text(text)) {
                    if pending.take() == Some(super::lm::NUM) {
                        out.push(Item::Class(super::lm::NUM));
                    }
                    out.push(Item::Boundary);
                } else if pending != Some(super::lm::NUM) {
                    pending = Some(super::lm::PUNCT);
                }
                breaks = 0;
            }
            TokenKind::LineBreak => {
                breaks += 1;
                if breaks == 2 {
                    if pending.take() == Some(super::lm::NUM) {
                        out.push(Item::Class(super::lm::NUM));
                    }
                    out.push(Item::Boundary);
                }
            }
            TokenKind::Space => {}
        }
    }
    if pending == Some(super::lm::NUM) {
        out.push(Item::Class(super::lm::NUM));
    }
    out.push(Item::Boundary);
    out
}

/// Where the trailing digits of a word token start (byte offset), if it has any and some
/// letter comes before them.
pub fn trailing_digits(word: &str) -> Option<usize> {
    let trimmed = word.trim_end_matches(|c: char| c.is_ascii_digit());
    if trimmed.len() == word.len() || trimmed.is_empty() {
        return None;
    }
    Some(trimmed.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::restore::lm::{NUM, PUNCT};
    use crate::text::tokenize;

    #[test]
    fn classes_and_boundaries() {
        let text = "Quyết định số 749/QD-TTg ngày 03/6/2020; của\nThủ tướng\n\nKẾ HOẠCH";
        let tokens = tokenize(text);
        let it = items(text, &tokens);
        let shape: Vec<String> = it
            .iter()
            .map(|i| match i {
                Item::Word(k) => tokens[*k].text(text).to_string(),
                Item::Class(c) if *c == NUM => "<num>".into(),
                Item::Class(c) if *c == PUNCT => "<p>".into(),
                Item::Class(_) => "?".into(),
                Item::Boundary => "|".into(),
            })
            .collect();
        assert_eq!(
            shape.join(" "),
            "Quyết định số <num> QD <p> TTg ngày <num> | của Thủ tướng | KẾ HOẠCH |"
        );
    }

    #[test]
    fn digits_at_the_end() {
        let cases = [
            ("ngay07", Some(4)),
            ("S6105", Some(1)),
            ("s6", Some(1)),
            ("1y", None),
            ("ngay", None),
        ];
        for (w, want) in cases {
            assert_eq!(trailing_digits(w), want, "{w}");
        }
    }
}
