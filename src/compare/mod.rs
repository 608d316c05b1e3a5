//! Plans side by side: who issued what when, for which movement and period, with which
//! awards and quotas, priority sectors, the national documents each cites, and which plans
//! copy which.
//!
//! Data flow: JSON Lines from `batch` or `extract` are read into [`Plan`]s ([`load`]; error
//! lines are counted and skipped); [`compare`] turns them into a [`Comparison`]: one
//! [`Row`] of display strings per plan, the national documents with the plans citing them,
//! and the text [`overlap`]s (which needs each plan's text: the `restored` field that
//! `batch --restored` writes, or a text file found by the caller). [`render`] writes the
//! comparison as Markdown, CSV or a self-contained HTML page.

pub mod overlap;
pub mod render;

use crate::record::{DocRef, PlanRecord};
use crate::{Error, Result};
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

/// One plan to compare.
#[derive(Debug, Clone)]
pub struct Plan {
    pub record: PlanRecord,
    /// The plan's text (restored), when known.
    pub text: Option<String>,
}

/// What [`load`] read.
#[derive(Debug, Default)]
pub struct Loaded {
    pub plans: Vec<Plan>,
    /// Error lines (inputs without a record), as `source: error`.
    pub skipped: Vec<String>,
}

/// Reads plan records (JSON Lines; a `restored` field is kept as the text) from `reader`;
/// `name` is used in error messages.
pub fn load(reader: impl BufRead, name: &Path, into: &mut Loaded) -> Result<()> {
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| Error::io(name, e))?;
        if line.trim().is_empty() {
            continue;
        }
        let mut value: serde_json::Value = serde_json::from_str(&line)
            .map_err(|e| Error::parse(i + 1, format!("not JSON: {e}")).at(name))?;
        if let Some(err) = value.get("error").and_then(|e| e.as_str()) {
            let source = value.get("source").and_then(|s| s.as_str()).unwrap_or("?");
            into.skipped.push(format!("{source}: {err}"));
            continue;
        }
        let text = value
            .as_object_mut()
            .and_then(|o| o.remove("restored"))
            .and_then(|v| v.as_str().map(str::to_string));
        let record: PlanRecord = serde_json::from_value(value)
            .map_err(|e| Error::parse(i + 1, format!("not a plan record: {e}")).at(name))?;
        into.plans.push(Plan { record, text });
    }
    Ok(())
}

/// One plan as display strings.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// A short name for the plan (its file name without extensions).
    pub label: String,
    pub source: String,
    pub issuer: String,
    pub level: String,
    pub date: String,
    pub number: String,
    pub movement: String,
    pub period: String,
    pub standing_body: String,
    /// `Bằng khen (Chủ tịch …): ≤ 20 tập thể, ≤ 30 cá nhân`, one entry per award.
    pub awards: Vec<String>,
    pub sectors: Vec<String>,
    /// Numbers of the central documents cited.
    pub national: Vec<String>,
    /// `004 (87%)` for each plan this one is largely a copy of.
    pub copies: Vec<String>,
}

/// A national document and the plans (row indices) citing it.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedRef {
    pub number: String,
    pub doc_type: String,
    pub issuer: String,
    pub cited_by: Vec<usize>,
}

/// Text overlap between two plans: `copier` is the later one (or the one more contained).
#[derive(Debug, Clone, PartialEq)]
pub struct Copy {
    pub copier: usize,
    pub original: usize,
    /// Share of the copier's text found in the original.
    pub containment: f64,
    /// The other direction.
    pub reverse: f64,
}

/// From this share of its text found in another plan on, a plan is called a copy of it;
/// below (down to `min_overlap`) the two only share text, typically passages of the same
/// central guidance.
pub const COPY_SHARE: f64 = 0.5;

impl Copy {
    /// Whether the copier is largely a copy of the original (not just sharing passages).
    pub fn is_copy(&self) -> bool {
        self.containment >= COPY_SHARE
    }

    /// "copies" or "shares text with".
    pub fn relation(&self) -> &'static str {
        if self.is_copy() {
            "copies"
        } else {
            "shares text with"
        }
    }
}

/// Everything a report shows.
#[derive(Debug, Clone, Default)]
pub struct Comparison {
    pub rows: Vec<Row>,
    /// Most cited first.
    pub national: Vec<SharedRef>,
    pub copies: Vec<Copy>,
    /// Plans that had no text to compare.
    pub without_text: usize,
    pub skipped: Vec<String>,
}

