//! Sequence alignment with the exact semantics of Python's `difflib.SequenceMatcher`
//! (`autojunk=False`, no junk function).
//!
//! The official scoring tools align gold and hypothesis with difflib, so vnplan's own
//! evaluation must find the very same matching blocks, not merely a good alignment: where
//! several longest matches exist, difflib takes the one that starts earliest in `a`, then
//! earliest in `b`, and recurses left and right of it. This module reproduces that
//! procedure step by step.

use std::collections::HashMap;
use std::hash::Hash;

/// One aligned run: `a[a_start..a_start+len] == b[b_start..b_start+len]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    pub a_start: usize,
    pub b_start: usize,
    pub len: usize,
}

/// What an opcode does to turn a range of `a` into a range of `b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    Equal,
    Replace,
    Delete,
    Insert,
}

/// One difflib opcode: `a[a.0..a.1]` relates to `b[b.0..b.1]` as `kind` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Opcode {
    pub kind: OpKind,
    pub a: (usize, usize),
    pub b: (usize, usize),
}

/// Aligns two sequences the way `difflib.SequenceMatcher(None, a, b, autojunk=False)` does.
pub struct SequenceMatcher<'s, T> {
    a: &'s [T],
    b: &'s [T],
    /// For each element of `b`, the ascending positions where it occurs.
    b_positions: HashMap<&'s T, Vec<usize>>,
}

impl<'s, T: Eq + Hash> SequenceMatcher<'s, T> {
    pub fn new(a: &'s [T], b: &'s [T]) -> Self {
        let mut b_positions: HashMap<&T, Vec<usize>> = HashMap::new();
        for (j, x) in b.iter().enumerate() {
            b_positions.entry(x).or_default().push(j);
        }
        SequenceMatcher { a, b, b_positions }
    }

    /// The longest matching block in `a[alo..ahi]` × `b[blo..bhi]`, earliest on ties.
    fn longest_match(&self, alo: usize, ahi: usize, blo: usize, bhi: usize) -> Block {
        let (mut best_i, mut best_j, mut best_len) = (alo, blo, 0usize);
        // Length of the match ending at (i-1, j), for the previous row only.
        let mut prev: HashMap<usize, usize> = HashMap::new();
        for i in alo..ahi {
            let mut row: HashMap<usize, usize> = HashMap::new();
            if let Some(positions) = self.b_positions.get(&self.a[i]) {
                for &j in positions {
                    if j < blo {
                        continue;
                    }
                    if j >= bhi {
                        break;
                    }
                    let k = j
                        .checked_sub(1)
                        .and_then(|p| prev.get(&p))
                        .copied()
                        .unwrap_or(0)
                        + 1;
                    row.insert(j, k);
                    if k > best_len {
                        best_i = i + 1 - k;
                        best_j = j + 1 - k;
                        best_len = k;
                    }
                }
            }
            prev = row;
        }
        // difflib widens the match over equal neighbours; with no junk this only matters
        // in principle, but keeping the step keeps the procedure identical.
        while best_i > alo && best_j > blo && self.a[best_i - 1] == self.b[best_j - 1] {
            best_i -= 1;
            best_j -= 1;
            best_len += 1;
        }
        while best_i + best_len < ahi
            && best_j + best_len < bhi
            && self.a[best_i + best_len] == self.b[best_j + best_len]
        {
            best_len += 1;
        }
        Block {
            a_start: best_i,
            b_start: best_j,
            len: best_len,
        }
    }

