//! Which plans copy which: word 5-gram shingle containment between restored texts.
//!
//! Each text is folded (marks stripped, lower case) so that a restored plan and a clean one
//! still match where the restorer missed a tone, cut into words, and every run of
//! [`SHINGLE`] words hashed. Containment of A in B is |S(A) ∩ S(B)| / |S(A)|: 0.8 means four
//! fifths of A's 5-grams occur in B, which for prose means A was written from B.
//!
//! Comparing every pair is quadratic, so candidate pairs come from an inverted index over
//! shingles instead: only plans that share shingles are ever compared. Shingles found in more
//! than [`MAX_POSTINGS`] plans are formulae every plan repeats ("căn cứ Luật Thi đua, Khen
//! thưởng …"): they say nothing about who copied whom, and skipping them caps the pair
//! counting at O(Σ_shingles min(df, MAX_POSTINGS)²). With more than [`SAMPLE_ABOVE`] plans
//! only shingles whose hash is 0 mod [`SAMPLE_MOD`] are kept (a consistent sample: a shared
//! shingle is kept in both plans or in neither), which estimates containment without bias in
//! a quarter of the memory. Total: O(N·L) to shingle N plans of L words, O(P·L) to score the
//! P candidate pairs.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// Words per shingle.
pub const SHINGLE: usize = 5;
/// Shingles shared by more plans than this are ignored for candidate pairs.
pub const MAX_POSTINGS: usize = 200;
/// From this many plans on, shingles are sampled.
pub const SAMPLE_ABOVE: usize = 1000;
/// Keep one shingle in this many when sampling.
pub const SAMPLE_MOD: u64 = 4;
/// Candidate pairs need this many shared (kept) shingles.
const MIN_SHARED: u32 = 3;

/// The shingle set of one text, sorted and deduplicated.
#[derive(Debug, Clone, Default)]
pub struct Shingles(Vec<u64>);

impl Shingles {
    /// The shingles of `text`; with `sample`, only those with hash ≡ 0 mod [`SAMPLE_MOD`].
    pub fn of(text: &str, sample: bool) -> Shingles {
        let folded = crate::text::fold_lower(text);
        let words: Vec<&str> = folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let mut set: Vec<u64> = words
            .windows(SHINGLE)
            .map(|w| {
                let mut h = DefaultHasher::new();
                w.hash(&mut h);
                h.finish()
            })
            .filter(|h| !sample || h % SAMPLE_MOD == 0)
            .collect();
        set.sort_unstable();
        set.dedup();
        Shingles(set)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// |self ∩ other| by a merge of the sorted sets.
    pub fn shared(&self, other: &Shingles) -> usize {
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut n) = (0, 0, 0);
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    n += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        n
    }
}

/// The overlap between two plans (indices into the compared list).
#[derive(Debug, Clone, PartialEq)]
pub struct Overlap {
    pub a: usize,
    pub b: usize,
    /// Share of a's shingles found in b.
    pub a_in_b: f64,
    /// Share of b's shingles found in a.
    pub b_in_a: f64,
}

/// Pairs of texts whose containment (either way) reaches `min_containment`, strongest
/// first. `None` texts (no text available) take no part.
pub fn overlaps(texts: &[Option<&str>], min_containment: f64) -> Vec<Overlap> {
    let sample = texts.len() > SAMPLE_ABOVE;
    let sets: Vec<Shingles> = texts
        .iter()
        .map(|t| t.map(|t| Shingles::of(t, sample)).unwrap_or_default())
        .collect();
    let mut postings: HashMap<u64, Vec<u32>> = HashMap::new();
    for (i, set) in sets.iter().enumerate() {
        for &h in &set.0 {
            postings.entry(h).or_default().push(i as u32);
        }
    }
    let mut pair_counts: HashMap<(u32, u32), u32> = HashMap::new();
    for list in postings.values() {
        if list.len() < 2 || list.len() > MAX_POSTINGS {
            continue;
        }
        for (k, &x) in list.iter().enumerate() {
            for &y in &list[k + 1..] {
                *pair_counts.entry((x, y)).or_default() += 1;
            }
        }
    }
    let mut found: Vec<Overlap> = pair_counts
        .into_iter()
        .filter(|&(_, n)| n >= MIN_SHARED)
        .filter_map(|((x, y), _)| {
            let (a, b) = (x as usize, y as usize);
            let shared = sets[a].shared(&sets[b]) as f64;
            let a_in_b = shared / sets[a].len().max(1) as f64;
            let b_in_a = shared / sets[b].len().max(1) as f64;
            (a_in_b.max(b_in_a) >= min_containment).then_some(Overlap {
                a,
                b,
                a_in_b,
                b_in_a,
            })
        })
        .collect();
    found.sort_by(|p, q| {
        q.a_in_b
            .max(q.b_in_a)
            .total_cmp(&p.a_in_b.max(p.b_in_a))
            .then((p.a, p.b).cmp(&(q.a, q.b)))
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str =
        "Ủy ban nhân dân tỉnh ban hành kế hoạch tổ chức phong trào thi đua chuyển đổi số \
        giai đoạn 2021 2025 trên địa bàn tỉnh nhằm phát huy sức mạnh của cả hệ thống chính trị \
        trong việc tuyên truyền nâng cao nhận thức về chuyển đổi số và khen thưởng kịp thời";

    #[test]
    fn copy_is_found_and_unrelated_is_not() {
        let copy = format!("Thành phố triển khai như sau. {BASE}. Ngoài ra thêm vài câu riêng.");
        let other = "Báo cáo tình hình kinh tế xã hội quý ba năm hai nghìn hai mươi mốt của huyện miền núi phía bắc";
        let plain = crate::text::fold(BASE);
        let texts = [
            Some(BASE),
            Some(copy.as_str()),
            Some(other),
            None,
            Some(plain.as_str()),
        ];
        let found = overlaps(&texts, 0.3);
        let pairs: Vec<(usize, usize)> = found.iter().map(|o| (o.a, o.b)).collect();
        assert!(pairs.contains(&(0, 1)), "{found:?}");
        assert!(pairs.contains(&(0, 4)), "marks do not matter: {found:?}");
        assert!(!pairs
            .iter()
            .any(|&(a, b)| a == 2 || b == 2 || a == 3 || b == 3));
        let o = found.iter().find(|o| (o.a, o.b) == (0, 1)).unwrap();
        assert!(o.a_in_b > 0.99 && o.b_in_a < o.a_in_b, "{o:?}");
    }

    #[test]
    fn short_and_empty_texts() {
        assert!(overlaps(&[Some(""), Some("a b"), Some("a b")], 0.1).is_empty());
        assert!(Shingles::of("một hai ba bốn", false).is_empty());
        assert_eq!(Shingles::of("một hai ba bốn năm", false).len(), 1);
    }
}
