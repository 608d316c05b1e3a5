//! Field scores of a plan record against its gold record, defined exactly as the official
//! `score-fields` tool defines them.
//!
//! Text values are compared after NFC, lower-casing, folding white space and quotes and a
//! canonical tone-mark place. Scalars score 1 or 0 (null = null is a match, and any of the
//! gold's `_alternatives` may match). Lists score F1: references and basis match on the
//! document number, awards on (form, grantor), the other lists on text similarity ≥ 0.85
//! (difflib ratio). The document score is the mean over the fields.
//!
//! Records are read as JSON values rather than [`crate::record::PlanRecord`], so that a
//! hypothesis missing fields, or with extra ones, is scored as the official tool scores it.

use super::sequence::SequenceMatcher;
use regex::Regex;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// The scalar fields, by path, in the official tool's order.
pub const SCALARS: [&str; 14] = [
    "doc_type",
    "issuer.name",
    "issuer.level",
    "issuer.locality",
    "number",
    "place",
    "date",
    "title",
    "movement.name",
    "movement.period",
    "standing_body",
    "signer.name",
    "signer.position",
    "signer.authority",
];

/// Per-field scores of one document and their mean.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldScore {
    /// Mean over the fields (the `.attributes` entries are reported, not averaged).
    pub score: f64,
    /// Field name → score; `None` where a field has nothing to score.
    pub fields: BTreeMap<String, Option<f64>>,
    /// The field names in the official tool's order, for reports.
    pub order: Vec<String>,
}

/// Scores the record `hyp` against the gold record `gold`.
pub fn field_scores(gold: &Value, hyp: &Value) -> FieldScore {
    let mut out: Vec<(String, Option<f64>)> = Vec::new();
    let alternatives = gold.get("_alternatives");
    for path in SCALARS {
        let h = get(hyp, path);
        let mut best = scalar(get(gold, path), h);
        if let Some(alts) = alternatives
            .and_then(|a| a.get(path))
            .and_then(Value::as_array)
        {
            for alt in alts {
                best = best.max(scalar(Some(alt), h));
            }
        }
        out.push((path.to_string(), Some(best)));
    }
    for name in ["basis", "references"] {
        let (f, attributes) = doc_set(list(gold, name), list(hyp, name));
        out.push((name.to_string(), Some(f)));
        out.push((format!("{name}.attributes"), attributes));
    }
    let subject_key = |x: &Value| format!("{}: {}", py_str(x.get("kind")), py_str(x.get("text")));
    let group_key = |x: &Value| match x.get("group") {
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    };
    let award_key = |x: &Value| format!("{} | {}", py_str(x.get("form")), py_str(x.get("grantor")));
    let text_key = |x: &Value| match x {
        Value::String(s) => s.clone(),
        other => py_str(Some(other)),
    };
    let similar = |name: &str, key: &dyn Fn(&Value) -> String, threshold: f64| {
        Some(fuzzy_set(
            &keys(gold, name, key),
            &keys(hyp, name, key),
            threshold,
        ))
    };
    out.push(("subjects".into(), similar("subjects", &subject_key, 0.85)));
    out.push((
        "criteria.groups".into(),
        similar("criteria", &group_key, 0.85),
    ));
    out.push((
        "criteria.targets".into(),
        Some(fuzzy_set(&target_keys(gold), &target_keys(hyp), 0.9)),
    ));
    out.push(("awards".into(), similar("awards", &award_key, 0.9)));
    for name in ["priority_sectors", "recipients"] {
        out.push((name.to_string(), similar(name, &text_key, 0.85)));
    }
    let scored: Vec<f64> = out
        .iter()
        .filter(|(k, _)| !k.ends_with(".attributes"))
        .filter_map(|(_, v)| *v)
        .collect();
    let score = scored.iter().sum::<f64>() / scored.len() as f64;
    FieldScore {
        score,
        order: out.iter().map(|(k, _)| k.clone()).collect(),
        fields: out.into_iter().collect(),
    }
}

/// The value at a dotted `path` (`issuer.name`), `None` where it is missing or null.
pub(crate) fn get<'v>(record: &'v Value, path: &str) -> Option<&'v Value> {
    let mut cur = record;
    for part in path.split('.') {
        cur = cur.as_object()?.get(part)?;
    }
    Some(cur).filter(|v| !v.is_null())
}

