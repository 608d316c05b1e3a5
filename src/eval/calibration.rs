//! Does a confidence mean something? Every field a record gives a confidence for (in its
//! `provenance`) is judged right or wrong against the gold, and the judgements are counted
//! per confidence bucket.
//!
//! **Right** means: a scalar field scores 1 (the official normalised comparison); a list
//! (basis, references, recipients, …) scores an F1 of at least [`LIST_RIGHT`], i.e. at most
//! about one item in ten missed or spurious. A provenance key that covers several scored
//! fields (`issuer` covers `issuer.name`, `issuer.level` and `issuer.locality`; `signer` its
//! three parts; `movement` its name and period; `criteria` its groups and targets) is right
//! only when every field it covers that the gold judges is right, since a consumer filtering
//! on that confidence takes the whole value. A more specific key (`signer.name`), where a
//! record has one, takes its field away from the broader one. Fields the gold does not judge
//! are left out, as are fields without a provenance entry (no value was read).

use super::fields::{FieldScore, SCALARS};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The least F1 at which a list counts as right.
pub const LIST_RIGHT: f64 = 0.9;

/// The confidence from which a consumer may take a field as it is.
pub const CONFIDENT: f64 = 0.9;

/// The share of confident fields that must be right.
pub const TARGET: f64 = 0.97;

/// Bucket edges: `[0, 0.5)`, `[0.5, 0.7)`, …, `[0.95, 1]`.
pub const EDGES: [f64; 7] = [0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0];

/// One field value judged against the gold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judged {
    /// The document the field was read from (`plans/ocr-eng/03`, `headers/clean/001`).
    pub document: String,
    /// The provenance key (`number`, `issuer`, …).
    pub key: String,
    pub confidence: f64,
    pub right: bool,
}

/// Right or wrong for each scored field of a plan record: scalars at 1, lists at
/// [`LIST_RIGHT`]; the `.attributes` entries and unscored fields are left out.
pub fn verdicts(score: &FieldScore) -> BTreeMap<String, bool> {
    score
        .fields
        .iter()
        .filter(|(k, _)| !k.ends_with(".attributes"))
        .filter_map(|(k, v)| {
            let v = (*v)?;
            let right = if SCALARS.contains(&k.as_str()) {
                v == 1.0
            } else {
                v >= LIST_RIGHT
            };
            Some((k.clone(), right))
        })
        .collect()
}

/// Judges every provenance entry of `record` (read from `document`) whose fields
/// `verdicts` judges.
pub fn judge(document: &str, record: &Value, verdicts: &BTreeMap<String, bool>) -> Vec<Judged> {
    let Some(provenance) = record.get("provenance").and_then(Value::as_object) else {
        return Vec::new();
    };
    let keys: Vec<&str> = provenance.keys().map(String::as_str).collect();
    let mut out = Vec::new();
    for (key, entry) in provenance {
        let Some(confidence) = entry.get("confidence").and_then(Value::as_f64) else {
            continue;
        };
        let covered: Vec<bool> = verdicts
            .iter()
            .filter(|(field, _)| owner(field, &keys) == Some(key.as_str()))
            .map(|(_, right)| *right)
            .collect();
        if covered.is_empty() {
            continue;
        }
        out.push(Judged {
            document: document.to_string(),
            key: key.clone(),
            confidence,
            right: covered.iter().all(|r| *r),
        });
    }
    out
}

/// The most specific provenance key that covers `field`: the field itself, or the longest
/// key of which it is a part (`signer` for `signer.name`).
fn owner<'k>(field: &str, keys: &[&'k str]) -> Option<&'k str> {
    keys.iter()
        .copied()
        .filter(|k| {
            field == *k
                || field
                    .strip_prefix(k)
                    .is_some_and(|rest| rest.starts_with('.'))
        })
        .max_by_key(|k| k.len())
}

/// Counts of one bucket (or of any group of judged fields).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Tally {
    pub n: usize,
    pub right: usize,
    /// `right / n`, `None` when empty.
    pub share: Option<f64>,
}

impl Tally {
    fn of<'a>(items: impl Iterator<Item = &'a Judged>) -> Tally {
        let (mut n, mut right) = (0, 0);
        for j in items {
            n += 1;
            right += usize::from(j.right);
        }
        Tally {
            n,
            right,
            share: (n > 0).then(|| right as f64 / n as f64),
        }
    }
}

/// One confidence bucket, `[from, to)` (the last one includes 1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bucket {
    pub from: f64,
    pub to: f64,
    #[serde(flatten)]
    pub tally: Tally,
}

/// The calibration table of a set of judged fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    pub buckets: Vec<Bucket>,
    /// Fields with confidence ≥ [`CONFIDENT`].
    pub confident: Tally,
    /// Whether `confident` reaches [`TARGET`].
    pub meets_target: bool,
    /// Per provenance key: all its fields, and those with confidence ≥ [`CONFIDENT`].
    pub by_key: BTreeMap<String, KeyTally>,
    /// The fields with confidence ≥ [`CONFIDENT`] that are wrong: what to fix first.
    pub confident_wrong: Vec<Judged>,
}

/// One provenance key's counts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct KeyTally {
    pub all: Tally,
    pub confident: Tally,
}

/// The bucket index of a confidence.
fn bucket_of(confidence: f64) -> usize {
    let last = EDGES.len() - 2;
    (0..=last)
        .rev()
        .find(|&i| confidence >= EDGES[i])
        .unwrap_or(0)
}

