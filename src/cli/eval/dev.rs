//! `vnplan eval dev`: the development harness on the command line, and its text report.

use super::super::{load_pipeline, output_name, with_output, Global};
use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;
use vnplan::eval::calibration::{Calibration, Tally};
use vnplan::eval::dev::{evaluate_dev, DevOptions, DevReport, OcrReport, PlanReport};
use vnplan::eval::headers::{FieldTally, HeaderScore, HEADER_FIELDS};
use vnplan::{Error, Result};

/// The parts of the development material `--only` can pick.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Set {
    /// The dev plans in their four variants.
    Plans,
    /// The header set, clean and stripped.
    Headers,
    /// The OCR'd header pages of --ocr-headers.
    OcrHeaders,
}

/// Arguments of `vnplan eval dev`.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  vnplan eval dev                                     plans and header set, ../shared/dev-docs
  vnplan eval dev --only headers --show-misses        every header field that misses its gold
  vnplan eval dev --ocr-headers /tmp/hdr-ocr          with the OCR agreement check
  vnplan eval dev --json -o dev.json                  the whole report for other tools
  vnplan eval dev --records /tmp/rec                  keep every record read, then e.g.
    ../shared/tools/score-fields ../shared/dev-docs/plans /tmp/rec/plans/ocr-eng")]
pub struct DevArgs {
    /// The development documents folder (it holds plans/ and headers/).
    #[arg(default_value = "../shared/dev-docs")]
    dir: PathBuf,
    /// Also check OCR agreement on the OCR'd header pages in OCR_DIR: `clean/HHH.txt` and
    /// one folder of OCR'd versions per engine, as `scripts/make-header-ocr OCR_DIR` writes.
    #[arg(long, value_name = "OCR_DIR")]
    ocr_headers: Option<PathBuf>,
    /// Measure only these parts (comma-separated); by default plans, headers, and
    /// ocr-headers when --ocr-headers is given.
    #[arg(long, value_enum, value_delimiter = ',', value_name = "SETS")]
    only: Vec<Set>,
    /// List every header field that misses its gold, every OCR disagreement and every field
    /// given confidence >= 0.9 that is wrong.
    #[arg(long)]
    show_misses: bool,
    /// Print the whole report (misses and per-document field scores included) as one JSON
    /// object.
    #[arg(long)]
    json: bool,
    /// Write the report to FILE (whole, through a temporary file) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also write every record read to DIR/{plans,headers,ocr-headers}/<variant>/<id>.json,
    /// for a closer look or for the official score-fields.
    #[arg(long, value_name = "DIR")]
    records: Option<PathBuf>,
    /// Directory with rebuilt models (from `vnplan build`); files missing there come from
    /// the models compiled into vnplan.
    #[arg(long, value_name = "DIR")]
    models: Option<PathBuf>,
    /// Read the fields from the text as it is, without restoring it first.
    #[arg(long, conflicts_with = "models")]
    no_restore: bool,
}

pub fn run(args: DevArgs, global: &Global) -> Result<()> {
    let wants = |set| args.only.is_empty() || args.only.contains(&set);
    if args.only.contains(&Set::OcrHeaders) && args.ocr_headers.is_none() {
        return Err(Error::usage(
            "--only ocr-headers needs --ocr-headers OCR_DIR (see scripts/make-header-ocr)",
        ));
    }
    let options = DevOptions {
        plans: wants(Set::Plans),
        headers: wants(Set::Headers),
        ocr_headers: args.ocr_headers.clone().filter(|_| wants(Set::OcrHeaders)),
        threads: global.threads.map_or(0, usize::from),
        progress: !global.quiet && std::io::stderr().is_terminal(),
        records: args.records.clone(),
    };
    let pipeline = load_pipeline(args.models.as_deref(), !args.no_restore)?;
    let report = evaluate_dev(&pipeline, &args.dir, &options)?;
    if !global.quiet {
        for p in &report.problems {
            eprintln!("vnplan: warning: {p}");
        }
    }
    let out = if args.json {
        // One line, as every --json of vnplan writes.
        serde_json::to_string(&report)
            .map_err(|e| Error::input(format!("report not serialisable: {e}")))?
            + "\n"
    } else {
        render(&report, args.show_misses)
    };
    let target = output_name(args.output.as_deref());
    with_output(args.output.as_deref(), |w| {
        w.write_all(out.as_bytes())
            .map_err(|e| Error::io(&target, e))
    })
}

