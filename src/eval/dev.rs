//! The development harness: vnplan measured on the development documents.
//!
//! A dev-docs folder (`../shared/dev-docs` beside a clone) holds:
//!
//! - `plans/NN.json`, gold plan records, with the plan as printed (`NN.txt`), stripped of
//!   every mark (`NN.ascii.txt`) and read back by two OCR engines (`NN.ocr-eng.txt`,
//!   `NN.ocr-deu.txt`): each variant is scored field by field as `score-fields` scores it;
//! - `headers/gold.jsonl` with `headers/HHH.txt` and `HHH.ascii.txt`: the header fields of
//!   several hundred documents, compared exactly ([`super::headers`]).
//!
//! Optionally, a folder of OCR'd header pages (`clean/HHH.txt` beside `<engine>/HHH.txt`,
//! as `scripts/make-header-ocr` writes it) gives the metamorphic check: the record of each
//! OCR'd page must agree with the record of its clean page on the header fields. Every field
//! judged against gold also feeds the calibration table ([`super::calibration`]).
//!
//! Every document goes through the real pipeline (decode → restore → extract), the path
//! `vnplan extract` takes, on all cores.

use super::calibration::{self, Calibration, Judged};
use super::fields::{field_scores, get, FieldScore};
use super::headers::{self, HeaderGold, HeaderScore};
use crate::pipeline::Pipeline;
use crate::progress::Progress;
use crate::{Error, Result};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The variants of a dev plan: (name, file suffix after `NN`).
pub const PLAN_VARIANTS: [(&str, &str); 4] = [
    ("clean", ".txt"),
    ("stripped", ".ascii.txt"),
    ("ocr-eng", ".ocr-eng.txt"),
    ("ocr-deu", ".ocr-deu.txt"),
];

/// The variants of a header-set page: (name, file suffix after `HHH`).
pub const HEADER_VARIANTS: [(&str, &str); 2] = [("clean", ".txt"), ("stripped", ".ascii.txt")];

/// The folder of clean pages in an OCR'd-headers folder; every other folder is an engine.
pub const OCR_CLEAN: &str = "clean";

/// What to measure and how.
#[derive(Debug, Clone, Default)]
pub struct DevOptions {
    /// Score the dev plans.
    pub plans: bool,
    /// Score the header set.
    pub headers: bool,
    /// The OCR'd-headers folder for the metamorphic check, if it is to be run.
    pub ocr_headers: Option<PathBuf>,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Draw a progress line on stderr.
    pub progress: bool,
    /// Also write every record read to this folder (`plans/<variant>/NN.json`, …).
    pub records: Option<PathBuf>,
}

/// Everything measured on a dev-docs folder.
#[derive(Debug, Clone, Serialize)]
pub struct DevReport {
    pub dir: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plans: Option<PlanReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headers: Option<HeaderReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ocr_headers: Option<OcrReport>,
    pub calibration: CalibrationReport,
    /// Inputs that could not be read or decoded; each was scored as an empty record.
    pub problems: Vec<String>,
}

/// Field scores of the dev plans, per variant.
#[derive(Debug, Clone, Serialize)]
pub struct PlanReport {
    pub variants: Vec<String>,
    /// The field names in the official tool's order.
    pub fields: Vec<String>,
    /// Variant → mean document score.
    pub mean: BTreeMap<String, f64>,
    /// Field → variant → mean over the documents where the field is scored.
    pub field_means: BTreeMap<String, BTreeMap<String, Option<f64>>>,
    /// Document → variant → its scores.
    pub documents: BTreeMap<String, BTreeMap<String, DocumentScore>>,
}

/// One document's field scores.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentScore {
    pub score: f64,
    pub fields: BTreeMap<String, Option<f64>>,
}

/// Exact header fields of the header set, per variant.
#[derive(Debug, Clone, Serialize)]
pub struct HeaderReport {
    pub variants: Vec<String>,
    /// Variant → matches and misses.
    pub scores: BTreeMap<String, HeaderScore>,
}

