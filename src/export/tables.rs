//! The tables of an export and how a record becomes their rows, whatever the format.
//!
//! The column lists here follow `schema.sql` column for column (a test holds them together);
//! [`plan_rows`] and [`error_row`] hand each row to a [`Sink`], which writes it to SQLite or
//! to a CSV file.

use crate::record::{DocRef, PlanRecord, SubjectKind};
use crate::Result;

/// One table: its name and its columns in order.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [&'static str],
}

pub const PLANS: Table = Table {
    name: "plans",
    columns: &[
        "id",
        "records_file",
        "records_line",
        "source_path",
        "source_sha256",
        "source_bytes",
        "encoding",
        "ocr_noise",
        "doc_type",
        "issuer_name",
        "issuer_level",
        "issuer_locality",
        "number",
        "place",
        "date",
        "title",
        "movement_name",
        "period_from",
        "period_to",
        "standing_body",
        "signer_name",
        "signer_position",
        "signer_authority",
    ],
};

pub const CITATIONS: Table = Table {
    name: "citations",
    columns: &[
        "plan_id", "position", "number", "type", "date", "issuer", "is_basis",
    ],
};

pub const AWARDS: Table = Table {
    name: "awards",
    columns: &[
        "plan_id",
        "position",
        "form",
        "grantor",
        "occasion",
        "quota_collective",
        "quota_individual",
    ],
};

pub const CRITERIA: Table = Table {
    name: "criteria",
    columns: &["id", "plan_id", "position", "group_name"],
};

pub const CRITERIA_ITEMS: Table = Table {
    name: "criteria_items",
    columns: &["criterion_id", "position", "text"],
};

pub const TARGETS: Table = Table {
    name: "targets",
    columns: &["criterion_id", "position", "percent", "what"],
};

pub const SUBJECTS: Table = Table {
    name: "subjects",
    columns: &["plan_id", "position", "kind", "text"],
};

pub const RECIPIENTS: Table = Table {
    name: "recipients",
    columns: &["plan_id", "position", "name"],
};

pub const SECTORS: Table = Table {
    name: "sectors",
    columns: &["plan_id", "position", "sector"],
};

pub const PROVENANCE: Table = Table {
    name: "provenance",
    columns: &["plan_id", "field", "line", "confidence", "inferred"],
};

pub const TEXTS: Table = Table {
    name: "texts",
    columns: &["plan_id", "restored"],
};

pub const ERRORS: Table = Table {
    name: "errors",
    columns: &["id", "records_file", "records_line", "source", "error"],
};

/// Every table, parents before children.
pub const TABLES: [&Table; 12] = [
    &PLANS,
    &CITATIONS,
    &AWARDS,
    &CRITERIA,
    &CRITERIA_ITEMS,
    &TARGETS,
    &SUBJECTS,
    &RECIPIENTS,
    &SECTORS,
    &PROVENANCE,
    &TEXTS,
    &ERRORS,
];

/// One cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(s: &'a str) -> Self {
        Value::Text(s)
    }
}

impl<'a> From<&'a String> for Value<'a> {
    fn from(s: &'a String) -> Self {
        Value::Text(s)
    }
}

impl<'a> From<Option<&'a String>> for Value<'a> {
    fn from(s: Option<&'a String>) -> Self {
        s.map_or(Value::Null, |s| Value::Text(s))
    }
}

impl<'a> From<Option<&'a str>> for Value<'a> {
    fn from(s: Option<&'a str>) -> Self {
        s.map_or(Value::Null, Value::Text)
    }
}

impl From<i64> for Value<'_> {
    fn from(n: i64) -> Self {
        Value::Int(n)
    }
}

impl From<usize> for Value<'_> {
    fn from(n: usize) -> Self {
        Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<Option<i64>> for Value<'_> {
    fn from(n: Option<i64>) -> Self {
        n.map_or(Value::Null, Value::Int)
    }
}

impl From<Option<i32>> for Value<'_> {
    fn from(n: Option<i32>) -> Self {
        n.map_or(Value::Null, |n| Value::Int(n.into()))
    }
}

impl From<Option<u32>> for Value<'_> {
    fn from(n: Option<u32>) -> Self {
        n.map_or(Value::Null, |n| Value::Int(n.into()))
    }
}

impl From<f64> for Value<'_> {
    fn from(x: f64) -> Self {
        Value::Real(x)
    }
}

impl From<bool> for Value<'_> {
    fn from(b: bool) -> Self {
        Value::Int(i64::from(b))
    }
}