/// Counts `items` per bucket and per key.
pub fn calibrate(items: &[Judged]) -> Calibration {
    let buckets = (0..EDGES.len() - 1)
        .map(|i| Bucket {
            from: EDGES[i],
            to: EDGES[i + 1],
            tally: Tally::of(items.iter().filter(|j| bucket_of(j.confidence) == i)),
        })
        .collect();
    let confident = Tally::of(items.iter().filter(|j| j.confidence >= CONFIDENT));
    let mut keys: Vec<&str> = items.iter().map(|j| j.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    let by_key = keys
        .into_iter()
        .map(|k| {
            let of_key = || items.iter().filter(move |j| j.key == k);
            let tally = KeyTally {
                all: Tally::of(of_key()),
                confident: Tally::of(of_key().filter(|j| j.confidence >= CONFIDENT)),
            };
            (k.to_string(), tally)
        })
        .collect();
    let confident_wrong = items
        .iter()
        .filter(|j| j.confidence >= CONFIDENT && !j.right)
        .cloned()
        .collect();
    Calibration {
        buckets,
        confident_wrong,
        meets_target: confident.share.is_some_and(|s| s >= TARGET),
        confident,
        by_key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn verdicts_of(pairs: &[(&str, bool)]) -> BTreeMap<String, bool> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    #[test]
    fn scalars_must_be_exact_and_lists_nearly_so() {
        let gold = json!({"number": "12/KH-UBND", "date": "2024-03-01",
            "recipients": ["Sở Tài chính", "Sở Nội vụ", "Sở Y tế", "Sở Xây dựng", "Sở Tư pháp",
                           "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Đài Phát thanh", "Báo tỉnh", "Lưu: VT"]});
        // One recipient of ten missed: F1 = 0.947, right; the date is wrong.
        let mut hyp = gold.clone();
        hyp["date"] = json!("2024-03-02");
        hyp["recipients"].as_array_mut().unwrap().pop();
        let v = verdicts(&super::super::field_scores(&gold, &hyp));
        assert!(v["number"]);
        assert!(!v["date"]);
        assert!(v["recipients"]);
        assert!(!v.contains_key("basis.attributes"));
        // Three of ten missed: F1 = 0.82, wrong.
        for _ in 0..2 {
            hyp["recipients"].as_array_mut().unwrap().pop();
        }
        let v = verdicts(&super::super::field_scores(&gold, &hyp));
        assert!(!v["recipients"]);
    }

    #[test]
    fn a_broad_key_is_right_only_when_all_its_parts_are() {
        let record = json!({"provenance": {
            "issuer": {"line": 1, "confidence": 0.8},
            "date": {"line": 4, "confidence": 0.95},
            "title": {"line": 7, "confidence": 0.85}}});
        let v = verdicts_of(&[
            ("issuer.name", true),
            ("issuer.level", false),
            ("issuer.locality", true),
            ("date", true),
            ("number", false),
        ]);
        let judged = judge("headers/clean/001", &record, &v);
        // `title` is not judged here (no verdict), `number` has no provenance entry.
        assert_eq!(
            judged,
            vec![
                Judged {
                    document: "headers/clean/001".into(),
                    key: "date".into(),
                    confidence: 0.95,
                    right: true
                },
                Judged {
                    document: "headers/clean/001".into(),
                    key: "issuer".into(),
                    confidence: 0.8,
                    right: false
                },
            ]
        );
    }

    #[test]
    fn a_specific_key_takes_its_field_from_the_broad_one() {
        let record = json!({"provenance": {
            "signer": {"line": 90, "confidence": 0.8},
            "signer.name": {"line": 95, "confidence": 0.6}}});
        let v = verdicts_of(&[
            ("signer.name", false),
            ("signer.position", true),
            ("signer.authority", true),
        ]);
        let judged = judge("plans/clean/01", &record, &v);
        assert_eq!(judged.len(), 2);
        assert!(judged.iter().any(|j| j.key == "signer" && j.right));
        assert!(judged.iter().any(|j| j.key == "signer.name" && !j.right));
        // `signer.name` does not cover `signer.names_extra`-like siblings by prefix alone.
        assert_eq!(
            owner("signer.named", &["signer.name", "signer"]),
            Some("signer")
        );
    }

    #[test]
    fn buckets_are_half_open_and_the_last_includes_one() {
        assert_eq!(bucket_of(0.0), 0);
        assert_eq!(bucket_of(0.49), 0);
        assert_eq!(bucket_of(0.5), 1);
        assert_eq!(bucket_of(0.85), 3);
        assert_eq!(bucket_of(0.9), 4);
        assert_eq!(bucket_of(0.95), 5);
        assert_eq!(bucket_of(1.0), 5);
    }

    #[test]
    fn the_confident_share_decides_the_target() {
        let item = |key: &str, confidence, right| Judged {
            document: "plans/clean/01".into(),
            key: key.into(),
            confidence,
            right,
        };
        let mut items: Vec<Judged> = (0..97).map(|_| item("date", 0.95, true)).collect();
        items.extend((0..3).map(|_| item("number", 0.9, false)));
        items.push(item("title", 0.85, false));
        let c = calibrate(&items);
        assert_eq!((c.confident.n, c.confident.right), (100, 97));
        assert!(c.meets_target);
        assert_eq!(c.buckets[3].tally.n, 1);
        assert_eq!(c.buckets[4].tally.n, 3);
        assert_eq!(c.buckets[5].tally.share, Some(1.0));
        assert_eq!(c.buckets[0].tally.share, None);
        assert_eq!(c.by_key["number"].confident.right, 0);
        assert_eq!(c.by_key["title"].confident.n, 0);
        let wrong: Vec<&str> = c.confident_wrong.iter().map(|j| j.key.as_str()).collect();
        assert_eq!(wrong, ["number"; 3]);
        items.push(item("place", 0.92, false));
        assert!(!calibrate(&items).meets_target);
    }
}