fn list<'v>(record: &'v Value, name: &str) -> &'v [Value] {
    record
        .get(name)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

fn keys(record: &Value, name: &str, key: &dyn Fn(&Value) -> String) -> Vec<String> {
    list(record, name).iter().map(key).collect()
}

fn target_keys(record: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for group in list(record, "criteria") {
        for target in group
            .get("targets")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.push(format!(
                "{}|{}",
                py_str(group.get("group")),
                py_str(target.get("percent"))
            ));
        }
    }
    out
}

fn scalar(gold: Option<&Value>, hyp: Option<&Value>) -> f64 {
    if norm(gold) == norm(hyp) {
        1.0
    } else {
        0.0
    }
}

fn f1(matches: usize, n_gold: usize, n_hyp: usize) -> f64 {
    if n_gold == 0 && n_hyp == 0 {
        return 1.0;
    }
    if matches == 0 {
        return 0.0;
    }
    let p = matches as f64 / n_hyp as f64;
    let r = matches as f64 / n_gold as f64;
    2.0 * p * r / (p + r)
}

/// Greedy matching of each gold item to its most similar unused hypothesis item.
fn fuzzy_set(gold: &[String], hyp: &[String], threshold: f64) -> f64 {
    let hyp_norm: Vec<Vec<char>> = hyp.iter().map(|h| norm_str(h).chars().collect()).collect();
    let mut used = HashSet::new();
    let mut matches = 0;
    for g in gold {
        let g: Vec<char> = norm_str(g).chars().collect();
        let (mut best, mut best_i) = (0.0, None);
        for (i, h) in hyp_norm.iter().enumerate() {
            if used.contains(&i) {
                continue;
            }
            let s = SequenceMatcher::new(&g, h).ratio();
            if s > best {
                best = s;
                best_i = Some(i);
            }
        }
        if let Some(i) = best_i {
            if best >= threshold {
                used.insert(i);
                matches += 1;
            }
        }
    }
    f1(matches, gold.len(), hyp.len())
}

/// References match on the number; type, date and issuer then count as attribute accuracy.
fn doc_set(gold: &[Value], hyp: &[Value]) -> (f64, Option<f64>) {
    let mut by_number: HashMap<Option<String>, &Value> = HashMap::new();
    for h in hyp {
        by_number.insert(num_key(h.get("number")), h);
    }
    let (mut matches, mut attr, mut attr_n) = (0, 0.0, 0);
    for g in gold {
        if let Some(h) = by_number.get(&num_key(g.get("number"))) {
            matches += 1;
            for k in ["type", "date", "issuer"] {
                attr_n += 1;
                attr += scalar(g.get(k), h.get(k));
            }
        }
    }
    let attributes = (attr_n > 0).then(|| attr / attr_n as f64);
    (f1(matches, gold.len(), hyp.len()), attributes)
}

/// The official key of a document number: NFC, upper-cased, without spaces, `Ð` read as `Đ`
/// (`num_key`).
pub(crate) fn num_key(number: Option<&Value>) -> Option<String> {
    match number {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(
            s.nfc()
                .collect::<String>()
                .to_uppercase()
                .replace(' ', "")
                .replace('Ð', "Đ"),
        ),
        Some(other) => Some(py_str(Some(other))),
    }
}

/// The official normalisation of a value: strings folded as described above, anything else
/// as Python's `json.dumps(sort_keys=True, ensure_ascii=False)` (`norm`).
pub(crate) fn norm(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Null => None,
        Value::String(s) => Some(norm_str(s)),
        other => Some(py_json(other)),
    }
}

fn norm_str(s: &str) -> String {
    static DASH: OnceLock<Regex> = OnceLock::new();
    static SPACE: OnceLock<Regex> = OnceLock::new();
    let dash = DASH.get_or_init(|| Regex::new(r"\s*-\s*").expect("valid regex"));
    let space = SPACE.get_or_init(|| Regex::new(r"\s+").expect("valid regex"));
    let s: String = s.nfc().collect::<String>().to_lowercase();
    let s: String = s
        .chars()
        .map(|c| match c {
            '“' | '”' | '„' | '‟' | '«' | '»' => '"',
            '’' | '‘' => '\'',
            c => c,
        })
        .collect();
    let s = dash.replace_all(&s, " - ");
    let s = space.replace_all(&s, " ");
    let s = s.trim_matches(|c| matches!(c, ' ' | '.' | ';' | ','));
    s.split(' ')
        .map(canon_syllable)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The syllable with its tone mark moved after the NFC base (`hoà` and `hòa` agree).
fn canon_syllable(word: &str) -> String {
    let mut base = String::new();
    let mut tone = String::new();
    for c in word.nfd() {
        if TONE_MARKS.contains(&c) {
            tone.push(c);
        } else {
            base.push(c);
        }
    }
    let mut out: String = base.nfc().collect();
    out.push_str(&tone);
    out
}

/// Python's `str()` of a JSON value inside an f-string: `None`, `90`, `90.0`, the text.
fn py_str(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "None".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => if *b { "True" } else { "False" }.to_string(),
        Some(Value::Number(n)) => py_number(n),
        Some(other) => py_json(other),
    }
}

