//! `vnplan extract FILE…`: the plan record of each file, as JSON.
//!
//! One file gives pretty JSON; several give JSON Lines (one record per line, in argument
//! order), as does `--json`. A file that cannot be read or decoded (missing, empty, not
//! text) gives an `{"source", "error"}` line in JSON Lines mode (so every input yields one
//! line) and the exit code is 1; alone, it is an error message and exit code 1. A text that
//! is not a plan (a news article, a table) is not an error: its record has nulls, empty
//! lists and confidences below 0.5.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{in_order, load_pipeline, output_name, stdin_at_most_once, with_output, Global};
use vnplan::input::{self, Encoding};
use vnplan::pipeline::Pipeline;
use vnplan::record::{ErrorRecord, PlanRecord};
use vnplan::{Error, Result};

/// Read the plan record of each file: issuer, number, date, title, the movement and its
/// period, the documents it implements, subjects, criteria, awards with quotas, standing
/// body, priority sectors, signer and recipients, each field with its line and a confidence.
///
/// Each file is decoded (any encoding vnplan reads, or --encoding), restored (unless
/// --no-restore) and read into a record as schema/plan.schema.json describes it. One file
/// gives pretty JSON; several, or --json, give JSON Lines in argument order, where a file
/// that cannot be read gets an {"source", "error"} line (and the exit status is 1). Files are
/// processed in parallel (--threads). For whole archives, with resume and progress, use
/// `vnplan batch`.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  vnplan extract corpus/004-hai-duong-2021.clean.txt           one record, pretty JSON
  vnplan extract corpus/*.txt -o records.jsonl                 one line per file
  vnplan extract --json scan.docx | jq '.references[].number'  JSON Lines for programs
  pdftotext plan.pdf - | vnplan extract -                      from standard input
  vnplan extract --no-restore clean-plan.txt                   already clean Vietnamese")]
pub struct Args {
    /// Plans as text (UTF-8/16, Windows-1258, TCVN3, VNI, VIQR), .docx or PDF with a text
    /// layer; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The text is already clean Vietnamese: extract without restoring it first.
    #[arg(long)]
    pub no_restore: bool,
    /// Write JSON Lines (one compact record a line) even for a single file.
    #[arg(long, alias = "jsonl")]
    pub json: bool,
    /// Read the inputs in this encoding instead of detecting it: utf-8, utf-16le,
    /// utf-16be, windows-1258, tcvn3, vni, viqr, tcvn3-unicode, vni-unicode, docx, pdf.
    #[arg(long, value_name = "ENC")]
    pub encoding: Option<Encoding>,
    /// Directory with rebuilt restoration models (lm.bin, channel.tsv, symbols.tsv, from
    /// `vnplan build`); files missing there come from the models compiled into vnplan.
    #[arg(long, value_name = "DIR")]
    pub models: Option<PathBuf>,
    /// Write to FILE (whole, through a temporary file) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(args: Args, global: &Global) -> Result<i32> {
    stdin_at_most_once(&args.files)?;
    let pipeline = load_pipeline(args.models.as_deref(), !args.no_restore)?;
    let lines = args.json || args.files.len() > 1;
    let target = output_name(args.output.as_deref());
    let mut code = 0;
    with_output(args.output.as_deref(), |out| {
        let extract = |path: &PathBuf| record_for(path, &pipeline, args.encoding);
        in_order(&args.files, extract, |path, result| {
            match result {
                Ok((rec, warnings)) => {
                    let name = input::display_name(path);
                    for w in &warnings {
                        global.warn(&name, w);
                    }
                    write_json(out, &rec, lines, &target)?;
                }
                Err(e) if lines => {
                    eprintln!("vnplan: {e}");
                    let err = ErrorRecord {
                        source: input::display_name(path),
                        error: e.to_string(),
                    };
                    write_json(out, &err, true, &target)?;
                    code = 1;
                }
                Err(e) => return Err(e),
            }
            out.flush().map_err(|e| Error::io(&target, e))
        })
    })?;
    Ok(code)
}

fn write_json<T: serde::Serialize>(
    out: &mut dyn Write,
    value: &T,
    lines: bool,
    target: &str,
) -> Result<()> {
    let text = if lines {
        serde_json::to_string(value)
    } else {
        serde_json::to_string_pretty(value)
    }
    .map_err(|e| Error::input(format!("cannot write JSON: {e}")))?;
    writeln!(out, "{text}").map_err(|e| Error::io(target, e))
}

/// The record of one file (or stdin): decoded (any encoding vnplan reads), restored unless
/// `--no-restore`, extracted, with `source` filled; and the decoder's warnings.
fn record_for(
    path: &Path,
    pipeline: &Pipeline,
    encoding: Option<Encoding>,
) -> Result<(PlanRecord, Vec<String>)> {
    let bytes = input::read_input(path)?;
    let name = input::display_name(path);
    let processed = pipeline
        .process(&name, &bytes, encoding)
        .map_err(|e| e.at(&name))?;
    Ok((processed.record, processed.warnings))
}
