//! `vnplan eval`: syllable accuracy of restorations and field scores of records.

use clap::Subcommand;
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{load_pipeline, output_name, with_output, Global};
use vnplan::eval::corpus::{evaluate, Split};
use vnplan::eval::{field_scores, syllable_accuracy};
use vnplan::{Error, Result};

mod dev;

/// Measure restorations and records against gold files.
///
/// `corpus` runs the whole pipeline over the bundled corpus (or any folder laid out like
/// it) and reports everything; `dev` does the same over the development documents beside a
/// clone (../shared/dev-docs); `restore` and `fields` score files you made yourself. The
/// definitions are those of the official scoring tools: syllable accuracy counts letters
/// only, forgives the tone-placement convention and aligns on skeletons; field scores
/// compare normalised text, F1 over lists, and average over fields.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  vnplan eval corpus                                   the bundled corpus, every measure
  vnplan eval corpus --models my-models/ --json        rebuilt models, for programs
  vnplan eval restore corpus/gold/dev/003.restored.txt restored.txt --show 20
  vnplan restore scan.txt | vnplan eval restore gold.txt -
  vnplan eval fields corpus/gold/dev/ records/         NNN.json paired by name")]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand)]
enum What {
    /// Run the whole pipeline over an annotated corpus and report every measure.
    ///
    /// For each `NNN-*.ocr.txt` / `NNN-*.clean.txt` with gold files in `gold/dev/` or
    /// `gold/eval/`: syllable accuracy of the restoration (a clean document is scored as it
    /// is, where it must stay unchanged, and with every mark stripped) and the field score
    /// of its plan record. Means are reported per split; `eval` documents are for
    /// measurement only.
    #[command(after_help = "Examples:
  vnplan eval corpus                            the bundled corpus
  vnplan eval corpus --no-restore               fields read from the unrestored text
  vnplan eval corpus --models my-models/ -o report.json --json")]
    Corpus {
        /// The corpus folder (NNN-*.ocr.txt / NNN-*.clean.txt, gold/dev/, gold/eval/).
        #[arg(default_value = "corpus")]
        dir: PathBuf,
        /// Print the report as one JSON object.
        #[arg(long)]
        json: bool,
        /// Read the fields from the text as it is, without restoring it first.
        #[arg(long)]
        no_restore: bool,
        /// Directory with rebuilt restoration models (lm.bin, channel.tsv, symbols.tsv,
        /// from `vnplan build`), to measure them; files missing there come from the models
        /// compiled into vnplan.
        #[arg(long, value_name = "DIR")]
        models: Option<PathBuf>,
        /// Write the report to FILE (whole, through a temporary file) instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Measure vnplan on the development documents: plans, header set, OCR'd headers.
    ///
    /// Runs the real pipeline (as `vnplan extract` does) on all cores over DIR:
    /// `plans/NN.json` gold records with each plan clean (`NN.txt`), stripped of its marks
    /// (`NN.ascii.txt`) and read by two OCR engines (`NN.ocr-eng.txt`, `NN.ocr-deu.txt`),
    /// scored field by field as score-fields scores them; and the header set
    /// (`headers/gold.jsonl`, `HHH.txt`, `HHH.ascii.txt`), whose type, number, date, place and
    /// issuer are compared exactly after score-fields' normalisation. With --ocr-headers, the
    /// record of every OCR'd header page must agree with the record of its clean page.
    /// Finally, a calibration table: per confidence bucket, the share of fields that are
    /// right (scalars exact, lists at F1 >= 0.9), and whether 97% of the fields given
    /// confidence >= 0.9 are right.
    Dev(dev::DevArgs),
    /// Syllable accuracy of a restored text against its gold text.
    ///
    /// Both are UTF-8 texts, line i of the hypothesis restoring line i of the gold; `-` reads
    /// one of them from standard input.
    #[command(after_help = "Examples:
  vnplan eval restore corpus/gold/dev/003.restored.txt restored.txt
  vnplan restore corpus/003-chi-linh-2021.ocr.txt | vnplan eval restore corpus/gold/dev/003.restored.txt - --show 10")]
    Restore {
        /// The gold text (line i restores line i of the input).
        gold: PathBuf,
        /// The restored text to score.
        hyp: PathBuf,
        /// Print the result as one JSON object.
        #[arg(long)]
        json: bool,
        /// Also list the N most frequent errors (hypothesis -> gold ×count).
        #[arg(long, value_name = "N", default_value_t = 0)]
        show: usize,
        /// Write the result to FILE (whole, through a temporary file) instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Field scores of plan records against gold records.
    ///
    /// GOLD and HYP are two JSON files, or two directories whose NNN.json files are paired
    /// by name (a missing hypothesis scores as an empty record).
    #[command(after_help = "Examples:
  vnplan extract corpus/003-chi-linh-2021.ocr.txt > 003.json && vnplan eval fields corpus/gold/dev/003.json 003.json
  vnplan eval fields corpus/gold/dev/ records/ --verbose")]
    Fields {
        /// The gold record (a JSON file), or a directory of NNN.json gold records.
        gold: PathBuf,
        /// The record to score (a JSON file, `-` for stdin), or a directory of NNN.json.
        hyp: PathBuf,
        /// Print the result as one JSON object.
        #[arg(long)]
        json: bool,
        /// Print every field's score, not only those below 1.
        #[arg(long)]
        verbose: bool,
        /// Write the result to FILE (whole, through a temporary file) instead of stdout.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

pub fn run(args: Args, global: &Global) -> Result<i32> {
    match args.what {
        What::Corpus {
            dir,
            json,
            no_restore,
            models,
            output,
        } => {
            let pipeline = load_pipeline(models.as_deref(), !no_restore)?;
            let report = evaluate(&pipeline, &dir)?;
            let target = output_name(output.as_deref());
            with_output(output.as_deref(), |out| {
                corpus(&report, json, out).map_err(|e| Error::io(&target, e))
            })?;
        }
        What::Dev(args) => dev::run(args, global)?,
        What::Restore {
            gold,
            hyp,
            json,
            show,
            output,
        } => {
            let score = syllable_accuracy(&read(&gold)?, &read(&hyp)?, show);
            let target = output_name(output.as_deref());
            with_output(output.as_deref(), |out| {
                if json {
                    let text = serde_json::to_string(&score).unwrap_or_default();
                    writeln!(out, "{text}").map_err(|e| Error::io(&target, e))?;
                    return Ok(());
                }
                for (h, g, n) in &score.top_errors {
                    writeln!(out, "   {h} -> {g} ×{n}").map_err(|e| Error::io(&target, e))?;
                }
                writeln!(
                    out,
                    "syllable accuracy {:.4} ({}/{} gold syllables, {} in hypothesis)",
                    score.accuracy, score.correct, score.gold_syllables, score.hyp_syllables
                )
                .map_err(|e| Error::io(&target, e))
            })?;
        }
        What::Fields {
            gold,
            hyp,
            json,
            verbose,
            output,
        } => {
            let target = output_name(output.as_deref());
            with_output(output.as_deref(), |out| {
                fields(&gold, &hyp, json, verbose, out, &target)
            })?;
        }
    }
    Ok(0)
}

fn corpus(
    report: &vnplan::eval::corpus::CorpusReport,
    as_json: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if as_json {
        let mut value = serde_json::to_value(report)?;
        value["mean_fields"] = json!({
            "dev": report.mean_fields(Split::Dev),
            "eval": report.mean_fields(Split::Eval),
        });
        return writeln!(out, "{value}");
    }
    if !report.restore.is_empty() {
        writeln!(out, "restoration: syllable accuracy")?;
        writeln!(out, "  doc  split  input     accuracy  gold syllables")?;
        for r in &report.restore {
            writeln!(
                out,
                "  {:4} {:6} {:9} {:>8.2}%  {}",
                r.id,
                split_name(r.split),
                format!("{:?}", r.input).to_lowercase(),
                r.accuracy * 100.0,
                r.gold_syllables
            )?;
        }
        writeln!(out)?;
    }
    writeln!(out, "plan records: field score")?;
    for r in &report.fields {
        let below: Vec<String> = r
            .below_one
            .iter()
            .map(|(k, v)| format!("{k} {v:.2}"))
            .collect();
        let tail = if below.is_empty() {
            String::new()
        } else {
            format!("   below 1: {}", below.join(", "))
        };
        writeln!(
            out,
            "  {:4} {:6} {:.3}{tail}",
            r.id,
            split_name(r.split),
            r.score
        )?;
    }
    for split in [Split::Dev, Split::Eval] {
        if let Some(mean) = report.mean_fields(split) {
            writeln!(
                out,
                "  mean over {} documents: {mean:.3}",
                split_name(split)
            )?;
        }
    }
    Ok(())
}

fn split_name(split: Split) -> &'static str {
    match split {
        Split::Dev => "dev",
        Split::Eval => "eval",
    }
}

fn fields(
    gold: &Path,
    hyp: &Path,
    as_json: bool,
    verbose: bool,
    out: &mut dyn Write,
    target: &str,
) -> Result<()> {
    let io = |e| Error::io(target, e);
    let pairs: Vec<(String, PathBuf, PathBuf)> = if gold.is_dir() {
        let mut names: Vec<String> = std::fs::read_dir(gold)
            .map_err(|e| Error::io(gold, e))?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|n| (n.clone(), gold.join(&n), hyp.join(&n)))
            .collect()
    } else {
        let name = hyp
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        vec![(name, gold.to_path_buf(), hyp.to_path_buf())]
    };
    let mut documents = serde_json::Map::new();
    let mut total = Vec::new();
    for (name, gold_path, hyp_path) in pairs {
        let gold: Value = serde_json::from_str(&read(&gold_path)?)
            .map_err(|e| Error::input(format!("not JSON: {e}")).at(&gold_path))?;
        // As the official tool does, an unreadable hypothesis scores as an empty record; the
        // warning says so, since a typo in a path would otherwise look like a bad score.
        let hyp: Value = match read(&hyp_path).map_err(|e| e.to_string()).and_then(|t| {
            serde_json::from_str::<Value>(&t)
                .map_err(|e| format!("{}: not JSON: {e}", hyp_path.display()))
        }) {
            Ok(v) if v.is_object() => v,
            Ok(_) => {
                eprintln!(
                    "vnplan: warning: {}: not a JSON object; scored as an empty record",
                    hyp_path.display()
                );
                json!({})
            }
            Err(message) => {
                eprintln!("vnplan: warning: {message}; scored as an empty record");
                json!({})
            }
        };
        let s = field_scores(&gold, &hyp);
        total.push(s.score);
        if !as_json {
            let below: Vec<&str> = s
                .order
                .iter()
                .filter(|k| matches!(s.fields[*k], Some(v) if v < 1.0))
                .map(String::as_str)
                .collect();
            let tail = if below.is_empty() {
                String::new()
            } else {
                format!("   below 1: {}", below.join(", "))
            };
            writeln!(out, "{name}: {:.3}{tail}", s.score).map_err(io)?;
            if verbose {
                for k in &s.order {
                    match s.fields[k] {
                        Some(v) => writeln!(out, "   {k:24} {}", float_repr(v)).map_err(io)?,
                        None => writeln!(out, "   {k:24} None").map_err(io)?,
                    }
                }
            }
        }
        let detail: serde_json::Map<String, Value> = s
            .order
            .iter()
            .map(|k| (k.clone(), json!(s.fields[k])))
            .collect();
        documents.insert(name, json!({"score": round4(s.score), "fields": detail}));
    }
    let mean = if total.is_empty() {
        0.0
    } else {
        total.iter().sum::<f64>() / total.len() as f64
    };
    if as_json {
        writeln!(
            out,
            "{}",
            json!({"mean": round4(mean), "documents": documents})
        )
        .map_err(io)?;
    } else {
        writeln!(
            out,
            "field score (mean over {} documents): {mean:.4}",
            total.len()
        )
        .map_err(io)?;
    }
    Ok(())
}

/// A float as Python prints it (`1.0`, `0.6666666666666666`), so reports read alike.
fn float_repr(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e16 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    }
}

fn round4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// A gold or hypothesis file (or stdin for `-`) as UTF-8 text, as the official tools read it.
fn read(path: &Path) -> Result<String> {
    let bytes = vnplan::input::read_input(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        Error::input(format!("not UTF-8 (invalid byte at offset {offset})"))
            .at(vnplan::input::display_name(path))
    })
}