fn py_number(n: &serde_json::Number) -> String {
    if n.is_f64() {
        let f = n.as_f64().unwrap_or(0.0);
        if f.fract() == 0.0 && f.abs() < 1e16 {
            format!("{f:.1}")
        } else {
            format!("{f}")
        }
    } else {
        n.to_string()
    }
}

/// `json.dumps(value, sort_keys=True, ensure_ascii=False)`.
fn py_json(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => py_number(n),
        Value::String(s) => serde_json::to_string(s).unwrap_or_default(),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(py_json).collect();
            format!("[{}]", parts.join(", "))
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let parts: Vec<String> = entries
                .into_iter()
                .map(|(k, v)| {
                    format!(
                        "{}: {}",
                        serde_json::to_string(k).unwrap_or_default(),
                        py_json(v)
                    )
                })
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn identical_records_score_one() {
        let path = format!("{}/corpus/gold/dev/003.json", env!("CARGO_MANIFEST_DIR"));
        let gold: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let s = field_scores(&gold, &gold);
        assert_eq!(s.score, 1.0);
    }

    #[test]
    fn empty_hypothesis_scores_only_the_nulls() {
        let gold = json!({"number": "5/KH-UBND", "date": null, "basis": [], "references": []});
        let s = field_scores(&gold, &json!({}));
        assert_eq!(s.fields["number"], Some(0.0));
        assert_eq!(s.fields["date"], Some(1.0));
        assert_eq!(s.fields["basis"], Some(1.0));
        assert_eq!(s.fields["basis.attributes"], None);
    }

    #[test]
    fn text_normalisation_is_forgiving_about_form_only() {
        assert_eq!(norm_str("Ủy ban  nhân dân."), norm_str("ủy ban nhân dân"));
        assert_eq!(norm_str("“Chuyển đổi số”"), norm_str("\"chuyển đổi số\""));
        assert_eq!(norm_str("hoà"), norm_str("hòa"));
        assert_eq!(norm_str("2021-2025"), norm_str("2021 - 2025"));
        assert_ne!(norm_str("Đồng"), norm_str("Dong"));
    }

    #[test]
    fn period_objects_compare_as_python_json() {
        assert_eq!(
            py_json(&json!({"to": 2025, "from": 2021})),
            r#"{"from": 2021, "to": 2025}"#
        );
        assert_eq!(py_str(Some(&json!(90.0))), "90.0");
        assert_eq!(py_str(Some(&json!(90))), "90");
        assert_eq!(py_str(Some(&json!(12.5))), "12.5");
    }

    #[test]
    fn alternatives_count() {
        let gold = json!({"number": "75/KH-UBND", "_alternatives": {"number": ["5/KH-UBND"]}});
        let s = field_scores(&gold, &json!({"number": "5/KH-UBND"}));
        assert_eq!(s.fields["number"], Some(1.0));
    }

    #[test]
    fn references_match_on_number_and_score_attributes() {
        let gold = json!({"references": [
            {"type": "Quyết định", "number": "749/QĐ-TTg", "date": "2020-06-03", "issuer": "Thủ tướng Chính phủ"},
            {"type": "Nghị quyết", "number": "06-NQ/TU", "date": "2021-03-26", "issuer": null}]});
        let hyp = json!({"references": [
            {"type": "Quyết định", "number": "749/QĐ- TTg", "date": "2020-06-03", "issuer": "Chính phủ"}]});
        let s = field_scores(&gold, &hyp);
        assert!((s.fields["references"].unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.fields["references.attributes"].unwrap() - 2.0 / 3.0).abs() < 1e-12);
    }
}
