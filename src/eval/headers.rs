//! Header fields of administrative documents, compared exactly.
//!
//! The header set of the development material has, per page, a gold line
//! `{"file", "doc_type", "number", "date", "place", "issuer_name"}` read from the source's
//! header table. A field matches when its normalised values are equal, with the official
//! `score-fields` normalisation: text case-folded with white space, quotes and tone placement
//! canonical; numbers upper-cased without spaces. The gold `issuer_name` is compared with the
//! record's `issuer.name`.
//!
//! Two tallies: over all records (a null gold is matched by a null output) and over the
//! records whose gold is not null (the gold is null where the printed header was doubtful).
//!
//! The same comparison serves the metamorphic check: the record of a clean page and the
//! record of its OCR'd version must agree on these fields, whatever the gold says.

use super::fields::{get, norm, num_key};
use crate::{Error, Result};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The header fields: (name in the gold file, path in the record).
pub const HEADER_FIELDS: [(&str, &str); 5] = [
    ("doc_type", "doc_type"),
    ("number", "number"),
    ("date", "date"),
    ("place", "place"),
    ("issuer_name", "issuer.name"),
];

/// Whether two values of a header field are the same after the official normalisation.
/// A number that is not text never matches (as in the official measurement).
pub fn same(field: &str, a: Option<&Value>, b: Option<&Value>) -> bool {
    if field == "number" {
        let text_or_null = |v: Option<&Value>| v.is_none_or(|v| v.is_string() || v.is_null());
        text_or_null(a) && text_or_null(b) && num_key(a) == num_key(b)
    } else {
        norm(a) == norm(b)
    }
}

/// One gold line of the header set.
#[derive(Debug, Clone)]
pub struct HeaderGold {
    /// The page's file name (`001.txt`).
    pub file: String,
    /// The whole gold line.
    pub values: Value,
}

impl HeaderGold {
    /// The gold value of a field, by its gold name; `None` when null.
    pub fn value(&self, gold_name: &str) -> Option<&Value> {
        self.values.get(gold_name).filter(|v| !v.is_null())
    }
}

/// Reads a gold JSON Lines file; an unreadable line is an error naming file and line.
pub fn read_gold(path: &Path) -> Result<Vec<HeaderGold>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = |msg: String| Error::parse(i + 1, msg).at(path);
        let values: Value = serde_json::from_str(line).map_err(|e| at(format!("not JSON: {e}")))?;
        let file = values
            .get("file")
            .and_then(Value::as_str)
            .ok_or_else(|| at("no \"file\" name".into()))?
            .to_string();
        out.push(HeaderGold { file, values });
    }
    Ok(out)
}

/// Matches of one field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct FieldTally {
    /// Matched over all records (null gold matched by null output).
    pub matched: usize,
    pub n: usize,
    /// Matched over the records whose gold is not null.
    pub matched_non_null: usize,
    pub n_non_null: usize,
}

impl FieldTally {
    /// Share matched over all records.
    pub fn all(&self) -> Option<f64> {
        (self.n > 0).then(|| self.matched as f64 / self.n as f64)
    }

    /// Share matched over the records whose gold is not null.
    pub fn non_null(&self) -> Option<f64> {
        (self.n_non_null > 0).then(|| self.matched_non_null as f64 / self.n_non_null as f64)
    }
}

/// A field whose output differs from the gold (or, in the metamorphic check, from the
/// record of the clean page).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    pub file: String,
    pub field: String,
    pub expected: Value,
    pub got: Value,
}

/// Header-field matches of a set of records against gold (or reference) values.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HeaderScore {
    pub documents: usize,
    /// Gold field name → tally.
    pub fields: BTreeMap<String, FieldTally>,
    pub misses: Vec<Miss>,
}

