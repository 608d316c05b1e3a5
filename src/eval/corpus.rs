//! The evaluation of vnplan on an annotated corpus: every measure at once.
//!
//! A corpus folder holds documents named `NNN-<name>.ocr.txt` (scanned, OCR text layer) or
//! `NNN-<name>.clean.txt` (born-digital text), and gold files under `gold/dev/` (material
//! that may be tuned on) and `gold/eval/` (measurement only): `NNN.restored.txt` (the
//! restoration, line by line) and `NNN.json` (the plan record). For each document this runs
//! the real pipeline and scores:
//!
//! - an OCR document's restoration against its gold text;
//! - a clean document twice: as input (it must come out unchanged) and with every mark
//!   stripped (the restorer must put them back);
//! - the plan record read from the document against the gold record.

use super::{field_scores, syllable_accuracy};
use crate::pipeline::Pipeline;
use crate::{Error, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Which part of the gold material a document belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    Dev,
    Eval,
}

/// How the restorer's input was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RestoreInput {
    /// The document's OCR text layer.
    Ocr,
    /// A clean document with every mark stripped (`Đồng` → `Dong`).
    Stripped,
    /// A clean document as it is: the restorer must leave it unchanged.
    Clean,
}

/// One restoration measurement.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreRow {
    pub id: String,
    pub split: Split,
    pub input: RestoreInput,
    pub accuracy: f64,
    pub gold_syllables: usize,
}

/// One extraction measurement.
#[derive(Debug, Clone, Serialize)]
pub struct FieldsRow {
    pub id: String,
    pub split: Split,
    pub score: f64,
    /// Field → score, for the fields below 1.
    pub below_one: Vec<(String, f64)>,
}

/// Everything measured on a corpus.
#[derive(Debug, Clone, Serialize)]
pub struct CorpusReport {
    pub restore: Vec<RestoreRow>,
    pub fields: Vec<FieldsRow>,
}

impl CorpusReport {
    /// Mean field score over the documents of one split, `None` if it has none.
    pub fn mean_fields(&self, split: Split) -> Option<f64> {
        let scores: Vec<f64> = self
            .fields
            .iter()
            .filter(|r| r.split == split)
            .map(|r| r.score)
            .collect();
        (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64)
    }
}

/// A document of the corpus and its gold files.
#[derive(Debug, Clone)]
pub struct CorpusDocument {
    pub id: String,
    pub path: PathBuf,
    pub clean: bool,
    pub split: Option<Split>,
    pub gold_text: Option<PathBuf>,
    pub gold_record: Option<PathBuf>,
}

/// The documents of a corpus folder, sorted by name, with the gold files found for each.
pub fn documents(dir: &Path) -> Result<Vec<CorpusDocument>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let path = entry.map_err(|e| Error::io(dir, e))?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let clean = name.ends_with(".clean.txt");
        if !clean && !name.ends_with(".ocr.txt") {
            continue;
        }
        let id = name.split(['-', '.']).next().unwrap_or(name).to_string();
        let mut doc = CorpusDocument {
            id: id.clone(),
            path: path.clone(),
            clean,
            split: None,
            gold_text: None,
            gold_record: None,
        };
        for (split, folder) in [(Split::Dev, "dev"), (Split::Eval, "eval")] {
            let gold = dir.join("gold").join(folder);
            let text = gold.join(format!("{id}.restored.txt"));
            let record = gold.join(format!("{id}.json"));
            if text.is_file() || record.is_file() {
                doc.split = Some(split);
                doc.gold_text = text.is_file().then_some(text);
                doc.gold_record = record.is_file().then_some(record);
            }
        }
        out.push(doc);
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Runs `pipeline` over every annotated document of the corpus in `dir` and scores it.
pub fn evaluate(pipeline: &Pipeline, dir: &Path) -> Result<CorpusReport> {
    let mut report = CorpusReport {
        restore: Vec::new(),
        fields: Vec::new(),
    };
    for doc in documents(dir)? {
        let Some(split) = doc.split else { continue };
        let bytes = std::fs::read(&doc.path).map_err(|e| Error::io(&doc.path, e))?;
        let source = doc.path.to_string_lossy().into_owned();
        let processed = pipeline.process(&source, &bytes, None)?;
        if let Some(restorer) = pipeline.restorer() {
            let mut row = |input, gold: &str, hyp: &str| {
                let s = syllable_accuracy(gold, hyp, 0);
                report.restore.push(RestoreRow {
                    id: doc.id.clone(),
                    split,
                    input,
                    accuracy: s.accuracy,
                    gold_syllables: s.gold_syllables,
                });
            };
            if doc.clean {
                let clean = crate::input::decode(&bytes, Some(&doc.path), None)?.text;
                row(RestoreInput::Clean, &clean, &processed.text);
                let stripped = restorer.restore(&crate::text::fold(&clean)).text;
                row(RestoreInput::Stripped, &clean, &stripped);
            } else if let Some(gold) = &doc.gold_text {
                let gold = std::fs::read_to_string(gold).map_err(|e| Error::io(gold, e))?;
                row(RestoreInput::Ocr, &gold, &processed.text);
            }
        }
        if let Some(gold_path) = &doc.gold_record {
            let gold_text =
                std::fs::read_to_string(gold_path).map_err(|e| Error::io(gold_path, e))?;
            let gold: serde_json::Value = serde_json::from_str(&gold_text)
                .map_err(|e| Error::input(format!("not JSON: {e}")).at(gold_path))?;
            let hyp = serde_json::to_value(&processed.record)
                .map_err(|e| Error::input(format!("record not serialisable: {e}")))?;
            let s = field_scores(&gold, &hyp);
            let below_one = s
                .order
                .iter()
                .filter_map(|k| match s.fields[k] {
                    Some(v) if v < 1.0 && !k.ends_with(".attributes") => Some((k.clone(), v)),
                    _ => None,
                })
                .collect();
            report.fields.push(FieldsRow {
                id: doc.id.clone(),
                split,
                score: s.score,
                below_one,
            });
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_corpus_pairs_documents_with_gold() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        let docs = documents(&dir).unwrap();
        let ids: Vec<(&str, Option<Split>, bool)> = docs
            .iter()
            .map(|d| (d.id.as_str(), d.split, d.gold_text.is_some()))
            .collect();
        assert_eq!(
            ids,
            vec![
                ("000", Some(Split::Dev), true),
                ("001", Some(Split::Eval), true),
                ("002", Some(Split::Eval), true),
                ("003", Some(Split::Dev), true),
                ("004", Some(Split::Eval), false),
            ]
        );
        assert!(docs.iter().all(|d| d.gold_record.is_some()));
        assert!(docs[4].clean);
    }
}