/// The text report: tables first, misses last.
pub fn render(report: &DevReport, show_misses: bool) -> String {
    let mut out = String::new();
    if let Some(plans) = &report.plans {
        render_plans(&mut out, plans, &report.dir);
    }
    if let Some(headers) = &report.headers {
        let _ = writeln!(
            out,
            "\nHeader set ({} documents): exact match after score-fields normalisation; \
             all records / records with non-null gold",
            headers.scores.values().next().map_or(0, |s| s.documents)
        );
        let columns: Vec<(&str, &HeaderScore)> = headers
            .variants
            .iter()
            .map(|v| (v.as_str(), &headers.scores[v]))
            .collect();
        render_header_table(&mut out, &columns, true);
        if show_misses {
            for (variant, score) in &columns {
                render_misses(&mut out, &format!("misses, {variant}"), score);
            }
        } else {
            let counts: Vec<String> = columns
                .iter()
                .map(|(v, s)| format!("{v} {}", s.misses.len()))
                .collect();
            let _ = writeln!(
                out,
                "misses: {} (--show-misses lists them)",
                counts.join(", ")
            );
        }
    }
    if let Some(ocr) = &report.ocr_headers {
        render_ocr(&mut out, ocr, show_misses);
    }
    render_calibration(&mut out, report, show_misses);
    out
}

fn render_plans(out: &mut String, plans: &PlanReport, dir: &str) {
    let n = plans.documents.len();
    let _ = writeln!(
        out,
        "Dev plans ({n} documents in {dir}): field score (score-fields), mean over documents"
    );
    let head: String = plans.variants.iter().map(|v| format!("{v:>10}")).collect();
    let _ = writeln!(out, "{:<24}{head}", "field");
    let means: String = plans
        .variants
        .iter()
        .map(|v| format!("{:>10.3}", plans.mean[v]))
        .collect();
    let _ = writeln!(out, "{:<24}{means}", "DOCUMENT MEAN");
    for f in &plans.fields {
        let row: String = plans
            .variants
            .iter()
            .map(|v| cell(plans.field_means[f][v], 10))
            .collect();
        let _ = writeln!(out, "{f:<24}{row}");
    }
    let _ = writeln!(
        out,
        "(*.attributes: type, date and issuer of the matched documents; reported, not in the mean)"
    );
    let _ = writeln!(out, "\nPer document");
    let _ = writeln!(out, "{:<24}{head}", "NN");
    for (id, by_variant) in &plans.documents {
        let row: String = plans
            .variants
            .iter()
            .map(|v| cell(by_variant.get(v).map(|d| d.score), 10))
            .collect();
        let _ = writeln!(out, "{id:<24}{row}");
    }
}

fn cell(value: Option<f64>, width: usize) -> String {
    match value {
        Some(v) => format!("{v:>width$.3}"),
        None => format!("{:>width$}", "-"),
    }
}

/// A field × column table of header matches; `non_null` adds the non-null gold column.
fn render_header_table(out: &mut String, columns: &[(&str, &HeaderScore)], non_null: bool) {
    let head: String = columns
        .iter()
        .map(|(name, _)| {
            if non_null {
                format!("{:>16}{:>10}", format!("{name}: all"), "non-null")
            } else {
                format!("{name:>12}")
            }
        })
        .collect();
    let _ = writeln!(out, "{:<14}{head}", "field");
    let row = |t: Option<&FieldTally>| -> String {
        let t = t.copied().unwrap_or_default();
        if non_null {
            format!("{}{}", cell(t.all(), 16), cell(t.non_null(), 10))
        } else {
            cell(t.all(), 12)
        }
    };
    for (gold_name, _) in HEADER_FIELDS {
        let cells: String = columns
            .iter()
            .map(|(_, s)| row(s.fields.get(gold_name)))
            .collect();
        let _ = writeln!(out, "{gold_name:<14}{cells}");
    }
    let cells: String = columns
        .iter()
        .map(|(_, s)| row(Some(&s.overall())))
        .collect();
    let _ = writeln!(out, "{:<14}{cells}", "all fields");
}

fn render_misses(out: &mut String, title: &str, score: &HeaderScore) {
    let _ = writeln!(out, "\n{title} ({}):", score.misses.len());
    for m in &score.misses {
        let _ = writeln!(
            out,
            "  {:<10} {:<12} want {}  got {}",
            m.file, m.field, m.expected, m.got
        );
    }
}