/// The metamorphic check over OCR'd header pages.
#[derive(Debug, Clone, Serialize)]
pub struct OcrReport {
    pub dir: String,
    pub engines: Vec<String>,
    /// Engine → agreement of the OCR'd page's record with the clean page's record; the
    /// `non_null` counts are over the pages where the clean record has a value.
    pub agreement: BTreeMap<String, HeaderScore>,
    /// All engines together (tallies only).
    pub agreement_all: HeaderScore,
    /// `clean` and each engine → exact match against the header gold (pages with gold).
    pub gold: BTreeMap<String, HeaderScore>,
    /// Pages compared: those every engine has read.
    pub pages: usize,
    /// Engine → clean pages without a (non-empty) OCR'd version; such a page is left out
    /// for every engine.
    pub pending: BTreeMap<String, usize>,
}

/// Calibration of the confidences, per source of judged fields and over all of them.
#[derive(Debug, Clone, Serialize)]
pub struct CalibrationReport {
    /// The least F1 at which a list counts as right.
    pub list_right: f64,
    /// The confidence from which a field counts as confident.
    pub confident_from: f64,
    /// The share of confident fields that must be right.
    pub target: f64,
    /// `plans`, `headers`, `ocr-headers` (OCR'd header pages against the header gold).
    pub sources: BTreeMap<String, Calibration>,
    /// Plans and header set together (the OCR'd 40-line header pages are apart).
    pub all: Calibration,
}

/// Which material a document belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Material {
    /// A dev plan, by variant index.
    Plan(usize),
    /// A header-set page, by variant index.
    Header(usize),
    /// A clean page of the OCR'd-headers folder.
    OcrClean,
    /// An OCR'd header page, by engine index.
    Ocr(usize),
}

struct Job {
    material: Material,
    id: String,
    path: PathBuf,
}

/// Runs `pipeline` over the dev-docs folder `dir` and measures what `options` asks for.
pub fn evaluate_dev(pipeline: &Pipeline, dir: &Path, options: &DevOptions) -> Result<DevReport> {
    if !dir.is_dir() {
        return Err(Error::usage(format!(
            "{}: no such folder; name the development documents folder (it holds plans/ and \
             headers/), or run from the repository root with ../shared beside it",
            dir.display()
        )));
    }
    let plan_ids = if options.plans {
        plan_ids(&dir.join("plans"))?
    } else {
        Vec::new()
    };
    let needs_gold = options.headers || options.ocr_headers.is_some();
    let gold = if needs_gold {
        headers::read_gold(&dir.join("headers").join("gold.jsonl"))?
    } else {
        Vec::new()
    };
    let (ocr_pages, engines) = match &options.ocr_headers {
        Some(ocr) => ocr_layout(ocr)?,
        None => (Vec::new(), Vec::new()),
    };

    let mut jobs = Vec::new();
    for (v, (_, suffix)) in PLAN_VARIANTS.iter().enumerate() {
        for id in &plan_ids {
            let path = dir.join("plans").join(format!("{id}{suffix}"));
            jobs.push((Material::Plan(v), id.clone(), path));
        }
    }
    if options.headers {
        for (v, (_, suffix)) in HEADER_VARIANTS.iter().enumerate() {
            for g in &gold {
                let path = dir
                    .join("headers")
                    .join(format!("{}{suffix}", stem(&g.file)));
                jobs.push((Material::Header(v), stem(&g.file).to_string(), path));
            }
        }
    }
    if let Some(ocr) = &options.ocr_headers {
        for page in &ocr_pages {
            let path = ocr.join(OCR_CLEAN).join(page);
            jobs.push((Material::OcrClean, stem(page).to_string(), path));
            for (e, engine) in engines.iter().enumerate() {
                jobs.push((
                    Material::Ocr(e),
                    stem(page).to_string(),
                    ocr.join(engine).join(page),
                ));
            }
        }
    }
    let jobs: Vec<Job> = jobs
        .into_iter()
        .map(|(material, id, path)| Job { material, id, path })
        .collect();

    let outcomes = run_jobs(pipeline, &jobs, options, &engines)?;
    let mut problems = Vec::new();
    let mut records: BTreeMap<(Material, String), Value> = BTreeMap::new();
    for (job, outcome) in jobs.iter().zip(outcomes) {
        match outcome {
            Outcome::Record(v) => {
                records.insert((job.material, job.id.clone()), v);
            }
            // An OCR engine still at work on this page: counted as pending, not a problem.
            Outcome::Missing if matches!(job.material, Material::Ocr(_)) => {}
            Outcome::Missing => {
                problems.push(format!(
                    "{}: missing; scored as an empty record",
                    job.path.display()
                ));
                records.insert(
                    (job.material, job.id.clone()),
                    Value::Object(Default::default()),
                );
            }
            Outcome::Failed(message) => {
                problems.push(format!("{message}; scored as an empty record"));
                records.insert(
                    (job.material, job.id.clone()),
                    Value::Object(Default::default()),
                );
            }
        }
    }

    let mut judged: BTreeMap<String, Vec<Judged>> = BTreeMap::new();
    let plans = options
        .plans
        .then(|| plan_report(dir, &plan_ids, &records, &mut judged))
        .transpose()?;
    let headers = options
        .headers
        .then(|| header_report(&gold, &records, &mut judged));
    let ocr_headers = options
        .ocr_headers
        .as_ref()
        .map(|ocr| ocr_report(ocr, &ocr_pages, &engines, &gold, &records, &mut judged));
    // The target concerns whole documents: the plans and the header set. The OCR'd header
    // pages are cut to 40 lines, which lowers every confidence of a record (little of a
    // plan's layout is left), so they are reported beside, not pooled.
    let all: Vec<Judged> = ["plans", "headers"]
        .iter()
        .filter_map(|k| judged.get(*k))
        .flatten()
        .cloned()
        .collect();
    let calibration = CalibrationReport {
        list_right: calibration::LIST_RIGHT,
        confident_from: calibration::CONFIDENT,
        target: calibration::TARGET,
        sources: judged
            .iter()
            .map(|(k, v)| (k.clone(), calibration::calibrate(v)))
            .collect(),
        all: calibration::calibrate(&all),
    };
    Ok(DevReport {
        dir: dir.display().to_string(),
        plans,
        headers,
        ocr_headers,
        calibration,
        problems,
    })
}