/// Whether a cited document comes from a central body (Party centre, National Assembly,
/// Government, Prime Minister, ministries), by its issuer or by its number's symbol.
pub fn is_national(r: &DocRef) -> bool {
    const ISSUERS: [&str; 10] = [
        "Chính phủ",
        "Thủ tướng",
        "Bộ ",
        "Quốc hội",
        "Ủy ban Thường vụ Quốc hội",
        "Chủ tịch nước",
        "Ban Chấp hành Trung ương",
        "Ban Bí thư",
        "Trung ương",
        "Hội đồng Thi đua - Khen thưởng Trung ương",
    ];
    const SYMBOLS: [&str; 6] = ["TTg", "CP", "TW", "QH", "UBTVQH", "BTĐKT"];
    let by_issuer = r
        .issuer
        .as_deref()
        .is_some_and(|i| ISSUERS.iter().any(|p| i.trim_start().starts_with(p)));
    let symbol = r.number.rsplit(['-', '/']).next().unwrap_or("");
    let by_symbol = SYMBOLS
        .iter()
        .any(|s| symbol.eq_ignore_ascii_case(s) || symbol.starts_with(&format!("{s}1")));
    by_issuer || by_symbol
}

fn label_of(source: &str, index: usize) -> String {
    let name = Path::new(source)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.split('.').next().unwrap_or("").to_string();
    if stem.is_empty() {
        format!("plan {}", index + 1)
    } else {
        stem
    }
}

fn award_text(a: &crate::record::Award) -> String {
    let mut s = a.form.clone();
    if let Some(g) = &a.grantor {
        s.push_str(&format!(" ({g})"));
    }
    if let Some(o) = &a.occasion {
        s.push_str(&format!(", {o}"));
    }
    if let Some(q) = &a.quota {
        let mut parts = Vec::new();
        if let Some(c) = q.collective {
            parts.push(format!("≤ {c} tập thể"));
        }
        if let Some(i) = q.individual {
            parts.push(format!("≤ {i} cá nhân"));
        }
        if !parts.is_empty() {
            s.push_str(&format!(": {}", parts.join(", ")));
        }
    }
    s
}

fn row_of(plan: &Plan, index: usize) -> Row {
    let r = &plan.record;
    let source = r
        .source
        .as_ref()
        .map(|s| s.path.clone())
        .unwrap_or_default();
    let mut national: Vec<String> = Vec::new();
    for d in r.references.iter().chain(&r.basis) {
        if is_national(d) && !national.contains(&d.number) {
            national.push(d.number.clone());
        }
    }
    Row {
        label: label_of(&source, index),
        source,
        issuer: r
            .issuer
            .as_ref()
            .and_then(|i| i.name.clone())
            .unwrap_or_default(),
        level: r
            .issuer
            .as_ref()
            .and_then(|i| i.level.clone())
            .unwrap_or_default(),
        date: r.date.clone().unwrap_or_default(),
        number: r.number.clone().unwrap_or_default(),
        movement: r
            .movement
            .as_ref()
            .and_then(|m| m.name.clone())
            .unwrap_or_default(),
        period: r
            .movement
            .as_ref()
            .and_then(|m| m.period)
            .map(|p| format!("{}–{}", p.from, p.to))
            .unwrap_or_default(),
        standing_body: r.standing_body.clone().unwrap_or_default(),
        awards: r.awards.iter().map(award_text).collect(),
        sectors: r.priority_sectors.clone(),
        national,
        copies: Vec::new(),
    }
}

