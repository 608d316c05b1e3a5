//! `vnplan extract FILE…`: the plan record of each file, as JSON.
//!
//! One file gives pretty JSON; several give JSON Lines (one record per line, in argument
//! order), as does `--jsonl`. A file that cannot be read gives an `{"source", "error"}` line
//! in JSON Lines mode (so every input yields one line) and the exit code is 1.

use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use vnplan::extract::Extractor;
use vnplan::record::{ErrorRecord, PlanRecord, Source};
use vnplan::{Error, Result};

/// Read the plan record (issuer, number, date, title, references, awards, recipients …) of
/// each file.
#[derive(clap::Args)]
pub struct Args {
    /// Plain-text plans (UTF-8).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The text is already clean Vietnamese: extract without restoring it first.
    #[arg(long)]
    pub no_restore: bool,
    /// Write JSON Lines even for a single file.
    #[arg(long)]
    pub jsonl: bool,
}

pub fn run(args: Args) -> Result<i32> {
    let extractor = Extractor::new()?;
    let lines = args.jsonl || args.files.len() > 1;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut code = 0;
    for path in &args.files {
        match record_for(path, &extractor, args.no_restore) {
            Ok(rec) => write_json(&mut out, &rec, lines)?,
            Err(e) if lines => {
                eprintln!("vnplan: {e}");
                let err = ErrorRecord {
                    source: path.display().to_string(),
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

/// The record of one file. This is the single place where `extract` turns a file into a
/// record: the restoring path goes through here too.
fn record_for(path: &Path, extractor: &Extractor, no_restore: bool) -> Result<PlanRecord> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let sha256 = format!("{:x}", Sha256::digest(&bytes));
    if !no_restore {
        // LEAD: switch this call site to `vnplan::pipeline::Pipeline` (decode → restore →
        // extract, filling `encoding` and `ocr_noise`) once it exists.
        return Err(Error::usage(
            "restoring before extraction is not wired in yet; pass --no-restore for clean text",
        )
        .at(path));
    }
    let text = decode_utf8(&bytes).map_err(|e| e.at(path))?;
    let mut rec = extractor.extract(text);
    rec.source = Some(Source {
        path: path.display().to_string(),
        sha256,
        bytes: bytes.len() as u64,
        encoding: "utf-8".to_string(),
        ocr_noise: 0.0,
    });
    Ok(rec)
}

/// UTF-8 text without its byte-order mark.
fn decode_utf8(bytes: &[u8]) -> Result<&str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        Error::input(format!(
            "not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        ))
    })
}