impl HeaderScore {
    /// Counts one record: `expected(gold_name, record_path)` gives the value it should have.
    pub fn add<'a>(
        &mut self,
        file: &str,
        expected: impl Fn(&str, &str) -> Option<&'a Value>,
        record: &Value,
    ) {
        self.documents += 1;
        for (gold_name, path) in HEADER_FIELDS {
            let want = expected(gold_name, path);
            let got = get(record, path);
            let ok = same(gold_name, want, got);
            let t = self.fields.entry(gold_name.to_string()).or_default();
            t.n += 1;
            t.matched += usize::from(ok);
            if want.is_some() {
                t.n_non_null += 1;
                t.matched_non_null += usize::from(ok);
            }
            if !ok {
                self.misses.push(Miss {
                    file: file.to_string(),
                    field: gold_name.to_string(),
                    expected: want.cloned().unwrap_or(Value::Null),
                    got: got.cloned().unwrap_or(Value::Null),
                });
            }
        }
    }

    /// Matches over every field of every record.
    pub fn overall(&self) -> FieldTally {
        let mut total = FieldTally::default();
        for t in self.fields.values() {
            total.matched += t.matched;
            total.n += t.n;
            total.matched_non_null += t.matched_non_null;
            total.n_non_null += t.n_non_null;
        }
        total
    }

    /// Right or wrong per record field path, for calibration: only fields whose gold is not
    /// null are judged (a null gold there means a doubtful header, not an absent field).
    pub fn verdicts(gold: &HeaderGold, record: &Value) -> BTreeMap<String, bool> {
        HEADER_FIELDS
            .iter()
            .filter_map(|(gold_name, path)| {
                let want = gold.value(gold_name)?;
                Some((
                    path.to_string(),
                    same(gold_name, Some(want), get(record, path)),
                ))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn gold(line: Value) -> HeaderGold {
        HeaderGold {
            file: line["file"].as_str().unwrap().to_string(),
            values: line,
        }
    }

    #[test]
    fn fields_match_after_normalisation() {
        let n = |s: &str| Some(json!(s));
        assert!(same(
            "number",
            n("45/QĐ- UBND").as_ref(),
            n("45/qđ-ubnd").as_ref()
        ));
        assert!(!same(
            "number",
            n("45/QD-UBND").as_ref(),
            n("45/QĐ-UBND").as_ref()
        ));
        assert!(!same("number", n("7").as_ref(), Some(&json!(7))));
        assert!(same("number", None, None));
        assert!(same(
            "issuer_name",
            n("UỶ BAN NHÂN DÂN TỈNH LẠNG SƠN").as_ref(),
            n("Ủy ban nhân dân tỉnh Lạng Sơn").as_ref()
        ));
        assert!(!same(
            "place",
            n("Thành phố Hồ Chí Minh").as_ref(),
            n("Hồ Chí Minh").as_ref()
        ));
    }

    #[test]
    fn tallies_count_null_gold_apart() {
        let g = gold(
            json!({"file": "007.txt", "doc_type": null, "number": "12/TB-VPCP",
            "date": "2025-11-20", "place": "Hà Nội", "issuer_name": "VĂN PHÒNG CHÍNH PHỦ"}),
        );
        let record = json!({"doc_type": "Thông báo", "number": "12/TB-VPCP", "date": "2025-11-20",
            "place": "Hà Nội", "issuer": {"name": "Văn phòng Chính phủ", "level": null}});
        let mut score = HeaderScore::default();
        score.add(&g.file, |k, _| g.value(k), &record);
        let doc_type = score.fields["doc_type"];
        assert_eq!(
            (doc_type.matched, doc_type.n, doc_type.n_non_null),
            (0, 1, 0)
        );
        assert_eq!(doc_type.non_null(), None);
        assert_eq!(score.fields["issuer_name"].all(), Some(1.0));
        assert_eq!(
            score.misses,
            vec![Miss {
                file: "007.txt".into(),
                field: "doc_type".into(),
                expected: Value::Null,
                got: json!("Thông báo"),
            }]
        );
        let overall = score.overall();
        assert_eq!((overall.matched, overall.n, overall.n_non_null), (4, 5, 4));
        // Calibration judges only the fields with a gold value.
        let v = HeaderScore::verdicts(&g, &record);
        assert_eq!(v.len(), 4);
        assert!(v.values().all(|r| *r));
        assert!(v.contains_key("issuer.name"));
    }

    #[test]
    fn gold_errors_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gold.jsonl");
        std::fs::write(&path, "{\"file\": \"001.txt\"}\n\n{\"number\": \"1/CV\"}\n").unwrap();
        let e = read_gold(&path).unwrap_err().to_string();
        assert!(e.contains("gold.jsonl:3: "), "{e}");
        std::fs::write(&path, "{\"file\": \"001.txt\", \"date\": null}\n").unwrap();
        let g = read_gold(&path).unwrap();
        assert_eq!((g.len(), g[0].value("date")), (1, None));
    }
}
