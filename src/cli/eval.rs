//! `vnplan eval`: syllable accuracy of restorations and field scores of records.

use clap::Subcommand;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use vnplan::eval::corpus::{evaluate, Split};
use vnplan::eval::{field_scores, syllable_accuracy};
use vnplan::pipeline::Pipeline;
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
    Corpus {
        /// The corpus folder.
        #[arg(default_value = "corpus")]
        dir: PathBuf,
        /// Print the report as one JSON object.
        #[arg(long)]
        json: bool,
        /// Read the fields from the text as it is, without restoring it first.
        #[arg(long)]
        no_restore: bool,
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
    },
    /// Field scores of plan records against gold records.
    ///
    /// GOLD and HYP are two JSON files, or two directories whose NNN.json files are paired
    /// by name (a missing hypothesis scores as an empty record).
    Fields {
        gold: PathBuf,
        hyp: PathBuf,
        /// Print the result as one JSON object.
        #[arg(long)]
        json: bool,
        /// Print every field's score, not only those below 1.
        #[arg(long)]
        verbose: bool,
    },
}

pub fn run(args: Args) -> Result<i32> {
    match args.what {
        What::Corpus {
            dir,
            json,
            no_restore,
        } => corpus(&dir, json, no_restore)?,
        What::Dev(args) => dev::run(args)?,
        What::Restore {
            gold,
            hyp,
            json,
            show,
        } => {
            let score = syllable_accuracy(&read(&gold)?, &read(&hyp)?, show);
            if json {
                println!("{}", serde_json::to_string(&score).unwrap_or_default());
            } else {
                for (h, g, n) in &score.top_errors {
                    println!("   {h} -> {g} ×{n}");
                }
                println!(
                    "syllable accuracy {:.4} ({}/{} gold syllables, {} in hypothesis)",
                    score.accuracy, score.correct, score.gold_syllables, score.hyp_syllables
                );
            }
        }
        What::Fields {
            gold,
            hyp,
            json,
            verbose,
        } => fields(&gold, &hyp, json, verbose)?,
    }
    Ok(0)
}

fn corpus(dir: &Path, as_json: bool, no_restore: bool) -> Result<()> {
    let pipeline = Pipeline::with_defaults(!no_restore)?;
    let report = evaluate(&pipeline, dir)?;
    if as_json {
        let mut value = serde_json::to_value(&report)
            .map_err(|e| Error::input(format!("report not serialisable: {e}")))?;
        value["mean_fields"] = json!({
            "dev": report.mean_fields(Split::Dev),
            "eval": report.mean_fields(Split::Eval),
        });
        println!("{value}");
        return Ok(());
    }
    if !report.restore.is_empty() {
        println!("restoration: syllable accuracy");
        println!("  doc  split  input     accuracy  gold syllables");
        for r in &report.restore {
            println!(
                "  {:4} {:6} {:9} {:>8.2}%  {}",
                r.id,
                split_name(r.split),
                format!("{:?}", r.input).to_lowercase(),
                r.accuracy * 100.0,
                r.gold_syllables
            );
        }
        println!();
    }
    println!("plan records: field score");
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
        println!(
            "  {:4} {:6} {:.3}{tail}",
            r.id,
            split_name(r.split),
            r.score
        );
    }
    for split in [Split::Dev, Split::Eval] {
        if let Some(mean) = report.mean_fields(split) {
            println!("  mean over {} documents: {mean:.3}", split_name(split));
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

fn fields(gold: &Path, hyp: &Path, as_json: bool, verbose: bool) -> Result<()> {
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
            println!("{name}: {:.3}{tail}", s.score);
            if verbose {
                for k in &s.order {
                    match s.fields[k] {
                        Some(v) => println!("   {k:24} {}", float_repr(v)),
                        None => println!("   {k:24} None"),
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
        println!("{}", json!({"mean": round4(mean), "documents": documents}));
    } else {
        println!(
            "field score (mean over {} documents): {mean:.4}",
            total.len()
        );
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
