//! Adapting the channel to one document.
//!
//! OCR engines differ: one drops stacked vowels (`h thng` = hệ thống), another reads `ư` as
//! `ir`, a third keeps most marks. The global channel averages over the engines it was trained
//! on; after a first decoding pass, the document itself says which engine read it. We align
//! every (observed token, chosen word) pair of the first pass letter-cluster by letter-cluster
//! ([`super::channel_build::align`]), count the rewrites, and re-estimate each rule as a
//! posterior that starts from the global cost and moves towards the document's own rate:
//! P = (n_doc(t→o) + β·P_global(t→o)) / (n_doc(t) + β). A second pass decodes with it.

use super::channel::Rule;
use super::channel_build::align;
use std::collections::HashMap;

/// Prior strength of the global channel, in observations of each truth.
const BETA: f64 = 12.0;

/// Rule costs keyed by (truth, observed), for alignment.
pub(crate) type CostTable = HashMap<(String, String), f32>;

/// The cost table of a rule set.
pub(crate) fn cost_table(rules: &[Rule]) -> CostTable {
    let mut t = CostTable::with_capacity(rules.len());
    for r in rules {
        let e = t
            .entry((r.truth.clone(), r.observed.clone()))
            .or_insert(f32::INFINITY);
        *e = e.min(r.cost);
    }
    t
}

/// Rules adapted to a document from its first-pass pairs `(observed, truth, count)`.
pub(crate) fn adapt(global: &CostTable, pairs: &[(String, String, u32)]) -> Vec<Rule> {
    let mut counts: HashMap<(String, String), f64> = HashMap::new();
    let mut occurrences: HashMap<String, f64> = HashMap::new();
    for (obs, truth, n) in pairs {
        let t: Vec<char> = truth.chars().collect();
        let o: Vec<char> = obs.chars().collect();
        if t.len() > 12 || o.len() > 12 {
            continue;
        }
        let n = f64::from(*n);
        for a in 1..=2 {
            for win in t.windows(a) {
                *occurrences.entry(win.iter().collect()).or_default() += n;
            }
        }
        for unit in align(&t, &o, global) {
            *counts.entry(unit).or_default() += n;
        }
    }
    let mut rules = Vec::with_capacity(global.len() + 16);
    for ((t, o), &cost) in global {
        let key = (t.clone(), o.clone());
        let n = counts.remove(&key).unwrap_or(0.0);
        let occ = if t.is_empty() {
            0.0
        } else {
            occurrences.get(t).copied().unwrap_or(0.0)
        };
        let cost = if occ == 0.0 {
            cost
        } else {
            let p = (n + BETA * f64::from(-cost).exp()) / (occ + BETA);
            (-p.clamp(1e-9, 1.0).ln()) as f32
        };
        rules.push(Rule {
            truth: key.0,
            observed: key.1,
            cost: cost.max(0.005),
            count: n as u32,
        });
    }
    rules
}
