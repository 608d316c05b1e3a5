//! Writing the restoration: the chosen readings spelled in the input's case and the wanted
//! tone style, spliced into the input (everything between word tokens copied byte for
//! byte), with a confidence and runner-up per change from a local rescoring in context.

use super::lattice::{Choice, Item};
use super::lm::{State, UNK};
use super::restorer::{Change, Restoration, Restorer};
use crate::text::{self, Case, ToneStyle};

impl Restorer {
    /// The output spelling of a choice for the token `w`, or `None` when it keeps `w`.
    pub(super) fn spell(&self, w: &str, c: &Choice) -> Option<String> {
        if c.keep || c.word == UNK {
            return None;
        }
        let original = &w[..c.prefix as usize];
        let word = self.lm.word(c.word);
        if text::canonical(original) == word {
            return None;
        }
        let cased = apply_case(original, word);
        let styled = match self.tone_style {
            ToneStyle::Traditional => cased,
            style => text::place_tone(&cased, style),
        };
        Some(styled)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn assemble(
        &self,
        src: &str,
        tokens: &[text::Token],
        items: &[Item],
        slots: &[&[Choice]],
        slot_tokens: &[usize],
        chosen: &[u16],
        word_count: usize,
    ) -> Restoration {
        // Replay the chosen path for the LM state before each slot (for confidences).
        let mut before: Vec<State> = Vec::with_capacity(slots.len());
        let mut after_ids: Vec<Vec<u32>> = Vec::with_capacity(slots.len());
        let mut seq: Vec<(Option<usize>, u32)> = Vec::new(); // (slot, word id) in item order
        {
            let mut state = self.lm.begin_state();
            let mut out = State::default();
            let mut k = 0;
            for item in items {
                let id = match item {
                    Item::Word(_) => {
                        let c = slots[k][chosen[k] as usize];
                        before.push(state);
                        seq.push((Some(k), c.word));
                        k += 1;
                        c.word
                    }
                    Item::Class(c) => {
                        seq.push((None, *c));
                        *c
                    }
                    Item::Boundary => {
                        seq.push((None, super::lm::EOS));
                        state = self.lm.begin_state();
                        continue;
                    }
                };
                self.lm.score(&state, id, &mut out);
                state = out;
            }
            for (pos, (slot, _)) in seq.iter().enumerate() {
                if slot.is_some() {
                    let next: Vec<u32> = seq[pos + 1..].iter().take(2).map(|s| s.1).collect();
                    after_ids.push(next);
                }
            }
        }
        let mut changes = Vec::new();
        let mut text = String::with_capacity(src.len() + src.len() / 8);
        let mut copied = 0usize;
        for (k, &ti) in slot_tokens.iter().enumerate() {
            let tok = &tokens[ti];
            let w = tok.text(src);
            let c = slots[k][chosen[k] as usize];
            let Some(output) = self.spell(w, &c) else {
                continue;
            };
            let span = tok.span.start..tok.span.start + c.prefix as usize;
            text.push_str(&src[copied..span.start]);
            text.push_str(&output);
            copied = span.end;
            let (confidence, runner_up) =
                self.confidence(w, slots[k], chosen[k], &before[k], &after_ids[k]);
            changes.push(Change {
                span,
                input: w[..c.prefix as usize].to_string(),
                output,
                confidence,
                runner_up,
            });
        }
        text.push_str(&src[copied..]);
        let noise = changes.len() as f64 / word_count.max(1) as f64;
        Restoration {
            text,
            changes,
            noise,
        }
    }

    /// Confidence of the chosen reading against the best other one, rescored in a window of
    /// the LM context (the state before, the two items after).
    fn confidence(
        &self,
        w: &str,
        choices: &[Choice],
        chosen: u16,
        before: &State,
        after: &[u32],
    ) -> (f32, Option<String>) {
        let lw = self.tuning.lm_weight;
        let score = |c: &Choice| {
            let mut out = State::default();
            let mut s = -c.cost + lw * self.lm.score(before, c.word, &mut out);
            let mut state = out;
            for &id in after {
                s += lw * self.lm.score(&state, id, &mut out);
                state = out;
            }
            s
        };
        let best = score(&choices[chosen as usize]);
        let mut runner: Option<(f32, &Choice)> = None;
        for (i, c) in choices.iter().enumerate() {
            if i == chosen as usize {
                continue;
            }
            let s = score(c);
            if runner.is_none_or(|r| s > r.0) {
                runner = Some((s, c));
            }
        }
        match runner {
            None => (1.0, None),
            Some((s, c)) => {
                let conf = 1.0 / (1.0 + (s - best).exp());
                let text = self
                    .spell(w, c)
                    .unwrap_or_else(|| w[..c.prefix as usize].to_string());
                (conf, Some(text))
            }
        }
    }
}

/// `word` (lower case) in the case pattern of `pattern` (the OCR token it replaces).
fn apply_case(pattern: &str, word: &str) -> String {
    let case = match Case::of(pattern) {
        Case::Other => {
            let letters: Vec<char> = pattern.chars().filter(|c| c.is_alphabetic()).collect();
            let upper = letters.iter().filter(|c| c.is_uppercase()).count();
            if upper * 3 >= letters.len() * 2 {
                Case::Upper
            } else if letters.first().is_some_and(|c| c.is_uppercase()) {
                Case::Title
            } else {
                Case::Lower
            }
        }
        // A lone capital (`S6` for `Số`) is a title, not a shout.
        Case::Upper if pattern.chars().filter(|c| c.is_alphabetic()).count() < 2 => Case::Title,
        c => c,
    };
    case.apply(word)
}