/// Compares `plans`; pairs whose text containment reaches `min_overlap` are reported as
/// copies.
pub fn compare(loaded: &Loaded, min_overlap: f64) -> Comparison {
    let plans = &loaded.plans;
    let mut rows: Vec<Row> = plans
        .iter()
        .enumerate()
        .map(|(i, p)| row_of(p, i))
        .collect();
    // Labels must tell plans apart.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for row in rows.iter_mut() {
        let n = seen.entry(row.label.clone()).or_default();
        *n += 1;
        if *n > 1 {
            row.label = format!("{} #{}", row.label, n);
        }
    }

    let mut by_number: BTreeMap<String, SharedRef> = BTreeMap::new();
    for (i, plan) in plans.iter().enumerate() {
        for d in plan.record.references.iter().chain(&plan.record.basis) {
            if !is_national(d) {
                continue;
            }
            let entry = by_number
                .entry(d.number.clone())
                .or_insert_with(|| SharedRef {
                    number: d.number.clone(),
                    doc_type: d.doc_type.clone().unwrap_or_default(),
                    issuer: d.issuer.clone().unwrap_or_default(),
                    cited_by: Vec::new(),
                });
            if !entry.cited_by.contains(&i) {
                entry.cited_by.push(i);
            }
        }
    }
    let mut national: Vec<SharedRef> = by_number.into_values().collect();
    national.sort_by(|a, b| {
        b.cited_by
            .len()
            .cmp(&a.cited_by.len())
            .then(a.number.cmp(&b.number))
    });

    let texts: Vec<Option<&str>> = plans.iter().map(|p| p.text.as_deref()).collect();
    let without_text = texts.iter().filter(|t| t.is_none()).count();
    let mut copies = Vec::new();
    for o in overlap::overlaps(&texts, min_overlap) {
        // The copier is the later plan when both dates are known, else the one more
        // contained in the other.
        let (da, db) = (&plans[o.a].record.date, &plans[o.b].record.date);
        let a_copies = match (da, db) {
            (Some(x), Some(y)) if x != y => x > y,
            _ => o.a_in_b >= o.b_in_a,
        };
        let c = if a_copies {
            Copy {
                copier: o.a,
                original: o.b,
                containment: o.a_in_b,
                reverse: o.b_in_a,
            }
        } else {
            Copy {
                copier: o.b,
                original: o.a,
                containment: o.b_in_a,
                reverse: o.a_in_b,
            }
        };
        if c.is_copy() {
            let text = format!("{} ({:.0}%)", rows[c.original].label, c.containment * 100.0);
            rows[c.copier].copies.push(text);
        }
        copies.push(c);
    }
    Comparison {
        rows,
        national,
        copies,
        without_text,
        skipped: loaded.skipped.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(number: &str, issuer: Option<&str>) -> DocRef {
        DocRef {
            doc_type: None,
            number: number.into(),
            date: None,
            issuer: issuer.map(str::to_string),
        }
    }

    #[test]
    fn national_documents() {
        let cases = [
            (doc("749/QĐ-TTg", None), true),
            (doc("50/NQ-CP", Some("Chính phủ")), true),
            (doc("52-NQ/TW", Some("Bộ Chính trị")), true),
            (
                doc("06-NQ/TU", Some("Ban Chấp hành Đảng bộ tỉnh Hải Dương")),
                false,
            ),
            (doc("3125/KH-UBND", Some("Ủy ban nhân dân tỉnh")), false),
            (doc("12/2019/TT-BNV", Some("Bộ Nội vụ")), true),
            (doc("06/2022/QH15", None), true),
        ];
        for (d, want) in cases {
            assert_eq!(is_national(&d), want, "{d:?}");
        }
    }

    #[test]
    fn loads_records_text_and_errors() {
        let jsonl = "{\"schema\":\"vnplan.plan/1\",\"source\":{\"path\":\"a/003-x.ocr.txt\",\"sha256\":\"h\",\"bytes\":1,\"encoding\":\"utf-8\",\"ocr_noise\":0.1},\"doc_type\":null,\"issuer\":null,\"number\":\"1/KH\",\"place\":null,\"date\":null,\"title\":null,\"movement\":null,\"standing_body\":null,\"signer\":null,\"restored\":\"văn bản\"}\n\n{\"source\":\"b.txt\",\"error\":\"empty file\"}\n";
        let mut loaded = Loaded::default();
        load(jsonl.as_bytes(), Path::new("r.jsonl"), &mut loaded).unwrap();
        assert_eq!(loaded.plans.len(), 1);
        assert_eq!(loaded.plans[0].text.as_deref(), Some("văn bản"));
        assert_eq!(loaded.skipped, ["b.txt: empty file"]);
        let c = compare(&loaded, 0.3);
        assert_eq!(c.rows[0].label, "003-x");
        assert_eq!(c.rows[0].number, "1/KH");
        let err = load(
            "{\"schema\": 3}\n".as_bytes(),
            Path::new("r.jsonl"),
            &mut loaded,
        )
        .unwrap_err();
        assert!(
            err.to_string().starts_with("r.jsonl:1: not a plan record"),
            "{err}"
        );
    }
}