fn render_ocr(out: &mut String, ocr: &OcrReport, show_misses: bool) {
    let _ = writeln!(
        out,
        "\nOCR agreement ({}, {} pages): record of each OCR'd header page vs the record of \
         its clean page",
        ocr.dir, ocr.pages
    );
    let mut columns: Vec<(&str, &HeaderScore)> = ocr
        .engines
        .iter()
        .filter_map(|e| Some((e.as_str(), ocr.agreement.get(e)?)))
        .collect();
    columns.push(("all engines", &ocr.agreement_all));
    render_header_table(out, &columns, false);
    if !ocr.pending.is_empty() {
        let pending: Vec<String> = ocr
            .pending
            .iter()
            .map(|(e, n)| format!("{e} {n}"))
            .collect();
        let _ = writeln!(
            out,
            "(left out, not OCR'd yet by every engine: {})",
            pending.join(", ")
        );
    }
    let pages = ocr.gold.get("clean").map_or(0, |s| s.documents);
    let _ = writeln!(
        out,
        "\nThe same pages against the header gold ({pages} with gold): all records"
    );
    let mut columns: Vec<(&str, &HeaderScore)> = ocr
        .gold
        .get("clean")
        .map(|s| ("clean", s))
        .into_iter()
        .collect();
    columns.extend(
        ocr.engines
            .iter()
            .filter_map(|e| Some((e.as_str(), ocr.gold.get(e)?))),
    );
    render_header_table(out, &columns, false);
    if show_misses {
        for (engine, score) in &ocr.agreement {
            render_misses(out, &format!("disagreements, {engine} vs clean"), score);
        }
    }
}

fn render_calibration(out: &mut String, report: &DevReport, show_misses: bool) {
    let c = &report.calibration;
    let sources: Vec<(&str, &Calibration)> = c
        .sources
        .iter()
        .map(|(k, v)| (k.as_str(), v))
        .chain([("plans+headers", &c.all)])
        .collect();
    let _ = writeln!(
        out,
        "\nCalibration: fields with a confidence in provenance, judged against gold \
         (right = scalar exact, list F1 >= {})",
        c.list_right
    );
    let head: String = sources.iter().map(|(s, _)| format!("{s:>21}")).collect();
    let _ = writeln!(out, "{:<14}{head}", "confidence");
    let tally = |t: &Tally| match t.share {
        Some(s) => format!("{:>8} {:>10.1}%", t.n, s * 100.0),
        None => format!("{:>8} {:>11}", t.n, "-"),
    };
    for (i, b) in c.all.buckets.iter().enumerate() {
        let close = if i + 1 == c.all.buckets.len() {
            ']'
        } else {
            ')'
        };
        let cells: String = sources
            .iter()
            .map(|(_, cal)| format!(" {}", tally(&cal.buckets[i].tally)))
            .collect();
        let _ = writeln!(
            out,
            "{:<14}{cells}",
            format!("[{}, {}{close}", b.from, b.to)
        );
    }
    let cells: String = sources
        .iter()
        .map(|(_, cal)| format!(" {}", tally(&cal.confident)))
        .collect();
    let _ = writeln!(out, "{:<14}{cells}", format!(">= {}", c.confident_from));
    let _ = writeln!(out, "(each cell: fields, share right)");
    let a = &c.all.confident;
    let _ = writeln!(
        out,
        "\nConfidence >= {} (plans and header set): {} of {} fields right ({}); target {:.0}%: {}",
        c.confident_from,
        a.right,
        a.n,
        a.share
            .map_or("-".to_string(), |s| format!("{:.1}%", s * 100.0)),
        c.target * 100.0,
        if c.all.meets_target { "met" } else { "NOT met" }
    );
    let _ = writeln!(
        out,
        "\nBy provenance key (plans and header set): all fields / confidence >= {}",
        c.confident_from
    );
    for (key, t) in &c.all.by_key {
        let _ = writeln!(
            out,
            "  {key:<18}{}   {}",
            tally(&t.all),
            tally(&t.confident)
        );
    }
    if show_misses {
        let _ = writeln!(
            out,
            "\nWrong with confidence >= {} ({}):",
            c.confident_from,
            c.all.confident_wrong.len()
        );
        for j in &c.all.confident_wrong {
            let _ = writeln!(out, "  {:<24} {:<14} {}", j.document, j.key, j.confidence);
        }
    }
}