    /// The matching blocks in order, adjacent ones merged, ending with the sentinel
    /// `(len(a), len(b), 0)` as difflib does.
    pub fn matching_blocks(&self) -> Vec<Block> {
        let (la, lb) = (self.a.len(), self.b.len());
        let mut queue = vec![(0, la, 0, lb)];
        let mut blocks = Vec::new();
        while let Some((alo, ahi, blo, bhi)) = queue.pop() {
            let m = self.longest_match(alo, ahi, blo, bhi);
            if m.len > 0 {
                blocks.push(m);
                if alo < m.a_start && blo < m.b_start {
                    queue.push((alo, m.a_start, blo, m.b_start));
                }
                if m.a_start + m.len < ahi && m.b_start + m.len < bhi {
                    queue.push((m.a_start + m.len, ahi, m.b_start + m.len, bhi));
                }
            }
        }
        blocks.sort_by_key(|b| (b.a_start, b.b_start, b.len));
        let mut merged: Vec<Block> = Vec::with_capacity(blocks.len() + 1);
        for b in blocks {
            match merged.last_mut() {
                Some(last)
                    if last.a_start + last.len == b.a_start
                        && last.b_start + last.len == b.b_start =>
                {
                    last.len += b.len
                }
                _ => merged.push(b),
            }
        }
        merged.push(Block {
            a_start: la,
            b_start: lb,
            len: 0,
        });
        merged
    }

    /// The edit script from `a` to `b`, as difflib's `get_opcodes`.
    pub fn opcodes(&self) -> Vec<Opcode> {
        let (mut i, mut j) = (0, 0);
        let mut ops = Vec::new();
        for m in self.matching_blocks() {
            let kind = if i < m.a_start && j < m.b_start {
                Some(OpKind::Replace)
            } else if i < m.a_start {
                Some(OpKind::Delete)
            } else if j < m.b_start {
                Some(OpKind::Insert)
            } else {
                None
            };
            if let Some(kind) = kind {
                ops.push(Opcode {
                    kind,
                    a: (i, m.a_start),
                    b: (j, m.b_start),
                });
            }
            i = m.a_start + m.len;
            j = m.b_start + m.len;
            if m.len > 0 {
                ops.push(Opcode {
                    kind: OpKind::Equal,
                    a: (m.a_start, i),
                    b: (m.b_start, j),
                });
            }
        }
        ops
    }

    /// difflib's `ratio()`: 2·matches / (len(a) + len(b)), 1.0 for two empty sequences.
    pub fn ratio(&self) -> f64 {
        let total = self.a.len() + self.b.len();
        if total == 0 {
            return 1.0;
        }
        let matches: usize = self.matching_blocks().iter().map(|b| b.len).sum();
        2.0 * matches as f64 / total as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    // Expected values below were produced by CPython's difflib.
    #[test]
    fn ratios_match_difflib() {
        let cases = [
            ("abcd", "bcde", 0.75),
            ("sở thông tin", "sở thông tin và truyền thông", 0.6),
            ("", "", 1.0),
            ("abc", "", 0.0),
            ("private", "pirate", 0.7692307692307693),
        ];
        for (a, b, want) in cases {
            let (a, b) = (chars(a), chars(b));
            let got = SequenceMatcher::new(&a, &b).ratio();
            assert!((got - want).abs() < 1e-12, "{a:?} {b:?}: {got} != {want}");
        }
    }

    #[test]
    fn opcodes_match_difflib() {
        // difflib.SequenceMatcher(None, "qabxcd", "abycdf", autojunk=False).get_opcodes()
        let (a, b) = (chars("qabxcd"), chars("abycdf"));
        let ops: Vec<_> = SequenceMatcher::new(&a, &b)
            .opcodes()
            .into_iter()
            .map(|o| (o.kind, o.a.0, o.a.1, o.b.0, o.b.1))
            .collect();
        use OpKind::*;
        assert_eq!(
            ops,
            vec![
                (Delete, 0, 1, 0, 0),
                (Equal, 1, 3, 0, 2),
                (Replace, 3, 4, 2, 3),
                (Equal, 4, 6, 3, 5),
                (Insert, 6, 6, 5, 6),
            ]
        );
    }

    #[test]
    fn earliest_longest_match_wins() {
        // Two equally long matches: difflib picks the earliest in a, then in b.
        let (a, b) = (chars("xyab"), chars("abxy"));
        let blocks = SequenceMatcher::new(&a, &b).matching_blocks();
        assert_eq!(
            blocks[0],
            Block {
                a_start: 0,
                b_start: 2,
                len: 2
            }
        );
    }
}
