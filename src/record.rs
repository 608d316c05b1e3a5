//! The plan record: the output of `extract`, one JSON object per document.
//!
//! These types are the contract with the tools that read vnplan's output (spreadsheets,
//! databases, the `compare` report), described in `schema/plan.schema.json`. Field names and
//! value shapes are stable; changing them means bumping [`SCHEMA_ID`]. A field the document
//! does not contain is `None` (serialised as `null`) or an empty list.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The `schema` value of every record this version writes.
pub const SCHEMA_ID: &str = "vnplan.plan/1";

/// Everything vnplan reads from one plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanRecord {
    pub schema: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    pub doc_type: Option<String>,
    pub issuer: Option<Issuer>,
    pub number: Option<String>,
    pub place: Option<String>,
    /// ISO 8601 (`2022-06-07`); `None` when the document gives no date.
    pub date: Option<String>,
    pub title: Option<String>,
    pub movement: Option<Movement>,
    #[serde(default)]
    pub basis: Vec<DocRef>,
    #[serde(default)]
    pub references: Vec<DocRef>,
    #[serde(default)]
    pub subjects: Vec<Subject>,
    #[serde(default)]
    pub criteria: Vec<CriteriaGroup>,
    #[serde(default)]
    pub awards: Vec<Award>,
    pub standing_body: Option<String>,
    #[serde(default)]
    pub priority_sectors: Vec<String>,
    pub signer: Option<Signer>,
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Where each field came from, keyed by field name (`number`, `issuer`, …).
    #[serde(default)]
    pub provenance: BTreeMap<String, Provenance>,
}

impl Default for PlanRecord {
    fn default() -> Self {
        PlanRecord {
            schema: SCHEMA_ID.to_string(),
            source: None,
            doc_type: None,
            issuer: None,
            number: None,
            place: None,
            date: None,
            title: None,
            movement: None,
            basis: Vec::new(),
            references: Vec::new(),
            subjects: Vec::new(),
            criteria: Vec::new(),
            awards: Vec::new(),
            standing_body: None,
            priority_sectors: Vec::new(),
            signer: None,
            recipients: Vec::new(),
            provenance: BTreeMap::new(),
        }
    }
}

/// The input a record was read from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    /// The encoding the input was decoded from (`utf-8`, `utf-16le`, `tcvn3`, `docx`, …).
    pub encoding: String,
    /// Share of word tokens the restorer changed, in [0, 1].
    pub ocr_noise: f64,
}

/// The issuing body (cơ quan ban hành).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Issuer {
    pub name: Option<String>,
    /// tỉnh | thành phố trực thuộc trung ương | thành phố | thị xã | huyện | quận | phường | xã | thị trấn
    pub level: Option<String>,
    pub locality: Option<String>,
}

/// The emulation movement a plan organises.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Movement {
    pub name: Option<String>,
    pub period: Option<Period>,
}

/// A span of years, `from` and `to` inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: i32,
    pub to: i32,
}

/// A legal document cited by the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocRef {
    /// The document type in full words (`Quyết định`, `Nghị quyết`, …).
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// Number and symbol in official form, no spaces (`749/QĐ-TTg`).
    pub number: String,
    pub date: Option<String>,
    pub issuer: Option<String>,
}

/// Whether a subject of emulation is a collective or an individual.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SubjectKind {
    Collective,
    Individual,
}

/// A subject of emulation (đối tượng thi đua).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Subject {
    pub kind: SubjectKind,
    pub text: String,
}

/// The criteria for one group of participants (`Đối với …`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriteriaGroup {
    pub group: Option<String>,
    #[serde(default)]
    pub items: Vec<String>,
    #[serde(default)]
    pub targets: Vec<Target>,
}

/// A numeric target inside a criterion (`90% hồ sơ …`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// Written as an integer when whole (`90`, not `90.0`), as people and the gold files write it.
    #[serde(serialize_with = "whole_as_integer")]
    pub percent: f64,
    pub what: String,
}

/// An award form the plan foresees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Award {
    pub form: String,
    pub grantor: Option<String>,
    /// hằng năm | sơ kết | tổng kết | đột xuất, or `None`.
    pub occasion: Option<String>,
    pub quota: Option<Quota>,
}

/// The most awards of one form the plan allows (`không quá 10 tập thể, 20 cá nhân`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quota {
    pub collective: Option<u32>,
    pub individual: Option<u32>,
}

/// Who signed the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signer {
    pub name: Option<String>,
    pub position: Option<String>,
    /// `TM. Ủy ban nhân dân`, `KT. Chủ tịch`, …
    pub authority: Option<String>,
}

fn whole_as_integer<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        s.serialize_i64(*x as i64)
    } else {
        s.serialize_f64(*x)
    }
}

/// Where a field's value was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// 1-based line in the input.
    pub line: Option<usize>,
    /// How sure the extractor is, in [0, 1]; below 0.5 means "do not trust".
    pub confidence: f64,
    /// True where the value comes from the body rather than its proper place.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
}

/// The line written for an input that could not be processed, so that every input yields
/// exactly one output line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorRecord {
    pub source: String,
    pub error: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_record_has_nulls_and_empty_lists() {
        let json = serde_json::to_value(PlanRecord::default()).unwrap();
        assert_eq!(json["schema"], SCHEMA_ID);
        assert!(json["issuer"].is_null());
        assert!(json["date"].is_null());
        assert_eq!(json["basis"], serde_json::json!([]));
        assert!(json.get("source").is_none());
    }

    #[test]
    fn whole_percentages_are_integers() {
        let t = |p| {
            serde_json::to_string(&Target {
                percent: p,
                what: "x".into(),
            })
            .unwrap()
        };
        assert_eq!(t(90.0), r#"{"percent":90,"what":"x"}"#);
        assert_eq!(t(12.5), r#"{"percent":12.5,"what":"x"}"#);
    }

    #[test]
    fn gold_records_deserialize() {
        for name in ["000", "003"] {
            let path = format!("{}/corpus/gold/dev/{name}.json", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).unwrap();
            let rec: PlanRecord = serde_json::from_str(&text).unwrap();
            assert_eq!(rec.schema, SCHEMA_ID, "{path}");
            assert!(rec.issuer.is_some(), "{path}");
        }
    }
}
