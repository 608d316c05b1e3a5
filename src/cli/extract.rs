//! `vnplan extract FILE…`: the plan record of each file, as JSON.
//!
//! One file gives pretty JSON; several give JSON Lines (one record per line, in argument
//! order), as does `--jsonl`. A file that cannot be read or decoded (missing, empty, not
//! text) gives an `{"source", "error"}` line in JSON Lines mode (so every input yields one
//! line) and the exit code is 1; alone, it is an error message and exit code 1. A text that
//! is not a plan (a news article, a table) is not an error: its record has nulls, empty
//! lists and confidences below 0.5.

use std::io::Write;
use std::path::{Path, PathBuf};
use vnplan::input::Encoding;
use vnplan::pipeline::Pipeline;
use vnplan::record::{ErrorRecord, PlanRecord};
use vnplan::{Error, Result};

/// Read the plan record (issuer, number, date, title, references, awards, recipients …) of
/// each file.
#[derive(clap::Args)]
pub struct Args {
    /// Plans as text (UTF-8/16, Windows-1258, TCVN3, VNI, VIQR), .docx or PDF with a text layer.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The text is already clean Vietnamese: extract without restoring it first.
    #[arg(long)]
    pub no_restore: bool,
    /// Write JSON Lines even for a single file.
    #[arg(long)]
    pub jsonl: bool,
    /// Read the input in this encoding instead of detecting it: utf-8, utf-16le,
    /// utf-16be, windows-1258, tcvn3, vni, viqr, tcvn3-unicode, vni-unicode, docx, pdf.
    #[arg(long, value_name = "ENC")]
    pub encoding: Option<Encoding>,
}

pub fn run(args: Args) -> Result<i32> {
    let encoding = args.encoding;
    let pipeline = Pipeline::with_defaults(!args.no_restore)?;
    let lines = args.jsonl || args.files.len() > 1;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut code = 0;
    for path in &args.files {
        match record_for(path, &pipeline, encoding) {
            Ok(rec) => write_json(&mut out, &rec, lines)?,
            Err(e) if lines => {
                eprintln!("vnplan: {e}");
                let err = ErrorRecord {
                    source: vnplan::input::display_name(path),
                    error: e.to_string(),
                };
                write_json(&mut out, &err, true)?;
                code = 1;
            }
            Err(e) => return Err(e),
        }
    }
    out.flush().map_err(|e| Error::io("<stdout>", e))?;
    Ok(code)
}

fn write_json<T: serde::Serialize>(out: &mut impl Write, value: &T, lines: bool) -> Result<()> {
    let text = if lines {
        serde_json::to_string(value)
    } else {
        serde_json::to_string_pretty(value)
    }
    .map_err(|e| Error::input(format!("cannot write JSON: {e}")))?;
    writeln!(out, "{text}").map_err(|e| Error::io("<stdout>", e))
}

/// The record of one file: decoded (any encoding vnplan reads), restored unless
/// `--no-restore`, extracted, with `source` filled.
fn record_for(path: &Path, pipeline: &Pipeline, encoding: Option<Encoding>) -> Result<PlanRecord> {
    let bytes = vnplan::input::read_input(path)?;
    let name = vnplan::input::display_name(path);
    let processed = pipeline
        .process(&name, &bytes, encoding)
        .map_err(|e| e.at(&name))?;
    for w in &processed.warnings {
        eprintln!("vnplan: warning: {name}: {w}");
    }
    Ok(processed.record)
}
