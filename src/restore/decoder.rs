//! Beam search over the lattice with the language model.
//!
//! A hypothesis is an LM [`State`], a score and a back-pointer. At each word slot every
//! hypothesis is extended by every [`Choice`]: score += λ·log P_LM(word | state) − channel
//! cost (and the LM score of a following `<num>` for a glued number). Hypotheses that reach
//! the same LM state are recombined (only the best can win from there on: Viterbi), and the
//! best `beam` survive. Class tokens and boundaries extend every hypothesis the same way.
//! The search keeps line breaks inside sentences, so context flows across wrapped lines.

use super::lattice::{Choice, Item};
use super::lm::{LanguageModel, LogProb, Probe, State, WordId, EOS};

/// Tuning of the search.
#[derive(Clone, Copy, Debug)]
pub struct DecodeParams {
    /// Weight of the LM log-probability against the channel cost.
    pub lm_weight: f32,
    /// Hypotheses kept per step.
    pub beam: usize,
}

#[derive(Clone, Copy)]
struct Hyp {
    state: State,
    score: f32,
    /// Index into the back-pointer arena, `u32::MAX` for none.
    back: u32,
    /// Position among the candidates of a recombination (its tie-break).
    pos: u32,
}

/// Reusable buffers of one decoding.
#[derive(Default)]
pub struct Scratch {
    beam: Vec<Hyp>,
    next: Vec<Hyp>,
    /// (previous arena index, choice index) per extension.
    arena: Vec<(u32, u16)>,
    /// The LM queries of one step (every hypothesis × every choice), asked together.
    queries: Vec<(State, WordId)>,
    probes: Vec<Probe>,
    scores: Vec<(LogProb, State)>,
}

/// Chooses one option per word slot; `slots[k]` are the choices of the k-th `Item::Word`
/// (never empty). Returns the chosen index per slot.
pub fn decode(
    lm: &LanguageModel,
    items: &[Item],
    slots: &[&[Choice]],
    params: DecodeParams,
    scratch: &mut Scratch,
) -> Vec<u16> {
    let Scratch {
        beam,
        next,
        arena,
        queries,
        probes,
        scores,
    } = scratch;
    beam.clear();
    arena.clear();
    beam.push(Hyp {
        state: lm.begin_state(),
        score: 0.0,
        back: u32::MAX,
        pos: 0,
    });
    let mut out_state = State::default();
    let mut slot = 0usize;
    let mut chosen = vec![0u16; slots.len()];
    let lw = params.lm_weight;
    for item in items {
        match item {
            Item::Class(c) => {
                for h in beam.iter_mut() {
                    h.score += lw * lm.score(&h.state, *c, &mut out_state);
                    h.state = out_state;
                }
                recombine(beam, next, params.beam);
            }
            Item::Boundary => {
                for h in beam.iter_mut() {
                    h.score += lw * lm.score(&h.state, EOS, &mut out_state);
                    h.state = lm.begin_state();
                }
                recombine(beam, next, 1);
                // One hypothesis is left: its choices are final. Writing them out now keeps
                // the arena as small as the longest sentence.
                flush(beam, arena, slot, &mut chosen);
            }
            Item::Word(_) => {
                let choices = slots.get(slot).copied().unwrap_or(&[]);
                slot += 1;
                next.clear();
                queries.clear();
                for h in beam.iter() {
                    queries.extend(choices.iter().map(|c| (h.state, c.word)));
                }
                lm.score_many(queries, probes, scores);
                let mut scored = scores.iter();
                for h in beam.iter() {
                    for (ci, c) in choices.iter().enumerate() {
                        let Some(&(p, mut state)) = scored.next() else {
                            break;
                        };
                        let mut s = h.score - c.cost + lw * p;
                        if c.then_number {
                            let mut after = State::default();
                            s += lw * lm.score(&state, super::lm::NUM, &mut after);
                            state = after;
                        }
                        arena.push((h.back, ci as u16));
                        next.push(Hyp {
                            state,
                            score: s,
                            back: (arena.len() - 1) as u32,
                            pos: 0,
                        });
                    }
                }
                if next.is_empty() {
                    // A slot without choices cannot happen (the keep reading is always
                    // there); stay safe by carrying the beam over a dummy pointer.
                    for h in beam.iter() {
                        arena.push((h.back, 0));
                        next.push(Hyp {
                            back: (arena.len() - 1) as u32,
                            ..*h
                        });
                    }
                }
                std::mem::swap(beam, next);
                recombine(beam, next, params.beam);
                if arena.len() > ARENA_LIMIT {
                    // A "sentence" without end (a huge line): commit to the best so far.
                    recombine(beam, next, 1);
                    flush(beam, arena, slot, &mut chosen);
                }
            }
        }
    }
    let best = beam
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.score.total_cmp(&b.1.score))
        .map_or(0, |(i, _)| i);
    beam.swap(0, best);
    beam.truncate(1);
    flush(beam, arena, slot, &mut chosen);
    chosen
}

/// Back-pointer entries kept before a forced commit (about 16 MB).
const ARENA_LIMIT: usize = 1 << 21;

/// Writes the choices of the single hypothesis left in `beam` for the slots before `end`,
/// then empties the arena.
fn flush(beam: &mut [Hyp], arena: &mut Vec<(u32, u16)>, end: usize, chosen: &mut [u16]) {
    let Some(h) = beam.first_mut() else {
        return;
    };
    let mut at = h.back;
    let mut k = end;
    while at != u32::MAX && k > 0 {
        let (prev, ci) = arena[at as usize];
        k -= 1;
        chosen[k] = ci;
        at = prev;
    }
    h.back = u32::MAX;
    arena.clear();
}

/// Keeps the best hypothesis per state, then the best `width` overall (ties: first wins).
///
/// One pass that keeps the best `width` so far in rank order (score, then position), instead
/// of sorting all the extensions of a step: a hypothesis whose state is already kept replaces
/// it only if strictly better, and one that ranks below the last kept when `width` are kept
/// is dropped (the last kept can only get better, so it could never come back).
fn recombine(beam: &mut Vec<Hyp>, scratch: &mut Vec<Hyp>, width: usize) {
    scratch.clear();
    let width = width.max(1);
    // Whether a ranks before b: higher score, then earlier position.
    let before = |a: &Hyp, b: &Hyp| a.score.total_cmp(&b.score).then(b.pos.cmp(&a.pos)).is_gt();
    for (i, h) in beam.iter().enumerate() {
        let h = Hyp {
            pos: i as u32,
            ..*h
        };
        let mut at = match scratch.iter().position(|k| k.state == h.state) {
            Some(k) if h.score.total_cmp(&scratch[k].score).is_gt() => {
                scratch[k] = h;
                k
            }
            Some(_) => continue,
            None if scratch.len() < width => {
                scratch.push(h);
                scratch.len() - 1
            }
            None => {
                let last = scratch.len() - 1;
                if !before(&h, &scratch[last]) {
                    continue;
                }
                scratch[last] = h;
                last
            }
        };
        // Move the new or improved entry up to its rank.
        while at > 0 && before(&scratch[at], &scratch[at - 1]) {
            scratch.swap(at, at - 1);
            at -= 1;
        }
    }
    std::mem::swap(beam, scratch);
}