/// `001.txt` → `001`.
fn stem(file: &str) -> &str {
    file.split('.').next().unwrap_or(file)
}

/// The ids `NN` of the gold records `plans/NN.json`, sorted.
fn plan_ids(plans: &Path) -> Result<Vec<String>> {
    let mut ids: Vec<String> = std::fs::read_dir(plans)
        .map_err(|e| Error::io(plans, e))?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let id = name.strip_suffix(".json")?;
            (!id.contains('.')).then(|| id.to_string())
        })
        .collect();
    ids.sort();
    if ids.is_empty() {
        return Err(Error::input("no gold records (NN.json) found").at(plans));
    }
    Ok(ids)
}

/// The clean pages (`clean/*.txt`, sorted) and the engines (the other folders, sorted) of an
/// OCR'd-headers folder.
fn ocr_layout(dir: &Path) -> Result<(Vec<String>, Vec<String>)> {
    let clean = dir.join(OCR_CLEAN);
    let mut pages: Vec<String> = std::fs::read_dir(&clean)
        .map_err(|e| Error::io(&clean, e))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    pages.sort();
    let mut engines: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != OCR_CLEAN && !n.starts_with('.'))
        .collect();
    engines.sort();
    if pages.is_empty() || engines.is_empty() {
        return Err(Error::input(format!(
            "expected {OCR_CLEAN}/HHH.txt pages and one folder per OCR engine \
             (scripts/make-header-ocr writes them)"
        ))
        .at(dir));
    }
    Ok((pages, engines))
}

enum Outcome {
    Record(Value),
    Missing,
    Failed(String),
}