/// Where rows go: a database or CSV files.
pub trait Sink {
    /// Writes one row of `table`; `row` has one value per column, in order.
    fn insert(&mut self, table: &Table, row: &[Value<'_>]) -> Result<()>;
}

/// Where a line was read: the JSON Lines file and the 1-based line.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub file: &'a str,
    pub line: usize,
}

/// The next ids to hand out, so that ids run on across input files.
#[derive(Debug, Clone, Copy)]
pub struct Ids {
    pub plan: i64,
    pub criterion: i64,
    pub error: i64,
}

impl Default for Ids {
    fn default() -> Self {
        Ids {
            plan: 1,
            criterion: 1,
            error: 1,
        }
    }
}

/// Writes the rows of one plan record: `plans` and every list table. `restored` is the
/// record's restored text, when it carries one.
pub fn plan_rows(
    sink: &mut dyn Sink,
    ids: &mut Ids,
    origin: Origin<'_>,
    r: &PlanRecord,
    restored: Option<&str>,
) -> Result<()> {
    let id = ids.plan;
    ids.plan += 1;
    let source = r.source.as_ref();
    let issuer = r.issuer.as_ref();
    let movement = r.movement.as_ref();
    let period = movement.and_then(|m| m.period);
    let signer = r.signer.as_ref();
    sink.insert(
        &PLANS,
        &[
            id.into(),
            origin.file.into(),
            origin.line.into(),
            source.map(|s| &s.path).into(),
            source.map(|s| &s.sha256).into(),
            source
                .map(|s| i64::try_from(s.bytes).unwrap_or(i64::MAX))
                .into(),
            source.map(|s| &s.encoding).into(),
            source.map_or(Value::Null, |s| s.ocr_noise.into()),
            r.doc_type.as_ref().into(),
            issuer.and_then(|i| i.name.as_ref()).into(),
            issuer.and_then(|i| i.level.as_ref()).into(),
            issuer.and_then(|i| i.locality.as_ref()).into(),
            r.number.as_ref().into(),
            r.place.as_ref().into(),
            r.date.as_ref().into(),
            r.title.as_ref().into(),
            movement.and_then(|m| m.name.as_ref()).into(),
            period.map(|p| p.from).into(),
            period.map(|p| p.to).into(),
            r.standing_body.as_ref().into(),
            signer.and_then(|s| s.name.as_ref()).into(),
            signer.and_then(|s| s.position.as_ref()).into(),
            signer.and_then(|s| s.authority.as_ref()).into(),
        ],
    )?;
    for (i, (c, is_basis)) in citations(r).into_iter().enumerate() {
        sink.insert(
            &CITATIONS,
            &[
                id.into(),
                (i + 1).into(),
                (&c.number).into(),
                c.doc_type.as_ref().into(),
                c.date.as_ref().into(),
                c.issuer.as_ref().into(),
                is_basis.into(),
            ],
        )?;
    }
    for (i, a) in r.awards.iter().enumerate() {
        sink.insert(
            &AWARDS,
            &[
                id.into(),
                (i + 1).into(),
                (&a.form).into(),
                a.grantor.as_ref().into(),
                a.occasion.as_ref().into(),
                a.quota.and_then(|q| q.collective).into(),
                a.quota.and_then(|q| q.individual).into(),
            ],
        )?;
    }
    for (i, group) in r.criteria.iter().enumerate() {
        let criterion = ids.criterion;
        ids.criterion += 1;
        sink.insert(
            &CRITERIA,
            &[
                criterion.into(),
                id.into(),
                (i + 1).into(),
                group.group.as_ref().into(),
            ],
        )?;
        for (j, item) in group.items.iter().enumerate() {
            sink.insert(
                &CRITERIA_ITEMS,
                &[criterion.into(), (j + 1).into(), item.into()],
            )?;
        }
        for (j, t) in group.targets.iter().enumerate() {
            sink.insert(
                &TARGETS,
                &[
                    criterion.into(),
                    (j + 1).into(),
                    t.percent.into(),
                    (&t.what).into(),
                ],
            )?;
        }
    }
    for (i, s) in r.subjects.iter().enumerate() {
        let kind = match s.kind {
            SubjectKind::Collective => "collective",
            SubjectKind::Individual => "individual",
        };
        sink.insert(
            &SUBJECTS,
            &[id.into(), (i + 1).into(), kind.into(), (&s.text).into()],
        )?;
    }
    for (i, name) in r.recipients.iter().enumerate() {
        sink.insert(&RECIPIENTS, &[id.into(), (i + 1).into(), name.into()])?;
    }
    for (i, sector) in r.priority_sectors.iter().enumerate() {
        sink.insert(&SECTORS, &[id.into(), (i + 1).into(), sector.into()])?;
    }
    for (field, p) in &r.provenance {
        sink.insert(
            &PROVENANCE,
            &[
                id.into(),
                field.into(),
                p.line.map_or(Value::Null, Value::from),
                p.confidence.into(),
                p.inferred.into(),
            ],
        )?;
    }
    if let Some(text) = restored {
        sink.insert(&TEXTS, &[id.into(), text.into()])?;
    }
    Ok(())
}

/// Writes the row of one error line (`{"source": …, "error": …}`).
pub fn error_row(
    sink: &mut dyn Sink,
    ids: &mut Ids,
    origin: Origin<'_>,
    source: Option<&str>,
    error: &str,
) -> Result<()> {
    let id = ids.error;
    ids.error += 1;
    sink.insert(
        &ERRORS,
        &[
            id.into(),
            origin.file.into(),
            origin.line.into(),
            source.into(),
            error.into(),
        ],
    )
}

/// The documents a plan cites, each with whether it is part of the basis: the references
/// in order, then any basis document the references lack.
fn citations(r: &PlanRecord) -> Vec<(&DocRef, bool)> {
    let in_basis = |c: &DocRef| r.basis.iter().any(|b| b.number == c.number);
    let mut out: Vec<(&DocRef, bool)> = r.references.iter().map(|c| (c, in_basis(c))).collect();
    out.extend(
        r.basis
            .iter()
            .filter(|b| !r.references.iter().any(|c| c.number == b.number))
            .map(|b| (b, true)),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Award, CriteriaGroup, Provenance, Quota, Target};

    /// Collects rows as strings, checking each has as many values as its table has columns.
    #[derive(Default)]
    struct Rows(Vec<(&'static str, String)>);

    impl Sink for Rows {
        fn insert(&mut self, table: &Table, row: &[Value<'_>]) -> Result<()> {
            let table = TABLES.iter().find(|t| t.name == table.name).unwrap();
            assert_eq!(row.len(), table.columns.len(), "{}", table.name);
            self.0.push((table.name, format!("{row:?}")));
            Ok(())
        }
    }

    fn doc(number: &str) -> DocRef {
        DocRef {
            doc_type: None,
            number: number.into(),
            date: None,
            issuer: None,
        }
    }

    #[test]
    fn citations_mark_the_basis_and_keep_basis_missing_from_references() {
        let r = PlanRecord {
            basis: vec![doc("749/QĐ-TTg"), doc("1/KH-UBND")],
            references: vec![doc("749/QĐ-TTg"), doc("91/2017/NĐ-CP")],
            ..PlanRecord::default()
        };
        let got: Vec<(&str, bool)> = citations(&r)
            .into_iter()
            .map(|(c, b)| (c.number.as_str(), b))
            .collect();
        assert_eq!(
            got,
            [
                ("749/QĐ-TTg", true),
                ("91/2017/NĐ-CP", false),
                ("1/KH-UBND", true)
            ]
        );
    }

    #[test]
    fn ids_run_on_and_every_row_fills_its_table() {
        let r = PlanRecord {
            criteria: vec![
                CriteriaGroup {
                    group: Some("cấp xã".into()),
                    items: vec!["a".into(), "b".into()],
                    targets: vec![Target {
                        percent: 60.0,
                        what: "hồ sơ".into(),
                    }],
                },
                CriteriaGroup {
                    group: None,
                    items: vec![],
                    targets: vec![],
                },
            ],
            awards: vec![Award {
                form: "Bằng khen".into(),
                grantor: None,
                occasion: None,
                quota: Some(Quota {
                    collective: Some(10),
                    individual: None,
                }),
            }],
            provenance: [(
                "number".to_string(),
                Provenance {
                    line: None,
                    confidence: 0.3,
                    inferred: true,
                },
            )]
            .into(),
            ..PlanRecord::default()
        };
        let mut rows = Rows::default();
        let mut ids = Ids::default();
        let at = Origin {
            file: "r.jsonl",
            line: 7,
        };
        plan_rows(&mut rows, &mut ids, at, &r, Some("văn bản")).unwrap();
        plan_rows(&mut rows, &mut ids, at, &PlanRecord::default(), None).unwrap();
        error_row(&mut rows, &mut ids, at, None, "empty file").unwrap();
        assert_eq!((ids.plan, ids.criterion, ids.error), (3, 3, 2));
        let tables: Vec<&str> = rows.0.iter().map(|(t, _)| *t).collect();
        assert_eq!(
            tables,
            [
                "plans",
                "awards",
                "criteria",
                "criteria_items",
                "criteria_items",
                "targets",
                "criteria",
                "provenance",
                "texts",
                "plans",
                "errors"
            ]
        );
        assert_eq!(
            rows.0[1].1,
            r#"[Int(1), Int(1), Text("Bằng khen"), Null, Null, Int(10), Null]"#
        );
        assert_eq!(
            rows.0[7].1,
            r#"[Int(1), Text("number"), Null, Real(0.3), Int(1)]"#
        );
    }
}