/// Processes every job on the worker pool, in order, writing records out if asked.
fn run_jobs(
    pipeline: &Pipeline,
    jobs: &[Job],
    options: &DevOptions,
    engines: &[String],
) -> Result<Vec<Outcome>> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|e| Error::usage(format!("cannot start worker threads: {e}")))?;
    let out_path = |job: &Job| -> Option<PathBuf> {
        let root = options.records.as_ref()?;
        let folder = match job.material {
            Material::Plan(v) => root.join("plans").join(PLAN_VARIANTS[v].0),
            Material::Header(v) => root.join("headers").join(HEADER_VARIANTS[v].0),
            Material::OcrClean => root.join("ocr-headers").join(OCR_CLEAN),
            Material::Ocr(e) => root.join("ocr-headers").join(&engines[e]),
        };
        Some(folder.join(format!("{}.json", job.id)))
    };
    if options.records.is_some() {
        for job in jobs {
            if let Some(parent) = out_path(job).as_deref().and_then(Path::parent) {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
        }
    }
    let progress = Progress::documents(Some(jobs.len() as u64), options.progress);
    let outcomes = pool.install(|| {
        jobs.par_iter()
            .map(|job| {
                let (outcome, syllables) = process(pipeline, job);
                progress.advance(1, syllables as u64);
                if let (Outcome::Record(record), Some(path)) = (&outcome, out_path(job)) {
                    let text = serde_json::to_string_pretty(record).unwrap_or_default() + "\n";
                    crate::write_atomically(&path, text.as_bytes())?;
                }
                Ok(outcome)
            })
            .collect::<Result<Vec<Outcome>>>()
    });
    progress.finish();
    outcomes
}

/// One document through the pipeline; an empty OCR file counts as missing (its engine has
/// not written it yet).
fn process(pipeline: &Pipeline, job: &Job) -> (Outcome, usize) {
    let bytes = match std::fs::read(&job.path) {
        Ok(b) if b.is_empty() && matches!(job.material, Material::Ocr(_)) => {
            return (Outcome::Missing, 0)
        }
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (Outcome::Missing, 0),
        Err(e) => return (Outcome::Failed(Error::io(&job.path, e).to_string()), 0),
    };
    let source = job.path.display().to_string();
    match pipeline.process(&source, &bytes, None) {
        Ok(p) => match serde_json::to_value(&p.record) {
            Ok(v) => (Outcome::Record(v), p.syllables),
            Err(e) => (Outcome::Failed(format!("{source}: {e}")), p.syllables),
        },
        Err(e) => (Outcome::Failed(e.at(&job.path).to_string()), 0),
    }
}

fn plan_report(
    dir: &Path,
    ids: &[String],
    records: &BTreeMap<(Material, String), Value>,
    judged: &mut BTreeMap<String, Vec<Judged>>,
) -> Result<PlanReport> {
    let mut golds = BTreeMap::new();
    for id in ids {
        let path = dir.join("plans").join(format!("{id}.json"));
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let gold: Value = serde_json::from_str(&text)
            .map_err(|e| Error::input(format!("not JSON: {e}")).at(&path))?;
        golds.insert(id.clone(), gold);
    }
    let mut fields = Vec::new();
    let mut mean = BTreeMap::new();
    let mut field_means: BTreeMap<String, BTreeMap<String, Option<f64>>> = BTreeMap::new();
    let mut documents: BTreeMap<String, BTreeMap<String, DocumentScore>> = BTreeMap::new();
    for (v, (variant, _)) in PLAN_VARIANTS.iter().enumerate() {
        let mut scores: Vec<FieldScore> = Vec::new();
        for id in ids {
            let record = &records[&(Material::Plan(v), id.clone())];
            let s = field_scores(&golds[id], record);
            let verdicts = calibration::verdicts(&s);
            judged
                .entry("plans".into())
                .or_default()
                .extend(calibration::judge(
                    &format!("plans/{variant}/{id}"),
                    record,
                    &verdicts,
                ));
            documents.entry(id.clone()).or_default().insert(
                variant.to_string(),
                DocumentScore {
                    score: s.score,
                    fields: s.fields.clone(),
                },
            );
            scores.push(s);
        }
        mean.insert(
            variant.to_string(),
            scores.iter().map(|s| s.score).sum::<f64>() / scores.len() as f64,
        );
        fields = scores[0].order.clone();
        for f in &fields {
            let values: Vec<f64> = scores.iter().filter_map(|s| s.fields[f]).collect();
            let m = (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64);
            field_means
                .entry(f.clone())
                .or_default()
                .insert(variant.to_string(), m);
        }
    }
    Ok(PlanReport {
        variants: PLAN_VARIANTS.iter().map(|(v, _)| v.to_string()).collect(),
        fields,
        mean,
        field_means,
        documents,
    })
}

fn header_report(
    gold: &[HeaderGold],
    records: &BTreeMap<(Material, String), Value>,
    judged: &mut BTreeMap<String, Vec<Judged>>,
) -> HeaderReport {
    let mut scores = BTreeMap::new();
    for (v, (variant, _)) in HEADER_VARIANTS.iter().enumerate() {
        let mut score = HeaderScore::default();
        for g in gold {
            let record = &records[&(Material::Header(v), stem(&g.file).to_string())];
            score.add(&g.file, |k, _| g.value(k), record);
            let verdicts = HeaderScore::verdicts(g, record);
            judged
                .entry("headers".into())
                .or_default()
                .extend(calibration::judge(
                    &format!("headers/{variant}/{}", stem(&g.file)),
                    record,
                    &verdicts,
                ));
        }
        scores.insert(variant.to_string(), score);
    }
    HeaderReport {
        variants: HEADER_VARIANTS.iter().map(|(v, _)| v.to_string()).collect(),
        scores,
    }
}

fn ocr_report(
    dir: &Path,
    pages: &[String],
    engines: &[String],
    gold: &[HeaderGold],
    records: &BTreeMap<(Material, String), Value>,
    judged: &mut BTreeMap<String, Vec<Judged>>,
) -> OcrReport {
    let gold_of: BTreeMap<&str, &HeaderGold> = gold.iter().map(|g| (g.file.as_str(), g)).collect();
    let mut agreement: BTreeMap<String, HeaderScore> = BTreeMap::new();
    let mut agreement_all = HeaderScore::default();
    let mut against_gold: BTreeMap<String, HeaderScore> = BTreeMap::new();
    let mut pending = BTreeMap::new();
    for page in pages {
        let id = stem(page).to_string();
        // Only pages every engine has read are compared, so that all columns count the
        // same pages.
        let versions: Vec<Option<&Value>> = (0..engines.len())
            .map(|e| records.get(&(Material::Ocr(e), id.clone())))
            .collect();
        if versions.iter().any(Option::is_none) {
            for (engine, v) in engines.iter().zip(&versions) {
                if v.is_none() {
                    *pending.entry(engine.clone()).or_insert(0) += 1;
                }
            }
            continue;
        }
        let clean = &records[&(Material::OcrClean, id.clone())];
        let gold = gold_of.get(page.as_str());
        if let Some(g) = gold {
            against_gold
                .entry(OCR_CLEAN.into())
                .or_default()
                .add(page, |k, _| g.value(k), clean);
        }
        for (engine, record) in engines.iter().zip(versions.into_iter().flatten()) {
            let expected = |_: &str, path: &str| get(clean, path);
            agreement
                .entry(engine.clone())
                .or_default()
                .add(page, expected, record);
            agreement_all.add(page, expected, record);
            if let Some(g) = gold {
                against_gold.entry(engine.clone()).or_default().add(
                    page,
                    |k, _| g.value(k),
                    record,
                );
                let verdicts = HeaderScore::verdicts(g, record);
                judged
                    .entry("ocr-headers".into())
                    .or_default()
                    .extend(calibration::judge(
                        &format!("ocr-headers/{engine}/{id}"),
                        record,
                        &verdicts,
                    ));
            }
        }
    }
    agreement_all.misses.clear();
    OcrReport {
        pages: agreement_all.documents / engines.len().max(1),
        dir: dir.display().to_string(),
        engines: engines.to_vec(),
        agreement,
        agreement_all,
        gold: against_gold,
        pending,
    }
}
